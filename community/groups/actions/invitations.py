"""Invitations to a group: of members, by e-mail, revoked, answered."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.groups import permissions
from community.groups.actions._common import (
    EMAIL_INVITATION_VALIDITY,
    _access,
    _add_member,
    _current_membership,
    _discard_notifications,
    _lock_group,
    _require_active,
    is_addressed_to,
)
from community.groups.models import (
    Group,
    GroupInvitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    RequestStatus,
)
from community.groups.notify import GROUP_INVITED
from community.mail.actions import queue_email
from community.members.models import Invitation, User
from community.notifications import actions as notifications


def _queue_invitation_email(invitation: GroupInvitation, link: str) -> None:
    """Queue the invitation e-mail; the worker sends it (community/mail)."""
    member = invitation.user if invitation.user_id else None
    queue_email(
        to=member.email if member else invitation.email,
        recipient=member,
        kind="group_invitation",
        template="groups/email/invitation",
        context={
            "invitation": invitation,
            "group": invitation.group,
            "inviter": invitation.invited_by,
            "link": link,
            "for_member": member is not None,
        },
        dedupe_key=f"group_invitation:{invitation.pk}",
    )


def _check_can_invite(inviter: User, group: Group) -> permissions.GroupAccess:
    access = _access(inviter, group)
    if group.archived and access.can_see_group and access.can_manage:
        raise ValidationError(_("This group is archived: restore it before inviting anyone."))
    permissions.check(access, access.can_invite, _("Only the group's admins may invite."))
    return access


def _invite_existing_member(
    inviter: User, group: Group, member: User, base_url: str
) -> GroupInvitation:
    if _current_membership(group, member) is not None:
        raise ValidationError(
            _("%(name)s is already a member of this group.") % {"name": member.display_name}
        )
    if GroupInvitation.objects.filter(
        group=group, user=member, status=InvitationStatus.PENDING
    ).exists():
        raise ValidationError(_("%(name)s is already invited.") % {"name": member.display_name})
    if JoinRequest.objects.filter(group=group, user=member, status=RequestStatus.PENDING).exists():
        raise ValidationError(
            _("%(name)s has asked to join: approve their request instead.")
            % {"name": member.display_name}
        )
    invitation = GroupInvitation.objects.create(group=group, user=member, invited_by=inviter)
    notifications.notify(recipient=member, verb=GROUP_INVITED, actor=inviter, target=invitation)
    if base_url:
        link = base_url.rstrip("/") + reverse("groups:mine")
        _queue_invitation_email(invitation, link)
    return invitation


@transaction.atomic
def invite_member(
    *, inviter: User, group: Group, member: User, base_url: str = ""
) -> GroupInvitation:
    """Invite a member of the network. They see the invitation on their groups
    page (and get an e-mail when ``base_url`` — the site's address — is given)."""
    group = _lock_group(group)
    _check_can_invite(inviter, group)
    if not member.is_active:
        raise ValidationError(_("No active member matches."))
    return _invite_existing_member(inviter, group, member, base_url)


@transaction.atomic
def invite_by_email(*, inviter: User, group: Group, email: str, base_url: str) -> GroupInvitation:
    """Invite someone by e-mail address.

    A member with that address gets a member invitation. Anyone else gets a
    link; signing up through it joins the network and the group at once. The
    link carries a network invitation bound to that address, so it also opens
    sign-up on an invitation-only network (and skips approval, like every
    network invitation). The reply never reveals whether the address belongs
    to a member.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    group = _lock_group(group)
    _check_can_invite(inviter, group)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if not existing.is_active:
            raise ValidationError({"email": _("This address cannot be invited.")})
        return _invite_existing_member(inviter, group, existing, base_url)
    if GroupInvitation.objects.filter(
        group=group, email=email, user__isnull=True, status=InvitationStatus.PENDING
    ).exists():
        raise ValidationError({"email": _("This address is already invited.")})
    network_invitation = Invitation.objects.create(
        invited_by=inviter, email=email, expires_at=timezone.now() + EMAIL_INVITATION_VALIDITY
    )
    invitation = GroupInvitation.objects.create(
        group=group, email=email, invited_by=inviter, network_invitation=network_invitation
    )
    link = base_url.rstrip("/") + invitation.get_absolute_url()
    _queue_invitation_email(invitation, link)
    return invitation


@transaction.atomic
def revoke_group_invitation(*, actor: User, invitation: GroupInvitation) -> None:
    """Withdraw a pending invitation (and the unused network invitation of an e-mail one)."""
    group = _lock_group(invitation.group)
    access = _access(actor, group)
    permissions.check(access, access.can_manage, _("Only the group's admins may do this."))
    invitation = GroupInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        return
    invitation.status = InvitationStatus.REVOKED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    _discard_notifications(invitation)  # the invitee's "invited you"
    if invitation.network_invitation_id:
        Invitation.objects.filter(
            pk=invitation.network_invitation_id, used_at__isnull=True
        ).delete()


@transaction.atomic
def respond_to_invitation(
    *, user: User, invitation: GroupInvitation, accept: bool
) -> Membership | None:
    """The invitee accepts (and joins) or declines."""
    _require_active(user)
    group = _lock_group(invitation.group)
    invitation = GroupInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if invitation is None or not is_addressed_to(invitation, user):
        raise Http404
    if not invitation.is_pending:
        raise ValidationError(_("This invitation was already answered or withdrawn."))
    membership = _current_membership(group, user)
    if not accept:
        invitation.status = InvitationStatus.DECLINED
        invitation.responded_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["status", "responded_at", "user"])
        return membership
    if membership is not None:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.responded_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["status", "responded_at", "user"])
        return membership
    if group.archived:
        raise ValidationError(_("This group is archived: nobody can join it for now."))
    return _add_member(group, user)


@transaction.atomic
def accept_pending_email_invitations(*, user: User) -> list[Membership]:
    """At sign-up: join the groups whose e-mail invitation link brought ``user``.

    Called by the sign-up adapter right after ``register_member``. Proof of
    receipt is the link's network invitation, which ``register_member`` only
    consumes for the address it was sent to. Other invitations to the address
    wait on the member's groups page until the address is verified.
    """
    if not (user.is_authenticated and user.is_active):
        return []
    joined = []
    invitations = GroupInvitation.objects.filter(
        status=InvitationStatus.PENDING,
        user__isnull=True,
        network_invitation__used_by=user,
    ).select_related("group")
    for invitation in invitations:
        group = _lock_group(invitation.group)
        if group.archived:
            continue
        membership = _current_membership(group, user)
        if membership is None:
            membership = _add_member(group, user)
        GroupInvitation.objects.filter(pk=invitation.pk).update(
            status=InvitationStatus.ACCEPTED, responded_at=timezone.now(), user=user
        )
        joined.append(membership)
    return joined
