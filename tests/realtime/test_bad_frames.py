"""Bad client input on ``/ws/stream/``: a frame nested too deep or too large
is closed with 4400 (``CLOSE_BAD_FRAME``) instead of killing the socket with
1011 and a ``RecursionError`` in the log; a handshake with a NUL in its
cookies is refused before the session is looked up in the database.

Before, ``json.loads`` of a frame of 1,300–4,000 nested arrays (under 8 KB)
raised ``RecursionError`` in ``receive``; and a session cookie with a NUL made
PostgreSQL fail the handshake (500 and a traceback). Through the Channels
communicator and through a real daphne (which refuses to send close codes
other than 1000 and 3000–4999: 1007 would fail there).
"""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
import websockets
from django.conf import settings

from realtime.consumers import CLOSE_BAD_FRAME, FRAME_MAX_DEPTH
from tests.realtime.helpers import assert_closed, communicator, open_socket, receive

pytestmark = pytest.mark.django_db(transaction=True)

DEEP_FRAMES = {
    "1,300 arrays": "[" * 1300 + "]" * 1300,
    "4,000 arrays": "[" * 4000 + "]" * 4000,
    "1,300 objects": '{"a":' * 1300 + "1" + "}" * 1300,
    "a resume carrying 2,000 arrays": '{"type":"resume","after":1,"known":'
    + "[" * 2000
    + "]" * 2000
    + "}",
    "unterminated, 4,000 deep": '{"type":"ping","x":' + "[" * 4000,
    "just past the limit": "[" * (FRAME_MAX_DEPTH + 1) + "]" * (FRAME_MAX_DEPTH + 1),
}


def no_crash_logged(caplog) -> None:
    crashes = [
        record
        for record in caplog.records
        if record.exc_info or "RecursionError" in record.getMessage()
    ]
    assert crashes == []


@pytest.mark.parametrize("frame", DEEP_FRAMES)
async def test_a_frame_nested_too_deep_closes_the_socket_with_4400(member, frame, caplog) -> None:
    caplog.set_level(logging.INFO)
    text = DEEP_FRAMES[frame]
    assert len(text) < 8192
    socket = await open_socket(member)
    await socket.send_to(text_data=text)
    await assert_closed(socket, CLOSE_BAD_FRAME)
    no_crash_logged(caplog)


async def test_a_frame_over_8_kb_closes_the_socket_with_4400(member, caplog) -> None:
    socket = await open_socket(member)
    await socket.send_to(text_data=json.dumps({"type": "ping", "pad": "x" * 8200}))
    await assert_closed(socket, CLOSE_BAD_FRAME)
    no_crash_logged(caplog)


async def test_frames_within_the_limits_are_answered(member) -> None:
    """Nesting up to the limit, brackets inside strings, and JSON that is not
    an object (ignored, as before) leave the socket open."""
    socket = await open_socket(member)
    nested = "[" * (FRAME_MAX_DEPTH - 1) + "]" * (FRAME_MAX_DEPTH - 1)
    for text in (
        '{"type":"ping","x":' + nested + "}",
        json.dumps({"type": "ping", "x": "[" * 5000}),
        json.dumps({"type": "ping", "x": '\\"[[[[' * 1000}),
        "not json",
        "[1, 2]",
    ):
        await socket.send_to(text_data=text)
    assert await receive(socket) == {"type": "pong"}
    assert await receive(socket) == {"type": "pong"}
    assert await receive(socket) == {"type": "pong"}
    await socket.send_json_to({"type": "ping"})
    assert await receive(socket) == {"type": "pong"}
    await socket.disconnect()


@pytest.mark.postgres
async def test_a_nul_in_the_session_cookie_is_refused_at_the_handshake(member, caplog) -> None:
    socket = await communicator(cookie=f'{settings.SESSION_COOKIE_NAME}="abcdefgh\\000ijkl"')
    connected, code = await socket.connect(timeout=5)
    assert not connected and code == CLOSE_BAD_FRAME
    no_crash_logged(caplog)


# --- through a real daphne ------------------------------------------------------------


@pytest.mark.postgres
async def test_through_a_running_daphne_deep_frames_close_with_4400_and_log_no_traceback(
    member,
) -> None:
    from channels.db import database_sync_to_async

    from tests.realtime.helpers import session_cookie_for
    from tests.support.daphne import Daphne

    cookie = await database_sync_to_async(session_cookie_for)(member)
    server = await asyncio.to_thread(Daphne().start)
    try:
        for text in (DEEP_FRAMES["4,000 arrays"], DEEP_FRAMES["1,300 objects"], "[" * 9000):
            async with websockets.connect(
                f"{server.ws_url}/ws/stream/",
                origin=server.url,
                additional_headers={"Cookie": cookie},
                open_timeout=10,
            ) as ws:
                assert json.loads(await ws.recv())["type"] == "hello"
                await ws.send(text)
                with pytest.raises(websockets.ConnectionClosed):
                    while True:
                        await asyncio.wait_for(ws.recv(), 10)
                assert ws.close_code == CLOSE_BAD_FRAME, ws.close_code
        # A NUL in the cookie: the handshake is refused (daphne answers 403).
        with pytest.raises(websockets.InvalidStatus) as refused:
            await websockets.connect(
                f"{server.ws_url}/ws/stream/",
                origin=server.url,
                additional_headers={"Cookie": f'{settings.SESSION_COOKIE_NAME}="ab\\000cdefghij"'},
                open_timeout=10,
            )
        assert refused.value.response.status_code == 403
    finally:
        await asyncio.to_thread(server.stop)
    log = server.log()
    assert "Traceback" not in log and "RecursionError" not in log and "DataError" not in log, log
