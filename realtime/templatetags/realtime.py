"""``{% load realtime %}``: the live client and the status indicator.

* ``{% realtime_client %}`` — the configuration (socket URL, the newest
  activity id at render time, the client's strings) and ``realtime.js``.
  ``templates/base.html`` includes it for signed-in members and, on a public
  network, for visitors.
* ``{% realtime_status %}`` — the "live" / "reconnecting" indicator.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from community.activity.models import Activity

register = template.Library()


def newest_activity_id() -> int:
    """The newest activity id when the page is rendered: where the socket resumes."""
    return Activity.objects.order_by("-id").values_list("id", flat=True).first() or 0


def client_strings() -> dict[str, str]:
    return {
        "live": gettext("Live"),
        "connecting": gettext("Connecting…"),
        "reconnecting": gettext("Reconnecting…"),
        "offline": gettext("Live updates stopped — reload the page"),
        "newOne": gettext("1 new post"),
        # Translators: {n} is a number of posts, always more than one.
        "newMany": gettext("{n} new posts"),
        "removed": gettext("A post was removed."),
        "reload": gettext("New content — reload"),
    }


@register.inclusion_tag("realtime/_client.html")
def realtime_client() -> dict:
    return {
        "realtime_config": {
            "url": "/ws/stream/",
            "after": newest_activity_id(),
            "strings": client_strings(),
        }
    }


@register.inclusion_tag("realtime/_status.html")
def realtime_status() -> dict:
    return {}
