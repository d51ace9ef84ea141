"""Issue 14, point 4: every main page fits its viewport on a phone (375 px)
and on a desktop (1280 px), signed out, as a member and as a network admin:
nothing wider than the page (tables stack or scroll in their own box, long
words wrap, form fields stay inside)."""

from __future__ import annotations

import time

import pytest

from tests.e2e.site_pages import WIDTHS, layout_problems, seed_site, visit_pages
from tests.e2e.test_realtime_client import in_thread
from tests.support.daphne import Daphne

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# The pages the issue found too wide: the walk must keep reaching them.
MUST_VISIT = {
    ("member", "members:edit_profile"),
    ("member", "account_email"),
    ("member", "account_change_password"),
    ("member", "mfa_index"),
    ("admin", "members:manage_members"),
    ("admin", "members:invitations"),
    ("visitor", "landing"),
}


def test_every_page_fits_the_phone_and_the_desktop_width(network, browser) -> None:
    site = in_thread(seed_site)
    server = Daphne().start()
    started = time.monotonic()
    too_wide: list[str] = []
    visited: set[tuple[str, str]] = set()
    try:
        roles = {"visitor": None, "member": site.member, "admin": site.admin}
        for page, view in visit_pages(browser, server.url, site, roles):
            visited.add((view.role, view.route))
            for label, viewport in WIDTHS.items():
                page.set_viewport_size(viewport)
                for problem in layout_problems(page):
                    too_wide.append(f"{view.url} as {view.role} at {label} px: {problem}")
    finally:
        server.stop()
    print(f"{len(visited)} page views × {len(WIDTHS)} widths in {time.monotonic() - started:.1f} s")
    assert visited >= MUST_VISIT, MUST_VISIT - visited
    assert len(visited) > 60, sorted(visited)
    assert not too_wide, "\n".join(too_wide)
