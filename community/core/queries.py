"""Query pieces every app's selectors share."""

from __future__ import annotations

from django.db.models import Aggregate, Count, Field, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def total_of(
    rows: QuerySet,
    *,
    per: str,
    total: Aggregate | None = None,
    default: Value | None = None,
    output_field: Field | None = None,
) -> Coalesce:
    """``total`` (by default, how many) of ``rows`` — filtered on an
    ``OuterRef`` — grouped by ``per``, as one column of the outer query;
    ``default`` (0) when there are none.

    ``total_of(Membership.objects.filter(group=OuterRef("pk")), per="group")``
    annotates each group with its number of memberships, in one subquery
    rather than a join (which would multiply the outer rows)."""
    grouped = (
        rows.order_by()
        .values(per)
        .annotate(total=Count("pk") if total is None else total)
        .values("total")
    )
    if output_field is None and total is None:
        output_field = IntegerField()
    return Coalesce(
        Subquery(grouped, output_field=output_field),
        Value(0) if default is None else default,
        output_field=output_field,
    )
