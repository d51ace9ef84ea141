"""Every page opens for the people it is for, with what they expect on it."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import escape

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
    title, need_title = project.title, need.title
    pages = [  # (url, the page's heading, something it lists)
        (reverse("volunteering:projects"), "Projects", title),
        (reverse("volunteering:project", args=[project.slug]), title, need_title),
        (reverse("volunteering:project_edit", args=[project.slug]), f"Edit {title}", None),
        (reverse("volunteering:dashboard", args=[project.slug]), "Dashboard", "Victor Volunteer"),
        (reverse("volunteering:need_create", args=[project.slug]), "Add a need", None),
        (reverse("volunteering:need", args=[project.slug, need.pk]), need_title, title),
        (
            reverse("volunteering:need_edit", args=[project.slug, need.pk]),
            f"Edit {need_title}",
            None,
        ),
        (
            reverse("volunteering:need_suggestions", args=[project.slug, need.pk]),
            "Suggested volunteers",
            None,
        ),
        (
            reverse("volunteering:need_close", args=[project.slug, need.pk]),
            f"Close “{need_title}”?",
            None,
        ),
        (
            reverse("volunteering:project_status", args=[project.slug, "completed"]),
            "Complete the project",
            None,
        ),
        (reverse("volunteering:project_delete", args=[project.slug]), f"Delete “{title}”?", None),
        (reverse("volunteering:project_create"), "Start a project", None),
        (reverse("volunteering:engagement", args=[engaged.pk]), need_title, "Victor Volunteer"),
        (
            reverse("volunteering:engagement_action", args=[engaged.pk, "complete"]),
            "Mark this engagement completed?",
            None,
        ),
        (reverse("volunteering:my_engagements"), "My engagements", None),
        (reverse("groups:detail", args=[project.group.slug]), project.group.name, None),
        (reverse("home"), "Welcome, Manon Manager", None),
    ]
    for url, heading, listed in pages:
        assert_page(client, url, heading, listed)


def test_volunteer_pages_open(volunteer, project, need, engaged) -> None:
    client = client_for(volunteer)
    hours_actions.log_hours(
        volunteer=volunteer, engagement=engaged, date=engaged.starts_on, hours=2
    )
    entry = engaged.hours.get()
    title, need_title = project.title, need.title
    pages = [  # (url, the page's heading, something it lists)
        (reverse("volunteering:projects"), "Projects", title),
        (reverse("volunteering:project", args=[project.slug]), title, need_title),
        (reverse("volunteering:need", args=[project.slug, need.pk]), need_title, title),
        (reverse("volunteering:engagement", args=[engaged.pk]), need_title, title),
        (
            reverse("volunteering:engagement_action", args=[engaged.pk, "cancel"]),
            "Cancel this engagement?",
            None,
        ),
        (reverse("volunteering:hours_edit", args=[entry.pk]), "Correct these hours", None),
        (reverse("volunteering:hours_delete", args=[entry.pk]), "Delete these hours?", None),
        (reverse("volunteering:my_offers"), "My offers", engaged.offer.title),
        (reverse("volunteering:offer_create"), "Offer my skills", None),
        (reverse("volunteering:my_engagements"), "My engagements", need_title),
        (reverse("volunteering:for_me"), "Needs matching my skills", None),
        (reverse("members:profile", args=[volunteer.handle]), "Victor Volunteer", None),
        (reverse("home"), "Welcome, Victor Volunteer", None),
    ]
    for url, heading, listed in pages:
        assert_page(client, url, heading, listed)


def assert_page(client, url: str, heading: str, listed: str | None) -> None:
    """The page opens with its own heading (and shows ``listed`` when given)."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert [unescape(re.sub(r"<[^>]+>", "", h).strip()) for h in found[:1]] == [heading], url
    if listed is not None:
        assert escape(listed) in html, (url, listed)


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
