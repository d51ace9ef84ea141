"""Every viewer-dependent read about engagements: a member's own, one
engagement (its volunteer and the project's managers only), a project's
dashboard (what its managers answer and confirm). Engagement rows carry
their confirmed and logged hours."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from community.core.queries import total_of
from community.members.models import User
from community.volunteering import permissions
from community.volunteering.models import (
    Engagement,
    EngagementStatus,
    HoursEntry,
    HoursStatus,
    Need,
    Origin,
    Project,
)


def _hours_total(**filters: object) -> Coalesce:
    return total_of(
        HoursEntry.objects.filter(engagement=OuterRef("pk"), **filters),
        per="engagement",
        total=Sum("hours"),
        default=Value(Decimal(0)),
    )


def engagement_rows() -> QuerySet[Engagement]:
    """Engagements with what their pages show: need, project, volunteer, hours."""
    return Engagement.objects.select_related(
        "need", "project", "project__group", "volunteer"
    ).annotate(
        confirmed_hours=_hours_total(status=HoursStatus.CONFIRMED),
        logged_hours=_hours_total(),
    )


@dataclass
class MyEngagements:
    invitations: list[Engagement]
    applications: list[Engagement]
    current: list[Engagement]
    past: list[Engagement]


def my_engagements(user) -> MyEngagements:
    rows = list(engagement_rows().filter(volunteer=user).order_by("-created_at", "-id"))
    return MyEngagements(
        invitations=[e for e in rows if e.is_proposed and e.origin == Origin.INVITATION],
        applications=[e for e in rows if e.is_proposed and e.origin == Origin.APPLICATION],
        current=[e for e in rows if e.is_accepted],
        past=[
            e
            for e in rows
            if e.status not in (EngagementStatus.PROPOSED, EngagementStatus.ACCEPTED)
        ],
    )


def engagement_for(viewer, pk: int) -> Engagement:
    engagement = engagement_rows().filter(pk=pk).first()
    if engagement is None or not permissions.can_view_engagement(viewer, engagement):
        raise Http404
    return engagement


@dataclass
class Dashboard:
    project: Project
    applications: list[Engagement]
    invitations: list[Engagement]
    hours: list[HoursEntry]
    team: list[Engagement]


def dashboard(project: Project) -> Dashboard:
    """A manager's view of a project: what to answer and confirm."""
    proposed = list(
        engagement_rows()
        .filter(project=project, status=EngagementStatus.PROPOSED)
        .select_related("offer")
        .order_by("created_at", "pk")
    )
    hours = list(
        HoursEntry.objects.filter(
            engagement__project=project,
            # Completed engagements' hours are locked: they change by a correction.
            engagement__status=EngagementStatus.ACCEPTED,
            status__in=(HoursStatus.PENDING, HoursStatus.QUERIED),
        )
        .select_related("engagement__volunteer", "engagement__need")
        .order_by("status", "date", "pk")
    )
    team = list(
        engagement_rows()
        .filter(project=project, status__in=(EngagementStatus.ACCEPTED, EngagementStatus.COMPLETED))
        .order_by("status", "need__title", "volunteer__display_name")
    )
    return Dashboard(
        project=project,
        applications=[e for e in proposed if e.origin == Origin.APPLICATION],
        invitations=[e for e in proposed if e.origin == Origin.INVITATION],
        hours=hours,
        team=team,
    )


def latest_engagement(need: Need, user: User) -> Engagement | None:
    """``user``'s latest engagement on ``need``, whatever its state (the need's page)."""
    return Engagement.objects.filter(need=need, volunteer=user).order_by("-created_at").first()


def volunteer_to_invite(handle: str) -> User:
    """The active member ``handle`` (404 otherwise); whether they may be invited
    is ``invite_volunteer``'s to say."""
    return get_object_or_404(User, handle=handle, is_active=True)
