"""Posts over real websockets: a group post, its comments, reactions and its
deletion reach the group's members, and never anyone else."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from community.posts import actions
from tests.realtime.helpers import (
    aadd_member,
    amake_group,
    assert_silent,
    open_socket,
)
from tests.realtime.helpers import receive as receive_any

pytestmark = pytest.mark.django_db(transaction=True)

create_post = database_sync_to_async(actions.create_post)
add_comment = database_sync_to_async(actions.add_comment)
toggle_reaction = database_sync_to_async(actions.toggle_reaction)
delete_post = database_sync_to_async(actions.delete_post)
delete_comment = database_sync_to_async(actions.delete_comment)


async def receive(socket) -> dict:
    """The next message about content (a member's own bell count may come in between)."""
    while True:
        message = await receive_any(socket)
        if message["type"] != "notifications":
            return message


@pytest.fixture
def people(network, make_member):
    names = ("Owner", "Bea", "Chris", "Nadia")
    people = {name: make_member(name) for name in names}
    people["Nadia"].is_network_admin = True
    people["Nadia"].save(update_fields=["is_network_admin"])
    return people


@pytest.mark.parametrize("privacy", ["closed", "secret"])
async def test_a_group_posts_life_reaches_members_only(people, privacy) -> None:
    owner, bea, chris, nadia = (people[name] for name in ("Owner", "Bea", "Chris", "Nadia"))
    group = await amake_group(owner, privacy=privacy)
    await aadd_member(group, bea)
    bea_socket = await open_socket(bea, resume_after="now")
    outsiders = [await open_socket(user, resume_after="now") for user in (chris, nadia)]

    post = await create_post(author=owner, body="Meeting *tonight* #agenda", group=group)
    message = await receive(bea_socket)
    assert message["type"] == "activity" and message["verb"] == "posted"
    assert f'data-object="post:{post.pk}"' in message["html"]
    assert "<em>tonight</em>" in message["html"]
    assert f"group:{group.pk}" in message["html"] and "tag:agenda" in message["html"]
    assert f'data-comments="post:{post.pk}"' in message["html"]

    comment = await add_comment(author=bea, post=post, body="I'll bring chairs")
    message = await receive(bea_socket)  # no feed item for "commented": the comment only
    assert (message["type"], message["post"], message["comment"], message["parent"]) == (
        "comment",
        post.pk,
        comment.pk,
        None,
    )
    assert message["count"] == 1
    assert "I&#x27;ll bring chairs" in message["html"] or "I'll bring chairs" in message["html"]
    assert f'data-object="comment:{comment.pk}"' in message["html"]

    reply = await add_comment(author=owner, post=post, body="Thanks", parent=comment)
    message = await receive(bea_socket)
    assert (message["type"], message["parent"], message["count"]) == ("comment", comment.pk, 2)
    assert f'data-object="comment:{reply.pk}"' in message["html"]

    await toggle_reaction(user=bea, post=post, kind="celebrate")
    message = await receive(bea_socket)
    assert message["type"] == "reaction" and message["target"] == f"post:{post.pk}"
    assert message["counts"]["celebrate"] == 1 and message["counts"]["like"] == 0
    assert message["total"] == 1
    await toggle_reaction(user=bea, post=post, kind="celebrate")  # taken back
    message = await receive(bea_socket)
    assert (message["type"], message["total"]) == ("reaction", 0)

    await delete_comment(actor=owner, comment=reply)
    message = await receive(bea_socket)
    assert message["type"] == "delete" and message["objects"] == [f"comment:{reply.pk}"]

    await delete_post(actor=owner, post=post)
    message = await receive(bea_socket)
    assert message["type"] == "delete"
    assert message["objects"] == [f"post:{post.pk}", f"comment:{comment.pk}"]
    assert len(message["activities"]) == 2  # posted, commented (the reply's went with it)

    for socket in outsiders:
        await assert_silent(socket)
        await socket.disconnect()
    await bea_socket.disconnect()


async def test_a_members_wall_post_reaches_every_member(people) -> None:
    owner, chris = people["Owner"], people["Chris"]
    socket = await open_socket(chris, resume_after="now")
    post = await create_post(author=owner, body="Hello all", wall_owner=chris, audience="members")
    message = await receive(socket)
    assert message["type"] == "activity"
    assert f"wall:{chris.pk}" in message["html"]  # also on the wall owner's profile feed
    assert f"profile:{chris.pk}" not in message["html"]  # not in Following tabs of Chris
    comment = await add_comment(author=chris, post=post, body="Hi back")
    message = await receive(socket)
    assert (message["type"], message["comment"]) == ("comment", comment.pk)
    await socket.disconnect()


async def test_resume_replays_a_missed_comment_after_its_activity(people) -> None:
    owner, bea = people["Owner"], people["Bea"]
    group = await amake_group(owner, privacy="closed")
    await aadd_member(group, bea)
    post = await create_post(author=owner, body="Agenda", group=group)
    socket = await open_socket(bea, resume_after="now")
    await socket.disconnect()
    from tests.realtime.helpers import newest_activity_id

    after = await newest_activity_id()
    comment = await add_comment(author=owner, post=post, body="Missed it?")
    await toggle_reaction(user=owner, post=post, kind="like")
    socket = await open_socket(bea)
    await socket.send_json_to({"type": "resume", "after": after})
    kinds = []
    while True:
        message = await receive(socket)
        kinds.append(message["type"])
        if message["type"] == "comment":
            assert message["comment"] == comment.pk
        if message["type"] == "resumed":
            break
    assert kinds[:3] == ["comment", "reaction", "resumed"]
    await socket.disconnect()


update_post = database_sync_to_async(actions.update_post)
update_comment = database_sync_to_async(actions.update_comment)


async def test_edits_and_comment_deletions_reach_open_pages_of_members_only(people) -> None:
    owner, bea, chris = people["Owner"], people["Bea"], people["Chris"]
    group = await amake_group(owner, privacy="secret")
    await aadd_member(group, bea)
    post = await create_post(author=owner, body="Meeting at 6", group=group)
    comment = await add_comment(author=bea, post=post, body="I'll come")
    reply = await add_comment(author=owner, post=post, body="Good", parent=comment)
    bea_socket = await open_socket(bea, resume_after="now")
    outsider = await open_socket(chris, resume_after="now")

    await update_post(actor=owner, post=post, title="Agenda", body="Meeting at *7*")
    message = await receive(bea_socket)
    assert (message["type"], message["object"]) == ("update", f"post:{post.pk}")
    assert set(message["html"]) == {"feed", "page"}
    for variant, heading in (("feed", "<h3"), ("page", "<h1")):
        html = message["html"][variant]
        assert f'data-part="post:{post.pk}" data-variant="{variant}"' in html
        assert "<em>7</em>" in html and "Meeting at 6" not in html
        assert heading in html and "edited" in html

    await update_comment(actor=bea, comment=comment, body="I'll come with cake")
    message = await receive(bea_socket)
    assert (message["type"], message["object"]) == ("update", f"comment:{comment.pk}")
    html = message["html"]["default"]
    assert html.startswith(f'<div class="comment-main" data-part="comment:{comment.pk}">')
    assert "with cake" in html and "edited" in html
    assert f"comment:{reply.pk}" not in html  # the replies stay where they are

    await delete_comment(actor=owner, comment=comment)
    message = await receive(bea_socket)
    assert message["type"] == "delete"
    assert message["objects"] == [f"comment:{comment.pk}", f"comment:{reply.pk}"]
    assert message["counts"] == {f"post:{post.pk}": 0}

    await assert_silent(outsider)
    await outsider.disconnect()
    await bea_socket.disconnect()
