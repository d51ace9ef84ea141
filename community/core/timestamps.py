"""The machine-readable form of a moment, for ``<time datetime="…">``.

One format everywhere (templates through the ``html_datetime`` filter, Python-built
markup through :func:`html_datetime`): UTC to the second with a ``Z``, e.g.
``2026-12-04T19:02:21Z``. HTML's valid global date-and-time strings allow at
most three digits of a second, so ``isoformat()``'s microseconds are invalid.
"""

from __future__ import annotations

import datetime

__all__ = ["html_datetime"]


def html_datetime(value: datetime.datetime | datetime.date | None) -> str:
    """``value`` as an HTML valid date string: ``YYYY-MM-DDTHH:MM:SSZ`` (UTC),
    or ``YYYY-MM-DD`` for a date; an empty string for ``None``."""
    if value is None:
        return ""
    if not isinstance(value, datetime.datetime):
        return value.isoformat()
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
