"""Groups tell through notifications: join requests (to the group's owners and
admins), approvals (to the requester), invitations (to the invitee) — end to
end through the groups' actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from community.groups import actions as group_actions
from community.notifications.models import Notification
from community.notifications.selectors import notifications_page, unread_count
from tests.notifications.conftest import add_member

pytestmark = pytest.mark.django_db


def items(user):
    return list(notifications_page(viewer=user).object_list)


def test_a_join_request_tells_the_owners_and_admins_only(
    alice, bob, carol, make_member, make_group
) -> None:
    group = make_group(alice, privacy="closed", name="Atelier vélo")
    add_member(group, bob)
    group_actions.change_member_role(actor=alice, group=group, member=bob, role="admin")
    plain = make_member("Plain Member")
    add_member(group, plain)
    Notification.objects.all().delete()  # the invitations that brought them in

    group_actions.request_to_join(user=carol, group=group, message="Hi!")
    assert sorted(Notification.objects.values_list("recipient__display_name", flat=True)) == [
        "Alice Martin",
        "Bob Bernard",
    ]
    (item,) = items(alice)
    assert item.text == "Carol Chen asked to join Atelier vélo."
    assert item.link == reverse("groups:requests", kwargs={"slug": group.slug})
    # Asking twice (a double click) tells nobody again.
    group_actions.request_to_join(user=carol, group=group)
    assert Notification.objects.count() == 2


def test_an_approval_tells_the_requester(alice, bob, make_group) -> None:
    group = make_group(alice, privacy="closed", name="Atelier vélo")
    request = group_actions.request_to_join(user=bob, group=group)
    group_actions.approve_join_request(actor=alice, join_request=request)
    (item,) = items(bob)
    assert item.text == "Alice Martin approved your request to join Atelier vélo."
    assert item.link == group.get_absolute_url()
    assert unread_count(alice) == 0  # the request is answered: read for every admin
    assert Notification.objects.filter(recipient=alice, read_at__isnull=False).count() == 1


def test_one_admin_answering_marks_the_request_read_for_all(
    alice, bob, carol, make_member, make_group
) -> None:
    group = make_group(alice, privacy="closed", name="Atelier vélo")
    add_member(group, bob)
    group_actions.change_member_role(actor=alice, group=group, member=bob, role="admin")
    Notification.objects.all().delete()  # the invitation that brought Bob in
    request = group_actions.request_to_join(user=carol, group=group)
    group_actions.request_to_join(user=make_member("Dan Dupont"), group=group)
    assert unread_count(alice) == unread_count(bob) == 2
    group_actions.decline_join_request(actor=bob, join_request=request, reason="Full")
    # Carol's request is settled for both admins; Dan's still waits.
    assert unread_count(alice) == unread_count(bob) == 1
    assert [item.text for item in items(alice) if item.is_unread] == [
        "Dan Dupont asked to join Atelier vélo."
    ]


def test_a_declined_request_tells_nothing_new(alice, bob, make_group) -> None:
    group = make_group(alice, privacy="closed")
    request = group_actions.request_to_join(user=bob, group=group)
    group_actions.decline_join_request(actor=alice, join_request=request, reason="Full")
    assert not Notification.objects.filter(recipient=bob).exists()


@pytest.mark.parametrize("privacy", ["open", "closed", "secret"])
def test_an_invitation_tells_the_invitee(alice, bob, make_group, privacy) -> None:
    group = make_group(alice, privacy=privacy, name="Chorale")
    invitation = group_actions.invite_member(inviter=alice, group=group, member=bob)
    (item,) = items(bob)
    assert item.text == "Alice Martin invited you to join Chorale."
    assert item.link == f"{reverse('groups:mine')}#invitation-{invitation.pk}"
    assert unread_count(bob) == 1


def test_an_invitation_by_email_to_a_member_tells_them(alice, bob, make_group) -> None:
    group = make_group(alice, privacy="closed", name="Chorale")
    group_actions.invite_by_email(
        inviter=alice, group=group, email=bob.email, base_url="http://testserver"
    )
    assert [item.text for item in items(bob)] == ["Alice Martin invited you to join Chorale."]


def test_a_refused_invitation_tells_nobody(alice, bob, carol, make_group) -> None:
    from django.core.exceptions import PermissionDenied

    group = make_group(alice, privacy="closed")
    with pytest.raises(PermissionDenied):
        group_actions.invite_member(inviter=carol, group=group, member=bob)
    assert not Notification.objects.exists()


def test_deleting_the_group_deletes_its_notifications(alice, bob, carol, make_group) -> None:
    group = make_group(alice, privacy="closed")
    group_actions.request_to_join(user=bob, group=group)
    group_actions.invite_member(inviter=alice, group=group, member=carol)
    assert Notification.objects.count() == 2
    group_actions.delete_group(actor=alice, group=group)
    assert not Notification.objects.exists()
    assert unread_count(alice) == 0 and unread_count(carol) == 0


def test_a_cancelled_request_takes_the_admins_notification_away(
    alice, bob, carol, make_group
) -> None:
    group = make_group(alice, privacy="closed", name="Atelier vélo")
    group_actions.request_to_join(user=bob, group=group)
    group_actions.request_to_join(user=carol, group=group)
    assert unread_count(alice) == 2
    group_actions.cancel_join_request(user=bob, group=group)
    assert unread_count(alice) == 1
    assert [item.text for item in items(alice)] == ["Carol Chen asked to join Atelier vélo."]


def test_a_revoked_invitation_takes_the_invitees_notification_away(
    alice, bob, carol, make_group
) -> None:
    group = make_group(alice, privacy="secret", name="Chorale")
    invitation = group_actions.invite_member(inviter=alice, group=group, member=bob)
    group_actions.invite_member(inviter=alice, group=group, member=carol)
    assert unread_count(bob) == unread_count(carol) == 1
    group_actions.revoke_group_invitation(actor=alice, invitation=invitation)
    assert unread_count(bob) == 0 and items(bob) == []
    assert unread_count(carol) == 1  # the other invitation still waits


def test_turning_a_group_secret_takes_the_cancelled_requests_notifications_away(
    alice, bob, make_group
) -> None:
    group = make_group(alice, privacy="closed", name="Atelier vélo")
    group_actions.request_to_join(user=bob, group=group)
    assert unread_count(alice) == 1
    group_actions.change_group_privacy(actor=alice, group=group, privacy="secret")
    assert unread_count(alice) == 0 and items(alice) == []


def test_joining_an_opened_group_answers_the_pending_request_for_the_admins(
    alice, bob, make_group
) -> None:
    group = make_group(alice, privacy="closed", name="Atelier vélo")
    group_actions.request_to_join(user=bob, group=group)
    group_actions.change_group_privacy(actor=alice, group=group, privacy="open")
    assert unread_count(alice) == 1
    group_actions.join_group(user=bob, group=group)  # the request is approved by joining
    assert unread_count(alice) == 0  # Bob is in: nothing waits for an answer
