"""Every viewer-dependent read about volunteering, filtered through
``community.activity.visibility`` (what the viewer may see) and
``permissions.py`` (what they manage).

Matching (``suggestions_for_need``, ``needs_for_volunteer``) runs in two steps:

1. a **SQL pre-filter** on the skills, through the indexes on ``OfferSkill``
   and ``NeedSkill``: only active, unexpired offers of members who may see the
   need (a closed or secret group's need: its members only), only open needs
   of active projects the volunteer may see, nobody already on the need.
   Candidates are aggregated per offer (or need) — how many required skills
   they meet at the minimum level, how many they hold at all — and the best
   covered, most recently updated ``MATCH_POOL`` go on;
2. the **pure scoring** of ``matching.py`` ranks them and explains each one.

So a suggestion is always one of the best-covered candidates; among more
than ``MATCH_POOL`` volunteers covering every skill, the most recently
updated offers are the ones scored (and recency is part of the score anyway).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from community.activity.visibility import (
    audiences_for,
    can_view_volunteer_record,
    group_audience,
    is_active_member,
    visible_q,
)
from community.core.permissions import is_network_admin
from community.groups.models import Group
from community.groups.permissions import visible_groups_q
from community.groups.selectors import member_ids
from community.members.models import FieldVisibility, Skill, User
from community.volunteering import matching, permissions, places
from community.volunteering.models import (
    ACTIVE_PROJECT_STATUSES,
    LEVEL_ORDER,
    LIVE_ENGAGEMENT_STATUSES,
    PLACE_TAKING_STATUSES,
    Engagement,
    EngagementStatus,
    HoursEntry,
    HoursStatus,
    Need,
    NeedSkill,
    NeedStatus,
    Offer,
    OfferSkill,
    OfferStatus,
    OfferVisibility,
    Project,
    ProjectStatus,
    VolunteerSettings,
    WorkMode,
    level_rank,
    levels_at_least,
    levels_at_most,
    monthly_hours,
)

MATCH_POOL = 100
SUGGESTIONS = 20
STATUS_FILTERS = ("active", "open", "in_progress", "completed", "cancelled", "all", "draft")
DEFAULT_RADIUS_KM = 30


# --- Shared annotations ----------


def _places_taken_subquery(need_ref: str = "pk") -> Coalesce:
    counts = (
        Engagement.objects.filter(need=OuterRef(need_ref), status__in=PLACE_TAKING_STATUSES)
        .order_by()
        .values("need")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _skills_prefetch() -> Prefetch:
    return Prefetch(
        "required_skills",
        queryset=NeedSkill.objects.select_related("skill").order_by("skill__name"),
    )


# --- The projects directory ----------


@dataclass
class ProjectFilters:
    skill: str = ""
    cause: str = ""
    remote: bool = False
    near: str = ""
    radius: int = DEFAULT_RADIUS_KM
    group: str = ""
    status: str = "active"

    @property
    def is_filtered(self) -> bool:
        return (
            bool(self.skill or self.cause or self.remote or self.near or self.group)
            or self.status != "active"
        )


def listed_projects_q(viewer, *, audiences: frozenset[str] | None = None) -> Q:
    """Projects ``viewer`` may find in lists: published ones their audiences
    allow, and the drafts they manage (never outside a group they may not see)."""
    audiences = audiences_for(viewer) if audiences is None else audiences
    seen = visible_q(viewer, audiences=audiences)
    return (~Q(status=ProjectStatus.DRAFT) & seen) | (
        Q(status=ProjectStatus.DRAFT) & seen & permissions.managed_projects_q(viewer)
    )


def projects_directory(viewer, filters: ProjectFilters) -> tuple[QuerySet[Project], str]:
    """The projects ``viewer`` may see, filtered; and a message about the
    location filter when the place typed is unknown."""
    if viewer is not None and viewer.is_authenticated and not viewer.is_active:
        return Project.objects.none(), ""
    projects = Project.objects.filter(listed_projects_q(viewer))
    status = filters.status if filters.status in STATUS_FILTERS else "active"
    if status == "active":
        projects = projects.filter(status__in=ACTIVE_PROJECT_STATUSES)
    elif status == "draft":
        projects = projects.filter(status=ProjectStatus.DRAFT)
    elif status != "all":
        projects = projects.filter(status=status)
    else:
        projects = projects.exclude(status=ProjectStatus.DRAFT)
    open_needs = Need.objects.filter(project=OuterRef("pk"), status=NeedStatus.OPEN)
    if filters.skill:
        projects = projects.filter(
            Exists(open_needs.filter(required_skills__skill__slug=filters.skill))
        )
    if filters.cause:
        projects = projects.filter(cause=filters.cause)
    if filters.remote:
        projects = projects.filter(
            Q(work_mode__in=(WorkMode.REMOTE, WorkMode.EITHER))
            | Exists(open_needs.filter(work_mode__in=(WorkMode.REMOTE, WorkMode.EITHER)))
        )
    message = ""
    if filters.near:
        position = places.locate(postcode=filters.near, city=filters.near)
        if position is None:
            message = gettext(
                "We could not place “%(place)s”: try a French postcode or a town name."
            ) % {"place": filters.near}
        else:
            box = bounding_box(position.point, filters.radius)
            projects = projects.filter(
                latitude__range=(box[0], box[2]), longitude__range=(box[1], box[3])
            )
    if filters.group:
        projects = projects.filter(
            group__in=Group.objects.filter(visible_groups_q(viewer)).filter(slug=filters.group)
        )
    projects = (
        projects.select_related("group")
        .annotate(
            open_need_count=Coalesce(
                Subquery(
                    Need.objects.filter(project=OuterRef("pk"), status=NeedStatus.OPEN)
                    .order_by()
                    .values("project")
                    .annotate(total=Count("pk"))
                    .values("total"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            volunteer_count=Coalesce(
                Subquery(
                    Engagement.objects.filter(
                        project=OuterRef("pk"), status__in=PLACE_TAKING_STATUSES
                    )
                    .order_by()
                    .values("project")
                    .annotate(total=Count("volunteer", distinct=True))
                    .values("total"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        .order_by(F("opened_at").desc(nulls_last=True), "-id")
    )
    return projects, message


def bounding_box(point: tuple[float, float], radius_km: float) -> tuple[float, float, float, float]:
    """(min lat, min lon, max lat, max lon) around ``point``: a square of side
    2 × radius (so "within 30 km" also keeps the corners, up to 42 km)."""
    import math

    lat, lon = point
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(0.01, math.cos(math.radians(lat))))
    return (lat - dlat, lon - dlon, lat + dlat, lon + dlon)


def directory_skills() -> QuerySet[Skill]:
    return Skill.objects.select_related("category").order_by("category__position", "name")


def directory_groups(viewer) -> QuerySet[Group]:
    """Groups with published projects that ``viewer`` may see (the group filter)."""
    return (
        Group.objects.filter(visible_groups_q(viewer))
        .filter(
            Exists(
                Project.objects.filter(group=OuterRef("pk"))
                .exclude(status=ProjectStatus.DRAFT)
                .filter(visible_q(viewer))
            )
        )
        .order_by("name")
    )


# --- A project's page ----------


def project_by_slug(viewer, slug: str) -> Project:
    """The project, or 404 when ``viewer`` may not see it."""
    project = Project.objects.select_related("group", "created_by").filter(slug=slug).first()
    if project is None or not permissions.can_view_project(viewer, project):
        raise Http404
    return project


@dataclass
class ProjectPage:
    project: Project
    can_manage: bool
    needs: list[Need]
    team: list[Engagement]
    # need id → the viewer's live engagement on it
    mine: dict[int, Engagement] = field(default_factory=dict)
    pending_count: int = 0
    hours_to_confirm: int = 0


def project_page(viewer, project: Project) -> ProjectPage:
    can_manage = permissions.can_manage_project(viewer, project)
    needs = list(
        Need.objects.filter(project=project)
        .prefetch_related(_skills_prefetch())
        .annotate(places_taken=_places_taken_subquery())
        .order_by(
            Case(
                When(status=NeedStatus.OPEN, then=Value(0)),
                When(status=NeedStatus.FILLED, then=Value(1)),
                default=Value(2),
            ),
            "created_at",
            "pk",
        )
    )
    for need in needs:
        need.project = project
    team = list(
        Engagement.objects.filter(project=project, status__in=PLACE_TAKING_STATUSES)
        .select_related("volunteer", "need")
        .order_by("need__title", "volunteer__display_name", "pk")
    )
    page = ProjectPage(project=project, can_manage=can_manage, needs=needs, team=team)
    if is_active_member(viewer):
        page.mine = {
            engagement.need_id: engagement
            for engagement in Engagement.objects.filter(
                project=project, volunteer=viewer, status__in=LIVE_ENGAGEMENT_STATUSES
            )
        }
    if can_manage:
        page.pending_count = Engagement.objects.filter(
            project=project, status=EngagementStatus.PROPOSED
        ).count()
        page.hours_to_confirm = HoursEntry.objects.filter(
            engagement__project=project, status=HoursStatus.PENDING
        ).count()
    return page


def need_in_project(viewer, project: Project, pk: int) -> Need:
    need = (
        Need.objects.filter(project=project, pk=pk)
        .prefetch_related(_skills_prefetch())
        .annotate(places_taken=_places_taken_subquery())
        .first()
    )
    if need is None:
        raise Http404
    need.project = project
    return need


def need_by_pk(viewer, pk: int) -> Need:
    need = Need.objects.select_related("project", "project__group").filter(pk=pk).first()
    if need is None or not permissions.can_view_project(viewer, need.project):
        raise Http404
    return need


def group_projects(viewer, group: Group, *, manages: bool, size: int = 6) -> list[Project]:
    """A group's projects for its page (drafts for its managers only: ``manages``)."""
    from community.activity.visibility import visible_in_group_q

    projects = (
        Project.objects.filter(group=group)
        .filter(visible_in_group_q(viewer, group))
        .select_related("group")
    )
    if not manages:
        projects = projects.exclude(status=ProjectStatus.DRAFT)
    return list(
        projects.annotate(
            open_need_count=Coalesce(
                Subquery(
                    Need.objects.filter(project=OuterRef("pk"), status=NeedStatus.OPEN)
                    .order_by()
                    .values("project")
                    .annotate(total=Count("pk"))
                    .values("total"),
                    output_field=IntegerField(),
                ),
                Value(0),
            )
        ).order_by(
            Case(
                When(status__in=ACTIVE_PROJECT_STATUSES, then=Value(0)),
                When(status=ProjectStatus.DRAFT, then=Value(1)),
                default=Value(2),
            ),
            F("opened_at").desc(nulls_last=True),
            "-id",
        )[:size]
    )


