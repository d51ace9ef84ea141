"""``{% load posts %}``: the composer.

``{% post_composer group=group access=access %}`` (a group page),
``{% post_composer wall_owner=member %}`` (a profile) or ``{% post_composer %}``
(the community wall on the home page) renders the form for whoever may post
there, and nothing otherwise. Included through ``posts/_composer.html``.
"""

from __future__ import annotations

from django import template

from community.activity.visibility import is_active_member
from community.posts.forms import PostForm

register = template.Library()


def may_post(user, *, group=None, access=None, wall_owner=None) -> bool:
    if not is_active_member(user):
        return False
    if group is not None:
        if group.archived:
            return False
        if access is None:
            from community.groups.permissions import access_for

            access = access_for(user, group)
        return access.is_member
    if wall_owner is not None:
        return is_active_member(wall_owner)
    return True


@register.inclusion_tag("posts/_composer_form.html", takes_context=True)
def post_composer(context, group=None, access=None, wall_owner=None) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    group = group or None
    wall_owner = wall_owner or None
    if wall_owner is not None and user is not None and wall_owner.pk == user.pk:
        wall_owner = None  # one's own wall is the community wall
    shown = may_post(user, group=group, access=access or None, wall_owner=wall_owner)
    return {
        "shown": shown,
        "form": PostForm(with_audience=group is None) if shown else None,
        "group": group,
        "wall_owner": wall_owner,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
