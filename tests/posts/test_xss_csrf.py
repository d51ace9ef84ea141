"""Script payloads in a post's body, title, tags and comments render inert
(permalink, feed item, pushed comment); POST without a CSRF token is refused
and writes nothing."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from community.activity.models import Activity
from community.activity.rendering import render_activity
from community.posts import actions
from community.posts.feed_data import attach_feed_data
from community.posts.live import comment_html
from community.posts.models import Comment, Post, Reaction
from tests.posts.conftest import client_for

PAYLOADS = [
    "<script>alert('body')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(2)" onclick="alert(3)">x</a>',
    "<iframe src=//evil.example></iframe>",
    "#tag<script>alert('tag')</script> #x\"onmouseover=alert(4)",
    "@alice<svg/onload=alert(5)>",
]
FORBIDDEN_TAGS = {"script", "iframe", "svg", "img", "object", "embed", "style"}


class Elements(HTMLParser):
    """Every element and attribute, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def assert_inert(html: str, *, allowed_images: int = 0) -> None:
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        if tag == "img" and allowed_images and attrs.get("src", "").startswith("/posts/"):
            continue
        assert tag not in FORBIDDEN_TAGS, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction", "hx-post", "hx-get"):
                assert not value.strip().lower().startswith(("javascript:", "data:")), value


def test_payloads_render_inert_everywhere(world) -> None:
    body = "\n\n".join(PAYLOADS)
    post = actions.create_post(
        author=world.author,
        title="<script>alert('title')</script>",
        body=body,
        audience="members",
    )
    comment = actions.add_comment(author=world.member, post=post, body=body)
    assert_inert(post.body_html)
    assert_inert(comment.body_html)
    # Tags are words: nothing of the payload gets into a tag.
    assert sorted(post.tags.values_list("slug", flat=True)) == ["tag", "x"]

    page = client_for(world.member).get(post.get_absolute_url()).content.decode()
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert_inert(main)
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in main  # escaped title

    activity = Activity.objects.get(verb="posted")
    attach_feed_data([activity.target])
    assert_inert(render_activity(activity))
    assert_inert(comment_html(comment, post))


def test_links_get_nofollow_noopener(world) -> None:
    post = actions.create_post(
        author=world.author, body="[site](https://example.org)", audience="members"
    )
    assert 'rel="nofollow noopener"' in post.body_html


@pytest.fixture
def strict(world):
    return client_for(world.member, enforce_csrf_checks=True)


def test_posts_without_csrf_token_are_refused(world, strict) -> None:
    post = actions.create_post(author=world.member, body="Mine", audience="members")
    comment = actions.add_comment(author=world.member, post=post, body="Mine too")
    attempts = [
        ("/posts/new/", {"body": "Forged", "audience": "members"}),
        (f"/posts/{post.pk}/edit/", {"body": "Forged"}),
        (f"/posts/{post.pk}/delete/", {}),
        (f"/posts/{post.pk}/comments/", {"body": "Forged"}),
        (f"/posts/{post.pk}/react/", {"kind": "like"}),
        (f"/posts/{post.pk}/comments/{comment.pk}/react/", {"kind": "like"}),
        (f"/posts/{post.pk}/comments/{comment.pk}/edit/", {"body": "Forged"}),
        (f"/posts/{post.pk}/comments/{comment.pk}/delete/", {}),
    ]
    for url, data in attempts:
        assert strict.post(url, data).status_code == 403, url
        assert strict.post(url, data, headers={"HX-Request": "true"}).status_code == 403, url
    assert list(Post.objects.values_list("body", flat=True)) == ["Mine"]
    assert list(Comment.objects.values_list("body", flat=True)) == ["Mine too"]
    assert not Reaction.objects.exists()


def test_the_inertness_check_catches_payloads() -> None:
    for html in (
        "<img src=x onerror=alert(1)>",
        '<a href=" javascript:alert(1)">x</a>',
        "<p><script>alert(1)</script></p>",
        '<div onclick="x">',
    ):
        with pytest.raises(AssertionError):
            assert_inert(html)


def test_names_render_escaped_in_the_python_built_markup(world, make_member) -> None:
    from community.groups import actions as group_actions

    evil = make_member('<img src=x onerror="alert(1)">')
    group = group_actions.create_group(
        creator=evil, name="<script>alert('group')</script>", privacy="open"
    )
    post = actions.create_post(author=evil, body="Hi", group=group, title="<b onclick=x>t</b>")
    comment = actions.add_comment(author=evil, post=post, body="<i>hi</i>")
    actions.add_comment(author=world.member, post=post, body="reply", parent=comment)
    activity = Activity.objects.get(verb="posted")
    attach_feed_data([activity.target])
    html = render_activity(activity)
    assert_inert(html)
    assert "&lt;script&gt;alert(&#x27;group&#x27;)&lt;/script&gt;" in html
    assert_inert(comment_html(comment, post))
    page = client_for(world.member).get(post.get_absolute_url()).content.decode()
    assert_inert(page.split('<main id="main"', 1)[1].split("</main>", 1)[0])
