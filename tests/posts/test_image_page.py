"""A post's image has a page of its own (issue 14, point 8: the image viewer
had no language and no text alternative when the links led to the bare file):
the image with its description or a text naming it, the post it belongs to,
the other images; the post's image links lead there."""

from __future__ import annotations

import re

import pytest

from community.posts import actions
from community.posts.models import PostImage
from tests.posts.conftest import client_for, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_images(world):
    post = actions.create_post(
        author=world.author,
        body="Le jardin en mai",
        title="Le jardin",
        group=world.open,
        images=[png_upload("a.png"), png_upload("b.png")],
    )
    first, second = post.images.order_by("position", "pk")
    # No action sets a description yet; the field is plain data.
    PostImage.objects.filter(pk=first.pk).update(alt="Les tomates au soleil")
    first.refresh_from_db()
    return post, first, second


def test_the_page_shows_the_image_described_with_the_post_and_its_neighbours(
    world, two_images
) -> None:
    post, first, second = two_images
    html = client_for(world.group_member).get(first.get_page_url()).content.decode()
    assert re.search(r'<html lang="\w+"', html)
    assert "Image 1 of 2" in html
    assert f'<img src="{first.get_absolute_url()}" alt="Les tomates au soleil"' in html
    assert "<figcaption>Les tomates au soleil</figcaption>" in html
    assert f'href="{post.get_absolute_url()}"' in html
    assert f'href="{second.get_page_url()}" rel="next"' in html
    assert 'rel="prev"' not in html

    html = client_for(world.group_member).get(second.get_page_url()).content.decode()
    assert f'<img src="{second.get_absolute_url()}" alt="Image 2 of 2 of the post"' in html
    assert "No description." in html
    assert f'href="{first.get_page_url()}" rel="prev"' in html


def test_the_posts_image_links_lead_to_the_pages(world, two_images) -> None:
    post, first, second = two_images
    html = client_for(world.group_member).get(post.get_absolute_url()).content.decode()
    for image in (first, second):
        assert f'<a href="{image.get_page_url()}"' in html
        assert f'src="{image.get_absolute_url()}"' in html


def test_an_image_of_another_post_is_not_found(world, two_images) -> None:
    post, first, _second = two_images
    other = actions.create_post(author=world.author, body="Autre", group=world.open)
    client = client_for(world.group_member)
    assert client.get(f"/posts/{other.pk}/images/{first.pk}/view/").status_code == 404
    assert client.get(f"/posts/{post.pk}/images/999999/view/").status_code == 404
