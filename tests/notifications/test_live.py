"""The bell's count over a real websocket: pushed after notify, mark read and
discard (on commit), and sent after every resume."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from community.notifications import actions
from tests.realtime.helpers import assert_silent, open_socket, receive

pytestmark = pytest.mark.django_db(transaction=True)


async def next_count(socket) -> dict:
    """The next ``notifications`` message (the posts' own activities pass by)."""
    while True:
        message = await receive(socket)
        if message["type"] == "notifications":
            return message


def _mention(author, recipient, make_post, text: str = "Hi @you"):
    with transaction.atomic():
        post = make_post(author, text)
        return actions.notify(recipient=recipient, verb="mentioned", actor=author, target=post)


async def test_the_count_goes_live(alice, bob, carol, make_post) -> None:
    bob_socket = await open_socket(bob, resume_after="now")
    carol_socket = await open_socket(carol, resume_after="now")

    first = await database_sync_to_async(_mention)(alice, bob, make_post)
    assert await next_count(bob_socket) == {"type": "notifications", "unread": 1}
    second = await database_sync_to_async(_mention)(alice, bob, make_post)
    assert await next_count(bob_socket) == {"type": "notifications", "unread": 2}

    await database_sync_to_async(actions.mark_read)(user=bob, notification_id=first.pk)
    assert await next_count(bob_socket) == {"type": "notifications", "unread": 1}
    await database_sync_to_async(lambda: actions.discard_notifications(targets=[second.post]))()
    assert await next_count(bob_socket) == {"type": "notifications", "unread": 0}
    await database_sync_to_async(_mention)(alice, bob, make_post)
    assert await next_count(bob_socket) == {"type": "notifications", "unread": 1}
    await database_sync_to_async(actions.mark_all_read)(user=bob)
    assert await next_count(bob_socket) == {"type": "notifications", "unread": 0}

    # Carol sees the posts go by, never Bob's count.
    while not await carol_socket.receive_nothing(timeout=0.3, interval=0.02):
        assert (await receive(carol_socket))["type"] != "notifications"
    await bob_socket.disconnect()
    await carol_socket.disconnect()


async def test_nothing_is_pushed_before_the_commit_nor_after_a_rollback(
    alice, bob, make_post
) -> None:
    socket = await open_socket(bob, resume_after="now")

    def rolled_back() -> None:
        with transaction.atomic():
            _mention(alice, bob, make_post)
            transaction.set_rollback(True)

    await database_sync_to_async(rolled_back)()
    await assert_silent(socket)  # neither the post nor a count
    await socket.disconnect()


async def test_a_resume_ends_with_the_current_count(alice, bob, make_post) -> None:
    await database_sync_to_async(_mention)(alice, bob, make_post)
    await database_sync_to_async(_mention)(alice, bob, make_post)
    socket = await open_socket(bob)
    await socket.send_json_to({"type": "resume", "after": None})
    assert (await receive(socket))["type"] == "resumed"
    assert await receive(socket) == {"type": "notifications", "unread": 2}
    await socket.disconnect()


async def test_a_hidden_notification_is_not_in_the_pushed_count(
    alice, bob, make_group, make_post
) -> None:
    from community.groups import actions as group_actions

    def mention_then_make_secret():
        group = group_actions.create_group(creator=alice, name="Quartier", privacy="open")
        with transaction.atomic():
            post = make_post(alice, "@bob", group=group)
            actions.notify(recipient=bob, verb="mentioned", actor=alice, target=post)
        group_actions.change_group_privacy(actor=alice, group=group, privacy="secret")

    await database_sync_to_async(mention_then_make_secret)()
    socket = await open_socket(bob)
    await socket.send_json_to({"type": "resume", "after": None})
    assert (await receive(socket))["type"] == "resumed"
    assert await receive(socket) == {"type": "notifications", "unread": 0}
    await socket.disconnect()


async def test_a_member_removed_from_a_secret_group_hears_nothing_of_its_comments(
    alice, bob, make_post, posts_rows
) -> None:
    from community.groups import actions as group_actions
    from tests.notifications.conftest import add_member

    def setup():
        group = group_actions.create_group(creator=alice, name="Conseil", privacy="secret")
        add_member(group, bob)
        post = make_post(bob, "Budget draft", group=group)
        group_actions.remove_member(actor=alice, group=group, member=bob)
        return post

    post = await database_sync_to_async(setup)()
    socket = await open_socket(bob, resume_after="now")

    def comment_and_react():
        with transaction.atomic():
            comment = posts_rows(alice, post, "Reviewed")
            actions.notify(recipient=bob, verb="post_commented", actor=alice, target=comment)
            actions.notify(recipient=bob, verb="post_reacted", actor=alice, target=post)

    await database_sync_to_async(comment_and_react)()
    await assert_silent(socket)
    await socket.disconnect()
