"""Every write about hours and the volunteer record: the volunteer logs,
corrects or deletes time worked while the engagement is accepted (from its
acceptance on, before the project starts too); the project's managers
confirm it or ask a question; confirmed hours are final and go on the
volunteer record and the attestation, whose visibility the member chooses.
A day never holds more than 24 hours, across all of a volunteer's engagements.

Once the engagement is completed its hours are locked: only a project
manager changes them, with a reason, through ``correct_hours``, which
records an ``HoursCorrection`` and re-issues the attestation as a new
version when what it certifies changes."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from community.core.numbers import shown_number
from community.members.models import FieldVisibility, User
from community.volunteering import notify, permissions, state
from community.volunteering.cleaning import (
    MESSAGE_MAX_LENGTH,
    clean_date,
    clean_text,
    require_active,
)
from community.volunteering.models import (
    Engagement,
    EngagementStatus,
    HoursCorrection,
    HoursEntry,
    HoursStatus,
    VolunteerSettings,
)

NOTE_MAX_LENGTH = 500
REASON_MAX_LENGTH = 1000
MAX_HOURS_PER_DAY = Decimal(24)
# The volunteer logs and changes hours on these engagements (accepted: from
# the acceptance on, whether the work has started or not).
HOURS_OPEN_STATUSES = (EngagementStatus.ACCEPTED,)


def check_hours_open(engagement: Engagement) -> None:
    """Refuse a volunteer's change of hours unless ``engagement`` is accepted."""
    if engagement.status in HOURS_OPEN_STATUSES:
        return
    if engagement.status == EngagementStatus.COMPLETED:
        raise ValidationError(
            _(
                "Hours are locked since the engagement was completed; "
                "ask a project admin for a correction."
            )
        )
    raise ValidationError(
        _("Hours are logged on accepted engagements; this one is %(status)s.")
        % {"status": EngagementStatus(engagement.status).label.lower()}
    )


def _clean_hours(value) -> Decimal:
    if value in (None, ""):
        raise ValidationError({"hours": _("Enter the number of hours.")})
    if isinstance(value, bool):
        raise ValidationError({"hours": _("Enter the hours as a number, for example 2 or 1.5.")})
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            {"hours": _("Enter the hours as a number, for example 2 or 1.5.")}
        ) from None
    if not hours.is_finite():
        raise ValidationError({"hours": _("Enter the hours as a number, for example 2 or 1.5.")})
    if hours <= 0:
        raise ValidationError({"hours": _("Enter more than zero hours.")})
    if hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": _("A day has 24 hours: enter 24 or fewer.")})
    hours = hours.quantize(Decimal("0.01"))
    if hours <= 0:
        raise ValidationError({"hours": _("Enter more than zero hours.")})
    return hours


def _clean_hours_date(value, engagement: Engagement) -> datetime.date:
    day = clean_date(value, "date")
    if day is None:
        raise ValidationError({"date": _("Enter the date you worked.")})
    today = timezone.localdate()
    if day > today:
        raise ValidationError({"date": _("You cannot log hours for a day still to come.")})
    start = engagement.starts_on
    end = engagement.ends_on or today
    if start is None or day < start or day > end:
        raise ValidationError(
            {
                "date": _("Log hours between %(start)s and %(end)s, the dates of this engagement.")
                % {
                    "start": date_format(start) if start else "—",
                    "end": date_format(end),
                }
            }
        )
    return day


def _check_day_total(
    volunteer: User, day: datetime.date, hours: Decimal, exclude=None, *, own: bool = True
) -> None:
    # Serialise this volunteer's hour logging: the total of a day spans engagements.
    User.objects.select_for_update().filter(pk=volunteer.pk).first()
    entries = HoursEntry.objects.filter(volunteer=volunteer, date=day)
    if exclude is not None:
        entries = entries.exclude(pk=exclude.pk)
    logged = entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if logged + hours > MAX_HOURS_PER_DAY:
        message = (
            _(
                "You already logged %(logged)s h on %(date)s: with these, the day would "
                "have more than 24 hours."
            )
            if own
            else _(
                "%(name)s already has %(logged)s h on %(date)s: with these, the day would "
                "have more than 24 hours."
            )
        )
        raise ValidationError(
            {
                "hours": message
                % {
                    "logged": shown_number(logged),
                    "date": date_format(day),
                    "name": volunteer.display_name,
                }
            }
        )


