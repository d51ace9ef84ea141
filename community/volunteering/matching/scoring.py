"""How well a volunteer offer fits a project need: a pure, deterministic score
with its explanation. No Django here (the selectors feed it plain facts), so
the rules can be read, and tested, on their own.

The rules, in order of weight:

1. **Excluded** (no score at all): an offer that is paused or closed, whose
   period has ended, that shares no skill with the need; an on-site need
   for a volunteer who only works remotely, or one farther than the
   volunteer's travel radius. "Remote" always fits: a need that can be done
   remotely fits every volunteer who accepts remote work, wherever they are.
2. **Skill coverage** dominates: an offer covering *all* required skills at
   the minimum level (base 100) always ranks above one covering only some
   (at most 60 × the share covered; a skill held below the minimum level
   counts for half).
3. Then up to 35 points: level above the minimum (10), hours available
   against the hours the need asks per month (10), place (10: remote, or
   near — closer is better —, less when a position is unknown) and
   recency (5: recently updated offers, or recently opened needs when
   ranking needs for a volunteer).
4. Ties: the lower id first.

``explain`` turns a match into the words shown next to each suggestion:
"matches 2/2 skills · 8 h/month available · 12 km".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

REMOTE = "remote"
ON_SITE = "on_site"
EITHER = "either"
ACTIVE = "active"

FULL_COVERAGE = 100.0
PARTIAL_COVERAGE = 60.0
BELOW_LEVEL_WEIGHT = 0.5
LEVEL_POINTS = 10.0
HOURS_POINTS = 10.0
PLACE_POINTS = 10.0
RECENCY_POINTS = 5.0
RECENCY_DAYS = 365
UNKNOWN_PLACE_POINTS = 4.0
UNKNOWN_HOURS_POINTS = 5.0
# Ranking volunteers for a need uses the offers' freshness; ranking needs for
# a volunteer, the needs'.
FOR_NEED = "for_need"
FOR_VOLUNTEER = "for_volunteer"


@dataclass(frozen=True)
class NeedFacts:
    id: int
    # skill id → minimum level (0 beginner, 1 confirmed, 2 expert)
    skills: Mapping[int, int]
    work_mode: str = ON_SITE
    point: tuple[float, float] | None = None
    # Hours a month the need asks of one volunteer, when known.
    monthly_hours: float | None = None
    opened: date | None = None
    approximate: bool = False


@dataclass(frozen=True)
class OfferFacts:
    id: int
    # skill id → level (0 beginner, 1 confirmed, 2 expert)
    skills: Mapping[int, int]
    hours_per_month: int
    status: str = ACTIVE
    available_from: date | None = None
    available_until: date | None = None
    work_mode: str = EITHER
    point: tuple[float, float] | None = None
    radius_km: int = 20
    updated: date | None = None
    approximate: bool = False


@dataclass(frozen=True)
class Match:
    need_id: int
    offer_id: int
    score: float
    required: int
    matched: int
    below: int
    hours_per_month: int
    monthly_need: float | None
    remote: bool
    distance_km: float | None
    approximate: bool = False
    starts_on: date | None = None
    matched_skills: tuple[int, ...] = field(default=())
    below_skills: tuple[int, ...] = field(default=())

    @property
    def covers_all(self) -> bool:
        return self.matched == self.required

    @property
    def sort_key(self) -> tuple[float, int, int]:
        return (-self.score, self.need_id, self.offer_id)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (lat, lon) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _works_remotely(mode: str) -> bool:
    return mode in (REMOTE, EITHER)


def _works_on_site(mode: str) -> bool:
    return mode in (ON_SITE, EITHER)


def score(
    need: NeedFacts, offer: OfferFacts, *, today: date, direction: str = FOR_NEED
) -> Match | None:
    """The match between ``need`` and ``offer`` on ``today``, or ``None`` when excluded."""
    if offer.status != ACTIVE:
        return None
    if offer.available_until is not None and offer.available_until < today:
        return None
    required = len(need.skills)
    if required == 0:
        return None
    matched: list[int] = []
    below: list[int] = []
    excess = 0
    for skill_id in sorted(need.skills):
        minimum = need.skills[skill_id]
        level = offer.skills.get(skill_id)
        if level is None:
            continue
        if level >= minimum:
            matched.append(skill_id)
            excess += min(level - minimum, 2)
        else:
            below.append(skill_id)
    if not matched and not below:
        return None

    # Place.
    remote = _works_remotely(need.work_mode) and _works_remotely(offer.work_mode)
    distance = None
    approximate = False
    if remote:
        place_points = PLACE_POINTS
    else:
        if not (_works_on_site(need.work_mode) and _works_on_site(offer.work_mode)):
            return None  # on-site only meets remote only
        if need.point is None or offer.point is None:
            place_points = UNKNOWN_PLACE_POINTS
        else:
            distance = distance_km(need.point, offer.point)
            approximate = need.approximate or offer.approximate
            radius = max(offer.radius_km, 1)
            if distance > radius:
                return None
            place_points = PLACE_POINTS - (PLACE_POINTS / 2) * (distance / radius)

    # Coverage.
    if len(matched) == required:
        points = FULL_COVERAGE
    else:
        points = PARTIAL_COVERAGE * (len(matched) + BELOW_LEVEL_WEIGHT * len(below)) / required
    points += LEVEL_POINTS * excess / (2 * required)

    # Hours.
    if need.monthly_hours:
        points += HOURS_POINTS * min(1.0, offer.hours_per_month / need.monthly_hours)
    else:
        points += UNKNOWN_HOURS_POINTS

    points += place_points

    # Recency.
    moment = offer.updated if direction == FOR_NEED else need.opened
    if moment is not None:
        age = max(0, (today - moment).days)
        points += RECENCY_POINTS * max(0.0, 1 - age / RECENCY_DAYS)

    starts_on = (
        offer.available_from if offer.available_from and offer.available_from > today else None
    )
    return Match(
        need_id=need.id,
        offer_id=offer.id,
        score=round(points, 4),
        required=required,
        matched=len(matched),
        below=len(below),
        hours_per_month=offer.hours_per_month,
        monthly_need=need.monthly_hours,
        remote=remote,
        distance_km=distance,
        approximate=approximate,
        starts_on=starts_on,
        matched_skills=tuple(matched),
        below_skills=tuple(below),
    )


def rank(matches: Iterable[Match | None], *, limit: int | None = None) -> list[Match]:
    """Best first (score, then the lower need id, then the lower offer id)."""
    ranked = sorted((m for m in matches if m is not None), key=lambda m: m.sort_key)
    return ranked if limit is None else ranked[:limit]


def best_per_need(matches: Iterable[Match | None]) -> list[Match]:
    """Keep each need's best match (a volunteer with several offers)."""
    best: dict[int, Match] = {}
    for match in matches:
        if match is None:
            continue
        current = best.get(match.need_id)
        if current is None or match.sort_key < current.sort_key:
            best[match.need_id] = match
    return list(best.values())


