"""Who the posts' actions tell, and never: the actor themself, or anyone who
may not see the post. Until the notifications app lands, ``notify`` is a
stub: a spy records the calls (the notifications app's own tests check what
it then stores and shows)."""

from __future__ import annotations

import pytest

from community.groups import actions as group_actions
from community.notifications import actions as notifications
from community.posts import actions


@pytest.fixture
def told(monkeypatch) -> list[tuple[str, str, str]]:
    """``(recipient handle, verb, target key)`` for every ``notify`` call."""
    calls: list[tuple[str, str, str]] = []

    def spy(*, recipient, verb, actor, target):
        assert recipient.pk != actor.pk, "never the actor themself"
        calls.append((recipient.handle, verb, f"{target._meta.model_name}:{target.pk}"))

    monkeypatch.setattr(notifications, "notify", spy)
    return calls


@pytest.fixture
def discarded(monkeypatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def spy(*, targets):
        calls.append(sorted(f"{t._meta.model_name}:{t.pk}" for t in targets))
        return 0

    monkeypatch.setattr(notifications, "discard_notifications", spy)
    return calls


def test_mention_of_a_non_member_in_a_secret_group_post_tells_nobody(world, told) -> None:
    post = actions.create_post(
        author=world.author,
        body=f"Hello @{world.member.handle} and @{world.group_member.handle}",
        group=world.secret,
    )
    assert told == [(world.group_member.handle, "mentioned", f"post:{post.pk}")]
    # The mention is still a link (to a profile the member may open), not a leak.
    assert f'href="/members/{world.member.handle}/"' in post.body_html


def test_mentions_in_comments_follow_the_post_audience(world, told) -> None:
    post = actions.create_post(author=world.author, body="Closed talk", group=world.closed)
    told.clear()
    comment = actions.add_comment(
        author=world.group_member,
        post=post,
        body=f"@{world.member.handle} @{world.network_admin.handle} @{world.suspended.handle}",
    )
    # The network admin is not in the group: mentions only reach readers.
    assert told == [(world.author.handle, "post_commented", f"comment:{comment.pk}")]


def test_mentions_on_a_members_wall_post(world, told) -> None:
    post = actions.create_post(
        author=world.author,
        body=f"@{world.member.handle} @{world.author.handle} @nobody-here",
        audience="members",
    )
    assert told == [(world.member.handle, "mentioned", f"post:{post.pk}")]


def test_editing_tells_only_the_newly_mentioned(world, told) -> None:
    post = actions.create_post(
        author=world.author, body=f"Hi @{world.member.handle}", audience="members"
    )
    told.clear()
    actions.update_post(
        actor=world.author,
        post=post,
        body=f"Hi @{world.member.handle} and @{world.group_member.handle}",
    )
    assert told == [(world.group_member.handle, "mentioned", f"post:{post.pk}")]


def test_comment_reply_and_reaction(world, told) -> None:
    post = actions.create_post(author=world.author, body="Open talk", group=world.open)
    first = actions.add_comment(author=world.group_member, post=post, body="First")
    reply = actions.add_comment(author=world.member, post=post, body="Reply", parent=first)
    own = actions.add_comment(author=world.author, post=post, body="Thanks both")
    actions.toggle_reaction(user=world.member, post=post, kind="like")
    actions.toggle_reaction(user=world.member, post=post, kind="like")  # taken back
    actions.toggle_reaction(user=world.author, post=post, kind="love")  # own post
    actions.toggle_reaction(user=world.member, comment=first, kind="wow")
    assert told == [
        (world.author.handle, "post_commented", f"comment:{first.pk}"),
        (world.group_member.handle, "comment_replied", f"comment:{reply.pk}"),
        (world.author.handle, "post_commented", f"comment:{reply.pk}"),
        (world.author.handle, "post_reacted", f"post:{post.pk}"),
        (world.group_member.handle, "post_reacted", f"comment:{first.pk}"),
    ]
    assert own.pk  # the author's own comment told nobody


def test_a_reply_to_the_post_authors_comment_tells_them_once(world, told) -> None:
    post = actions.create_post(author=world.author, body="Open talk", group=world.open)
    mine = actions.add_comment(author=world.author, post=post, body="Questions welcome")
    reply = actions.add_comment(
        author=world.member, post=post, body=f"@{world.author.handle} here", parent=mine
    )
    assert told == [(world.author.handle, "comment_replied", f"comment:{reply.pk}")]


def test_nobody_is_told_after_leaving_the_group(world, told) -> None:
    post = actions.create_post(author=world.group_member, body="Closed talk", group=world.closed)
    group_actions.leave_group(user=world.group_member, group=world.closed)
    actions.add_comment(author=world.author, post=post, body="Where did you go?")
    actions.toggle_reaction(user=world.author, post=post, kind="like")
    assert told == []


def test_deleting_a_post_discards_its_and_its_comments_notifications(world, discarded) -> None:
    post = actions.create_post(author=world.author, body="Short-lived", audience="members")
    first = actions.add_comment(author=world.member, post=post, body="One")
    reply = actions.add_comment(author=world.author, post=post, body="Two", parent=first)
    actions.delete_post(actor=world.author, post=post)
    assert discarded == [sorted([f"post:{post.pk}", f"comment:{first.pk}", f"comment:{reply.pk}"])]


def test_deleting_a_comment_discards_its_and_its_replies_notifications(world, discarded) -> None:
    post = actions.create_post(author=world.author, body="Stays", audience="members")
    first = actions.add_comment(author=world.member, post=post, body="One")
    reply = actions.add_comment(author=world.author, post=post, body="Two", parent=first)
    actions.delete_comment(actor=world.member, comment=first)
    assert discarded == [sorted([f"comment:{first.pk}", f"comment:{reply.pk}"])]
