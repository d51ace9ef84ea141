"""The pages that run a group: join requests, invitations (and answering one),
members' roles and ownership, archiving and deleting."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.core.pages import errors_to_messages, run_action, submit
from community.groups import actions, permissions, selectors
from community.groups.forms import (
    DecisionForm,
    InviteByEmailForm,
    InviteMemberForm,
    RoleForm,
)
from community.groups.models import GroupInvitation, JoinRequest, Membership, Role
from community.groups.pages import (
    MEMBERS_PAGE_SIZE,
    base_url,
    needs_login,
    viewer_group,
)
from community.members.invitations import remember_invitation
from community.members.models import User


def requests_list(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(access, access.can_manage, _("Only the group's admins see requests."))
    page = Paginator(selectors.pending_requests(group=group), MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "groups/requests.html", {"group": group, "access": access, "page": page})


@require_POST
def decide_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(
        access, access.can_decide_requests, _("Only the group's admins decide on requests.")
    )
    join_request = get_object_or_404(JoinRequest.objects.select_related("user"), pk=pk, group=group)
    form = DecisionForm(request.POST)
    outcome = ""
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        try:
            if decision == "approve":
                actions.approve_join_request(
                    actor=request.user, join_request=join_request, reason=reason
                )
                outcome = _("%(name)s is now a member.") % {"name": join_request.user.display_name}
            else:
                actions.decline_join_request(
                    actor=request.user, join_request=join_request, reason=reason
                )
                outcome = _("The request of %(name)s was declined.") % {
                    "name": join_request.user.display_name
                }
            messages.success(request, outcome)
        except ValidationError as error:
            errors_to_messages(request, error)
            outcome = " ".join(error.messages)
    if request.htmx:
        # The row becomes the outcome; the message is shown in it, not on the next page.
        list(messages.get_messages(request))
        return render(request, "groups/_request_done.html", {"outcome": outcome})
    return redirect("groups:requests", slug=group.slug)


def invite(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(access, access.can_manage, _("Only the group's admins may invite."))
    member_form = InviteMemberForm(prefix="member")
    email_form = InviteByEmailForm(prefix="email")
    status = 200
    if request.method == "POST":
        if not access.can_invite:
            messages.error(request, _("This group is archived: restore it before inviting anyone."))
            return redirect("groups:invite", slug=group.slug)
        kind = request.POST.get("kind")
        if kind == "member":
            form = member_form = InviteMemberForm(request.POST, prefix="member")
        else:
            form = email_form = InviteByEmailForm(request.POST, prefix="email")

        def send(form) -> GroupInvitation:
            if kind == "member":
                return actions.invite_member(
                    inviter=request.user,
                    group=group,
                    member=form.cleaned_data["member"],
                    base_url=base_url(request),
                )
            return actions.invite_by_email(
                inviter=request.user,
                group=group,
                email=form.cleaned_data["email"],
                base_url=base_url(request),
            )

        response = submit(
            request,
            form,
            action=send,
            # By e-mail, the address typed: never whose it is (invite_by_email).
            success=lambda invitation: (
                _("Invitation sent to %(who)s.")
                % {
                    "who": invitation.invitee_label
                    if kind == "member"
                    else form.cleaned_data["email"].strip().lower()
                }
            ),
            redirect_to=reverse("groups:invite", kwargs={"slug": group.slug}),
            invalid_message=None,
        )
        if response is not None:
            return response
        status = 400
    query = request.GET.get("q", "").strip()[:100]
    candidates = []
    if query:
        candidates = selectors.invite_candidates(group=group, query=query)
    invitations = Paginator(selectors.pending_invitations(group=group), MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    template = "groups/_invite_candidates.html" if request.htmx else "groups/invite.html"
    return render(
        request,
        template,
        {
            "group": group,
            "access": access,
            "member_form": member_form,
            "email_form": email_form,
            "query": query,
            "candidates": candidates,
            "page": invitations,
        },
        status=status,
    )


@require_POST
def revoke_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(access, access.can_manage, _("Only the group's admins may do this."))
    invitation = get_object_or_404(GroupInvitation, pk=pk, group=group)
    actions.revoke_group_invitation(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("groups:invite", slug=group.slug)


@login_required
@require_POST
def respond_to_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitee accepts or declines (from their groups page or the e-mail link)."""
    invitation = get_object_or_404(GroupInvitation.objects.select_related("group"), pk=pk)
    if not actions.is_addressed_to(invitation, request.user):
        raise Http404
    return _respond(request, invitation)


def _respond(request: HttpRequest, invitation: GroupInvitation) -> HttpResponse:
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Choose accept or decline."))
        return redirect("groups:mine")
    group = invitation.group
    try:
        actions.respond_to_invitation(
            user=request.user, invitation=invitation, accept=decision == "accept"
        )
    except ValidationError as error:
        errors_to_messages(request, error)
        return redirect("groups:mine")
    if decision == "accept":
        messages.success(request, _("Welcome to %(group)s!") % {"group": group.name})
        return redirect(group)
    messages.success(request, _("Invitation declined."))
    return redirect("groups:mine")


