"""Every viewer-dependent read about hours, the volunteer record (a
profile's projects helped, confirmed hours, skills used — as the member
chose to show it, never a project the viewer may not see) and the
attestation of a completed engagement."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from community.activity.visibility import can_view_volunteer_record, is_active_member, visible_q
from community.core.permissions import is_network_admin
from community.members.models import FieldVisibility, Skill, User
from community.members.normalise import search_key
from community.volunteering import permissions
from community.volunteering.engagements.selectors import engagement_for, engagement_rows
from community.volunteering.models import (
    PLACE_TAKING_STATUSES,
    Attestation,
    Engagement,
    HoursCorrection,
    HoursEntry,
    NeedSkill,
    Project,
    VolunteerSettings,
)


def engagement_hours(engagement: Engagement) -> list[HoursEntry]:
    return list(engagement.hours.select_related("reviewed_by").order_by("date", "id"))


def hours_entry_for(viewer, pk: int) -> HoursEntry:
    """The hours entry ``pk``, or 404 unless ``viewer`` may see its engagement."""
    entry = get_object_or_404(HoursEntry.objects.select_related("engagement"), pk=pk)
    engagement_for(viewer, entry.engagement_id)  # 404 unless allowed
    return entry


# --- The volunteer record (profile) and the attestation ----------


def record_visibility(member: User) -> str:
    settings = VolunteerSettings.objects.filter(user=member).first()
    return settings.record_visibility if settings else FieldVisibility.MEMBERS


@dataclass
class RecordProject:
    project: Project
    hours: Decimal
    engagements: list[Engagement]


@dataclass
class VolunteerRecord:
    visibility: str
    projects: list[RecordProject]
    confirmed_hours: Decimal
    skills: list[Skill]
    completed_count: int


def volunteer_record(viewer, member: User) -> VolunteerRecord | None:
    """What ``member`` did, as ``viewer`` may see it: ``None`` when the member's
    choice hides the record; never a project the viewer may not see (the
    member themself sees all their own).

    One query when the member has helped nobody yet (two on their own
    profile), three otherwise: the engagements carry the member's choice.
    """
    if not member.is_active and not (viewer is not None and is_network_admin(viewer)):
        return None
    is_own = is_active_member(viewer) and viewer.pk == member.pk
    engagements = engagement_rows().filter(volunteer=member, status__in=PLACE_TAKING_STATUSES)
    if not is_own:
        engagements = engagements.filter(visible_q(viewer))
    engagements = list(
        engagements.annotate(
            record_visibility=Subquery(
                VolunteerSettings.objects.filter(user=member).values("record_visibility")[:1]
            )
        ).order_by("-starts_on", "-id")
    )
    if engagements:
        visibility = engagements[0].record_visibility or FieldVisibility.MEMBERS
    elif is_own:
        visibility = record_visibility(member)
    else:
        return None  # nothing to show (and nothing said about the member's choice)
    if not can_view_volunteer_record(viewer, owner_id=member.pk, visibility=visibility):
        return None
    by_project: dict[int, RecordProject] = {}
    for engagement in engagements:
        item = by_project.setdefault(
            engagement.project_id, RecordProject(engagement.project, Decimal(0), [])
        )
        item.hours += engagement.confirmed_hours
        item.engagements.append(engagement)
    skills = []
    if engagements:
        skills = sorted(
            Skill.objects.filter(
                pk__in=NeedSkill.objects.filter(
                    need_id__in=[e.need_id for e in engagements]
                ).values("skill_id")
            ),
            key=lambda skill: search_key(skill.label),
        )
    return VolunteerRecord(
        visibility=visibility,
        projects=list(by_project.values()),
        confirmed_hours=sum((p.hours for p in by_project.values()), Decimal(0)),
        skills=skills,
        completed_count=sum(1 for e in engagements if e.is_completed),
    )


@dataclass
class AttestationPage:
    """One issued version of an engagement's attestation, with every version."""

    attestation: Attestation
    versions: list[Attestation]

    @property
    def current(self) -> Attestation:
        return self.versions[-1]

    @property
    def is_superseded(self) -> bool:
        return self.attestation.pk != self.current.pk


def _attestation_page(attestation: Attestation) -> AttestationPage:
    versions = list(Attestation.objects.filter(engagement_id=attestation.engagement_id))
    return AttestationPage(attestation=attestation, versions=versions)


def attestation(viewer, pk: int) -> AttestationPage:
    """The current version of engagement ``pk``'s attestation, for its
    volunteer, the project's managers and network admins (404 otherwise)."""
    engagement = engagement_rows().filter(pk=pk).first()
    if engagement is None or not permissions.can_view_attestation(viewer, engagement):
        raise Http404
    current = engagement.attestations.select_related("engagement").order_by("-version").first()
    if current is None:
        raise Http404
    return _attestation_page(current)


def engagement_attestations(engagement: Engagement) -> list[Attestation]:
    """The issued versions of ``engagement``'s attestation, oldest first (its page)."""
    return list(engagement.attestations.all())


def engagement_corrections(engagement: Engagement) -> list[HoursCorrection]:
    """The corrections of ``engagement``'s hours after completion, oldest first."""
    return list(engagement.corrections.select_related("corrected_by", "attestation"))


def attestation_by_code(code: str) -> AttestationPage:
    """The version whose verification address holds ``code``: whoever holds
    the code (printed on the attestation by the volunteer or the project)
    may check what that version certified, and whether it was superseded."""
    return _attestation_page(
        get_object_or_404(Attestation.objects.select_related("engagement"), code=code)
    )