@transaction.atomic
def log_hours(
    *, volunteer: User, engagement: Engagement, date, hours, note: str = ""
) -> HoursEntry:
    """The volunteer logs time worked; the project's managers confirm or query it."""
    require_active(volunteer)
    if engagement.volunteer_id != volunteer.pk:
        permissions.check_view_engagement(volunteer, engagement)
        raise PermissionDenied(_("Only the volunteer logs hours on their engagement."))
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    check_hours_open(engagement)
    hours = _clean_hours(hours)
    day = _clean_hours_date(date, engagement)
    note = clean_text(note, "note", NOTE_MAX_LENGTH)
    _check_day_total(volunteer, day, hours)
    entry = HoursEntry.objects.create(
        engagement=engagement, volunteer=volunteer, date=day, hours=hours, note=note
    )
    notify.hours_logged(entry)
    return entry


def _own_open_entry(volunteer: User, entry: HoursEntry) -> HoursEntry:
    require_active(volunteer)
    if entry.volunteer_id != volunteer.pk:
        raise Http404
    # The engagement first (as ``log_hours`` and ``correct_hours`` lock it), then the entry.
    Engagement.objects.select_for_update().filter(pk=entry.engagement_id).first()
    entry = HoursEntry.objects.select_for_update().select_related("engagement").get(pk=entry.pk)
    check_hours_open(entry.engagement)
    if entry.status == HoursStatus.CONFIRMED:
        raise ValidationError(_("These hours are confirmed: they can no longer be changed."))
    return entry


@transaction.atomic
def update_hours(*, volunteer: User, entry: HoursEntry, date, hours, note: str = "") -> HoursEntry:
    """Correct hours not confirmed yet (a queried entry goes back to the managers)."""
    entry = _own_open_entry(volunteer, entry)
    hours = _clean_hours(hours)
    day = _clean_hours_date(date, entry.engagement)
    note = clean_text(note, "note", NOTE_MAX_LENGTH)
    _check_day_total(volunteer, day, hours, exclude=entry)
    was_queried = entry.status == HoursStatus.QUERIED
    entry.date, entry.hours, entry.note = day, hours, note
    entry.status = HoursStatus.PENDING
    entry.save(update_fields=["date", "hours", "note", "status"])
    if was_queried:
        notify.hours_logged(entry)
    return entry


@transaction.atomic
def delete_hours(*, volunteer: User, entry: HoursEntry) -> None:
    entry = _own_open_entry(volunteer, entry)
    entry.delete()


def _reviewable_entry(actor: User, entry: HoursEntry) -> HoursEntry:
    require_active(actor)
    entry = (
        HoursEntry.objects.select_for_update()
        .select_related("engagement__project")
        .filter(pk=entry.pk)
        .first()
    )
    if entry is None:
        raise Http404
    if entry.volunteer_id == actor.pk:
        raise PermissionDenied(
            _("Your own hours are confirmed by the project's managers, not by you.")
        )
    permissions.check_view_engagement(actor, entry.engagement)
    if not permissions.can_review_hours(actor, entry):
        raise PermissionDenied(_("Only the project's managers confirm hours."))
    if entry.engagement.is_completed:
        raise ValidationError(
            _(
                "This engagement is completed: its hours are locked. Correct them with "
                "a reason (the attestation is re-issued)."
            )
        )
    return entry


@transaction.atomic
def confirm_hours(*, actor: User, entry: HoursEntry) -> HoursEntry:
    entry = _reviewable_entry(actor, entry)
    if entry.status == HoursStatus.CONFIRMED:
        raise ValidationError(_("These hours are already confirmed."))
    entry.status = HoursStatus.CONFIRMED
    entry.reviewed_by = actor
    entry.reviewed_at = timezone.now()
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    notify.hours_confirmed(entry, actor=actor)
    return entry


