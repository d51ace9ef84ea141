"""Every write about engagements — a volunteer on a need, by application or
by invitation — and their state machine::

    proposed ──accept──▶ accepted ──complete──▶ completed
       │  └─decline──▶ declined      └─cancel──▶ cancelled
       └──withdraw──▶ withdrawn

An application (by the volunteer) is accepted or declined by the project's
managers and withdrawn by the volunteer; an invitation (by a manager) the
other way round. Every change of an engagement locks its need's row first
(``state.lock_need``), so two acceptances for the last place end with exactly
one accepted engagement, and the need turns "filled" when its wanted number
is reached. Each change tells the other side (``notify.py``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from community.activity.actions import record_activity
from community.activity.visibility import is_active_member
from community.members.models import User
from community.volunteering import notify, permissions, state
from community.volunteering.cleaning import MESSAGE_MAX_LENGTH, clean_text, require_active
from community.volunteering.models import (
    LIVE_ENGAGEMENT_STATUSES,
    Engagement,
    EngagementStatus,
    Need,
    NeedStatus,
    Offer,
    Origin,
)

# Activity verbs (each has its partial in templates/activity/partials/).
VOLUNTEER_JOINED = "volunteer_joined"
ENGAGEMENT_COMPLETED = "engagement_completed"


def _check_need_takes_volunteers(need: Need) -> None:
    if not need.project.takes_volunteers:
        raise ValidationError(_("This project is not taking volunteers at the moment."))
    if need.status == NeedStatus.CLOSED:
        raise ValidationError(_("This need is closed: it no longer takes volunteers."))
    if need.status == NeedStatus.FILLED:
        raise ValidationError(_("This need is filled: every place is taken."))


def _check_no_live_engagement(need: Need, volunteer: User, *, own: bool) -> None:
    existing = Engagement.objects.filter(
        need=need, volunteer=volunteer, status__in=LIVE_ENGAGEMENT_STATUSES
    ).first()
    if existing is None:
        return
    if existing.status == EngagementStatus.PROPOSED:
        if existing.origin == Origin.APPLICATION:
            message = (
                _("You have already applied to this need.")
                if own
                else _("%(name)s has already applied to this need: answer the application.")
            )
        else:
            message = (
                _("You are already invited to this need: answer the invitation.")
                if own
                else _("%(name)s is already invited to this need.")
            )
    else:
        message = (
            _("You are already a volunteer on this need.")
            if own
            else _("%(name)s is already a volunteer on this need.")
        )
    raise ValidationError(message % {"name": volunteer.display_name} if not own else message)


def _create_engagement(**fields) -> Engagement:
    try:
        with transaction.atomic():
            return Engagement.objects.create(**fields)
    except IntegrityError as error:  # a double click that got past the check
        raise ValidationError(
            _("There is already an application or invitation for this need.")
        ) from error


def _usable_offer(offer: Offer | None, volunteer: User) -> Offer | None:
    if offer is None:
        return None
    if offer.user_id != volunteer.pk:
        raise ValidationError({"offer": _("Choose one of your own offers.")})
    return offer


@transaction.atomic
def apply_to_need(
    *, volunteer: User, need: Need, message: str = "", offer: Offer | None = None
) -> Engagement:
    """The volunteer applies; the project's managers are told."""
    require_active(volunteer)
    if not permissions.can_view_need(volunteer, need):
        raise Http404
    message = clean_text(message, "message", MESSAGE_MAX_LENGTH)
    need = state.lock_need(need)
    _check_need_takes_volunteers(need)
    if need.apply_by and need.apply_by < timezone.localdate():
        raise ValidationError(
            _("Applications for this need closed on %(date)s.")
            % {"date": date_format(need.apply_by)}
        )
    _check_no_live_engagement(need, volunteer, own=True)
    engagement = _create_engagement(
        need=need,
        project=need.project,
        group=need.group,
        audience=need.audience,
        volunteer=volunteer,
        offer=_usable_offer(offer, volunteer),
        origin=Origin.APPLICATION,
        message=message,
        created_by=volunteer,
    )
    notify.application_received(engagement)
    return engagement


