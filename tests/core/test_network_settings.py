"""The network settings page: admins only, validated, applied on the next page load."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from PIL import Image

from community.core.models import Network

pytestmark = pytest.mark.django_db

URL = reverse("core:network_settings")


def settings_data(network: Network, **changes) -> dict:
    data = model_to_dict(network, exclude=["id", "logo", "favicon"])
    data = {key: value for key, value in data.items() if value is not None}
    data.update(changes)
    return data


def png_bytes(size=(64, 64), colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def snapshot() -> dict:
    return model_to_dict(Network.objects.get(pk=1))


def test_members_and_visitors_may_not_open_or_post(network, member_client: Client) -> None:
    before = snapshot()
    assert member_client.get(URL).status_code == 403
    assert member_client.post(URL, settings_data(network, name="Hacked")).status_code == 403
    assert Client().get(URL).status_code == 302
    assert snapshot() == before


def test_admin_changes_apply_on_next_page_load(network, network_admin_client: Client) -> None:
    response = network_admin_client.post(
        URL,
        settings_data(
            network,
            name="Les Restos du Quartier",
            tagline="Solidarité alimentaire",
            theme="ocean",
            primary_color="#7A1F5C",
            registration_mode="approval",
            visibility="public",
        ),
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.name == "Les Restos du Quartier"
    assert network.primary_color == "#7a1f5c"
    page = network_admin_client.get(reverse("home")).content.decode()
    assert "Les Restos du Quartier" in page
    assert "--primary:#7a1f5c" in page
    assert 'data-theme="ocean"' in page


@pytest.mark.parametrize("bad", ["red", "#12345", "#gggggg", "123456", "#1234567"])
def test_bad_colour_is_a_clear_error_and_saves_nothing(
    network, network_admin_client: Client, bad: str
) -> None:
    before = snapshot()
    response = network_admin_client.post(URL, settings_data(network, name="New", primary_color=bad))
    assert response.status_code == 400
    assert "six hexadecimal digits" in response.content.decode()
    assert snapshot() == before


def test_low_contrast_colour_is_saved_with_a_warning(network, network_admin_client: Client) -> None:
    response = network_admin_client.post(
        URL, settings_data(network, primary_color="#ffee58"), follow=True
    )
    page = response.content.decode()
    assert "WCAG AA" in page
    assert "contrast of 1.2:1" in page
    network.refresh_from_db()
    assert network.primary_color == "#ffee58"


def test_non_image_logo_is_refused_and_nothing_changes(
    network, network_admin_client: Client
) -> None:
    before = snapshot()
    fake = SimpleUploadedFile("logo.png", b"this is not a picture", content_type="image/png")
    response = network_admin_client.post(URL, {**settings_data(network, name="New"), "logo": fake})
    assert response.status_code == 400
    assert "not an image we can read" in response.content.decode()
    assert snapshot() == before


def test_oversized_logo_is_refused_and_nothing_changes(
    network, network_admin_client: Client
) -> None:
    before = snapshot()
    big = SimpleUploadedFile("logo.png", png_bytes() + b"\0" * (3 * 1024 * 1024), "image/png")
    response = network_admin_client.post(URL, {**settings_data(network, name="New"), "logo": big})
    assert response.status_code == 400
    assert "the limit is 2.0" in response.content.decode()
    assert snapshot() == before


def test_logo_and_favicon_are_reencoded_and_shown(
    network, network_admin_client: Client, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    logo = SimpleUploadedFile("logo.png", png_bytes((900, 300)), "image/png")
    favicon = SimpleUploadedFile("icon.png", png_bytes((100, 80)), "image/png")
    response = network_admin_client.post(
        URL, {**settings_data(network), "logo": logo, "favicon": favicon}
    )
    assert response.status_code == 302
    network.refresh_from_db()
    with Image.open(network.logo.path) as stored:
        assert max(stored.size) == 512
    with Image.open(network.favicon.path) as stored:
        assert stored.size == (64, 64)
    page = Client().get("/").content.decode()
    assert network.logo.url in page and network.favicon.url in page
    assert Client().get(network.logo.url).status_code == 200
