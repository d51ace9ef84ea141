"""Member-written text of posts and comments, rendered once at write time.

Markdown → HTML sanitised by nh3 (``community.core.markdown``: links get
``rel="nofollow noopener"``), then, in the text outside links and code,
``#hashtags`` become links to their tag page and ``@handles`` of active
members links to their profile (the links: ``community.posts.html``). The
result is stored (``body_html``) so a
feed page never renders Markdown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from community.core.markdown import render_markdown
from community.members.models import MemberStatus, User
from community.posts.html import hashtag_link, mention_link

HASHTAG_RE = re.compile(r"(?<![\w&#/])#(\w[\w-]{0,58})", re.UNICODE)
MENTION_RE = re.compile(r"(?<![\w@/.])@([\w-]{1,40})", re.UNICODE)
# Text between tags of sanitised HTML; tags themselves are kept as they are.
_TOKEN_RE = re.compile(r"(<[^>]*>)")
_SKIP_TAGS = {"a", "code", "pre"}
# "#jardin" at the start of a line is a hashtag, not a Markdown heading
# (headings need a space: "## Title").
_LINE_HASHTAG_RE = re.compile(r"^([ \t]{0,3})#(?=\w)", re.MULTILINE | re.UNICODE)


def tag_slug(name: str) -> str:
    """``#Écologie`` and ``#ecologie`` are the same tag."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return (folded or name).lower()


def _tag_name(raw: str) -> str:
    name = raw.rstrip("-_")
    return "" if not name or name.isdigit() else name


def extract_handles(body: str) -> set[str]:
    """The ``@handles`` written in ``body`` (lower-cased, unchecked)."""
    return {match.group(1).lower().rstrip("-_") for match in MENTION_RE.finditer(body or "")}


@dataclass
class RenderedText:
    html: str
    tags: dict[str, str] = field(default_factory=dict)  # slug → name
    mentions: list = field(default_factory=list)  # the members linked, in order


def _link_text(text: str, tags: dict[str, str], members: dict[str, object], mentioned: list):
    def hashtag(match: re.Match) -> str:
        name = _tag_name(match.group(1))
        if not name:
            return match.group(0)
        slug = tag_slug(name)
        tags.setdefault(slug, name)
        trailing = match.group(1)[len(name) :]
        return hashtag_link(slug, name, trailing)

    def mention(match: re.Match) -> str:
        raw = match.group(1)
        handle = raw.lower().rstrip("-_")
        member = members.get(handle)
        if member is None:
            return match.group(0)
        if member not in mentioned:
            mentioned.append(member)
        trailing = raw[len(handle) :]
        return mention_link(member, trailing)

    text = HASHTAG_RE.sub(hashtag, text)
    return MENTION_RE.sub(mention, text)


_MENTIONED_RE = re.compile(r'data-mention="(\d+)"')


def mentioned_ids(html: str) -> set[int]:
    """The members a rendered text (``body_html``) mentioned when it was written:
    ``data-mention`` is set by ``render_text`` only (the sanitiser drops any
    ``data-`` attribute a writer types), so an edit need not render the old
    text again to know who was already told."""
    return {int(pk) for pk in _MENTIONED_RE.findall(html or "")}


def render_text(body: str) -> RenderedText:
    """Render ``body``; ``tags`` holds the hashtags outside code, ``mentions``
    the active members whose handle is written (outside links and code)."""
    html = str(render_markdown(_LINE_HASHTAG_RE.sub(r"\1\\#", body or "")))
    handles = extract_handles(body)
    members = (
        {
            user.handle.lower(): user
            for user in User.objects.filter(handle__in=handles, status=MemberStatus.ACTIVE)
        }
        if handles
        else {}
    )
    tags: dict[str, str] = {}
    mentioned: list = []
    out = []
    skipping: list[str] = []
    for token in _TOKEN_RE.split(html):
        if not token:
            continue
        if token.startswith("<"):
            name = token[1:].split(None, 1)[0].rstrip(">/").lower() if len(token) > 2 else ""
            if name.startswith("/"):
                if skipping and skipping[-1] == name[1:]:
                    skipping.pop()
            elif name in _SKIP_TAGS and not token.endswith("/>"):
                skipping.append(name)
            out.append(token)
        elif skipping:
            out.append(token)
        else:
            out.append(_link_text(token, tags, members, mentioned))
    return RenderedText(html="".join(out), tags=tags, mentions=mentioned)
