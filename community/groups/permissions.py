"""Who may do what to a group: the one module that answers it.

Views, templates (through ``GroupAccess``), selectors (through the ``*_q``
filters below) and actions all ask here. The rules:

* A **secret** group exists only for its members and network admins: to
  everyone else every URL of it answers 404, never 403, and it appears in no
  list. An invitee learns its name and description from the invitation only.
* **Open** and **closed** groups are listed to every member (and to visitors
  on a public network). Only an open group shows its members to every member;
  a closed group's member list and content are for its members.
* Owners and admins run the group (requests, invitations, members, roles,
  settings); only owners archive, delete or hand over ownership; network
  admins may do all of it in every group.
* A suspended member (inactive account) may do and see nothing.
* An archived group is read-only: nobody joins, asks, invites or edits it
  until an owner restores it.

``check_*`` functions raise ``Http404`` when the user may not know the group
exists and ``PermissionDenied`` when they may know it but not do this.
"""

from __future__ import annotations

from functools import cached_property

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from community.activity.visibility import is_active_member
from community.core.models import GroupCreation
from community.core.network import get_network
from community.core.permissions import is_network_admin
from community.groups.models import (
    ADMIN_ROLES,
    Group,
    GroupInvitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    Privacy,
    RequestStatus,
    Role,
)
from community.members.models import User


def verified_emails(user) -> set[str]:
    """The addresses ``user`` has proved they own (allauth), lower-cased."""

    if not is_active_member(user):
        return set()
    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def invitations_addressed_to_q(user) -> Q:
    """Pending invitations meant for ``user``: to the member, or to one of
    their verified e-mail addresses (invited before they joined the network)."""
    emails = sorted(verified_emails(user))
    return Q(status=InvitationStatus.PENDING) & (
        Q(user=user) | Q(user__isnull=True, email__in=emails)
    )


class GroupAccess:
    """Everything ``user`` may do with ``group``, computed once per request.

    Views build one and pass it to templates (``access.can_join`` …); the
    module-level ``can_*`` functions build a fresh one each time, so they are
    never fooled by a stale cache after an action changed a membership.
    """

    def __init__(self, user, group: Group) -> None:
        self.user = user
        self.group = group
        self.active = is_active_member(user)
        self.anonymous = user is None or not user.is_authenticated
        self.network_admin = user is not None and is_network_admin(user)

    # --- who the viewer is ---------------------------------------------------

    @cached_property
    def membership(self) -> Membership | None:
        if not self.active:
            return None
        return Membership.objects.filter(group=self.group, user=self.user).first()

    @cached_property
    def role(self) -> str | None:
        return self.membership.role if self.membership is not None else None

    @property
    def is_member(self) -> bool:
        return self.active and self.role is not None

    @property
    def is_owner(self) -> bool:
        return self.active and self.role == Role.OWNER

    @property
    def is_group_admin(self) -> bool:
        """Owner or admin of this group."""
        return self.active and self.role in ADMIN_ROLES

    @cached_property
    def pending_request(self) -> JoinRequest | None:
        if not self.active or self.is_member:
            return None
        return JoinRequest.objects.filter(
            group=self.group, user=self.user, status=RequestStatus.PENDING
        ).first()

    @property
    def has_requested(self) -> bool:
        return self.pending_request is not None

    @cached_property
    def pending_invitation(self) -> GroupInvitation | None:
        if not self.active or self.is_member:
            return None
        return (
            GroupInvitation.objects.filter(invitations_addressed_to_q(self.user))
            .filter(group=self.group)
            .first()
        )

    @property
    def is_invited(self) -> bool:
        return self.pending_invitation is not None

    @property
    def is_moderator(self) -> bool:
        """A network admin looking at a group they do not belong to."""
        return self.network_admin and not self.is_member

    # --- seeing ----------------------------------------------------------------

    @cached_property
    def can_see_group(self) -> bool:
        """Listed in the directory, its page opens (name, description, count)."""
        if self.network_admin:
            return True
        if self.active:
            return self.group.privacy != Privacy.SECRET or self.is_member
        if self.anonymous:
            return self.group.privacy != Privacy.SECRET and get_network().is_public
        return False  # suspended or awaiting approval

    @property
    def can_see_members(self) -> bool:
        if not self.active or not self.can_see_group:
            return False
        return self.network_admin or self.is_member or self.group.privacy == Privacy.OPEN

    @property
    def can_see_content(self) -> bool:
        """May read what is shared in the group (the rows themselves are still
        filtered by ``visibility.visible_in_group_q``)."""
        if not self.can_see_group:
            return False
        return self.network_admin or self.is_member or self.group.privacy == Privacy.OPEN

    # --- joining ---------------------------------------------------------------

    @property
    def can_join(self) -> bool:
        return (
            self.active
            and self.group.privacy == Privacy.OPEN
            and not self.group.archived
            and not self.is_member
        )

    @property
    def can_request(self) -> bool:
        return (
            self.active
            and self.group.privacy == Privacy.CLOSED
            and not self.group.archived
            and not self.is_member
            and not self.has_requested
            and not self.is_invited
        )

    @property
    def can_cancel_request(self) -> bool:
        return self.active and self.has_requested

    @property
    def can_answer_invitation(self) -> bool:
        return self.active and self.is_invited and not self.group.archived

    @property
    def can_leave(self) -> bool:
        """May ask to leave (the last owner is then told to hand over first)."""
        return self.is_member

    # --- running the group -------------------------------------------------------

    @property
    def can_manage(self) -> bool:
        """Owner, admin, or network admin: sees requests and invitations."""
        return self.active and (self.network_admin or self.is_group_admin)

    @property
    def can_invite(self) -> bool:
        return self.can_manage and not self.group.archived

    @property
    def can_decide_requests(self) -> bool:
        return self.can_manage and not self.group.archived

    @property
    def can_edit(self) -> bool:
        return self.can_manage and not self.group.archived

    @property
    def can_change_privacy(self) -> bool:
        return self.can_edit

    @property
    def can_manage_members(self) -> bool:
        """Remove members and change roles (details per member below)."""
        return self.can_manage

    def can_remove(self, target: Membership) -> bool:
        """Owners and admins remove members and admins (admins may demote each
        other anyway); an owner is never removed (ownership is handed over
        first), and nobody removes themselves (that is leaving)."""
        if not self.can_manage or target.group_id != self.group.pk:
            return False
        return target.user_id != self.user.pk and target.role != Role.OWNER

    def can_change_role(self, target: Membership) -> bool:
        """Promote a member to admin or make an admin a member again."""
        if not self.can_manage or target.group_id != self.group.pk:
            return False
        return target.role != Role.OWNER and not self.group.archived

    @property
    def can_transfer(self) -> bool:
        return self.active and (self.network_admin or self.is_owner)

    @property
    def can_archive(self) -> bool:
        return self.active and (self.network_admin or self.is_owner)

    @property
    def can_delete(self) -> bool:
        return self.active and (self.network_admin or self.is_owner)


