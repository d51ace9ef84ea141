"""The live client in a real browser, against real daphne processes and Redis.

Member B has a group page open (its feed follows the DOM contract of
realtime/README.md); what happens in the group arrives without reloading.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.conftest import TEST_PASSWORD
from tests.support.daphne import Daphne
from tests.support.services import RedisServer

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def in_thread(function, *args, **kwargs):
    """ORM and publishing outside Playwright's event-loop thread."""

    def run():
        try:
            return function(*args, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def session_cookie(user) -> str:
    client = Client()
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def daphne():
    server = Daphne().start()
    yield server
    server.stop()


@pytest.fixture
def scene(network, make_member):
    """Bea owns an open group; Alice is a member of the network, not of the group."""
    from community.groups.actions import create_group

    alice = make_member("Alice Author")
    bea = make_member("Bea Reader")
    group = create_group(creator=bea, name="Jardin partagé", privacy="open")
    return {"alice": alice, "bea": bea, "group": group, "bea_cookie": session_cookie(bea)}


def open_page(new_page, server: Daphne, cookie: str, path: str):
    page = new_page()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}]
    )
    page.goto(server.url + path)
    page.wait_for_selector('[data-realtime-status][data-state="live"]', timeout=10_000)
    return page


def post_in(group, actor, body: str = "A post in the garden") -> int:
    """A real post in the group (community/posts/actions.create_post, pushed on
    commit); returns its feed item's activity id."""
    from community.activity.models import Activity
    from community.posts.actions import create_post

    def post() -> int:
        created = create_post(author=actor, body=body, group=group)
        return Activity.objects.get(
            verb="posted", target_type__app_label="posts", target_id=created.pk
        ).pk

    return in_thread(post)


def alice_joins(scene) -> None:
    """Alice joins the open group (before the reader's page opens): she may post there."""
    from community.groups.actions import join_group

    join_group(user=scene["alice"], group=scene["group"])


def feed_ids(page, group) -> list[int]:
    return page.locator(f'[data-feed="group:{group.pk}"] > [data-activity-id]').evaluate_all(
        "items => items.map(item => Number(item.dataset.activityId))"
    )


def test_b_sees_a_join_the_group_within_two_seconds(daphne, scene, new_page) -> None:
    group = scene["group"]
    bea_page = open_page(new_page, daphne, scene["bea_cookie"], group.get_absolute_url())
    assert bea_page.locator("[data-realtime-status] .realtime-label").inner_text() == "Live"
    before = feed_ids(bea_page, group)

    alice_page = open_page(
        new_page, daphne, session_cookie(scene["alice"]), group.get_absolute_url()
    )
    alice_page.get_by_role("button", name="Join the group").click()
    alice_page.wait_for_load_state()

    item = bea_page.locator(f'[data-feed="group:{group.pk}"] > li', has_text="Alice Author")
    item.wait_for(timeout=2_000)
    assert "joined the group." in item.inner_text()
    ids = feed_ids(bea_page, group)
    assert ids[1:] == before and ids[0] > max(before)  # at the top, nothing reloaded


def test_reader_scrolled_down_gets_a_new_posts_pill(daphne, scene, new_page) -> None:
    alice_joins(scene)
    group = scene["group"]
    page = open_page(new_page, daphne, scene["bea_cookie"], group.get_absolute_url())
    page.evaluate("document.body.style.minHeight = '5000px'; window.scrollTo(0, 3000)")
    shown = len(feed_ids(page, group))
    ids = [post_in(group, scene["alice"]) for _ in range(2)]
    pill = page.locator(f"[data-new-pill='group:{group.pk}']")
    pill.wait_for(state="visible", timeout=2_000)
    page.wait_for_function(
        f"document.querySelector(\"[data-new-pill='group:{group.pk}']\").textContent"
        " === '2 new posts'"
    )
    assert len(feed_ids(page, group)) == shown  # nothing moved under the reader
    pill.click()
    page.wait_for_selector(f'[data-activity-id="{ids[1]}"]')
    assert feed_ids(page, group)[:2] == [ids[1], ids[0]]
    assert pill.is_hidden()


def test_bell_count_updates_live(daphne, scene, new_page) -> None:
    from community.notifications.actions import notify
    from community.posts.actions import create_post

    page = open_page(new_page, daphne, scene["bea_cookie"], "/home/")
    bell = page.locator(".notification-bell [data-notification-count]")
    assert bell.get_attribute("data-notification-count") == "0" and bell.is_hidden()

    def mention_bea() -> None:
        post = create_post(author=scene["alice"], body="Thanks @bea!")
        notify(recipient=scene["bea"], verb="mentioned", actor=scene["alice"], target=post)

    for _ in range(3):
        in_thread(mention_bea)
    page.wait_for_selector('[data-notification-count="3"]:not([hidden])', timeout=2_000)
    assert bell.inner_text() == "3"


