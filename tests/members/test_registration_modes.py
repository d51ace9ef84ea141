"""Open, approval and invitation-only registration."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.members import actions
from community.members.models import Invitation, MemberStatus, User
from tests.conftest import TEST_PASSWORD
from tests.members.test_accounts import sign_up

pytestmark = pytest.mark.django_db


def set_mode(network, mode: str) -> None:
    network.registration_mode = mode
    network.save()


def verify(email: str) -> None:
    EmailAddress.objects.filter(email=email).update(verified=True)


def login(client: Client, email: str):
    return client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})


def test_open_registration_creates_an_active_member(network, client: Client) -> None:
    sign_up(client)
    user = User.objects.get(email="zoe@example.org")
    assert user.status == MemberStatus.ACTIVE
    assert user.is_active


def test_approval_mode_keeps_the_member_out_until_an_admin_approves(
    network, network_admin, network_admin_client: Client
) -> None:
    set_mode(network, "approval")
    visitor = Client()
    sign_up(visitor)
    user = User.objects.get(email="zoe@example.org")
    assert user.status == MemberStatus.PENDING
    assert not user.is_active
    verify(user.email)

    response = login(visitor, user.email)
    assert response.status_code == 403
    assert "awaiting approval" in response.content.decode()
    assert visitor.get(reverse("home")).status_code == 302

    pending_page = network_admin_client.get(reverse("members:pending"))
    assert "Zoé Lambert" in pending_page.content.decode()
    network_admin_client.post(reverse("members:decide", args=[user.pk]), {"decision": "approve"})
    user.refresh_from_db()
    assert user.status == MemberStatus.ACTIVE and user.is_active

    response = login(visitor, user.email)
    assert response.status_code == 302
    assert visitor.get(reverse("home")).status_code == 200


def test_only_network_admins_approve(network, member, member_client: Client) -> None:
    set_mode(network, "approval")
    sign_up(Client())
    pending = User.objects.get(email="zoe@example.org")
    assert member_client.get(reverse("members:pending")).status_code == 403
    response = member_client.post(
        reverse("members:decide", args=[pending.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == MemberStatus.PENDING


def test_declining_deletes_the_pending_account(network, network_admin_client: Client) -> None:
    set_mode(network, "approval")
    sign_up(Client())
    pending = User.objects.get(email="zoe@example.org")
    network_admin_client.post(reverse("members:decide", args=[pending.pk]), {"decision": "decline"})
    assert not User.objects.filter(pk=pending.pk).exists()


def test_invitation_only_refuses_signup_without_an_invitation(network, client: Client) -> None:
    set_mode(network, "invitation")
    page = client.get(reverse("account_signup"))
    assert "by invitation only" in page.content.decode()
    response = sign_up(client)
    assert "by invitation only" in response.content.decode()
    assert not User.objects.filter(email="zoe@example.org").exists()


def test_invitation_only_accepts_a_valid_invitation_once(network, network_admin) -> None:
    set_mode(network, "invitation")
    invitation = actions.create_invitation(inviter=network_admin)
    visitor = Client()
    response = visitor.get(invitation.get_absolute_url())
    assert response["Location"] == reverse("account_signup")
    sign_up(visitor)
    user = User.objects.get(email="zoe@example.org")
    assert user.status == MemberStatus.ACTIVE
    invitation.refresh_from_db()
    assert invitation.used_by == user

    second = Client()
    response = second.get(invitation.get_absolute_url())
    assert response.status_code == 404
    sign_up(second, email="other@example.org")
    assert not User.objects.filter(email="other@example.org").exists()


def test_expired_invitation_is_refused(network, network_admin) -> None:
    set_mode(network, "invitation")
    invitation = actions.create_invitation(inviter=network_admin)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    visitor = Client()
    assert visitor.get(invitation.get_absolute_url()).status_code == 404
    sign_up(visitor)
    assert not User.objects.filter(email="zoe@example.org").exists()


def test_invitation_skips_approval(network, network_admin) -> None:
    set_mode(network, "approval")
    invitation = actions.create_invitation(inviter=network_admin)
    visitor = Client()
    visitor.get(invitation.get_absolute_url())
    sign_up(visitor)
    assert User.objects.get(email="zoe@example.org").status == MemberStatus.ACTIVE


def test_terms_must_be_accepted_and_acceptance_is_timestamped(network, client: Client) -> None:
    network.terms_text = "Be kind."
    network.privacy_text = "We keep your e-mail address private."
    network.save()
    page = client.get(reverse("account_signup")).content.decode()
    assert "Be kind." in page and "We keep your e-mail address private." in page

    response = sign_up(client)
    assert "accept_terms" in response.context["form"].errors
    assert not User.objects.exists()

    before = timezone.now()
    sign_up(client, accept_terms="on")
    user = User.objects.get(email="zoe@example.org")
    assert user.terms_accepted_at is not None and user.terms_accepted_at >= before
