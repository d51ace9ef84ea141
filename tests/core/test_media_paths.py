"""Private uploads (post images, group pictures, project covers) are never
served by ``/media/``, whatever the spelling of their path: dot segments,
empty segments, encoded dots and slashes (once or twice), mixed case, trailing
dots, backslashes. ``/media/`` decides on the path it serves, and refuses any
path that is not already in normal form (404).

Before, ``core.views.media`` tested the raw path's prefix and the file system
normalised it afterwards: ``/media/./posts/<file>`` gave anyone (signed out
included, through the open ``/media/network/`` prefix of a private network)
the bytes of a secret group's post image.

Checked through the test client and through a real daphne (which decodes the
path itself), and whitenoise's ``/static/`` for the same tricks.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.http import Http404
from django.test import Client

from community.core import actions as core_actions
from community.core.images import process_image
from community.core.media import serve_media_file
from community.groups import actions as group_actions
from community.groups.models import Privacy
from community.members.models import User
from community.posts import actions as post_actions
from community.volunteering.projects import actions as project_actions
from tests.groups.conftest import png_upload
from tests.support.clients import client_for

ROOT = Path(__file__).resolve().parents[2]

# ``{dir}`` and ``{file}`` are a private file's directory and file name
# (``posts`` and ``<hex>.png``); each spelling reaches the same file once the
# path is normalised (or decoded twice).
SPELLINGS = [
    "./{dir}/{file}",
    "{dir}/./{file}",
    "x/../{dir}/{file}",
    "network/../{dir}/{file}",  # /media/network/ is open to visitors of a private network
    "{dir}/x/../{file}",
    "{dir}/{file}/.",
    "%2e/{dir}/{file}",
    "%2E/{dir}/{file}",
    "x/%2e%2e/{dir}/{file}",
    "x/%2E%2e/{dir}/{file}",
    "network/%2e%2e/{dir}/{file}",
    "x%2f..%2f{dir}/{file}",
    "x%2F..%2F{dir}/{file}",
    "network%2f..%2f{dir}%2f{file}",
    "%252e/{dir}/{file}",
    "x%252f..%252f{dir}/{file}",
    "network/%252e%252e/{dir}/{file}",
    "/{dir}/{file}",
    "{dir}//{file}",
    "//{dir}/{file}",
    "{dir}./{file}",
    "{dir}../{file}",
    "{dir}/{file}.",
    "{dir}/{file}%2e",
    "x\\..\\{dir}\\{file}",
    "x%5c..%5c{dir}%5c{file}",
    ".%5c{dir}/{file}",
    "{DIR}/{file}",
    "{Dir}/{file}",
    "network/./../{dir}/{file}",
]


@dataclass
class Secrets:
    """The files of a secret group, by the name they are stored under."""

    owner: User
    outsider: User
    files: dict[str, bytes]


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def secrets(media_root, public_network, make_member, skills) -> Secrets:
    owner = make_member("Olivia Owner")
    outsider = make_member("Otto Outsider")
    group = group_actions.create_group(
        creator=owner,
        name="Cercle discret",
        privacy=Privacy.SECRET,
        avatar=png_upload((300, 300)),
        cover=png_upload((1200, 400)),
    )
    post = post_actions.create_post(
        author=owner, body="Our secret photo", group=group, images=[png_upload((64, 48))]
    )
    project = project_actions.create_project(
        actor=owner,
        title="Projet discret",
        cause="solidarity",
        group=group,
        city="Lyon",
        postcode="69004",
        cover=png_upload((1200, 400)),
        publish=True,
    )
    stored = [group.avatar, group.cover, post.images.get().image, project.cover]
    files = {}
    for picture in stored:
        with picture.open("rb") as file:
            files[picture.name] = file.read()
    assert {name.split("/")[0] for name in files} == {"posts", "groups", "projects"}
    return Secrets(owner=owner, outsider=outsider, files=files)


def spellings(name: str) -> list[str]:
    directory, file = name.split("/")
    return [
        spelling.format(dir=directory, file=file, DIR=directory.upper(), Dir=directory.title())
        for spelling in SPELLINGS
    ]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_spelling_of_a_private_upload_is_404_through_the_test_client(secrets) -> None:
    clients = {"visitor": Client(), "outsider": client_for(secrets.outsider)}
    served = []
    for name, content in secrets.files.items():
        # Spelled plainly, /media/ refuses it (only its own view serves it).
        assert clients["outsider"].get(f"/media/{name}").status_code == 404
        for spelling in spellings(name):
            for who, client in clients.items():
                response = client.get(f"/media/{spelling}")
                if response.status_code != 404 or content in body(response):
                    served.append((who, spelling, response.status_code))
    assert served == []


def test_visitors_of_a_private_network_get_nothing_through_the_open_branding_prefix(
    secrets, network_admin
) -> None:
    core_actions.update_network(admin=network_admin, changes={"visibility": "private"})
    for name, content in secrets.files.items():
        for spelling in spellings(name):
            response = Client().get(f"/media/{spelling}")
            assert content not in body(response), spelling
            # sent to sign in like on every page, or 404 under the open branding prefix
            assert response.status_code in (302, 404), (spelling, response.status_code)
            if spelling.startswith("network"):
                assert response.status_code == 404, spelling


def test_normal_uploads_are_still_served(media_root, public_network, network_admin) -> None:
    network = core_actions.update_network(
        admin=network_admin, changes={"logo": process_image(png_upload((200, 80)))}
    )
    assert network.logo.name.startswith("network/")
    response = Client().get(network.logo.url)
    assert response.status_code == 200
    with network.logo.open("rb") as file:
        assert body(response) == file.read()


@pytest.mark.parametrize(
    "name",
    [
        "x/../posts/{file}",
        "./posts/{file}",
        "posts/./{file}",
        "posts//{file}",
        "/posts/{file}",
        "posts/{file}/.",
        "posts\\{file}",
        "posts/{file}\x00",
        "posts/%2e/{file}",
    ],
)
def test_serve_media_file_refuses_a_name_that_is_not_normal(secrets, name) -> None:
    """The views that serve a checked file (posts:image, groups:picture,
    volunteering:project_cover, the invitation picture) pass the stored name;
    whatever they pass, nothing outside that exact file is served."""
    stored = next(name for name in secrets.files if name.startswith("posts/"))
    with pytest.raises(Http404):
        serve_media_file(name.format(file=stored.split("/")[1]))
    assert serve_media_file(stored).status_code == 200


def test_the_checked_file_views_take_no_path_from_the_address(secrets) -> None:
    """Their addresses carry ids, a slug, a kind or a token — never a path:
    dot segments and encoded slashes in them find no file."""
    from community.groups.models import Group
    from community.posts.models import PostImage

    group = Group.objects.get()
    image = PostImage.objects.get()
    owner = client_for(secrets.owner)
    for url in (
        f"/groups/{group.slug}/picture/..%2fcover/",
        f"/groups/{group.slug}/picture/avatar%2f..%2fcover/",
        f"/groups/{group.slug}/picture/..%2f..%2fposts%2f{image.image.name.split('/')[1]}/",
        f"/groups/{group.slug}/picture/__class__/",
        "/groups/%2e%2e/picture/avatar/",
        f"/posts/{image.post_id}/images/{image.pk}/..%2f..%2f/",
        "/invitations/group/..%2f..%2fmedia%2fposts/picture/",
        "/invitations/group/%2e%2e/picture/",
        "/projects/%2e%2e/cover/",
    ):
        response = owner.get(url)
        assert response.status_code == 404, url
        assert all(content not in body(response) for content in secrets.files.values()), url


STATIC_TRICKS = [
    "../manage.py",
    "css/../../manage.py",
    "%2e%2e/manage.py",
    "css/%2E%2E/%2e%2e/manage.py",
    "..%2fmanage.py",
    "css%2f..%2f..%2fmanage.py",
    "%252e%252e/manage.py",
    "..\\manage.py",
    "..%5cmanage.py",
    "/../manage.py",
    "./../community/settings.py",
    "..//community/settings.py",
]


@pytest.mark.django_db
def test_static_files_cannot_be_walked_out_of(client, network) -> None:
    secret = (ROOT / "manage.py").read_bytes()
    settings_source = (ROOT / "community/settings.py").read_bytes()
    assert client.get("/static/css/app.css").status_code == 200
    for trick in STATIC_TRICKS:
        response = client.get(f"/static/{trick}")
        content = body(response)
        assert response.status_code == 404, trick
        assert secret not in content and settings_source not in content, trick


# --- through a real daphne --------------------------------------------------------------


def raw_get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        if cookie:
            connection.putheader("Cookie", cookie)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_every_spelling_is_404_through_a_running_daphne(secrets, media_root) -> None:
    from tests.support.daphne import Daphne

    session = client_for(secrets.outsider).cookies[settings.SESSION_COOKIE_NAME].value
    outsider = f"{settings.SESSION_COOKIE_NAME}={session}"
    server = Daphne(MEDIA_ROOT=str(media_root)).start()
    try:
        served = []
        for name, content in secrets.files.items():
            for spelling in spellings(name):
                if "\\" in spelling:
                    continue  # not a valid request target; the %5c spellings cover it
                for who, cookie in (("visitor", ""), ("outsider", outsider)):
                    status, data = raw_get(server.port, f"/media/{spelling}", cookie)
                    if status != 404 or content in data:
                        served.append((who, spelling, status))
        assert served == []
        secret = (ROOT / "manage.py").read_bytes()
        for trick in STATIC_TRICKS:
            if "\\" in trick:
                continue
            status, data = raw_get(server.port, f"/static/{trick}")
            assert status == 404 and secret not in data, (trick, status)
        assert raw_get(server.port, "/static/css/app.css")[0] == 200
    finally:
        server.stop()
