"""A secret group's project, need and engagement never reach outsiders:
directory, matching (both ways), pages, the home page, profile records,
feeds, notifications and pushes. Viewers: a visitor (public network), an
outsider with a matching offer, a network admin who is not in the group, a
suspended insider. Insiders see everything (the control)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.activity.models import Activity
from community.activity.visibility import audiences_for, visible_q
from community.groups import actions as group_actions
from community.members import actions as member_actions
from community.members.models import User
from community.volunteering import notify
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.hours import selectors as hours_selectors
from community.volunteering.matching import selectors as matching_selectors
from community.volunteering.offers import actions as offer_actions
from community.volunteering.projects import selectors as project_selectors
from tests.volunteering.conftest import client_for

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Hébergement Solidaire"  # no character HTML would escape
SECRET_NEED = "Trésorerie confidentielle"


@pytest.fixture
def sent(monkeypatch) -> list[tuple[int, str]]:
    """Every notification handed to the notifications app: (recipient id, verb)."""
    calls: list[tuple[int, str]] = []
    monkeypatch.setattr(
        notify,
        "deliver",
        lambda *, recipient, verb, actor, target: calls.append((recipient.pk, verb)),
    )
    return calls


@pytest.fixture
def pushed(monkeypatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(
        "realtime.publish.publish_activity", lambda activity_id, **_: calls.append(activity_id)
    )
    return calls


@pytest.fixture
def world(
    public_network,
    manager,
    make_group,
    make_member,
    make_project,
    make_need,
    make_offer,
    sent,
    pushed,
    django_capture_on_commit_callbacks,
):
    secret = make_group(manager, privacy="secret", name="Cercle")
    insider = make_member("Ines Insider")
    group_actions.invite_member(inviter=manager, group=secret, member=insider)
    group_actions.respond_to_invitation(
        user=insider, invitation=insider.group_invitations.get(), accept=True
    )
    outsider = make_member("Oscar Outsider")
    admin = make_member("Nadia Admin", is_network_admin=True)
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(manager, secret, title=SECRET_TITLE)
        need = make_need(manager, project, title=SECRET_NEED, work_mode="remote")
        make_offer(insider, {"accounting": "expert"}, work_mode="remote")
        make_offer(outsider, {"accounting": "expert"}, work_mode="remote")
        make_offer(admin, {"accounting": "expert"}, work_mode="remote")
        engagement = engagement_actions.apply_to_need(volunteer=insider, need=need)
        engagement = engagement_actions.accept_engagement(actor=manager, engagement=engagement)
        entry = hours_actions.log_hours(
            volunteer=insider, engagement=engagement, date=timezone.localdate(), hours=4
        )
        hours_actions.confirm_hours(actor=manager, entry=entry)
        engagement = engagement_actions.complete_engagement(actor=manager, engagement=engagement)
    return {
        "group": secret,
        "project": project,
        "need": need,
        "engagement": engagement,
        "insider": insider,
        "outsider": outsider,
        "admin": admin,
        "manager": manager,
    }


def outsiders(world) -> list[User | None]:
    return [None, world["outsider"], world["admin"]]


def test_directory_never_lists_it(world) -> None:
    for viewer in outsiders(world):
        projects, _ = project_selectors.projects_directory(
            viewer, project_selectors.ProjectFilters(status="all")
        )
        assert world["project"] not in projects
        client = client_for(viewer)
        for query in ("", "?status=all", f"?group={world['group'].slug}", "?skill=accounting"):
            content = client.get(reverse("volunteering:projects") + query).content.decode()
            assert SECRET_TITLE not in content
    content = client_for(world["insider"]).get(reverse("volunteering:projects")).content.decode()
    assert SECRET_TITLE in content


def test_its_pages_answer_404(world) -> None:
    project, need, engagement = world["project"], world["need"], world["engagement"]
    urls = [
        reverse("volunteering:project", args=[project.slug]),
        reverse("volunteering:need", args=[project.slug, need.pk]),
        reverse("volunteering:need_apply", args=[project.slug, need.pk]),
        reverse("volunteering:engagement", args=[engagement.pk]),
        reverse("volunteering:attestation", args=[engagement.pk]),
    ]
    for viewer in (world["outsider"],):
        for url in urls:
            assert client_for(viewer).get(url).status_code == 404, url
    for url in urls[:2]:
        assert Client().get(url).status_code == 404, url
    assert client_for(world["insider"]).get(urls[0]).status_code == 200


def test_matching_never_crosses_the_group(world) -> None:
    suggested = [s.volunteer for s in matching_selectors.suggestions_for_need(world["need"])]
    assert world["outsider"] not in suggested and world["admin"] not in suggested
    for viewer in (world["outsider"], world["admin"]):
        assert all(s.need != world["need"] for s in matching_selectors.needs_for_volunteer(viewer))
        home = client_for(viewer).get(reverse("home")).content.decode()
        for_me = client_for(viewer).get(reverse("volunteering:for_me")).content.decode()
        assert SECRET_NEED not in home and SECRET_NEED not in for_me


def test_profile_records_never_show_it(world) -> None:
    insider = world["insider"]
    hours_actions.set_record_visibility(member=insider, visibility="everyone")
    url = reverse("members:profile", args=[insider.handle])
    for viewer in outsiders(world):
        # Nothing the viewer may see: no record at all (not even hours without a project).
        assert hours_selectors.volunteer_record(viewer, insider) is None
        assert SECRET_TITLE not in client_for(viewer).get(url).content.decode()
    own = hours_selectors.volunteer_record(insider, insider)
    assert [p.project for p in own.projects] == [world["project"]]
    assert own.confirmed_hours == 4
    fellow = hours_selectors.volunteer_record(world["manager"], insider)
    assert [p.project for p in fellow.projects] == [world["project"]]


def test_feeds_and_pushes_keep_to_the_group(world, pushed) -> None:
    audience = f"group:{world['group'].pk}"
    activities = Activity.objects.filter(group=world["group"]).exclude(verb="created_group")
    verbs = set(activities.values_list("verb", flat=True))
    assert {"project_opened", "need_opened", "volunteer_joined", "engagement_completed"} <= verbs
    assert set(activities.values_list("audience", flat=True)) == {audience}
    for viewer in outsiders(world):
        assert not Activity.objects.filter(visible_q(viewer), group=world["group"]).exists()
    # Every push went to an audience outsiders do not belong to.
    pushed_audiences = set(
        Activity.objects.filter(pk__in=pushed).values_list("audience", flat=True)
    )
    for viewer in outsiders(world):
        assert not (pushed_audiences - {"members"}) & audiences_for(viewer)


def test_notifications_only_reach_the_two_sides(world, sent) -> None:
    recipients = {recipient for recipient, _verb in sent}
    assert recipients <= {world["manager"].pk, world["insider"].pk}
    assert world["outsider"].pk not in recipients and world["admin"].pk not in recipients


def test_making_a_group_secret_hides_its_projects_at_once(
    public_network,
    manager,
    group,
    make_member,
    make_project,
    make_need,
    make_offer,
    outsider_offer=None,
) -> None:
    outsider = make_member("Outsider")
    make_offer(outsider, {"accounting": "expert"}, work_mode="remote")
    project = make_project(manager, group, title="Was open")
    need = make_need(manager, project, work_mode="remote")
    assert [s.need for s in matching_selectors.needs_for_volunteer(outsider)] == [need]
    group_actions.change_group_privacy(actor=manager, group=group, privacy="secret")
    project.refresh_from_db()
    need.refresh_from_db()
    assert project.audience == need.audience == f"group:{group.pk}"
    assert matching_selectors.needs_for_volunteer(outsider) == []
    projects, _ = project_selectors.projects_directory(outsider, project_selectors.ProjectFilters())
    assert list(projects) == []


def test_a_suspended_insider_sees_nothing(world) -> None:
    insider = world["insider"]
    member_actions.suspend_member(admin=world["admin"], member=insider)
    insider.refresh_from_db()
    projects, _ = project_selectors.projects_directory(insider, project_selectors.ProjectFilters())
    assert list(projects) == []
    assert matching_selectors.needs_for_volunteer(insider) == []


# --- Parameters that name an object: ``?group=``, ``?offer=``, the htmx results -------


def test_the_directory_fragment_and_the_group_filter_never_name_it(world) -> None:
    """``?group=<secret slug>`` and the htmx results fragment read like an
    unknown group: no project, no group name."""
    secret = world["group"]
    for viewer in outsiders(world):
        client = client_for(viewer)
        for query in (f"?group={secret.slug}", f"?group={secret.slug}&fragment=results"):
            response = client.get(reverse("volunteering:projects") + query, HTTP_HX_REQUEST="true")
            unknown = client.get(
                reverse("volunteering:projects") + query.replace(secret.slug, "no-such-group"),
                HTTP_HX_REQUEST="true",
            )
            assert response.status_code == unknown.status_code == 200
            content = response.content.decode()
            assert SECRET_TITLE not in content and secret.name not in content, query
    inside = client_for(world["insider"]).get(
        reverse("volunteering:projects") + f"?group={secret.slug}&fragment=results",
        HTTP_HX_REQUEST="true",
    )
    assert SECRET_TITLE in inside.content.decode()


def test_project_form_never_names_a_group_from_the_query(world, make_member, make_group) -> None:
    """``/projects/new/?group=<slug>`` preselects one of the groups the viewer
    runs; a secret group they are not in is not named."""
    runner = make_member("Rachel Runner")
    make_group(runner, name="Jardin")
    secret = world["group"]
    response = client_for(runner).get(
        reverse("volunteering:project_create"), {"group": secret.slug}
    )
    assert response.status_code == 200
    assert secret.name not in response.content.decode()


def test_need_invite_names_only_an_offer_the_manager_may_see(
    manager, project, need, volunteer, make_member, make_offer
) -> None:
    """``?offer=<id>`` on the invitation page (and the form's ``offer_id``):
    only an offer the volunteer's profile shows the manager is named and
    linked to the engagement; a paused or closed one, or another member's,
    reads as none."""
    shown = make_offer(volunteer, title="Offre active")
    paused = make_offer(volunteer, title="Offre en pause")
    offer_actions.pause_offer(user=volunteer, offer=paused)
    closed = make_offer(volunteer, title="Offre close")
    offer_actions.close_offer(user=volunteer, offer=closed)
    other = make_offer(make_member("Olive Other"), title="Offre d'une autre")
    client = client_for(manager)
    url = reverse("volunteering:need_invite", args=[project.slug, need.pk, volunteer.handle])
    titles = [shown.title, paused.title, closed.title, other.title]
    for offer in (shown, paused, closed, other):
        page = client.get(url, {"offer": offer.pk}).content.decode()
        expected = [shown.title] if offer == shown else []
        assert [title for title in titles if title in page] == expected, offer.title
    for offer in (closed, other):
        response = client.post(url, {"offer_id": offer.pk, "message": "Bonjour"})
        assert response.status_code == 302
    engagement = need.engagements.get(volunteer=volunteer)
    assert engagement.offer is None  # the hidden offers were not linked
