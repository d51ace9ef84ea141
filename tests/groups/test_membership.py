"""Roles and membership: leaving, ownership, removal, promotion, archive, delete."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from community.activity.models import Activity
from community.activity.visibility import audiences_for, group_audience, visible_q
from community.groups import actions, permissions
from community.groups.models import Group, GroupInvitation, JoinRequest, Membership, Role
from community.members.models import Invitation
from tests.groups.conftest import client_for, suspend

pytestmark = pytest.mark.django_db


def role(group: Group, user) -> str | None:
    membership = Membership.objects.filter(group=group, user=user).first()
    return membership.role if membership else None


def test_creator_is_the_owner_and_creation_is_recorded(owner, make_group) -> None:
    group = make_group(owner, name="Jardin partagé")
    assert group.slug == "jardin-partage"
    assert role(group, owner) == Role.OWNER
    activity = Activity.objects.get(group=group)
    assert (activity.verb, activity.actor, activity.target) == ("created_group", owner, group)


def test_the_last_owner_cannot_leave(owner, make_member, make_group) -> None:
    group = make_group(owner)
    actions.join_group(user=make_member("Other"), group=group)
    with pytest.raises(ValidationError, match="only owner"):
        actions.leave_group(user=owner, group=group)
    assert role(group, owner) == Role.OWNER


def test_the_last_owner_is_told_on_the_page_and_stays(owner, make_group) -> None:
    group = make_group(owner)
    client = client_for(owner)
    confirm = client.get(reverse("groups:leave", args=[group.slug]))
    assert confirm.status_code == 200
    assert 'data-confirm="' in confirm.content.decode()
    response = client.post(reverse("groups:leave", args=[group.slug]), follow=True)
    assert "only owner" in response.content.decode()
    assert role(group, owner) == Role.OWNER


def test_transferring_ownership_lets_the_former_owner_leave(owner, make_member, make_group) -> None:
    heir = make_member("Heir")
    group = make_group(owner)
    actions.join_group(user=heir, group=group)
    response = client_for(owner).post(reverse("groups:transfer", args=[group.slug, heir.handle]))
    assert response.status_code == 302
    assert role(group, heir) == Role.OWNER
    assert role(group, owner) == Role.ADMIN
    actions.leave_group(user=owner, group=group)
    assert role(group, owner) is None
    # The new owner now holds the owner's powers.
    assert permissions.can_delete_group(heir, group)


def test_only_an_owner_or_network_admin_transfers(
    owner, make_member, network_admin, make_group
) -> None:
    admin, heir = make_member("Admin"), make_member("Heir")
    group = make_group(owner)
    actions.join_group(user=admin, group=group)
    actions.join_group(user=heir, group=group)
    actions.change_member_role(actor=owner, group=group, member=admin, role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        actions.transfer_ownership(actor=admin, group=group, new_owner=heir)
    assert role(group, owner) == Role.OWNER
    actions.transfer_ownership(actor=network_admin, group=group, new_owner=heir)
    assert role(group, heir) == Role.OWNER
    assert role(group, owner) == Role.ADMIN


def test_ownership_goes_only_to_a_member(owner, make_member, make_group) -> None:
    stranger = make_member("Stranger")
    group = make_group(owner)
    with pytest.raises(ValidationError, match="must be a member"):
        actions.transfer_ownership(actor=owner, group=group, new_owner=stranger)
    assert role(group, owner) == Role.OWNER


def test_removing_a_member_stops_their_access_at_once(owner, make_member, make_group) -> None:
    removed = make_member("Removed")
    group = make_group(owner, privacy="secret")
    group = actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    invitation = actions.invite_member(inviter=owner, group=group, member=removed)
    actions.respond_to_invitation(user=removed, invitation=invitation, accept=True)
    joined = Activity.objects.get(group=group, verb="joined_group")
    client = client_for(removed)
    assert client.get(group.get_absolute_url()).status_code == 200
    assert group_audience(group.pk) in audiences_for(removed)

    response = client_for(owner).post(
        reverse("groups:remove_member", args=[group.slug, removed.handle])
    )
    assert response.status_code == 302

    assert role(group, removed) is None
    assert group_audience(group.pk) not in audiences_for(removed)
    assert not Activity.objects.filter(visible_q(removed), pk=joined.pk).exists()
    assert client.get(group.get_absolute_url()).status_code == 404
    assert client.get(reverse("groups:members", args=[group.slug])).status_code == 404


def test_removal_asks_for_confirmation_first(owner, make_member, make_group) -> None:
    member = make_member("Member")
    group = make_group(owner)
    actions.join_group(user=member, group=group)
    page = client_for(owner).get(reverse("groups:remove_member", args=[group.slug, member.handle]))
    assert page.status_code == 200
    assert "Remove Member from" in page.content.decode()
    assert role(group, member) == Role.MEMBER


def test_nobody_removes_the_owner(owner, make_member, network_admin, make_group) -> None:
    admin = make_member("Admin")
    group = make_group(owner)
    actions.join_group(user=admin, group=group)
    actions.change_member_role(actor=owner, group=group, member=admin, role=Role.ADMIN)
    with pytest.raises((PermissionDenied, ValidationError)):
        actions.remove_member(actor=admin, group=group, member=owner)
    with pytest.raises(ValidationError, match="handed over"):
        actions.remove_member(actor=network_admin, group=group, member=owner)
    assert role(group, owner) == Role.OWNER


def test_admins_promote_and_demote(owner, make_member, make_group) -> None:
    admin, member = make_member("Admin"), make_member("Member")
    group = make_group(owner)
    actions.join_group(user=admin, group=group)
    actions.join_group(user=member, group=group)
    client = client_for(owner)
    client.post(reverse("groups:change_role", args=[group.slug, admin.handle]), {"role": "admin"})
    assert role(group, admin) == Role.ADMIN
    client_for(admin).post(
        reverse("groups:change_role", args=[group.slug, member.handle]), {"role": "admin"}
    )
    assert role(group, member) == Role.ADMIN
    client_for(admin).post(
        reverse("groups:change_role", args=[group.slug, member.handle]), {"role": "member"}
    )
    assert role(group, member) == Role.MEMBER
    # A plain member may not, and an owner's role only changes by handing over.
    response = client_for(member).post(
        reverse("groups:change_role", args=[group.slug, admin.handle]), {"role": "member"}
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        actions.change_member_role(actor=admin, group=group, member=owner, role=Role.MEMBER)
    assert role(group, admin) == Role.ADMIN
    assert role(group, owner) == Role.OWNER


def test_leaving_an_open_group(owner, make_member, make_group) -> None:
    member = make_member("Member")
    group = make_group(owner)
    actions.join_group(user=member, group=group)
    response = client_for(member).post(reverse("groups:leave", args=[group.slug]))
    assert response["Location"] == group.get_absolute_url()
    assert role(group, member) is None


def test_leaving_a_secret_group_goes_back_to_my_groups(owner, make_member, make_group) -> None:
    member = make_member("Member")
    group = make_group(owner)
    actions.join_group(user=member, group=group)
    group = actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    response = client_for(member).post(reverse("groups:leave", args=[group.slug]))
    assert response["Location"] == reverse("groups:mine")
    assert client_for(member).get(group.get_absolute_url()).status_code == 404


def test_archived_group_is_read_only(owner, make_member, make_group) -> None:
    member, newcomer = make_member("Member"), make_member("Newcomer")
    group = make_group(owner, description="Before")
    actions.join_group(user=member, group=group)
    client = client_for(owner)
    assert client.get(reverse("groups:archive", args=[group.slug])).status_code == 200
    client.post(reverse("groups:archive", args=[group.slug]))
    group.refresh_from_db()
    assert group.archived

    with pytest.raises(ValidationError, match="archived"):
        actions.join_group(user=newcomer, group=group)
    with pytest.raises(ValidationError, match="archived"):
        actions.invite_member(inviter=owner, group=group, member=newcomer)
    with pytest.raises(PermissionDenied):
        actions.update_group(actor=owner, group=group, name="Changed", description="After")
    assert client.get(reverse("groups:edit", args=[group.slug])).status_code == 200  # restore
    page = client_for(member).get(group.get_absolute_url()).content.decode()
    assert "This group is archived" in page
    assert not Membership.objects.filter(group=group, user=newcomer).exists()
    group.refresh_from_db()
    assert group.name == "Jardin partagé"

    client.post(reverse("groups:archive", args=[group.slug]))
    actions.join_group(user=newcomer, group=group)
    assert role(group, newcomer) == Role.MEMBER


def test_only_the_owner_archives(owner, make_member, make_group) -> None:
    admin = make_member("Admin")
    group = make_group(owner)
    actions.join_group(user=admin, group=group)
    actions.change_member_role(actor=owner, group=group, member=admin, role=Role.ADMIN)
    assert client_for(admin).post(reverse("groups:archive", args=[group.slug])).status_code == 403
    group.refresh_from_db()
    assert not group.archived


def test_deleting_asks_first_then_takes_the_content_with_it(owner, make_member, make_group) -> None:
    member, requester = make_member("Member"), make_member("Requester")
    group = make_group(owner, name="Doomed")
    actions.join_group(user=member, group=group)
    group = actions.change_group_privacy(actor=owner, group=group, privacy="closed")
    actions.request_to_join(user=requester, group=group)
    actions.invite_by_email(
        inviter=owner, group=group, email="new@example.org", base_url="http://testserver"
    )
    client = client_for(owner)
    confirm = client.get(reverse("groups:delete", args=[group.slug]))
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.content.decode()
    assert 'data-confirm="' in confirm.content.decode()
    assert Group.objects.filter(pk=group.pk).exists()

    response = client.post(reverse("groups:delete", args=[group.slug]))
    assert response["Location"] == reverse("groups:directory")
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not Membership.objects.filter(group_id=group.pk).exists()
    assert not Activity.objects.filter(group_id=group.pk).exists()
    assert not JoinRequest.objects.filter(group_id=group.pk).exists()
    assert not GroupInvitation.objects.filter(group_id=group.pk).exists()
    # The network invitation that came with the e-mail invitation is gone too.
    assert not Invitation.objects.filter(email="new@example.org").exists()
    assert client.get(group.get_absolute_url()).status_code == 404


def test_suspended_member_can_do_nothing(owner, make_member, make_group) -> None:
    suspended, other = make_member("Suspended"), make_member("Other")
    group = make_group(owner)
    actions.join_group(user=suspended, group=group)
    actions.change_member_role(actor=owner, group=group, member=suspended, role=Role.ADMIN)
    actions.join_group(user=other, group=group)
    suspend(suspended)
    access = permissions.GroupAccess(suspended, group)
    assert not any(
        [
            access.can_see_group,
            access.can_see_members,
            access.can_see_content,
            access.can_manage,
            access.can_leave,
        ]
    )
    with pytest.raises(PermissionDenied):
        actions.leave_group(user=suspended, group=group)
    with pytest.raises(Http404):  # the group does not exist for them
        actions.remove_member(actor=suspended, group=group, member=other)
    assert audiences_for(suspended) == frozenset()
    # They are not listed among the members either.
    page = client_for(owner).get(reverse("groups:members", args=[group.slug])).content.decode()
    assert "Suspended" not in page and "Other" in page
