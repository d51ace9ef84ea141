"""The scoring's inputs, read from the database (model instances or the
plain rows of the hot path), and its explanation in the viewer's language:
``scoring.py`` stays free of Django."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from community.core.numbers import shown_number
from community.volunteering.matching import scoring
from community.volunteering.models import Need, Offer, monthly_hours


def explain(match: scoring.Match) -> str:
    """ "matches 2/2 skills · 8 h/month available · 12 km", translated."""
    return scoring.explain(
        match,
        gettext=gettext,
        ngettext=ngettext,
        format_date=lambda day: date_format(day, "j F"),
        format_number=shown_number,
    )


def need_facts(need: Need, skills: dict[int, int]) -> scoring.NeedFacts:
    return scoring.NeedFacts(
        id=need.pk,
        skills=skills,
        work_mode=need.work_mode,
        point=need.point,
        monthly_hours=need.monthly_hours,
        opened=timezone.localdate(need.created_at),
        approximate=need.approximate,
    )


def point(latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
    return None if latitude is None or longitude is None else (latitude, longitude)


# The offer columns the scoring reads (plain rows: no model instances on the hot path).
OFFER_FACT_FIELDS = (
    "pk",
    "hours_per_month",
    "status",
    "available_from",
    "available_until",
    "work_mode",
    "latitude",
    "longitude",
    "travel_radius_km",
    "updated_at",
    "approximate",
)


def offer_facts_from_row(row: tuple, skills: dict[int, int]) -> scoring.OfferFacts:
    pk, hours, status, start, until, mode, lat, lon, radius, updated, approximate = row
    return scoring.OfferFacts(
        id=pk,
        skills=skills,
        hours_per_month=hours,
        status=status,
        available_from=start,
        available_until=until,
        work_mode=mode,
        point=point(lat, lon),
        radius_km=radius,
        updated=timezone.localdate(updated),
        approximate=approximate,
    )


def offer_facts(offer: Offer, skills: dict[int, int]) -> scoring.OfferFacts:
    return offer_facts_from_row(
        tuple(getattr(offer, "pk" if name == "pk" else name) for name in OFFER_FACT_FIELDS),
        skills,
    )


NEED_FACT_FIELDS = (
    "id",
    "work_mode",
    "latitude",
    "longitude",
    "approximate",
    "created_at",
    "total_hours",
    "hours_per_week",
    "project__starts_on",
    "project__ends_on",
)


def need_facts_from_row(row: tuple, skills: dict[int, int]) -> scoring.NeedFacts:
    """``row``: the ``NEED_FACT_FIELDS`` of a need."""
    pk, mode, lat, lon, approximate, created, total, per_week, starts, ends = row
    return scoring.NeedFacts(
        id=pk,
        skills=skills,
        work_mode=mode,
        point=point(lat, lon),
        monthly_hours=monthly_hours(
            total_hours=total, hours_per_week=per_week, starts_on=starts, ends_on=ends
        ),
        opened=timezone.localdate(created),
        approximate=approximate,
    )
