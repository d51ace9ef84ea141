"""Every write about a project's needs (its missions): add, edit, close,
reopen. Each change locks the need's row first (``state.lock_need``), as
engagements do, and keeps ``NeedSkill``'s copies in step (``state``)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.activity.actions import record_activity
from community.core.numbers import shown_number
from community.members.models import Skill, User
from community.volunteering import permissions, state
from community.volunteering.cleaning import (
    DESCRIPTION_MAX_LENGTH,
    clean_choice,
    clean_date,
    clean_decimal,
    clean_int,
    clean_skills,
    clean_text,
    clean_title,
    set_place,
)
from community.volunteering.models import Need, NeedStatus, Project, WorkMode

# Activity verb (its partial is in templates/activity/partials/).
NEED_OPENED = "need_opened"

MAX_VOLUNTEERS = 500


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
        "title": clean_title(title),
        "description": clean_text(description, "description", DESCRIPTION_MAX_LENGTH),
        "work_mode": clean_choice(work_mode, WorkMode, "work_mode", _("Choose where it happens.")),
        "volunteers_wanted": clean_int(
            volunteers_wanted,
            "volunteers_wanted",
            minimum=1,
            maximum=MAX_VOLUNTEERS,
            required=True,
        ),
        "total_hours": clean_int(
            total_hours, "total_hours", minimum=1, maximum=10000, required=False
        ),
        "hours_per_week": clean_decimal(hours_per_week, "hours_per_week"),
        "weeks": clean_int(weeks, "weeks", minimum=1, maximum=520, required=False),
        "apply_by": clean_date(apply_by, "apply_by"),
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
    fields["skills"] = clean_skills(skills)
    return fields


def _need_place(need: Need, project: Project, city: str, postcode: str) -> None:
    if need.work_mode != WorkMode.REMOTE and not (city or postcode).strip():
        city, postcode = project.city, project.postcode  # the project's place by default
    set_place(need, city=city, postcode=postcode)


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
    state.set_need_skills(need, skills)
    if project.takes_volunteers:
        record_activity(
            actor=actor,
            verb=NEED_OPENED,
            target=need,
            audience=need.audience,
            group=project.group,
        )
    return need


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
    need = state.lock_need(need)
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
    taken = state.places_taken(need)
    if fields["volunteers_wanted"] < taken:
        raise ValidationError(
            {
                "volunteers_wanted": ngettext(
                    "%(count)s volunteer is already on this need: ask for at least one.",
                    "%(count)s volunteers are already on this need: ask for at least as many.",
                    taken,
                )
                % {"count": shown_number(taken)}
            }
        )
    skills = fields.pop("skills")
    for name, value in fields.items():
        setattr(need, name, value)
    need.skill_count = len(skills)
    need.updated_at = timezone.now()
    _need_place(need, need.project, city, postcode)
    need.save()
    state.set_need_skills(need, skills)
    state.sync_need_status(need)
    state.sync_need_copies(need)
    return need


@transaction.atomic
def close_need(*, actor: User, need: Need) -> Need:
    """Stop taking volunteers; pending applications and invitations are declined."""
    permissions.check_manage_project(actor, need.project)
    need = state.lock_need(need)
    if need.status == NeedStatus.CLOSED:
        raise ValidationError(_("This need is already closed."))
    state.close_need_and_decline(need, actor, _("The need was closed."))
    return need


@transaction.atomic
def reopen_need(*, actor: User, need: Need) -> Need:
    permissions.check_manage_project(actor, need.project)
    need = state.lock_need(need)
    if need.status != NeedStatus.CLOSED:
        raise ValidationError(_("Only a closed need can be reopened."))
    if not need.project.takes_volunteers:
        raise ValidationError(_("Open the project first: its needs take volunteers only then."))
    need.status = NeedStatus.OPEN
    need.save(update_fields=["status"])
    state.sync_need_copies(need)
    state.sync_need_status(need)
    return need
