"""Project pages: the directory, a project's page and cover, starting,
editing, opening, completing, cancelling and deleting a project. Thin: look
up what the viewer may see (404 otherwise), check the permission, call one
action or selector, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.core.images import served_picture
from community.core.media import serve_media_file
from community.core.network import get_network
from community.core.pages import Wording, confirm, errors_to_messages, form_page, run_action
from community.core.permissions import is_network_admin
from community.members.selectors import taxonomy_skills
from community.volunteering import permissions
from community.volunteering.models import Cause, Project, ProjectStatus
from community.volunteering.projects import actions, selectors
from community.volunteering.projects.forms import ProjectForm

DIRECTORY_PAGE_SIZE = 12


def projects(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated and not get_network().is_public:
        return redirect_to_login(request.get_full_path())
    radius = request.GET.get("radius", "")
    filters = selectors.ProjectFilters(
        skill=request.GET.get("skill", "").strip()[:80],
        cause=request.GET.get("cause", "") if request.GET.get("cause") in Cause.values else "",
        remote=request.GET.get("remote") == "1",
        near=request.GET.get("near", "").strip()[:80],
        radius=int(radius) if radius.isdigit() and 1 <= int(radius) <= 500 else 30,
        group=request.GET.get("group", "").strip()[:80],
        status=request.GET.get("status", "active"),
    )
    if filters.status not in selectors.STATUS_FILTERS:
        filters.status = "active"
    queryset, location_message = selectors.projects_directory(request.user, filters)
    page = selectors.paginate(queryset, request.GET.get("page"), DIRECTORY_PAGE_SIZE)
    params = {
        "skill": filters.skill,
        "cause": filters.cause,
        "remote": "1" if filters.remote else "",
        "near": filters.near,
        "radius": str(filters.radius) if filters.near else "",
        "group": filters.group,
        "status": "" if filters.status == selectors.ACTIVE_FILTER else filters.status,
    }
    context = {
        "page": page,
        "filters": filters,
        "location_message": location_message,
        "page_query": urlencode({k: v for k, v in params.items() if v}),
    }
    if request.htmx and request.GET.get("fragment") == "results":
        return render(request, "volunteering/_project_results.html", context)
    context.update(
        skills=taxonomy_skills(),
        causes=Cause.choices,
        groups=selectors.directory_groups(request.user),
        can_create=selectors.may_start_a_project(request.user),
        statuses=[
            ("active", _("Open or in progress")),
            ("open", ProjectStatus.OPEN.label),
            ("in_progress", ProjectStatus.IN_PROGRESS.label),
            ("completed", ProjectStatus.COMPLETED.label),
            ("cancelled", ProjectStatus.CANCELLED.label),
            ("all", _("All")),
        ],
    )
    return render(request, "volunteering/projects.html", context)


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    groups = selectors.managed_groups(request.user)
    network_choice = is_network_admin(request.user)
    if not groups and not network_choice:
        messages.info(
            request,
            _("Projects are started by the admins of a group. Create a group or ask its admins."),
        )
        return redirect("volunteering:projects")
    return form_page(
        request,
        ProjectForm,
        template="volunteering/project_form.html",
        form_kwargs={"groups": groups, "network_choice": network_choice},
        initial={"group": request.GET.get("group", "")},
        action=lambda form: actions.create_project(
            actor=request.user,
            group=form.cleaned_data["group"],
            cover=form.cleaned_data["cover"] or None,
            publish="publish" in request.POST,
            **form.action_fields(),
        ),
        success=lambda project: (
            _("Draft saved. Add its needs, then open it to volunteers.")
            if project.is_draft
            else _("The project is open. Add what it needs.")
        ),
        redirect_to=lambda project: reverse(
            "volunteering:need_create", kwargs={"slug": project.slug}
        ),
    )


def project(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    page = selectors.project_page(request.user, project)
    return render(request, "volunteering/project.html", {"page": page, "project": project})


@require_GET
def project_cover(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's cover, for who may see the project (404 otherwise)."""
    project = selectors.project_by_slug(request.user, slug)
    if not project.cover:
        raise Http404
    return serve_media_file(project.cover.name)


@login_required
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    return form_page(
        request,
        ProjectForm,
        template="volunteering/project_form.html",
        form_kwargs={"editing": True},
        initial={
            **ProjectForm.initial_from(project),
            "cover": served_picture(project.cover, project.cover_url),
        },
        context={"project": project, "transitions": _transitions(project)},
        action=lambda form: actions.update_project(
            actor=request.user,
            project=project,
            **form.action_fields(),
            **form.image_changes(),
        ),
        success=_("Project saved."),
        redirect_to=project,
    )


STATUS_WORDING = {
    ProjectStatus.OPEN: Wording(
        _("Open the project to volunteers"),
        _("Its open needs will be shown and suggested to volunteers."),
        _("Open the project"),
        danger=False,
    ),
    ProjectStatus.IN_PROGRESS: Wording(
        _("Mark the project in progress"),
        _("Volunteers can still apply to its open needs."),
        _("Mark in progress"),
        danger=False,
    ),
    ProjectStatus.COMPLETED: Wording(
        _("Complete the project"),
        _(
            "Its needs will be closed and pending applications declined. Accepted volunteers "
            "stay until you complete their engagement. This cannot be undone."
        ),
        _("Complete the project"),
    ),
    ProjectStatus.CANCELLED: Wording(
        _("Cancel the project"),
        _("Its needs will be closed and pending applications declined. This cannot be undone."),
        _("Cancel the project"),
    ),
}


def _transitions(project: Project) -> list[tuple[str, str]]:
    return [
        (status, STATUS_WORDING[status].button)
        for status in actions.PROJECT_TRANSITIONS[project.status]
    ]


@login_required
def project_status(request: HttpRequest, slug: str, status: str) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    if status not in STATUS_WORDING:
        raise Http404
    if request.method == "POST":
        run_action(
            request,
            lambda: actions.change_project_status(
                actor=request.user, project=project, status=status
            ),
            _("The project is now “%(status)s”.") % {"status": ProjectStatus(status).label},
        )
        return redirect(project)
    return confirm(request, STATUS_WORDING[status], cancel=project.get_absolute_url())


@login_required
def project_delete(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    if request.method == "POST":
        try:
            actions.delete_project(actor=request.user, project=project)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect(project)
        messages.success(request, _("The project was deleted."))
        return redirect(project.group if project.group_id else reverse("volunteering:projects"))
    return confirm(
        request,
        Wording(
            _("Delete “%(title)s”?") % {"title": project.title},
            _("The project, its needs and pending applications are deleted for good."),
            _("Delete the project"),
        ),
        cancel=project.get_absolute_url(),
    )
