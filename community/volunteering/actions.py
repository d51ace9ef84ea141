"""Every write about volunteering: projects, needs, offers, engagements, hours.

Each action runs in one transaction, checks the rules through
``permissions.py`` (404 for what the user may not know of, 403 otherwise),
raises ``ValidationError`` with a message a person can act on — and then has
written nothing —, records the activity and tells the other side
(``notify.py``, the one place that sends notifications).

The engagement state machine::

    proposed ──accept──▶ accepted ──complete──▶ completed
       │  └─decline──▶ declined      └─cancel──▶ cancelled
       └──withdraw──▶ withdrawn

An application (by the volunteer) is accepted or declined by the project's
managers and withdrawn by the volunteer; an invitation (by a manager) the
other way round. Every change of an engagement locks its need's row first
(``_lock_need``), so two acceptances for the last place end with exactly one
accepted engagement, and the need turns "filled" when its wanted number is
reached.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.activity.actions import record_activity
from community.activity.models import Activity
from community.activity.visibility import (
    MEMBERS,
    PUBLIC,
    audience_for_group,
    is_active_member,
)
from community.core.images import ImageRules, delete_files_on_commit, process_image
from community.members.models import FieldVisibility, Skill, SkillLevel, User
from community.volunteering import notify, permissions, places
from community.volunteering.models import (
    LIVE_ENGAGEMENT_STATUSES,
    PLACE_TAKING_STATUSES,
    Cause,
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
    Origin,
    Project,
    ProjectStatus,
    VolunteerSettings,
    WorkMode,
)

# Activity verbs (each has its partial in templates/activity/partials/).
OFFER_PUBLISHED = "offer_published"
PROJECT_OPENED = "project_opened"
NEED_OPENED = "need_opened"
VOLUNTEER_JOINED = "volunteer_joined"
ENGAGEMENT_COMPLETED = "engagement_completed"

COVER_RULES = ImageRules(max_bytes=5 * 1024 * 1024, max_side=1600)
TITLE_MAX_LENGTH = 120
SLUG_MAX_LENGTH = 140
DESCRIPTION_MAX_LENGTH = 10000
MESSAGE_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 500
MAX_VOLUNTEERS = 500
MAX_HOURS_PER_MONTH = 300
MAX_RADIUS_KM = 1000
MAX_HOURS_PER_DAY = Decimal(24)
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


# --- Cleaning input ----------


def _require_active(user) -> None:
    if not is_active_member(user):
        raise PermissionDenied(_("Your account cannot do this."))


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give it a title.")})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": _("Keep the title under %(limit)s characters.") % {"limit": TITLE_MAX_LENGTH}}
        )
    return title


def _clean_text(text: str, field: str, limit: int) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise ValidationError({field: _("Keep it under %(limit)s characters.") % {"limit": limit}})
    return text


def _clean_choice(value: str, choices, field: str, message: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: message})
    return value


def _clean_date(value, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        parsed = parse_date(str(value).strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError({field: _("Enter a valid date, for example 2025-03-31.")})
    return parsed


def _clean_int(value, field: str, *, minimum: int, maximum: int, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a whole number.")}) from None
    if number < minimum or number > maximum:
        raise ValidationError(
            {
                field: _("Enter a number between %(min)s and %(max)s.")
                % {"min": minimum, "max": maximum}
            }
        )
    return number


def _clean_decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number, for example 2 or 1.5.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number, for example 2 or 1.5.")})
    return number


def _clean_skills(
    skills: Mapping[Skill, str] | Iterable, field: str = "skills"
) -> dict[Skill, str]:
    """``{skill: level}``; at least one, each level one of beginner/confirmed/expert."""
    cleaned: dict[Skill, str] = {}
    items = skills.items() if isinstance(skills, Mapping) else skills
    for skill, level in items:
        if not isinstance(skill, Skill):
            raise ValidationError({field: _("Choose skills from the list.")})
        if level not in SkillLevel.values:
            raise ValidationError(
                {field: _("Choose a level for %(skill)s.") % {"skill": skill.name}}
            )
        cleaned[skill] = level
    if not cleaned:
        raise ValidationError({field: _("Choose at least one skill.")})
    return cleaned


def _clean_period(start, end, start_field: str, end_field: str):
    start = _clean_date(start, start_field)
    end = _clean_date(end, end_field)
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date must come after the start date.")})
    return start, end


def _place(obj, *, city: str, postcode: str) -> None:
    """Set what people typed and where it is (``places.locate``)."""
    obj.city = _clean_text(city, "city", 100)
    obj.postcode = places.normalise_postcode(_clean_text(postcode, "postcode", 12))
    position = places.locate(postcode=obj.postcode, city=obj.city)
    obj.latitude = position.latitude if position else None
    obj.longitude = position.longitude if position else None
    obj.approximate = bool(position and position.approximate)


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
    base = slugify(title)[: SLUG_MAX_LENGTH - 6].strip("-") or "project"
    if base in RESERVED_SLUGS:
        base = f"{base}-project"
    taken = set(Project.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def _project_audience(group) -> str:
    return audience_for_group(group) if group is not None else PUBLIC


# --- Projects ----------


@transaction.atomic
def create_project(
    *,
    actor: User,
    title: str,
    cause: str,
    group=None,
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
    _require_active(actor)
    if not permissions.can_create_project(actor, group):
        if group is not None and group.archived:
            raise PermissionDenied(_("An archived group cannot start projects."))
        raise PermissionDenied(
            _("Only the group's admins may start its projects.")
            if group is not None
            else _("Only network admins may start projects for the whole network.")
        )
    project = Project(
        title=_clean_title(title),
        description=_clean_text(description, "description", DESCRIPTION_MAX_LENGTH),
        cause=_clean_choice(cause, Cause, "cause", _("Choose a cause from the list.")),
        group=group,
        audience=_project_audience(group),
        work_mode=_clean_choice(work_mode, WorkMode, "work_mode", _("Choose where it happens.")),
        created_by=actor,
        status=ProjectStatus.DRAFT,
    )
    project.starts_on, project.ends_on = _clean_period(starts_on, ends_on, "starts_on", "ends_on")
    _place(project, city=city, postcode=postcode)
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
    project.title = _clean_title(title)
    project.cause = _clean_choice(cause, Cause, "cause", _("Choose a cause from the list."))
    project.description = _clean_text(description, "description", DESCRIPTION_MAX_LENGTH)
    project.work_mode = _clean_choice(
        work_mode, WorkMode, "work_mode", _("Choose where it happens.")
    )
    project.starts_on, project.ends_on = _clean_period(starts_on, ends_on, "starts_on", "ends_on")
    _place(project, city=city, postcode=postcode)
    old_files = _set_cover(project, _clean_cover(cover))
    project.updated_at = timezone.now()
    project.save()
    delete_files_on_commit(old_files)
    return project


def _open_project(actor: User, project: Project) -> None:
    project.status = ProjectStatus.OPEN
    project.opened_at = project.opened_at or timezone.now()
    project.save(update_fields=["status", "opened_at"])
    _sync_project_needs(project)
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
        _close_need(need, actor, reason)


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
    _sync_project_needs(project)
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


def check_group_deletable(group) -> None:
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
    _delete_activities(Project, [project.pk])
    _delete_activities(Need, need_ids)
    _delete_activities(Engagement, engagement_ids)
    notify.discard([*Engagement.objects.filter(project=project)])
    project.delete()  # its cover's file goes once this commits (volunteering/apps.py)


def _delete_activities(model, ids: list[int]) -> None:
    if ids:
        Activity.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id__in=ids
        ).delete()


# --- Needs ----------


def _check_project_editable(project: Project) -> None:
    if project.is_finished:
        raise ValidationError(_("This project is completed or cancelled: its needs are closed."))


def _clean_need_fields(
    *,
    title,
    description,
    skills,
    total_hours,
    hours_per_week,
    weeks,
    volunteers_wanted,
    work_mode,
    apply_by,
) -> dict:
    fields = {
        "title": _clean_title(title),
        "description": _clean_text(description, "description", DESCRIPTION_MAX_LENGTH),
        "work_mode": _clean_choice(work_mode, WorkMode, "work_mode", _("Choose where it happens.")),
        "volunteers_wanted": _clean_int(
            volunteers_wanted,
            "volunteers_wanted",
            minimum=1,
            maximum=MAX_VOLUNTEERS,
            required=True,
        ),
        "total_hours": _clean_int(
            total_hours, "total_hours", minimum=1, maximum=10000, required=False
        ),
        "hours_per_week": _clean_decimal(hours_per_week, "hours_per_week"),
        "weeks": _clean_int(weeks, "weeks", minimum=1, maximum=520, required=False),
        "apply_by": _clean_date(apply_by, "apply_by"),
    }
    per_week = fields["hours_per_week"]
    if per_week is not None and not (Decimal("0.5") <= per_week <= Decimal(80)):
        raise ValidationError({"hours_per_week": _("Enter between 0.5 and 80 hours a week.")})
    if per_week is not None:
        fields["hours_per_week"] = per_week.quantize(Decimal("0.1"))
    if not fields["total_hours"] and not (per_week and fields["weeks"]):
        raise ValidationError(
            {
                "total_hours": _(
                    "Say how much time it takes: an estimated total of hours, or hours per "
                    "week and a number of weeks."
                )
            }
        )
    if fields["apply_by"] and fields["apply_by"] < timezone.localdate():
        raise ValidationError({"apply_by": _("The date to apply by is already past.")})
    fields["skills"] = _clean_skills(skills)
    return fields


def _need_copies(need: Need) -> dict:
    """What ``NeedSkill`` copies from its need for the matching pre-filter."""
    return {
        "group_id": need.group_id,
        "audience": need.audience,
        "listed": need.status == NeedStatus.OPEN and need.project.takes_volunteers,
        "apply_by": need.apply_by,
        "skill_count": need.skill_count,
        "need_created_at": need.created_at,
    }


def _set_need_skills(need: Need, skills: dict[Skill, str]) -> None:
    NeedSkill.objects.filter(need=need).delete()
    copies = _need_copies(need)
    NeedSkill.objects.bulk_create(
        [
            NeedSkill(need=need, skill=skill, min_level=level, **copies)
            for skill, level in skills.items()
        ]
    )


def _sync_need_copies(need: Need) -> None:
    NeedSkill.objects.filter(need=need).update(**_need_copies(need))


def _sync_project_needs(project: Project) -> None:
    """After a project's status changed: which of its needs are listed."""
    NeedSkill.objects.filter(need__project=project).update(listed=False)
    if project.takes_volunteers:
        NeedSkill.objects.filter(need__project=project, need__status=NeedStatus.OPEN).update(
            listed=True
        )


