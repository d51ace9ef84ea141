"""Every step tells the other side, through the one module that sends
notifications (``notify.py``): who hears of what."""

from __future__ import annotations

import pytest
from django.utils import timezone

from community.volunteering import notify
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.needs import actions as need_actions
from community.volunteering.projects import actions as project_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, str, str]]:
    """(recipient, verb, actor) for every notification handed over."""
    calls: list[tuple[str, str, str]] = []

    def deliver(*, recipient, verb, actor, target) -> None:
        calls.append((recipient.display_name, verb, actor.display_name if actor else ""))

    monkeypatch.setattr(notify, "deliver", deliver)
    return calls


def test_an_application_and_its_answers(manager, volunteer, need, make_member, group, sent) -> None:
    from community.groups import actions as group_actions

    co_admin = make_member("Cora Admin")
    group_actions.join_group(user=co_admin, group=group)
    group_actions.change_member_role(actor=manager, group=group, member=co_admin, role="admin")
    plain = make_member("Plain Member")
    group_actions.join_group(user=plain, group=group)

    application = engagement_actions.apply_to_need(volunteer=volunteer, need=need, message="Hi")
    assert sent == [
        ("Manon Manager", "volunteering_application", "Victor Volunteer"),
        ("Cora Admin", "volunteering_application", "Victor Volunteer"),
    ]
    sent.clear()
    accepted = engagement_actions.accept_engagement(actor=co_admin, engagement=application)
    assert sent == [("Victor Volunteer", "volunteering_accepted", "Cora Admin")]
    sent.clear()
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=accepted, date=timezone.localdate(), hours=2
    )
    assert {r for r, v, _a in sent} == {"Manon Manager", "Cora Admin"}
    assert {v for _r, v, _a in sent} == {"volunteering_hours_logged"}
    sent.clear()
    hours_actions.query_hours(actor=manager, entry=entry, question="2 or 3?")
    hours_actions.confirm_hours(actor=manager, entry=entry)
    engagement_actions.complete_engagement(actor=manager, engagement=accepted)
    assert sent == [
        ("Victor Volunteer", "volunteering_hours_queried", "Manon Manager"),
        ("Victor Volunteer", "volunteering_hours_confirmed", "Manon Manager"),
        ("Victor Volunteer", "volunteering_completed", "Manon Manager"),
    ]


def test_an_invitation_and_its_answers(manager, volunteer, need, sent) -> None:
    invitation = engagement_actions.invite_volunteer(
        manager=manager, need=need, volunteer=volunteer
    )
    assert sent == [("Victor Volunteer", "volunteering_invitation", "Manon Manager")]
    sent.clear()
    engagement_actions.decline_engagement(actor=volunteer, engagement=invitation, reason="No time")
    assert sent == [("Manon Manager", "volunteering_declined", "Victor Volunteer")]


def test_withdrawals_and_cancellations_tell_the_other_side(manager, volunteer, need, sent) -> None:
    application = engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    sent.clear()
    engagement_actions.withdraw_engagement(actor=volunteer, engagement=application)
    assert sent == [("Manon Manager", "volunteering_withdrawn", "Victor Volunteer")]
    sent.clear()
    accepted = engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    )
    sent.clear()
    engagement_actions.cancel_engagement(actor=manager, engagement=accepted, reason="Project moved")
    assert sent == [("Victor Volunteer", "volunteering_cancelled", "Manon Manager")]


def test_a_network_project_tells_the_network_admins(
    network_admin, volunteer, make_project, make_need, sent
) -> None:
    need = make_need(network_admin, make_project(network_admin, None, title="Network project"))
    engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    assert sent == [("Nadia Admin", "volunteering_application", "Victor Volunteer")]


def test_closing_a_need_tells_the_pending_applicants(manager, volunteer, need, sent) -> None:
    engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    sent.clear()
    need_actions.close_need(actor=manager, need=need)
    assert sent == [("Victor Volunteer", "volunteering_declined", "Manon Manager")]


def test_a_refused_step_tells_nobody(manager, volunteer, need, sent) -> None:
    from django.core.exceptions import ValidationError

    engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    sent.clear()
    with pytest.raises(ValidationError):
        engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    assert sent == []


# --- End to end: the notifications the members read (no stand-in for deliver) ---------


def _read(user) -> list[tuple[str, str]]:
    from community.notifications.selectors import notifications_page

    return [(item.text, item.link) for item in notifications_page(viewer=user).object_list]


def test_each_step_reaches_the_other_sides_notifications(manager, volunteer, need) -> None:
    application = engagement_actions.apply_to_need(volunteer=volunteer, need=need, message="Hi")
    link = application.get_absolute_url()
    assert _read(manager) == [("Victor Volunteer applied to “Tenir la comptabilité”.", link)]
    accepted = engagement_actions.accept_engagement(actor=manager, engagement=application)
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=accepted, date=timezone.localdate(), hours=2
    )
    hours_actions.confirm_hours(actor=manager, entry=entry)
    engagement_actions.complete_engagement(actor=manager, engagement=accepted)
    assert _read(volunteer) == [
        ("Manon Manager marked your engagement on “Tenir la comptabilité” as completed.", link),
        ("Manon Manager confirmed your hours on “Tenir la comptabilité”.", link),
        ("Manon Manager accepted the engagement on “Tenir la comptabilité”.", link),
    ]
    assert _read(manager)[0] == ("Victor Volunteer logged hours on “Tenir la comptabilité”.", link)


def test_an_invitation_reaches_the_volunteer(manager, volunteer, need) -> None:
    invitation = engagement_actions.invite_volunteer(
        manager=manager, need=need, volunteer=volunteer
    )
    assert _read(volunteer) == [
        (
            "Manon Manager invited you to help with “Tenir la comptabilité”.",
            invitation.get_absolute_url(),
        )
    ]


def test_deleting_a_project_discards_its_notifications(manager, volunteer, need, project) -> None:
    from community.notifications.models import Notification

    engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    assert Notification.objects.filter(recipient=manager).count() == 1
    project_actions.delete_project(actor=manager, project=project)
    assert not Notification.objects.exists()


def test_a_volunteer_removed_from_a_closed_group_no_longer_reads_its_engagement_news(
    manager, volunteer, make_group, make_project, make_need
) -> None:
    from community.groups import actions as group_actions
    from community.notifications.selectors import unread_count

    closed = make_group(manager, privacy="closed", name="Atelier fermé")
    invitation = group_actions.invite_member(inviter=manager, group=closed, member=volunteer)
    group_actions.respond_to_invitation(user=volunteer, invitation=invitation, accept=True)
    need = make_need(manager, make_project(manager, closed, title="Projet interne"))
    accepted = engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    )
    assert unread_count(volunteer) == 2  # the group invitation, the acceptance
    group_actions.remove_member(actor=manager, group=closed, member=volunteer)
    assert unread_count(volunteer) == 1
    # The engagement's news reads as a neutral line; the closed group is still
    # listed to every member, so its invitation still reads as it was.
    assert [text for text, _link in _read(volunteer)] == [
        "This content is no longer available to you.",
        "Manon Manager invited you to join Atelier fermé.",
    ]
    assert accepted.audience == f"group:{closed.pk}"
