"""Load shedding for websocket handshakes.

A restart of daphne (or Redis coming back) makes every socket reconnect within
seconds. Each handshake needs database work (session, memberships, replay);
queued behind thousands of others it outlives daphne's handshake timeout, is
dropped, and the client retries — the queue never drains (congestion
collapse). ``HandshakeLimiter`` admits at most ``REALTIME_MAX_PENDING_HANDSHAKES``
handshakes at a time per process and refuses the others at once, before any
database work; refused clients retry with backoff and jitter, and the admitted
ones complete quickly.

``DatabaseOutageGuard``: a handshake that meets a database outage (the
session lookup) is closed with 4503, "retry later", not crashed.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote

from django.conf import settings
from django.http.cookie import parse_cookie

from community.core.input import has_control_characters
from community.core.outage import database_unavailable, describe
from realtime.consumers import CLOSE_UNAVAILABLE

logger = logging.getLogger(__name__)


class HandshakeLimiter:
    def __init__(self, app, limit: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.pending = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.app(scope, receive, send)
        limit = self.limit or settings.REALTIME_MAX_PENDING_HANDSHAKES
        if self.pending >= limit:
            logger.info("realtime: %s handshakes pending; one refused for now", self.pending)
            message = await receive()  # websocket.connect
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.close", "code": 1013})
            return None
        self.pending += 1
        done = False

        def finish() -> None:
            nonlocal done
            if not done:
                done = True
                self.pending -= 1

        async def watched_send(message):
            if message["type"] in ("websocket.accept", "websocket.close"):
                finish()
            await send(message)

        try:
            return await self.app(scope, receive, watched_send)
        finally:
            finish()


class ControlCharactersGuard:
    """Refuses a websocket handshake (before any database work) whose path,
    query string, headers or cookies hold a control character where none
    belongs — the rule of ``community.core.input``, which pages apply through
    ``ControlCharactersMiddleware``: a NUL in the session cookie would reach
    PostgreSQL when the session is loaded."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and _has_control_characters(scope):
            logger.info("realtime: handshake with a control character refused")
            message = await receive()  # websocket.connect
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.close", "code": 4400})
            return None
        return await self.app(scope, receive, send)


def _has_control_characters(scope) -> bool:
    query = unquote(scope.get("query_string", b"").decode("latin1"))
    if has_control_characters(scope.get("path", "")) or has_control_characters(query, text=True):
        return True
    for name, value in scope.get("headers", ()):
        value = value.decode("latin1")
        if has_control_characters(value, text=True):
            return True
        if name == b"cookie" and any(
            has_control_characters(key) or has_control_characters(item)
            for key, item in parse_cookie(value).items()
        ):
            return True
    return False


class DatabaseOutageGuard:
    """A database outage during a handshake (the session lookup of Channels'
    ``AuthMiddleware``, the consumer's first queries) closes the socket with
    4503, "retry later", and logs one line, instead of crashing the
    application ("Exception inside application", a 500 handshake or 1011)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.app(scope, receive, send)
        state = {"connect": False, "accepted": False, "done": False}

        async def watched_receive():
            message = await receive()
            if message["type"] == "websocket.connect":
                state["connect"] = True
            elif message["type"] == "websocket.disconnect":
                state["done"] = True
            return message

        async def watched_send(message):
            if message["type"] == "websocket.accept":
                state["accepted"] = True
            elif message["type"] == "websocket.close":
                state["done"] = True
            await send(message)

        try:
            return await self.app(scope, watched_receive, watched_send)
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            logger.warning(
                "realtime: database unavailable (%s); socket closed with %s",
                describe(exc),
                CLOSE_UNAVAILABLE,
            )
            if state["done"]:
                return None
            if not state["connect"]:
                await watched_receive()
                if state["done"]:
                    return None
            if not state["accepted"]:
                await send({"type": "websocket.accept"})
            await send({"type": "websocket.close", "code": CLOSE_UNAVAILABLE})
            return None
