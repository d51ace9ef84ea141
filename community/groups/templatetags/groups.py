"""``{% load groups %}``: the groups' sections of pages other apps own.

* ``{% member_groups member %}`` — a member's groups on their profile page
  (signed-in viewers only; only groups whose members the viewer may see).
"""

from __future__ import annotations

from django import template

from community.activity.visibility import is_active_member
from community.groups.selectors import groups_of_member

register = template.Library()


@register.inclusion_tag("groups/_member_groups.html", takes_context=True)
def member_groups(context, member) -> dict:
    viewer = context["request"].user
    if not is_active_member(viewer):
        return {"groups": None, "member": member}
    return {"groups": list(groups_of_member(viewer=viewer, member=member)), "member": member}
