"""URLs on the feed's hot path, built from a cached prefix.

``reverse()`` costs tens to hundreds of microseconds a call; a feed page of 20
posts with their comments links to dozens of profiles, groups and tags. Each
pattern here is reversed once per process with a marker, and later URLs are
the prefix + the (quoted) value + the suffix: the same result as ``reverse``.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.urls import NoReverseMatch, reverse

_MARKERS = ("zq0markerq0z", "9081726354453627")  # for slug/str and int converters


@lru_cache(maxsize=16)
def _around(name: str, kwarg: str, fallback: str = "") -> tuple[str, str]:
    for marker in _MARKERS:
        try:
            url = reverse(name, kwargs={kwarg: marker})
        except NoReverseMatch:
            continue
        prefix, suffix = url.split(marker)
        return prefix, suffix
    if not fallback:
        raise NoReverseMatch(f"{name} with {kwarg}")
    prefix, suffix = fallback.split("{}")
    return prefix, suffix


def _build(name: str, kwarg: str, value, fallback: str = "") -> str:
    prefix, suffix = _around(name, kwarg, fallback)
    return f"{prefix}{quote(str(value), safe='')}{suffix}"


def profile_path(handle: str) -> str:
    return _build("members:profile", "handle", handle)


def group_path(slug: str) -> str:
    return _build("groups:detail", "slug", slug)


def tag_path(slug: str) -> str:
    # The tag page belongs to the feeds; before it lands, the agreed address.
    return _build("feeds:tag", "slug", slug, fallback="/tags/{}/")


def post_path(post_id: int) -> str:
    return _build("posts:detail", "pk", post_id)
