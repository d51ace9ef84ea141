"""Deleting a notification's target deletes the notification, by construction
(the registry's ``post_delete`` receiver, one per registered kind of target);
a target deleted behind the ORM's back reads as the neutral line, is not
counted, and reading the page deletes nothing.

Parametrised over ``registry.target_kinds()``: a new kind of target is
covered as soon as one of its verbs has a row in the leak matrix
(``test_visibility.SCENARIOS``)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.notifications import registry
from community.notifications.actions import notify
from community.notifications.models import Notification
from community.notifications.selectors import notifications_page, unread_count
from community.posts import actions as posts
from community.posts.notify import MENTIONED
from community.volunteering.models import Engagement, Need
from tests.notifications.conftest import client_for
from tests.notifications.test_visibility import SCENARIOS, People, prepare

pytestmark = pytest.mark.django_db

NEUTRAL = "This content is no longer available to you."
KINDS = sorted(registry.target_kinds())


def verb_about(label: str) -> str:
    """A verb about targets of kind ``label`` that the leak matrix covers."""
    verbs = sorted(name for name, verb in registry.verbs().items() if label in verb.targets)
    covered = [name for name in verbs if name in SCENARIOS]
    assert covered, f"no verb about {label} in test_visibility.SCENARIOS: add one"
    return covered[0]


@pytest.fixture
def people(alice, bob, carol, skills) -> People:
    return People(alice=alice, bob=bob, carol=carol, skills=skills)


def bobs_notification_about(label: str, people: People) -> tuple[Notification, Notification]:
    """Bob's notification about a target of kind ``label``, and one he keeps
    (a mention in another post)."""
    notification = prepare(verb_about(label), people).notification
    assert notification.target_type.model_class()._meta.label == label
    other = posts.create_post(author=people.carol, body="Autre chose")
    kept = notify(recipient=people.bob, verb=MENTIONED, actor=people.carol, target=other)
    assert kept is not None and unread_count(people.bob) == 1 + (notification.read_at is None)
    return notification, kept


def about(notification: Notification):
    return Notification.objects.filter(
        target_type_id=notification.target_type_id, target_id=notification.target_id
    )


def test_every_kind_of_target_has_a_verb_in_the_leak_matrix() -> None:
    assert KINDS, "no target kinds registered"
    for label in KINDS:
        verb_about(label)


def test_every_kind_of_target_has_its_receiver() -> None:
    from django.db.models.signals import post_delete

    for label, kind in registry.target_kinds().items():
        model = ContentType.objects.get_by_natural_key(*label.lower().split(".")).model_class()
        assert post_delete.has_listeners(model), label
        assert kind.label == label


@pytest.mark.parametrize("label", KINDS)
def test_deleting_a_target_through_the_orm_deletes_its_notifications(
    label: str, people: People
) -> None:
    notification, kept = bobs_notification_about(label, people)
    assert about(notification).exists()
    notification.target.delete()
    assert not about(notification).exists()
    assert not Notification.objects.filter(pk=notification.pk).exists()
    assert list(Notification.objects.filter(recipient=people.bob).values_list("pk", flat=True)) == [
        kept.pk
    ]
    assert unread_count(people.bob) == 1


@pytest.mark.parametrize("label", KINDS)
def test_a_target_deleted_by_raw_sql_reads_as_the_neutral_line_and_nothing_is_written(
    label: str, people: People
) -> None:
    notification, kept = bobs_notification_about(label, people)
    target = notification.target
    model = type(target)
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    client = client_for(people.bob)
    with transaction.atomic():  # rolled back below: the rows that refer to it are left alone
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [target.pk])  # noqa: S608
        assert not model._base_manager.filter(pk=target.pk).exists()
        before = list(Notification.objects.order_by("pk").values())

        html = client.get(reverse("notifications:list")).content.decode()
        match = re.search(rf'<li id="notification-{notification.pk}".*?</li>', html, re.S)
        assert match, "the notification is still listed"
        item = match.group(0)
        assert NEUTRAL in item
        assert "<a " not in item and "<form" not in item and "notification-unread" not in item
        assert 'data-notification-count="1"' in html  # the kept mention only
        assert unread_count(people.bob) == 1
        items = {i.pk: i for i in notifications_page(viewer=people.bob).object_list}
        assert not items[notification.pk].available and items[kept.pk].available

        # Opening it is refused (GET or POST) and changes nothing.
        url = reverse("notifications:open", args=[notification.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert list(Notification.objects.order_by("pk").values()) == before
        transaction.set_rollback(True)


def test_deleting_a_need_deletes_its_engagements_notifications(people: People) -> None:
    """Through the ORM's cascade, not an action: the engagements' receivers."""
    notification, kept = bobs_notification_about("volunteering.Engagement", people)
    engagement = Engagement.objects.get(pk=notification.target_id)
    Need.objects.filter(pk=engagement.need_id).delete()
    assert not Engagement.objects.filter(pk=engagement.pk).exists()
    assert not about(notification).exists()
    assert Notification.objects.filter(pk=kept.pk).exists()


def _notification_queries_deleting_a_post(alice, bob, make_post, posts_rows, comments: int) -> int:
    post = make_post(alice, "Lost cat")
    for index in range(comments):
        comment = posts_rows(bob, post, f"Seen it {index}")
        notify(recipient=alice, verb="post_commented", actor=bob, target=comment)
    with CaptureQueriesContext(connection) as queries:
        post.delete()
    assert not Notification.objects.exists()
    return len([q for q in queries if "notifications_notification" in q["sql"]])


def test_the_receiver_costs_no_query_for_targets_the_foreign_keys_cascade_from(
    alice, bob, make_post, posts_rows
) -> None:
    """A post's, comment's or group's notifications go with the foreign keys'
    cascade: the receiver adds no query per deleted comment."""
    one = _notification_queries_deleting_a_post(alice, bob, make_post, posts_rows, 1)
    many = _notification_queries_deleting_a_post(alice, bob, make_post, posts_rows, 6)
    assert one == many


def test_a_place_that_does_not_point_to_its_foreign_key_target_is_refused(
    alice, bob, make_post, monkeypatch
) -> None:
    """What lets the receiver skip posts, comments and groups: their
    notifications always point to them through the foreign key."""
    post = make_post(alice, "Lost cat")
    kind = registry.target_kind("posts.Post")
    wrong = replace(kind, place=lambda target: replace(kind.place(target), post_id=None))
    monkeypatch.setitem(registry._targets, "posts.Post", wrong)
    with pytest.raises(ValueError, match="post_id"):
        notify(recipient=bob, verb="mentioned", actor=alice, target=post)
    assert not Notification.objects.exists()