# --- Matching ----------


def _level_ranks(rows) -> dict[int, int]:
    return {skill_id: level_rank(level) for skill_id, level in rows}


def _explain(match: matching.Match) -> str:
    return matching.explain(
        match,
        gettext=gettext,
        ngettext=ngettext,
        format_date=lambda day: date_format(day, "j F"),
    )


def need_facts(need: Need, skills: dict[int, int]) -> matching.NeedFacts:
    return matching.NeedFacts(
        id=need.pk,
        skills=skills,
        work_mode=need.work_mode,
        point=need.point,
        monthly_hours=need.monthly_hours,
        opened=timezone.localdate(need.created_at),
        approximate=need.approximate,
    )


def _point(latitude, longitude) -> tuple[float, float] | None:
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


def _offer_facts_from_row(row: tuple, skills: dict[int, int]) -> matching.OfferFacts:
    pk, hours, status, start, until, mode, lat, lon, radius, updated, approximate = row
    return matching.OfferFacts(
        id=pk,
        skills=skills,
        hours_per_month=hours,
        status=status,
        available_from=start,
        available_until=until,
        work_mode=mode,
        point=_point(lat, lon),
        radius_km=radius,
        updated=timezone.localdate(updated),
        approximate=approximate,
    )


def offer_facts(offer: Offer, skills: dict[int, int]) -> matching.OfferFacts:
    return _offer_facts_from_row(
        tuple(getattr(offer, "pk" if name == "pk" else name) for name in OFFER_FACT_FIELDS),
        skills,
    )


