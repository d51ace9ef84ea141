"""Never notify anyone about content they may not see, and re-check when the
notification is counted and shown: the bell and the page agree."""

from __future__ import annotations

import pytest
from django.urls import reverse

from community.activity.visibility import audiences_for, member_audiences_q
from community.groups import actions as group_actions
from community.groups.models import Group
from community.notifications.actions import discard_notifications, notify
from community.notifications.models import Notification
from community.notifications.selectors import notifications_page, unread_count
from tests.notifications.conftest import add_member, client_for

pytestmark = pytest.mark.django_db


def shown(user) -> list[int]:
    return [item.pk for item in notifications_page(viewer=user).object_list]


def test_a_member_removed_from_a_secret_group_is_not_told_of_a_comment(
    alice, bob, make_group, make_post, posts_rows
) -> None:
    group = make_group(alice, privacy="secret", name="Conseil")
    add_member(group, bob)
    post = make_post(bob, "Budget draft", group=group)
    group_actions.remove_member(actor=alice, group=group, member=bob)

    comment = posts_rows(alice, post, "Reviewed")
    assert notify(recipient=bob, verb="post_commented", actor=alice, target=comment) is None
    assert notify(recipient=bob, verb="post_reacted", actor=alice, target=post) is None
    assert not Notification.objects.filter(recipient=bob).exclude(verb="group_invited").exists()


def test_a_mention_of_a_non_member_in_a_secret_group_post_tells_nobody(
    alice, bob, make_group, make_post
) -> None:
    group = make_group(alice, privacy="secret", name="Conseil")
    post = make_post(alice, "Ask @bob-bernard?", group=group)
    assert notify(recipient=bob, verb="mentioned", actor=alice, target=post) is None
    assert not Notification.objects.filter(recipient=bob).exists()


@pytest.mark.parametrize("privacy", ["closed", "secret"])
def test_a_group_made_private_hides_the_notification_and_its_count(
    alice, bob, make_group, make_post, privacy
) -> None:
    group = make_group(alice, privacy="open", name="Quartier")
    make_post(alice, "Open call, @bob-bernard", group=group)  # the mention notifies Bob
    notification = Notification.objects.get(recipient=bob, verb="mentioned")
    assert unread_count(bob) == 1 and shown(bob) == [notification.pk]

    group_actions.change_group_privacy(actor=alice, group=group, privacy=privacy)
    assert unread_count(bob) == 0
    assert shown(bob) == []
    client = client_for(bob)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    page = client.get(reverse("notifications:list"))
    assert b"Open call" not in page.content
    assert 'data-notification-count="0"' in page.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is None  # opening it was refused: nothing changed

    group_actions.change_group_privacy(actor=alice, group=group, privacy="open")
    assert unread_count(bob) == 1 and shown(bob) == [notification.pk]


def test_a_member_removed_from_a_closed_group_no_longer_sees_its_notifications(
    alice, bob, make_group, make_post, posts_rows
) -> None:
    group = make_group(alice, privacy="closed", name="Atelier")
    add_member(group, bob)
    Notification.objects.all().delete()  # the invitation that brought Bob in
    post = make_post(bob, "Tools list", group=group)
    notification = notify(
        recipient=bob, verb="post_commented", actor=alice, target=posts_rows(alice, post)
    )
    assert unread_count(bob) == 1
    group_actions.remove_member(actor=alice, group=group, member=bob)
    assert unread_count(bob) == 0 and shown(bob) == []
    add_member(group, bob)  # invited back: the old notification shows again
    assert notification.pk in shown(bob)


def test_deleting_a_post_by_any_path_deletes_its_notifications(
    alice, bob, carol, make_post, posts_rows
) -> None:
    post = make_post(alice, "Lost cat")
    comment = posts_rows(bob, post, "Seen it")
    notify(recipient=alice, verb="post_commented", actor=bob, target=comment)
    notify(recipient=alice, verb="post_reacted", actor=carol, target=post)
    other = make_post(alice, "Found keys")
    kept = notify(recipient=alice, verb="post_reacted", actor=carol, target=other)
    assert unread_count(alice) == 3
    post.delete()  # e.g. the author's account deleted: the foreign keys cascade
    assert list(Notification.objects.values_list("pk", flat=True)) == [kept.pk]
    assert unread_count(alice) == 1


def test_discard_takes_the_comments_notifications_with_the_post(
    alice, bob, carol, make_post, posts_rows
) -> None:
    post = make_post(alice, "Lost cat")
    comment = posts_rows(bob, post, "Seen it")
    reply = posts_rows(alice, post, "Where?", parent=comment)
    notify(recipient=alice, verb="post_commented", actor=bob, target=comment)
    notify(recipient=bob, verb="comment_replied", actor=alice, target=reply)
    notify(recipient=carol, verb="mentioned", actor=alice, target=post)
    assert discard_notifications(targets=[comment]) == 1
    assert discard_notifications(targets=[post, reply]) == 2
    assert not Notification.objects.exists()
    assert discard_notifications(targets=[]) == 0


def test_a_target_deleted_without_discard_is_purged_when_shown(
    alice, bob, make_post, posts_rows
) -> None:
    post = make_post(alice, "Lost cat")
    comment = posts_rows(bob, post, "Seen it")
    notify(recipient=alice, verb="post_commented", actor=bob, target=comment)
    comment.delete()  # the comment foreign key cascades too
    assert unread_count(alice) == 0 and shown(alice) == []


def test_the_sql_audiences_are_the_visibility_modules(alice, bob, make_group) -> None:
    open_group = make_group(alice, privacy="open", name="Ouvert")
    closed = make_group(alice, privacy="closed", name="Fermé")
    secret = make_group(alice, privacy="secret", name="Secret")
    add_member(closed, bob)
    add_member(secret, bob)
    group_actions.leave_group(user=bob, group=secret)
    for user in (alice, bob):
        expected = {a for a in audiences_for(user) if a.startswith("group:")}
        assert _group_audiences_seen(user) == expected, user
    assert _group_audiences_seen(bob) == {f"group:{closed.pk}"}
    assert f"group:{open_group.pk}" in _group_audiences_seen(alice)


def _group_audiences_seen(user) -> set[str]:
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    groups = Group.objects.annotate(
        audience=Concat(Value("group:"), Cast("pk", CharField()), output_field=CharField())
    )
    return set(groups.filter(member_audiences_q(user)).values_list("audience", flat=True))


def test_join_request_notifications_follow_the_admin_role(alice, bob, carol, make_group) -> None:
    group = make_group(alice, privacy="closed", name="Atelier")
    add_member(group, bob)
    group_actions.change_member_role(actor=alice, group=group, member=bob, role="admin")
    Notification.objects.all().delete()  # the invitation that brought Bob in
    group_actions.request_to_join(user=carol, group=group, message="Hello")
    assert unread_count(bob) == 1
    group_actions.change_member_role(actor=alice, group=group, member=bob, role="member")
    assert unread_count(bob) == 0 and shown(bob) == []
    group_actions.change_member_role(actor=alice, group=group, member=bob, role="admin")
    assert unread_count(bob) == 1
