"""Every viewer-dependent read about projects: the directory and its
filters, a project's page, a group's projects, the projects a member
manages. Filtered through ``community.activity.visibility`` (what the viewer
may see) and ``permissions.py`` (what they manage)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext

from community.activity.visibility import (
    audiences_for,
    is_active_member,
    visible_in_group_q,
    visible_q,
)
from community.core.queries import total_of
from community.groups.models import Group
from community.groups.permissions import visible_groups_q
from community.volunteering import permissions, places
from community.volunteering.models import (
    ACTIVE_PROJECT_STATUSES,
    LIVE_ENGAGEMENT_STATUSES,
    PLACE_TAKING_STATUSES,
    Engagement,
    EngagementStatus,
    HoursEntry,
    HoursStatus,
    Need,
    NeedStatus,
    Origin,
    Project,
    ProjectStatus,
    WorkMode,
)
from community.volunteering.queries import places_taken_subquery, skills_prefetch

# The list's status filter: ``active`` (open or in progress, the default),
# ``all``, or one status.
ACTIVE_FILTER = "active"
ALL_FILTER = "all"
STATUS_FILTERS = (
    ACTIVE_FILTER,
    ProjectStatus.OPEN,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.COMPLETED,
    ProjectStatus.CANCELLED,
    ALL_FILTER,
    ProjectStatus.DRAFT,
)
DEFAULT_RADIUS_KM = 30


def _open_need_count() -> Coalesce:
    return total_of(
        Need.objects.filter(project=OuterRef("pk"), status=NeedStatus.OPEN), per="project"
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
    status: str = ACTIVE_FILTER

    @property
    def is_filtered(self) -> bool:
        return (
            bool(self.skill or self.cause or self.remote or self.near or self.group)
            or self.status != ACTIVE_FILTER
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
    status = filters.status if filters.status in STATUS_FILTERS else ACTIVE_FILTER
    if status == ACTIVE_FILTER:
        projects = projects.filter(status__in=ACTIVE_PROJECT_STATUSES)
    elif status == ProjectStatus.DRAFT:
        projects = projects.filter(status=ProjectStatus.DRAFT)
    elif status != ALL_FILTER:
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
            open_need_count=_open_need_count(),
            volunteer_count=total_of(
                Engagement.objects.filter(project=OuterRef("pk"), status__in=PLACE_TAKING_STATUSES),
                per="project",
                total=Count("volunteer", distinct=True),
            ),
        )
        .order_by(F("opened_at").desc(nulls_last=True), "-id")
    )
    return projects, message


def showcase(viewer, *, size: int) -> list[Project]:
    """Projects taking volunteers that ``viewer`` may see, those with open
    needs first (the landing page)."""
    projects, _ = projects_directory(viewer, ProjectFilters())
    newest = (F("opened_at").desc(nulls_last=True), "-id")
    return list(projects.order_by(F("open_need_count").desc(), *newest)[:size])


def bounding_box(point: tuple[float, float], radius_km: float) -> tuple[float, float, float, float]:
    """(min lat, min lon, max lat, max lon) around ``point``: a square of side
    2 × radius (so "within 30 km" also keeps the corners, up to 42 km)."""
    lat, lon = point
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(0.01, math.cos(math.radians(lat))))
    return (lat - dlat, lon - dlon, lat + dlat, lon + dlon)


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
        .prefetch_related(skills_prefetch())
        .annotate(places_taken=places_taken_subquery())
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
            engagement__project=project,
            engagement__status=EngagementStatus.ACCEPTED,
            status=HoursStatus.PENDING,
        ).count()
    return page


def group_projects(viewer, group: Group, *, manages: bool, size: int = 6) -> list[Project]:
    """A group's projects for its page (drafts for its managers only: ``manages``)."""
    projects = (
        Project.objects.filter(group=group)
        .filter(visible_in_group_q(viewer, group))
        .select_related("group")
    )
    if not manages:
        projects = projects.exclude(status=ProjectStatus.DRAFT)
    return list(
        projects.annotate(open_need_count=_open_need_count()).order_by(
            Case(
                When(status__in=ACTIVE_PROJECT_STATUSES, then=Value(0)),
                When(status=ProjectStatus.DRAFT, then=Value(1)),
                default=Value(2),
            ),
            F("opened_at").desc(nulls_last=True),
            "-id",
        )[:size]
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
            pending_count=total_of(
                Engagement.objects.filter(
                    project=OuterRef("pk"),
                    status=EngagementStatus.PROPOSED,
                    origin=Origin.APPLICATION,
                ),
                per="project",
            ),
            hours_count=total_of(
                HoursEntry.objects.filter(
                    engagement__project=OuterRef("pk"),
                    engagement__status=EngagementStatus.ACCEPTED,
                    status=HoursStatus.PENDING,
                ),
                per="engagement__project",
            ),
        )
        .order_by(F("opened_at").desc(nulls_last=True), "-id")[:20]
    )


def managed_groups(user) -> list[Group]:
    """The groups in which ``user`` may start projects (the project form's choice)."""
    return list(Group.objects.filter(permissions.managed_groups_q(user)).order_by("name"))


def may_start_a_project(user) -> bool:
    """Network admins, and the admins of a group that is not archived."""
    return (
        permissions.can_create_project(user)
        or Group.objects.filter(permissions.managed_groups_q(user)).exists()
    )


def paginate(queryset: QuerySet, page: str | None, size: int = 12) -> Page:
    return Paginator(queryset, size).get_page(page)
