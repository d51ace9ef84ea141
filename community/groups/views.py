"""Group pages. Thin: look the group up for the viewer (404 for a group they may
not know of), check the permission, call one action or selector, render.

The pages that run a group (requests, invitations, members' roles, archive
and delete) are in ``views_manage``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.core.images import served_picture
from community.core.media import serve_media_file
from community.core.pages import errors_to_messages, form_page, run_action
from community.groups import actions, permissions, selectors
from community.groups.forms import (
    GroupEditForm,
    GroupForm,
    JoinRequestForm,
    PrivacyField,
)
from community.groups.models import Role
from community.groups.pages import MEMBERS_PAGE_SIZE, needs_login, viewer_group

DIRECTORY_PAGE_SIZE = 24


def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    membership = request.GET.get("membership", "all")
    if membership not in selectors.MEMBERSHIP_FILTERS:
        membership = "all"
    groups = selectors.directory(viewer=request.user, query=query, membership=membership)
    page = Paginator(groups, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    params = {key: value for key, value in (("q", query), ("membership", membership)) if value}
    if params.get("membership") == "all":
        del params["membership"]
    invitation_count = (
        selectors.invitations_for(user=request.user).count() if request.user.is_authenticated else 0
    )
    return render(
        request,
        "groups/directory.html",
        {
            "page": page,
            "query": query,
            "membership": membership,
            "page_query": urlencode(params),
            "can_create": permissions.can_create_group(request.user),
            "invitation_count": invitation_count,
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "groups/mine.html",
        {
            "mine": selectors.my_groups(user=request.user),
            "can_create": permissions.can_create_group(request.user),
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    permissions.check_create_group(request.user)
    return form_page(
        request,
        GroupForm,
        template="groups/form.html",
        context={"privacy_options": PrivacyField.options(), "creating": True},
        action=lambda form: actions.create_group(creator=request.user, **form.cleaned_data),
        success=_("Your group is ready. Invite people to join it."),
        redirect_to=lambda group: group,
    )


def edit(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    # An archived group's settings page still opens, to restore or delete it.
    permissions.check(
        access,
        access.can_edit or access.can_archive or access.can_delete,
        _("Only the group's admins may edit it."),
    )
    if request.method == "POST":
        permissions.check(access, access.can_edit, _("An archived group cannot be edited."))
    return form_page(
        request,
        GroupEditForm,
        template="groups/form.html",
        initial={
            "name": group.name,
            "description": group.description,
            "privacy": group.privacy,
            "avatar": served_picture(group.avatar, group.avatar_url),
            "cover": served_picture(group.cover, group.cover_url),
        },
        context={
            "group": group,
            "access": access,
            "privacy_options": PrivacyField.options(),
            "creating": False,
        },
        action=lambda form: actions.update_group(
            actor=request.user,
            group=group,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            privacy=form.cleaned_data["privacy"],
            **form.image_changes(),
        ),
        success=_("Group settings saved."),
        redirect_to=group,
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    context = {"group": group, "access": access}
    if access.can_see_members:
        context["member_preview"] = selectors.member_preview(group=group)
    # The feed is the template's (``{% group_feed %}``, community/activity): paginated.
    if access.can_manage:
        context["request_count"] = selectors.pending_requests(group=group).count()
        context["invitation_count"] = selectors.pending_invitations(group=group).count()
    return render(request, "groups/detail.html", context)


@require_GET
def picture(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The group's picture or cover, for who may know the group (404 otherwise)."""
    return serve_media_file(selectors.group_picture(viewer=request.user, slug=slug, kind=kind).name)


@require_GET
def invitation_picture(request: HttpRequest, token: str) -> HttpResponse:
    """The invited-to group's picture on the e-mail invitation page."""
    return serve_media_file(selectors.invitation_picture(token=token).name)


def members(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(
        access, access.can_see_members, _("Only the group's members see who is in it.")
    )
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.member_list(group=group, query=query), MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "membership": membership,
            "can_remove": access.can_remove(membership),
            "can_change_role": access.can_change_role(membership),
            "can_transfer": access.can_transfer and membership.role != Role.OWNER,
        }
        for membership in page.object_list
    ]
    return render(
        request,
        "groups/members.html",
        {
            "group": group,
            "access": access,
            "page": page,
            "rows": rows,
            "query": query,
            "page_query": urlencode({"q": query}) if query else "",
        },
    )


@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    group, _access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    run_action(
        request,
        lambda: actions.join_group(user=request.user, group=group),
        _("Welcome to %(group)s!") % {"group": group.name},
    )
    return redirect(group)


def request_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    if access.has_requested:
        messages.info(request, _("Your request is waiting for an admin's answer."))
        return redirect(group)
    permissions.check(access, access.can_request, _("This group does not take requests to join."))
    return form_page(
        request,
        JoinRequestForm,
        template="groups/request_form.html",
        context={"group": group, "access": access},
        action=lambda form: actions.request_to_join(
            user=request.user, group=group, message=form.cleaned_data["message"]
        ),
        success=_("Your request was sent. The group's admins will answer it."),
        redirect_to=group,
        invalid_message=None,
    )


@require_POST
def cancel_request(request: HttpRequest, slug: str) -> HttpResponse:
    group, _access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    actions.cancel_join_request(user=request.user, group=group)
    messages.success(request, _("Your request was withdrawn."))
    if request.POST.get("next") == "mine":
        return redirect("groups:mine")
    return redirect(group)


def leave(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    if not access.is_member:
        messages.info(request, _("You are not a member of this group."))
        return redirect(group)
    if request.method == "POST":
        try:
            actions.leave_group(user=request.user, group=group)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect("groups:members", slug=group.slug)
        messages.success(request, _("You left %(group)s.") % {"group": group.name})
        if permissions.can_see_group(request.user, group):
            return redirect(group)
        return redirect("groups:mine")
    return render(
        request,
        "groups/confirm.html",
        {
            "group": group,
            "access": access,
            "title": _("Leave %(group)s?") % {"group": group.name},
            "text": _("You will no longer see what members share in it.")
            if not group.is_open
            else _("You can join again at any time."),
            "warning": _("This group is secret: you will need a new invitation to come back.")
            if group.is_secret
            else (_("You will need an admin's approval to come back.") if group.is_closed else ""),
            "button": _("Leave the group"),
            "action": reverse("groups:leave", kwargs={"slug": group.slug}),
        },
    )
