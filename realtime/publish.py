"""The only place that sends to the channel layer (DESIGN.md §5).

Domain code calls these functions through ``transaction.on_commit``; they are
filled in by the Realtime issue (render once per audience, ``group_send``).
"""

from __future__ import annotations


def channel_group_name(audience: str) -> str:
    """Channels group names allow only ASCII letters, digits, ``-``, ``_`` and ``.``."""
    return "aud." + audience.replace(":", ".")


def publish_activity(activity_id: int) -> None:
    """Push a committed activity to its audience's sockets (Realtime issue)."""


def subscriptions_changed(user_id: int) -> None:
    """Tell a user's open sockets to recompute their subscriptions (Realtime issue)."""


def user_sessions_ended(user_id: int) -> None:
    """A user was suspended (or signed out everywhere): close their open sockets
    (Realtime issue). Called through ``transaction.on_commit``."""
