"""Issue 14, point 1: the "N new posts" pill stays below the sticky header —
in the viewport and not covered — at every scroll position, on a phone and on
a desktop, and clicking it shows the new post."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from community.posts.models import Post
from tests.e2e.test_realtime_client import in_thread, session_cookie
from tests.support.daphne import Daphne

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

LIVE_MS = 2_000
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def daphne():
    server = Daphne().start()
    yield server
    server.stop()


def open_home(new_page, server: Daphne, cookie: str, viewport: dict):
    page = new_page(viewport=viewport)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}]
    )
    page.goto(server.url + "/home/")
    page.wait_for_selector('[data-realtime-status][data-state="live"]', timeout=10_000)
    return page


def assert_reachable(page, pill) -> None:
    """The pill's box is inside the viewport and it is the element hit at its centre."""
    box = pill.bounding_box()
    assert box is not None
    viewport = page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], (box, viewport)
    assert box["y"] + box["height"] <= viewport["height"], (box, viewport)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    hit = page.evaluate(
        """([x, y]) => {
            const pill = document.querySelector("[data-new-pill]:not([hidden])");
            const at = document.elementFromPoint(x, y);
            return {ok: !!pill && !!at && pill.contains(at), at: at && at.outerHTML.slice(0, 80)};
        }""",
        [x, y],
    )
    assert hit["ok"], f"at the pill's centre ({x}, {y}) is {hit['at']}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_new_posts_pill_is_visible_and_clickable_when_scrolled_down(
    daphne, network, make_member, new_page, viewport
):
    from community.posts.actions import create_post

    anna = make_member("Anna Lopez")
    bea = make_member("Bea Martin")
    for index in range(20):
        in_thread(
            create_post,
            author=anna,
            body=f"Older post number {index}\n\nwith a second paragraph to make it taller",
            audience="members",
        )
    page = open_home(new_page, daphne, session_cookie(bea), viewport)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height > 3 * viewport["height"]  # a long page

    # Scrolled well past the top of the feed: the new post waits behind the pill.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    page.wait_for_function("window.scrollY > 0")
    post = in_thread(create_post, author=anna, body="Fresh news from Anna", audience="members")
    pill = page.locator("[data-new-pill~='home']").first
    pill.wait_for(state="visible", timeout=LIVE_MS)
    item = page.locator(f'[data-object="post:{post.pk}"]')
    expect(item).to_have_count(0)  # not inserted while the reader is away
    assert_reachable(page, pill)

    # Any scroll position: the very bottom, then a bit above it.
    for script in (
        "window.scrollTo(0, document.documentElement.scrollHeight)",
        "window.scrollTo(0, document.documentElement.scrollHeight - 1.5 * innerHeight)",
    ):
        page.evaluate(script)
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert_reachable(page, pill)

    # A real click at the pill's centre shows the new post, at the top of the feed.
    pill.click(trial=True, timeout=1_000)  # Playwright's own "nothing covers it" check
    pill.click()
    expect(pill).to_be_hidden()
    expect(item).to_contain_text("Fresh news from Anna")
    expect(item).to_be_in_viewport(timeout=3_000)
    assert Post.objects.filter(author=anna).count() == 21