def _need_place(need: Need, project: Project, city: str, postcode: str) -> None:
    if need.work_mode != WorkMode.REMOTE and not (city or postcode).strip():
        city, postcode = project.city, project.postcode  # the project's place by default
    _place(need, city=city, postcode=postcode)


def _places_taken(need: Need) -> int:
    return Engagement.objects.filter(need=need, status__in=PLACE_TAKING_STATUSES).count()


@transaction.atomic
def create_need(
    *,
    actor: User,
    project: Project,
    title: str,
    skills: Mapping[Skill, str],
    description: str = "",
    total_hours=None,
    hours_per_week=None,
    weeks=None,
    volunteers_wanted=1,
    work_mode: str = WorkMode.ON_SITE,
    city: str = "",
    postcode: str = "",
    apply_by=None,
) -> Need:
    permissions.check_manage_project(actor, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    _check_project_editable(project)
    fields = _clean_need_fields(
        title=title,
        description=description,
        skills=skills,
        total_hours=total_hours,
        hours_per_week=hours_per_week,
        weeks=weeks,
        volunteers_wanted=volunteers_wanted,
        work_mode=work_mode,
        apply_by=apply_by,
    )
    skills = fields.pop("skills")
    need = Need(
        project=project,
        group=project.group,
        audience=project.audience,
        created_by=actor,
        skill_count=len(skills),
        **fields,
    )
    _need_place(need, project, city, postcode)
    need.save()
    _set_need_skills(need, skills)
    if project.takes_volunteers:
        record_activity(
            actor=actor,
            verb=NEED_OPENED,
            target=need,
            audience=need.audience,
            group=project.group,
        )
    return need


def _lock_need(need: Need) -> Need:
    """The need's row, locked until the end of the transaction (404 if gone)."""
    locked = Need.objects.select_for_update().filter(pk=need.pk).first()
    if locked is None:
        raise Http404
    locked.project = Project.objects.get(pk=locked.project_id)
    return locked


def _sync_need_status(need: Need) -> None:
    """Open ↔ filled as places are taken or freed (a closed need stays closed)."""
    if need.status == NeedStatus.CLOSED:
        return
    status = NeedStatus.FILLED if _places_taken(need) >= need.volunteers_wanted else NeedStatus.OPEN
    if status != need.status:
        need.status = status
        need.save(update_fields=["status"])
        _sync_need_copies(need)


@transaction.atomic
def update_need(
    *,
    actor: User,
    need: Need,
    title: str,
    skills: Mapping[Skill, str],
    description: str = "",
    total_hours=None,
    hours_per_week=None,
    weeks=None,
    volunteers_wanted=1,
    work_mode: str = WorkMode.ON_SITE,
    city: str = "",
    postcode: str = "",
    apply_by=None,
) -> Need:
    permissions.check_manage_project(actor, need.project)
    need = _lock_need(need)
    _check_project_editable(need.project)
    fields = _clean_need_fields(
        title=title,
        description=description,
        skills=skills,
        total_hours=total_hours,
        hours_per_week=hours_per_week,
        weeks=weeks,
        volunteers_wanted=volunteers_wanted,
        work_mode=work_mode,
        apply_by=apply_by,
    )
    taken = _places_taken(need)
    if fields["volunteers_wanted"] < taken:
        raise ValidationError(
            {
                "volunteers_wanted": _(
                    "%(count)s volunteers are already on this need: ask for at least as many."
                )
                % {"count": taken}
            }
        )
    skills = fields.pop("skills")
    for name, value in fields.items():
        setattr(need, name, value)
    need.skill_count = len(skills)
    need.updated_at = timezone.now()
    _need_place(need, need.project, city, postcode)
    need.save()
    _set_need_skills(need, skills)
    _sync_need_status(need)
    _sync_need_copies(need)
    return need


def _close_need(need: Need, actor: User, reason: str) -> None:
    need.status = NeedStatus.CLOSED
    need.save(update_fields=["status"])
    _sync_need_copies(need)
    for engagement in Engagement.objects.select_for_update().filter(
        need=need, status=EngagementStatus.PROPOSED
    ):
        engagement.status = EngagementStatus.DECLINED
        engagement.answer = reason
        engagement.decided_by = actor
        engagement.decided_at = timezone.now()
        engagement.save(update_fields=["status", "answer", "decided_by", "decided_at"])
        notify.engagement_declined(engagement, actor=actor)


@transaction.atomic
def close_need(*, actor: User, need: Need) -> Need:
    """Stop taking volunteers; pending applications and invitations are declined."""
    permissions.check_manage_project(actor, need.project)
    need = _lock_need(need)
    if need.status == NeedStatus.CLOSED:
        raise ValidationError(_("This need is already closed."))
    _close_need(need, actor, _("The need was closed."))
    return need


@transaction.atomic
def reopen_need(*, actor: User, need: Need) -> Need:
    permissions.check_manage_project(actor, need.project)
    need = _lock_need(need)
    if need.status != NeedStatus.CLOSED:
        raise ValidationError(_("Only a closed need can be reopened."))
    if not need.project.takes_volunteers:
        raise ValidationError(_("Open the project first: its needs take volunteers only then."))
    need.status = NeedStatus.OPEN
    need.save(update_fields=["status"])
    _sync_need_copies(need)
    _sync_need_status(need)
    return need


# --- Offers ----------


def _clean_offer_fields(
    *,
    title,
    description,
    skills,
    hours_per_month,
    available_from,
    available_until,
    work_mode,
    travel_radius_km,
    visibility,
) -> dict:
    fields = {
        "title": _clean_title(title),
        "description": _clean_text(description, "description", DESCRIPTION_MAX_LENGTH),
        "hours_per_month": _clean_int(
            hours_per_month,
            "hours_per_month",
            minimum=1,
            maximum=MAX_HOURS_PER_MONTH,
            required=True,
        ),
        "work_mode": _clean_choice(
            work_mode, WorkMode, "work_mode", _("Choose remote, on site, or either.")
        ),
        "travel_radius_km": _clean_int(
            travel_radius_km if travel_radius_km not in (None, "") else 0,
            "travel_radius_km",
            minimum=0,
            maximum=MAX_RADIUS_KM,
            required=True,
        ),
        "visibility": _clean_choice(
            visibility, OfferVisibility, "visibility", _("Choose who sees this offer.")
        ),
    }
    fields["available_from"], fields["available_until"] = _clean_period(
        available_from, available_until, "available_from", "available_until"
    )
    if fields["available_until"] and fields["available_until"] < timezone.localdate():
        raise ValidationError({"available_until": _("This date is already past.")})
    fields["skills"] = _clean_skills(skills)
    return fields


def _offer_copies(offer: Offer) -> dict:
    """What ``OfferSkill`` copies from its offer for the matching pre-filter."""
    return {
        "user_id": offer.user_id,
        "active": offer.is_active,
        "available_until": offer.available_until,
        "updated_at": offer.updated_at,
        "work_mode": offer.work_mode,
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "travel_radius_km": offer.travel_radius_km,
    }


def _sync_offer_skills(offer: Offer, skills: dict[Skill, str] | None = None) -> None:
    """Keep ``OfferSkill``'s copies of the offer in step (``skills`` replaces them)."""
    copies = _offer_copies(offer)
    if skills is not None:
        OfferSkill.objects.filter(offer=offer).delete()
        OfferSkill.objects.bulk_create(
            [
                OfferSkill(offer=offer, skill=skill, level=level, **copies)
                for skill, level in skills.items()
            ]
        )
    else:
        OfferSkill.objects.filter(offer=offer).update(**copies)


def _check_offer_owner(user: User, offer: Offer) -> Offer:
    _require_active(user)
    if offer.user_id != user.pk:
        raise Http404
    return Offer.objects.select_for_update().get(pk=offer.pk)


def _withdraw_offer_activity(offer: Offer) -> None:
    """A closed offer, or one now reserved to project managers, leaves members' feeds."""
    _delete_activities(Offer, [offer.pk])


@transaction.atomic
def create_offer(
    *,
    user: User,
    title: str,
    skills: Mapping[Skill, str],
    hours_per_month,
    description: str = "",
    available_from=None,
    available_until=None,
    work_mode: str = WorkMode.EITHER,
    city: str = "",
    postcode: str = "",
    travel_radius_km=20,
    visibility: str = OfferVisibility.MEMBERS,
) -> Offer:
    """Publish an offer. One visible to members is announced in their feeds;
    one reserved to project managers is not announced anywhere."""
    _require_active(user)
    fields = _clean_offer_fields(
        title=title,
        description=description,
        skills=skills,
        hours_per_month=hours_per_month,
        available_from=available_from,
        available_until=available_until,
        work_mode=work_mode,
        travel_radius_km=travel_radius_km,
        visibility=visibility,
    )
    skills = fields.pop("skills")
    now = timezone.now()
    offer = Offer(user=user, created_at=now, updated_at=now, **fields)
    if offer.available_from is None:
        offer.available_from = timezone.localdate()
    _place(offer, city=city, postcode=postcode)
    offer.save()
    _sync_offer_skills(offer, skills)
    if offer.visibility == OfferVisibility.MEMBERS:
        record_activity(actor=user, verb=OFFER_PUBLISHED, target=offer, audience=MEMBERS)
    return offer


@transaction.atomic
def update_offer(
    *,
    user: User,
    offer: Offer,
    title: str,
    skills: Mapping[Skill, str],
    hours_per_month,
    description: str = "",
    available_from=None,
    available_until=None,
    work_mode: str = WorkMode.EITHER,
    city: str = "",
    postcode: str = "",
    travel_radius_km=20,
    visibility: str = OfferVisibility.MEMBERS,
) -> Offer:
    offer = _check_offer_owner(user, offer)
    if offer.status == OfferStatus.CLOSED:
        raise ValidationError(_("This offer is closed. Publish a new one instead."))
    fields = _clean_offer_fields(
        title=title,
        description=description,
        skills=skills,
        hours_per_month=hours_per_month,
        available_from=available_from,
        available_until=available_until,
        work_mode=work_mode,
        travel_radius_km=travel_radius_km,
        visibility=visibility,
    )
    skills = fields.pop("skills")
    for name, value in fields.items():
        setattr(offer, name, value)
    _place(offer, city=city, postcode=postcode)
    offer.updated_at = timezone.now()
    offer.save()
    _sync_offer_skills(offer, skills)
    if offer.visibility == OfferVisibility.MANAGERS:
        _withdraw_offer_activity(offer)
    return offer


def _set_offer_status(
    user: User, offer: Offer, status: str, allowed_from: tuple[str, ...], message: str
) -> Offer:
    offer = _check_offer_owner(user, offer)
    if offer.status not in allowed_from:
        raise ValidationError(message)
    offer.status = status
    offer.updated_at = timezone.now()
    offer.save(update_fields=["status", "updated_at"])
    _sync_offer_skills(offer)
    if status == OfferStatus.CLOSED:
        _withdraw_offer_activity(offer)
    return offer


@transaction.atomic
def pause_offer(*, user: User, offer: Offer) -> Offer:
    """A paused offer is kept but suggested to nobody until resumed."""
    return _set_offer_status(
        user,
        offer,
        OfferStatus.PAUSED,
        (OfferStatus.ACTIVE,),
        _("Only an active offer can be paused."),
    )


@transaction.atomic
def resume_offer(*, user: User, offer: Offer) -> Offer:
    return _set_offer_status(
        user,
        offer,
        OfferStatus.ACTIVE,
        (OfferStatus.PAUSED,),
        _("Only a paused offer can be resumed."),
    )


@transaction.atomic
def close_offer(*, user: User, offer: Offer) -> Offer:
    """Close for good (engagements made through it are kept)."""
    return _set_offer_status(
        user,
        offer,
        OfferStatus.CLOSED,
        (OfferStatus.ACTIVE, OfferStatus.PAUSED),
        _("This offer is already closed."),
    )


# --- Engagements ----------


def _check_need_takes_volunteers(need: Need) -> None:
    if not need.project.takes_volunteers:
        raise ValidationError(_("This project is not taking volunteers at the moment."))
    if need.status == NeedStatus.CLOSED:
        raise ValidationError(_("This need is closed: it no longer takes volunteers."))
    if need.status == NeedStatus.FILLED:
        raise ValidationError(_("This need is filled: every place is taken."))


def _check_no_live_engagement(need: Need, volunteer: User, *, own: bool) -> None:
    existing = Engagement.objects.filter(
        need=need, volunteer=volunteer, status__in=LIVE_ENGAGEMENT_STATUSES
    ).first()
    if existing is None:
        return
    if existing.status == EngagementStatus.PROPOSED:
        if existing.origin == Origin.APPLICATION:
            message = (
                _("You have already applied to this need.")
                if own
                else _("%(name)s has already applied to this need: answer the application.")
            )
        else:
            message = (
                _("You are already invited to this need: answer the invitation.")
                if own
                else _("%(name)s is already invited to this need.")
            )
    else:
        message = (
            _("You are already a volunteer on this need.")
            if own
            else _("%(name)s is already a volunteer on this need.")
        )
    raise ValidationError(message % {"name": volunteer.display_name} if not own else message)


def _create_engagement(**fields) -> Engagement:
    try:
        with transaction.atomic():
            return Engagement.objects.create(**fields)
    except IntegrityError as error:  # a double click that got past the check
        raise ValidationError(
            _("There is already an application or invitation for this need.")
        ) from error


def _usable_offer(offer: Offer | None, volunteer: User) -> Offer | None:
    if offer is None:
        return None
    if offer.user_id != volunteer.pk:
        raise ValidationError({"offer": _("Choose one of your own offers.")})
    return offer


@transaction.atomic
def apply_to_need(
    *, volunteer: User, need: Need, message: str = "", offer: Offer | None = None
) -> Engagement:
    """The volunteer applies; the project's managers are told."""
    _require_active(volunteer)
    if not permissions.can_view_need(volunteer, need):
        raise Http404
    message = _clean_text(message, "message", MESSAGE_MAX_LENGTH)
    need = _lock_need(need)
    _check_need_takes_volunteers(need)
    if need.apply_by and need.apply_by < timezone.localdate():
        raise ValidationError(
            _("Applications for this need closed on %(date)s.")
            % {"date": date_format(need.apply_by)}
        )
    _check_no_live_engagement(need, volunteer, own=True)
    engagement = _create_engagement(
        need=need,
        project=need.project,
        group=need.group,
        audience=need.audience,
        volunteer=volunteer,
        offer=_usable_offer(offer, volunteer),
        origin=Origin.APPLICATION,
        message=message,
        created_by=volunteer,
    )
    notify.application_received(engagement)
    return engagement


@transaction.atomic
def invite_volunteer(
    *,
    manager: User,
    need: Need,
    volunteer: User,
    message: str = "",
    offer: Offer | None = None,
) -> Engagement:
    """A manager invites a volunteer (from the suggestions); the volunteer is told."""
    permissions.check_manage_project(manager, need.project)
    message = _clean_text(message, "message", MESSAGE_MAX_LENGTH)
    need = _lock_need(need)
    _check_need_takes_volunteers(need)
    if not is_active_member(volunteer) or not permissions.can_view_need(volunteer, need):
        raise ValidationError(
            _("%(name)s cannot see this project, so cannot be invited to it.")
            % {"name": volunteer.display_name}
        )
    _check_no_live_engagement(need, volunteer, own=volunteer.pk == manager.pk)
    engagement = _create_engagement(
        need=need,
        project=need.project,
        group=need.group,
        audience=need.audience,
        volunteer=volunteer,
        offer=_usable_offer(offer, volunteer),
        origin=Origin.INVITATION,
        message=message,
        created_by=manager,
    )
    notify.invitation_received(engagement)
    return engagement


def _lock_engagement(engagement: Engagement) -> tuple[Engagement, Need]:
    """Lock the need, then the engagement (always in that order: no deadlock)."""
    need = _lock_need(engagement.need)
    locked = Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    if locked is None:
        raise Http404
    locked.need = need
    locked.project = need.project
    return locked, need


_ACTION_NEEDS = {
    "accept": (EngagementStatus.PROPOSED,),
    "decline": (EngagementStatus.PROPOSED,),
    "withdraw": (EngagementStatus.PROPOSED,),
    "complete": (EngagementStatus.ACCEPTED,),
    "cancel": (EngagementStatus.ACCEPTED,),
}


def _check_state(engagement: Engagement, action: str) -> None:
    if engagement.status in _ACTION_NEEDS[action]:
        return
    status = EngagementStatus(engagement.status).label.lower()
    messages = {
        "accept": _("Only a proposed engagement can be accepted; this one is %(status)s."),
        "decline": _("Only a proposed engagement can be declined; this one is %(status)s."),
        "withdraw": _("Only a proposed engagement can be withdrawn; this one is %(status)s."),
        "complete": _("Only an accepted engagement can be completed; this one is %(status)s."),
        "cancel": _("Only an accepted engagement can be cancelled; this one is %(status)s."),
    }
    raise ValidationError(messages[action] % {"status": status})


def _check_answering_side(actor: User, engagement: Engagement) -> None:
    """Who answers a proposal: the managers an application, the volunteer an invitation."""
    _require_active(actor)
    if engagement.origin == Origin.APPLICATION:
        if actor.pk == engagement.volunteer_id:
            raise PermissionDenied(_("The project's managers answer your application."))
        permissions.check_manage_project(actor, engagement.project)
    elif actor.pk != engagement.volunteer_id:
        permissions.check_view_engagement(actor, engagement)
        raise PermissionDenied(_("Only the invited volunteer may answer an invitation."))


def _check_proposing_side(actor: User, engagement: Engagement) -> None:
    _require_active(actor)
    if engagement.origin == Origin.APPLICATION:
        if actor.pk != engagement.volunteer_id:
            permissions.check_view_engagement(actor, engagement)
            raise PermissionDenied(_("Only the volunteer may withdraw their application."))
    else:
        permissions.check_manage_project(actor, engagement.project)


@transaction.atomic
def accept_engagement(*, actor: User, engagement: Engagement) -> Engagement:
    """Accept an application (managers) or an invitation (the volunteer).

    Race-safe: the need's row is locked, so the last place goes to exactly one."""
    permissions.check_view_engagement(actor, engagement)
    engagement, need = _lock_engagement(engagement)
    _check_answering_side(actor, engagement)
    _check_state(engagement, "accept")
    _check_need_takes_volunteers(need)
    if _places_taken(need) >= need.volunteers_wanted:
        raise ValidationError(_("This need is filled: every place is taken."))
    now = timezone.now()
    engagement.status = EngagementStatus.ACCEPTED
    engagement.decided_by = actor
    engagement.decided_at = now
    engagement.starts_on = timezone.localdate()
    engagement.save(update_fields=["status", "decided_by", "decided_at", "starts_on"])
    _sync_need_status(need)
    record_activity(
        actor=engagement.volunteer,
        verb=VOLUNTEER_JOINED,
        target=engagement.project,
        audience=engagement.audience,
        group=engagement.group,
    )
    notify.engagement_accepted(engagement, actor=actor)
    return engagement


@transaction.atomic
def decline_engagement(*, actor: User, engagement: Engagement, reason: str = "") -> Engagement:
    permissions.check_view_engagement(actor, engagement)
    reason = _clean_text(reason, "reason", MESSAGE_MAX_LENGTH)
    engagement, _need = _lock_engagement(engagement)
    _check_answering_side(actor, engagement)
    _check_state(engagement, "decline")
    engagement.status = EngagementStatus.DECLINED
    engagement.answer = reason
    engagement.decided_by = actor
    engagement.decided_at = timezone.now()
    engagement.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    notify.engagement_declined(engagement, actor=actor)
    return engagement


@transaction.atomic
def withdraw_engagement(*, actor: User, engagement: Engagement) -> Engagement:
    """The side that proposed takes it back (application or invitation)."""
    permissions.check_view_engagement(actor, engagement)
    engagement, _need = _lock_engagement(engagement)
    _check_proposing_side(actor, engagement)
    _check_state(engagement, "withdraw")
    engagement.status = EngagementStatus.WITHDRAWN
    engagement.decided_by = actor
    engagement.decided_at = timezone.now()
    engagement.save(update_fields=["status", "decided_by", "decided_at"])
    notify.engagement_withdrawn(engagement, actor=actor)
    return engagement


@transaction.atomic
def complete_engagement(*, actor: User, engagement: Engagement) -> Engagement:
    """A manager marks the work done; the attestation becomes available."""
    permissions.check_view_engagement(actor, engagement)
    engagement, _need = _lock_engagement(engagement)
    permissions.check_manage_project(actor, engagement.project)
    _check_state(engagement, "complete")
    engagement.status = EngagementStatus.COMPLETED
    engagement.ends_on = timezone.localdate()
    engagement.save(update_fields=["status", "ends_on"])
    record_activity(
        actor=engagement.volunteer,
        verb=ENGAGEMENT_COMPLETED,
        target=engagement.project,
        audience=engagement.audience,
        group=engagement.group,
    )
    notify.engagement_completed(engagement, actor=actor)
    return engagement


@transaction.atomic
def cancel_engagement(*, actor: User, engagement: Engagement, reason: str = "") -> Engagement:
    """The volunteer or a manager ends an accepted engagement early; its place is freed."""
    permissions.check_view_engagement(actor, engagement)
    reason = _clean_text(reason, "reason", MESSAGE_MAX_LENGTH)
    engagement, need = _lock_engagement(engagement)
    _require_active(actor)
    _check_state(engagement, "cancel")
    engagement.status = EngagementStatus.CANCELLED
    engagement.answer = reason
    engagement.ends_on = timezone.localdate()
    engagement.decided_by = actor
    engagement.decided_at = timezone.now()
    engagement.save(update_fields=["status", "answer", "ends_on", "decided_by", "decided_at"])
    if need.project.takes_volunteers:
        _sync_need_status(need)
    notify.engagement_cancelled(engagement, actor=actor)
    return engagement


# --- Hours ----------

HOURS_OPEN_STATUSES = (EngagementStatus.ACCEPTED, EngagementStatus.COMPLETED)


def _clean_hours(value) -> Decimal:
    if value in (None, ""):
        raise ValidationError({"hours": _("Enter the number of hours.")})
    if isinstance(value, bool):
        raise ValidationError({"hours": _("Enter the hours as a number, for example 2 or 1.5.")})
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            {"hours": _("Enter the hours as a number, for example 2 or 1.5.")}
        ) from None
    if not hours.is_finite():
        raise ValidationError({"hours": _("Enter the hours as a number, for example 2 or 1.5.")})
    if hours <= 0:
        raise ValidationError({"hours": _("Enter more than zero hours.")})
    if hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": _("A day has 24 hours: enter 24 or fewer.")})
    hours = hours.quantize(Decimal("0.01"))
    if hours <= 0:
        raise ValidationError({"hours": _("Enter more than zero hours.")})
    return hours


