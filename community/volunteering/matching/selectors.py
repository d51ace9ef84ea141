"""Matching needs and offers, both ways: the volunteers suggested for a need
(its managers' page) and the needs suggested to a volunteer (their home page,
"Needs for me").

Each runs in two steps:

1. a **SQL pre-filter** on the skills, through the indexes on ``OfferSkill``
   and ``NeedSkill``: only active, unexpired offers of members who may see the
   need (a closed or secret group's need: its members only), only open needs
   of active projects the volunteer may see, nobody already on the need.
   Candidates are aggregated per offer (or need) — how many required skills
   they meet at the minimum level, how many they hold at all — and the best
   covered, most recently updated ``MATCH_POOL`` go on;
2. the **pure scoring** of ``scoring.py`` ranks them and explains each one
   (its facts and words: ``facts.py``).

So a suggestion is always one of the best-covered candidates; among more
than ``MATCH_POOL`` volunteers covering every skill, the most recently
updated offers are the ones scored (and recency is part of the score anyway).

Matching only reads: needs, offers and who is on a need. Only views (and the
home page's template tag) ask it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from community.activity.visibility import audiences_for, group_audience, is_active_member
from community.groups.models import Group
from community.groups.selectors import member_ids
from community.members.models import Skill, User
from community.members.normalise import search_key
from community.volunteering.matching import scoring
from community.volunteering.matching.facts import (
    NEED_FACT_FIELDS,
    OFFER_FACT_FIELDS,
    explain,
    need_facts,
    need_facts_from_row,
    offer_facts,
    offer_facts_from_row,
)
from community.volunteering.matching.levels import (
    LEVEL_ORDER,
    level_rank,
    levels_at_least,
    levels_at_most,
)
from community.volunteering.models import (
    LIVE_ENGAGEMENT_STATUSES,
    Engagement,
    Need,
    NeedSkill,
    NeedStatus,
    Offer,
    OfferSkill,
    OfferStatus,
    Project,
    WorkMode,
)

MATCH_POOL = 100
SUGGESTIONS = 20


@dataclass
class Suggestion:
    match: scoring.Match
    explanation: str
    offer: Offer
    skills: list[tuple[Skill, str]]

    @property
    def volunteer(self) -> User:
        return self.offer.user


def _who_may_see(need: Need) -> Q | None:
    """Who may be suggested for ``need``: members of its group when its audience
    is the group's; every active member otherwise (``public``/``members``)."""
    if need.group_id is not None and need.audience == group_audience(need.group_id):
        return Q(user_id__in=member_ids(need.group_id))
    return None


KM_PER_DEGREE_OF_LATITUDE = 111.0  # a little under the true 111.2: the box is never too small
EARTH_RADIUS_KM = 6371.0


def _reachable_q(need: Need) -> Q:
    """Offers the score could keep for ``need``'s place (a superset, never fewer).

    A remote need: offers open to remote work. On site: offers open to on-site
    work whose position is unknown or inside a box around the need wider than
    their travel radius (|Δlat| ≤ r/R exactly; |Δlon| ≤ asin(sin(r/R)/cos φ),
    bounded by (π/2)(r/R)/cos φ). "Either": remote-capable offers, or the above.
    """
    remote_ok = Q(work_mode__in=(WorkMode.REMOTE, WorkMode.EITHER))
    if need.work_mode == WorkMode.REMOTE:
        return remote_ok
    on_site_ok = Q(work_mode__in=(WorkMode.ON_SITE, WorkMode.EITHER))
    point = need.point
    if point is not None:
        lat, lon = point
        radius = Cast(F("travel_radius_km"), FloatField()) + Value(1.0, FloatField())
        reach = ExpressionWrapper(
            radius / Value(KM_PER_DEGREE_OF_LATITUDE, FloatField()), output_field=FloatField()
        )
        box = Q(latitude__gte=Value(lat) - reach, latitude__lte=Value(lat) + reach)
        cos_lat = math.cos(math.radians(lat))
        # Valid while the largest radius allowed stays far from the pole's singularity.
        if cos_lat > 0 and (1001 / EARTH_RADIUS_KM) / cos_lat < 1:
            spread = ExpressionWrapper(
                (F("travel_radius_km") + Value(1.0)) * Value(90.0 / (EARTH_RADIUS_KM * cos_lat)),
                output_field=FloatField(),
            )
            box &= Q(longitude__gte=Value(lon) - spread, longitude__lte=Value(lon) + spread)
        on_site_ok &= Q(latitude__isnull=True) | Q(longitude__isnull=True) | box
    if need.work_mode == WorkMode.ON_SITE:
        return on_site_ok
    return remote_ok | on_site_ok


