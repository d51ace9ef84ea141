"""Landing, member home, error pages and the private network's walled garden."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

CONTENT_URLS = ["/home/", "/members/alice-martin/", "/manage/network/", "/no-such-page/"]


@pytest.mark.parametrize("url", CONTENT_URLS)
def test_private_network_sends_visitors_to_sign_in(network, member, client: Client, url) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_private_network_hides_member_media_but_not_branding(network, client: Client) -> None:
    assert client.get("/media/avatars/x.png")["Location"].startswith(reverse("account_login"))
    assert client.get("/media/network/missing.png").status_code == 404


def test_private_network_landing_shows_only_the_front_door(network, client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Entraide Test" in page
    assert reverse("account_signup") in page and reverse("account_login") in page


def test_public_network_landing_is_public(public_network, client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Entraide Test" in response.content.decode()
    assert "A test network" in response.content.decode()


def test_members_land_on_their_home(member_client: Client) -> None:
    assert member_client.get("/")["Location"] == reverse("home")
    page = member_client.get(reverse("home")).content.decode()
    assert "Welcome, Alice Martin" in page
    assert 'aria-label="Main"' in page


def test_404_page_in_the_kit_style(member_client: Client) -> None:
    response = member_client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "This page does not exist" in page
    assert 'id="network-theme"' in page


def test_403_page_in_the_kit_style(member_client: Client) -> None:
    response = member_client.get(reverse("core:network_settings"))
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()


def test_500_page_renders_without_a_request() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_default_language_applies_and_a_visitor_can_switch(network, client: Client) -> None:
    network.default_language = "fr"
    network.save()
    assert client.get("/")["Content-Language"] == "fr"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get("/")["Content-Language"] == "en"