def _clean_hours_date(value, engagement: Engagement) -> datetime.date:
    day = _clean_date(value, "date")
    if day is None:
        raise ValidationError({"date": _("Enter the date you worked.")})
    today = timezone.localdate()
    if day > today:
        raise ValidationError({"date": _("You cannot log hours for a day still to come.")})
    start = engagement.starts_on
    end = engagement.ends_on or today
    if start is None or day < start or day > end:
        raise ValidationError(
            {
                "date": _("Log hours between %(start)s and %(end)s, the dates of this engagement.")
                % {
                    "start": date_format(start) if start else "—",
                    "end": date_format(end),
                }
            }
        )
    return day


def _check_day_total(volunteer: User, day: datetime.date, hours: Decimal, exclude=None) -> None:
    # Serialise this volunteer's hour logging: the total of a day spans engagements.
    User.objects.select_for_update().filter(pk=volunteer.pk).first()
    entries = HoursEntry.objects.filter(volunteer=volunteer, date=day)
    if exclude is not None:
        entries = entries.exclude(pk=exclude.pk)
    logged = entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if logged + hours > MAX_HOURS_PER_DAY:
        raise ValidationError(
            {
                "hours": _(
                    "You already logged %(logged)s h on %(date)s: with these, the day would "
                    "have more than 24 hours."
                )
                % {"logged": f"{logged.normalize():f}", "date": date_format(day)}
            }
        )


