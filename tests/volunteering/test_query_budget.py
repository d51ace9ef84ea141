"""Fixed query budgets: the projects directory and the suggestions page cost
the same number of queries with 2 or 12 projects / offers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.volunteering.conftest import client_for

pytestmark = pytest.mark.django_db

DIRECTORY_BUDGET = 12  # with the newest activity id the live client resumes from, the bell
SUGGESTIONS_BUDGET = 15  # both matching steps (every skill, then some)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_projects_directory_query_budget(
    manager, group, volunteer, make_project, make_need, django_assert_max_num_queries
) -> None:
    client = client_for(volunteer)
    url = reverse("volunteering:projects")
    for n in range(2):
        make_need(manager, make_project(manager, group, title=f"Project {n}"))
    small = count(client, url)
    for n in range(2, 12):
        make_need(manager, make_project(manager, group, title=f"Project {n}"))
    with django_assert_max_num_queries(DIRECTORY_BUDGET):
        response = client.get(url)
    assert response.content.decode().count('class="card project-card"') == 12
    assert count(client, url) == small
    filtered = url + "?skill=accounting&remote=1&near=69004&cause=solidarity&status=all"
    with django_assert_max_num_queries(DIRECTORY_BUDGET):
        client.get(filtered)
    with django_assert_max_num_queries(DIRECTORY_BUDGET):
        client.get(url + "?fragment=results", HTTP_HX_REQUEST="true")


def test_suggestions_page_query_budget(
    manager, need, make_member, make_offer, django_assert_max_num_queries
) -> None:
    client = client_for(manager)
    url = reverse("volunteering:need_suggestions", args=[need.project.slug, need.pk])
    for n in range(2):
        make_offer(make_member(f"Volunteer {n}"), {"accounting": "expert", "budgeting": "beginner"})
    small = count(client, url)
    for n in range(2, 12):
        make_offer(make_member(f"Volunteer {n}"), {"accounting": "confirmed"})
    with django_assert_max_num_queries(SUGGESTIONS_BUDGET):
        response = client.get(url)
    assert response.content.decode().count('class="card suggestion"') == 12
    assert count(client, url) == small


def test_group_page_projects_cost_a_fixed_number_of_queries(
    manager, group, make_project, make_need
) -> None:
    client = client_for(manager)
    make_need(manager, make_project(manager, group, title="First"))
    small = count(client, group.get_absolute_url())
    for n in range(5):
        make_need(manager, make_project(manager, group, title=f"Project {n}"))
    assert count(client, group.get_absolute_url()) == small
