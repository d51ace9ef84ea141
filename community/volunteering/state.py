"""What several volunteering sub-domains change together, below all of them.

* A need's row lock (``lock_need``): every change of a need or of an
  engagement on it locks the need first, so two acceptances for the last
  place end with exactly one accepted engagement.
* A need's places (``places_taken``) and its open ↔ filled status
  (``sync_need_status``), moved by engagements and by the need's edits.
* Closing a need declines its pending applications and invitations
  (``close_need_and_decline``): a manager closing the need, or its project
  being completed or cancelled.
* The copies ``NeedSkill`` keeps of its need and project for the matching
  pre-filter (``set_need_skills``, ``sync_need_copies``, ``sync_project_needs``).
* The activities of a deleted project or a withdrawn offer (``delete_activities``).
* An engagement's attestation, issued at completion and re-issued as a new
  version by a correction of its hours (``issue_attestation``).

A project's status change ripples to its needs and engagements, and an
engagement fills its need: these live here so that the sub-domains keep their
one-way order (``pyproject.toml``, "Volunteering sub-domains").
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils import timezone

from community.activity.models import Activity
from community.members.models import Skill, User
from community.volunteering import notify
from community.volunteering.models import (
    PLACE_TAKING_STATUSES,
    Attestation,
    Engagement,
    EngagementStatus,
    HoursEntry,
    HoursStatus,
    Need,
    NeedSkill,
    NeedStatus,
    Project,
)


def lock_need(need: Need) -> Need:
    """The need's row, locked until the end of the transaction (404 if gone)."""
    locked = Need.objects.select_for_update().filter(pk=need.pk).first()
    if locked is None:
        raise Http404
    locked.project = Project.objects.get(pk=locked.project_id)
    return locked


def sync_need_status(need: Need) -> None:
    """Open ↔ filled as places are taken or freed (a closed need stays closed)."""
    if need.status == NeedStatus.CLOSED:
        return
    status = NeedStatus.FILLED if places_taken(need) >= need.volunteers_wanted else NeedStatus.OPEN
    if status != need.status:
        need.status = status
        need.save(update_fields=["status"])
        sync_need_copies(need)


def places_taken(need: Need) -> int:
    """Accepted and completed engagements on ``need``."""
    return Engagement.objects.filter(need=need, status__in=PLACE_TAKING_STATUSES).count()


def close_need_and_decline(need: Need, actor: User, reason: str) -> None:
    """Close ``need`` (locked by the caller) and decline what waits on it."""
    need.status = NeedStatus.CLOSED
    need.save(update_fields=["status"])
    sync_need_copies(need)
    for engagement in Engagement.objects.select_for_update().filter(
        need=need, status=EngagementStatus.PROPOSED
    ):
        decline(engagement, actor=actor, reason=reason)


def decline(engagement: Engagement, *, actor: User, reason: str) -> None:
    """A proposed engagement declined (by the answering side, or as its need
    closes); the other side is told."""
    engagement.status = EngagementStatus.DECLINED
    engagement.answer = reason
    engagement.decided_by = actor
    engagement.decided_at = timezone.now()
    engagement.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    notify.engagement_declined(engagement, actor=actor)


def _need_copies(need: Need) -> dict[str, object]:
    """What ``NeedSkill`` copies from its need for the matching pre-filter."""
    return {
        "group_id": need.group_id,
        "audience": need.audience,
        "listed": need.status == NeedStatus.OPEN and need.project.takes_volunteers,
        "apply_by": need.apply_by,
        "skill_count": need.skill_count,
        "need_created_at": need.created_at,
    }


def set_need_skills(need: Need, skills: dict[Skill, str]) -> None:
    NeedSkill.objects.filter(need=need).delete()
    copies = _need_copies(need)
    NeedSkill.objects.bulk_create(
        [
            NeedSkill(need=need, skill=skill, min_level=level, **copies)
            for skill, level in skills.items()
        ]
    )


def sync_need_copies(need: Need) -> None:
    """After a change of ``need``: its skills' copies follow."""
    NeedSkill.objects.filter(need=need).update(**_need_copies(need))


def sync_project_needs(project: Project) -> None:
    """After a project's status changed: which of its needs are listed."""
    NeedSkill.objects.filter(need__project=project).update(listed=False)
    if project.takes_volunteers:
        NeedSkill.objects.filter(need__project=project, need__status=NeedStatus.OPEN).update(
            listed=True
        )


def delete_activities(model: type[models.Model], ids: list[int]) -> None:
    """Take the activities about these objects out of every feed."""
    if ids:
        Activity.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id__in=ids
        ).delete()


def _attested(engagement: Engagement) -> dict[str, object]:
    """What an attestation of ``engagement`` certifies now (its confirmed hours)."""
    entries = HoursEntry.objects.filter(
        engagement=engagement, status=HoursStatus.CONFIRMED
    ).order_by("date", "id")
    return {
        "confirmed_hours": sum((entry.hours for entry in entries), Decimal(0)),
        "entries": [
            {"date": entry.date.isoformat(), "hours": str(entry.hours), "note": entry.note}
            for entry in entries
        ],
    }


def issue_attestation(engagement: Engagement, *, actor: User | None) -> Attestation | None:
    """Issue the attestation of the completed ``engagement`` (locked by the
    caller) as its next version, with what it certifies frozen; ``None`` when
    the current version already says exactly that."""
    attested = _attested(engagement)
    current = engagement.attestations.order_by("-version").first()
    if current is not None and all(
        getattr(current, name) == value for name, value in attested.items()
    ):
        return None
    project = Project.objects.select_related("group").get(pk=engagement.project_id)
    return Attestation.objects.create(
        engagement=engagement,
        version=current.version + 1 if current else 1,
        issued_by=actor,
        volunteer_name=engagement.volunteer.display_name,
        group_name=project.group.name if project.group else "",
        project_title=project.title,
        need_title=Need.objects.get(pk=engagement.need_id).title,
        skills=[
            {"name": name, "names": names}
            for name, names in NeedSkill.objects.filter(need_id=engagement.need_id)
            .order_by("skill__name")
            .values_list("skill__name", "skill__names")
        ],
        starts_on=engagement.starts_on,
        ends_on=engagement.ends_on,
        **attested,
    )
