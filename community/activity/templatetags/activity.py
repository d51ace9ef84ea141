"""``{% load activity %}``: ``{% activity_item activity %}`` (optionally
``viewer=request.user``) — the feed item of an activity, the same partial the
realtime layer pushes (``community/activity/rendering.py``)."""

from __future__ import annotations

from django import template

from community.activity.rendering import render_activity

register = template.Library()


@register.simple_tag
def activity_item(activity, viewer=None) -> str:
    # A template's output: already safe (escaped by the template engine).
    return render_activity(activity, viewer=viewer)
