"""Pages that list groups or members cost a fixed number of queries, whatever
the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.groups import actions
from tests.groups.conftest import client_for

pytestmark = pytest.mark.django_db

# Every budget counts the bell: one query per page, two for a reader with unread
# notifications (what is unread, then how much of it is visible).
DIRECTORY_BUDGET = 10
MEMBERS_BUDGET = 9
# The live feed: activities, their targets (one query per kind), newest id;
# + 2: the group's projects (volunteering block) and the viewer's audiences they
# are filtered with.
PAGE_BUDGET = 16
MY_GROUPS_BUDGET = 12  # the invitations are unread notifications


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_directory_query_budget(
    owner, make_member, make_group, django_assert_max_num_queries
) -> None:
    viewer = make_member("Viewer")
    client = client_for(viewer)
    url = reverse("groups:directory")
    for n in range(3):
        group = make_group(owner, name=f"Group {n}", privacy=["open", "closed", "secret"][n % 3])
        if group.privacy == "open":
            actions.join_group(user=viewer, group=group)
    few = count_queries(client, url)
    for n in range(3, 24):
        group = make_group(owner, name=f"Group {n}", privacy=["open", "closed"][n % 2])
        if n % 3 == 0 and group.privacy == "open":
            actions.join_group(user=viewer, group=group)
    many = count_queries(client, url)
    assert many == few
    with django_assert_max_num_queries(DIRECTORY_BUDGET):
        client.get(url, {"q": "Group", "membership": "mine"})


def test_member_list_query_budget(
    owner, make_member, make_group, django_assert_max_num_queries
) -> None:
    group = make_group(owner)
    for n in range(3):
        actions.join_group(user=make_member(f"Member {n}"), group=group)
    client = client_for(owner)
    url = reverse("groups:members", args=[group.slug])
    few = count_queries(client, url)
    for n in range(3, 45):
        member = make_member(f"Member {n}")
        actions.join_group(user=member, group=group)
        if n % 10 == 0:
            actions.change_member_role(actor=owner, group=group, member=member, role="admin")
    many = count_queries(client, url)
    assert many == few
    with django_assert_max_num_queries(MEMBERS_BUDGET):
        client.get(url)


def test_group_page_query_budget(
    owner, make_member, make_group, django_assert_max_num_queries
) -> None:
    group = make_group(owner, privacy="closed")
    for n in range(12):
        member = make_member(f"Member {n}")
        invitation = actions.invite_member(inviter=owner, group=group, member=member)
        actions.respond_to_invitation(user=member, invitation=invitation, accept=True)
    client = client_for(owner)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(group.get_absolute_url())
    assert response.status_code == 200


def test_my_groups_query_budget(
    owner, make_member, make_group, django_assert_max_num_queries
) -> None:
    me = make_member("Me")
    for n in range(6):
        group = make_group(owner, name=f"Group {n}")
        if n % 2:
            actions.join_group(user=me, group=group)
        else:
            actions.invite_member(inviter=owner, group=group, member=me)
    client = client_for(me)
    with django_assert_max_num_queries(MY_GROUPS_BUDGET):
        response = client.get(reverse("groups:mine"))
    assert response.status_code == 200
