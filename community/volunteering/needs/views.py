"""A project's needs, for its managers: add, edit, close, reopen; and the
need's short address. (The need's own page, where volunteers apply, is an
engagements page: ``engagements/views.py``.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.core.pages import Wording, confirm, form_page, run_action
from community.members.selectors import taxonomy_skills
from community.volunteering import permissions
from community.volunteering.models import Need, Project
from community.volunteering.needs import actions, selectors
from community.volunteering.needs.forms import NeedForm
from community.volunteering.projects.selectors import project_by_slug


def _need_form(request: HttpRequest, project: Project, need: Need | None = None) -> HttpResponse:
    skills = taxonomy_skills()
    current = {row.skill_id: row.min_level for row in need.required_skills.all()} if need else {}

    def save(form: NeedForm) -> Need:
        if need is None:
            return actions.create_need(actor=request.user, project=project, **form.action_fields())
        return actions.update_need(actor=request.user, need=need, **form.action_fields())

    return form_page(
        request,
        NeedForm,
        template="volunteering/need_form.html",
        form_kwargs={"skills": skills, "current": current},
        initial=NeedForm.initial_from(need) if need is not None else {},
        context={"project": project, "need": need},
        action=save,
        success=_("Need added.") if need is None else _("Need saved."),
        redirect_to=project,
    )


@login_required
def need_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    return _need_form(request, project)


@login_required
def need_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    return _need_form(request, project, selectors.need_in_project(request.user, project, pk))


def need_short(request: HttpRequest, pk: int) -> HttpResponse:
    """``Need.get_absolute_url``: to the need's page under its project (404 if hidden)."""
    need = selectors.need_by_pk(request.user, pk)
    return redirect("volunteering:need", slug=need.project.slug, pk=need.pk)


@login_required
def need_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    need = selectors.need_in_project(request.user, project, pk)
    if request.method == "POST":
        run_action(
            request,
            lambda: actions.close_need(actor=request.user, need=need),
            _("The need is closed."),
        )
        return redirect(project)
    return confirm(
        request,
        Wording(
            _("Close “%(title)s”?") % {"title": need.title},
            _(
                "It stops taking volunteers and pending applications and invitations are "
                "declined. Accepted volunteers stay. You can reopen it later."
            ),
            _("Close the need"),
        ),
        cancel=project.get_absolute_url(),
    )


@require_POST
@login_required
def need_reopen(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_by_slug(request.user, slug)
    need = selectors.need_in_project(request.user, project, pk)
    run_action(
        request,
        lambda: actions.reopen_need(actor=request.user, need=need),
        _("The need takes volunteers again."),
    )
    return redirect(project)
