"""Issue 6's socket bullets with real content: posts, comments, reactions and
notifications made through community/posts/actions.py and the groups' actions
(no stand-in activities). The stand-in tests (test_delivery.py, test_resume.py)
keep covering the protocol's corners."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.contrib.contenttypes.models import ContentType

from community.activity.models import Activity
from community.groups import actions as group_actions
from community.posts import actions
from community.posts.models import Post
from tests.realtime.helpers import (
    aadd_member,
    amake_group,
    aremove_member,
    assert_silent,
    open_socket,
    receive,
    receive_until,
)

pytestmark = pytest.mark.django_db(transaction=True)

create_post = database_sync_to_async(actions.create_post)
add_comment = database_sync_to_async(actions.add_comment)
toggle_reaction = database_sync_to_async(actions.toggle_reaction)


@pytest.fixture
def people(network, make_member):
    return {name: make_member(name) for name in ("Owner", "Bea", "Chris")}


@database_sync_to_async
def posted_activity_id(post: Post) -> int:
    return Activity.objects.get(
        verb="posted", target_type=ContentType.objects.get_for_model(Post), target_id=post.pk
    ).pk


async def next_content(socket, timeout: float = 3) -> dict:
    """The next message about content (the member's own bell count may come in between)."""
    while True:
        message = await receive(socket, timeout)
        if message["type"] != "notifications":
            return message


async def drain(socket, wait: float = 0.3) -> list[dict]:
    """Whatever arrives within ``wait`` seconds."""
    messages = []
    while not await socket.receive_nothing(timeout=wait, interval=0.02):
        messages.append(await receive(socket))
    return messages


async def test_member_receives_a_real_group_post_only_if_member_of_that_group(people) -> None:
    owner, bea, chris = people["Owner"], people["Bea"], people["Chris"]
    group = await amake_group(owner, privacy="closed")
    other = await amake_group(chris, privacy="closed", name="Chris's group")
    await aadd_member(group, bea)
    bea_socket = await open_socket(bea, resume_after="now")
    chris_socket = await open_socket(chris, resume_after="now")

    post = await create_post(author=owner, body="Work party on Saturday", group=group)
    message = await next_content(bea_socket)
    assert (message["type"], message["verb"], message["group"]) == ("activity", "posted", group.pk)
    assert message["id"] == await posted_activity_id(post)
    assert f'data-object="post:{post.pk}"' in message["html"]
    assert "Work party on Saturday" in message["html"]
    await assert_silent(chris_socket)

    # and the other way round: Chris's group post reaches Chris, not Bea
    theirs = await create_post(author=chris, body="Only for us", group=other)
    message = await next_content(chris_socket)
    assert message["id"] == await posted_activity_id(theirs)
    await assert_silent(bea_socket)
    await bea_socket.disconnect()
    await chris_socket.disconnect()


@pytest.mark.parametrize("privacy", ["secret", "closed"])
async def test_non_member_never_receives_a_post_comment_reaction_or_notification(
    people, privacy
) -> None:
    owner, bea, chris = people["Owner"], people["Bea"], people["Chris"]
    group = await amake_group(owner, privacy=privacy)
    await aadd_member(group, bea)
    bea_socket = await open_socket(bea, resume_after="now")
    chris_socket = await open_socket(chris, resume_after="now")

    # Chris is even mentioned: he may not see the post, so he is not told.
    post = await create_post(
        author=owner, body=f"Budget for @{bea.handle} and @{chris.handle}", group=group
    )
    comment = await add_comment(author=bea, post=post, body="Looks fine")
    await add_comment(author=owner, post=post, body=f"Thanks @{chris.handle}", parent=comment)
    await toggle_reaction(user=bea, post=post, kind="like")
    await toggle_reaction(user=owner, comment=comment, kind="love")

    types = []
    while len([t for t in types if t != "notifications"]) < 5:
        types.append((await receive(bea_socket))["type"])
    assert [t for t in types if t != "notifications"] == [
        "activity",
        "comment",
        "comment",
        "reaction",
        "reaction",
    ]
    assert "notifications" in types + [m["type"] for m in await drain(bea_socket)]  # mentioned
    await assert_silent(chris_socket)
    await bea_socket.disconnect()
    await chris_socket.disconnect()


@pytest.mark.parametrize("privacy", ["secret", "closed"])
async def test_removed_mid_connection_receives_nothing_more(people, privacy) -> None:
    """Chris posted in the group, then is removed while his socket is open:
    new posts, comments and reactions on his own post, replies to his comment
    and mentions of him no longer reach him — not even as a bell count."""
    owner, chris = people["Owner"], people["Chris"]
    group = await amake_group(owner, privacy=privacy)
    await aadd_member(group, chris)
    socket = await open_socket(chris, resume_after="now")
    his_post = await create_post(author=chris, body="My proposal", group=group)
    his_comment = await add_comment(author=chris, post=his_post, body="Details below")
    assert [(await next_content(socket))["type"] for _ in range(2)] == ["activity", "comment"]
    last_seen = await posted_activity_id(his_post)

    await aremove_member(group, chris)
    leftovers = await drain(socket)
    assert {m["type"] for m in leftovers} <= {"hello", "notifications"}, leftovers

    await create_post(author=owner, body=f"Decided without @{chris.handle}", group=group)
    await add_comment(author=owner, post=his_post, body="Rejected")
    await add_comment(author=owner, post=his_post, body="Sorry", parent=his_comment)
    await toggle_reaction(user=owner, post=his_post, kind="like")
    await toggle_reaction(user=owner, comment=his_comment, kind="love")
    await assert_silent(socket)

    # a resume does not bring any of it back either
    await socket.send_json_to({"type": "resume", "after": last_seen})
    messages = await receive_until(socket, "resumed")
    assert messages == [messages[-1]] and messages[-1]["count"] == 0, messages
    await socket.disconnect()


async def test_joining_a_group_mid_connection_starts_delivery_of_real_posts(people) -> None:
    owner, chris = people["Owner"], people["Chris"]
    group = await amake_group(owner, privacy="closed")
    socket = await open_socket(chris, resume_after="now")
    await create_post(author=owner, body="Before Chris", group=group)
    await assert_silent(socket)

    invitation = await database_sync_to_async(group_actions.invite_member)(
        inviter=owner, group=group, member=chris
    )
    await database_sync_to_async(group_actions.respond_to_invitation)(
        user=chris, invitation=invitation, accept=True
    )
    await drain(socket)  # his own "joined the group", the invitation's bell count…

    post = await create_post(author=owner, body="Welcome Chris", group=group)
    message = await next_content(socket)
    assert (message["type"], message["id"]) == ("activity", await posted_activity_id(post))
    comment = await add_comment(author=owner, post=post, body="Say hello")
    message = await next_content(socket)
    assert (message["type"], message["comment"]) == ("comment", comment.pk)
    await socket.disconnect()


async def test_resume_replays_exactly_the_five_visible_real_posts_in_order_once(people) -> None:
    owner, bea, chris = people["Owner"], people["Bea"], people["Chris"]
    mine = await amake_group(owner, privacy="closed", name="Bea's too")
    await aadd_member(mine, bea)
    secret = await amake_group(chris, privacy="secret", name="Chris's secret")
    socket = await open_socket(bea, resume_after="now")
    await socket.send_json_to({"type": "ping"})
    assert (await receive(socket))["type"] == "pong"
    from tests.realtime.helpers import newest_activity_id

    after = await newest_activity_id()
    await socket.disconnect()

    visible, hidden = [], []
    for index in range(5):
        if index == 1:
            post = await create_post(author=owner, body="In Bea's group", group=mine)
        elif index == 3:
            post = await create_post(author=owner, body="On Bea's wall", wall_owner=bea)
        else:
            post = await create_post(author=owner, body=f"Wall post {index}", audience="members")
        visible.append(await posted_activity_id(post))
        if index < 3:
            post = await create_post(author=chris, body=f"Secret {index}", group=secret)
            hidden.append(await posted_activity_id(post))
    assert len(hidden) == 3 and max(hidden) > min(visible)  # interleaved

    socket = await open_socket(bea)
    await socket.send_json_to({"type": "resume", "after": after})
    messages = await receive_until(socket, "resumed")
    activities = [m for m in messages if m["type"] == "activity"]
    assert [m["id"] for m in activities] == visible
    assert all(m["verb"] == "posted" for m in activities)
    assert messages[-1]["count"] == 5 and messages[-1]["newest"] == visible[-1]
    await assert_silent(socket)  # once: nothing comes after
    await socket.disconnect()


async def test_far_behind_on_real_posts_gets_reset(people, settings) -> None:
    settings.REALTIME_RESUME_LIMIT = 4
    owner, bea = people["Owner"], people["Bea"]
    from tests.realtime.helpers import newest_activity_id

    after = await newest_activity_id()
    for index in range(5):
        await create_post(author=owner, body=f"Post {index}", audience="members")
    socket = await open_socket(bea)
    await socket.send_json_to({"type": "resume", "after": after})
    assert await receive(socket) == {"type": "reset", "reason": "behind"}
    resumed = await receive(socket)
    assert (resumed["type"], resumed["count"], resumed["reset"]) == ("resumed", 0, True)
    await socket.disconnect()


async def test_an_open_group_turning_secret_stops_its_posts_for_outsiders_at_once(people) -> None:
    """Content of an open group is public; once the group turns secret, new posts,
    comments and reactions on its earlier posts no longer reach a non-member's
    open socket, while a member's keeps hearing them."""
    owner, bea, chris = people["Owner"], people["Bea"], people["Chris"]
    group = await amake_group(owner, privacy="open")
    await aadd_member(group, bea)
    bea_socket = await open_socket(bea, resume_after="now")
    chris_socket = await open_socket(chris, resume_after="now")
    earlier = await create_post(author=owner, body="Open to all", group=group)
    for socket in (bea_socket, chris_socket):
        assert (await next_content(socket))["id"] == await posted_activity_id(earlier)

    await database_sync_to_async(group_actions.change_group_privacy)(
        actor=owner, group=group, privacy="secret"
    )
    await drain(bea_socket)
    await drain(chris_socket)
    post = await create_post(author=owner, body="Members only now", group=group)
    await add_comment(author=bea, post=earlier, body="Seen")
    await toggle_reaction(user=bea, post=earlier, kind="like")
    message = await next_content(bea_socket)
    assert (message["type"], message["id"]) == ("activity", await posted_activity_id(post))
    assert [(await next_content(bea_socket))["type"] for _ in range(2)] == ["comment", "reaction"]
    await assert_silent(chris_socket)
    await bea_socket.disconnect()
    await chris_socket.disconnect()


async def test_a_real_post_and_its_comment_are_rendered_once_per_language_not_per_member(
    people, settings
) -> None:
    from unittest import mock

    from community.posts import live as posts_live
    from realtime import messages

    group = await amake_group(people["Owner"], privacy="closed")
    for name in ("Bea", "Chris"):
        await aadd_member(group, people[name])
    sockets = [await open_socket(person, resume_after="now") for person in people.values()]
    with (
        mock.patch.object(messages, "render_activity", wraps=messages.render_activity) as render,
        mock.patch.object(
            posts_live, "comment_html", wraps=posts_live.comment_html
        ) as render_comment,
    ):
        post = await create_post(author=people["Owner"], body="Agenda", group=group)
        await add_comment(author=people["Bea"], post=post, body="Noted")
        for socket in sockets:
            assert [(await next_content(socket))["type"] for _ in range(2)] == [
                "activity",
                "comment",
            ]
    languages = len(settings.LANGUAGES)
    # the post's item once per language; the comment: its own (empty) item, then its HTML
    assert render.call_count == 2 * languages
    assert render_comment.call_count == languages
    for socket in sockets:
        await socket.disconnect()
