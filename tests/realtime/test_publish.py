"""``realtime.publish``: on commit only, never raising, validated, extensible."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from community.core import live
from realtime import messages, publish
from tests.realtime.helpers import arecord, assert_silent, open_socket, receive, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


async def test_nothing_is_published_when_the_transaction_rolls_back(member) -> None:
    from community.activity.actions import record_activity

    socket = await open_socket(member, resume_after="now")

    def rolled_back():
        with transaction.atomic():
            record_activity(actor=member, verb="posted", target=member, audience="members")
            publish.publish_to_user(member.pk, {"type": "notifications", "unread": 1})
            transaction.set_rollback(True)

    await database_sync_to_async(rolled_back)()
    await assert_silent(socket)
    await socket.disconnect()


async def test_publish_inside_a_transaction_waits_for_the_commit(member) -> None:
    socket = await open_socket(member, resume_after="now")

    def in_transaction():
        with transaction.atomic():
            publish.publish_to_user(member.pk, {"type": "notifications", "unread": 7})
            assert socket.output_queue.empty()

    await database_sync_to_async(in_transaction)()
    assert await receive(socket) == {"type": "notifications", "unread": 7}
    await socket.disconnect()


def test_layer_errors_are_logged_not_raised(member, caplog) -> None:
    """With the channel layer down, the request that published goes on."""
    from community.activity.actions import record_activity

    broken = mock.Mock()
    broken.group_send = mock.AsyncMock(side_effect=ConnectionError("Redis is down"))
    with (
        mock.patch("realtime.publish.get_channel_layer", return_value=broken),
        caplog.at_level(logging.WARNING, logger="realtime.publish"),
    ):
        with transaction.atomic():
            activity = record_activity(
                actor=member, verb="posted", target=member, audience="members"
            )
        publish.publish_to_user(member.pk, {"type": "notifications", "unread": 1})
        publish.subscriptions_changed(member.pk)
        publish.user_sessions_ended(member.pk)
    assert broken.group_send.await_count == 4
    assert "could not publish" in caplog.text
    from community.activity.models import Activity

    assert Activity.objects.filter(pk=activity.pk).exists()


def test_a_broken_partial_is_logged_not_raised(member, caplog) -> None:
    from community.activity.actions import record_activity

    with (
        mock.patch.object(messages, "render_activity", side_effect=RuntimeError("boom")),
        caplog.at_level(logging.ERROR, logger="realtime.publish"),
        transaction.atomic(),
    ):
        record_activity(actor=member, verb="posted", target=member, audience="members")
    assert "could not render activity" in caplog.text


def test_unknown_message_types_are_refused_at_the_call_site(member) -> None:
    with pytest.raises(ValueError, match="type among"):
        publish.publish_to_user(member.pk, {"type": "subscribe", "audience": "group:1"})
    with pytest.raises(ValueError):
        publish.publish_to_audience("members", {"html": "<p>no type</p>"})


async def test_delete_message_reaches_the_audience(member) -> None:
    socket = await open_socket(member, resume_after="now")
    await database_sync_to_async(publish.publish_to_audience)(
        "members", {"type": "delete", "objects": ["post:12"], "activities": [40]}
    )
    assert await receive(socket) == {"type": "delete", "objects": ["post:12"], "activities": [40]}
    await socket.disconnect()


async def test_companion_messages_go_with_their_activity_and_are_replayed(member) -> None:
    def comment_message(activity):
        return {"type": "comment", "post": 5, "comment": activity.pk, "html": "<li>Hi</li>"}

    live.companion("commented")(comment_message)
    try:
        socket = await open_socket(member, resume_after="now")
        activity = await arecord(member, audience="members", verb="commented")
        first, second = await receive(socket), await receive(socket)
        assert (first["type"], second["type"]) == ("activity", "comment")
        assert second == {
            "type": "comment",
            "post": 5,
            "comment": activity.pk,
            "html": "<li>Hi</li>",
            "activity": activity.pk,
        }
        await socket.disconnect()

        socket = await open_socket(member)
        await socket.send_json_to({"type": "resume", "after": activity.pk - 1})
        replayed = await receive_until(socket, "resumed")
        assert [m["type"] for m in replayed] == ["activity", "comment", "resumed"]
        await socket.disconnect()
    finally:
        live._companions["commented"].remove(comment_message)


async def test_verbs_whose_partial_is_empty_send_no_activity_message(member) -> None:
    socket = await open_socket(member, resume_after="now")
    with mock.patch.object(messages, "render_activity", side_effect=lambda activity: "  \n"):
        await arecord(member, audience="members", verb="reacted")
    await assert_silent(socket)
    await socket.disconnect()


async def test_resume_ends_with_the_current_state(member) -> None:
    def unread(user):
        return [{"type": "notifications", "unread": 3}]

    live.resume_state(unread)
    try:
        socket = await open_socket(member)
        await socket.send_json_to({"type": "resume", "after": 0})
        assert (await receive(socket))["type"] == "resumed"
        assert await receive(socket) == {"type": "notifications", "unread": 3}
        await socket.disconnect()
    finally:
        live._resume_state.remove(unread)
