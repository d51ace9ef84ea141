"""What Entraide does while its database cannot be reached.

A database that is stopped, restarting or cut off is not a bug in a page: every
request then answers ``503 Service Unavailable`` with a ``Retry-After`` header
and a small, translated "try again in a moment" page that renders without the
database (no network row, no session, no context processor), and writes ONE
log line instead of a chained traceback. ``database_unavailable`` is the one
test of "this error means the database is gone"; the websocket side
(``realtime``) uses it too.

Two hooks route every such error here, wherever it is raised:

* ``DatabaseUnavailableMiddleware.process_exception`` for views (and the
  templates they render);
* ``server_error`` (``handler500``) for everything around them (the network
  middleware, the session lookup, a response being saved).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5

# Django wraps the driver's errors (django.db.OperationalError / InterfaceError);
# psycopg's own are listed for the paths where one escapes unwrapped.
DATABASE_UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)


def database_unavailable(exc: BaseException | None) -> bool:
    """Is ``exc`` (or what caused it) the database being unreachable?"""
    for _depth in range(5):
        if exc is None:
            return False
        if isinstance(exc, DATABASE_UNAVAILABLE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def describe(exc: BaseException) -> str:
    """``OperationalError: connection failed: …`` on one line (psycopg's
    messages span several)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300]


def service_unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The 503 page for ``request``; logs one line."""
    logger.warning(
        "database unavailable: %s %s answered 503 (%s)",
        request.method,
        request.path,
        describe(exc),
    )
    # The language from the cookie or the browser: the member's and the
    # network's own need the database.
    language = translation.get_language_from_request(request)
    with translation.override(language):
        html = render_to_string(
            "503.html",
            {
                "LANGUAGE_CODE": language,
                # "" reloads the same address (nothing of the request is echoed).
                "retry_url": "" if request.method == "GET" else "/",
            },
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    # Logged above: Django's request logger would add the traceback again.
    response._has_been_logged = True
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database outage gets the 503 page, anything else the 500 one."""
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        return service_unavailable(request, exc)
    return defaults.server_error(request)


class DatabaseUnavailableMiddleware:
    """Turns a database outage in a view into the 503 page (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_unavailable(exception):
            return service_unavailable(request, exception)
        return None
