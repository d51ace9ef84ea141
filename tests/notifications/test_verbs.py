"""Each verb reaches the right recipient, never the actor, and reads right."""

from __future__ import annotations

import pytest

from community.notifications.actions import notify
from community.notifications.models import Notification
from community.notifications.selectors import notifications_page, unread_count

pytestmark = pytest.mark.django_db


def texts(user) -> list[str]:
    return [item.text for item in notifications_page(viewer=user).object_list]


def test_a_comment_tells_the_post_author(alice, bob, make_post, posts_rows) -> None:
    post = make_post(alice, "Who has a ladder?")
    comment = posts_rows(bob, post, "I do")
    created = notify(recipient=alice, verb="post_commented", actor=bob, target=comment)
    assert created is not None
    assert created.recipient == alice and created.post_id == post.pk
    assert created.comment_id == comment.pk
    assert texts(alice) == ["Bob Bernard commented on your post “Who has a ladder?”."]
    assert unread_count(alice) == 1
    assert unread_count(bob) == 0


def test_never_for_the_actor(alice, make_post, posts_rows) -> None:
    post = make_post(alice)
    comment = posts_rows(alice, post)
    assert notify(recipient=alice, verb="post_commented", actor=alice, target=comment) is None
    assert not Notification.objects.exists()


def test_a_reply_tells_the_parent_author(alice, bob, carol, make_post, posts_rows) -> None:
    post = make_post(alice, "Seeds swap on Sunday")
    parent = posts_rows(bob, post, "Count me in")
    reply = posts_rows(carol, post, "Me too", parent=parent)
    assert notify(recipient=bob, verb="comment_replied", actor=carol, target=reply)
    assert texts(bob) == ["Carol Chen replied to your comment on “Seeds swap on Sunday”."]


def test_a_mention_in_a_post_or_a_comment(alice, bob, make_post, posts_rows) -> None:
    post = make_post(alice, "Thanks @bob")
    assert notify(recipient=bob, verb="mentioned", actor=alice, target=post)
    comment = posts_rows(alice, post, "@bob again")
    assert notify(recipient=bob, verb="mentioned", actor=alice, target=comment)
    assert texts(bob) == [
        "Alice Martin mentioned you in a comment on “Thanks @bob”.",
        "Alice Martin mentioned you in “Thanks @bob”.",
    ]


def test_unknown_verb_or_wrong_target_is_a_programming_error(alice, bob, make_post) -> None:
    post = make_post(alice)
    with pytest.raises(LookupError):
        notify(recipient=alice, verb="poked", actor=bob, target=post)
    with pytest.raises(ValueError):
        notify(recipient=alice, verb="post_commented", actor=bob, target=post)
    assert not Notification.objects.exists()


def test_a_suspended_recipient_is_not_told(alice, bob, network_admin, make_post) -> None:
    from community.members.actions import suspend_member

    post = make_post(alice)
    alice = suspend_member(admin=network_admin, member=alice)
    assert notify(recipient=alice, verb="post_reacted", actor=bob, target=post) is None
    assert not Notification.objects.exists()


def test_posts_verbs_link_to_the_permalink_and_the_comment_anchor(
    alice, bob, make_post, posts_rows
) -> None:
    from django.urls import reverse

    from community.notifications.selectors import notification_for

    post = make_post(alice, "Who has a ladder?")
    permalink = reverse("posts:detail", kwargs={"pk": post.pk})
    comment = posts_rows(bob, post, "I do")
    on_comment = notify(recipient=alice, verb="post_commented", actor=bob, target=comment)
    on_post = notify(recipient=alice, verb="post_reacted", actor=bob, target=post)
    assert notification_for(viewer=alice, pk=on_comment.pk).link == (
        f"{permalink}#comment-{comment.pk}"
    )
    assert notification_for(viewer=alice, pk=on_post.pk).link == permalink


def test_sentences_are_translated_with_the_verbs_agreement(alice, bob, carol, make_post) -> None:
    from django.utils import translation

    post = make_post(alice, "Vide-grenier")
    notify(recipient=alice, verb="post_reacted", actor=bob, target=post)
    with translation.override("fr"):
        assert texts(alice) == [
            "Bob Bernard a réagi à votre publication «\u00a0Vide-grenier\u00a0»."
        ]
    notify(recipient=alice, verb="post_reacted", actor=carol, target=post)
    with translation.override("fr"):
        assert texts(alice) == [
            "Carol Chen et Bob Bernard ont réagi à votre publication «\u00a0Vide-grenier\u00a0»."
        ]
