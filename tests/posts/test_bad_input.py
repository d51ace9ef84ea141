"""Bad input gets a clear message and writes nothing (no row, no file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from community.activity.models import Activity
from community.posts import actions
from community.posts.models import Comment, Post, PostImage, Reaction
from tests.posts.conftest import client_for, png_upload


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def nothing_written() -> None:
    assert not Post.objects.exists()
    assert not PostImage.objects.exists()
    assert not Activity.objects.filter(verb="posted").exists()
    assert stored_files() == []


def page_text(response) -> str:
    return response.content.decode()


def test_empty_post(world) -> None:
    response = client_for(world.author).post(
        "/posts/new/", {"body": "   \n ", "audience": "members"}
    )
    assert response.status_code == 400
    assert "Write something before posting." in page_text(response)
    nothing_written()


def test_a_100000_character_post_is_refused_with_the_limit(world) -> None:
    response = client_for(world.author).post(
        "/posts/new/", {"body": "a" * 100_000, "audience": "members"}
    )
    assert response.status_code == 400
    assert "at most 20,000 characters long (this one has 100,000)" in page_text(response)
    nothing_written()
    # What was typed is kept in the form (not lost).
    assert "aaaaaaaaaa" in page_text(response)


def test_five_images(world) -> None:
    response = client_for(world.author).post(
        "/posts/new/",
        {
            "body": "Five photos",
            "audience": "members",
            "images": [png_upload(f"{n}.png") for n in range(5)],
        },
    )
    assert response.status_code == 400
    assert "at most 4 images (you chose 5)" in page_text(response)
    nothing_written()


def test_a_file_that_is_not_an_image(world) -> None:
    fake = SimpleUploadedFile("cat.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client_for(world.author).post(
        "/posts/new/",
        {"body": "A cat", "audience": "members", "images": [png_upload(), fake]},
    )
    assert response.status_code == 400
    assert "cat.png: This file is not an image we can read." in page_text(response)
    nothing_written()


def test_an_audience_outside_the_choices(world) -> None:
    with pytest.raises(ValidationError) as error:
        actions.create_post(author=world.author, body="Hi", audience="group:1")
    assert error.value.message_dict == {"audience": ["Choose who may see this post."]}
    response = client_for(world.author).post("/posts/new/", {"body": "Hi", "audience": "user:1"})
    assert response.status_code == 400
    nothing_written()


def test_a_too_long_title(world) -> None:
    response = client_for(world.author).post(
        "/posts/new/", {"body": "Hi", "title": "T" * 201, "audience": "members"}
    )
    assert response.status_code == 400
    assert "A title may be at most 200 characters long." in page_text(response)
    nothing_written()


def test_comment_on_a_deleted_post(world) -> None:
    post = actions.create_post(author=world.author, body="Soon gone", audience="members")
    actions.delete_post(actor=world.author, post=post)
    response = client_for(world.member).post(f"/posts/{post.pk}/comments/", {"body": "Late"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_comment_on_an_invisible_post(world) -> None:
    post = actions.create_post(author=world.author, body="Closed", group=world.closed)
    client = client_for(world.member)
    response = client.post(f"/posts/{post.pk}/comments/", {"body": "Let me in"})
    assert response.status_code == 404
    response = client.post(
        f"/posts/{post.pk}/comments/", {"body": "Let me in"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_empty_and_too_long_comments(world) -> None:
    post = actions.create_post(author=world.author, body="Talk", audience="members")
    client = client_for(world.member)
    response = client.post(
        f"/posts/{post.pk}/comments/", {"body": "  "}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert page_text(response) == "Write something before sending."
    response = client.post(f"/posts/{post.pk}/comments/", {"body": "b" * 5001}, follow=True)
    assert "A comment may be at most 5,000 characters long (this one has 5,001)." in page_text(
        response
    )
    post.refresh_from_db()
    assert post.comment_count == 0
    assert not Comment.objects.exists()


def test_a_reaction_outside_the_set(world) -> None:
    post = actions.create_post(author=world.author, body="React", audience="members")
    with pytest.raises(ValidationError) as error:
        actions.toggle_reaction(user=world.member, post=post, kind="angry")
    assert "Choose a reaction among: Like, Love, Haha, Wow, Sad, Celebrate." in error.value.messages
    client = client_for(world.member)
    response = client.post(
        f"/posts/{post.pk}/react/", {"kind": "angry"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "Choose a reaction among" in page_text(response)
    response = client.post(f"/posts/{post.pk}/react/", {"kind": "<script>"}, follow=True)
    assert "Choose a reaction among" in page_text(response)
    post.refresh_from_db()
    assert post.reaction_counts == {}
    assert not Reaction.objects.exists()
    assert not Activity.objects.filter(verb="reacted").exists()


def test_a_reply_to_a_comment_of_another_post(world) -> None:
    one = actions.create_post(author=world.author, body="One", audience="members")
    two = actions.create_post(author=world.author, body="Two", audience="members")
    comment = actions.add_comment(author=world.member, post=one, body="On one")
    response = client_for(world.member).post(
        f"/posts/{two.pk}/comments/", {"body": "Reply", "parent": comment.pk}
    )
    assert response.status_code == 404
    assert Comment.objects.count() == 1
