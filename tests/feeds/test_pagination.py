"""Keyset pagination of the feeds: ``?before=<id>``, 20 per page, htmx and no-JS.

New posts arriving between page loads never cause a duplicate or a gap: a
page is "the 20 newest below the last id shown".
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from community.feeds import selectors
from tests.feeds.conftest import add_comment, add_reaction, client_for

pytestmark = pytest.mark.django_db

ITEM_ID = re.compile(r'<li [^>]*data-activity-id="(\d+)"')
NEXT_LINK = re.compile(r'<a [^>]*href="([^"]+)" rel="next"')
HTMX = {"HX-Request": "true"}


def ids_in(html: str) -> list[int]:
    return [int(found) for found in ITEM_ID.findall(html)]


def next_href(html: str) -> str | None:
    found = NEXT_LINK.search(html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def writer(network, make_member):
    return make_member("Writer")


def test_pages_have_no_duplicate_and_no_gap_while_posts_arrive(
    member, writer, post, django_assert_max_num_queries
) -> None:
    posted = [post(writer, f"Post {n}").pk for n in range(45)]
    first = selectors.home_feed(viewer=member)
    assert len(first) == selectors.FEED_PAGE_SIZE and first.has_more
    for n in range(5):  # members keep posting while the reader scrolls
        post(writer, f"Late post {n}")
    second = selectors.home_feed(viewer=member, before=first.next_before)
    third = selectors.home_feed(viewer=member, before=second.next_before)
    assert len(second) == 20 and second.has_more
    assert not third.has_more and third.next_before is None
    seen = [a.pk for page in (first, second, third) for a in page]
    assert len(seen) == len(set(seen))
    targets = [a.target_id for page in (first, second, third) for a in page]
    assert targets == sorted(posted, reverse=True)  # every post once, newest first
    assert seen == sorted(seen, reverse=True)


def test_hidden_verbs_take_no_slot_in_a_page(member, writer, post) -> None:
    posts = [post(writer, f"Post {n}") for n in range(25)]
    for n in range(30):  # comments and reactions are newer than every post
        add_comment(posts[-1], member, f"Comment {n}")
    add_reaction(posts[-1], member)
    page = selectors.home_feed(viewer=member)
    assert len(page) == 20
    assert {a.verb for a in page} == {"posted"}
    assert page.has_more


def test_no_js_older_link_walks_every_page(member, writer, post) -> None:
    """The "Show older" link is a plain link: following it shows the next page."""
    expected = [post(writer, f"Post {n}").pk for n in range(42)]
    client = client_for(member)
    url, seen, pages = reverse("home"), [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().lower().startswith("<!doctype html>")  # a full page
        seen += [pk for pk in ids_in(html)]
        url = next_href(html)
        pages += 1
        if url:
            post(writer, "Posted while reading")  # never shows on the older pages
    assert pages == 3
    from community.activity.models import Activity

    shown_targets = list(
        Activity.objects.filter(pk__in=seen).order_by("-id").values_list("target_id", flat=True)
    )
    assert shown_targets == sorted(expected, reverse=True)
    assert len(seen) == len(set(seen))


def test_htmx_gets_the_items_and_the_next_link_out_of_band(member, writer, post) -> None:
    for n in range(25):
        post(writer, f"Post {n}")
    client = client_for(member)
    page = client.get(reverse("home")).content.decode()
    assert 'data-feed="home"' in page and "data-has-more" in page
    match = re.search(r'hx-get="([^"]+)"', page[page.index('id="home-feed-more"') :])
    fragment_url = match.group(1).replace("&amp;", "&")
    assert fragment_url.startswith(reverse("feeds:home_feed") + "?before=")
    fragment = client.get(fragment_url, headers=HTMX).content.decode()
    assert "<html" not in fragment and "data-feed=" not in fragment  # items only, no page or list
    assert len(ids_in(fragment)) == 5
    assert set(ids_in(fragment)).isdisjoint(ids_in(page))
    # The last page replaces the link by an empty box (out of band): nothing more to load.
    assert 'id="home-feed-more" hx-swap-oob="true"></div>' in fragment
    # The same URL without htmx is the home page at that point (bookmarks, no-JS).
    plain = client.get(fragment_url)
    assert plain.status_code == 302
    assert plain.url == reverse("home") + "?" + fragment_url.split("?", 1)[1]


def test_tabs_keep_their_tab_in_the_older_links(member, writer, post, make_group) -> None:
    from community.groups.actions import join_group
    from community.members.actions import follow_member

    group = make_group(writer)
    join_group(user=member, group=group)
    follow_member(follower=member, member=writer)
    for n in range(22):
        post(writer, f"Group post {n}", group=group)
    client = client_for(member)
    scopes = {
        "groups": selectors.feed_activities().filter(group=group),
        "following": selectors.feed_activities().filter(actor=writer),
    }
    for tab, scope in scopes.items():
        html = client.get(reverse("home"), {"tab": tab}).content.decode()
        assert f"tab={tab}" in next_href(html)
        older = client.get(next_href(html)).content.decode()
        assert len(ids_in(html)) == 20
        assert ids_in(html) + ids_in(older) == list(
            scope.order_by("-id").values_list("id", flat=True)
        )


def test_a_bad_before_shows_the_first_page(member, writer, post) -> None:
    post(writer, "Only post")
    client = client_for(member)
    for value in ("abc", "-3", "0", ""):
        html = client.get(reverse("home"), {"before": value}).content.decode()
        assert len(ids_in(html)) == 1


def test_group_and_tag_and_profile_feeds_paginate(member, writer, post, make_group) -> None:
    from community.groups.actions import join_group

    group = make_group(writer)
    join_group(user=member, group=group)
    for n in range(23):
        post(writer, f"Post {n} #many", group=group)
    client = client_for(member)
    for url, key in [
        (group.get_absolute_url(), f'data-feed="group:{group.pk}"'),
        (reverse("feeds:tag", args=["many"]), 'data-feed="tag:many"'),
        (writer.get_absolute_url(), f'data-feed="profile:{writer.pk} wall:{writer.pk}"'),
    ]:
        html = client.get(url).content.decode()
        assert key in html
        first = ids_in(html)
        assert len(first) == 20
        older = client.get(next_href(html)).content.decode()
        rest = ids_in(older)
        assert rest and set(rest).isdisjoint(first) and max(rest) < min(first)
        assert next_href(older) is None
        # An older page keeps its keys: the live client offers a pill to the
        # newest page there (tests/e2e/test_live_posts.py) instead of inserting.
        assert key in older


def test_articles_paginate(member, writer, post) -> None:
    for n in range(21):
        post(writer, f"Body {n}", title=f"Article number {n}", audience="members")
    post(writer, "Not an article")
    client = client_for(member)
    html = client.get(reverse("feeds:articles")).content.decode()
    assert html.count('class="article-card"') == 20
    assert "Article number 20" in html and "Not an article" not in html
    older = client.get(next_href(html)).content.decode()
    assert older.count('class="article-card"') == 1 and "Article number 0" in older
    fragment = client.get(next_href(html), headers=HTMX).content.decode()
    assert "<html" not in fragment and fragment.count('class="article-card"') == 1
