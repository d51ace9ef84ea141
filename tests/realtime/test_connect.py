"""``/ws/stream/``: who may connect, and what ``hello`` and ``ping`` answer."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from tests.realtime.helpers import arecord, assert_silent, communicator, open_socket, receive

pytestmark = pytest.mark.django_db(transaction=True)


async def test_signed_in_member_connects_says_hello_and_answers_ping(member) -> None:
    socket = await communicator(member)
    connected, _ = await socket.connect()
    assert connected
    assert await receive(socket) == {"type": "hello", "viewer": f"user:{member.pk}"}
    await socket.send_json_to({"type": "ping"})
    assert await receive(socket) == {"type": "pong"}
    await socket.disconnect()


async def test_hello_names_the_network_admin_role(network_admin) -> None:
    socket = await communicator(network_admin)
    await socket.connect()
    hello = await receive(socket)
    assert hello["viewer"].split() == [f"user:{network_admin.pk}", "network-admin"]
    await socket.disconnect()


async def test_anonymous_visitor_of_a_private_network_is_refused(network) -> None:
    socket = await communicator(None)
    connected, _ = await socket.connect()
    assert not connected


async def test_anonymous_visitor_of_a_public_network_gets_public_activities_only(
    public_network, member
) -> None:
    socket = await open_socket(None)
    await arecord(member, audience="members")
    await arecord(member, audience=f"user:{member.pk}")
    await assert_silent(socket)
    public = await arecord(member, audience="public")
    message = await receive(socket)
    assert (message["type"], message["id"]) == ("activity", public.pk)
    await assert_silent(socket)
    await socket.disconnect()


async def test_foreign_origin_is_refused(member) -> None:
    socket = await communicator(member, origin=b"https://evil.example.com")
    connected, _ = await socket.connect()
    assert not connected


async def test_missing_origin_is_refused(member) -> None:
    socket = await communicator(member, origin=None)
    connected, _ = await socket.connect()
    assert not connected


async def test_suspended_member_is_refused(member) -> None:
    from community.members.models import MemberStatus

    member.status = MemberStatus.SUSPENDED
    member.is_active = False
    await database_sync_to_async(member.save)()
    socket = await communicator(member)
    connected, _ = await socket.connect()
    assert not connected


async def test_the_client_cannot_ask_to_join_a_channel_group(member, make_member) -> None:
    """Unknown client messages (subscribe, join…) are ignored: subscriptions
    come from the visibility module only."""
    from tests.realtime.helpers import amake_group

    owner = await database_sync_to_async(make_member)("Owner")
    group = await amake_group(owner, privacy="secret")
    socket = await open_socket(member, resume_after="now")
    for attempt in (
        {"type": "subscribe", "audience": f"group:{group.pk}"},
        {"type": "join", "group": f"aud.group.{group.pk}"},
        {"type": "resume", "after": 0, "audiences": [f"group:{group.pk}"]},
        "not json",
    ):
        if isinstance(attempt, str):
            await socket.send_to(text_data=attempt)
        else:
            await socket.send_json_to(attempt)
    # the resume above answers, and shows nothing of the secret group
    resumed = await receive(socket)
    assert resumed["type"] == "resumed"
    await arecord(owner, audience=f"group:{group.pk}", group=group)
    await assert_silent(socket)
    await socket.disconnect()


async def test_visitors_sockets_close_when_the_network_turns_private(
    public_network, network_admin
) -> None:
    from community.core.actions import update_network
    from realtime.consumers import CLOSE_FORBIDDEN
    from tests.realtime.helpers import assert_closed

    socket = await open_socket(None, resume_after="now")
    await database_sync_to_async(update_network)(
        admin=network_admin, changes={"visibility": "private"}
    )
    await assert_closed(socket, CLOSE_FORBIDDEN)
