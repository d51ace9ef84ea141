"""The groups' notification kinds (``community/notifications/registry.py``),
registered from ``GroupsConfig.ready()``.

They are not about content but about the group itself, so each is gated by a
permission instead of an audience: a join request shows only to the group's
current owners and admins, an approval or an invitation only while the reader
may see the group (an invitation also while it waits for an answer).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from community.groups.content import audience_for_group
from community.groups.models import Group, GroupInvitation, InvitationStatus
from community.groups.permissions import (
    can_see_group,
    group_admin_q,
    is_group_admin,
    visible_groups_q,
)
from community.notifications.registry import Place, TargetKind, Verb, register, register_target

GROUP_JOIN_REQUESTED = "group_join_requested"
GROUP_REQUEST_APPROVED = "group_request_approved"
GROUP_INVITED = "group_invited"


def _place_group(group) -> Place:
    return Place(audience=audience_for_group(group), group_id=group.pk)


def _place_in_group(obj) -> Place:
    # Join requests and invitations are permission-gated: their audience is unused.
    return Place(audience="", group_id=obj.group_id)


def _is_group_admin(recipient, join_request) -> bool:
    return is_group_admin(recipient, join_request.group_id)


def _group_visible_q(user) -> Q:
    """The notification's group is one ``user`` may see (a secret group: its
    members only), by the groups' own rule."""
    return Q(group_id__in=Group.objects.filter(visible_groups_q(user)).values("pk"))


def _invitation_q(user) -> Q:
    """An invitation's group: seen through the invitation while it waits for an
    answer, then like any group (a secret group the invitee declined, or was
    removed from after accepting, is no longer theirs to see)."""
    waiting = GroupInvitation.objects.filter(
        pk=OuterRef("target_id"), status=InvitationStatus.PENDING
    )
    return Q(Exists(waiting)) | _group_visible_q(user)


def _group_name(notification) -> str:
    return notification.group.name if notification.group_id else ""


def register_kinds() -> None:
    register_target(TargetKind("groups.Group", _place_group))
    register_target(TargetKind("groups.JoinRequest", _place_in_group))
    register_target(TargetKind("groups.GroupInvitation", _place_in_group))
    register(
        Verb(
            GROUP_JOIN_REQUESTED,
            targets=("groups.JoinRequest",),
            describe=lambda n, who: (
                _("%(who)s asked to join %(group)s.") % {"who": who, "group": _group_name(n)}
            ),
            link=lambda n: reverse("groups:requests", kwargs={"slug": n.group.slug}),
            may_notify=_is_group_admin,
            permission_q=group_admin_q,
        )
    )
    register(
        Verb(
            GROUP_REQUEST_APPROVED,
            targets=("groups.Group",),
            describe=lambda n, who: (
                _("%(who)s approved your request to join %(group)s.")
                % {"who": who, "group": _group_name(n)}
            ),
            link=lambda n: reverse("groups:detail", kwargs={"slug": n.group.slug}),
            may_notify=can_see_group,
            permission_q=_group_visible_q,
        )
    )
    register(
        Verb(
            GROUP_INVITED,
            targets=("groups.GroupInvitation",),
            describe=lambda n, who: (
                _("%(who)s invited you to join %(group)s.") % {"who": who, "group": _group_name(n)}
            ),
            link=lambda n: f"{reverse('groups:mine')}#invitation-{n.target_id}",
            # The invitee learns of the group through the invitation, secret or not.
            may_notify=lambda recipient, invitation: invitation.user_id == recipient.pk,
            permission_q=_invitation_q,
        )
    )
