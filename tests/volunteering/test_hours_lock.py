"""Hours follow the engagement (issue 14, point 6): the volunteer logs and
changes them from the acceptance on, before the work starts too; once the
engagement is completed they are locked, and only a project manager corrects
them, with a reason, which re-issues the attestation as a new version while
the old one stays verifiable as superseded, with its own totals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from community.groups import actions as group_actions
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.models import Attestation, HoursCorrection, HoursEntry, HoursStatus
from tests.volunteering.conftest import client_for
from tests.volunteering.helpers import database_state, days_ago

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
LOCKED = (
    "Hours are locked since the engagement was completed; ask a project admin for a correction."
)
NO_REASON = "Say why these hours are corrected: the reason is recorded."


@pytest.fixture
def accepted(manager, volunteer, need):
    application = engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    with days_ago(7):  # accepted a week ago
        return engagement_actions.accept_engagement(actor=manager, engagement=application)


@pytest.fixture
def completed(manager, volunteer, accepted):
    """Completed two days ago with 3 confirmed hours and 1 still pending: version 1."""
    entry = hours_actions.log_hours(
        volunteer=volunteer,
        engagement=accepted,
        date=TODAY() - timedelta(days=4),
        hours="3",
        note="Inventory",
    )
    hours_actions.confirm_hours(actor=manager, entry=entry)
    hours_actions.log_hours(
        volunteer=volunteer, engagement=accepted, date=TODAY() - timedelta(days=3), hours="1"
    )
    with days_ago(2):
        return engagement_actions.complete_engagement(actor=manager, engagement=accepted)


def _entry(engagement, hours: str) -> HoursEntry:
    return HoursEntry.objects.get(engagement=engagement, hours=Decimal(hours))


def test_hours_are_logged_between_acceptance_and_start(
    manager, volunteer, group, make_project, make_need
) -> None:
    """Accepted, the project not started yet (open, its start date to come):
    preparation hours are logged, by the action and through the page."""
    project = make_project(
        manager, group, title="Later project", starts_on=TODAY() + timedelta(days=30)
    )
    assert project.status == "open"
    need = make_need(manager, project)
    application = engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    with days_ago(3):
        engagement = engagement_actions.accept_engagement(actor=manager, engagement=application)
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=engagement, date=TODAY() - timedelta(days=2), hours="2"
    )
    assert entry.status == HoursStatus.PENDING
    page = client_for(volunteer).get(engagement.get_absolute_url()).content.decode()
    assert reverse("volunteering:hours_log", args=[engagement.pk]) in page
    response = client_for(volunteer).post(
        reverse("volunteering:hours_log", args=[engagement.pk]),
        {"date": (TODAY() - timedelta(days=1)).isoformat(), "hours": "1,5", "note": "Prep"},
    )
    assert response.status_code == 302
    assert HoursEntry.objects.filter(engagement=engagement, hours=Decimal("1.50")).exists()


def test_logging_after_completion_is_refused_and_nothing_is_written(volunteer, completed) -> None:
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.log_hours(
            volunteer=volunteer,
            engagement=completed,
            date=TODAY() - timedelta(days=3),
            hours="2",
        )
    assert caught.value.messages == [LOCKED]
    assert database_state() == before

    client = client_for(volunteer)
    response = client.post(
        reverse("volunteering:hours_log", args=[completed.pk]),
        {"date": (TODAY() - timedelta(days=3)).isoformat(), "hours": "2", "note": ""},
    )
    assert response.status_code == 400
    assert LOCKED.replace("'", "&#x27;") in response.content.decode()
    assert database_state() == before

    # The page explains the lock and offers no way to log or change hours.
    page = client.get(completed.get_absolute_url()).content.decode()
    assert "data-hours-locked" in page and LOCKED.replace("'", "&#x27;") in page
    assert reverse("volunteering:hours_log", args=[completed.pk]) not in page
    assert reverse("volunteering:hours_edit", args=[_entry(completed, "1").pk]) not in page


def test_after_completion_the_volunteer_cannot_change_pending_hours_nor_a_manager_confirm_them(
    manager, volunteer, completed
) -> None:
    pending = _entry(completed, "1")
    assert pending.status == HoursStatus.PENDING
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.update_hours(volunteer=volunteer, entry=pending, date=pending.date, hours="6")
    assert caught.value.messages == [LOCKED]
    with pytest.raises(ValidationError) as caught:
        hours_actions.delete_hours(volunteer=volunteer, entry=pending)
    assert caught.value.messages == [LOCKED]
    response = client_for(volunteer).post(
        reverse("volunteering:hours_edit", args=[pending.pk]),
        {"date": pending.date.isoformat(), "hours": "6", "note": ""},
    )
    assert response.status_code == 400
    assert LOCKED.replace("'", "&#x27;") in response.content.decode()
    with pytest.raises(ValidationError) as caught:
        hours_actions.confirm_hours(actor=manager, entry=pending)
    assert "Correct them with a reason" in caught.value.messages[0]
    assert database_state() == before


def test_a_correction_is_recorded_and_re_issues_the_attestation(
    manager, volunteer, completed
) -> None:
    v1 = Attestation.objects.get(engagement=completed)
    assert (v1.version, v1.confirmed_hours) == (1, Decimal("3.00"))
    entry = _entry(completed, "3")

    response = client_for(manager).post(
        reverse("volunteering:hours_correct", args=[entry.pk]),
        {
            "date": entry.date.isoformat(),
            "hours": "5",
            "note": "Inventory",
            "reason": "The inventory took two more hours.",
        },
    )
    assert response.status_code == 302

    correction = HoursCorrection.objects.get()
    assert correction.engagement_id == completed.pk and correction.entry_id == entry.pk
    assert correction.corrected_by == manager
    assert correction.reason == "The inventory took two more hours."
    assert correction.before["hours"] == "3.00" and correction.after["hours"] == "5.00"
    assert correction.corrected_at is not None
    v1.refresh_from_db()
    v2 = Attestation.objects.get(engagement=completed, version=2)
    assert correction.attestation == v2
    assert v1.confirmed_hours == Decimal("3.00")  # the issued version is frozen
    assert v2.confirmed_hours == Decimal("5.00")
    assert v1.code != v2.code

    # The old version stays verifiable, says it is superseded, keeps its totals.
    old = client_for(None).get(v1.get_absolute_url())  # private network: sign-in first
    assert old.status_code == 302
    old = client_for(volunteer).get(v1.get_absolute_url())
    assert old.status_code == 200
    old_page = old.content.decode()
    assert "superseded by version 2" in old_page
    assert f'href="{v2.get_absolute_url()}"' in old_page
    assert "<strong data-confirmed-hours>3 h</strong>" in old_page
    assert "5 h</strong>" not in old_page

    current = client_for(manager).get(v2.get_absolute_url()).content.decode()
    assert "superseded by" not in current
    assert "<dd data-version>2</dd>" in current
    assert "<strong data-confirmed-hours>5 h</strong>" in current
    # The engagement's attestation is the current version, and lists both.
    attestation = reverse("volunteering:attestation", args=[completed.pk])
    shown = client_for(volunteer).get(attestation).content.decode()
    assert "<dd data-version>2</dd>" in shown and v1.get_absolute_url() in shown
    # The engagement page shows the correction, its reason and the versions.
    page = client_for(volunteer).get(completed.get_absolute_url()).content.decode()
    assert "The inventory took two more hours." in page
    assert "3 h on" in page and "became 5 h on" in page
    assert v1.get_absolute_url() in page and v2.get_absolute_url() in page


def test_a_manager_adds_hours_on_the_engagement_page(manager, volunteer, completed) -> None:
    page = client_for(manager).get(completed.get_absolute_url()).content.decode()
    assert 'for="id_reason"' in page  # the correction form, its reason labelled
    entry = _entry(completed, "3")
    assert reverse("volunteering:hours_correct", args=[entry.pk]) in page
    day = TODAY() - timedelta(days=5)
    response = client_for(manager).post(
        reverse("volunteering:hours_correction", args=[completed.pk]),
        {"date": day.isoformat(), "hours": "2", "note": "", "reason": "Forgotten session."},
    )
    assert response.status_code == 302
    added = HoursEntry.objects.get(engagement=completed, date=day)
    assert added.status == HoursStatus.CONFIRMED and added.volunteer == volunteer
    correction = HoursCorrection.objects.get()
    assert correction.before is None and correction.entry == added
    assert Attestation.objects.get(engagement=completed, version=2).confirmed_hours == 5


def test_a_correction_needs_a_reason(manager, completed) -> None:
    entry = _entry(completed, "3")
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.correct_hours(
            actor=manager,
            engagement=completed,
            entry=entry,
            date=entry.date,
            hours="5",
            reason="   ",
        )
    assert caught.value.message_dict == {"reason": [NO_REASON]}
    assert database_state() == before
    for url, data in (
        (reverse("volunteering:hours_correct", args=[entry.pk]), {"date": entry.date}),
        (
            reverse("volunteering:hours_correction", args=[completed.pk]),
            {"date": TODAY() - timedelta(days=5)},
        ),
    ):
        response = client_for(manager).post(
            url, {"date": data["date"].isoformat(), "hours": "5", "note": "", "reason": ""}
        )
        assert response.status_code == 400
        content = response.content.decode()
        assert NO_REASON in content and "Nothing was saved" in content
        assert database_state() == before


def test_only_a_project_manager_corrects(manager, volunteer, group, completed, make_member) -> None:
    member = make_member("Gaston Member")
    group_actions.join_group(user=member, group=group)
    entry = _entry(completed, "3")
    before = database_state()
    # The volunteer is refused (403); a member who cannot see the engagement, 404.
    for who, refusal in ((volunteer, PermissionDenied), (member, Http404)):
        with pytest.raises(refusal):
            hours_actions.correct_hours(
                actor=who,
                engagement=completed,
                entry=entry,
                date=entry.date,
                hours="5",
                reason="More hours.",
            )
        for url in (
            reverse("volunteering:hours_correction", args=[completed.pk]),
            reverse("volunteering:hours_correct", args=[entry.pk]),
        ):
            response = client_for(who).post(
                url,
                {"date": entry.date.isoformat(), "hours": "5", "note": "", "reason": "More."},
            )
            assert response.status_code in (403, 404)
    assert (
        client_for(volunteer)
        .post(
            reverse("volunteering:hours_correct", args=[entry.pk]),
            {"date": entry.date.isoformat(), "hours": "5", "note": "", "reason": "More."},
        )
        .status_code
        == 403
    )
    assert database_state() == before


def test_a_correction_that_changes_nothing_is_refused_and_one_confirms_pending_hours(
    manager, completed
) -> None:
    confirmed, pending = _entry(completed, "3"), _entry(completed, "1")
    before = database_state()
    with pytest.raises(ValidationError) as caught:
        hours_actions.correct_hours(
            actor=manager,
            engagement=completed,
            entry=confirmed,
            date=confirmed.date,
            hours="3",
            note="Inventory",
            reason="Checked.",
        )
    assert caught.value.messages == ["Nothing changed: change the date, the hours or the note."]
    assert database_state() == before
    # Hours left pending at completion are confirmed by a correction (with its reason).
    correction = hours_actions.correct_hours(
        actor=manager,
        engagement=completed,
        entry=pending,
        date=pending.date,
        hours="1",
        reason="Checked with the team.",
    )
    assert correction.before["status"] == "pending" and correction.after["status"] == "confirmed"
    assert correction.attestation.version == 2
    assert correction.attestation.confirmed_hours == Decimal("4.00")