@dataclass
class Suggestion:
    match: matching.Match
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
    matches = matching.rank(matches, limit=limit)

    skills_by_id = {row.skill_id: row.skill for row in required_rows}
    by_name = sorted(skill_order, key=lambda skill_id: skills_by_id[skill_id].name)
    return [
        Suggestion(
            match=match,
            explanation=_explain(match),
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
    facts: matching.NeedFacts,
    offers: dict[int, _PooledOffer],
    levels: dict[int, dict[int, int]],
    today,
) -> list[matching.Match]:
    scored = (
        matching.score(
            facts,
            _offer_facts_from_row(pooled.row, levels[offer_id]),
            today=today,
            direction=matching.FOR_NEED,
        )
        for offer_id, pooled in offers.items()
    )
    return [match for match in scored if match is not None]


@dataclass
class NeedSuggestion:
    match: matching.Match
    explanation: str
    need: Need
    offer_id: int


def active_offers(user, *, today=None) -> list[Offer]:
    """``user``'s offers that take part in matching (active, not expired)."""
    if not is_active_member(user):
        return []
    today = today or timezone.localdate()
    return list(
        Offer.objects.filter(user=user, status=OfferStatus.ACTIVE)
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=today))
        .prefetch_related("offered_skills")
        .order_by("-updated_at", "-id")
    )


