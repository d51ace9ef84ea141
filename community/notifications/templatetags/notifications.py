"""``{% unread_notification_count as unread %}``: the bell's number, one query
per page (cached on the request), 0 for visitors."""

from __future__ import annotations

from django import template

from community.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return unread_count(user)
    cached = getattr(request, "_unread_notifications", None)
    if cached is None:
        cached = request._unread_notifications = unread_count(user)
    return cached


@register.filter
def badge_count(value: int) -> str:
    """What the bell shows: "99+" above 99 (as ``static/js/realtime.js`` does)."""
    value = int(value or 0)
    return "99+" if value > 99 else str(value)
