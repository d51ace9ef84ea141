"""Redis stopped and restarted under a live socket: nothing reaches the user,
posting and pages keep working, delivery resumes, ``resume`` fills the gap.
In-process (Channels' communicator) and through a running daphne, which
refuses the close codes the communicator accepts."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
import websockets
from channels.db import database_sync_to_async
from django.test import Client

from community.posts.actions import create_post
from realtime.consumers import CLOSE_UNAVAILABLE
from tests.realtime.helpers import (
    arecord,
    assert_closed,
    communicator,
    open_socket,
    receive,
    receive_until,
    session_cookie_for,
)
from tests.support.daphne import Daphne
from tests.support.services import RedisServer

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def own_redis(settings):
    server = RedisServer()  # skips without redis-server, fails under CI=true
    server.start()
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "realtime.layers.BoundedRedisPubSubChannelLayer",
            "CONFIG": {"hosts": [server.url], "prefix": f"test-{uuid.uuid4().hex[:8]}"},
        }
    }
    yield server
    server.stop()


async def test_redis_restart_is_survived_and_the_gap_is_filled(member, own_redis) -> None:
    client = Client()
    await database_sync_to_async(client.force_login)(member)
    socket = await open_socket(member, resume_after="now")
    before = await arecord(member, audience="members")
    assert (await receive(socket))["id"] == before.pk

    await asyncio.to_thread(own_redis.stop)
    await assert_closed(socket, CLOSE_UNAVAILABLE)

    # Posting keeps working (the push fails quietly: no error reaches the author),
    # through the composer (view, form, create_post); pages too, and /healthz says why.
    for index in range(3):
        response = await database_sync_to_async(client.post)(
            "/posts/new/", {"body": f"Written while Redis is down {index}"}
        )
        assert response.status_code == 302, response.content
    during = await database_sync_to_async(posted_activity_ids)(member)
    assert len(during) == 3
    page = await database_sync_to_async(client.get)("/home/")
    assert page.status_code == 200
    health = await database_sync_to_async(client.get)("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"]["channel_layer"]["status"] == "down"

    # A socket opened while Redis is down is told to try again later.
    attempt = await communicator(member)
    connected, _ = await attempt.connect(timeout=5)
    assert connected
    await assert_closed(attempt, CLOSE_UNAVAILABLE)

    await asyncio.to_thread(own_redis.start)
    health = await database_sync_to_async(client.get)("/healthz")
    assert health.json()["checks"]["channel_layer"]["status"] == "up"

    # The client reconnects and resumes: exactly what it missed, then live again.
    socket = await open_socket(member)
    await socket.send_json_to({"type": "resume", "after": before.pk})
    messages = await receive_until(socket, "resumed")
    assert [m["id"] for m in messages if m["type"] == "activity"] == during
    after = await database_sync_to_async(create_post)(author=member, body="Back live")
    message = await receive(socket)
    assert message["type"] == "activity" and f'data-object="post:{after.pk}"' in message["html"]
    await socket.disconnect()


def posted_activity_ids(author) -> list[int]:
    from community.activity.models import Activity

    return list(
        Activity.objects.filter(verb="posted", actor=author)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- through a running daphne -------------------------------------------------------


async def connect_ws(server: Daphne, cookie: str):
    return await websockets.connect(
        f"{server.ws_url}/ws/stream/",
        origin=server.url,
        additional_headers={"Cookie": cookie},
        open_timeout=10,
    )


async def open_ws(server: Daphne, cookie: str, after: int) -> tuple:
    """A signed-in socket on ``server``, resumed from ``after``: (socket, the
    activity ids the resume replayed)."""
    ws = await connect_ws(server, cookie)
    assert json.loads(await ws.recv())["type"] == "hello"
    await ws.send(json.dumps({"type": "resume", "after": after}))
    replayed = []
    while (message := json.loads(await asyncio.wait_for(ws.recv(), 5)))["type"] != "resumed":
        if message["type"] == "activity":
            replayed.append(message["id"])
    return ws, replayed


async def next_activity(ws) -> int:
    while (message := json.loads(await asyncio.wait_for(ws.recv(), 5)))["type"] != "activity":
        pass
    return message["id"]


async def close_code(ws, timeout: float = 15) -> int:
    """Read until the server closes ``ws``; the close code the client received."""
    with pytest.raises(websockets.ConnectionClosed) as closed:
        while True:
            await asyncio.wait_for(ws.recv(), timeout)
    assert closed.value.rcvd is not None, "closed without a close frame"
    return closed.value.rcvd.code


@pytest.mark.postgres
async def test_a_redis_outage_closes_daphne_sockets_with_4503_and_no_traceback(
    make_member, network, own_redis, settings
) -> None:
    """Redis stopped for two seconds, twice, under three live sockets of a real
    daphne: each socket receives close 4503 (daphne refuses 1012/1013: it
    closed them with 1011 and logged a traceback each), a socket opened
    meanwhile too; reconnected, each resumes exactly what was posted meanwhile
    and is live again."""
    alice = await database_sync_to_async(make_member)("Alice")
    bea = await database_sync_to_async(make_member)("Bea")
    cookies = [
        await database_sync_to_async(session_cookie_for)(user) for user in (alice, alice, bea)
    ]
    # The test process publishes to daphne's Redis, under its prefix.
    prefix = settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]
    server = Daphne(REDIS_URL=own_redis.url, REDIS_PREFIX=prefix)
    await asyncio.to_thread(server.start)
    try:
        newest = await newest_post_id()
        sockets = [(await open_ws(server, cookie, newest))[0] for cookie in cookies]
        for round_ in range(2):
            await database_sync_to_async(create_post)(author=alice, body=f"Live {round_}")
            live = await newest_post_id()
            assert [await next_activity(ws) for ws in sockets] == [live] * 3

            await asyncio.to_thread(own_redis.stop)
            assert await asyncio.gather(*(close_code(ws) for ws in sockets)) == [4503] * 3
            await database_sync_to_async(create_post)(author=bea, body=f"While down {round_}")
            missed = await newest_post_id()
            attempt = await connect_ws(server, cookies[0])  # accepted, then told to retry
            assert await close_code(attempt) == CLOSE_UNAVAILABLE == 4503
            await asyncio.sleep(2)
            await asyncio.to_thread(own_redis.start)

            reconnected = [await open_ws(server, cookie, live) for cookie in cookies]
            assert [replayed for _, replayed in reconnected] == [[missed]] * 3
            sockets = [ws for ws, _ in reconnected]
        for ws in sockets:
            await ws.close()
    finally:
        await asyncio.to_thread(server.stop)
    log = server.log()
    assert "Exception inside application" not in log, log[-3000:]
    assert "invalid close code" not in log, log[-3000:]


@database_sync_to_async
def newest_post_id() -> int:
    from community.activity.models import Activity

    newest = Activity.objects.order_by("-pk").values_list("pk", flat=True).first()
    return newest or 0
