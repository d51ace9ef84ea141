"""``{% load posts %}``: the composer, and the feed's markup built in Python.

``{% post_composer group=group access=access %}`` (a group page),
``{% post_composer wall_owner=member %}`` (a profile) or ``{% post_composer %}``
(the community wall on the home page) renders the form for whoever may post
there, and nothing otherwise. Included through ``posts/_composer.html``.

``{% reaction_bar %}``, ``{% comment_item %}``, ``{% post_content %}``,
``{% feed_post_item %}`` and ``{% comment_form %}`` are the builders of
``community/posts/html.py`` (the feed's hot path, built without templates).
"""

from __future__ import annotations

from django import template

from community.posts import html
from community.posts.forms import PostForm
from community.posts.permissions import can_post

register = template.Library()


@register.inclusion_tag("posts/_composer_form.html", takes_context=True)
def post_composer(context, group=None, access=None, wall_owner=None) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    group = group or None
    wall_owner = wall_owner or None
    if wall_owner is not None and user is not None and wall_owner.pk == user.pk:
        wall_owner = None  # one's own wall is the community wall
    shown = can_post(user, group=group, access=access or None, wall_owner=wall_owner)
    return {
        "shown": shown,
        "form": PostForm(with_audience=group is None) if shown else None,
        "group": group,
        "wall_owner": wall_owner,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


for builder in (
    html.reaction_bar,
    html.comment_item,
    html.post_content,
    html.feed_post_item,
    html.comment_form,
):
    register.simple_tag(builder, takes_context=True)
