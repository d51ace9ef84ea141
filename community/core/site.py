"""The site's public address, for links read outside the site (e-mails)."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (``/groups/garden/``) on ``SITE_URL``; a URL that is already
    absolute is returned unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
