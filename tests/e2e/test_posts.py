"""Two members in two browsers: A posts in a group with an image, B comments
and reacts (htmx), A reloads and sees B's comment, the reaction and the bell
count go up."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import expect

from community.core.models import Network
from community.groups import actions as group_actions
from community.posts.models import Comment, Post, Reaction
from tests.e2e.test_groups import sign_in


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (60, 140, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def test_post_in_a_group_comment_react_and_notify(
    live_server, network: Network, make_member, new_page, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    anna = make_member("Anna Lopez", email="anna@example.org")
    bruno = make_member("Bruno Petit", email="bruno@example.org")
    group = group_actions.create_group(creator=anna, name="Repair café", privacy="closed")
    invitation = group_actions.invite_member(inviter=anna, group=group, member=bruno)
    group_actions.respond_to_invitation(user=bruno, invitation=invitation, accept=True)
    a, b = new_page(), new_page()
    sign_in(a, live_server.url, "anna@example.org")
    sign_in(b, live_server.url, "bruno@example.org")

    # A posts in the group with an image.
    a.goto(live_server.url + group.get_absolute_url())
    a.get_by_label("Message").fill("Our first fixed toaster! #repair")
    a.get_by_text("Title, images").click()
    a.get_by_label("Images (optional)").set_input_files(
        [{"name": "toaster.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    a.get_by_role("button", name="Publish").click()
    a.wait_for_url(re.compile(r"/groups/repair-cafe/$"))
    expect(a.get_by_text("Your post is published.")).to_be_visible()
    post = Post.objects.get()
    assert post.images.count() == 1

    # B sees it with its image, comments and reacts without leaving the page.
    b.goto(live_server.url + group.get_absolute_url())
    item = b.locator(f'[data-object="post:{post.pk}"]').first
    expect(item.get_by_text("Our first fixed toaster!")).to_be_visible()
    image = item.locator(".post-images img")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 320
    item.get_by_label("Your comment").fill("Bravo! Same time next week?")
    item.get_by_role("button", name="Comment").click()
    expect(item.locator(".comment-body").get_by_text("Bravo! Same time next week?")).to_be_visible()
    expect(item.get_by_label("Your comment")).to_have_value("")
    item.locator('.post-footer button[value="like"]').click()
    expect(item.locator('.post-footer button[value="like"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Comment.objects.filter(post=post, author=bruno).count() == 1
    assert Reaction.objects.filter(post=post, user=bruno, kind="like").count() == 1

    # A reloads: the comment, the reaction count, and the bell.
    a.reload()
    mine = a.locator(f'[data-object="post:{post.pk}"]').first
    expect(mine.get_by_text("Bravo! Same time next week?")).to_be_visible()
    expect(mine.locator(f'[data-reaction-count="post:{post.pk}:like"]')).to_have_text("1")
    # A comment and a reaction on A's post: two notifications.
    expect(a.locator("[data-notification-count]").first).to_have_text("2")