def _identity(text: str) -> str:
    return text


def _plural(singular: str, plural: str, number: int) -> str:
    return singular if number == 1 else plural


def explain(
    match: Match,
    *,
    gettext: Callable[[str], str] = _identity,
    ngettext: Callable[[str, str, int], str] = _plural,
    format_date: Callable[[date], str] = date.isoformat,
    format_number: Callable[[float], str] = str,
) -> str:
    """Why this suggestion: "matches 2/2 skills · 8 h/month available · 12 km".

    The caller passes Django's ``gettext``/``ngettext`` (the strings are
    extracted for translation from here), a date and a number formatter (the
    locale's: "1 200" and "2,5" in French).
    """
    parts = [
        ngettext(
            "matches %(matched)s/%(required)s skill",
            "matches %(matched)s/%(required)s skills",
            match.required,
        )
        % {"matched": format_number(match.matched), "required": format_number(match.required)}
    ]
    if match.below:
        parts.append(
            ngettext(
                "%(count)s below the level asked",
                "%(count)s below the level asked",
                match.below,
            )
            % {"count": format_number(match.below)}
        )
    parts.append(
        gettext("%(hours)s h/month available") % {"hours": format_number(match.hours_per_month)}
    )
    if match.remote:
        parts.append(gettext("remote"))
    elif match.distance_km is None:
        parts.append(gettext("distance unknown"))
    else:
        kilometres = max(1, round(match.distance_km)) if match.distance_km >= 0.5 else 0
        if kilometres == 0:
            parts.append(gettext("same town"))
        elif match.approximate:
            parts.append(gettext("about %(km)s km") % {"km": format_number(kilometres)})
        else:
            parts.append(gettext("%(km)s km") % {"km": format_number(kilometres)})
    if match.starts_on is not None:
        parts.append(gettext("from %(date)s") % {"date": format_date(match.starts_on)})
    return " · ".join(parts)
