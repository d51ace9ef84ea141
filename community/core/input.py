"""Control characters in a request: the one place that looks for them.

PostgreSQL refuses NUL in text (the query fails, the page answers 500), and no
C0 control character (U+0000–U+001F) belongs in an address, a parameter name,
a cookie or a header. Typed text (form and query values, JSON strings, header
values) may hold tab, CR and LF, nothing else below U+0020.
``ControlCharactersMiddleware`` answers 400 for anything else, before any
code reads the request.

Uploaded files' names need no check here: Django's multipart parser already
drops every non-printable character from them before any code sees them
(``MultiPartParser.sanitize_file_name``), and uploads are stored under a
generated name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.http import HttpRequest, UnreadablePostError

# In names: every C0 control character.
_IN_NAMES = re.compile(r"[\x00-\x1f]")
# In text: all but tab (\x09), LF (\x0a) and CR (\x0d).
_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same characters written as JSON escapes (\u0000…), unless the backslash
# is itself escaped (an even number of backslashes before the "u").
_JSON_ESCAPED = re.compile(r"(?<!\\)(?:\\\\)*\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F])")

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_control_characters(value: str, *, text: bool = False) -> bool:
    """Does ``value`` hold a C0 control character (tab, CR and LF allowed when
    ``text``)?"""
    return bool((_IN_TEXT if text else _IN_NAMES).search(value))


def _in_fields(fields: Iterable[tuple[str, list]]) -> bool:
    return any(
        has_control_characters(name)
        or any(
            isinstance(value, str) and has_control_characters(value, text=True) for value in values
        )
        for name, values in fields
    )


def control_characters_in(request: HttpRequest) -> str | None:
    """Where ``request`` holds a control character it may not — ``"address"``
    (path, query string), ``"form"`` (form fields, a JSON body), ``"headers"``
    (headers, cookies) — or ``None``."""
    if has_control_characters(request.path_info) or _in_fields(request.GET.lists()):
        return "address"
    if any(
        has_control_characters(name) or has_control_characters(value)
        for name, value in request.COOKIES.items()
    ) or any(
        has_control_characters(value, text=True)
        for name, value in request.META.items()
        if name.startswith("HTTP_") and isinstance(value, str)
    ):
        return "headers"
    content_type = request.content_type or ""
    try:
        if content_type in FORM_TYPES:
            if _in_fields(request.POST.lists()) or any(
                has_control_characters(name) for name in request.FILES
            ):
                return "form"
        elif content_type == "application/json" or content_type.endswith("+json"):
            body = request.body.decode(request.encoding or "utf-8", errors="replace")
            if has_control_characters(body, text=True) or _JSON_ESCAPED.search(body):
                return "form"
    except UnreadablePostError:
        return None  # the client went away: nothing will be read anyway
    return None
