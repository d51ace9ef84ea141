"""Changing a group's privacy takes effect at once for everything already in it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.activity.models import Activity
from community.activity.visibility import PUBLIC, audiences_for, group_audience, visible_q
from community.feeds.selectors import group_feed
from community.groups import actions, selectors
from community.groups.content import audience_for_group
from community.groups.models import JoinRequest, RequestStatus
from tests.groups.conftest import client_for

pytestmark = pytest.mark.django_db


def test_audience_of_group_content_follows_privacy(owner, make_group) -> None:
    group = make_group(owner, name="Open one")
    assert audience_for_group(group) == PUBLIC
    group = actions.change_group_privacy(actor=owner, group=group, privacy="closed")
    assert audience_for_group(group) == group_audience(group.pk)
    group = actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    assert audience_for_group(group) == group_audience(group.pk)


def test_open_group_turned_secret_disappears_for_non_members_at_once(
    owner, make_member, make_group
) -> None:
    member = make_member("Inside")
    outsider = make_member("Outsider")
    group = make_group(owner, name="Chapter of Lyon", description="A local chapter")
    actions.join_group(user=member, group=group)
    joined = Activity.objects.get(group=group, verb="joined_group", actor=member)
    created = Activity.objects.get(group=group, verb="created_group")
    outsider_client = client_for(outsider)

    # Before: everything is visible to a member of the network who is not in the group.
    assert outsider_client.get(group.get_absolute_url()).status_code == 200
    assert "Chapter of Lyon" in outsider_client.get(reverse("groups:directory")).content.decode()
    assert Activity.objects.filter(visible_q(outsider), pk=joined.pk).exists()
    assert group in selectors.groups_of_member(viewer=outsider, member=member)

    actions.change_group_privacy(actor=owner, group=group, privacy="secret")

    # After, with no other step: the page, the directory, the search, the feed
    # rows and the member's group list all forget the group.
    assert outsider_client.get(group.get_absolute_url()).status_code == 404
    assert outsider_client.get(reverse("groups:members", args=[group.slug])).status_code == 404
    directory = outsider_client.get(reverse("groups:directory"), {"q": "Lyon"}).content.decode()
    assert "Chapter of Lyon" not in directory
    assert not Activity.objects.filter(visible_q(outsider), pk__in=[joined.pk, created.pk]).exists()
    assert set(Activity.objects.filter(group=group).values_list("audience", flat=True)) == {
        group_audience(group.pk)
    }
    assert group not in selectors.groups_of_member(viewer=outsider, member=member)
    # Members keep everything.
    assert Activity.objects.filter(visible_q(member), pk=joined.pk).exists()
    assert client_for(member).get(group.get_absolute_url()).status_code == 200
    assert group in selectors.groups_of_member(viewer=member, member=owner)


def test_visitors_lose_an_open_groups_content_when_it_closes(
    public_network, owner, make_group
) -> None:
    group = make_group(owner, name="Open house")
    created = Activity.objects.get(group=group, verb="created_group")
    visitor = client_for(None)
    assert f'id="activity-{created.pk}"' in visitor.get(group.get_absolute_url()).content.decode()

    actions.change_group_privacy(actor=owner, group=group, privacy="closed")

    page = visitor.get(group.get_absolute_url()).content.decode()
    assert "Open house" in page  # a closed group stays listed…
    assert f'id="activity-{created.pk}"' not in page  # …its content does not
    assert "For members only" in page


def test_secret_group_turned_open_shows_its_past_content(owner, make_member, make_group) -> None:
    outsider = make_member("Outsider")
    group = make_group(owner, privacy="secret")
    group = actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    created = Activity.objects.get(group=group, verb="created_group")
    assert created.audience == group_audience(group.pk)
    assert not Activity.objects.filter(visible_q(outsider), pk=created.pk).exists()
    actions.change_group_privacy(actor=owner, group=group, privacy="open")
    created.refresh_from_db()
    assert created.audience == PUBLIC
    assert Activity.objects.filter(visible_q(outsider), pk=created.pk).exists()


def test_turning_secret_cancels_pending_requests(owner, make_member, make_group) -> None:
    requester = make_member("Requester")
    group = make_group(owner, privacy="closed")
    actions.request_to_join(user=requester, group=group, message="Hello")
    actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    assert JoinRequest.objects.get(user=requester).status == RequestStatus.CANCELLED
    assert selectors.my_groups(user=requester).requests == []
    assert client_for(requester).get(group.get_absolute_url()).status_code == 404


def test_privacy_is_changed_from_the_settings_page(owner, make_member, make_group) -> None:
    outsider = make_member("Outsider")
    group = make_group(owner, name="Board")
    response = client_for(owner).post(
        reverse("groups:edit", args=[group.slug]),
        {"name": "Board", "description": "", "privacy": "secret"},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.privacy == "secret"
    assert Activity.objects.get(group=group).audience == group_audience(group.pk)
    assert client_for(outsider).get(group.get_absolute_url()).status_code == 404


def test_only_group_admins_change_privacy(owner, make_member, make_group) -> None:
    member = make_member("Member")
    group = make_group(owner)
    actions.join_group(user=member, group=group)
    with pytest.raises(PermissionDenied):
        actions.change_group_privacy(actor=member, group=group, privacy="secret")
    group.refresh_from_db()
    assert group.privacy == "open"
    assert set(Activity.objects.filter(group=group).values_list("audience", flat=True)) == {PUBLIC}


def test_network_admin_audiences_do_not_include_groups_they_moderate(
    owner, network_admin, make_group
) -> None:
    group = make_group(owner, privacy="secret")
    group = actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    assert group_audience(group.pk) not in audiences_for(network_admin)
    # …yet the group's own page shows its content to them (moderation).
    assert group_feed(viewer=network_admin, group=group)
    page = client_for(network_admin).get(group.get_absolute_url()).content.decode()
    assert "because you are a network admin" in page