def suggestions_for_need(need: Need, *, limit: int = SUGGESTIONS, today=None) -> list[Suggestion]:
    """Ranked volunteers for ``need`` (managers' page: the caller checks that).

    First the offers covering *every* required skill at the minimum level (a
    semi-join on the covering index, most recently updated first): they
    always outrank the others. Only when they give fewer than ``limit``
    suggestions are offers covering some of the skills aggregated and scored
    too. Both steps pre-filter on place (``_reachable_q``), status, period,
    who may see the need and who is already on it. Two queries (four when
    the second step runs), plus the need's skills unless prefetched.
    """
    today = today or timezone.localdate()
    required_rows = _required_skills(need)
    required = {row.skill_id: row.min_level for row in required_rows}
    if not required or not need.project.takes_volunteers or need.status != NeedStatus.OPEN:
        return []
    candidates = (
        OfferSkill.objects.filter(active=True)
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=today))
        .filter(_reachable_q(need))
    )
    audience_filter = _who_may_see(need)
    if audience_filter is not None:
        candidates = candidates.filter(audience_filter)
    engaged = Engagement.objects.filter(need=need, status__in=LIVE_ENGAGEMENT_STATUSES)
    candidates = candidates.exclude(user_id__in=engaged.values("volunteer_id"))
    skill_order = sorted(required)
    facts = need_facts(need, {skill: level_rank(level) for skill, level in required.items()})

    # 1. Offers covering every required skill.
    first, *others = skill_order
    full = candidates.filter(skill_id=first, level__in=levels_at_least(required[first]))
    for skill_id in others:
        full = full.filter(
            offer_id__in=OfferSkill.objects.filter(
                active=True, skill_id=skill_id, level__in=levels_at_least(required[skill_id])
            ).values("offer_id")
        )
    pool = full.order_by("-updated_at", "offer_id").values("offer_id")[:MATCH_POOL]
    offers, levels = _pooled_offers(pool, skill_order)
    matches = _score_offers(facts, offers, levels, today)

    # 2. Not enough: offers covering some of the skills (or below the level asked).
    if len(matches) < limit:
        met = Q()
        for skill_id, minimum in required.items():
            met |= Q(skill_id=skill_id, level__in=levels_at_least(minimum))
        partial = (
            candidates.filter(skill_id__in=skill_order)
            .exclude(offer_id__in=list(offers))
            .values("offer_id")
            .annotate(
                met=Count("skill_id", filter=met), held=Count("skill_id"), fresh=Max("updated_at")
            )
            .order_by("-met", "-held", "-fresh", "offer_id")
            .values("offer_id")[:MATCH_POOL]
        )
        more_offers, more_levels = _pooled_offers(partial, skill_order)
        matches += _score_offers(facts, more_offers, more_levels, today)
        offers.update(more_offers)
        levels.update(more_levels)
    matches = scoring.rank(matches, limit=limit)

    skills_by_id = {row.skill_id: row.skill for row in required_rows}
    by_name = sorted(skill_order, key=lambda skill_id: search_key(skills_by_id[skill_id].label))
    return [
        Suggestion(
            match=match,
            explanation=explain(match),
            offer=offers[match.offer_id].offer,
            skills=[
                (skills_by_id[skill_id], LEVEL_ORDER[levels[match.offer_id][skill_id]])
                for skill_id in by_name
                if skill_id in levels[match.offer_id]
            ],
        )
        for match in matches
    ]


