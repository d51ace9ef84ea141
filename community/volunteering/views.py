"""Volunteering pages. Thin: look up what the viewer may see (404 otherwise),
check the permission, call one action or selector, render (a full page, or
an htmx fragment for in-page updates)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.core.forms import add_action_errors
from community.core.images import served_picture
from community.core.network import get_network
from community.core.permissions import is_network_admin
from community.core.redirects import next_url
from community.core.views import serve_media_file
from community.groups.models import Group
from community.members.models import MemberSkill, User
from community.volunteering import actions, permissions, selectors
from community.volunteering.forms import (
    HoursForm,
    MessageForm,
    NeedForm,
    OfferForm,
    ProjectForm,
    QueryForm,
    ReasonForm,
    RecordVisibilityForm,
    taxonomy,
)
from community.volunteering.models import (
    Cause,
    Engagement,
    HoursEntry,
    Need,
    Offer,
    OfferStatus,
    Origin,
    ProjectStatus,
)

DIRECTORY_PAGE_SIZE = 12


def _errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _invalid(request: HttpRequest) -> None:
    messages.error(request, _("Please correct the errors below. Nothing was saved."))


# --- The projects directory ----------


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
        "status": "" if filters.status == "active" else filters.status,
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
        skills=selectors.directory_skills(),
        causes=Cause.choices,
        groups=selectors.directory_groups(request.user),
        can_create=permissions.can_create_project(request.user)
        or Group.objects.filter(permissions.managed_groups_q(request.user)).exists(),
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


# --- Projects ----------


def _managed_groups(user) -> list[Group]:
    return list(Group.objects.filter(permissions.managed_groups_q(user)).order_by("name"))


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    groups = _managed_groups(request.user)
    network_choice = is_network_admin(request.user)
    if not groups and not network_choice:
        messages.info(
            request,
            _("Projects are started by the admins of a group. Create a group or ask its admins."),
        )
        return redirect("volunteering:projects")
    if request.method == "POST":
        form = ProjectForm(
            request.POST, request.FILES, groups=groups, network_choice=network_choice
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = actions.create_project(
                    actor=request.user,
                    group=data["group"],
                    title=data["title"],
                    cause=data["cause"],
                    description=data["description"],
                    work_mode=data["work_mode"],
                    city=data["city"],
                    postcode=data["postcode"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    cover=data["cover"] or None,
                    publish="publish" in request.POST,
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                if project.is_draft:
                    messages.success(
                        request, _("Draft saved. Add its needs, then open it to volunteers.")
                    )
                else:
                    messages.success(request, _("The project is open. Add what it needs."))
                return redirect("volunteering:need_create", slug=project.slug)
        _invalid(request)
        status = 400
    else:
        initial = {"group": request.GET.get("group", "")}
        form = ProjectForm(initial=initial, groups=groups, network_choice=network_choice)
        status = 200
    return render(request, "volunteering/project_form.html", {"form": form}, status=status)


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
    if request.method == "POST":
        form = ProjectForm(request.POST, request.FILES, editing=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.update_project(
                    actor=request.user,
                    project=project,
                    title=data["title"],
                    cause=data["cause"],
                    description=data["description"],
                    work_mode=data["work_mode"],
                    city=data["city"],
                    postcode=data["postcode"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    **form.image_changes(),
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Project saved."))
                return redirect(project)
        _invalid(request)
        status = 400
    else:
        form = ProjectForm(
            editing=True,
            initial={
                "title": project.title,
                "cause": project.cause,
                "description": project.description,
                "work_mode": project.work_mode,
                "city": project.city,
                "postcode": project.postcode,
                "starts_on": project.starts_on,
                "ends_on": project.ends_on,
                "cover": served_picture(project.cover, project.cover_url),
            },
        )
        status = 200
    return render(
        request,
        "volunteering/project_form.html",
        {"form": form, "project": project, "transitions": _transitions(project)},
        status=status,
    )


STATUS_WORDING = {
    ProjectStatus.OPEN: (
        _("Open the project to volunteers"),
        _("Its open needs will be shown and suggested to volunteers."),
        _("Open the project"),
        False,
    ),
    ProjectStatus.IN_PROGRESS: (
        _("Mark the project in progress"),
        _("Volunteers can still apply to its open needs."),
        _("Mark in progress"),
        False,
    ),
    ProjectStatus.COMPLETED: (
        _("Complete the project"),
        _(
            "Its needs will be closed and pending applications declined. Accepted volunteers "
            "stay until you complete their engagement. This cannot be undone."
        ),
        _("Complete the project"),
        True,
    ),
    ProjectStatus.CANCELLED: (
        _("Cancel the project"),
        _("Its needs will be closed and pending applications declined. This cannot be undone."),
        _("Cancel the project"),
        True,
    ),
}


def _transitions(project) -> list[tuple[str, str]]:
    return [
        (status, STATUS_WORDING[status][2])
        for status in actions.PROJECT_TRANSITIONS[project.status]
    ]


@login_required
def project_status(request: HttpRequest, slug: str, status: str) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    if status not in STATUS_WORDING:
        raise Http404
    if request.method == "POST":
        try:
            actions.change_project_status(actor=request.user, project=project, status=status)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("The project is now “%(status)s”.") % {"status": ProjectStatus(status).label},
            )
        return redirect(project)
    title, text, button, danger = STATUS_WORDING[status]
    return render(
        request,
        "volunteering/confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "danger": danger,
            "action": request.path,
            "cancel": project.get_absolute_url(),
        },
    )


@login_required
def project_delete(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    if request.method == "POST":
        try:
            actions.delete_project(actor=request.user, project=project)
        except ValidationError as error:
            _errors_to_messages(request, error)
            return redirect(project)
        messages.success(request, _("The project was deleted."))
        return redirect(project.group if project.group_id else reverse("volunteering:projects"))
    return render(
        request,
        "volunteering/confirm.html",
        {
            "title": _("Delete “%(title)s”?") % {"title": project.title},
            "text": _("The project, its needs and pending applications are deleted for good."),
            "button": _("Delete the project"),
            "danger": True,
            "action": request.path,
            "cancel": project.get_absolute_url(),
        },
    )


@login_required
def project_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    return render(
        request,
        "volunteering/dashboard.html",
        {"project": project, "board": selectors.dashboard(project)},
    )


# --- Needs ----------


def _need_form(request: HttpRequest, project, need: Need | None = None) -> HttpResponse:
    skills = taxonomy()
    current = {row.skill_id: row.min_level for row in need.required_skills.all()} if need else {}
    if request.method == "POST":
        form = NeedForm(request.POST, skills=skills, current=current)
        if form.is_valid():
            try:
                if need is None:
                    need = actions.create_need(
                        actor=request.user, project=project, **form.action_fields()
                    )
                    messages.success(request, _("Need added."))
                else:
                    need = actions.update_need(
                        actor=request.user, need=need, **form.action_fields()
                    )
                    messages.success(request, _("Need saved."))
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                return redirect(project)
        _invalid(request)
        status = 400
    else:
        initial = {}
        if need is not None:
            initial = {
                name: getattr(need, name)
                for name in (
                    "title",
                    "description",
                    "total_hours",
                    "hours_per_week",
                    "weeks",
                    "volunteers_wanted",
                    "work_mode",
                    "postcode",
                    "city",
                    "apply_by",
                )
            }
        form = NeedForm(initial=initial, skills=skills, current=current)
        status = 200
    return render(
        request,
        "volunteering/need_form.html",
        {"form": form, "project": project, "need": need},
        status=status,
    )


@login_required
def need_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    return _need_form(request, project)


@login_required
def need_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    return _need_form(request, project, selectors.need_in_project(request.user, project, pk))


def need(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    need = selectors.need_in_project(request.user, project, pk)
    can_manage = permissions.can_manage_project(request.user, project)
    mine = None
    offers = []
    if request.user.is_authenticated and request.user.is_active:
        mine = (
            Engagement.objects.filter(need=need, volunteer=request.user)
            .order_by("-created_at")
            .first()
        )
        offers = selectors.active_offers(request.user)
    form = MessageForm(offers=offers, message_label=_("Your message to the project's managers"))
    return render(
        request,
        "volunteering/need.html",
        {
            "project": project,
            "need": need,
            "can_manage": can_manage,
            "mine": mine,
            "form": form,
            "can_apply": need.is_open
            and project.takes_volunteers
            and not (mine and mine.status in ("proposed", "accepted", "completed"))
            and not (need.apply_by and need.apply_by < timezone.localdate()),
        },
    )


def need_short(request: HttpRequest, pk: int) -> HttpResponse:
    """``Need.get_absolute_url``: to the need's page under its project (404 if hidden)."""
    need = selectors.need_by_pk(request.user, pk)
    return redirect("volunteering:need", slug=need.project.slug, pk=need.pk)


