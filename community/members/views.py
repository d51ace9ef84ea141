from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community.core.permissions import network_admin_required
from community.members import actions
from community.members.invitations import remember_invitation
from community.members.models import Invitation, MemberStatus, User


@login_required
def profile(request: HttpRequest, handle: str) -> HttpResponse:
    member = get_object_or_404(User, handle=handle, status=MemberStatus.ACTIVE)
    return render(request, "members/profile.html", {"member": member})


@network_admin_required
def pending_members(request: HttpRequest) -> HttpResponse:
    pending = User.objects.filter(status=MemberStatus.PENDING).order_by("date_joined")
    page = Paginator(pending, 50).get_page(request.GET.get("page"))
    return render(request, "members/pending.html", {"page": page})


@require_POST
@network_admin_required
def decide_member(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(User, pk=pk, status=MemberStatus.PENDING)
    if request.POST.get("decision") == "approve":
        actions.approve_member(admin=request.user, member=member)
        messages.success(request, _("%(name)s can now sign in.") % {"name": member.display_name})
    elif request.POST.get("decision") == "decline":
        actions.decline_member(admin=request.user, member=member)
        messages.success(
            request, _("The sign-up of %(name)s was declined.") % {"name": member.display_name}
        )
    else:
        messages.error(request, _("Choose approve or decline."))
    return redirect("members:pending")


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address (optional)"),
        required=False,
        help_text=gettext_lazy("Leave empty for a link anyone you give it to may use once."),
    )


@network_admin_required
def invitations(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid():
            invitation = actions.create_invitation(
                inviter=request.user, email=form.cleaned_data["email"]
            )
            messages.success(
                request,
                _("Invitation created. Share this link: %(link)s")
                % {"link": request.build_absolute_uri(invitation.get_absolute_url())},
            )
            return redirect("members:invitations")
    else:
        form = InvitationForm()
    page = Paginator(Invitation.objects.select_related("invited_by", "used_by"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "members/invitations.html", {"form": form, "page": page})


@require_POST
@network_admin_required
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    actions.revoke_invitation(admin=request.user, invitation=invitation)
    messages.success(request, _("Invitation revoked."))
    return redirect("members:invitations")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation: remember it, then on to sign-up."""
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return render(request, "members/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        messages.info(request, _("You are already a member of this network."))
        return redirect("home")
    remember_invitation(request, invitation)
    return redirect("account_signup")