def _required_skills(need: Need) -> list[NeedSkill]:
    """The need's skills with their names: the pages prefetch them."""
    if "required_skills" in getattr(need, "_prefetched_objects_cache", {}):
        return list(need.required_skills.all())
    return list(NeedSkill.objects.filter(need=need).select_related("skill"))


@dataclass
class _PooledOffer:
    row: tuple  # OFFER_FACT_FIELDS
    shown: tuple  # title, member id, name, handle, avatar

    @property
    def offer(self) -> Offer:
        """The offer with what the page shows of it and its member (built for the
        chosen few only: a model instance costs more than scoring)."""
        title, user_id, name, handle, avatar = self.shown
        member = User(pk=user_id, display_name=name, handle=handle, avatar=avatar)
        return Offer(pk=self.row[0], title=title, user=member)


def _pooled_offers(
    pool: QuerySet, skill_ids: list[int]
) -> tuple[dict[int, _PooledOffer], dict[int, dict[int, int]]]:
    """The pooled offers' facts, their levels in the required skills and what
    the page shows of them and their members — one query (one row per offer
    and required skill it holds)."""
    offers: dict[int, _PooledOffer] = {}
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    fields = [f"offer__{name}" if name != "pk" else "offer_id" for name in OFFER_FACT_FIELDS]
    rows = (
        OfferSkill.objects.filter(
            offer_id__in=pool, skill_id__in=skill_ids, offer__user__is_active=True
        )
        .values_list(
            "skill_id",
            "level",
            *fields,
            "offer__title",
            "offer__user_id",
            "offer__user__display_name",
            "offer__user__handle",
            "offer__user__avatar",
        )
        .order_by()
    )
    width = len(OFFER_FACT_FIELDS)
    for skill_id, level, *rest in rows:
        offer_id = rest[0]
        levels[offer_id][skill_id] = level_rank(level)
        if offer_id not in offers:
            offers[offer_id] = _PooledOffer(row=tuple(rest[:width]), shown=tuple(rest[width:]))
    return offers, levels


def _score_offers(
    facts: scoring.NeedFacts,
    offers: dict[int, _PooledOffer],
    levels: dict[int, dict[int, int]],
    today,
) -> list[scoring.Match]:
    scored = (
        scoring.score(
            facts,
            offer_facts_from_row(pooled.row, levels[offer_id]),
            today=today,
            direction=scoring.FOR_NEED,
        )
        for offer_id, pooled in offers.items()
    )
    return [match for match in scored if match is not None]


@dataclass
class NeedSuggestion:
    match: scoring.Match
    explanation: str
    need: Need
    offer_id: int


def _offer_matching_facts(user, today) -> list[scoring.OfferFacts]:
    """``user``'s active offers as scoring facts, in one query."""
    by_offer: dict[int, tuple] = {}
    skills: dict[int, dict[int, int]] = defaultdict(dict)
    fields = [f"offer__{name}" if name != "pk" else "offer_id" for name in OFFER_FACT_FIELDS]
    for skill_id, level, *row in (
        # Through the offer's (user, status) index, then the unique (offer, skill) one.
        OfferSkill.objects.filter(offer__user=user, offer__status=OfferStatus.ACTIVE)
        .filter(Q(offer__available_until__isnull=True) | Q(offer__available_until__gte=today))
        .values_list("skill_id", "level", *fields)
        .order_by()
    ):
        by_offer[row[0]] = tuple(row)
        skills[row[0]][skill_id] = level_rank(level)
    return [offer_facts_from_row(row, skills[pk]) for pk, row in by_offer.items()]


# What "needs for me" shows of each need (read with the facts, no further query).
NEED_SHOWN_FIELDS = (
    "title",
    "project_id",
    "project__slug",
    "project__title",
    "project__group_id",
    "project__group__name",
    "project__group__slug",
)


