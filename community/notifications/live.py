"""The unread count, sent after every ``resume`` (realtime/README.md)."""

from __future__ import annotations

from community.core.live import resume_state
from community.notifications.selectors import unread_count


@resume_state
def unread_notifications(user) -> list[dict]:
    return [{"type": "notifications", "unread": unread_count(user)}]
