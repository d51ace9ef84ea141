"""A project's cover is served by ``volunteering:project_cover`` after the
project's visibility check, never by ``/media/``: a project of a secret group
shows its cover to the group's members only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.groups.conftest import png_upload
from tests.volunteering.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_secret_groups_project_cover_is_for_its_members_only(
    manager, volunteer, make_group, make_project
) -> None:
    group = make_group(manager, privacy="secret", name="Cercle discret")
    project = make_project(manager, group, cover=png_upload((1200, 400)))
    url = project.cover_url
    assert url.startswith(reverse("volunteering:project_cover", args=[project.slug]))
    with project.cover.open("rb") as file:
        stored = file.read()

    response = client_for(manager).get(url)
    assert response.status_code == 200 and body(response) == stored
    assert url in client_for(manager).get(project.get_absolute_url()).content.decode()
    assert client_for(volunteer).get(url).status_code == 404
    # The file itself is not served under /media/, to anyone.
    assert project.cover.name.startswith("projects/")
    for viewer in (manager, volunteer):
        assert client_for(viewer).get(f"/media/{project.cover.name}").status_code == 404


def test_an_open_project_cover_is_served_to_members_and_a_missing_one_is_404(
    manager, volunteer, make_group, make_project
) -> None:
    project = make_project(manager, make_group(manager), cover=png_upload((1200, 400)))
    assert client_for(volunteer).get(project.cover_url).status_code == 200
    bare = make_project(manager, make_group(manager, name="Autre"), title="Sans image")
    assert bare.cover_url == ""
    url = reverse("volunteering:project_cover", args=[bare.slug])
    assert client_for(manager).get(url).status_code == 404


def test_the_edit_form_shows_the_current_cover_through_its_view(
    manager, make_group, make_project
) -> None:
    project = make_project(manager, make_group(manager), cover=png_upload((1200, 400)))
    url = reverse("volunteering:project_edit", args=[project.slug])
    html = client_for(manager).get(url).content.decode()
    assert "/media/projects/" not in html
    assert f'href="{project.cover_url}"' in html
