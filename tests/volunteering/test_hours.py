"""Hours: bad input gets a clear message and writes nothing (action and page);
managers confirm or query; the volunteer corrects."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.models import HoursEntry, HoursStatus
from tests.volunteering.conftest import client_for
from tests.volunteering.helpers import database_state, days_ago

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def engagement(manager, volunteer, need, make_offer):
    make_offer(volunteer)
    application = engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    with days_ago(7):  # accepted a week ago
        return engagement_actions.accept_engagement(actor=manager, engagement=application)


BAD_HOURS = [
    ("-2", "Enter more than zero hours."),
    ("0", "Enter more than zero hours."),
    ("0.001", "Enter more than zero hours."),
    ("25", "A day has 24 hours: enter 24 or fewer."),
    ("six", "Enter the hours as a number, for example 2 or 1.5."),
    ("1e400", "A day has 24 hours: enter 24 or fewer."),
    ("NaN", "Enter the hours as a number, for example 2 or 1.5."),
    ("", "Enter the number of hours."),
]


@pytest.mark.parametrize(("hours", "message"), BAD_HOURS)
def test_bad_hours_are_refused_and_nothing_is_written(
    volunteer, engagement, hours, message
) -> None:
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.log_hours(
            volunteer=volunteer, engagement=engagement, date=TODAY(), hours=hours
        )
    assert caught.value.message_dict == {"hours": [message]}
    assert database_state() == before


def test_more_than_24_hours_in_a_day_in_total_is_refused(
    manager, volunteer, engagement, project, make_need
) -> None:
    hours_actions.log_hours(volunteer=volunteer, engagement=engagement, date=TODAY(), hours="20")
    # Another engagement the same day counts too.
    other_need = make_need(manager, project, title="Second mission")
    other = engagement_actions.accept_engagement(
        actor=manager,
        engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=other_need),
    )
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.log_hours(volunteer=volunteer, engagement=other, date=TODAY(), hours="4.5")
    assert "You already logged 20 h on" in caught.value.message_dict["hours"][0]
    assert database_state() == before
    hours_actions.log_hours(volunteer=volunteer, engagement=other, date=TODAY(), hours="4")


@pytest.mark.parametrize(
    ("day", "message_start"),
    [
        (lambda: TODAY() + timedelta(days=1), "You cannot log hours for a day still to come."),
        (lambda: TODAY() - timedelta(days=8), "Log hours between"),
        (lambda: "31/02/2025", "Enter a valid date"),
        (lambda: "2025-02-31", "Enter a valid date"),
        (lambda: "", "Enter the date you worked."),
    ],
)
def test_dates_outside_the_engagement_are_refused(
    volunteer, engagement, day, message_start
) -> None:
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.log_hours(volunteer=volunteer, engagement=engagement, date=day(), hours=2)
    assert caught.value.message_dict["date"][0].startswith(message_start)
    assert database_state() == before


def test_after_completion_a_correction_keeps_to_the_engagement_dates(
    manager, volunteer, engagement
) -> None:
    """Completed, the hours are locked for the volunteer (tests/volunteering/
    test_hours_lock.py); a manager's correction stays within the dates."""
    with days_ago(2):
        completed = engagement_actions.complete_engagement(actor=manager, engagement=engagement)
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.correct_hours(
            actor=manager, engagement=completed, date=TODAY(), hours=1, reason="Forgotten."
        )
    assert caught.value.message_dict["date"][0].startswith("Log hours between")
    assert database_state() == before
    correction = hours_actions.correct_hours(
        actor=manager,
        engagement=completed,
        date=TODAY() - timedelta(days=3),
        hours="1,5",
        reason="Forgotten.",
    )
    assert correction.entry.hours == Decimal("1.50")


def test_no_hours_on_a_proposed_engagement(volunteer, need, make_member) -> None:
    application = engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.log_hours(volunteer=volunteer, engagement=application, date=TODAY(), hours=1)
    assert "this one is proposed" in caught.value.messages[0]
    assert database_state() == before


@pytest.mark.parametrize(("hours", "message"), BAD_HOURS[:5])
def test_bad_hours_through_the_page(volunteer, engagement, hours, message) -> None:
    before = database_state()
    response = client_for(volunteer).post(
        reverse("volunteering:hours_log", args=[engagement.pk]),
        {"date": TODAY().isoformat(), "hours": hours, "note": ""},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert message.replace("'", "&#x27;") in content
    assert "Nothing was saved" in content
    assert database_state() == before


def test_confirm_query_and_correct(manager, volunteer, engagement) -> None:
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=engagement, date=TODAY(), hours="3", note="Inventory"
    )
    queried = hours_actions.query_hours(actor=manager, entry=entry, question="3 h or 2 h?")
    assert queried.status == HoursStatus.QUERIED
    corrected = hours_actions.update_hours(
        volunteer=volunteer, entry=entry, date=TODAY(), hours="2"
    )
    assert corrected.status == HoursStatus.PENDING and corrected.hours == Decimal("2.00")
    confirmed = hours_actions.confirm_hours(actor=manager, entry=entry)
    assert confirmed.status == HoursStatus.CONFIRMED
    before = database_state()
    with pytest.raises(ValidationError):
        hours_actions.update_hours(volunteer=volunteer, entry=entry, date=TODAY(), hours="5")
    with pytest.raises(ValidationError):
        hours_actions.delete_hours(volunteer=volunteer, entry=entry)
    with pytest.raises(ValidationError):
        hours_actions.confirm_hours(actor=manager, entry=entry)
    assert database_state() == before


def test_a_query_needs_a_question(manager, volunteer, engagement) -> None:
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=engagement, date=TODAY(), hours=1
    )
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.query_hours(actor=manager, entry=entry, question="  ")
    assert caught.value.message_dict == {"question": ["Say what you would like to know."]}
    assert database_state() == before
    assert HoursEntry.objects.get(pk=entry.pk).status == HoursStatus.PENDING


def test_someone_else_cannot_log_on_the_engagement(engagement, make_member) -> None:
    stranger = make_member("Stranger")
    from django.http import Http404

    before = database_state()
    with pytest.raises(Http404):
        hours_actions.log_hours(volunteer=stranger, engagement=engagement, date=TODAY(), hours=1)
    assert database_state() == before
