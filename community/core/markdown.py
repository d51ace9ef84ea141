"""Markdown to safe HTML: Markdown renders, nh3 sanitises (allow-list).

``sanitised_html`` is the one place in the code base that marks a string as
safe HTML (``tests/test_html_builders.py`` checks it): every other piece of
markup built in Python goes through ``format_html`` in an app's ``html.py``.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urljoin

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


def sanitised_html(html: str) -> SafeString:
    """``html`` as safe HTML. Only for what ``sanitise_html`` returned: now, or
    at write time and stored (``Post.body_html``, ``Comment.body_html``, built
    by ``community.posts.text.render_text`` from it)."""
    return mark_safe(html)


def sanitise_html(html: str) -> SafeString:
    """Keep only allowed tags, attributes and URL schemes; links get rel=nofollow noopener."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    )
    return sanitised_html(clean)


def render_markdown(text: str) -> SafeString:
    """Render member-written Markdown to HTML that is safe to show to anyone."""
    html = markdown_lib.markdown(
        text or "", extensions=["sane_lists", "nl2br"], output_format="html"
    )
    return sanitise_html(html)


# Tags that end a block of text: stripping them leaves a space, so that
# "<p>one</p><p>two</p>" reads "one two" (inline tags leave nothing: "**a**,"
# reads "a,").
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|br|li|ul|ol|h[1-6]|blockquote|pre|hr|table|thead|tbody|tr|td|th)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG_RE = re.compile(r"<[^>]*>")


def plain_excerpt(markdown_text: str, limit: int = 60) -> str:
    """Member-written Markdown as one line of plain text of at most ``limit``
    characters (cut at a word boundary, with "…"): for notification lines,
    page titles, RSS/Atom titles and e-mail subjects, which are text, not HTML.

    Rendered and sanitised first, as any page shows it (a ``<script>`` goes
    with its content), then the tags are stripped, the entities decoded
    (``&amp;`` reads "&"; the template or feed escapes it again, once) and
    the whitespace collapsed."""
    html = str(render_markdown(markdown_text))
    # Sanitised HTML has a ``<`` only in its tags (a ``<`` in text is ``&lt;``).
    text = _ANY_TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", html))
    return plain_line(html_lib.unescape(text), limit)


def plain_line(text: str, limit: int = 60) -> str:
    """Plain ``text`` (a title, not Markdown: shown as typed) on one line of at
    most ``limit`` characters, cut at a word boundary with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    # A single word longer than half the limit is cut inside the word.
    cut = cut[:space] if space > limit // 2 else text[:limit]
    return cut.rstrip(" ,;:.!?-–—") + "…"


# Sanitised HTML: tags are ``<…>`` (a ``<`` in text is ``&lt;``), attribute
# values are double-quoted with ``&`` and ``"`` escaped.
_TAG_RE = re.compile(r"<[A-Za-z][^>]*>")
_URL_ATTRIBUTE_RE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolute_links(html: str, base_url: str) -> str:
    """Sanitised ``html`` with every link and image address made absolute
    against ``base_url`` (an absolute URL): for readers without a base URL,
    such as RSS and Atom. Absolute addresses are kept byte for byte."""

    def url(match: re.Match) -> str:
        value = html_lib.unescape(match.group(2))
        absolute = urljoin(base_url, value)
        if absolute == value:
            return match.group(0)
        quoted = absolute.replace("&", "&amp;").replace('"', "&quot;")
        return match.group(1) + quoted + match.group(3)

    return _TAG_RE.sub(lambda tag: _URL_ATTRIBUTE_RE.sub(url, tag.group(0)), html)