def needs_for_volunteer(
    viewer, *, limit: int = SUGGESTIONS, today=None, offers: list[Offer] | None = None
) -> list[NeedSuggestion]:
    """Ranked open needs ``viewer`` may see and fits, through their active offers.

    Four queries (three when the page already has ``offers``): the offers'
    facts, the viewer's audiences, the candidate needs aggregated, the
    pool's needs with their skills and what the page shows of them.
    """
    if not is_active_member(viewer):
        return []
    today = today or timezone.localdate()
    if offers is None:
        offer_list = _offer_matching_facts(viewer, today)
    else:
        offer_list = [
            offer_facts(
                offer, {row.skill_id: level_rank(row.level) for row in offer.offered_skills.all()}
            )
            for offer in offers
        ]
    best: dict[int, int] = {}
    for facts in offer_list:
        for skill_id, rank in facts.skills.items():
            best[skill_id] = max(rank, best.get(skill_id, -1))
    if not best:
        return []
    met = Q()
    for skill_id, rank in best.items():
        met |= Q(skill_id=skill_id, min_level__in=levels_at_most(LEVEL_ORDER[rank]))
    audiences = audiences_for(viewer)
    engaged = Engagement.objects.filter(volunteer=viewer, status__in=LIVE_ENGAGEMENT_STATUSES)
    # One table, one partial index: NeedSkill carries its need's audience,
    # whether it is listed (open, in an active project), its deadline and age.
    pool = (
        NeedSkill.objects.filter(
            listed=True, skill_id__in=list(best), audience__in=sorted(audiences)
        )
        .filter(Q(apply_by__isnull=True) | Q(apply_by__gte=today))
        .exclude(need_id__in=engaged.values("need_id"))
        .values("need_id")
        .annotate(
            met=Count("skill_id", filter=met),
            held=Count("skill_id"),
            total=Max("skill_count"),
            opened=Max("need_created_at"),
        )
        .annotate(
            coverage=Cast(F("met"), FloatField()) / Cast(F("total"), FloatField()),
            full=Case(When(met=F("total"), then=Value(1)), default=Value(0)),
        )
        .order_by("-full", "-coverage", "-held", "-opened", "need_id")
        .values("need_id")[:MATCH_POOL]
    )
    # The pool's needs, all their skills and what the page shows, in one query.
    need_skills: dict[int, dict[int, int]] = defaultdict(dict)
    need_rows: dict[int, tuple] = {}
    shown: dict[int, tuple] = {}
    width = len(NEED_FACT_FIELDS)
    for skill_id, minimum, *row in (
        NeedSkill.objects.filter(need_id__in=pool)
        .values_list(
            "skill_id",
            "min_level",
            *(f"need__{name}" for name in NEED_FACT_FIELDS),
            *(f"need__{name}" for name in NEED_SHOWN_FIELDS),
        )
        .order_by()
    ):
        need_id = row[0]
        need_skills[need_id][skill_id] = level_rank(minimum)
        need_rows[need_id] = tuple(row[:width])
        shown[need_id] = tuple(row[width:])
    facts = [need_facts_from_row(row, need_skills[pk]) for pk, row in need_rows.items()]
    matches = scoring.rank(
        scoring.best_per_need(
            scoring.score(need, offer, today=today, direction=scoring.FOR_VOLUNTEER)
            for need in facts
            for offer in offer_list
        ),
        limit=limit,
    )
    return [
        NeedSuggestion(
            match=match,
            explanation=explain(match),
            need=_shown_need(match.need_id, shown[match.need_id]),
            offer_id=match.offer_id,
        )
        for match in matches
    ]


def _shown_need(pk: int, shown: tuple) -> Need:
    """A need with what "needs for me" shows of it (title, project, group)."""
    title, project_id, slug, project_title, group_id, group_name, group_slug = shown
    group = Group(pk=group_id, name=group_name, slug=group_slug) if group_id else None
    project = Project(pk=project_id, slug=slug, title=project_title, group=group)
    return Need(pk=pk, title=title, project=project)
