"""The live client in a real browser, against real daphne processes and Redis.

Until the posts issue gives pages real feeds, the feed lists the client fills
are added to the page by the test, following the DOM contract of
realtime/README.md (``<ol data-feed=…>``, ``[data-notification-count]``).
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.conftest import TEST_PASSWORD
from tests.support.daphne import Daphne

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

FEED = """
(() => {
  const main = document.querySelector('main');
  main.insertAdjacentHTML('afterbegin',
    '<ol data-feed="home" data-newest-id="0"></ol>' +
    '<span data-notification-count="0" hidden>0</span>');
})()
"""


def in_thread(function, *args):
    """ORM and publishing outside Playwright's event loop thread."""

    def run():
        try:
            return function(*args)
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def session_cookie(user) -> str:
    client = Client()
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def post_activity(server: Daphne, cookie: str, audience: str = "members") -> int:
    request = urllib.request.Request(  # noqa: S310 - a local test server
        server.url + "/__test__/record-activity/",
        data=urllib.parse.urlencode({"audience": audience}).encode(),
        headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())["id"]


@pytest.fixture
def daphne():
    server = Daphne("tests.realtime.asgi_test_actions:application")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def people(network, make_member):
    alice = make_member("Alice Author")
    bea = make_member("Bea Reader")
    return alice, bea, session_cookie(alice), session_cookie(bea)


def open_home(new_page, server: Daphne, cookie: str):
    page = new_page()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}]
    )
    page.goto(server.url + "/home/")
    page.evaluate(FEED)
    page.wait_for_selector('[data-realtime-status][data-state="live"]', timeout=10_000)
    return page


def test_new_activity_appears_at_the_top_without_reload(daphne, people, new_page) -> None:
    _alice, _bea, alice_cookie, bea_cookie = people
    page = open_home(new_page, daphne, bea_cookie)
    assert page.locator("[data-realtime-status] .realtime-label").inner_text() == "Live"

    first = in_thread(post_activity, daphne, alice_cookie)
    page.wait_for_selector(f'[data-feed="home"] > [data-activity-id="{first}"]', timeout=2_000)
    second = in_thread(post_activity, daphne, alice_cookie)
    page.wait_for_selector(f'[data-feed="home"] > [data-activity-id="{second}"]', timeout=2_000)
    order = page.locator('[data-feed="home"] > [data-activity-id]').evaluate_all(
        "items => items.map(item => Number(item.dataset.activityId))"
    )
    assert order == [second, first]
    assert "Alice Author" in page.locator(f'[data-activity-id="{second}"]').inner_text()


def test_reader_scrolled_down_gets_a_new_posts_pill(daphne, people, new_page) -> None:
    _alice, _bea, alice_cookie, bea_cookie = people
    page = open_home(new_page, daphne, bea_cookie)
    page.evaluate("document.body.style.minHeight = '4000px'; window.scrollTo(0, 2000)")
    ids = [in_thread(post_activity, daphne, alice_cookie) for _ in range(2)]
    pill = page.locator("[data-new-pill='home']")
    pill.wait_for(state="visible", timeout=2_000)
    page.wait_for_function(
        "document.querySelector(\"[data-new-pill='home']\").textContent === '2 new posts'"
    )
    assert page.locator('[data-feed="home"] > [data-activity-id]').count() == 0
    pill.click()
    page.wait_for_selector(f'[data-feed="home"] > [data-activity-id="{ids[1]}"]')
    assert page.locator('[data-feed="home"] > [data-activity-id]').count() == 2
    assert pill.is_hidden()


def test_bell_count_updates_live(daphne, people, new_page) -> None:
    from realtime.publish import publish_to_user

    _alice, bea, _alice_cookie, bea_cookie = people
    page = open_home(new_page, daphne, bea_cookie)
    in_thread(publish_to_user, bea.pk, {"type": "notifications", "unread": 3})
    page.wait_for_selector('[data-notification-count="3"]:not([hidden])', timeout=2_000)
    assert page.locator("[data-notification-count]").inner_text() == "3"


def test_server_restart_reconnects_and_resume_fills_the_gap(daphne, people, new_page) -> None:
    _alice, _bea, alice_cookie, bea_cookie = people
    page = open_home(new_page, daphne, bea_cookie)
    port = daphne.port
    daphne.stop()
    page.wait_for_selector('[data-realtime-status][data-state="reconnecting"]', timeout=5_000)
    assert page.locator("[data-realtime-status] .realtime-label").inner_text() == "Reconnecting…"

    other = Daphne("tests.realtime.asgi_test_actions:application").start()
    try:
        missed = in_thread(post_activity, other, alice_cookie)  # published while B is offline
    finally:
        other.stop()
    daphne.port = port
    daphne.url, daphne.ws_url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}"
    daphne.start()
    page.wait_for_selector(f'[data-feed="home"] > [data-activity-id="{missed}"]', timeout=35_000)
    page.wait_for_selector('[data-realtime-status][data-state="live"]')
    assert page.evaluate("document.querySelectorAll('[data-activity-id]').length") == 1


def test_delete_message_removes_the_item(daphne, people, new_page) -> None:
    from realtime.publish import publish_to_audience

    _alice, _bea, alice_cookie, bea_cookie = people
    page = open_home(new_page, daphne, bea_cookie)
    activity = in_thread(post_activity, daphne, alice_cookie)
    item = page.locator(f'[data-activity-id="{activity}"]')
    item.wait_for(timeout=2_000)
    in_thread(publish_to_audience, "members", {"type": "delete", "activities": [activity]})
    item.wait_for(state="detached", timeout=2_000)