@transaction.atomic
def log_hours(
    *, volunteer: User, engagement: Engagement, date, hours, note: str = ""
) -> HoursEntry:
    """The volunteer logs time worked; the project's managers confirm or query it."""
    _require_active(volunteer)
    if engagement.volunteer_id != volunteer.pk:
        permissions.check_view_engagement(volunteer, engagement)
        raise PermissionDenied(_("Only the volunteer logs hours on their engagement."))
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if engagement.status not in HOURS_OPEN_STATUSES:
        raise ValidationError(
            _("Hours are logged on accepted or completed engagements; this one is %(status)s.")
            % {"status": EngagementStatus(engagement.status).label.lower()}
        )
    hours = _clean_hours(hours)
    day = _clean_hours_date(date, engagement)
    note = _clean_text(note, "note", NOTE_MAX_LENGTH)
    _check_day_total(volunteer, day, hours)
    entry = HoursEntry.objects.create(
        engagement=engagement, volunteer=volunteer, date=day, hours=hours, note=note
    )
    notify.hours_logged(entry)
    return entry


def _own_open_entry(volunteer: User, entry: HoursEntry) -> HoursEntry:
    _require_active(volunteer)
    if entry.volunteer_id != volunteer.pk:
        raise Http404
    entry = HoursEntry.objects.select_for_update().select_related("engagement").get(pk=entry.pk)
    if entry.status == HoursStatus.CONFIRMED:
        raise ValidationError(_("These hours are confirmed: they can no longer be changed."))
    return entry


