"""Markdown to safe HTML: Markdown renders, nh3 sanitises (allow-list)."""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "abbr": {"title"}, "code": {"class"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html: str) -> SafeString:
    """Keep only allowed tags, attributes and URL schemes; links get rel=nofollow noopener."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)


def render_markdown(text: str) -> SafeString:
    """Render member-written Markdown to HTML that is safe to show to anyone."""
    html = markdown_lib.markdown(
        text or "", extensions=["sane_lists", "nl2br"], output_format="html"
    )
    return sanitise_html(html)
