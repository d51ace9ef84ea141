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

from collections.abc import Callable, Iterable
from typing import Protocol

from django.db.models import Q, QuerySet, Subquery

from community.core.audiences import MEMBERS, PUBLIC, group_audience, user_audience
from community.core.network import get_network
from community.core.permissions import is_network_admin


class HasAudience(Protocol):
    audience: str


# --- Memberships --------------------------------------------------------------------
#
# Who is in which group is the groups app's fact; it sits above this module and
# hands it over from its AppConfig.ready() (``register_memberships``): the
# ids of a member's groups, and the same as a subquery of ``group:<id>``
# audience strings for one SQL condition.


_memberships: dict[str, Callable] = {}


def register_memberships(
    *, group_ids: Callable[[object], Iterable[int]], group_audiences: Callable[[int], QuerySet]
) -> None:
    """``group_ids(user)``: the ids of the groups ``user`` belongs to now;
    ``group_audiences(user_id)``: the same as a one-column queryset,
    ``audience``, of their ``group:<id>`` keys (for one SQL condition). Until
    it is called nobody is in any group: group content is invisible."""
    _memberships.update(group_ids=group_ids, group_audiences=group_audiences)


def is_active_member(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def audiences_for(user) -> frozenset[str]:
    """Every audience ``user`` belongs to right now (empty for a suspended account)."""
    if not is_active_member(user):
        return frozenset({PUBLIC}) if get_network().is_public else frozenset()
    group_ids = _memberships["group_ids"](user) if _memberships else ()
    return frozenset(
        {PUBLIC, MEMBERS, user_audience(user.pk)} | {group_audience(gid) for gid in group_ids}
    )


def visible_q(user, *, field: str = "audience", audiences: frozenset[str] | None = None) -> Q:
    """A filter keeping rows whose ``field`` is an audience of ``user``.

    Pass ``audiences`` when they were already computed for this request.
    """
    audiences = audiences_for(user) if audiences is None else audiences
    return Q(**{f"{field}__in": sorted(audiences)})


def member_audiences_q(user, *, field: str = "audience") -> Q:
    """``field`` is one of ``audiences_for(user)``, as one SQL condition (an
    active member; nothing for anyone else).

    The same set as ``audiences_for`` (``public``, ``members``, ``user:<id>``
    and ``group:<id>`` of each current membership:
    ``tests/notifications/test_visibility.py`` checks they agree), but with
    the memberships read in a subquery, so a filter on every page (the
    notification bell) costs a single query.
    """
    if not is_active_member(user):
        return Q(pk__in=[])
    visible = Q(**{f"{field}__in": [PUBLIC, MEMBERS, user_audience(user.pk)]})
    if _memberships:
        visible |= Q(**{f"{field}__in": Subquery(_memberships["group_audiences"](user.pk))})
    return visible


def can_view(user, obj: HasAudience, *, audiences: frozenset[str] | None = None) -> bool:
    """``obj``'s audience is one of ``user``'s (``audiences`` when already computed)."""
    return obj.audience in (audiences_for(user) if audiences is None else audiences)


# --- Group pages ---------------------------------------------------------------
#
# Content posted in a group carries the group's audience (``groups.content``).


def can_view_in_group(user, obj: HasAudience, *, audiences: frozenset[str] | None = None) -> bool:
    """``visible_in_group_q`` for one row of a group's content: a network
    admin moderating the group sees it too."""
    return can_view(user, obj, audiences=audiences) or is_network_admin(user)


def visible_in_group_q(user, group, *, field: str = "audience") -> Q:
    """Filter for the content shown on ``group``'s own pages.

    Members see it through their audiences like everywhere else. Network
    admins moderate: on a group's pages they see all of its content, even of
    a secret group they are not in (their feeds, notifications and sockets
    stay what their memberships give: ``audiences_for`` does not change).
    """
    if is_network_admin(user):
        return Q()
    return visible_q(user, field=field)


# === Profile fields (members issue) =========================================
#
# Every field of a member's profile (built-in fields such as location or
# e-mail, and the answers to the network's custom profile questions) carries
# a *field visibility*:
#
# ============  ==============================================================
# ``everyone``  visitors too, but only on a public network
# ``members``   every signed-in, active member
# ``admins``    network admins only
# ============  ==============================================================
#
# The member always sees their own fields. For built-in fields the member
# chooses a level and the network admins set the widest level allowed; the
# narrower of the two applies (``effective_field_visibility``), so an admin
# narrowing a field hides it at once, whatever members chose earlier. The
# profile page, the directory (results, filters, htmx fragments) and any
# JSON ask ``can_view_profile_field`` / ``profile_field_q`` and nothing else.

EVERYONE = "everyone"
ADMINS = "admins"
FIELD_LEVELS: tuple[str, ...] = (EVERYONE, MEMBERS, ADMINS)  # widest first
_FIELD_RANK = {level: rank for rank, level in enumerate(FIELD_LEVELS)}


def narrower_visibility(first: str, second: str) -> str:
    """The more private of two field visibilities (unknown values count as ``admins``)."""
    if _FIELD_RANK.get(first, len(FIELD_LEVELS)) >= _FIELD_RANK.get(second, len(FIELD_LEVELS)):
        return first
    return second


def effective_field_visibility(chosen: str, widest: str) -> str:
    """What applies to a built-in field: the member's choice, capped by the admins' limit."""
    return narrower_visibility(chosen, widest)


def profile_field_levels(viewer, *, network=None) -> frozenset[str]:
    """The field visibilities ``viewer`` may read on *other* members' profiles."""
    if is_active_member(viewer):
        if viewer.is_network_admin:
            return frozenset(FIELD_LEVELS)
        return frozenset({EVERYONE, MEMBERS})
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        return frozenset()  # a suspended or pending account sees nothing
    network = get_network() if network is None else network
    return frozenset({EVERYONE}) if network.is_public else frozenset()


def is_self(viewer, owner_id: int | None) -> bool:
    return is_active_member(viewer) and owner_id is not None and viewer.pk == owner_id


def can_view_profile_field(
    viewer, *, owner_id: int | None, visibility: str, levels: frozenset[str] | None = None
) -> bool:
    """May ``viewer`` read a profile field of member ``owner_id`` with this visibility?"""
    if is_self(viewer, owner_id):
        return True
    levels = profile_field_levels(viewer) if levels is None else levels
    return visibility in levels


def can_filter_on_profile_field(
    viewer, *, widest: str, levels: frozenset[str] | None = None
) -> bool:
    """A directory filter is offered (and applied) only on a field whose widest
    possible visibility ``viewer`` may read: filtering on anything else would tell
    who holds a value the viewer may not see."""
    levels = profile_field_levels(viewer) if levels is None else levels
    return widest in levels


def profile_field_q(
    viewer,
    *,
    visibility_field: str,
    widest: str,
    levels: frozenset[str] | None = None,
    owner_field: str = "pk",
) -> Q:
    """Members whose built-in field (member's choice in ``visibility_field``,
    capped by the admins' ``widest``) ``viewer`` may read; for querysets.

    Visibilities are nested (everyone ⊂ members ⊂ admins), so the capped value
    is readable iff both the member's choice and the cap are.
    """
    levels = profile_field_levels(viewer) if levels is None else levels
    # Nobody's value is readable when the cap itself is out of reach.
    visible = Q(**{f"{visibility_field}__in": sorted(levels)}) if widest in levels else Q(pk__in=[])
    if is_active_member(viewer):
        visible |= Q(**{owner_field: viewer.pk})
    return visible


# === Volunteer record (volunteering issue) ==================================
#
# A member's volunteer record on their profile (projects helped, confirmed
# hours, skills used) is a profile field like the others: the member picks
# one of ``FIELD_LEVELS`` (``VolunteerSettings.record_visibility``, default
# ``members``) and always sees their own. Whatever the level, the record
# never lists a project the viewer may not see (``visible_q`` on each
# engagement's stored audience).


def can_view_volunteer_record(viewer, *, owner_id: int, visibility: str) -> bool:
    """May ``viewer`` read the volunteer record of member ``owner_id``?"""
    return can_view_profile_field(viewer, owner_id=owner_id, visibility=visibility)