@transaction.atomic
def update_hours(*, volunteer: User, entry: HoursEntry, date, hours, note: str = "") -> HoursEntry:
    """Correct hours not confirmed yet (a queried entry goes back to the managers)."""
    entry = _own_open_entry(volunteer, entry)
    hours = _clean_hours(hours)
    day = _clean_hours_date(date, entry.engagement)
    note = _clean_text(note, "note", NOTE_MAX_LENGTH)
    _check_day_total(volunteer, day, hours, exclude=entry)
    was_queried = entry.status == HoursStatus.QUERIED
    entry.date, entry.hours, entry.note = day, hours, note
    entry.status = HoursStatus.PENDING
    entry.save(update_fields=["date", "hours", "note", "status"])
    if was_queried:
        notify.hours_logged(entry)
    return entry


@transaction.atomic
def delete_hours(*, volunteer: User, entry: HoursEntry) -> None:
    entry = _own_open_entry(volunteer, entry)
    entry.delete()


def _reviewable_entry(actor: User, entry: HoursEntry) -> HoursEntry:
    _require_active(actor)
    entry = (
        HoursEntry.objects.select_for_update()
        .select_related("engagement__project")
        .filter(pk=entry.pk)
        .first()
    )
    if entry is None:
        raise Http404
    if entry.volunteer_id == actor.pk:
        raise PermissionDenied(
            _("Your own hours are confirmed by the project's managers, not by you.")
        )
    permissions.check_view_engagement(actor, entry.engagement)
    if not permissions.can_review_hours(actor, entry):
        raise PermissionDenied(_("Only the project's managers confirm hours."))
    return entry


