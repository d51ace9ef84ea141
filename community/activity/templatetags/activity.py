"""``{% load activity %}``: ``{% activity_item activity %}`` (optionally
``viewer=request.user``) — the feed item of an activity, the same partial the
realtime layer pushes (``community/activity/rendering.py``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from community.activity.rendering import render_activity

register = template.Library()


@register.simple_tag
def activity_item(activity, viewer=None) -> SafeString:
    return mark_safe(render_activity(activity, viewer=viewer))
