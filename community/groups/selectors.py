"""Every viewer-dependent read about groups, filtered by ``permissions.py``
(which groups exist for the viewer) and ``activity.visibility`` (content).

Each selector fetches what its page shows in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    Case,
    CharField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404
from django.utils import timezone

from community.activity.visibility import is_active_member
from community.core.audiences import GROUP_PREFIX
from community.core.queries import total_of
from community.groups import permissions
from community.groups.models import (
    GROUP_PICTURES,
    Group,
    GroupInvitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    RequestStatus,
    Role,
)
from community.members.models import MemberStatus, User
from community.members.normalise import name_q

MEMBERSHIP_FILTERS = ("all", "mine", "other")
ROLE_ORDER = Case(
    When(role=Role.OWNER, then=Value(0)),
    When(role=Role.ADMIN, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
DECLINED_SHOWN_FOR = timedelta(days=30)


def member_group_ids(user) -> QuerySet:
    """The ids of the groups ``user`` belongs to now (the visibility rule's
    memberships: ``activity.visibility.register_memberships``)."""
    return Membership.objects.filter(user=user).values_list("group_id", flat=True)


def member_group_audiences(user_id: int) -> QuerySet:
    """The ``group:<id>`` audience of each of ``user_id``'s groups, as a
    one-column queryset for a subquery."""
    return (
        Membership.objects.filter(user_id=user_id)
        .annotate(
            audience=Concat(
                Value(GROUP_PREFIX), Cast("group_id", CharField()), output_field=CharField()
            )
        )
        .values("audience")
    )


def _member_count(group_ref: str = "pk") -> Coalesce:
    """How many active members the group ``group_ref`` has."""
    return total_of(
        Membership.objects.filter(group=OuterRef(group_ref), user__is_active=True), per="group"
    )


def _viewer_role(viewer) -> Subquery | Value:
    if not is_active_member(viewer):
        return Value(None, output_field=CharField())
    return Subquery(
        Membership.objects.filter(group=OuterRef("pk"), user=viewer).values("role")[:1],
        output_field=CharField(),
    )


def directory(*, viewer, query: str = "", membership: str = "all") -> QuerySet[Group]:
    """The groups ``viewer`` may know exist, searched by name and description,
    with ``member_count`` and ``viewer_role`` annotated."""
    groups = Group.objects.filter(permissions.visible_groups_q(viewer))
    query = query.strip()
    if query:
        groups = groups.filter(Q(name__icontains=query) | Q(description__icontains=query))
    if is_active_member(viewer) and membership in ("mine", "other"):
        mine = Membership.objects.filter(user=viewer).values("group_id")
        groups = groups.filter(pk__in=mine) if membership == "mine" else groups.exclude(pk__in=mine)
    return groups.annotate(member_count=_member_count(), viewer_role=_viewer_role(viewer)).order_by(
        "archived", "name", "pk"
    )


def showcase(*, viewer, size: int) -> list[Group]:
    """The liveliest groups ``viewer`` may know exist (the landing page)."""
    groups = directory(viewer=viewer).filter(archived=False)
    return list(groups.order_by("-member_count", "name", "pk")[:size])


def group_by_slug(*, viewer, slug: str) -> tuple[Group, permissions.GroupAccess]:
    """The group and the viewer's access to it; 404 if the viewer may not know it."""
    group = (
        Group.objects.filter(slug=slug)
        .annotate(member_count=_member_count())
        .select_related("created_by")
        .first()
    )
    if group is None:
        raise Http404
    return group, permissions.check_see_group(viewer, group)


def group_picture(*, viewer, slug: str, kind: str):
    """The stored file of a group's ``avatar`` or ``cover`` for ``viewer``; 404
    unless they may know the group. A member invited to a group they may not
    see yet gets its avatar only (their invitation card shows its name and
    avatar, never its content)."""
    group = Group.objects.filter(slug=slug).first()
    if group is None or kind not in GROUP_PICTURES or not getattr(group, kind):
        raise Http404
    if not permissions.can_see_group(viewer, group) and not (
        kind == "avatar" and invitations_for(user=viewer).filter(group=group).exists()
    ):
        raise Http404
    return getattr(group, kind)


def invitation_picture(*, token: str):
    """The picture of the group a pending e-mail invitation is for (its page
    shows it to whoever holds the link, visitors included); 404 otherwise."""
    invitation = GroupInvitation.objects.select_related("group").filter(token=token).first()
    if invitation is None or not invitation.is_pending or not invitation.group.avatar:
        raise Http404
    return invitation.group.avatar


