"""The real Redis pub/sub layer: bounded queues, announced failures, delivery."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
import redis
from channels.db import database_sync_to_async
from django.conf import settings as django_settings

from realtime.consumers import CLOSE_UNAVAILABLE, StreamConsumer
from realtime.layers import LAYER_DOWN, OVERFLOW, BoundedRedisPubSubChannelLayer
from tests.realtime.helpers import (
    arecord,
    assert_closed,
    assert_silent,
    open_socket,
    receive,
    receive_until,
)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def layer_settings(*, capacity: int = 100, url: str | None = None) -> dict:
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    host = {"address": url or django_settings.REDIS_URL, "client_name": prefix}
    return {
        "default": {
            "BACKEND": "realtime.layers.BoundedRedisPubSubChannelLayer",
            "CONFIG": {"hosts": [host], "prefix": prefix, "capacity": capacity},
        }
    }


@pytest.fixture
def redis_layer(settings):
    """Select a fresh Redis layer for this test (channel layers follow the setting)."""

    def use(**options):
        settings.CHANNEL_LAYERS = layer_settings(**options)
        return settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]

    return use


async def test_queue_stays_bounded_and_ends_in_an_overflow_marker() -> None:
    layer = BoundedRedisPubSubChannelLayer(
        hosts=[django_settings.REDIS_URL], prefix=f"test-{uuid.uuid4().hex[:8]}", capacity=3
    )
    channel = await layer.new_channel()
    await layer.group_add("crowd", channel)
    for index in range(50):
        await layer.group_send("crowd", {"type": "realtime.event", "n": index})
    await asyncio.sleep(0.3)
    queue = layer._get_layer().channels[channel]
    assert queue.qsize() <= 3
    assert queue.dropped > 0
    assert await layer.receive(channel) == {"type": OVERFLOW}
    await layer.flush()


async def test_a_slow_socket_gets_reset_never_a_silent_gap(
    member, redis_layer, monkeypatch
) -> None:
    redis_layer(capacity=3)
    original = StreamConsumer.realtime_event

    async def slow_relay(self, event):
        await asyncio.sleep(0.05)  # a client that cannot keep up
        await original(self, event)

    monkeypatch.setattr(StreamConsumer, "realtime_event", slow_relay)
    socket = await open_socket(member, resume_after="now")

    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    sent = list(range(1, 31))
    for n in sent:
        await layer.group_send(
            "aud.members",
            {
                "type": "realtime.event",
                "audience": "members",
                "activity": n,
                "kind": "activity",
                "text": {"": json.dumps({"type": "activity", "id": n})},
            },
        )
    # Every gap in what arrives is announced by a reset before the next message
    # (or at the end): never a silent loss.
    stream = []
    while not await socket.receive_nothing(timeout=2, interval=0.05):
        stream.append(await receive(socket))
    assert any(m["type"] == "reset" and m["reason"] == "overflow" for m in stream)
    expected, announced = 1, False
    for message in stream:
        if message["type"] == "reset":
            announced = True
            continue
        assert message["id"] == expected or announced, f"silent gap before {message['id']}"
        expected, announced = message["id"] + 1, False
    assert expected == sent[-1] + 1 or announced
    await socket.disconnect()
    await layer.flush()


async def test_cut_connection_closes_sockets_and_resume_fills_the_gap(member, redis_layer) -> None:
    prefix = redis_layer()
    socket = await open_socket(member, resume_after="now")
    before = await arecord(member, audience="members")
    assert (await receive(socket))["id"] == before.pk

    client = redis.Redis.from_url(django_settings.REDIS_URL)
    killed = 0
    for entry in client.client_list():
        if entry.get("name") == prefix and int(entry.get("sub", 0)) > 0:
            client.client_kill_filter(_id=entry["id"])
            killed += 1
    client.close()
    assert killed == 1
    await assert_closed(socket, CLOSE_UNAVAILABLE)

    missed = await arecord(member, audience="members")  # published or not: it is in PostgreSQL
    socket = await open_socket(member)
    await socket.send_json_to({"type": "resume", "after": before.pk})
    messages = await receive_until(socket, "resumed")
    assert [m["id"] for m in messages if m["type"] == "activity"] == [missed.pk]
    live = await arecord(member, audience="members")
    assert (await receive(socket))["id"] == live.pk
    await socket.disconnect()


async def test_layer_down_marker_replaces_the_backlog() -> None:
    layer = BoundedRedisPubSubChannelLayer(
        hosts=[django_settings.REDIS_URL], prefix=f"test-{uuid.uuid4().hex[:8]}", capacity=5
    )
    channel = await layer.new_channel()
    queue = layer._get_layer().channels[channel]
    queue.put_nowait(layer.serialize({"type": "realtime.event"}))
    queue.put_marker(LAYER_DOWN)
    assert queue.qsize() == 1
    assert await layer.receive(channel) == {"type": LAYER_DOWN}
    await layer.flush()


async def test_delivery_on_the_real_redis_layer(member, make_member, redis_layer) -> None:
    redis_layer()
    other = await database_sync_to_async(make_member)("Other")
    sockets = [await open_socket(person, resume_after="now") for person in (member, other)]
    activity = await arecord(member, audience="members")
    for socket in sockets:
        assert (await receive(socket))["id"] == activity.pk
        await socket.disconnect()


async def test_a_real_group_post_its_comment_and_reaction_on_the_real_redis_layer(
    member, make_member, redis_layer
) -> None:
    """create_post / add_comment / toggle_reaction in a secret group, on Redis:
    the member gets each, the outsider nothing."""
    from community.groups.actions import create_group, invite_member, respond_to_invitation
    from community.posts import actions

    redis_layer()
    bea = await database_sync_to_async(make_member)("Bea")
    outsider = await database_sync_to_async(make_member)("Outsider")

    def setup():
        group = create_group(creator=member, name="Bureau", privacy="secret")
        invitation = invite_member(inviter=member, group=group, member=bea)
        respond_to_invitation(user=bea, invitation=invitation, accept=True)
        return group

    group = await database_sync_to_async(setup)()
    bea_socket = await open_socket(bea, resume_after="now")
    outsider_socket = await open_socket(outsider, resume_after="now")
    post = await database_sync_to_async(actions.create_post)(
        author=member, body="Minutes", group=group
    )
    comment = await database_sync_to_async(actions.add_comment)(
        author=member, post=post, body="Approved"
    )
    await database_sync_to_async(actions.toggle_reaction)(user=member, post=post, kind="like")
    received = [await receive(bea_socket) for _ in range(3)]
    assert [m["type"] for m in received] == ["activity", "comment", "reaction"]
    assert f'data-object="post:{post.pk}"' in received[0]["html"]
    assert received[1]["comment"] == comment.pk
    assert received[2]["counts"]["like"] == 1
    await assert_silent(outsider_socket)
    await bea_socket.disconnect()
    await outsider_socket.disconnect()