@login_required
def need_apply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    need = selectors.need_in_project(request.user, project, pk)
    offers = selectors.active_offers(request.user)
    form = MessageForm(
        request.POST or None,
        offers=offers,
        message_label=_("Your message to the project's managers"),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                engagement = actions.apply_to_need(
                    volunteer=request.user,
                    need=need,
                    message=form.cleaned_data["message"],
                    offer=form.chosen_offer(),
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(
                    request, _("Your application was sent. The project's managers will answer.")
                )
                return redirect(engagement)
        for message in form.non_field_errors():
            messages.error(request, message)
        return render(
            request,
            "volunteering/apply.html",
            {"project": project, "need": need, "form": form},
            status=400,
        )
    return render(
        request, "volunteering/apply.html", {"project": project, "need": need, "form": form}
    )


@login_required
def need_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    need = selectors.need_in_project(request.user, project, pk)
    if request.method == "POST":
        try:
            actions.close_need(actor=request.user, need=need)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("The need is closed."))
        return redirect(project)
    return render(
        request,
        "volunteering/confirm.html",
        {
            "title": _("Close “%(title)s”?") % {"title": need.title},
            "text": _(
                "It stops taking volunteers and pending applications and invitations are "
                "declined. Accepted volunteers stay. You can reopen it later."
            ),
            "button": _("Close the need"),
            "danger": True,
            "action": request.path,
            "cancel": project.get_absolute_url(),
        },
    )


@require_POST
@login_required
def need_reopen(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    need = selectors.need_in_project(request.user, project, pk)
    try:
        actions.reopen_need(actor=request.user, need=need)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The need takes volunteers again."))
    return redirect(project)


@login_required
def need_suggestions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    need = selectors.need_in_project(request.user, project, pk)
    return render(
        request,
        "volunteering/suggestions.html",
        {
            "project": project,
            "need": need,
            "suggestions": selectors.suggestions_for_need(need),
        },
    )


@login_required
def need_invite(request: HttpRequest, slug: str, pk: int, handle: str) -> HttpResponse:
    project = selectors.project_by_slug(request.user, slug)
    permissions.check_manage_project(request.user, project)
    need = selectors.need_in_project(request.user, project, pk)
    volunteer = get_object_or_404(User, handle=handle, is_active=True)
    offer = selectors.offer_on_profile(
        request.user, volunteer, request.GET.get("offer") or request.POST.get("offer_id")
    )
    form = MessageForm(request.POST or None, message_label=_("Your message to the volunteer"))
    if request.method == "POST" and form.is_valid():
        try:
            actions.invite_volunteer(
                manager=request.user,
                need=need,
                volunteer=volunteer,
                message=form.cleaned_data["message"],
                offer=offer,
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
            return redirect("volunteering:need_suggestions", slug=project.slug, pk=need.pk)
        messages.success(
            request,
            _("%(name)s is invited. You will be told of the answer.")
            % {"name": volunteer.display_name},
        )
        return redirect("volunteering:need_suggestions", slug=project.slug, pk=need.pk)
    return render(
        request,
        "volunteering/invite.html",
        {"project": project, "need": need, "volunteer": volunteer, "offer": offer, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Engagements ----------


def _engagement_context(request: HttpRequest, engagement: Engagement, **extra) -> dict:
    user = request.user
    is_volunteer = engagement.volunteer_id == user.pk
    can_manage = permissions.can_manage_project(user, engagement.project)
    answering = (engagement.origin == Origin.APPLICATION and can_manage and not is_volunteer) or (
        engagement.origin == Origin.INVITATION and is_volunteer
    )
    proposing = (engagement.origin == Origin.APPLICATION and is_volunteer) or (
        engagement.origin == Origin.INVITATION and can_manage
    )
    context = {
        "engagement": engagement,
        "project": engagement.project,
        "need": engagement.need,
        "is_volunteer": is_volunteer,
        "can_manage": can_manage,
        "can_answer": engagement.is_proposed and answering,
        "can_withdraw": engagement.is_proposed and proposing,
        "can_complete": engagement.is_accepted and can_manage,
        "can_cancel": engagement.is_accepted and (is_volunteer or can_manage),
        "can_log": is_volunteer and engagement.status in actions.HOURS_OPEN_STATUSES,
        "entries": selectors.engagement_hours(engagement),
        "hours_form": HoursForm(initial={"date": timezone.localdate().isoformat()}),
    }
    context.update(extra)
    return context


@login_required
def engagement(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_for(request.user, pk)
    return render(request, "volunteering/engagement.html", _engagement_context(request, engagement))


ENGAGEMENT_ACTIONS = {
    "accept": (
        _("Accept?"),
        _("The volunteer joins the project on this need."),
        _("Accept"),
        False,
    ),
    "decline": (
        _("Decline?"),
        _("The other side will be told. This cannot be undone."),
        _("Decline"),
        True,
    ),
    "withdraw": (
        _("Withdraw?"),
        _("It will no longer wait for an answer. This cannot be undone."),
        _("Withdraw"),
        True,
    ),
    "complete": (
        _("Mark this engagement completed?"),
        _(
            "The volunteer's work on this need is done; their attestation becomes available. "
            "Confirm their hours first."
        ),
        _("Mark completed"),
        False,
    ),
    "cancel": (
        _("Cancel this engagement?"),
        _("The volunteer leaves this need and the place is freed. This cannot be undone."),
        _("Cancel the engagement"),
        True,
    ),
}


@login_required
def engagement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    engagement = selectors.engagement_for(request.user, pk)
    if action not in ENGAGEMENT_ACTIONS:
        raise Http404
    with_reason = action in ("decline", "cancel")
    form = ReasonForm(request.POST or None) if with_reason else None
    if request.method == "POST":
        reason = form.cleaned_data["reason"] if form is not None and form.is_valid() else ""
        try:
            if action == "accept":
                actions.accept_engagement(actor=request.user, engagement=engagement)
                messages.success(request, _("Accepted. Welcome to the team!"))
            elif action == "decline":
                actions.decline_engagement(actor=request.user, engagement=engagement, reason=reason)
                messages.success(request, _("Declined."))
            elif action == "withdraw":
                actions.withdraw_engagement(actor=request.user, engagement=engagement)
                messages.success(request, _("Withdrawn."))
            elif action == "complete":
                actions.complete_engagement(actor=request.user, engagement=engagement)
                messages.success(request, _("Completed. The attestation is ready."))
            else:
                actions.cancel_engagement(actor=request.user, engagement=engagement, reason=reason)
                messages.success(request, _("The engagement is cancelled."))
        except ValidationError as error:
            _errors_to_messages(request, error)
        return redirect(next_url(request, engagement.get_absolute_url()))
    title, text, button, danger = ENGAGEMENT_ACTIONS[action]
    return render(
        request,
        "volunteering/confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "danger": danger,
            "form": form,
            "action": request.path,
            "cancel": engagement.get_absolute_url(),
            "subject": _("%(volunteer)s on “%(need)s”")
            % {"volunteer": engagement.volunteer.display_name, "need": engagement.need.title},
        },
    )


# --- Hours ----------


@require_POST
@login_required
def hours_log(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_for(request.user, pk)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            actions.log_hours(
                volunteer=request.user,
                engagement=engagement,
                date=form.cleaned_data["date"],
                hours=form.cleaned_data["hours"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Hours logged. The project's managers will confirm them."))
            return redirect(engagement)
    messages.error(request, _("Please correct the errors below. Nothing was saved."))
    return render(
        request,
        "volunteering/engagement.html",
        _engagement_context(request, engagement, hours_form=form),
        status=400,
    )


def _entry(request: HttpRequest, pk: int) -> HoursEntry:
    entry = get_object_or_404(HoursEntry.objects.select_related("engagement"), pk=pk)
    selectors.engagement_for(request.user, entry.engagement_id)  # 404 unless allowed
    return entry


@require_POST
@login_required
def hours_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    try:
        actions.confirm_hours(actor=request.user, entry=entry)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("Hours confirmed."))
    return redirect(next_url(request, entry.engagement.get_absolute_url()))


@login_required
def hours_query(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if not permissions.can_review_hours(request.user, entry):
        raise Http404
    form = QueryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.query_hours(
                actor=request.user, entry=entry, question=form.cleaned_data["question"]
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Your question was sent to the volunteer."))
            return redirect(entry.engagement)
    return render(
        request,
        "volunteering/hours_query.html",
        {"entry": entry, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def hours_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if entry.volunteer_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        form = HoursForm(request.POST)
        if form.is_valid():
            try:
                actions.update_hours(
                    volunteer=request.user,
                    entry=entry,
                    date=form.cleaned_data["date"],
                    hours=form.cleaned_data["hours"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Hours corrected."))
                return redirect(entry.engagement)
        _invalid(request)
        status = 400
    else:
        form = HoursForm(
            initial={
                "date": entry.date.isoformat(),
                "hours": entry.hours.normalize(),
                "note": entry.note,
            }
        )
        status = 200
    return render(
        request, "volunteering/hours_edit.html", {"entry": entry, "form": form}, status=status
    )


@login_required
def hours_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if entry.volunteer_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        try:
            actions.delete_hours(volunteer=request.user, entry=entry)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Hours deleted."))
        return redirect(entry.engagement)
    return render(
        request,
        "volunteering/confirm.html",
        {
            "title": _("Delete these hours?"),
            "text": _("%(hours)s h on %(date)s will be removed.")
            % {"hours": entry.hours.normalize(), "date": entry.date},
            "button": _("Delete"),
            "danger": True,
            "action": request.path,
            "cancel": entry.engagement.get_absolute_url(),
        },
    )


@login_required
def attestation(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "volunteering/attestation.html",
        {"attestation": selectors.attestation(request.user, pk), "today": timezone.localdate()},
    )


# --- Offers ----------


@login_required
def my_offers(request: HttpRequest) -> HttpResponse:
    return render(
        request, "volunteering/my_offers.html", {"offers": selectors.my_offers(request.user)}
    )


def _offer_form(request: HttpRequest, offer: Offer | None = None) -> HttpResponse:
    skills = taxonomy()
    if offer is not None:
        current = {row.skill_id: row.level for row in offer.offered_skills.all()}
    else:  # start from the skills on the member's profile
        current = dict(
            MemberSkill.objects.filter(user=request.user).values_list("skill_id", "level")
        )
    if request.method == "POST":
        form = OfferForm(request.POST, skills=skills, current=current)
        if form.is_valid():
            try:
                if offer is None:
                    actions.create_offer(user=request.user, **form.action_fields())
                    messages.success(
                        request, _("Your offer is published. Projects that need you will see it.")
                    )
                else:
                    actions.update_offer(user=request.user, offer=offer, **form.action_fields())
                    messages.success(request, _("Offer saved."))
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                return redirect("volunteering:my_offers")
        _invalid(request)
        status = 400
    else:
        if offer is not None:
            initial = {
                name: getattr(offer, name)
                for name in (
                    "title",
                    "description",
                    "hours_per_month",
                    "available_from",
                    "available_until",
                    "work_mode",
                    "postcode",
                    "city",
                    "travel_radius_km",
                    "visibility",
                )
            }
        else:
            initial = {
                "postcode": request.user.postcode,
                "city": request.user.city,
                "available_from": timezone.localdate(),
            }
        form = OfferForm(initial=initial, skills=skills, current=current)
        status = 200
    return render(
        request, "volunteering/offer_form.html", {"form": form, "offer": offer}, status=status
    )


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    return _offer_form(request)


def _own_offer(request: HttpRequest, pk: int) -> Offer:
    return get_object_or_404(Offer, pk=pk, user=request.user)


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _offer_form(request, _own_offer(request, pk))


@login_required
def offer_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    offer = _own_offer(request, pk)
    if action not in ("pause", "resume", "close"):
        raise Http404
    if request.method != "POST":
        if action != "close":
            return redirect("volunteering:my_offers")
        return render(
            request,
            "volunteering/confirm.html",
            {
                "title": _("Close “%(title)s”?") % {"title": offer.title},
                "text": _(
                    "It will no longer be suggested to anyone. Engagements made through it stay. "
                    "To stop for a while only, pause it instead."
                ),
                "button": _("Close the offer"),
                "danger": True,
                "action": request.path,
                "cancel": reverse("volunteering:my_offers"),
            },
        )
    try:
        if action == "pause":
            actions.pause_offer(user=request.user, offer=offer)
            messages.success(
                request, _("Offer paused: it is suggested to nobody until you resume it.")
            )
        elif action == "resume":
            actions.resume_offer(user=request.user, offer=offer)
            messages.success(request, _("Offer active again."))
        else:
            actions.close_offer(user=request.user, offer=offer)
            messages.success(request, _("Offer closed."))
    except ValidationError as error:
        _errors_to_messages(request, error)
    return redirect("volunteering:my_offers")


# --- A member's own pages ----------


@login_required
def my_engagements(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = RecordVisibilityForm(request.POST)
        if form.is_valid():
            actions.set_record_visibility(
                member=request.user, visibility=form.cleaned_data["record_visibility"]
            )
            messages.success(request, _("Saved: your volunteer record's visibility."))
            return redirect("volunteering:my_engagements")
        _invalid(request)
    else:
        form = RecordVisibilityForm(
            initial={"record_visibility": selectors.record_visibility(request.user)}
        )
    return render(
        request,
        "volunteering/my_engagements.html",
        {
            "mine": selectors.my_engagements(request.user),
            "managed": selectors.managed_projects(request.user),
            "record": selectors.volunteer_record(request.user, request.user),
            "record_form": form,
        },
    )


@login_required
def for_me(request: HttpRequest) -> HttpResponse:
    offers = selectors.active_offers(request.user)
    return render(
        request,
        "volunteering/for_me.html",
        {
            "offers": offers,
            "suggestions": selectors.needs_for_volunteer(request.user, offers=offers),
            "has_offers": Offer.objects.filter(user=request.user)
            .exclude(status=OfferStatus.CLOSED)
            .exists(),
        },
    )
