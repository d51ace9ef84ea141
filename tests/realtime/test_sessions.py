"""Ending a session closes its sockets server-side, within seconds."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.urls import reverse

from community.core.audiences import user_audience
from realtime.consumers import CLOSE_SESSION_ENDED
from realtime.publish import channel_group_name
from tests.conftest import TEST_PASSWORD
from tests.realtime.helpers import (
    arecord,
    assert_closed,
    assert_silent,
    logged_in_client,
    open_socket,
    receive,
)

pytestmark = pytest.mark.django_db(transaction=True)

alogged_in_client = database_sync_to_async(logged_in_client)


async def test_logout_closes_the_socket(member) -> None:
    client, cookie = await alogged_in_client(member)
    socket = await open_socket(cookie=cookie, resume_after="now")
    response = await database_sync_to_async(client.post)(reverse("account_logout"))
    assert response.status_code == 302
    await assert_closed(socket, CLOSE_SESSION_ENDED)


async def test_logout_elsewhere_leaves_this_sessions_socket_open(member) -> None:
    _laptop, laptop_cookie = await alogged_in_client(member)
    phone, _phone_cookie = await alogged_in_client(member)
    socket = await open_socket(cookie=laptop_cookie, resume_after="now")
    await database_sync_to_async(phone.post)(reverse("account_logout"))
    await assert_silent(socket)
    activity = await arecord(member, audience="members")
    assert (await receive(socket))["id"] == activity.pk
    await socket.disconnect()


async def test_password_change_closes_the_other_sessions_sockets(member) -> None:
    laptop, _laptop_cookie = await alogged_in_client(member)
    _phone, phone_cookie = await alogged_in_client(member)
    phone_socket = await open_socket(cookie=phone_cookie, resume_after="now")
    response = await database_sync_to_async(laptop.post)(
        reverse("account_change_password"),
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "a-brand-new-passphrase-42",
            "password2": "a-brand-new-passphrase-42",
        },
    )
    assert response.status_code == 302, response.content
    await assert_closed(phone_socket, CLOSE_SESSION_ENDED)


async def test_password_reset_closes_every_socket(member) -> None:
    from allauth.account.signals import password_reset

    _client, cookie = await alogged_in_client(member)
    socket = await open_socket(cookie=cookie, resume_after="now")

    def reset():
        member.set_password("reset-by-e-mail-link-77")
        member.save()
        password_reset.send(sender=type(member), request=None, user=member)

    await database_sync_to_async(reset)()
    await assert_closed(socket, CLOSE_SESSION_ENDED)


async def test_suspension_closes_the_socket(member, network_admin) -> None:
    from community.members.actions import suspend_member

    socket = await open_socket(member, resume_after="now")
    await database_sync_to_async(suspend_member)(admin=network_admin, member=member)
    await assert_closed(socket, CLOSE_SESSION_ENDED)


async def _sessions_ended_sent_to(channel: str, wait: float = 1.0) -> int:
    """How many "session ended" messages (``realtime.revalidate``) reach
    ``channel`` until it stays quiet for ``wait`` seconds."""
    layer = get_channel_layer()
    ended = 0
    while True:
        try:
            message = await asyncio.wait_for(layer.receive(channel), timeout=wait)
        except TimeoutError:
            return ended
        ended += message["type"] == "realtime.revalidate"


async def test_suspension_tells_the_members_sockets_once(member, network_admin) -> None:
    """One "session ended" per suspension, not one from the action and another
    from a signal: the open socket closes once, and a second channel in the
    member's channel group (as a second open page) hears exactly one message."""
    from community.members.actions import suspend_member

    socket = await open_socket(member, resume_after="now")
    layer = get_channel_layer()
    other_page = await layer.new_channel()
    await layer.group_add(channel_group_name(user_audience(member.pk)), other_page)
    await database_sync_to_async(suspend_member)(admin=network_admin, member=member)
    await assert_closed(socket, CLOSE_SESSION_ENDED)
    assert await socket.receive_nothing(timeout=0.5)
    assert await _sessions_ended_sent_to(other_page) == 1
    await layer.group_discard(channel_group_name(user_audience(member.pk)), other_page)


async def test_an_account_made_inactive_elsewhere_closes_the_socket(member, settings) -> None:
    """A save that deactivates the account outside the actions (a shell; the
    Django admin shows the status read-only) is caught by the periodic re-check."""
    from community.members.models import MemberStatus

    settings.REALTIME_REVALIDATE_SECONDS = 0.2

    socket = await open_socket(member, resume_after="now")

    def deactivate():
        member.status = MemberStatus.SUSPENDED
        member.is_active = False
        member.save(update_fields=["status", "is_active"])

    await database_sync_to_async(deactivate)()
    await assert_closed(socket, CLOSE_SESSION_ENDED, timeout=3)


async def test_account_deletion_closes_the_socket(member) -> None:
    socket = await open_socket(member, resume_after="now")
    await database_sync_to_async(member.delete)()
    await assert_closed(socket, CLOSE_SESSION_ENDED)


async def test_periodic_check_closes_a_socket_whose_session_vanished(member, settings) -> None:
    """Sessions that end without a signal (expiry, deleted in the admin) are
    caught by the periodic re-check."""
    from django.contrib.sessions.models import Session

    settings.REALTIME_REVALIDATE_SECONDS = 0.2
    socket = await open_socket(member, resume_after="now")
    await database_sync_to_async(lambda: Session.objects.all().delete())()
    await assert_closed(socket, CLOSE_SESSION_ENDED, timeout=3)
