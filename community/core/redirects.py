"""Where a view may send the browser when the request names the target.

Every redirect to a user-supplied address (a ``next`` field or parameter, the
sign-in pages' ``next`` through the allauth adapter) goes through
``next_url``: anything but a path or an address on the request's own host is
refused and the view's default is used instead. An address on another host
(``https://evil.example``, ``//evil.example``, ``\\\\evil.example``,
``/\\evil.example``), another scheme (``javascript:``), plain ``http`` when
the request came over https, or any control character (``\\t``, a newline,
NUL…) is refused.
"""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

NEXT_FIELD = "next"


def is_safe_redirect(request: HttpRequest, target: str | None) -> bool:
    """May ``request`` be redirected to ``target``? Only to its own host, over
    https when the request is secure, with no backslash or control character."""
    if not target or not isinstance(target, str):
        return False
    if "\\" in target or any(unicodedata.category(char)[0] == "C" for char in target):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request: HttpRequest, default: str, *, field: str = NEXT_FIELD) -> str:
    """The request's ``next`` (the form's, else the query string's) when it is
    safe, else ``default``."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    return target if is_safe_redirect(request, target) else default
