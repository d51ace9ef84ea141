"""Read helpers the volunteering selectors share: what a list of needs shows
(their skills, their places taken) — the project's page and the need's page
read needs the same way. (A total per row: ``community.core.queries.total_of``.)"""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch
from django.db.models.functions import Coalesce

from community.core.queries import total_of
from community.volunteering.models import PLACE_TAKING_STATUSES, Engagement, NeedSkill


def places_taken_subquery(need_ref: str = "pk") -> Coalesce:
    """How many volunteers are on the need ``need_ref`` (accepted or completed)."""
    return total_of(
        Engagement.objects.filter(need=OuterRef(need_ref), status__in=PLACE_TAKING_STATUSES),
        per="need",
    )


def skills_prefetch() -> Prefetch:
    """A need's required skills with their names, in name order."""
    return Prefetch(
        "required_skills",
        queryset=NeedSkill.objects.select_related("skill").order_by("skill__name"),
    )
