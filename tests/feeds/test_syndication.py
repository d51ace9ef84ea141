"""RSS 2.0 and Atom: they parse (feedparser) and hold exactly the public items."""

from __future__ import annotations

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
