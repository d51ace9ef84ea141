"""Invitations: to members (seen on their groups page), and by e-mail to people
not in the network yet (the link joins both on sign-up)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.feeds.selectors import group_feed
from community.groups import actions, selectors
from community.groups.models import GroupInvitation, InvitationStatus, Membership, Role
from community.mail.tasks import send_queued_emails
from community.members.models import Invitation, User
from tests.groups.conftest import client_for
from tests.members.test_accounts import sign_up

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver"


def outbox() -> list:
    """What was sent once the worker ran: invitation e-mails go through the
    queue (community/mail), never out of the request."""
    send_queued_emails.call()
    return mail.outbox


def invitation_link(message) -> str:
    match = re.search(r"http://testserver(/invitations/group/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def secret_group(owner, make_group):
    group = make_group(
        owner, name="Board of trustees", description="We prepare the **general assembly**."
    )
    group = actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    return group


def test_invitee_sees_a_secret_groups_name_and_description_but_not_its_content(
    owner, make_member, secret_group
) -> None:
    invitee = make_member("Invitee")
    client_for(owner).post(
        reverse("groups:invite", args=[secret_group.slug]),
        {"kind": "member", "member-member": invitee.handle},
    )
    invitation = GroupInvitation.objects.get(user=invitee)
    client = client_for(invitee)
    mine = client.get(reverse("groups:mine")).content.decode()
    assert "Board of trustees" in mine
    assert "<strong>general assembly</strong>" in mine
    assert secret_group.get_absolute_url() not in mine  # no link to a page they cannot open
    assert client.get(secret_group.get_absolute_url()).status_code == 404
    assert client.get(reverse("groups:members", args=[secret_group.slug])).status_code == 404
    assert not group_feed(viewer=invitee, group=secret_group)
    # The directory nudges them towards their invitations, without listing the group.
    directory = client.get(reverse("groups:directory")).content.decode()
    assert "You are invited to 1 group" in directory
    assert "Board of trustees" not in directory

    response = client.post(
        reverse("groups:respond_to_invitation", args=[invitation.pk]), {"decision": "accept"}
    )
    assert response["Location"] == secret_group.get_absolute_url()
    assert Membership.objects.get(group=secret_group, user=invitee).role == Role.MEMBER
    assert client.get(secret_group.get_absolute_url()).status_code == 200


def test_member_invitation_sends_an_email_pointing_to_the_groups_page(
    owner, make_member, make_group, django_capture_on_commit_callbacks
) -> None:
    invitee = make_member("Invitee")
    group = make_group(owner, name="Garden")
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_member(inviter=owner, group=group, member=invitee, base_url=BASE_URL)
    assert len(outbox()) == 1
    assert outbox()[0].to == [invitee.email]
    assert "Olivia Owner invites you to join Garden" in outbox()[0].subject
    assert f"{BASE_URL}{reverse('groups:mine')}" in outbox()[0].body


def test_declining_an_invitation(owner, make_member, make_group) -> None:
    invitee = make_member("Invitee")
    group = make_group(owner)
    invitation = actions.invite_member(inviter=owner, group=group, member=invitee)
    client_for(invitee).post(
        reverse("groups:respond_to_invitation", args=[invitation.pk]), {"decision": "decline"}
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert not Membership.objects.filter(group=group, user=invitee).exists()
    assert selectors.my_groups(user=invitee).invitations == []


def test_nobody_else_can_answer_someone_elses_invitation(owner, make_member, make_group) -> None:
    invitee, intruder = make_member("Invitee"), make_member("Intruder")
    group = make_group(owner, privacy="closed")
    invitation = actions.invite_member(inviter=owner, group=group, member=invitee)
    response = client_for(intruder).post(
        reverse("groups:respond_to_invitation", args=[invitation.pk]), {"decision": "accept"}
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(group=group, user=intruder).exists()
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_withdrawn_invitation_cannot_be_accepted(owner, make_member, make_group) -> None:
    invitee = make_member("Invitee")
    group = make_group(owner, privacy="closed")
    invitation = actions.invite_member(inviter=owner, group=group, member=invitee)
    client_for(owner).post(reverse("groups:revoke_invitation", args=[group.slug, invitation.pk]))
    response = client_for(invitee).post(
        reverse("groups:respond_to_invitation", args=[invitation.pk]),
        {"decision": "accept"},
        follow=True,
    )
    assert "already answered or withdrawn" in response.content.decode()
    assert not Membership.objects.filter(group=group, user=invitee).exists()


def test_email_invitation_joins_network_and_group_on_signup(
    owner, make_group, django_capture_on_commit_callbacks
) -> None:
    group = make_group(owner, name="Garden")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(
            reverse("groups:invite", args=[group.slug]),
            {"kind": "email", "email-email": "Zoe@Example.org"},
        )
    assert response.status_code == 302
    assert len(outbox()) == 1
    assert outbox()[0].to == ["zoe@example.org"]
    link = invitation_link(outbox()[0])

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Olivia Owner invites you to join this group" in page.content.decode()
    sign_up(visitor, email="zoe@example.org")

    zoe = User.objects.get(email="zoe@example.org")
    assert Membership.objects.get(group=group, user=zoe).role == Role.MEMBER
    assert GroupInvitation.objects.get(group=group).status == InvitationStatus.ACCEPTED
    assert Invitation.objects.get(email="zoe@example.org").used_by == zoe


def test_email_invitation_opens_an_invitation_only_network(
    network, owner, make_group, django_capture_on_commit_callbacks
) -> None:
    network.registration_mode = "invitation"
    network.save()
    group = make_group(owner, name="Garden")
    group = actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_by_email(
            inviter=owner, group=group, email="zoe@example.org", base_url=BASE_URL
        )
    visitor = Client()
    assert "Create my account" in visitor.get(invitation_link(outbox()[0])).content.decode()
    sign_up(visitor, email="zoe@example.org")
    zoe = User.objects.get(email="zoe@example.org")
    assert zoe.is_active
    assert Membership.objects.filter(group=group, user=zoe).exists()


def test_the_link_does_not_work_for_another_address(
    network, owner, make_group, django_capture_on_commit_callbacks
) -> None:
    network.registration_mode = "invitation"
    network.save()
    group = make_group(owner, name="Garden")
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_by_email(
            inviter=owner, group=group, email="zoe@example.org", base_url=BASE_URL
        )
    visitor = Client()
    visitor.get(invitation_link(outbox()[0]))
    sign_up(visitor, email="someone-else@example.org")
    assert not User.objects.filter(email="someone-else@example.org").exists()
    assert GroupInvitation.objects.get(group=group).is_pending


def test_signing_up_without_the_link_waits_for_a_verified_address(
    owner, make_group, django_capture_on_commit_callbacks
) -> None:
    group = make_group(owner, name="Garden")
    invitation = actions.invite_by_email(
        inviter=owner, group=group, email="zoe@example.org", base_url=BASE_URL
    )
    sign_up(Client(), email="zoe@example.org")  # open registration, no link
    zoe = User.objects.get(email="zoe@example.org")
    assert not Membership.objects.filter(group=group, user=zoe).exists()
    assert selectors.my_groups(user=zoe).invitations == []  # address not verified yet
    EmailAddress.objects.filter(user=zoe).update(verified=True)
    assert selectors.my_groups(user=zoe).invitations == [invitation]
    actions.respond_to_invitation(user=zoe, invitation=invitation, accept=True)
    assert Membership.objects.filter(group=group, user=zoe).exists()


def test_emailing_a_members_address_makes_a_member_invitation(
    owner, make_member, make_group, django_capture_on_commit_callbacks
) -> None:
    member = make_member("Member", email="member-x@example.org")
    group = make_group(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(
            reverse("groups:invite", args=[group.slug]),
            {"kind": "email", "email-email": "MEMBER-X@example.org"},
            follow=True,
        )
    # The reply names the address typed, never whose it is (invite_by_email
    # never reveals whether an address belongs to a member).
    page = response.content.decode()
    assert "Invitation sent to member-x@example.org." in page
    assert "Invitation sent to Member" not in page
    invitation = GroupInvitation.objects.get(group=group)
    assert invitation.user == member
    assert invitation.network_invitation is None
    assert not Invitation.objects.exists()
    assert outbox()[0].to == ["member-x@example.org"]


def test_revoking_an_email_invitation_revokes_its_network_invitation(
    owner, make_group, django_capture_on_commit_callbacks
) -> None:
    group = make_group(owner)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = actions.invite_by_email(
            inviter=owner, group=group, email="zoe@example.org", base_url=BASE_URL
        )
    link = invitation_link(outbox()[0])
    actions.revoke_group_invitation(actor=owner, invitation=invitation)
    assert not Invitation.objects.exists()
    response = Client().get(link)
    assert response.status_code == 404
    assert "no longer valid" in response.content.decode()


def test_a_signed_in_member_accepts_from_the_link(
    owner, make_member, make_group, django_capture_on_commit_callbacks
) -> None:
    group = make_group(owner)
    invitation = actions.invite_by_email(
        inviter=owner, group=group, email="later@example.org", base_url=BASE_URL
    )
    # They joined the network another way meanwhile, with that address verified.
    member = make_member("Later", email="later@example.org")
    client = client_for(member)
    assert "Accept and join" in client.get(invitation.get_absolute_url()).content.decode()
    client.post(invitation.get_absolute_url(), {"decision": "accept"})
    assert Membership.objects.filter(group=group, user=member).exists()

    other = make_member("Other")
    second = actions.invite_by_email(
        inviter=owner, group=group, email="elsewhere@example.org", base_url=BASE_URL
    )
    page = client_for(other).get(second.get_absolute_url()).content.decode()
    assert "sent to another e-mail address" in page
    response = client_for(other).post(second.get_absolute_url(), {"decision": "accept"})
    assert response.status_code == 403
    assert not Membership.objects.filter(group=group, user=other).exists()


def test_only_group_admins_invite(owner, make_member, make_group) -> None:
    member, candidate = make_member("Member"), make_member("Candidate")
    group = make_group(owner)
    actions.join_group(user=member, group=group)
    response = client_for(member).post(
        reverse("groups:invite", args=[group.slug]),
        {"kind": "member", "member-member": candidate.handle},
    )
    assert response.status_code == 403
    assert not GroupInvitation.objects.exists()


def test_search_finds_members_to_invite(owner, make_member, make_group) -> None:
    make_member("Marie Dupont")
    inside = make_member("Marie Curie")
    group = make_group(owner)
    actions.join_group(user=inside, group=group)
    client = client_for(owner)
    page = client.get(reverse("groups:invite", args=[group.slug]), {"q": "marie"})
    assert "Marie Dupont" in page.content.decode()
    assert "Marie Curie" not in page.content.decode()  # already in the group
    partial = client.get(
        reverse("groups:invite", args=[group.slug]), {"q": "marie"}, HTTP_HX_REQUEST="true"
    )
    assert "Marie Dupont" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_email_invitation_skips_approval_like_every_network_invitation(
    network, owner, make_group, django_capture_on_commit_callbacks
) -> None:
    network.registration_mode = "approval"
    network.save()
    group = make_group(owner, name="Garden", privacy="closed")
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_by_email(
            inviter=owner, group=group, email="zoe@example.org", base_url=BASE_URL
        )
    visitor = Client()
    visitor.get(invitation_link(outbox()[0]))
    sign_up(visitor, email="zoe@example.org")
    zoe = User.objects.get(email="zoe@example.org")
    assert zoe.is_active
    assert Membership.objects.filter(group=group, user=zoe).exists()


def test_member_and_invite_searches_ignore_accents(owner, make_member, make_group) -> None:
    group = make_group(owner)
    helene = make_member("Hélène Dupré")
    joel = make_member("Joël Noël")
    actions.join_group(user=joel, group=group)
    found = selectors.invite_candidates(group=group, query="helene")
    assert [member.pk for member in found] == [helene.pk]
    listed = selectors.member_list(group=group, query="JOEL")
    assert [membership.user_id for membership in listed] == [joel.pk]
    # The page itself, as an admin types it.
    html = client_for(owner).get(reverse("groups:invite", args=[group.slug]), {"q": "dupre"})
    assert "Hélène Dupré" in html.content.decode()