@transaction.atomic
def invite_volunteer(
    *,
    manager: User,
    need: Need,
    volunteer: User,
    message: str = "",
    offer: Offer | None = None,
) -> Engagement:
    """A manager invites a volunteer (from the suggestions); the volunteer is told."""
    permissions.check_manage_project(manager, need.project)
    message = clean_text(message, "message", MESSAGE_MAX_LENGTH)
    need = state.lock_need(need)
    _check_need_takes_volunteers(need)
    if not is_active_member(volunteer) or not permissions.can_view_need(volunteer, need):
        raise ValidationError(
            _("%(name)s cannot see this project, so cannot be invited to it.")
            % {"name": volunteer.display_name}
        )
    _check_no_live_engagement(need, volunteer, own=volunteer.pk == manager.pk)
    engagement = _create_engagement(
        need=need,
        project=need.project,
        group=need.group,
        audience=need.audience,
        volunteer=volunteer,
        offer=_usable_offer(offer, volunteer),
        origin=Origin.INVITATION,
        message=message,
        created_by=manager,
    )
    notify.invitation_received(engagement)
    return engagement


def _lock_engagement(engagement: Engagement) -> tuple[Engagement, Need]:
    """Lock the need, then the engagement (always in that order: no deadlock)."""
    need = state.lock_need(engagement.need)
    locked = Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    if locked is None:
        raise Http404
    locked.need = need
    locked.project = need.project
    return locked, need


_ACTION_NEEDS = {
    "accept": (EngagementStatus.PROPOSED,),
    "decline": (EngagementStatus.PROPOSED,),
    "withdraw": (EngagementStatus.PROPOSED,),
    "complete": (EngagementStatus.ACCEPTED,),
    "cancel": (EngagementStatus.ACCEPTED,),
}


def _check_state(engagement: Engagement, action: str) -> None:
    if engagement.status in _ACTION_NEEDS[action]:
        return
    status = EngagementStatus(engagement.status).label.lower()
    messages = {
        "accept": _("Only a proposed engagement can be accepted; this one is %(status)s."),
        "decline": _("Only a proposed engagement can be declined; this one is %(status)s."),
        "withdraw": _("Only a proposed engagement can be withdrawn; this one is %(status)s."),
        "complete": _("Only an accepted engagement can be completed; this one is %(status)s."),
        "cancel": _("Only an accepted engagement can be cancelled; this one is %(status)s."),
    }
    raise ValidationError(messages[action] % {"status": status})


def _check_answering_side(actor: User, engagement: Engagement) -> None:
    """Who answers a proposal: the managers an application, the volunteer an invitation."""
    require_active(actor)
    if engagement.origin == Origin.APPLICATION:
        if actor.pk == engagement.volunteer_id:
            raise PermissionDenied(_("The project's managers answer your application."))
        permissions.check_manage_project(actor, engagement.project)
    elif actor.pk != engagement.volunteer_id:
        permissions.check_view_engagement(actor, engagement)
        raise PermissionDenied(_("Only the invited volunteer may answer an invitation."))


def _check_proposing_side(actor: User, engagement: Engagement) -> None:
    require_active(actor)
    if engagement.origin == Origin.APPLICATION:
        if actor.pk != engagement.volunteer_id:
            permissions.check_view_engagement(actor, engagement)
            raise PermissionDenied(_("Only the volunteer may withdraw their application."))
    else:
        permissions.check_manage_project(actor, engagement.project)


