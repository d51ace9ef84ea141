"""The bell on every page and the notifications page: counts, links, marking
read (CSRF-protected, one's own only), empty state, query budgets."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.notifications.actions import notify
from community.notifications.models import Notification
from tests.notifications.conftest import add_member, client_for

pytestmark = pytest.mark.django_db


def bell(html: str) -> str:
    match = re.search(r'<span id="notification-count"[^>]*>[^<]*</span>', html)
    assert match, "no bell on the page"
    return match.group(0)


def mentions(author, recipient, make_post, count: int) -> list[Notification]:
    made = []
    for i in range(count):
        post = make_post(author, f"Post {i}")
        made.append(notify(recipient=recipient, verb="mentioned", actor=author, target=post))
    return made


def test_the_bell_is_hidden_at_zero_and_counts_unread(alice, bob, make_post) -> None:
    client = client_for(bob)
    span = bell(client.get(reverse("home")).content.decode())
    assert 'data-notification-count="0"' in span and " hidden" in span
    mentions(alice, bob, make_post, 3)
    span = bell(client.get(reverse("groups:directory")).content.decode())
    assert 'data-notification-count="3"' in span and " hidden" not in span
    assert span.endswith(">3</span>")


def test_the_bell_shows_99_plus(alice, bob, make_post) -> None:
    mentions(alice, bob, make_post, 100)
    span = bell(client_for(bob).get(reverse("home")).content.decode())
    assert 'data-notification-count="100"' in span and span.endswith(">99+</span>")


def test_visitors_have_no_bell(public_network) -> None:
    html = Client().get(reverse("landing")).content.decode()
    assert "notification-count" not in html


def _bell_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("groups:directory"))
    return [q["sql"] for q in queries if "notifications_notification" in q["sql"]]


def test_the_bell_costs_one_query_when_nothing_is_unread_two_otherwise(
    alice, bob, make_post
) -> None:
    """The first asks which verbs and kinds of target the unread ones are
    about; the second counts those visible, built for those alone."""
    client = client_for(bob)
    assert len(_bell_queries(client)) == 1
    mentions(alice, bob, make_post, 3)
    touching = _bell_queries(client)
    assert len(touching) == 2, touching
    assert "posts_post" in touching[1] and "volunteering_" not in touching[1]
    mentions(alice, bob, make_post, 7)
    assert len(_bell_queries(client)) == 2


def test_the_page_lists_newest_first_highlights_unread_and_links_to_open(
    alice, bob, make_post
) -> None:
    first, second = mentions(alice, bob, make_post, 2)
    client = client_for(bob)
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    html = client.get(reverse("notifications:list")).content.decode()
    assert html.index(f'id="notification-{second.pk}"') < html.index(
        f'id="notification-{first.pk}"'
    )
    unread = f'id="notification-{second.pk}" class="notification notification-unread"'
    assert unread in html
    assert re.search(rf'id="notification-{first.pk}" class="notification"', html)
    assert reverse("notifications:open", args=[second.pk]) in html


def test_the_empty_state(bob) -> None:
    html = client_for(bob).get(reverse("notifications:list")).content.decode()
    assert "No notifications yet" in html
    assert "Mark all as read" not in html


def test_visitors_are_sent_to_sign_in(network) -> None:
    response = Client().get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_opening_marks_read_and_goes_to_the_target(alice, bob, make_group) -> None:
    from community.groups import actions as group_actions

    group = make_group(alice, privacy="closed", name="Atelier")
    request = group_actions.request_to_join(user=bob, group=group)
    notification = Notification.objects.get(recipient=alice)
    # Opening is a POST (the page's button); a GET only redirects (test_opening.py).
    response = client_for(alice).post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("groups:requests", kwargs={"slug": group.slug})
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert request.pk == notification.target_id


def test_someone_elses_notification_is_404_and_unchanged(alice, bob, carol, make_post) -> None:
    (theirs,) = mentions(alice, bob, make_post, 1)
    client = client_for(carol)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_post_and_a_csrf_token(alice, bob, make_post) -> None:
    (notification,) = mentions(alice, bob, make_post, 1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    url = reverse("notifications:mark_read", args=[notification.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert client.post(reverse("notifications:mark_all_read")).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None
    token = client.get(reverse("notifications:list")).context["csrf_token"]
    response = client.post(url, {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_marks_only_ones_own(alice, bob, carol, make_post) -> None:
    mentions(alice, bob, make_post, 3)
    (carols,) = mentions(alice, carol, make_post, 1)
    response = client_for(bob).post(reverse("notifications:mark_all_read"), follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=bob, read_at__isnull=True).exists()
    carols.refresh_from_db()
    assert carols.read_at is None


def test_htmx_mark_read_and_mark_all_answer_fragments(alice, bob, make_post) -> None:
    first, _second = mentions(alice, bob, make_post, 2)
    client = client_for(bob)
    item = client.post(
        reverse("notifications:mark_read", args=[first.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert item.startswith(f'<li id="notification-{first.pk}" class="notification"')
    # The bell follows out of band (also without a live socket).
    assert (
        '<span id="notification-count" class="notification-count" '
        'data-notification-count="1" hx-swap-oob="true">1</span>'
    ) in item
    listing = client.post(
        reverse("notifications:mark_all_read"), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert listing.startswith('<section id="notification-list"')
    assert "notification-unread" not in listing
    assert 'data-notification-count="0" hx-swap-oob="true" hidden>0</span>' in listing


def test_pages_of_twenty(alice, bob, make_post) -> None:
    made = mentions(alice, bob, make_post, 23)
    client = client_for(bob)
    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()
    assert first.count('<li id="notification-') == 20
    assert second.count('<li id="notification-') == 3
    assert f'id="notification-{made[0].pk}"' in second


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("notifications:list")).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_whatever_the_number_of_notifications(
    alice, bob, carol, make_member, make_group, make_post, posts_rows, django_assert_max_num_queries
) -> None:
    from community.groups import actions as group_actions

    group = make_group(bob, privacy="closed", name="Atelier")

    def one_of_each(index: int) -> None:
        post = make_post(bob, f"Post {index}")
        notify(recipient=bob, verb="post_commented", actor=alice, target=posts_rows(alice, post))
        notify(recipient=bob, verb="post_reacted", actor=alice, target=post)
        notify(recipient=bob, verb="post_reacted", actor=carol, target=post)
        notify(recipient=bob, verb="mentioned", actor=alice, target=make_post(alice, "@bob"))
        group_actions.request_to_join(user=make_member(f"Asker {index}"), group=group)
        # And notifications Bob may no longer read: the neutral line, decided in bulk.
        secret = make_group(alice, privacy="secret", name=f"Secret {index}")
        add_member(secret, bob)  # the invitation
        notify(
            recipient=bob,
            verb="mentioned",
            actor=alice,
            target=make_post(alice, "@bob", group=secret),
        )
        group_actions.remove_member(actor=alice, group=secret, member=bob)

    one_of_each(0)
    client = client_for(bob)
    few = _page_queries(client)
    for index in range(1, 8):
        one_of_each(index)
    assert Notification.objects.filter(recipient=bob).count() > 40
    assert (
        b"This content is no longer available to you."
        in client.get(reverse("notifications:list")).content
    )
    with django_assert_max_num_queries(few):
        client.get(reverse("notifications:list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:list") + "?page=2")
