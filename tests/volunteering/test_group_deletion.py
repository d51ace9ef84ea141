"""Deleting a group: its uploads go with it, and volunteers' records stay.

* The files of its posts' images and of its projects' covers are deleted once
  the deletion commits (before, only the group's own pictures were: the rest
  stayed on disk, private images included).
* A group whose projects volunteers have worked on is not deleted, exactly as
  such a project is not: their hours and attestations depend on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from community.groups import actions as group_actions
from community.groups.models import Group, Membership
from community.posts import actions as post_actions
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.projects import actions as project_actions
from tests.groups.conftest import png_upload
from tests.volunteering.conftest import client_for
from tests.volunteering.helpers import database_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def on_disk(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def test_deleting_a_group_deletes_its_posts_images_and_projects_covers(
    manager, make_group, make_project, django_capture_on_commit_callbacks
) -> None:
    group = make_group(manager, privacy="secret", name="Cercle discret")
    with django_capture_on_commit_callbacks(execute=True):
        post = post_actions.create_post(
            author=manager, body="Photos", group=group, images=[png_upload((64, 48))]
        )
        project = make_project(manager, group, cover=png_upload((1200, 400)))
        other = make_project(manager, make_group(manager, name="Autre"), cover=png_upload())
    files = [on_disk(post.images.get().image.name), on_disk(project.cover.name)]
    assert all(path.exists() for path in files)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(reverse("groups:delete", args=[group.slug]))
    assert response.status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not any(path.exists() for path in files)
    assert on_disk(other.cover.name).exists()  # another group's project keeps its cover


def test_deleting_a_project_deletes_its_cover(
    manager, group, make_project, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(manager, group, cover=png_upload((1200, 400)))
    cover = on_disk(project.cover.name)
    assert cover.exists()
    with django_capture_on_commit_callbacks(execute=True):
        project_actions.delete_project(actor=manager, project=project)
    assert not cover.exists()


def test_a_group_whose_projects_volunteers_worked_on_is_not_deleted(
    manager, volunteer, group, need, django_capture_on_commit_callbacks
) -> None:
    engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    )
    before = (database_state(), list(Membership.objects.values_list("pk", flat=True)))

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            reverse("groups:delete", args=[group.slug]), follow=True
        )
    assert response.redirect_chain[0][1] == 302
    assert response.request["PATH_INFO"] == group.get_absolute_url()
    assert "Volunteers have worked on this group&#x27;s projects" in response.content.decode()
    assert Group.objects.filter(pk=group.pk).exists()
    assert (database_state(), list(Membership.objects.values_list("pk", flat=True))) == before


def test_a_group_with_projects_nobody_worked_on_is_deleted_with_them(
    manager, volunteer, group, need
) -> None:
    engagement_actions.apply_to_need(volunteer=volunteer, need=need)  # applied, never accepted
    group_actions.delete_group(actor=manager, group=group)
    assert not Group.objects.filter(pk=group.pk).exists()
    assert database_state()[0] == []  # the project went with it