@transaction.atomic
def accept_engagement(*, actor: User, engagement: Engagement) -> Engagement:
    """Accept an application (managers) or an invitation (the volunteer).

    Race-safe: the need's row is locked, so the last place goes to exactly one."""
    permissions.check_view_engagement(actor, engagement)
    engagement, need = _lock_engagement(engagement)
    _check_answering_side(actor, engagement)
    _check_state(engagement, "accept")
    _check_need_takes_volunteers(need)
    if state.places_taken(need) >= need.volunteers_wanted:
        raise ValidationError(_("This need is filled: every place is taken."))
    now = timezone.now()
    engagement.status = EngagementStatus.ACCEPTED
    engagement.decided_by = actor
    engagement.decided_at = now
    engagement.starts_on = timezone.localdate()
    engagement.save(update_fields=["status", "decided_by", "decided_at", "starts_on"])
    state.sync_need_status(need)
    record_activity(
        actor=engagement.volunteer,
        verb=VOLUNTEER_JOINED,
        target=engagement.project,
        audience=engagement.audience,
        group=engagement.group,
    )
    notify.engagement_accepted(engagement, actor=actor)
    return engagement


@transaction.atomic
def decline_engagement(*, actor: User, engagement: Engagement, reason: str = "") -> Engagement:
    permissions.check_view_engagement(actor, engagement)
    reason = clean_text(reason, "reason", MESSAGE_MAX_LENGTH)
    engagement, _need = _lock_engagement(engagement)
    _check_answering_side(actor, engagement)
    _check_state(engagement, "decline")
    state.decline(engagement, actor=actor, reason=reason)
    return engagement


@transaction.atomic
def withdraw_engagement(*, actor: User, engagement: Engagement) -> Engagement:
    """The side that proposed takes it back (application or invitation)."""
    permissions.check_view_engagement(actor, engagement)
    engagement, _need = _lock_engagement(engagement)
    _check_proposing_side(actor, engagement)
    _check_state(engagement, "withdraw")
    engagement.status = EngagementStatus.WITHDRAWN
    engagement.decided_by = actor
    engagement.decided_at = timezone.now()
    engagement.save(update_fields=["status", "decided_by", "decided_at"])
    notify.engagement_withdrawn(engagement, actor=actor)
    return engagement


@transaction.atomic
def complete_engagement(*, actor: User, engagement: Engagement) -> Engagement:
    """A manager marks the work done: its hours are locked and its attestation
    is issued (version 1, with the hours confirmed by then)."""
    permissions.check_view_engagement(actor, engagement)
    engagement, _need = _lock_engagement(engagement)
    permissions.check_manage_project(actor, engagement.project)
    _check_state(engagement, "complete")
    engagement.status = EngagementStatus.COMPLETED
    engagement.ends_on = timezone.localdate()
    engagement.save(update_fields=["status", "ends_on"])
    state.issue_attestation(engagement, actor=actor)
    record_activity(
        actor=engagement.volunteer,
        verb=ENGAGEMENT_COMPLETED,
        target=engagement.project,
        audience=engagement.audience,
        group=engagement.group,
    )
    notify.engagement_completed(engagement, actor=actor)
    return engagement


@transaction.atomic
def cancel_engagement(*, actor: User, engagement: Engagement, reason: str = "") -> Engagement:
    """The volunteer or a manager ends an accepted engagement early; its place is freed."""
    permissions.check_view_engagement(actor, engagement)
    reason = clean_text(reason, "reason", MESSAGE_MAX_LENGTH)
    engagement, need = _lock_engagement(engagement)
    require_active(actor)
    _check_state(engagement, "cancel")
    engagement.status = EngagementStatus.CANCELLED
    engagement.answer = reason
    engagement.ends_on = timezone.localdate()
    engagement.decided_by = actor
    engagement.decided_at = timezone.now()
    engagement.save(update_fields=["status", "answer", "ends_on", "decided_by", "decided_at"])
    if need.project.takes_volunteers:
        state.sync_need_status(need)
    notify.engagement_cancelled(engagement, actor=actor)
    return engagement