@transaction.atomic
def query_hours(*, actor: User, entry: HoursEntry, question: str) -> HoursEntry:
    """Ask the volunteer about hours before confirming them."""
    entry = _reviewable_entry(actor, entry)
    question = clean_text(question, "question", MESSAGE_MAX_LENGTH)
    if not question:
        raise ValidationError({"question": _("Say what you would like to know.")})
    if entry.status == HoursStatus.CONFIRMED:
        raise ValidationError(_("These hours are already confirmed."))
    entry.status = HoursStatus.QUERIED
    entry.query = question
    entry.reviewed_by = actor
    entry.reviewed_at = timezone.now()
    entry.save(update_fields=["status", "query", "reviewed_by", "reviewed_at"])
    notify.hours_queried(entry, actor=actor)
    return entry


# --- Corrections after completion ----------


def _entry_facts(entry: HoursEntry) -> dict[str, str]:
    return {
        "date": entry.date.isoformat(),
        "hours": str(entry.hours),
        "note": entry.note,
        "status": entry.status,
    }


@transaction.atomic
def correct_hours(
    *,
    actor: User,
    engagement: Engagement,
    reason: str,
    date,
    hours,
    note: str = "",
    entry: HoursEntry | None = None,
) -> HoursCorrection:
    """A project manager adds hours to a completed engagement (``entry`` None)
    or changes an entry of it; the hours are confirmed by the correction. The
    reason is required and recorded with what changed; the attestation is
    re-issued as a new version when what it certifies changes."""
    require_active(actor)
    permissions.check_view_engagement(actor, engagement)
    engagement = (
        Engagement.objects.select_for_update().select_related("volunteer").get(pk=engagement.pk)
    )
    permissions.check_manage_project(actor, engagement.project)
    if engagement.volunteer_id == actor.pk:
        raise PermissionDenied(
            _("Your own hours are corrected by another of the project's managers.")
        )
    if not engagement.is_completed:
        raise ValidationError(
            _(
                "Corrections are for completed engagements; on this one, the volunteer "
                "logs and corrects hours, and you confirm them."
            )
        )
    if entry is not None:
        entry = (
            HoursEntry.objects.select_for_update()
            .filter(pk=entry.pk, engagement=engagement)
            .first()
        )
        if entry is None:
            raise Http404
    reason = clean_text(reason, "reason", REASON_MAX_LENGTH)
    if not reason:
        raise ValidationError(
            {"reason": _("Say why these hours are corrected: the reason is recorded.")}
        )
    hours = _clean_hours(hours)
    day = _clean_hours_date(date, engagement)
    note = clean_text(note, "note", NOTE_MAX_LENGTH)
    volunteer = engagement.volunteer
    _check_day_total(volunteer, day, hours, exclude=entry, own=False)
    before = None
    now = timezone.now()
    if entry is None:
        entry = HoursEntry(engagement=engagement, volunteer=volunteer)
    else:
        before = _entry_facts(entry)
    entry.date, entry.hours, entry.note = day, hours, note
    entry.status = HoursStatus.CONFIRMED
    entry.reviewed_by, entry.reviewed_at = actor, now
    after = _entry_facts(entry)
    if before == after:
        raise ValidationError(_("Nothing changed: change the date, the hours or the note."))
    entry.save()
    return HoursCorrection.objects.create(
        engagement=engagement,
        entry=entry,
        corrected_by=actor,
        corrected_at=now,
        reason=reason,
        before=before,
        after=after,
        attestation=state.issue_attestation(engagement, actor=actor),
    )


# --- The volunteer record's privacy ----------


@transaction.atomic
def set_record_visibility(*, member: User, visibility: str) -> VolunteerSettings:
    require_active(member)
    if visibility not in FieldVisibility.values:
        raise ValidationError({"record_visibility": _("Choose who sees your volunteer record.")})
    settings, _created = VolunteerSettings.objects.update_or_create(
        user=member, defaults={"record_visibility": visibility}
    )
    return settings
