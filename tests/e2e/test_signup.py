"""A visitor signs up, verifies their address and lands on the themed member home."""

from __future__ import annotations

import re

from django.core import mail

from community.core.models import Network


def test_sign_up_verify_and_land_on_the_themed_home(
    live_server, network: Network, new_page
) -> None:
    network.name = "Les Amis du Canal"
    network.theme = "ocean"
    network.primary_color = "#7a1f5c"
    network.save()

    page = new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Join the community").click()
    page.get_by_label("Your name").fill("Zoé Lambert")
    page.get_by_label("Email").fill("zoe@example.org")
    page.get_by_label("Password", exact=True).fill("correct-horse-battery-staple")
    page.get_by_label("Password (again)").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/home/$"))

    assert page.get_by_role("heading", name="Welcome, Zoé Lambert").is_visible()
    assert page.locator(".brand").inner_text().strip().endswith("Les Amis du Canal")
    brand_colour = page.locator(".brand-mark").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert brand_colour == "rgb(122, 31, 92)"