def test_server_restart_reconnects_and_resume_fills_the_gap(daphne, scene, new_page) -> None:
    alice_joins(scene)
    group = scene["group"]
    page = open_page(new_page, daphne, scene["bea_cookie"], group.get_absolute_url())
    shown = feed_ids(page, group)
    daphne.stop()
    page.wait_for_selector('[data-realtime-status][data-state="reconnecting"]', timeout=5_000)
    assert page.locator("[data-realtime-status] .realtime-label").inner_text() == "Reconnecting…"

    missed = post_in(group, scene["alice"])  # nobody listens: it waits in PostgreSQL
    daphne.start()
    page.wait_for_selector(f'[data-activity-id="{missed}"]', timeout=35_000)
    page.wait_for_selector('[data-realtime-status][data-state="live"]')
    assert feed_ids(page, group) == [missed, *shown]


# Records the close code of every socket the page opens (window.__closeCodes).
RECORD_CLOSE_CODES = """
(() => {
  const Native = window.WebSocket;
  window.__closeCodes = [];
  function Recorded(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    ws.addEventListener("close", (event) => window.__closeCodes.push(event.code));
    return ws;
  }
  Recorded.prototype = Native.prototype;
  Object.assign(Recorded, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Recorded;
})();
"""


def test_a_redis_outage_closes_with_4503_then_the_page_reconnects_and_resumes(
    scene, new_page
) -> None:
    """Redis stopped under daphne: the page's socket is closed with 4503 ("retry
    later"), the page shows "Reconnecting…", backs off, and once Redis is back
    it reconnects and resumes: the post written meanwhile appears."""
    alice_joins(scene)
    group = scene["group"]
    redis_server = RedisServer()
    redis_server.start()
    server = Daphne(REDIS_URL=redis_server.url)
    try:
        server.start()
        page = new_page()
        page.add_init_script(RECORD_CLOSE_CODES)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": scene["bea_cookie"],
                    "url": server.url,
                }
            ]
        )
        page.goto(server.url + group.get_absolute_url())
        page.wait_for_selector('[data-realtime-status][data-state="live"]', timeout=10_000)
        shown = feed_ids(page, group)

        redis_server.stop()
        page.wait_for_selector('[data-realtime-status][data-state="reconnecting"]', timeout=15_000)
        missed = post_in(group, scene["alice"])  # daphne cannot hear of it: Redis is down
        page.wait_for_timeout(2_000)
        redis_server.start()
        page.wait_for_selector(f'[data-activity-id="{missed}"]', timeout=35_000)
        page.wait_for_selector('[data-realtime-status][data-state="live"]')
        assert feed_ids(page, group) == [missed, *shown]
        codes = page.evaluate("window.__closeCodes")
        assert codes and set(codes) == {4503}, codes  # never 1011 (a crash), never final
    finally:
        server.stop()
        redis_server.stop()
    assert "Exception inside application" not in server.log()


def test_a_post_whose_push_failed_after_its_commit_still_appears(daphne, scene, new_page) -> None:
    """The connection drops between the post's commit and its live rendering:
    the page gets ``missed``, sends ``resume`` and shows the post."""
    from django.db import transaction

    from community.activity.models import Activity
    from community.posts.actions import create_post
    from tests.support.database import drop_connection

    alice_joins(scene)
    group = scene["group"]
    page = open_page(new_page, daphne, scene["bea_cookie"], group.get_absolute_url())
    shown = feed_ids(page, group)

    def post_then_lose_the_connection() -> int:
        with transaction.atomic():
            transaction.on_commit(drop_connection)  # right after the commit, before the push
            post = create_post(author=scene["alice"], body="Committed, then cut", group=group)
        connection.close()
        return Activity.objects.get(verb="posted", target_id=post.pk).pk

    missed = in_thread(post_then_lose_the_connection)
    page.wait_for_selector(f'[data-activity-id="{missed}"]', timeout=10_000)
    assert feed_ids(page, group) == [missed, *shown]
    assert page.evaluate("window.EntraideRealtime.state") == "live"


def test_a_deleted_post_disappears(daphne, scene, new_page) -> None:
    from community.posts.actions import delete_post
    from community.posts.models import Post

    alice_joins(scene)
    group = scene["group"]
    page = open_page(new_page, daphne, scene["bea_cookie"], group.get_absolute_url())
    activity = post_in(group, scene["alice"])
    item = page.locator(f'[data-activity-id="{activity}"]')
    item.wait_for(timeout=2_000)
    post = Post.objects.get(author=scene["alice"])
    in_thread(delete_post, actor=scene["alice"], post=post)
    item.wait_for(state="detached", timeout=2_000)


def test_signing_out_in_another_tab_stops_live_updates(daphne, scene, new_page) -> None:
    group = scene["group"]
    page = open_page(new_page, daphne, scene["bea_cookie"], group.get_absolute_url())
    other_tab = page.context.new_page()
    other_tab.goto(daphne.url + "/home/")
    other_tab.locator("details.user-menu summary").click()
    other_tab.get_by_role("button", name="Sign out").click()
    other_tab.wait_for_load_state()
    page.wait_for_selector('[data-realtime-status][data-state="offline"]', timeout=10_000)
