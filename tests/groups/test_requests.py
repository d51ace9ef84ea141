"""Asking to join a closed group, withdrawing, approving and declining."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from community.activity.models import Activity
from community.groups import actions, selectors
from community.groups.models import JoinRequest, Membership, RequestStatus
from tests.groups.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_group(owner, make_group):
    return make_group(owner, name="Homework help", privacy="closed")


def test_request_with_a_message_reaches_the_admins(owner, make_member, closed_group) -> None:
    requester = make_member("Requester")
    client = client_for(requester)
    form = client.get(reverse("groups:request", args=[closed_group.slug]))
    assert form.status_code == 200
    assert 'for="id_message"' in form.content.decode()
    response = client.post(
        reverse("groups:request", args=[closed_group.slug]),
        {"message": "I taught maths for <b>30 years</b>."},
    )
    assert response["Location"] == closed_group.get_absolute_url()
    page = client.get(closed_group.get_absolute_url()).content.decode()
    assert "Your request is waiting for an admin." in page

    admin_page = client_for(owner).get(reverse("groups:requests", args=[closed_group.slug]))
    body = admin_page.content.decode()
    assert "Requester" in body
    assert "I taught maths for &lt;b&gt;30 years&lt;/b&gt;." in body  # escaped, not rendered
    assert (
        "1 person is waiting to join"
        in client_for(owner).get(closed_group.get_absolute_url()).content.decode()
    )


def test_asking_twice_keeps_one_request(make_member, closed_group) -> None:
    requester = make_member("Requester")
    first = actions.request_to_join(user=requester, group=closed_group, message="Hi")
    second = actions.request_to_join(user=requester, group=closed_group, message="Hi again")
    assert first.pk == second.pk
    assert JoinRequest.objects.filter(user=requester).count() == 1


def test_withdrawing_a_request(make_member, closed_group) -> None:
    requester = make_member("Requester")
    actions.request_to_join(user=requester, group=closed_group)
    client = client_for(requester)
    client.post(reverse("groups:cancel_request", args=[closed_group.slug]), {"next": "mine"})
    assert JoinRequest.objects.get(user=requester).status == RequestStatus.CANCELLED
    assert selectors.my_groups(user=requester).requests == []
    assert "Ask to join" in client.get(closed_group.get_absolute_url()).content.decode()


def test_approval_with_a_reason_makes_a_member(owner, make_member, closed_group) -> None:
    requester = make_member("Requester")
    join_request = actions.request_to_join(user=requester, group=closed_group)
    response = client_for(owner).post(
        reverse("groups:decide_request", args=[closed_group.slug, join_request.pk]),
        {"decision": "approve", "reason": "Welcome aboard"},
    )
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert (join_request.status, join_request.reason, join_request.decided_by) == (
        RequestStatus.APPROVED,
        "Welcome aboard",
        owner,
    )
    assert Membership.objects.filter(group=closed_group, user=requester).exists()
    activity = Activity.objects.get(verb="joined_group", actor=requester)
    assert activity.audience == f"group:{closed_group.pk}"
    members = client_for(requester).get(reverse("groups:members", args=[closed_group.slug]))
    assert members.status_code == 200


def test_declining_with_a_reason_is_shown_to_the_requester(
    owner, make_member, closed_group
) -> None:
    requester = make_member("Requester")
    join_request = actions.request_to_join(user=requester, group=closed_group)
    client_for(owner).post(
        reverse("groups:decide_request", args=[closed_group.slug, join_request.pk]),
        {"decision": "decline", "reason": "Only for volunteers of the school"},
    )
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.DECLINED
    assert not Membership.objects.filter(group=closed_group, user=requester).exists()
    mine = client_for(requester).get(reverse("groups:mine")).content.decode()
    assert "Only for volunteers of the school" in mine
    # They may ask again later.
    again = actions.request_to_join(user=requester, group=closed_group, message="Now I am one")
    assert again.pk != join_request.pk


def test_deciding_through_htmx_returns_the_row(owner, make_member, closed_group) -> None:
    requester = make_member("Requester")
    join_request = actions.request_to_join(user=requester, group=closed_group)
    response = client_for(owner).post(
        reverse("groups:decide_request", args=[closed_group.slug, join_request.pk]),
        {"decision": "approve"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Requester is now a member." in response.content.decode()
    assert "<html" not in response.content.decode()


def test_deciding_twice_says_it_was_handled(owner, make_member, closed_group) -> None:
    requester = make_member("Requester")
    join_request = actions.request_to_join(user=requester, group=closed_group)
    actions.approve_join_request(actor=owner, join_request=join_request)
    with pytest.raises(ValidationError, match="already handled"):
        actions.decline_join_request(actor=owner, join_request=join_request)
    assert Membership.objects.filter(group=closed_group, user=requester).exists()


def test_open_groups_take_no_requests_and_closed_groups_no_direct_joins(
    owner, make_member, make_group, closed_group
) -> None:
    someone = make_member("Someone")
    open_group = make_group(owner, name="Open")
    response = client_for(someone).post(reverse("groups:request", args=[open_group.slug]))
    assert response.status_code == 403
    response = client_for(someone).post(reverse("groups:join", args=[closed_group.slug]))
    assert response.status_code == 403
    assert not JoinRequest.objects.exists()
    assert not Membership.objects.filter(user=someone).exists()


def test_an_invitee_is_pointed_to_their_invitation(owner, make_member, closed_group) -> None:
    invitee = make_member("Invitee")
    actions.invite_member(inviter=owner, group=closed_group, member=invitee)
    with pytest.raises(ValidationError, match="You are invited"):
        actions.request_to_join(user=invitee, group=closed_group)
    page = client_for(invitee).get(closed_group.get_absolute_url()).content.decode()
    assert "Accept the invitation" in page
    assert not JoinRequest.objects.exists()


def test_joining_directly_closes_a_pending_request(owner, make_member, closed_group) -> None:
    requester = make_member("Requester")
    actions.request_to_join(user=requester, group=closed_group)
    group = actions.change_group_privacy(actor=owner, group=closed_group, privacy="open")
    actions.join_group(user=requester, group=group)
    assert not JoinRequest.objects.filter(status=RequestStatus.PENDING).exists()
    assert selectors.my_groups(user=requester).requests == []
