"""Every write about projects: create, edit, open, start, complete, cancel,
delete (a project nobody has worked on).

Each action runs in one transaction, checks the rules through
``permissions.py`` (404 for what the user may not know of, 403 otherwise),
raises ``ValidationError`` with a message a person can act on — and then has
written nothing —, and records the activity. Completing or cancelling a
project closes its needs (``state.close_need_and_decline``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.activity.actions import record_activity
from community.activity.visibility import PUBLIC
from community.core.images import ImageRules, delete_files_on_commit, process_image
from community.core.slugs import unique_slug
from community.groups.content import audience_for_group
from community.groups.models import Group
from community.members.models import User
from community.volunteering import notify, permissions
from community.volunteering.cleaning import (
    DESCRIPTION_MAX_LENGTH,
    clean_choice,
    clean_period,
    clean_text,
    clean_title,
    require_active,
    set_place,
)
from community.volunteering.models import (
    PLACE_TAKING_STATUSES,
    Cause,
    Engagement,
    Need,
    NeedStatus,
    Project,
    ProjectStatus,
    WorkMode,
)
from community.volunteering.state import (
    close_need_and_decline,
    delete_activities,
    sync_project_needs,
)

# Activity verb (its partial is in templates/activity/partials/).
PROJECT_OPENED = "project_opened"

COVER_RULES = ImageRules(max_bytes=5 * 1024 * 1024, max_side=1600)
SLUG_MAX_LENGTH = 140
RESERVED_SLUGS = frozenset({"new", "mine"})

# Project status changes a manager may make.
PROJECT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProjectStatus.DRAFT: (ProjectStatus.OPEN, ProjectStatus.CANCELLED),
    ProjectStatus.OPEN: (
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.COMPLETED,
        ProjectStatus.CANCELLED,
    ),
    ProjectStatus.IN_PROGRESS: (
        ProjectStatus.OPEN,
        ProjectStatus.COMPLETED,
        ProjectStatus.CANCELLED,
    ),
    ProjectStatus.COMPLETED: (),
    ProjectStatus.CANCELLED: (),
}


def _clean_cover(cover):
    if isinstance(cover, UploadedFile):
        try:
            return process_image(cover, COVER_RULES)
        except ValidationError as error:
            raise ValidationError({"cover": error.messages}) from error
    return cover


def _set_cover(project: Project, cover: File | bool | None) -> list[str]:
    """``None`` keeps, ``False`` removes, a file replaces; returns the old file name."""
    if cover is None:
        return []
    old = [project.cover.name] if project.cover else []
    if cover is False:
        project.cover = ""
    else:
        project.cover.save(cover.name, cover, save=False)
    return old


def suggest_slug(title: str) -> str:
    """A free address derived from ``title`` (``potager``, ``potager-2``…)."""
    return unique_slug(
        Project, title, max_length=SLUG_MAX_LENGTH, reserved=RESERVED_SLUGS, fallback="project"
    )


def _project_audience(group: Group | None) -> str:
    return audience_for_group(group) if group is not None else PUBLIC


@transaction.atomic
def create_project(
    *,
    actor: User,
    title: str,
    cause: str,
    group: Group | None = None,
    description: str = "",
    work_mode: str = WorkMode.ON_SITE,
    city: str = "",
    postcode: str = "",
    starts_on=None,
    ends_on=None,
    cover: File | None = None,
    publish: bool = False,
) -> Project:
    """Create a project in ``group`` (or for the whole network): a draft, or
    open at once with ``publish``."""
    require_active(actor)
    if not permissions.can_create_project(actor, group):
        if group is not None and group.archived:
            raise PermissionDenied(_("An archived group cannot start projects."))
        raise PermissionDenied(
            _("Only the group's admins may start its projects.")
            if group is not None
            else _("Only network admins may start projects for the whole network.")
        )
    project = Project(
        title=clean_title(title),
        description=clean_text(description, "description", DESCRIPTION_MAX_LENGTH),
        cause=clean_choice(cause, Cause, "cause", _("Choose a cause from the list.")),
        group=group,
        audience=_project_audience(group),
        work_mode=clean_choice(work_mode, WorkMode, "work_mode", _("Choose where it happens.")),
        created_by=actor,
        status=ProjectStatus.DRAFT,
    )
    project.starts_on, project.ends_on = clean_period(starts_on, ends_on, "starts_on", "ends_on")
    set_place(project, city=city, postcode=postcode)
    cover = _clean_cover(cover)
    if cover:
        _set_cover(project, cover)
    project.slug = suggest_slug(project.title)
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:  # the same address taken a moment ago
        project.slug = suggest_slug(f"{project.title}-{timezone.now():%H%M%S}")
        project.save()
    if publish:
        _open_project(actor, project)
    return project


@transaction.atomic
def update_project(
    *,
    actor: User,
    project: Project,
    title: str,
    cause: str,
    description: str = "",
    work_mode: str = WorkMode.ON_SITE,
    city: str = "",
    postcode: str = "",
    starts_on=None,
    ends_on=None,
    cover: File | bool | None = None,
) -> Project:
    permissions.check_manage_project(actor, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_finished:
        raise ValidationError(_("A completed or cancelled project can no longer be edited."))
    project.title = clean_title(title)
    project.cause = clean_choice(cause, Cause, "cause", _("Choose a cause from the list."))
    project.description = clean_text(description, "description", DESCRIPTION_MAX_LENGTH)
    project.work_mode = clean_choice(
        work_mode, WorkMode, "work_mode", _("Choose where it happens.")
    )
    project.starts_on, project.ends_on = clean_period(starts_on, ends_on, "starts_on", "ends_on")
    set_place(project, city=city, postcode=postcode)
    old_files = _set_cover(project, _clean_cover(cover))
    project.updated_at = timezone.now()
    project.save()
    delete_files_on_commit(old_files)
    return project


def _open_project(actor: User, project: Project) -> None:
    project.status = ProjectStatus.OPEN
    project.opened_at = project.opened_at or timezone.now()
    project.save(update_fields=["status", "opened_at"])
    sync_project_needs(project)
    record_activity(
        actor=actor,
        verb=PROJECT_OPENED,
        target=project,
        audience=project.audience,
        group=project.group,
    )


def _close_needs(project: Project, actor: User, reason: str) -> None:
    needs = list(
        Need.objects.select_for_update().filter(project=project).exclude(status=NeedStatus.CLOSED)
    )
    for need in needs:
        close_need_and_decline(need, actor, reason)


@transaction.atomic
def change_project_status(*, actor: User, project: Project, status: str) -> Project:
    """Open, start, complete or cancel a project. Completing or cancelling it
    closes its needs (pending applications and invitations are declined);
    accepted volunteers stay until a manager completes their engagement."""
    permissions.check_manage_project(actor, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if status not in ProjectStatus.values:
        raise ValidationError(_("Choose a status from the list."))
    if status not in PROJECT_TRANSITIONS[project.status]:
        raise ValidationError(
            _("A project that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": project.get_status_display(),
                "new": ProjectStatus(status).label,
            }
        )
    if status == ProjectStatus.OPEN and project.status == ProjectStatus.DRAFT:
        _open_project(actor, project)
        return project
    project.status = status
    project.updated_at = timezone.now()
    project.save(update_fields=["status", "updated_at"])
    sync_project_needs(project)
    if status == ProjectStatus.COMPLETED:
        _close_needs(project, actor, _("The project is completed."))
    elif status == ProjectStatus.CANCELLED:
        _close_needs(project, actor, _("The project was cancelled."))
    return project


def _refuse_if_worked_on(scope: dict, message: str) -> None:
    """Volunteers' hours and attestations depend on the projects they worked
    on: refuse to delete them. The needs in ``scope`` are locked first, as
    ``accept_engagement`` locks its need, so an acceptance cannot slip in
    between this check and the deletion."""
    prefixed = {f"project__{key}": value for key, value in scope.items()}
    list(Need.objects.select_for_update().filter(**prefixed).only("pk"))
    if Engagement.objects.filter(**prefixed, status__in=PLACE_TAKING_STATUSES).exists():
        raise ValidationError(message)


def check_group_deletable(group: Group) -> None:
    """Refuse to delete a group whose projects volunteers have worked on, as
    ``delete_project`` refuses such a project (``groups.actions.delete_group``
    asks, in its transaction)."""
    _refuse_if_worked_on(
        {"group": group},
        _(
            "Volunteers have worked on this group's projects: their hours and "
            "attestations depend on them. Archive the group instead."
        ),
    )


@transaction.atomic
def delete_project(*, actor: User, project: Project) -> None:
    """Delete a project nobody has worked on yet. Once a volunteer was
    accepted, their record and attestation depend on it: cancel it instead."""
    permissions.check_manage_project(actor, project)
    _refuse_if_worked_on(
        {"pk": project.pk},
        _(
            "Volunteers have worked on this project: their hours and attestations "
            "depend on it. Cancel or complete it instead."
        ),
    )
    need_ids = list(Need.objects.filter(project=project).values_list("pk", flat=True))
    engagement_ids = list(Engagement.objects.filter(project=project).values_list("pk", flat=True))
    delete_activities(Project, [project.pk])
    delete_activities(Need, need_ids)
    delete_activities(Engagement, engagement_ids)
    notify.discard([*Engagement.objects.filter(project=project)])
    project.delete()  # its cover's file goes once this commits (volunteering/apps.py)
