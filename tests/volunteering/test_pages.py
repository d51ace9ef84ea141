"""Every page opens for the people it is for, with what they expect on it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.projects import actions as project_actions
from tests.volunteering.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def engaged(manager, volunteer, need, make_offer):
    offer = make_offer(volunteer)
    engagement = engagement_actions.apply_to_need(
        volunteer=volunteer, need=need, message="Hello", offer=offer
    )
    return engagement_actions.accept_engagement(actor=manager, engagement=engagement)


def test_manager_pages_open(manager, project, need, engaged) -> None:
    client = client_for(manager)
    urls = [
        reverse("volunteering:projects"),
        reverse("volunteering:project", args=[project.slug]),
        reverse("volunteering:project_edit", args=[project.slug]),
        reverse("volunteering:dashboard", args=[project.slug]),
        reverse("volunteering:need_create", args=[project.slug]),
        reverse("volunteering:need", args=[project.slug, need.pk]),
        reverse("volunteering:need_edit", args=[project.slug, need.pk]),
        reverse("volunteering:need_suggestions", args=[project.slug, need.pk]),
        reverse("volunteering:need_close", args=[project.slug, need.pk]),
        reverse("volunteering:project_status", args=[project.slug, "completed"]),
        reverse("volunteering:project_delete", args=[project.slug]),
        reverse("volunteering:project_create"),
        reverse("volunteering:engagement", args=[engaged.pk]),
        reverse("volunteering:engagement_action", args=[engaged.pk, "complete"]),
        reverse("volunteering:my_engagements"),
        reverse("groups:detail", args=[project.group.slug]),
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_volunteer_pages_open(volunteer, project, need, engaged) -> None:
    client = client_for(volunteer)
    hours_actions.log_hours(
        volunteer=volunteer, engagement=engaged, date=engaged.starts_on, hours=2
    )
    entry = engaged.hours.get()
    urls = [
        reverse("volunteering:projects"),
        reverse("volunteering:project", args=[project.slug]),
        reverse("volunteering:need", args=[project.slug, need.pk]),
        reverse("volunteering:engagement", args=[engaged.pk]),
        reverse("volunteering:engagement_action", args=[engaged.pk, "cancel"]),
        reverse("volunteering:hours_edit", args=[entry.pk]),
        reverse("volunteering:hours_delete", args=[entry.pk]),
        reverse("volunteering:my_offers"),
        reverse("volunteering:offer_create"),
        reverse("volunteering:my_engagements"),
        reverse("volunteering:for_me"),
        reverse("members:profile", args=[volunteer.handle]),
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_visitors_of_a_public_network_see_public_projects(
    public_network, network_admin, make_project, make_need
) -> None:
    from django.test import Client

    project = make_project(network_admin, None, title="Network Garden")
    need = make_need(network_admin, project, title="Watering Rounds")
    visitor = Client()
    assert "Network Garden" in visitor.get(reverse("volunteering:projects")).content.decode()
    page = visitor.get(reverse("volunteering:need", args=[project.slug, need.pk])).content.decode()
    assert "Watering Rounds" in page and "Sign in to apply" in page
    assert (
        visitor.get(reverse("volunteering:need_apply", args=[project.slug, need.pk])).status_code
        == 302
    )


def test_visitors_of_a_private_network_are_asked_to_sign_in(network) -> None:
    from django.test import Client

    response = Client().get(reverse("volunteering:projects"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_need_s_short_address_leads_to_its_page_or_404(manager, need, make_member) -> None:
    response = client_for(make_member("Reader")).get(need.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteering:need", args=[need.project.slug, need.pk])
    project_actions.change_project_status(actor=manager, project=need.project, status="cancelled")
    secret_group_need_url = reverse("volunteering:need_short", args=[need.pk + 999])
    assert client_for(manager).get(secret_group_need_url).status_code == 404
