"""Load shedding for websocket handshakes.

A restart of daphne (or Redis coming back) makes every socket reconnect within
seconds. Each handshake needs database work (session, memberships, replay);
queued behind thousands of others it outlives daphne's handshake timeout, is
dropped, and the client retries — the queue never drains (congestion
collapse). ``HandshakeLimiter`` admits at most ``REALTIME_MAX_PENDING_HANDSHAKES``
handshakes at a time per process and refuses the others at once, before any
database work; refused clients retry with backoff and jitter, and the admitted
ones complete quickly.
"""

from __future__ import annotations

import logging

from django.conf import settings

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