def member_list(*, group: Group, query: str = "") -> QuerySet[Membership]:
    """Active members, owners first, then admins, then by name. Callers check
    ``access.can_see_members`` first."""
    members = Membership.objects.filter(group=group, user__is_active=True).select_related("user")
    query = query.strip()
    if query:
        members = members.filter(name_q(query, path="user__") | Q(user__handle__icontains=query))
    return members.annotate(role_order=ROLE_ORDER).order_by(
        "role_order", "user__display_name", "pk"
    )


def member_preview(*, group: Group, size: int = 8) -> list[Membership]:
    return list(member_list(group=group)[:size])


def pending_requests(*, group: Group) -> QuerySet[JoinRequest]:
    """Requests waiting for a decision (callers check ``access.can_manage``)."""
    return JoinRequest.objects.filter(
        group=group, status=RequestStatus.PENDING, user__is_active=True
    ).select_related("user")


def pending_invitations(*, group: Group) -> QuerySet[GroupInvitation]:
    """Invitations waiting for an answer (callers check ``access.can_manage``)."""
    return GroupInvitation.objects.filter(
        group=group, status=InvitationStatus.PENDING
    ).select_related("user", "invited_by")


def invite_candidates(*, group: Group, query: str, size: int = 20) -> list[User]:
    """Active members outside ``group`` whose name matches, marked ``invited``
    or ``asked`` when an invitation or a request is already waiting (callers
    check ``access.can_manage``)."""
    return list(
        User.objects.filter(name_q(query), status=MemberStatus.ACTIVE)
        .exclude(memberships__group=group)
        .annotate(
            invited=Exists(
                GroupInvitation.objects.filter(
                    group=group, user=OuterRef("pk"), status=InvitationStatus.PENDING
                )
            ),
            asked=Exists(
                JoinRequest.objects.filter(
                    group=group, user=OuterRef("pk"), status=RequestStatus.PENDING
                )
            ),
        )
        .order_by("display_name", "pk")[:size]
    )


def invitations_for(*, user) -> QuerySet[GroupInvitation]:
    """Pending invitations for ``user`` (name and description of the group
    included, even a secret one: the invitee may know that much)."""
    if not is_active_member(user):
        return GroupInvitation.objects.none()
    return (
        GroupInvitation.objects.filter(permissions.invitations_addressed_to_q(user))
        .exclude(group__memberships__user=user)
        .select_related("group", "invited_by")
        .order_by("-created_at", "-id")
    )


@dataclass
class MyGroups:
    memberships: list[Membership]
    invitations: list[GroupInvitation]
    requests: list[JoinRequest]
    declined: list[JoinRequest]


def my_groups(*, user) -> MyGroups:
    """Everything for the "My groups" page in five queries."""
    if not is_active_member(user):
        return MyGroups([], [], [], [])
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("group")
        .annotate(member_count=_member_count("group_id"), role_order=ROLE_ORDER)
        .order_by("group__archived", "role_order", "group__name")
    )
    requests = list(
        JoinRequest.objects.filter(user=user, status=RequestStatus.PENDING)
        .filter(group__in=Group.objects.filter(permissions.visible_groups_q(user)))
        .select_related("group")
    )
    declined = list(
        JoinRequest.objects.filter(
            user=user,
            status=RequestStatus.DECLINED,
            decided_at__gte=timezone.now() - DECLINED_SHOWN_FOR,
        )
        .filter(group__in=Group.objects.filter(permissions.visible_groups_q(user)))
        .exclude(group__memberships__user=user)
        .select_related("group")
        .order_by("-decided_at")
    )
    return MyGroups(
        memberships=memberships,
        invitations=list(invitations_for(user=user)),
        requests=requests,
        declined=declined,
    )


def groups_of_member(*, viewer, member: User) -> QuerySet[Group]:
    """The groups ``member`` belongs to that ``viewer`` may see the members of:
    open groups, the viewer's own groups, every group for a network admin.
    A profile's group list never reveals a closed or secret group's members."""
    if not is_active_member(viewer) or not member.is_active:
        return Group.objects.none()
    return (
        Group.objects.filter(memberships__user=member)
        .filter(permissions.groups_with_visible_members_q(viewer))
        .annotate(
            member_role=Subquery(
                Membership.objects.filter(group=OuterRef("pk"), user=member).values("role")[:1]
            )
        )
        .order_by("archived", "name", "pk")
    )


def member_ids(group_id: int) -> QuerySet[Membership]:
    """The ids of the group's members (any role), as a subquery:
    ``Q(user_id__in=member_ids(group_id))``."""
    return Membership.objects.filter(group_id=group_id).values("user_id")
