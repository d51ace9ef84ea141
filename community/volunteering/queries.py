"""Read helpers the volunteering selectors share: a total per row as one
subquery column, and what a list of needs shows (their skills, their places
taken) — the project's page and the need's page read needs the same way."""

from __future__ import annotations

from django.db.models import Aggregate, Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from community.volunteering.models import PLACE_TAKING_STATUSES, Engagement, NeedSkill


def total_of(
    rows: QuerySet, *, per: str, total: Aggregate | None = None, default: Value | None = None
) -> Coalesce:
    """``total`` (by default, how many) of ``rows`` — filtered on an
    ``OuterRef`` — grouped by ``per``, as a column of the outer query;
    ``default`` (0) when there are none."""
    grouped = (
        rows.order_by()
        .values(per)
        .annotate(total=Count("pk") if total is None else total)
        .values("total")
    )
    return Coalesce(Subquery(grouped), Value(0) if default is None else default)


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
