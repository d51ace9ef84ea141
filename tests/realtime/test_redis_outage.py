"""Redis stopped and restarted under a live socket: nothing reaches the user,
posting and pages keep working, delivery resumes, ``resume`` fills the gap."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from community.posts.actions import create_post
from realtime.consumers import CLOSE_LAYER_DOWN, CLOSE_TRY_AGAIN
from tests.realtime.helpers import (
    arecord,
    assert_closed,
    communicator,
    open_socket,
    receive,
    receive_until,
)
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
    await assert_closed(socket, CLOSE_LAYER_DOWN)

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
    await assert_closed(attempt, CLOSE_TRY_AGAIN)

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
