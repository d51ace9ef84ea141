"""RSS 2.0 and Atom: they parse (feedparser) and hold exactly the public items."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse

from community.core import actions as core_actions
from community.groups import actions as group_actions
from tests.feeds.conftest import client_for

pytestmark = pytest.mark.django_db


def parse(client, name: str, *args) -> feedparser.FeedParserDict:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


@pytest.fixture
def content(public_network, make_member, post):
    writer = make_member("Writer")
    other = make_member("Other")
    open_group = group_actions.create_group(creator=writer, name="Open garden")
    closed = group_actions.create_group(creator=writer, name="Closed circle")
    turned = group_actions.create_group(creator=writer, name="Turned secret")
    items = {
        "public_article": post(writer, "Read me #green", title="Public article", audience="public"),
        "members_article": post(writer, "Members", title="Members article", audience="members"),
        "public_note": post(writer, "A public note without a title", audience="public"),
        "wall_public": post(
            writer, "Wall", title="Public wall post", wall_owner=other, audience="public"
        ),
        "wall_members": post(writer, "Wall", title="Members wall post", wall_owner=other),
        "open_post": post(writer, "In the open garden", group=open_group),
        "open_article": post(writer, "Garden news", title="Garden article", group=open_group),
        "turned_post": post(writer, "Before the change", title="Turned article", group=turned),
    }
    closed = group_actions.change_group_privacy(actor=writer, group=closed, privacy="closed")
    items["closed_post"] = post(writer, "Closed words", title="Closed article", group=closed)
    turned = group_actions.change_group_privacy(actor=writer, group=turned, privacy="secret")
    return {"items": items, "open": open_group, "closed": closed, "turned": turned}


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_articles_feed_holds_exactly_the_public_community_articles(content, member, fmt) -> None:
    for client in (client_for(None), client_for(member)):
        parsed = parse(client, f"feeds:articles_{fmt}")
        assert [entry.title for entry in parsed.entries] == ["Public article"]
        entry = parsed.entries[0]
        assert "Read me" in entry.summary
        assert entry.author == "Writer"
        assert [tag.term for tag in entry.tags] == ["green"]
        assert entry.link.startswith("http://testserver/")
    expected_version = {"rss": "rss20", "atom": "atom10"}[fmt]
    assert parsed.version == expected_version


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_open_group_feed_holds_its_public_posts(content, fmt) -> None:
    parsed = parse(client_for(None), f"feeds:group_{fmt}", content["open"].slug)
    assert [entry.title for entry in parsed.entries] == ["Garden article", "In the open garden"]
    # Closed groups and a group made secret after posting: no feed at all.
    for group in (content["closed"], content["turned"]):
        response = client_for(None).get(reverse(f"feeds:group_{fmt}", args=[group.slug]))
        assert response.status_code == 404


def test_alternate_links_only_on_a_public_network(content, member, network_admin) -> None:
    client = client_for(member)
    home = client.get(reverse("home")).content.decode()
    assert 'type="application/rss+xml"' in home and reverse("feeds:articles_rss") in home
    assert 'type="application/atom+xml"' in home and reverse("feeds:articles_atom") in home
    open_page = client.get(content["open"].get_absolute_url()).content.decode()
    assert reverse("feeds:group_rss", args=[content["open"].slug]) in open_page
    closed_page = client.get(content["closed"].get_absolute_url()).content.decode()
    assert reverse("feeds:group_rss", args=[content["closed"].slug]) not in closed_page

    core_actions.update_network(admin=network_admin, changes={"visibility": "private"})
    home = client.get(reverse("home")).content.decode()
    assert "application/rss+xml" not in home and "application/atom+xml" not in home
    assert client.get(reverse("feeds:articles_rss")).status_code == 404
    assert client_for(None).get(reverse("feeds:articles_atom")).status_code == 404


def description_of(client, name: str, *args) -> list[str]:
    """The raw HTML of each item's description (RSS ``description``, Atom
    ``summary``), as a feed reader receives it (feedparser would resolve and
    sanitise links itself)."""
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own test response
    atom = "{http://www.w3.org/2005/Atom}"
    found = root.findall("./channel/item/description") or root.findall(
        f"./{atom}entry/{atom}summary"
    )
    return [element.text or "" for element in found]


def page_body(client, post) -> str:
    page = client.get(post.get_absolute_url()).content.decode()
    match = re.search(r'<div class="prose post-body">(.*?)</div>', page, re.S)
    assert match, "the post's page shows its body"
    return match.group(1)


@pytest.mark.parametrize(
    ("fmt", "group"), [("rss", False), ("atom", False), ("rss", True), ("atom", True)]
)
def test_an_item_body_is_the_page_body_with_absolute_links(
    public_network, make_member, post, fmt, group
) -> None:
    writer = make_member("Writer")
    mentioned = make_member("Mona Mentioned")
    garden = group_actions.create_group(creator=writer, name="Open garden") if group else None
    body = (
        f"Hello @{mentioned.handle}, about #Jardin: see [the articles](/articles/), "
        "[this one](../) and [elsewhere](https://example.org/a?b=1&c=2)."
    )
    item = (
        post(writer, body, title="Linked", group=garden)
        if group
        else post(writer, body, title="Linked", audience="public")
    )
    visitor = client_for(None)
    if group:
        (description,) = description_of(visitor, f"feeds:group_{fmt}", garden.slug)
    else:
        (description,) = description_of(visitor, f"feeds:articles_{fmt}")

    profile = f"http://testserver/members/{mentioned.handle}/"
    assert f'<a class="mention" href="{profile}" data-mention="{mentioned.pk}">' in description
    assert '<a class="hashtag" href="http://testserver/tags/jardin/">#Jardin</a>' in description
    assert 'href="http://testserver/articles/"' in description
    assert 'href="http://testserver/posts/"' in description  # ../ from /posts/<id>/
    assert 'href="https://example.org/a?b=1&amp;c=2"' in description  # kept as written
    assert not re.search(r'(href|src)="(?!https?://)', description), description
    # The same rendering as the post's page, links made absolute.
    on_page = page_body(client_for(mentioned), item)
    assert 'href="/members/' in on_page  # relative there
    absolute = re.sub(r'href="/', 'href="http://testserver/', on_page)
    absolute = absolute.replace('href="../"', 'href="http://testserver/posts/"')
    assert description == absolute
