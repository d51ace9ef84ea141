"""Logging helpers (installed by ``LOGGING`` in settings)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


def _escaped(value: str) -> str:
    """One line whatever ``value`` holds (as Django escapes the paths it logs)."""
    return value.encode("unicode_escape").decode("ascii")


class OneLinePermissionDenied(logging.Filter):
    """``django.request`` logs a refused permission (403) with the
    ``PermissionDenied`` attached, and handlers print its traceback. A refusal
    is not a failure: this filter turns the record into one line — method,
    path, member id (``-`` for a visitor), reason — without the exception.
    Every other record passes unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        exception = record.exc_info[1] if record.exc_info else None
        if isinstance(exception, PermissionDenied):
            request = getattr(record, "request", None)
            record.msg = "Forbidden (Permission denied): %s %s user=%s reason=%s"
            record.args = (
                getattr(request, "method", "-"),
                _escaped(getattr(request, "path", "-")),
                _user_id(request),
                f'"{_escaped(str(exception))}"' if str(exception) else "-",
            )
            record.exc_info = None
            record.exc_text = None
        return True


def _user_id(request) -> str:
    try:
        user = request.user
        return str(user.pk) if user.is_authenticated else "-"
    except Exception:  # no user on the request (refused before authentication)
        return "-"
