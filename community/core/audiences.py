"""Audience keys: who a piece of content, an activity or a live message is for
(DESIGN.md §4). The vocabulary every layer shares; *who belongs* to an audience
is decided by the visibility rule (``community/activity/visibility.py``).

===============  ==========================================================
``public``       anyone, visitors included, but only on a public network
``members``      every signed-in, active member of the network
``group:<id>``   current members of that group
``user:<id>``    that user only (notifications, private state)
===============  ==========================================================
"""

from __future__ import annotations

from enum import StrEnum


class Audience(StrEnum):
    """The two audiences that are not one group's or one user's."""

    PUBLIC = "public"
    MEMBERS = "members"


PUBLIC = Audience.PUBLIC
MEMBERS = Audience.MEMBERS
GROUP_PREFIX = "group:"
USER_PREFIX = "user:"


def group_audience(group_id: int) -> str:
    return f"{GROUP_PREFIX}{group_id}"


def user_audience(user_id: int) -> str:
    return f"{USER_PREFIX}{user_id}"


def group_id_of(audience: str) -> int | None:
    """The group of a ``group:<id>`` audience, else None."""
    if audience.startswith(GROUP_PREFIX) and audience[len(GROUP_PREFIX) :].isdigit():
        return int(audience[len(GROUP_PREFIX) :])
    return None
