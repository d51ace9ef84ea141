"""Joining and leaving, members' roles and ownership, join requests to closed
groups."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.groups import permissions
from community.groups.actions._common import (
    _access,
    _add_member,
    _clean_message,
    _close_pending_requests,
    _current_membership,
    _discard_notifications,
    _lock_group,
    _pending_request,
    _request_answered,
    _require_active,
    _tell_realtime,
)
from community.groups.models import (
    Group,
    JoinRequest,
    Membership,
    RequestStatus,
    Role,
)
from community.groups.notify import GROUP_JOIN_REQUESTED, GROUP_REQUEST_APPROVED
from community.members.models import User
from community.notifications import actions as notifications


@transaction.atomic
def join_group(*, user: User, group: Group) -> Membership:
    """Join an open group at once. Joining twice (a double click) changes nothing."""
    _require_active(user)
    group = _lock_group(group)
    membership = _current_membership(group, user)
    if membership is not None:
        return membership
    access = _access(user, group)
    if group.archived and access.can_see_group:
        raise ValidationError(_("This group is archived: nobody can join it."))
    permissions.check(
        access,
        access.can_join,
        _("This group is not open: ask to join or wait for an invitation."),
    )
    return _add_member(group, user)


@transaction.atomic
def leave_group(*, user: User, group: Group) -> None:
    """Leave a group. The last owner must hand ownership over first."""
    _require_active(user)
    group = _lock_group(group)
    membership = _current_membership(group, user)
    if membership is None:
        return
    if membership.role == Role.OWNER and not (
        Membership.objects.filter(group=group, role=Role.OWNER).exclude(pk=membership.pk).exists()
    ):
        raise ValidationError(
            _(
                "You are this group's only owner. Make another member the owner first, "
                "or delete the group."
            )
        )
    membership.delete()
    _tell_realtime([user.pk])


@transaction.atomic
def remove_member(*, actor: User, group: Group, member: User) -> None:
    """An owner or admin removes someone: their access ends at once."""
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(access, access.can_manage_members)
    target = _current_membership(group, member)
    if target is None:
        raise ValidationError(_("%(name)s is not a member of this group.") % {"name": member})
    if not access.can_remove(target):
        if target.role == Role.OWNER:
            raise ValidationError(
                _("The owner cannot be removed: ownership must be handed over first.")
            )
        raise PermissionDenied(_("You may not remove this member."))
    target.delete()
    _tell_realtime([member.pk])


@transaction.atomic
def change_member_role(*, actor: User, group: Group, member: User, role: str) -> Membership:
    """Promote a member to admin, or make an admin a member again."""
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(access, access.can_manage_members)
    if role not in (Role.ADMIN, Role.MEMBER):
        raise ValidationError(_("Choose admin or member."))
    target = _current_membership(group, member)
    if target is None:
        raise ValidationError(_("%(name)s is not a member of this group.") % {"name": member})
    if not access.can_change_role(target):
        if target.role == Role.OWNER:
            raise ValidationError(_("The owner's role changes only when ownership is handed over."))
        raise PermissionDenied(_("You may not change this member's role."))
    if target.role != role:
        target.role = role
        target.save(update_fields=["role"])
        _tell_realtime([member.pk])  # their sockets' per-viewer controls follow the role
    return target


@transaction.atomic
def transfer_ownership(*, actor: User, group: Group, new_owner: User) -> Membership:
    """Make ``new_owner`` (a member) the owner; the previous owner stays as an admin."""
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(access, access.can_transfer, _("Only the owner may hand over the group."))
    target = _current_membership(group, new_owner)
    if target is None or not new_owner.is_active:
        raise ValidationError(
            _("%(name)s must be a member of the group to become its owner.") % {"name": new_owner}
        )
    if target.role == Role.OWNER:
        return target
    previous = Membership.objects.filter(group=group, role=Role.OWNER)
    if access.is_owner:
        previous = previous.filter(user=actor)
    previous_ids = list(previous.values_list("user_id", flat=True))
    previous.update(role=Role.ADMIN)
    target.role = Role.OWNER
    target.save(update_fields=["role"])
    _tell_realtime([*previous_ids, new_owner.pk])
    return target


@transaction.atomic
def request_to_join(*, user: User, group: Group, message: str = "") -> JoinRequest:
    """Ask to join a closed group, with an optional message to its admins."""
    _require_active(user)
    group = _lock_group(group)
    access = _access(user, group)
    if access.is_member:
        raise ValidationError(_("You are already a member of this group."))
    if access.pending_request is not None:
        return access.pending_request
    if access.is_invited and access.can_see_group:
        raise ValidationError(
            _("You are invited to this group: accept the invitation on your groups page.")
        )
    permissions.check(access, access.can_request, _("This group does not take requests to join."))
    join_request = JoinRequest.objects.create(
        group=group, user=user, message=_clean_message(message, "message")
    )
    for admin in permissions.group_admins(group.pk):
        notifications.notify(
            recipient=admin, verb=GROUP_JOIN_REQUESTED, actor=user, target=join_request
        )
    return join_request


@transaction.atomic
def cancel_join_request(*, user: User, group: Group) -> None:
    _require_active(user)
    group = _lock_group(group)
    pending = _close_pending_requests(
        JoinRequest.objects.filter(group=group, user=user),
        status=RequestStatus.CANCELLED,
        decided_at=timezone.now(),
    )
    _discard_notifications(*pending)  # the admins' "asked to join"


def _decide(actor: User, join_request: JoinRequest) -> tuple[Group, JoinRequest]:
    group = _lock_group(join_request.group)
    access = _access(actor, group)
    permissions.check(
        access, access.can_decide_requests, _("Only the group's admins decide on requests.")
    )
    pending = _pending_request(join_request.pk)
    if pending is None or pending.group_id != group.pk:
        raise ValidationError(_("This request was already handled."))
    return group, pending


@transaction.atomic
def approve_join_request(*, actor: User, join_request: JoinRequest, reason: str = "") -> Membership:
    """A group admin lets the requester in (exactly once, even if two admins click)."""
    group, pending = _decide(actor, join_request)
    reason = _clean_message(reason, "reason")
    pending.status = RequestStatus.APPROVED
    pending.decided_by = actor
    pending.decided_at = timezone.now()
    pending.reason = reason
    pending.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    _request_answered(pending)
    membership = _current_membership(group, pending.user)
    if membership is not None:
        return membership
    if not pending.user.is_active:
        raise ValidationError(_("This account is no longer active."))
    membership = _add_member(group, pending.user)
    notifications.notify(
        recipient=pending.user, verb=GROUP_REQUEST_APPROVED, actor=actor, target=group
    )
    return membership


@transaction.atomic
def decline_join_request(*, actor: User, join_request: JoinRequest, reason: str = "") -> None:
    """A group admin says no, optionally with a reason the requester will see."""
    _, pending = _decide(actor, join_request)
    pending.status = RequestStatus.DECLINED
    pending.decided_by = actor
    pending.decided_at = timezone.now()
    pending.reason = _clean_message(reason, "reason")
    pending.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    _request_answered(pending)
