"""``/ws/stream/``: members connect; foreign origins and private-network visitors do not."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from tests.realtime.helpers import communicator

pytestmark = pytest.mark.django_db(transaction=True)


async def test_signed_in_member_connects_and_gets_pong(member) -> None:
    socket = await communicator(member)
    connected, _ = await socket.connect()
    assert connected
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from() == {"type": "pong"}
    await socket.disconnect()


async def test_anonymous_visitor_of_a_private_network_is_refused(network) -> None:
    socket = await communicator(None)
    connected, _ = await socket.connect()
    assert not connected


async def test_anonymous_visitor_of_a_public_network_connects(public_network) -> None:
    socket = await communicator(None)
    connected, _ = await socket.connect()
    assert connected
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