# --- Functions for code that asks one question -----------------------------------


def is_group_admin(user, group_id: int | None) -> bool:
    """Owner or admin of the group ``group_id`` (one query, no ``GroupAccess``)."""
    if group_id is None or not is_active_member(user):
        return False
    return Membership.objects.filter(group_id=group_id, user=user, role__in=ADMIN_ROLES).exists()


def group_admins(group_id: int) -> list:
    """The active owners and admins of the group ``group_id`` (who hear of its
    join requests, and of its projects' volunteers)."""

    return list(
        User.objects.filter(
            is_active=True, memberships__group_id=group_id, memberships__role__in=ADMIN_ROLES
        ).order_by("pk")
    )


def group_admin_q(user) -> Q:
    """Rows whose ``group_id`` is a group ``user`` runs (owner or admin)."""
    return Q(
        Exists(
            Membership.objects.filter(
                group_id=OuterRef("group_id"), user_id=user.pk, role__in=ADMIN_ROLES
            )
        )
    )


def admin_group_ids(user) -> QuerySet[Membership]:
    """The ids of the groups ``user`` runs (owner or admin), as a subquery:
    ``Q(group__in=admin_group_ids(user))``."""
    return Membership.objects.filter(user=user, role__in=ADMIN_ROLES).values("group_id")


def access_for(user, group: Group) -> GroupAccess:
    return GroupAccess(user, group)


def can_see_group(user, group: Group) -> bool:
    return GroupAccess(user, group).can_see_group


def can_see_members(user, group: Group) -> bool:
    return GroupAccess(user, group).can_see_members


def can_see_content(user, group: Group) -> bool:
    return GroupAccess(user, group).can_see_content


def can_join_group(user, group: Group) -> bool:
    return GroupAccess(user, group).can_join


def can_request_to_join(user, group: Group) -> bool:
    return GroupAccess(user, group).can_request


def can_invite_to_group(user, group: Group) -> bool:
    return GroupAccess(user, group).can_invite


def can_decide_requests(user, group: Group) -> bool:
    return GroupAccess(user, group).can_decide_requests


def can_edit_group(user, group: Group) -> bool:
    return GroupAccess(user, group).can_edit


def can_delete_group(user, group: Group) -> bool:
    return GroupAccess(user, group).can_delete


def can_remove_member(user, group: Group, target: Membership) -> bool:
    return GroupAccess(user, group).can_remove(target)


def can_change_role(user, group: Group, target: Membership) -> bool:
    return GroupAccess(user, group).can_change_role(target)


def can_create_group(user) -> bool:
    if not is_active_member(user):
        return False
    if is_network_admin(user):
        return True
    return get_network().group_creation == GroupCreation.MEMBERS


def check_see_group(user, group: Group) -> GroupAccess:
    """404 unless ``user`` may know the group exists; returns their access."""
    access = GroupAccess(user, group)
    if not access.can_see_group:
        raise Http404
    return access


def check(access: GroupAccess, allowed: bool, message: str = "") -> None:
    """404 for a group the user may not know of, 403 when known but not allowed."""
    if not access.can_see_group:
        raise Http404
    if not allowed:
        raise PermissionDenied(message or _("You may not do this in this group."))


def check_create_group(user) -> None:
    if not can_create_group(user):
        raise PermissionDenied(_("Only network admins may create groups on this network."))


# --- Filters for selectors (the same rules, as querysets) ----------------------------


def _member_group_ids(user):
    return Membership.objects.filter(user=user).values("group_id")


def visible_groups_q(user) -> Q:
    """Groups ``user`` may know exist (directory, search): ``can_see_group``."""
    if user is not None and is_network_admin(user):
        return Q()
    if is_active_member(user):
        return ~Q(privacy=Privacy.SECRET) | Q(pk__in=_member_group_ids(user))
    if (user is None or not user.is_authenticated) and get_network().is_public:
        return ~Q(privacy=Privacy.SECRET)
    return Q(pk__in=[])


def groups_with_visible_members_q(user) -> Q:
    """Groups whose member list ``user`` may see: ``can_see_members``. A member's
    group list on their profile shows only these, so it never reveals who is in
    a closed or secret group."""
    if is_network_admin(user):
        return Q()
    if is_active_member(user):
        return Q(privacy=Privacy.OPEN) | Q(pk__in=_member_group_ids(user))
    return Q(pk__in=[])
