"""The language selector in the account menu (members) and in the header
(visitors): visible, inside the screen and working at phone and desktop widths."""

from __future__ import annotations

import re

import pytest

from community.members.models import User
from tests.e2e.test_profiles import sign_in


def _inside_the_screen(locator, width: int) -> None:
    assert locator.is_visible()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", [375, 1280])
def test_the_account_menu_switches_the_members_language(
    live_server, network, make_member, new_page, width: int
) -> None:
    base = live_server.url
    member = make_member("Maya Lenoir")
    page = new_page(viewport={"width": width, "height": 800})
    sign_in(page, base, member.email)

    page.locator("summary", has_text="your account").click()
    select = page.get_by_label("Language")
    _inside_the_screen(select, width)
    change = page.locator(".menu-panel").get_by_role("button", name="Change")
    _inside_the_screen(change, width)
    select.select_option("fr")
    change.click()
    page.wait_for_url(re.compile(r"/home/$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("summary", has_text="votre compte").is_visible()
    assert User.objects.get(pk=member.pk).language == "fr"

    page.locator("summary", has_text="votre compte").click()
    page.get_by_label("Langue").select_option("en")
    page.locator(".menu-panel").get_by_role("button", name="Changer").click()
    page.wait_for_url(re.compile(r"/home/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert User.objects.get(pk=member.pk).language == "en"


@pytest.mark.parametrize("width", [375, 1280])
def test_the_header_switches_a_visitors_language(
    live_server, public_network, new_page, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(live_server.url + "/")
    header = page.locator("header")
    select = header.get_by_label("Language")
    _inside_the_screen(select, width)
    select.select_option("fr")
    header.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert header.get_by_role("link", name="Se connecter").is_visible()
