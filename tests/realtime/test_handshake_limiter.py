"""A reconnect storm is shed, not queued: beyond the limit, handshakes are refused at once."""

from __future__ import annotations

import asyncio

from channels.testing import WebsocketCommunicator

from realtime.middleware import HandshakeLimiter


class SlowApp:
    """Accepts only when told to (a handshake waiting for the database)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send):
        await receive()
        await self.release.wait()
        await send({"type": "websocket.accept"})
        while (await receive())["type"] != "websocket.disconnect":
            pass


async def test_handshakes_beyond_the_limit_are_refused_at_once_and_admitted_later() -> None:
    inner = SlowApp()
    limiter = HandshakeLimiter(inner, limit=2)
    first = WebsocketCommunicator(limiter, "/ws/stream/")
    second = WebsocketCommunicator(limiter, "/ws/stream/")
    waiting = [asyncio.ensure_future(s.connect(timeout=3)) for s in (first, second)]
    await asyncio.sleep(0.05)
    assert limiter.pending == 2

    third = WebsocketCommunicator(limiter, "/ws/stream/")
    connected, code = await third.connect(timeout=1)
    assert (connected, code) == (False, 1013)  # refused without waiting

    inner.release.set()
    assert [(await w)[0] for w in waiting] == [True, True]
    assert limiter.pending == 0  # accepted handshakes no longer count
    fourth = WebsocketCommunicator(limiter, "/ws/stream/")
    assert (await fourth.connect(timeout=1))[0]
    for socket in (first, second, fourth):
        await socket.disconnect()
