"""The bell and the notifications page in a real browser, on a real daphne:
a join request rings the group owner's bell live; the owner opens it (a button,
posting: read, and taken to the requests page), and "Mark all as read" (htmx)
clears the bell."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_realtime_client import in_thread, open_page, session_cookie
from tests.support.daphne import Daphne

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def daphne():
    server = Daphne().start()
    yield server
    server.stop()


def test_the_bell_rings_live_and_the_page_clears_it(daphne, network, make_member, new_page):
    from community.groups import actions as group_actions

    owner = make_member("Olga Owner")
    group = group_actions.create_group(creator=owner, name="Repair café", privacy="closed")
    askers = [make_member(name) for name in ("Anna Lopez", "Bruno Petit")]
    page = open_page(new_page, daphne, session_cookie(owner), "/home/")
    bell = page.locator(".notification-bell [data-notification-count]")
    expect(bell).to_be_hidden()

    for asker in askers:
        in_thread(group_actions.request_to_join, user=asker, group=group, message="Hello")
    expect(bell).to_have_text("2", timeout=3_000)
    expect(bell).to_be_visible()

    page.locator(".notification-bell").click()
    page.wait_for_url(re.compile(r"/notifications/$"))
    items = page.locator("li.notification")
    expect(items).to_have_count(2)
    expect(page.locator("li.notification-unread")).to_have_count(2)
    expect(items.first).to_contain_text("Bruno Petit asked to join Repair café.")

    # An unread one opens through a button (a POST marks it read) that reads as a link.
    opener = items.first.get_by_role("button", name=re.compile("Bruno Petit asked to join"))
    expect(items.first.get_by_role("link")).to_have_count(0)
    style = opener.evaluate(
        "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.borderTopWidth,"
        " s.textDecorationLine, s.cursor]; }"
    )
    assert style == ["rgba(0, 0, 0, 0)", "0px", "underline", "pointer"], style
    opener.focus()
    assert opener.evaluate("b => getComputedStyle(b).outlineStyle") == "solid"
    opener.press("Enter")
    page.wait_for_url(re.compile(rf"/groups/{group.slug}/requests/$"))
    expect(bell).to_have_text("1")

    page.goto(daphne.url + "/notifications/")
    page.wait_for_selector('[data-realtime-status][data-state="live"]', timeout=10_000)
    expect(page.locator("li.notification-unread")).to_have_count(1)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("li.notification-unread")).to_have_count(0)
    expect(bell).to_be_hidden()  # the pushed count, without reloading
    assert page.url.endswith("/notifications/")