def email_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an e-mail invitation, for visitors and members alike."""
    invitation = (
        GroupInvitation.objects.select_related("group", "invited_by", "network_invitation")
        .filter(token=token)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return render(request, "groups/invitation_invalid.html", status=404)
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not actions.is_addressed_to(invitation, user):
            raise PermissionDenied(_("This invitation was sent to another e-mail address."))
        return _respond(request, invitation)
    context = {"invitation": invitation, "group": invitation.group}
    if user.is_authenticated:
        context["addressed_to_me"] = actions.is_addressed_to(invitation, user)
        context["already_member"] = Membership.objects.filter(
            group=invitation.group, user=user
        ).exists()
    else:
        network_invitation = invitation.network_invitation
        context["can_sign_up"] = network_invitation is not None and network_invitation.is_usable
        if context["can_sign_up"]:
            # Sign-up through this page uses the network invitation that came with it.
            remember_invitation(request, network_invitation)
        context["login_url"] = (
            reverse("account_login") + "?" + urlencode({"next": request.get_full_path()})
        )
    return render(request, "groups/email_invitation.html", context)


def _target(group, handle: str) -> tuple[User, Membership]:
    membership = get_object_or_404(
        Membership.objects.select_related("user"), group=group, user__handle=handle
    )
    return membership.user, membership


def remove_member(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(access, access.can_manage_members)
    member, membership = _target(group, handle)
    if not access.can_remove(membership):
        raise PermissionDenied(_("You may not remove this member."))
    if request.method == "POST":
        run_action(
            request,
            lambda: actions.remove_member(actor=request.user, group=group, member=member),
            _("%(name)s was removed from the group.") % {"name": member.display_name},
        )
        return redirect("groups:members", slug=group.slug)
    return render(
        request,
        "groups/confirm.html",
        {
            "group": group,
            "access": access,
            "title": _("Remove %(name)s from %(group)s?")
            % {"name": member.display_name, "group": group.name},
            "text": _("They lose access to the group at once."),
            "button": _("Remove"),
            "danger": True,
            "action": reverse("groups:remove_member", kwargs={"slug": slug, "handle": handle}),
            "cancel": reverse("groups:members", kwargs={"slug": slug}),
        },
    )


@require_POST
def change_role(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(access, access.can_manage_members)
    member, _membership = _target(group, handle)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose admin or member."))
        return redirect("groups:members", slug=group.slug)
    try:
        actions.change_member_role(
            actor=request.user, group=group, member=member, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        if form.cleaned_data["role"] == Role.ADMIN:
            text = _("%(name)s is now an admin.")
        else:
            text = _("%(name)s is no longer an admin.")
        messages.success(request, text % {"name": member.display_name})
    return redirect("groups:members", slug=group.slug)


def transfer(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(access, access.can_transfer, _("Only the owner may hand over the group."))
    member, _membership = _target(group, handle)
    if request.method == "POST":
        run_action(
            request,
            lambda: actions.transfer_ownership(actor=request.user, group=group, new_owner=member),
            _("%(name)s is now the group's owner.") % {"name": member.display_name},
        )
        return redirect("groups:members", slug=group.slug)
    return render(
        request,
        "groups/confirm.html",
        {
            "group": group,
            "access": access,
            "title": _("Make %(name)s the owner of %(group)s?")
            % {"name": member.display_name, "group": group.name},
            "text": _(
                "The owner may archive or delete the group and hand it over again. "
                "You stay in the group as an admin."
            )
            if access.is_owner
            else _("The current owner stays in the group as an admin."),
            "button": _("Hand over ownership"),
            "danger": True,
            "action": reverse("groups:transfer", kwargs={"slug": slug, "handle": handle}),
            "cancel": reverse("groups:members", kwargs={"slug": slug}),
        },
    )


def archive(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(
        access, access.can_archive, _("Only the group's owner may archive or restore it.")
    )
    if request.method == "POST":
        archived = not group.archived
        actions.set_group_archived(actor=request.user, group=group, archived=archived)
        messages.success(
            request,
            _("The group is archived: it stays readable but nothing can change in it.")
            if archived
            else _("The group is active again."),
        )
        return redirect(group)
    if group.archived:
        title = _("Restore %(group)s?") % {"group": group.name}
        text = _("Members can share, join and invite again.")
        button = _("Restore the group")
    else:
        title = _("Archive %(group)s?") % {"group": group.name}
        text = _(
            "The group stays readable by those who could read it, but nobody can join, "
            "be invited or change its settings until it is restored."
        )
        button = _("Archive the group")
    return render(
        request,
        "groups/confirm.html",
        {
            "group": group,
            "access": access,
            "title": title,
            "text": text,
            "button": button,
            "action": reverse("groups:archive", kwargs={"slug": slug}),
        },
    )


def delete(request: HttpRequest, slug: str) -> HttpResponse:
    group, access = viewer_group(request, slug)
    if response := needs_login(request, group):
        return response
    permissions.check(access, access.can_delete, _("Only the group's owner may delete it."))
    if request.method == "POST":
        name = group.name
        try:
            actions.delete_group(actor=request.user, group=group)
        except ValidationError as error:  # nothing was deleted
            errors_to_messages(request, error)
            return redirect(group.get_absolute_url())
        messages.success(request, _("The group %(group)s was deleted.") % {"group": name})
        return redirect("groups:directory")
    return render(
        request,
        "groups/confirm.html",
        {
            "group": group,
            "access": access,
            "title": _("Delete %(group)s?") % {"group": group.name},
            "text": _(
                "The group, its member list and everything shared in it are deleted for good. "
                "This cannot be undone. To keep it readable instead, archive it."
            ),
            "button": _("Delete the group and its content"),
            "danger": True,
            "action": reverse("groups:delete", kwargs={"slug": slug}),
        },
    )
