from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from community.core.markdown import render_markdown
from community.core.timestamps import html_datetime

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


# The main navigation. An entry appears once its URL exists, so each
# capability shows up in the menu as soon as it lands.
MAIN_NAV = [
    ("home", _("Home")),
    ("members:directory", _("Members")),
    ("groups:directory", _("Groups")),
    ("volunteering:projects", _("Projects")),
]


@register.inclusion_tag("_partials/main_nav.html", takes_context=True)
def main_nav(context) -> dict:
    request = context.get("request")
    items = []
    for name, label in MAIN_NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request is not None and (
            request.path == url or (url != "/home/" and request.path.startswith(url))
        )
        items.append({"url": url, "label": label, "current": current})
    return {"items": items}


@register.filter
def initials(name: str) -> str:
    """Up to two initials for an avatar placeholder."""
    parts = [part for part in str(name).replace("-", " ").split() if part]
    return "".join(part[0] for part in parts[:2]).upper() or "?"


@register.filter(name="html_datetime")
def html_datetime_filter(value) -> str:
    """A moment for ``<time datetime="…">`` (community/core/timestamps.py)."""
    return html_datetime(value)
