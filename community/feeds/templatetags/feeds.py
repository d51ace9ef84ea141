"""``{% load feeds %}``: the feed sections of pages other apps own.

* ``{% home_feed %}`` — the home page's feed with its tabs (``core/home.html``);
* ``{% group_feed group access %}`` — the group page's feed (``groups/detail.html``);
* ``{% profile_feed member %}`` — the profile page's activity slot;
* ``{% feed_links %}`` — ``<link rel="alternate">`` to the RSS/Atom feeds (public
  network only; ``base.html``), ``{% group_feed_links group %}`` for an open group;

Each reads ``?before=`` and ``?tab=`` from the request, so the "Show older"
link works without JavaScript (see ``community/feeds/views.py``).
"""

from __future__ import annotations

from django import template

from community.feeds import sections
from community.groups.models import Privacy

register = template.Library()


@register.inclusion_tag("feeds/_home_feed.html", takes_context=True)
def home_feed(context) -> dict:
    return sections.home_context(context["request"])


@register.inclusion_tag("feeds/_group_feed.html", takes_context=True)
def group_feed(context, group, access) -> dict:
    result = sections.group_context(context["request"], group, access)
    result.update({"group": group, "access": access})
    return result


@register.inclusion_tag("feeds/_profile_feed.html", takes_context=True)
def profile_feed(context, member) -> dict:
    result = sections.profile_context(context["request"], member)
    result["member"] = member
    return result


@register.inclusion_tag("feeds/_feed_links.html", takes_context=True)
def feed_links(context) -> dict:
    network = context.get("network")
    return {"network": network, "public": bool(network is not None and network.is_public)}


@register.inclusion_tag("feeds/_group_feed_links.html", takes_context=True)
def group_feed_links(context, group) -> dict:
    network = context.get("network")
    public = bool(network is not None and network.is_public and group.privacy == Privacy.OPEN)
    return {"group": group, "public": public}
