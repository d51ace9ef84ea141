"""What the group actions share: the limits, locking a group, finding a
membership, telling the realtime layer, adding a member."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from community.activity.actions import record_activity
from community.core import live
from community.core.images import ImageRules
from community.groups import permissions
from community.groups.content import (
    audience_for_group,
)
from community.groups.models import (
    Group,
    GroupInvitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    RequestStatus,
    Role,
)
from community.groups.notify import GROUP_JOIN_REQUESTED
from community.members.models import User
from community.notifications import actions as notifications

CREATED_GROUP = "created_group"
JOINED_GROUP = "joined_group"

AVATAR_RULES = ImageRules(max_bytes=2 * 1024 * 1024, square=256)
COVER_RULES = ImageRules(max_bytes=5 * 1024 * 1024, max_side=1600)
# Addresses that are pages of the groups app, never a group's.
RESERVED_SLUGS = frozenset({"new", "mine", "invitations"})
NAME_MAX_LENGTH = 80
SLUG_MAX_LENGTH = 80
DESCRIPTION_MAX_LENGTH = 5000
MESSAGE_MAX_LENGTH = 1000
EMAIL_INVITATION_VALIDITY = timedelta(days=30)


def _lock_group(group: Group) -> Group:
    """The group's row, locked until the end of the transaction (404 if gone)."""
    locked = Group.objects.select_for_update().filter(pk=group.pk).first()
    if locked is None:
        raise Http404
    return locked


def _current_membership(group: Group, user: User) -> Membership | None:
    """Read ``user``'s membership; callers hold the group's lock."""
    return Membership.objects.filter(group=group, user=user).first()


def _pending_request(join_request_pk: int) -> JoinRequest | None:
    """Read (and lock) a request that is still waiting; callers hold the group's lock."""
    return (
        JoinRequest.objects.select_for_update()
        .filter(pk=join_request_pk, status=RequestStatus.PENDING)
        .first()
    )


def _tell_realtime(user_ids: Iterable[int]) -> None:
    """After the commit, each user's sockets recompute their subscriptions."""
    for user_id in sorted(set(user_ids)):
        transaction.on_commit(partial(live.subscriptions_changed, user_id))


def _discard_notifications(*targets) -> None:
    """Notifications about what no longer waits for an answer go away."""
    notifications.discard_notifications(targets=targets)


def _request_answered(join_request: JoinRequest) -> None:
    """Every admin's notification of this request is read once one admin answered."""
    notifications.mark_read_about(targets=[join_request], verb=GROUP_JOIN_REQUESTED)


def is_addressed_to(invitation: GroupInvitation, user: User) -> bool:
    """The invitation is for ``user``: named, or sent to an address they verified."""
    if invitation.user_id is not None:
        return invitation.user_id == user.pk
    return invitation.email.lower() in permissions.verified_emails(user)


def _access(user: User, group: Group) -> permissions.GroupAccess:
    return permissions.GroupAccess(user, group)


def _require_active(user: User) -> None:
    if not (user is not None and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Your account cannot do this."))


def _clean_message(text: str, field: str) -> str:
    text = (text or "").strip()
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {field: _("Keep it under %(limit)s characters.") % {"limit": MESSAGE_MAX_LENGTH}}
        )
    return text


def _record_joined(group: Group, user: User) -> None:
    record_activity(
        actor=user,
        verb=JOINED_GROUP,
        target=group,
        audience=audience_for_group(group),
        group=group,
    )


def _close_pending_requests(requests, **fields) -> list[JoinRequest]:
    """Set ``fields`` (a final status…) on the pending ones of ``requests``;
    returns them, for their notifications."""
    pending = list(requests.filter(status=RequestStatus.PENDING))
    JoinRequest.objects.filter(pk__in=[request.pk for request in pending]).update(**fields)
    return pending


def _add_member(group: Group, user: User, role: str = Role.MEMBER) -> Membership:
    """Create the membership, close what led to it, record it, tell realtime."""
    membership = Membership.objects.create(group=group, user=user, role=role)
    now = timezone.now()
    pending = _close_pending_requests(
        JoinRequest.objects.filter(group=group, user=user),
        status=RequestStatus.APPROVED,
        decided_at=now,
    )
    for join_request in pending:  # in by an invitation: the request is answered
        _request_answered(join_request)
    GroupInvitation.objects.filter(group=group).filter(
        permissions.invitations_addressed_to_q(user)
    ).update(status=InvitationStatus.ACCEPTED, responded_at=now, user=user)
    _record_joined(group, user)
    _tell_realtime([user.pk])
    return membership