def _offer_matching_facts(user, today) -> list[matching.OfferFacts]:
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
    return [_offer_facts_from_row(row, skills[pk]) for pk, row in by_offer.items()]


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
    facts = []
    for pk, row in need_rows.items():
        _pk, mode, lat, lon, approximate, created, total, per_week, starts, ends = row
        facts.append(
            matching.NeedFacts(
                id=pk,
                skills=need_skills[pk],
                work_mode=mode,
                point=_point(lat, lon),
                monthly_hours=monthly_hours(
                    total_hours=total, hours_per_week=per_week, starts_on=starts, ends_on=ends
                ),
                opened=timezone.localdate(created),
                approximate=approximate,
            )
        )
    matches = matching.rank(
        matching.best_per_need(
            matching.score(need, offer, today=today, direction=matching.FOR_VOLUNTEER)
            for need in facts
            for offer in offer_list
        ),
        limit=limit,
    )
    return [
        NeedSuggestion(
            match=match,
            explanation=_explain(match),
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


# --- A member's offers and engagements ----------


def my_offers(user) -> list[Offer]:
    return list(
        Offer.objects.filter(user=user)
        .prefetch_related(
            Prefetch("offered_skills", queryset=OfferSkill.objects.select_related("skill"))
        )
        .annotate(
            status_order=Case(
                When(status=OfferStatus.ACTIVE, then=Value(0)),
                When(status=OfferStatus.PAUSED, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("status_order", "-updated_at", "-id")
    )


def offers_on_profile(viewer, member: User) -> list[Offer]:
    """``member``'s active offers that ``viewer`` may see (profile page)."""
    if not is_active_member(viewer) or not member.is_active:
        return []
    offers = list(
        Offer.objects.filter(user=member, status=OfferStatus.ACTIVE)
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=timezone.localdate()))
        .prefetch_related(
            Prefetch("offered_skills", queryset=OfferSkill.objects.select_related("skill"))
        )
        .order_by("-updated_at", "-id")
    )
    reserved = [offer for offer in offers if offer.visibility != OfferVisibility.MEMBERS]
    if reserved and viewer.pk != member.pk and not permissions.is_project_manager(viewer):
        offers = [offer for offer in offers if offer.visibility == OfferVisibility.MEMBERS]
    return offers


def offer_on_profile(viewer, member: User, pk: str | int | None) -> Offer | None:
    """``member``'s offer ``pk`` if it is one ``viewer`` may see (one of
    ``offers_on_profile``), else None: a paused or closed offer, or one
    reserved for project managers, is never named from its id."""
    if pk is None or not str(pk).isdigit():
        return None
    return next((offer for offer in offers_on_profile(viewer, member) if offer.pk == int(pk)), None)


def _engagement_rows() -> QuerySet[Engagement]:
    return Engagement.objects.select_related(
        "need", "project", "project__group", "volunteer"
    ).annotate(
        confirmed_hours=Coalesce(
            Subquery(
                HoursEntry.objects.filter(engagement=OuterRef("pk"), status=HoursStatus.CONFIRMED)
                .order_by()
                .values("engagement")
                .annotate(total=Sum("hours"))
                .values("total")
            ),
            Value(Decimal(0)),
        ),
        logged_hours=Coalesce(
            Subquery(
                HoursEntry.objects.filter(engagement=OuterRef("pk"))
                .order_by()
                .values("engagement")
                .annotate(total=Sum("hours"))
                .values("total")
            ),
            Value(Decimal(0)),
        ),
    )


@dataclass
class MyEngagements:
    invitations: list[Engagement]
    applications: list[Engagement]
    current: list[Engagement]
    past: list[Engagement]


def my_engagements(user) -> MyEngagements:
    rows = list(_engagement_rows().filter(volunteer=user).order_by("-created_at", "-id"))
    return MyEngagements(
        invitations=[e for e in rows if e.is_proposed and e.origin == "invitation"],
        applications=[e for e in rows if e.is_proposed and e.origin == "application"],
        current=[e for e in rows if e.is_accepted],
        past=[
            e
            for e in rows
            if e.status not in (EngagementStatus.PROPOSED, EngagementStatus.ACCEPTED)
        ],
    )


def engagement_for(viewer, pk: int) -> Engagement:
    engagement = _engagement_rows().filter(pk=pk).first()
    if engagement is None or not permissions.can_view_engagement(viewer, engagement):
        raise Http404
    return engagement


def engagement_hours(engagement: Engagement) -> list[HoursEntry]:
    return list(engagement.hours.select_related("reviewed_by").order_by("date", "id"))


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
        _engagement_rows()
        .filter(project=project, status=EngagementStatus.PROPOSED)
        .select_related("offer")
        .order_by("created_at", "pk")
    )
    hours = list(
        HoursEntry.objects.filter(
            engagement__project=project, status__in=(HoursStatus.PENDING, HoursStatus.QUERIED)
        )
        .select_related("engagement__volunteer", "engagement__need")
        .order_by("status", "date", "pk")
    )
    team = list(
        _engagement_rows()
        .filter(project=project, status__in=(EngagementStatus.ACCEPTED, EngagementStatus.COMPLETED))
        .order_by("status", "need__title", "volunteer__display_name")
    )
    return Dashboard(
        project=project,
        applications=[e for e in proposed if e.origin == "application"],
        invitations=[e for e in proposed if e.origin == "invitation"],
        hours=hours,
        team=team,
    )


def managed_projects(user) -> list[Project]:
    """Projects ``user`` manages and may see (for "my engagements" and the home page)."""
    if not is_active_member(user):
        return []
    return list(
        Project.objects.filter(permissions.managed_projects_q(user))
        .filter(visible_q(user))
        .exclude(status__in=(ProjectStatus.COMPLETED, ProjectStatus.CANCELLED))
        .annotate(
            pending_count=Coalesce(
                Subquery(
                    Engagement.objects.filter(
                        project=OuterRef("pk"),
                        status=EngagementStatus.PROPOSED,
                        origin="application",
                    )
                    .order_by()
                    .values("project")
                    .annotate(total=Count("pk"))
                    .values("total"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            hours_count=Coalesce(
                Subquery(
                    HoursEntry.objects.filter(
                        engagement__project=OuterRef("pk"), status=HoursStatus.PENDING
                    )
                    .order_by()
                    .values("engagement__project")
                    .annotate(total=Count("pk"))
                    .values("total"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        .order_by(F("opened_at").desc(nulls_last=True), "-id")[:20]
    )


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
    engagements = _engagement_rows().filter(volunteer=member, status__in=PLACE_TAKING_STATUSES)
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
        skills = list(
            Skill.objects.filter(
                pk__in=NeedSkill.objects.filter(
                    need_id__in=[e.need_id for e in engagements]
                ).values("skill_id")
            ).order_by("name")
        )
    return VolunteerRecord(
        visibility=visibility,
        projects=list(by_project.values()),
        confirmed_hours=sum((p.hours for p in by_project.values()), Decimal(0)),
        skills=skills,
        completed_count=sum(1 for e in engagements if e.is_completed),
    )


@dataclass
class Attestation:
    engagement: Engagement
    skills: list[NeedSkill]
    confirmed_hours: Decimal
    entries: list[HoursEntry]


def attestation(viewer, pk: int) -> Attestation:
    engagement = _engagement_rows().filter(pk=pk).first()
    if engagement is None or not permissions.can_view_attestation(viewer, engagement):
        raise Http404
    entries = list(engagement.hours.filter(status=HoursStatus.CONFIRMED).order_by("date", "id"))
    return Attestation(
        engagement=engagement,
        skills=list(NeedSkill.objects.filter(need_id=engagement.need_id).select_related("skill")),
        confirmed_hours=engagement.confirmed_hours,
        entries=entries,
    )


def paginate(queryset, page: str | None, size: int = 12):
    return Paginator(queryset, size).get_page(page)
