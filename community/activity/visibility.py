"""The one visibility rule (DESIGN.md §4). Every read path goes through here.

Every piece of content carries an ``audience`` string:

===============  ==========================================================
``public``       anyone, visitors included, but only on a public network
``members``      every signed-in, active member of the network
``group:<id>``   current members of that group
``user:<id>``    that user only (notifications, private state)
===============  ==========================================================

Visibility is decided at read time from the viewer's current memberships,
so leaving a group hides its content at once.
"""

from __future__ import annotations

from typing import Protocol

from django.db.models import Q

from community.core.network import get_network

PUBLIC = "public"
MEMBERS = "members"


class HasAudience(Protocol):
    audience: str


def group_audience(group_id: int) -> str:
    return f"group:{group_id}"


def user_audience(user_id: int) -> str:
    return f"user:{user_id}"


def is_active_member(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def audiences_for(user) -> frozenset[str]:
    """Every audience ``user`` belongs to right now (empty for a suspended account)."""
    if not is_active_member(user):
        return frozenset({PUBLIC}) if get_network().is_public else frozenset()
    from community.groups.models import Membership

    group_ids = Membership.objects.filter(user=user).values_list("group_id", flat=True)
    return frozenset(
        {PUBLIC, MEMBERS, user_audience(user.pk)} | {group_audience(gid) for gid in group_ids}
    )


def visible_q(user, *, field: str = "audience", audiences: frozenset[str] | None = None) -> Q:
    """A filter keeping rows whose ``field`` is an audience of ``user``.

    Pass ``audiences`` when they were already computed for this request.
    """
    audiences = audiences_for(user) if audiences is None else audiences
    return Q(**{f"{field}__in": sorted(audiences)})


def can_view(user, obj: HasAudience) -> bool:
    return obj.audience in audiences_for(user)
