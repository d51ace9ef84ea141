"""The posts' notifications through the real notifications app (the spy tests
in test_notifications.py pin the calls; these check what members then have)."""

from __future__ import annotations

from community.groups import actions as group_actions
from community.notifications.models import Notification
from community.notifications.selectors import unread_count
from community.posts import actions
from tests.posts.conftest import client_for

POSTS_VERBS = ("post_commented", "comment_replied", "post_reacted", "mentioned")


def posts_notifications():
    """Leave out the group invitations the ``world`` fixture sent."""
    return Notification.objects.filter(verb__in=POSTS_VERBS)


def verbs_of(user) -> list[str]:
    return sorted(posts_notifications().filter(recipient=user).values_list("verb", flat=True))


def test_a_non_member_mentioned_in_a_secret_group_post_gets_nothing(world) -> None:
    post = actions.create_post(
        author=world.author,
        body=f"@{world.member.handle} @{world.group_member.handle} @{world.network_admin.handle}",
        group=world.secret,
    )
    actions.add_comment(author=world.author, post=post, body=f"again @{world.member.handle}")
    assert verbs_of(world.member) == [] and unread_count(world.member) == 0
    assert verbs_of(world.network_admin) == []
    assert verbs_of(world.group_member) == ["mentioned"]
    page = client_for(world.member).get("/notifications/").content.decode()
    assert "Secret circle" not in page and world.author.display_name not in page


def test_comments_replies_reactions_and_mentions_are_notified(world) -> None:
    post = actions.create_post(author=world.author, body="Open talk", group=world.open)
    comment = actions.add_comment(author=world.member, post=post, body="Hi")
    actions.add_comment(
        author=world.group_member,
        post=post,
        body=f"Hello @{world.member.handle}",
        parent=comment,
    )
    actions.toggle_reaction(user=world.member, post=post, kind="like")
    actions.toggle_reaction(user=world.group_member, post=post, kind="love")
    assert verbs_of(world.author) == ["post_commented", "post_commented", "post_reacted"]
    # The reply's author is told once, as the replied-to comment's author.
    assert verbs_of(world.member) == ["comment_replied"]
    grouped = Notification.objects.get(recipient=world.author, verb="post_reacted")
    assert grouped.actor_count == 2  # "Greta Member and 1 other"


def test_a_notification_about_a_post_turned_private_disappears(world) -> None:
    post = actions.create_post(
        author=world.author, body=f"Hi @{world.member.handle}", group=world.open
    )
    assert unread_count(world.member) == 1
    group_actions.change_group_privacy(actor=world.group_admin, group=world.open, privacy="secret")
    assert unread_count(world.member) == 0
    assert post.pk


def test_deleting_a_post_takes_its_notifications(world) -> None:
    post = actions.create_post(author=world.author, body="Short-lived", audience="members")
    comment = actions.add_comment(
        author=world.member, post=post, body=f"@{world.group_member.handle}"
    )
    actions.toggle_reaction(user=world.member, post=post, kind="like")
    assert posts_notifications().count() == 3
    assert comment.pk
    actions.delete_post(actor=world.author, post=post)
    assert not posts_notifications().exists()
