"""Reactions on one post are grouped while unread: "Alice and 3 others"."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from community.notifications.actions import mark_read, notify
from community.notifications.models import Notification
from community.notifications.selectors import notifications_page, unread_count


def texts(user) -> list[str]:
    return [item.text for item in notifications_page(viewer=user).object_list]


@pytest.mark.django_db
def test_reactions_on_one_post_update_one_row(alice, make_member, make_post) -> None:
    post = make_post(alice, "Bake sale")
    reactors = [make_member(name) for name in ("Bob", "Carol", "Dora", "Eve")]
    first = notify(recipient=alice, verb="post_reacted", actor=reactors[0], target=post)
    assert texts(alice) == ["Bob reacted to your post “Bake sale”."]
    notify(recipient=alice, verb="post_reacted", actor=reactors[1], target=post)
    assert texts(alice) == ["Carol and Bob reacted to your post “Bake sale”."]
    for reactor in reactors[2:]:
        again = notify(recipient=alice, verb="post_reacted", actor=reactor, target=post)
        assert again.pk == first.pk
    assert Notification.objects.count() == 1
    assert texts(alice) == ["Eve and 3 others reacted to your post “Bake sale”."]
    assert unread_count(alice) == 1

    # Bob reacts again (toggled off and on): named first, not counted twice.
    notify(recipient=alice, verb="post_reacted", actor=reactors[0], target=post)
    assert texts(alice) == ["Bob and 3 others reacted to your post “Bake sale”."]


@pytest.mark.django_db
def test_one_reaction_reads_in_the_singular(alice, bob, carol, make_post) -> None:
    post = make_post(alice, "Bake sale")
    notify(recipient=alice, verb="post_reacted", actor=bob, target=post)
    notify(recipient=alice, verb="post_reacted", actor=carol, target=post)
    notification = Notification.objects.get()
    notification.actor_ids = [carol.pk]  # a very old group: the second name forgotten
    notification.save(update_fields=["actor_ids"])
    assert texts(alice) == ["Carol Chen and 1 other reacted to your post “Bake sale”."]


@pytest.mark.django_db
def test_once_read_a_new_reaction_starts_a_new_notification(alice, bob, carol, make_post) -> None:
    post = make_post(alice, "Bake sale")
    first = notify(recipient=alice, verb="post_reacted", actor=bob, target=post)
    mark_read(user=alice, notification_id=first.pk)
    second = notify(recipient=alice, verb="post_reacted", actor=carol, target=post)
    assert second.pk != first.pk
    assert texts(alice) == [
        "Carol Chen reacted to your post “Bake sale”.",
        "Bob Bernard reacted to your post “Bake sale”.",
    ]
    assert unread_count(alice) == 1


@pytest.mark.django_db
def test_different_posts_are_not_grouped(alice, bob, make_post) -> None:
    one, two = make_post(alice, "One"), make_post(alice, "Two")
    notify(recipient=alice, verb="post_reacted", actor=bob, target=one)
    notify(recipient=alice, verb="post_reacted", actor=bob, target=two)
    assert unread_count(alice) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_reactions_make_one_row(alice, make_member, make_post) -> None:
    """Each reaction's transaction stays open a moment after notifying: without
    the unique constraint and the retry, each would insert its own row."""
    post = make_post(alice, "Bake sale")
    reactors = [make_member(f"Reactor {i}") for i in range(4)]
    barrier = threading.Barrier(len(reactors))
    errors: list[BaseException] = []

    def react(reactor) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                notify(recipient=alice, verb="post_reacted", actor=reactor, target=post)
                time.sleep(0.3)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=react, args=(r,)) for r in reactors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    notification = Notification.objects.get(recipient=alice)
    assert notification.actor_count == 4
    assert sorted(notification.actor_ids) == sorted(r.pk for r in reactors)
