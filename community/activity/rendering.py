"""Rendering an activity: one partial per verb, the same for feed pages and pushes.

``activity/partials/<verb>.html`` renders one feed item; verbs without their
own partial fall back to ``activity/partials/default.html``. A partial never
depends on who is looking (it is rendered once and pushed to a whole
audience): per-viewer controls are rendered ``hidden`` with
``data-show-for="user:<id> group-admin:<id> network-admin"`` and
``static/js/realtime.js`` reveals them for the matching viewer. A feed page
may pass ``viewer`` to reveal them server-side (the page is per viewer).

Context of a partial: ``activity``, ``target`` (the object, or ``None`` if it
is gone), ``feeds`` (the default feed keys, space-separated: ``home``,
``profile:<actor id>``, ``group:<id>``; a partial may add its own, such as
``tag:<slug>`` or ``wall:<wall owner id>``) and ``viewer`` (``None`` for
pushes). A partial that renders only whitespace is not pushed as an
``activity`` message (verbs that feeds do not show, such as reactions).
"""

from __future__ import annotations

from django.template.loader import render_to_string, select_template
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

DEFAULT_TEMPLATE = "activity/partials/default.html"

# How the generic partial says what happened (verbs with their own partial
# need no entry here).
VERB_LABELS = {
    "posted": _("posted"),
    "commented": _("commented on"),
    "reacted": _("reacted to"),
    "joined_group": _("joined"),
    "created_group": _("created the group"),
    "updated_profile": _("updated their profile"),
}


def activity_template_names(activity) -> list[str]:
    return [f"activity/partials/{activity.verb}.html", DEFAULT_TEMPLATE]


def feed_keys(activity) -> list[str]:
    keys = ["home", f"profile:{activity.actor_id}"]
    if activity.group_id:
        keys.append(f"group:{activity.group_id}")
    return keys


def object_key(obj) -> str:
    """``post:12``: what ``data-object`` holds, and what ``delete`` messages name."""
    return f"{obj._meta.model_name}:{obj.pk}"


def _url_of(obj) -> str:
    try:
        return obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return ""


def activity_context(activity, *, viewer=None) -> dict:
    try:
        target = activity.target
    except AttributeError:  # the target's model is gone
        target = None
    return {
        "activity": activity,
        "target": target,
        "target_key": object_key(target) if target is not None else "",
        "target_url": _url_of(target) if target is not None else "",
        "target_label": str(target) if target is not None else "",
        "verb_label": VERB_LABELS.get(activity.verb, activity.verb.replace("_", " ")),
        "feeds": " ".join(feed_keys(activity)),
        "viewer": viewer,
    }


def render_activity(activity, *, viewer=None) -> str:
    """The feed item for ``activity`` (viewer-independent unless ``viewer`` is given)."""
    template = select_template(activity_template_names(activity))
    return template.render(activity_context(activity, viewer=viewer))


def render_partial(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)
