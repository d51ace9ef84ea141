"""A NUL byte (or another C0 control character) anywhere in a request — path,
query string, form field, uploaded file name, JSON body, cookie, header — is
answered with a translated 400 page and writes nothing
(``core.middleware.ControlCharactersMiddleware``).

Before, PostgreSQL (which refuses NUL in text) raised from deep inside the
views and the request answered 500: ``/groups/?q=%00``, ``/tags/%00/``,
``/projects/?skill=%00``, ``/posts/mentions/?q=%00``, a group's member search,
``/posts/new/?group=a%00b``, a post into a group named with a NUL, a session
cookie with a NUL, ``/media/%00../manage.py``. Run on PostgreSQL and SQLite.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from community.groups import actions as group_actions
from community.members.models import User
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

MESSAGE = "contains a control character"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    member: User
    group_slug: str


@pytest.fixture
def world(network, make_member) -> World:
    owner = make_member("Olivia Owner")
    member = make_member("Marc Member")
    group = group_actions.create_group(creator=owner, name="Jardin partagé")
    group_actions.join_group(user=member, group=group)
    return World(member=member, group_slug=group.slug)


def row_counts() -> dict[str, int]:
    """How many rows every table of the project holds."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions"}
    }


def png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (20, 120, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def get(url: str, **extra) -> Callable[[Client, World], object]:
    return lambda client, world: client.get(url.format(slug=world.group_slug), **extra)


def post(url: str, data: Callable[[World], dict], **extra) -> Callable[[Client, World], object]:
    return lambda client, world: client.post(url, data(world), **extra)


CASES = {
    # the black-box run's 500s
    "group search": get("/groups/?q=%00"),
    "tag page": get("/tags/%00/"),
    "project skill filter": get("/projects/?skill=%00"),
    "mention suggestions": get("/posts/mentions/?q=%00"),
    "group member search": get("/groups/{slug}/members/?q=%00"),
    "composer for a group": get("/posts/new/?group=a%00b"),
    "post into a group named with a NUL": post(
        "/posts/new/", lambda world: {"group": "a\x00b", "body": "Hello", "title": ""}
    ),
    "media path": get("/media/%00../manage.py"),
    # the same rule everywhere else
    "NUL in a path segment": get("/groups/{slug}%00/"),
    "other control character in a query": get("/groups/?q=a%01b"),
    "control character in a parameter name": get("/groups/?q%00=a"),
    "NUL in a post's body": post(
        "/posts/new/", lambda world: {"group": world.group_slug, "body": "Hel\x00lo"}
    ),
    "escape character in a post's body": post(
        "/posts/new/", lambda world: {"group": world.group_slug, "body": "Hel\x1blo"}
    ),
    "NUL in a group's name": post(
        "/groups/new/", lambda world: {"name": "Club\x00", "privacy": "open"}
    ),
    "NUL in a form field's name": post(
        "/posts/new/", lambda world: {"group": world.group_slug, "body": "Hi", "x\x00": "1"}
    ),
    "escaped NUL in a JSON body": lambda client, world: client.post(
        "/posts/new/", '{"body": "a\\u0000b"}', content_type="application/json"
    ),
    "raw control character in a JSON body": lambda client, world: client.post(
        "/posts/new/", '{"body": "a\x01b"}', content_type="application/json"
    ),
    "NUL in a cookie": lambda client, world: (
        client.cookies.__setitem__("messages", "a\x00b") or client.get("/groups/")
    ),
    "control character in a header": get("/groups/", HTTP_USER_AGENT="probe\x00"),
}


@pytest.mark.parametrize("case", CASES)
def test_control_characters_get_a_400_page_and_write_nothing(world, case) -> None:
    client = client_for(world.member)
    before = row_counts()
    response = CASES[case](client, world)
    assert response.status_code == 400, case
    assert MESSAGE in response.content.decode(), case
    assert row_counts() == before


def test_a_nul_in_the_session_cookie_gets_a_400_page(world) -> None:
    """The session key is looked up in the database before any view runs."""
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    before = row_counts()
    response = client.get("/groups/")
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert row_counts() == before


def test_the_400_page_speaks_the_visitors_language(world, network_admin) -> None:
    """The language cookie, else the network's default (the member's own
    language would need the session, which is read from the refused request)."""
    from community.core.actions import update_network

    client = client_for(world.member)
    client.cookies["django_language"] = "fr"
    response = client.get("/groups/?q=%00")
    assert response.status_code == 400
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()
    update_network(admin=network_admin, changes={"default_language": "fr"})
    response = Client().get("/?q=%00")
    assert response.status_code == 400 and response["Content-Language"] == "fr"


def test_an_uploaded_files_name_never_keeps_a_control_character(world) -> None:
    """Django's multipart parser drops non-printable characters from a file's
    name before any code sees it (and images are stored under a new name):
    the post goes through, nothing with a control character is stored."""
    from community.posts.models import PostImage

    response = client_for(world.member).post(
        "/posts/new/", {"group": world.group_slug, "body": "Photo", "images": png("a\x00\x07.png")}
    )
    assert response.status_code == 302
    assert not any(c < " " for c in PostImage.objects.get().image.name)


def test_tabs_and_line_breaks_in_text_are_kept(world) -> None:
    """Tab, CR and LF are ordinary in typed text: a post with them is published."""
    from community.posts.models import Post

    client = client_for(world.member)
    response = client.post(
        "/posts/new/", {"group": world.group_slug, "body": "Line one\r\n\tindented\nthree"}
    )
    assert response.status_code == 302
    assert Post.objects.get().body == "Line one\r\n\tindented\nthree"
    assert client.get("/groups/?q=jardin%09partag%C3%A9").status_code == 200
