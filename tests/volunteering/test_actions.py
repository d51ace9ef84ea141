"""Projects, needs and offers: who may do what, bad input (a clear message,
nothing written), activities, and the volunteer record's privacy."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from community.activity.models import Activity
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.hours import selectors as hours_selectors
from community.volunteering.models import OfferSkill, Project
from community.volunteering.needs import actions as need_actions
from community.volunteering.offers import actions as offer_actions
from community.volunteering.offers import selectors as offer_selectors
from community.volunteering.projects import actions as project_actions
from community.volunteering.projects import selectors as project_selectors
from tests.volunteering.conftest import client_for
from tests.volunteering.helpers import database_state

pytestmark = pytest.mark.django_db


def refused(call, error_type=ValidationError):
    before = database_state()
    with pytest.raises(error_type) as caught:
        call()
    assert database_state() == before
    return caught.value


def test_who_may_start_projects(manager, group, make_member, network_admin, make_project) -> None:
    plain = make_member("Plain")
    refused(lambda: make_project(plain, group), PermissionDenied)
    refused(lambda: make_project(manager, None), PermissionDenied)  # network projects: admins
    assert make_project(network_admin, None).audience == "public"
    assert make_project(network_admin, group).group == group


def test_drafts_are_seen_by_their_managers_only(manager, group, volunteer, make_project) -> None:
    draft = make_project(manager, group, publish=False)
    assert client_for(volunteer).get(draft.get_absolute_url()).status_code == 404
    assert client_for(manager).get(draft.get_absolute_url()).status_code == 200
    listed, _ = project_selectors.projects_directory(
        volunteer, project_selectors.ProjectFilters(status="all")
    )
    assert draft not in listed
    mine, _ = project_selectors.projects_directory(
        manager, project_selectors.ProjectFilters(status="draft")
    )
    assert list(mine) == [draft]
    assert not Activity.objects.filter(verb="project_opened").exists()
    project_actions.change_project_status(actor=manager, project=draft, status="open")
    assert Activity.objects.filter(verb="project_opened", audience="public").count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "Give it a title."),
        ({"cause": "knitting"}, "cause", "Choose a cause from the list."),
        (
            {"starts_on": "2025-05-01", "ends_on": "2025-04-01"},
            "ends_on",
            "The end date must come after the start date.",
        ),
        ({"starts_on": "soon"}, "starts_on", "Enter a valid date, for example 2025-03-31."),
    ],
)
def test_bad_project_input(manager, group, make_project, fields, field, message) -> None:
    error = refused(lambda: make_project(manager, group, **fields))
    assert error.message_dict == {field: [message]}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"needed": {}}, "skills", "Choose at least one skill."),
        ({"total_hours": None}, "total_hours", None),
        ({"volunteers_wanted": 0}, "volunteers_wanted", "Enter a number between 1 and 500."),
        ({"volunteers_wanted": "many"}, "volunteers_wanted", "Enter a whole number."),
        (
            {"total_hours": None, "hours_per_week": "x", "weeks": 3},
            "hours_per_week",
            "Enter a number, for example 2 or 1.5.",
        ),
        ({"apply_by": "2000-01-01"}, "apply_by", "The date to apply by is already past."),
    ],
)
def test_bad_need_input(manager, project, skills, fields, field, message) -> None:
    fields = dict(fields)
    needed = fields.pop("needed", {"accounting": "confirmed"})
    base = {"title": "Accounts", "total_hours": 10, "volunteers_wanted": 1}
    base.update(fields)
    error = refused(
        lambda: need_actions.create_need(
            actor=manager,
            project=project,
            skills={skills[s]: level for s, level in needed.items()},
            **base,
        )
    )
    assert field in error.message_dict
    if message:
        assert error.message_dict[field] == [message]


def test_bad_need_input_through_the_page(manager, project) -> None:
    before = database_state()
    response = client_for(manager).post(
        reverse("volunteering:need_create", args=[project.slug]),
        {"title": "Accounts", "volunteers_wanted": "1", "work_mode": "on_site"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose at least one skill." in content or "Say how much time it takes" in content
    assert "Nothing was saved" in content
    assert database_state() == before


def test_a_need_cannot_ask_for_fewer_than_it_has(manager, volunteer, need, skills) -> None:
    need.volunteers_wanted = 2
    engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    )
    error = refused(
        lambda: need_actions.update_need(
            actor=manager,
            need=need,
            title="x",
            skills={skills["accounting"]: "beginner"},
            total_hours=3,
            volunteers_wanted=0,
        )
    )
    assert "volunteers_wanted" in error.message_dict


def test_offers_lifecycle_and_activities(volunteer, make_offer) -> None:
    offer = make_offer(volunteer)
    assert Activity.objects.filter(verb="offer_published", audience="members").count() == 1
    offer_actions.pause_offer(user=volunteer, offer=offer)
    assert not OfferSkill.objects.filter(offer=offer, active=True).exists()
    refused(lambda: offer_actions.pause_offer(user=volunteer, offer=offer))
    offer_actions.resume_offer(user=volunteer, offer=offer)
    assert OfferSkill.objects.filter(offer=offer, active=True).exists()
    offer_actions.close_offer(user=volunteer, offer=offer)
    assert not Activity.objects.filter(verb="offer_published").exists()  # left the feeds
    refused(lambda: offer_actions.resume_offer(user=volunteer, offer=offer))


def test_an_offer_for_project_managers_is_not_announced(
    volunteer, make_member, make_offer, manager, project
) -> None:
    offer = make_offer(volunteer, visibility="managers")
    assert not Activity.objects.filter(verb="offer_published").exists()
    other = make_member("Other")
    assert offer_selectors.offers_on_profile(other, volunteer) == []
    assert offer_selectors.offers_on_profile(manager, volunteer) == [offer]  # runs a project
    assert offer_selectors.offers_on_profile(volunteer, volunteer) == [offer]


def test_only_its_owner_changes_an_offer(volunteer, make_member, make_offer) -> None:
    from django.http import Http404

    offer = make_offer(volunteer)
    refused(lambda: offer_actions.pause_offer(user=make_member("Other"), offer=offer), Http404)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hours_per_month": 0}, "hours_per_month"),
        ({"hours_per_month": "lots"}, "hours_per_month"),
        ({"travel_radius_km": -3}, "travel_radius_km"),
        ({"available_until": "2001-01-01"}, "available_until"),
        ({"visibility": "friends"}, "visibility"),
        ({"work_mode": "teleport"}, "work_mode"),
    ],
)
def test_bad_offer_input(volunteer, make_offer, fields, field) -> None:
    error = refused(lambda: make_offer(volunteer, **fields))
    assert field in error.message_dict


def test_an_offer_is_placed_from_its_postcode(volunteer, make_offer) -> None:
    offer = make_offer(volunteer, postcode="42000", city="")
    assert offer.latitude and 45 < offer.latitude < 46 and not offer.approximate
    rural = make_offer(volunteer, postcode="42999", city="")  # unknown: its département
    assert rural.approximate


def test_record_privacy_and_attestation_access(
    public_network, manager, volunteer, need, make_member, network_admin
) -> None:
    engagement = engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    )
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=engagement, date=timezone.localdate(), hours=6
    )
    hours_actions.confirm_hours(actor=manager, entry=entry)
    engagement = engagement_actions.complete_engagement(actor=manager, engagement=engagement)
    member = make_member("Curious Member")
    assert hours_selectors.volunteer_record(member, volunteer).confirmed_hours == 6
    assert hours_selectors.volunteer_record(None, volunteer) is None  # default: members
    hours_actions.set_record_visibility(member=volunteer, visibility="admins")
    assert hours_selectors.volunteer_record(member, volunteer) is None
    assert hours_selectors.volunteer_record(network_admin, volunteer) is not None
    assert hours_selectors.volunteer_record(volunteer, volunteer) is not None
    url = reverse("volunteering:attestation", args=[engagement.pk])
    assert client_for(member).get(url).status_code == 404
    for allowed in (volunteer, manager, network_admin):
        response = client_for(allowed).get(url)
        assert response.status_code == 200
        assert "6 h" in response.content.decode()


def test_deleting_a_project_with_volunteers_is_refused(manager, volunteer, project, need) -> None:
    engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    )
    error = refused(lambda: project_actions.delete_project(actor=manager, project=project))
    assert "Cancel or complete it instead" in error.messages[0]


def test_deleting_an_untouched_project(manager, project, need, volunteer) -> None:
    engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    project_actions.delete_project(actor=manager, project=project)
    assert not Project.objects.exists()
    assert not Activity.objects.filter(verb__in=["project_opened", "need_opened"]).exists()


def test_directory_filters(manager, group, volunteer, make_project, make_need) -> None:
    lyon = make_project(manager, group, title="Lyon project", cause="culture")
    make_need(manager, lyon, {"graphic-design": "beginner"})
    paris = make_project(manager, group, title="Paris project", postcode="75011", city="Paris")
    make_need(manager, paris, {"accounting": "beginner"}, work_mode="remote")

    def titles(**filters) -> list[str]:
        projects, _ = project_selectors.projects_directory(
            volunteer, project_selectors.ProjectFilters(**filters)
        )
        return sorted(p.title for p in projects)

    assert titles() == ["Lyon project", "Paris project"]
    assert titles(skill="graphic-design") == ["Lyon project"]
    assert titles(cause="culture") == ["Lyon project"]
    assert titles(remote=True) == ["Paris project"]
    assert titles(near="69100", radius=30) == ["Lyon project"]
    assert titles(near="Paris", radius=10) == ["Paris project"]
    assert titles(group=group.slug) == ["Lyon project", "Paris project"]
    assert titles(status="completed") == []
    _, message = project_selectors.projects_directory(
        volunteer, project_selectors.ProjectFilters(near="Atlantis")
    )
    assert "We could not place" in message
    response = client_for(volunteer).get(
        reverse("volunteering:projects") + "?skill=accounting&fragment=results",
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert "Paris project" in content and "Lyon project" not in content
    assert "<html" not in content  # the htmx fragment only
