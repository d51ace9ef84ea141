"""Issue 14.5: member-written Markdown shown as text (notification lines, page
titles, RSS/Atom titles) is a plain-text excerpt of the rendered, sanitised
text: no raw Markdown, no tags, entities decoded once. A title is not
Markdown (its page shows it as typed, in its <h1>): it stays as typed
everywhere, escaped once."""

from __future__ import annotations

import html
import re

import feedparser
import pytest
from django.urls import reverse

from community.core.markdown import plain_excerpt, plain_line
from community.posts.actions import add_comment, create_post
from tests.support.clients import client_for

SOURCE = "**bold** and [link](http://x) <script>alert(1)</script> Tom &amp; Jerry"
PLAIN = "bold and link Tom & Jerry"
TITLE = "1. Bilan *urgent* <vélo> & co"


def assert_plain(text: str) -> None:
    assert "bold" in text and "link" in text and "Tom & Jerry" in text
    for raw in ("**", "[link]", "](", "http://x", "<", ">", "script", "alert", "&amp;"):
        assert raw not in text, (raw, text)


def test_plain_excerpt_renders_sanitises_strips_and_unescapes() -> None:
    assert plain_excerpt(SOURCE) == PLAIN
    assert plain_excerpt("<p>one</p>\n\n*two*,  three\nfour") == "one two, three four"
    assert plain_excerpt("a &lt;b&gt; c") == "a <b> c"
    assert plain_excerpt("") == ""


def test_a_title_is_plain_text_as_typed_on_one_line() -> None:
    assert plain_line("  1. Bilan\n *urgent*  <vélo> ") == "1. Bilan *urgent* <vélo>"
    assert plain_line("alpha beta gamma delta", 12) == "alpha beta…"


def test_plain_excerpt_cuts_at_a_word_boundary() -> None:
    text = "alpha beta gamma delta epsilon"
    assert plain_excerpt(text, 30) == text
    assert plain_excerpt(text, 20) == "alpha beta gamma…"
    assert plain_excerpt("alpha beta, gamma", 12) == "alpha beta…"
    # One word longer than the limit: cut inside it.
    assert plain_excerpt("a" * 30, 10) == "a" * 10 + "…"


@pytest.fixture
def article(public_network, make_member):
    author = make_member("Writer")
    return create_post(author=author, title=TITLE, body=SOURCE, audience="public")


def page_title(content: bytes) -> str:
    match = re.search(r"<title>(.*?)</title>", content.decode(), re.S)
    assert match
    return html.unescape(match.group(1))


@pytest.mark.django_db
def test_post_page_title_is_plain_text(article, make_member) -> None:
    response = client_for(None).get(reverse("posts:detail", kwargs={"pk": article.pk}))
    assert response.status_code == 200
    assert page_title(response.content).startswith(TITLE)
    # Escaped once in the <title>, not twice.
    raw_title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert "&lt;vélo&gt; &amp; co" in raw_title and "&amp;amp;" not in raw_title
    # A post without a title: the start of its body, plain too.
    untitled = create_post(author=article.author, body=SOURCE, audience="public")
    response = client_for(None).get(reverse("posts:detail", kwargs={"pk": untitled.pk}))
    assert_plain(page_title(response.content))
    assert str(untitled) == PLAIN


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feed_item_titles_are_plain_text(article, fmt) -> None:
    response = client_for(None).get(reverse(f"feeds:articles_{fmt}"))
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert [entry.title for entry in parsed.entries] == [TITLE]


@pytest.mark.django_db
def test_notification_lines_are_plain_text(public_network, make_member) -> None:
    author = make_member("Writer")
    reader = make_member("Reader")
    titled = create_post(author=author, title=TITLE, body="Body", audience="members")
    untitled = create_post(author=author, body=SOURCE, audience="members")
    add_comment(author=reader, post=titled, body="Nice")
    add_comment(author=reader, post=untitled, body="Nice too")
    response = client_for(author).get(reverse("notifications:list"))
    assert response.status_code == 200
    body = response.content.decode()
    lines = [
        html.unescape(re.sub(r"<[^>]*>", "", line))
        for line in re.findall(r'<li id="notification-\d+".*?</li>', body, re.S)
    ]
    assert len(lines) == 2
    assert all("commented on your post" in line for line in lines)
    untitled_line, titled_line = lines  # newest first
    assert f"“{PLAIN}”" in untitled_line
    assert_plain(untitled_line)
    assert f"“{TITLE}”" in titled_line
    assert "&amp;amp;" not in body
