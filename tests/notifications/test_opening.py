"""Reading never changes state: a GET on a notification only redirects, the
page and the bell write nothing; opening an unread notification from the page
is a POST (a button that reads as a link), which marks it read."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from community.groups import actions as group_actions
from community.notifications.actions import notify
from community.notifications.models import Notification
from community.notifications.selectors import notification_for, unread_count
from tests.notifications.conftest import client_for

pytestmark = pytest.mark.django_db

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)


def item_html(html: str, pk: int) -> str:
    match = re.search(rf'<li id="notification-{pk}".*?</li>', html, re.S)
    assert match, f"notification {pk} is not on the page"
    return match.group(0)


def rows() -> list[dict]:
    return list(Notification.objects.order_by("pk").values())


@pytest.fixture
def join_request(alice, bob, make_group) -> Notification:
    """Alice's unread "Bob asked to join Atelier"."""
    group = make_group(alice, privacy="closed", name="Atelier")
    group_actions.request_to_join(user=bob, group=group)
    return Notification.objects.get(recipient=alice)


def test_a_get_on_open_redirects_and_changes_nothing(alice, join_request) -> None:
    link = reverse("groups:requests", kwargs={"slug": join_request.group.slug})
    before = rows()
    client = client_for(alice)
    for method in (client.get, client.head):
        response = method(reverse("notifications:open", args=[join_request.pk]))
        assert response.status_code == 302 and response["Location"] == link
    assert rows() == before
    join_request.refresh_from_db()
    assert join_request.read_at is None
    assert unread_count(alice) == 1
    page = client.get(reverse("home")).content.decode()
    assert 'data-notification-count="1"' in page


def test_a_post_on_open_marks_read_and_redirects(alice, join_request) -> None:
    link = reverse("groups:requests", kwargs={"slug": join_request.group.slug})
    response = client_for(alice).post(reverse("notifications:open", args=[join_request.pk]))
    assert response.status_code == 302 and response["Location"] == link
    join_request.refresh_from_db()
    assert join_request.read_at is not None
    assert unread_count(alice) == 0
    # Opening it again (read already) still leads there and changes nothing more.
    read_at = join_request.read_at
    response = client_for(alice).post(reverse("notifications:open", args=[join_request.pk]))
    assert response["Location"] == link
    join_request.refresh_from_db()
    assert join_request.read_at == read_at


def test_a_post_on_open_needs_a_csrf_token(alice, join_request) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    url = reverse("notifications:open", args=[join_request.pk])
    assert client.post(url).status_code == 403
    join_request.refresh_from_db()
    assert join_request.read_at is None
    token = client.get(reverse("notifications:list")).context["csrf_token"]
    assert client.post(url, {"csrfmiddlewaretoken": str(token)}).status_code == 302
    join_request.refresh_from_db()
    assert join_request.read_at is not None


def test_open_answers_only_get_head_and_post(alice, join_request) -> None:
    client = client_for(alice)
    url = reverse("notifications:open", args=[join_request.pk])
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    join_request.refresh_from_db()
    assert join_request.read_at is None


def test_someone_elses_notification_cannot_be_opened_by_post(carol, join_request) -> None:
    response = client_for(carol).post(reverse("notifications:open", args=[join_request.pk]))
    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.read_at is None


def test_an_unread_item_is_a_button_posting_to_open_and_a_read_one_a_plain_link(
    alice, join_request
) -> None:
    client = client_for(alice)
    open_url = reverse("notifications:open", args=[join_request.pk])
    link = notification_for(viewer=alice, pk=join_request.pk).link
    item = item_html(client.get(reverse("notifications:list")).content.decode(), join_request.pk)
    form = re.search(
        rf'<form method="post" action="{re.escape(open_url)}" class="notification-open-form">'
        r"(.*?)</form>",
        item,
        re.S,
    )
    assert form, item
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    button = re.search(r'<button type="submit" class="notification-open">(.*?)</button>', form[1])
    assert button, form.group(1)
    assert "Unread:" in button.group(1) and "Bob Bernard asked to join Atelier." in button[1]
    assert "<a " not in item  # no GET link that would look like it marks it read
    assert "Mark as read" in item  # the htmx button stays

    client.post(open_url)
    item = item_html(client.get(reverse("notifications:list")).content.decode(), join_request.pk)
    assert f'<a href="{escape(link)}">Bob Bernard asked to join Atelier.</a>' in item
    assert open_url not in item and "<form" not in item and "<button" not in item


def test_the_htmx_mark_read_answer_renders_the_read_item_as_a_link(alice, join_request) -> None:
    link = notification_for(viewer=alice, pk=join_request.pk).link
    fragment = (
        client_for(alice)
        .post(reverse("notifications:mark_read", args=[join_request.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert f'<a href="{escape(link)}">' in fragment
    assert 'class="notification-open"' not in fragment


def test_the_page_and_the_bell_write_nothing(alice, bob, carol, make_post) -> None:
    for index in range(3):
        post = make_post(alice, f"Post {index}")
        notify(recipient=bob, verb="mentioned", actor=alice, target=post)
        notify(recipient=bob, verb="post_reacted", actor=carol, target=post)
    client = client_for(bob)
    before = rows()
    for url in (
        reverse("notifications:list"),
        reverse("notifications:list") + "?page=2",
        reverse("home"),
        reverse("notifications:open", args=[before[0]["id"]]),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code in (200, 302)
        touching = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
        assert touching and not [sql for sql in touching if WRITES.match(sql)], touching
    assert rows() == before