@transaction.atomic
def confirm_hours(*, actor: User, entry: HoursEntry) -> HoursEntry:
    entry = _reviewable_entry(actor, entry)
    if entry.status == HoursStatus.CONFIRMED:
        raise ValidationError(_("These hours are already confirmed."))
    entry.status = HoursStatus.CONFIRMED
    entry.reviewed_by = actor
    entry.reviewed_at = timezone.now()
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    notify.hours_confirmed(entry, actor=actor)
    return entry


@transaction.atomic
def query_hours(*, actor: User, entry: HoursEntry, question: str) -> HoursEntry:
    """Ask the volunteer about hours before confirming them."""
    entry = _reviewable_entry(actor, entry)
    question = _clean_text(question, "question", MESSAGE_MAX_LENGTH)
    if not question:
        raise ValidationError({"question": _("Say what you would like to know.")})
    if entry.status == HoursStatus.CONFIRMED:
        raise ValidationError(_("These hours are already confirmed."))
    entry.status = HoursStatus.QUERIED
    entry.query = question
    entry.reviewed_by = actor
    entry.reviewed_at = timezone.now()
    entry.save(update_fields=["status", "query", "reviewed_by", "reviewed_at"])
    notify.hours_queried(entry, actor=actor)
    return entry


# --- The volunteer record's privacy ----------


@transaction.atomic
def set_record_visibility(*, member: User, visibility: str) -> VolunteerSettings:
    _require_active(member)
    if visibility not in FieldVisibility.values:
        raise ValidationError({"record_visibility": _("Choose who sees your volunteer record.")})
    settings, _created = VolunteerSettings.objects.update_or_create(
        user=member, defaults={"record_visibility": visibility}
    )
    return settings


def place_taken_count(need: Need) -> int:
    return _places_taken(need)
