"""The engagement state machine: every illegal transition is refused with a
clear message and writes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from community.activity.models import Activity
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.models import EngagementStatus, NeedStatus
from community.volunteering.needs import actions as need_actions
from community.volunteering.projects import actions as project_actions
from tests.volunteering.conftest import client_for
from tests.volunteering.helpers import database_state, days_ago

pytestmark = pytest.mark.django_db


def refused(call, error_type=ValidationError) -> str:
    """Run ``call``; it must raise ``error_type`` and leave the database as it was."""
    before = database_state()
    with pytest.raises(error_type) as caught:
        call()
    assert database_state() == before
    error = caught.value
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@pytest.fixture
def application(volunteer, need, make_offer):
    make_offer(volunteer)
    return engagement_actions.apply_to_need(
        volunteer=volunteer, need=need, message="I keep accounts."
    )


def test_the_happy_path_through_every_state(manager, volunteer, need, application) -> None:
    assert application.status == EngagementStatus.PROPOSED
    accepted = engagement_actions.accept_engagement(actor=manager, engagement=application)
    assert accepted.status == EngagementStatus.ACCEPTED
    assert accepted.starts_on == timezone.localdate()
    need.refresh_from_db()
    assert need.status == NeedStatus.FILLED  # one volunteer wanted
    completed = engagement_actions.complete_engagement(actor=manager, engagement=accepted)
    assert completed.status == EngagementStatus.COMPLETED
    verbs = list(Activity.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs[-2:] == ["volunteer_joined", "engagement_completed"]


def test_complete_a_declined_engagement_is_refused(manager, application) -> None:
    declined = engagement_actions.decline_engagement(
        actor=manager, engagement=application, reason="Full"
    )
    message = refused(
        lambda: engagement_actions.complete_engagement(actor=manager, engagement=declined)
    )
    assert message == "Only an accepted engagement can be completed; this one is declined."


def test_accept_on_a_filled_need_is_refused(
    manager, volunteer, need, make_member, application
) -> None:
    other = make_member("Second Applicant")
    second = engagement_actions.apply_to_need(volunteer=other, need=need)
    engagement_actions.accept_engagement(actor=manager, engagement=application)
    message = refused(
        lambda: engagement_actions.accept_engagement(actor=manager, engagement=second)
    )
    assert message == "This need is filled: every place is taken."


def test_confirm_hours_as_the_volunteer_is_refused(manager, volunteer, application) -> None:
    engagement = engagement_actions.accept_engagement(actor=manager, engagement=application)
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=engagement, date=timezone.localdate(), hours="3"
    )
    message = refused(
        lambda: hours_actions.confirm_hours(actor=volunteer, entry=entry), PermissionDenied
    )
    assert message == "Your own hours are confirmed by the project's managers, not by you."


def test_a_volunteer_who_also_manages_cannot_confirm_their_own_hours(
    manager, need, make_offer
) -> None:
    engagement = engagement_actions.invite_volunteer(manager=manager, need=need, volunteer=manager)
    # The invited manager answers their own invitation as the volunteer.
    engagement = engagement_actions.accept_engagement(actor=manager, engagement=engagement)
    entry = hours_actions.log_hours(
        volunteer=manager, engagement=engagement, date=timezone.localdate(), hours=1
    )
    refused(lambda: hours_actions.confirm_hours(actor=manager, entry=entry), PermissionDenied)


def test_apply_to_a_closed_need_is_refused(manager, volunteer, need) -> None:
    need_actions.close_need(actor=manager, need=need)
    message = refused(lambda: engagement_actions.apply_to_need(volunteer=volunteer, need=need))
    assert message == "This need is closed: it no longer takes volunteers."


def test_apply_twice_is_refused(volunteer, need, application) -> None:
    message = refused(lambda: engagement_actions.apply_to_need(volunteer=volunteer, need=need))
    assert message == "You have already applied to this need."


def test_apply_after_the_deadline_is_refused(manager, volunteer, project, make_need) -> None:
    with days_ago(1):  # added yesterday, to apply by yesterday
        need = make_need(manager, project, apply_by=timezone.localdate())
    message = refused(lambda: engagement_actions.apply_to_need(volunteer=volunteer, need=need))
    assert message.startswith("Applications for this need closed on")


def test_apply_to_a_draft_project_is_404(
    manager, volunteer, group, make_project, make_need
) -> None:
    draft = make_project(manager, group, publish=False, title="Draft")
    need = make_need(manager, draft)
    from django.http import Http404

    refused(lambda: engagement_actions.apply_to_need(volunteer=volunteer, need=need), Http404)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("accept", "Only a proposed engagement can be accepted; this one is accepted."),
        ("decline", "Only a proposed engagement can be declined; this one is accepted."),
        ("withdraw", "Only a proposed engagement can be withdrawn; this one is accepted."),
    ],
)
def test_answers_to_an_accepted_engagement_are_refused(
    manager, volunteer, application, action, message
) -> None:
    accepted = engagement_actions.accept_engagement(actor=manager, engagement=application)
    actor = volunteer if action == "withdraw" else manager
    call = getattr(engagement_actions, f"{action}_engagement")
    assert refused(lambda: call(actor=actor, engagement=accepted)) == message


def test_cancel_a_proposed_engagement_is_refused(volunteer, application) -> None:
    message = refused(
        lambda: engagement_actions.cancel_engagement(actor=volunteer, engagement=application)
    )
    assert message == "Only an accepted engagement can be cancelled; this one is proposed."


def test_the_volunteer_cannot_accept_their_own_application(volunteer, application) -> None:
    message = refused(
        lambda: engagement_actions.accept_engagement(actor=volunteer, engagement=application),
        PermissionDenied,
    )
    assert message == "The project's managers answer your application."


def test_a_manager_cannot_accept_an_invitation_for_the_volunteer(manager, volunteer, need) -> None:
    invitation = engagement_actions.invite_volunteer(
        manager=manager, need=need, volunteer=volunteer
    )
    message = refused(
        lambda: engagement_actions.accept_engagement(actor=manager, engagement=invitation),
        PermissionDenied,
    )
    assert message == "Only the invited volunteer may answer an invitation."
    accepted = engagement_actions.accept_engagement(actor=volunteer, engagement=invitation)
    assert accepted.status == EngagementStatus.ACCEPTED


def test_only_managers_complete(manager, volunteer, application) -> None:
    accepted = engagement_actions.accept_engagement(actor=manager, engagement=application)
    refused(
        lambda: engagement_actions.complete_engagement(actor=volunteer, engagement=accepted),
        PermissionDenied,
    )


def test_cancelling_frees_the_place(manager, volunteer, need, application, make_member) -> None:
    accepted = engagement_actions.accept_engagement(actor=manager, engagement=application)
    need.refresh_from_db()
    assert need.status == NeedStatus.FILLED
    engagement_actions.cancel_engagement(actor=volunteer, engagement=accepted, reason="Moving away")
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    other = make_member("Next")
    engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=other, need=need)
    )


def test_reapplying_after_a_withdrawal_is_allowed(volunteer, need, application) -> None:
    engagement_actions.withdraw_engagement(actor=volunteer, engagement=application)
    again = engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    assert again.status == EngagementStatus.PROPOSED


def test_closing_a_need_declines_pending_applications(manager, need, application) -> None:
    need_actions.close_need(actor=manager, need=need)
    application.refresh_from_db()
    assert application.status == EngagementStatus.DECLINED
    assert application.answer == "The need was closed."


def test_completing_a_project_closes_its_needs(manager, project, need, application) -> None:
    project_actions.change_project_status(actor=manager, project=project, status="completed")
    need.refresh_from_db()
    application.refresh_from_db()
    assert need.status == NeedStatus.CLOSED
    assert application.status == EngagementStatus.DECLINED
    message = refused(
        lambda: project_actions.change_project_status(actor=manager, project=project, status="open")
    )
    assert message == "A project that is “Completed” cannot become “Open”."


def test_illegal_transition_through_the_page_shows_the_message(
    manager, volunteer, application
) -> None:
    declined = engagement_actions.decline_engagement(actor=manager, engagement=application)
    before = database_state()
    response = client_for(manager).post(
        reverse("volunteering:engagement_action", args=[declined.pk, "complete"]), follow=True
    )
    assert response.status_code == 200
    assert "Only an accepted engagement can be completed; this one is declined." in (
        response.content.decode()
    )
    assert database_state() == before


def test_apply_twice_through_the_page_shows_the_message(volunteer, need, application) -> None:
    before = database_state()
    response = client_for(volunteer).post(
        reverse("volunteering:need_apply", args=[need.project.slug, need.pk]),
        {"message": "again"},
    )
    assert response.status_code == 400
    assert "You have already applied to this need." in response.content.decode()
    assert database_state() == before
