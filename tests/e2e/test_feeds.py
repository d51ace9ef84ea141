"""The home feed's "Show older activity": appended in place with htmx, a plain
page without JavaScript."""

from __future__ import annotations

import re

from community.posts.actions import create_post
from tests.e2e.test_profiles import sign_in

ITEMS = "#home-feed-items > [data-activity-id]"


def test_show_older_appends_in_place_then_stops(
    live_server, network, member, make_member, new_page
) -> None:
    writer = make_member("Writer")
    for n in range(45):
        create_post(author=writer, body=f"Post number {n}")
    page = new_page()
    sign_in(page, live_server.url, member.email)
    feed = page.locator("#home-feed-items")
    assert page.locator(ITEMS).count() == 20
    assert feed.get_attribute("data-has-more") is not None

    page.get_by_role("link", name="Show older activity").click()
    page.wait_for_function(f"document.querySelectorAll({ITEMS!r}).length === 40")
    assert page.url.endswith("/home/")  # appended in place, no navigation
    assert feed.get_attribute("data-has-more") is not None

    page.get_by_role("link", name="Show older activity").click()
    page.wait_for_function(f"document.querySelectorAll({ITEMS!r}).length === 45")
    assert page.get_by_role("link", name="Show older activity").count() == 0
    page.wait_for_function(
        "!document.querySelector('#home-feed-items').hasAttribute('data-has-more')"
    )
    ids = [int(x) for x in page.locator(ITEMS).evaluate_all(
        "items => items.map(item => item.dataset.activityId)")]  # fmt: skip
    assert ids == sorted(set(ids), reverse=True)
    assert page.get_by_text("Post number 0", exact=True).is_visible()


def test_show_older_is_a_plain_link_without_javascript(
    live_server, network, member, make_member, new_page
) -> None:
    writer = make_member("Writer")
    for n in range(25):
        create_post(author=writer, body=f"Post number {n}")
    page = new_page(java_script_enabled=False)
    sign_in(page, live_server.url, member.email)
    assert page.locator(ITEMS).count() == 20
    page.get_by_role("link", name="Show older activity").click()
    page.wait_for_url(re.compile(r"/home/\?before=\d+$"))
    assert page.locator(ITEMS).count() == 5
    assert page.get_by_role("link", name="Back to the newest").is_visible()
