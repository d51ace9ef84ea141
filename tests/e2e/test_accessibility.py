"""Issue 14, point 8: axe-core (tests/e2e/assets, WCAG 2.0 and 2.1, levels A
and AA) finds no serious or critical violation on any main page, signed out,
as a member and as a network admin, on a phone (375 px) and a desktop
(1280 px); and every text reaches 4.5:1 in every theme preset, light and dark."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from community.core.models import Network
from community.core.themes import THEMES
from tests.e2e.site_pages import DESKTOP, WIDTHS, seed_site, visit_pages
from tests.e2e.test_profiles import sign_in
from tests.e2e.test_realtime_client import in_thread
from tests.support.daphne import Daphne

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "assets" / "axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The serious and critical violations, one line per rule and page: the rule,
# what it asks, and the elements (axe's CSS selectors) that break it.
RUN_AXE = """async (options) => {
    const result = await axe.run(document, options);
    return result.violations.flatMap((rule) => {
        const nodes = rule.nodes.filter((node) => ["serious", "critical"].includes(node.impact));
        if (!nodes.length) return [];
        const detail = (node) => {
            const data = (node.any[0] || node.all[0] || node.none[0] || {}).data;
            const ratio = data && data.contrastRatio ? ` (${data.contrastRatio}:1 `
                + `${data.fgColor} on ${data.bgColor})` : "";
            return node.target.join(" ") + ratio;
        };
        return [{rule: rule.id, impact: nodes[0].impact, help: rule.help,
                 count: nodes.length, targets: nodes.map(detail)}];
    });
}"""


def axe_violations(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical violations on the loaded page (WCAG A
    and AA rules, or only ``rules``)."""
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(path=str(AXE))
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_A_AA}
    return page.evaluate(RUN_AXE, {"runOnly": run_only, "resultTypes": ["violations"]})


def describe(where: str, violation: dict) -> str:
    targets = "; ".join(violation["targets"][:6])
    more = f" and {violation['count'] - 6} more" if violation["count"] > 6 else ""
    return (
        f"{where}: {violation['rule']} ({violation['impact']}, {violation['help']}): "
        f"{targets}{more}"
    )


def test_no_serious_accessibility_violation_on_any_page(network, browser) -> None:
    site = in_thread(seed_site)
    server = Daphne().start()
    started = time.monotonic()
    found: list[str] = []
    views = failing_views = elements = 0
    rules: set[str] = set()
    try:
        roles = {"visitor": None, "member": site.member, "admin": site.admin}
        for page, view in visit_pages(browser, server.url, site, roles):
            for label, viewport in WIDTHS.items():
                page.set_viewport_size(viewport)
                violations = axe_violations(page)
                views += 1
                failing_views += bool(violations)
                for violation in violations:
                    elements += violation["count"]
                    rules.add(violation["rule"])
                    where = f"{view.url} ({view.route}) as {view.role} at {label} px"
                    found.append(describe(where, violation))
    finally:
        server.stop()
    print(
        f"{views} page views in {time.monotonic() - started:.1f} s: {elements} serious or "
        f"critical violations of {len(rules)} rules {sorted(rules)} on {failing_views} views"
    )
    assert views > 120, views
    assert not found, "\n".join(found)


# Pages with every kind of text (menus, feeds with comments and their times,
# badges, tabs, forms, tables), checked in each theme preset, light and dark.
THEMED_PAGES = [
    "home",
    "posts:detail",
    "feeds:articles",
    "groups:detail",
    "members:profile",
    "members:directory",
    "notifications:list",
    "volunteering:project",
    "volunteering:engagement",
    "volunteering:dashboard",
    "members:manage_members",
    "core:network_settings",
]


def _set_theme(key: str) -> None:
    Network.objects.filter(pk=1).update(theme=key)


def test_every_text_reaches_4_5_to_1_in_every_theme_preset(network, browser) -> None:
    site = in_thread(seed_site)
    server = Daphne().start()
    low: list[str] = []
    checked = 0
    try:
        for key in THEMES:
            in_thread(_set_theme, key)
            for scheme in ("light", "dark"):
                pages = visit_pages(browser, server.url, site, {"admin": site.admin}, THEMED_PAGES)
                for page, view in pages:
                    page.emulate_media(color_scheme=scheme)
                    page.set_viewport_size(DESKTOP)
                    # The account menu, open: its links are on every page.
                    page.locator("details.user-menu > summary").click()
                    checked += 1
                    for violation in axe_violations(page, ["color-contrast"]):
                        where = f"{view.url} ({view.route}) in {key}, {scheme}"
                        low.append(describe(where, violation))
    finally:
        server.stop()
    assert checked == len(THEMES) * 2 * len(THEMED_PAGES), checked
    assert not low, "\n".join(low)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_account_menu_is_named_by_the_name_it_shows(
    live_server, network, make_member, new_page, width: int
) -> None:
    """Its name starts with what it shows (the member's name, only initials
    on a phone) and says what it opens, at both widths."""
    member = make_member("Maya Lenoir")
    page = new_page(viewport={"width": width, "height": 800})
    sign_in(page, live_server.url, member.email)
    summary = page.locator("details.user-menu > summary")
    expect(summary).to_have_accessible_name("Maya Lenoir (your account)")
    summary.click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
