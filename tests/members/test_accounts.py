"""Sign-up, e-mail verification, sign-in, sign-out and rate limits through allauth's real views."""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from community.members.models import User
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_up(client: Client, email: str = "zoe@example.org", **extra) -> object:
    data = {
        "display_name": "Zoé Lambert",
        "email": email,
        "password1": TEST_PASSWORD,
        "password2": TEST_PASSWORD,
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_verify_login_logout(network, client: Client) -> None:
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="zoe@example.org")
    assert user.display_name == "Zoé Lambert"
    assert user.handle == "zoe-lambert"
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Entraide Test]")
    link = confirmation_link(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert b"zoe@example.org" in page.content
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": "zoe@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Zoé Lambert" in home.content.decode()

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302  # back to sign-in


def test_unverified_member_cannot_sign_in_when_verification_is_mandatory(
    network, client: Client
) -> None:
    sign_up(client)
    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": "zoe@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("home")).status_code == 302
    assert "_auth_user_id" not in client.session


@override_settings(ACCOUNT_EMAIL_VERIFICATION="optional")
def test_optional_verification_lets_unverified_members_in(network, client: Client) -> None:
    response = sign_up(client)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    # Signed in and on the member home, though the address is not verified yet.
    assert home.wsgi_request.user.email == "zoe@example.org"
    assert "Welcome, Zoé Lambert" in home.content.decode()
    assert not EmailAddress.objects.get(email="zoe@example.org").verified


def test_signup_errors_are_clear_and_write_nothing(network, client: Client) -> None:
    response = sign_up(client, email="not-an-email", display_name=" ")
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    assert "display_name" in form.errors
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_failed_logins_hit_the_rate_limit_with_429(network, member, client: Client) -> None:
    """Documented limit: 5 failed attempts per account in 5 minutes, then 429."""
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": member.email, "password": "wrong password"}
        )
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "wrong password"}
    )
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()
    # Even the right password is refused while the limit lasts.
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429


def test_password_reset_sends_a_link_that_works(network, member, client: Client) -> None:
    client.post(reverse("account_reset_password"), {"email": member.email})
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+)", mail.outbox[0].body)
    assert match
    response = client.get(match.group(1), follow=True)
    new_password = "another-long-passphrase-42"
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else match.group(1),
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)


def test_two_factor_with_totp_and_recovery_codes(network, member, client: Client) -> None:
    client.post(reverse("account_login"), {"login": member.email, "password": TEST_PASSWORD})
    assert client.get(reverse("account_email")).status_code == 200
    index = client.get(reverse("mfa_index"))
    assert reverse("mfa_activate_totp") in index.content.decode()

    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks for the password again first
        assert page["Location"].startswith(reverse("account_reauthenticate"))
        client.post(page["Location"], {"password": TEST_PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    code = totp_code(secret)
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    kinds = set(Authenticator.objects.filter(user=member).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    assert codes_page.status_code == 200

    # Signing in now asks for the second factor before letting the member in.
    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    recovery = Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    response = client.post(
        reverse("mfa_authenticate"), {"code": recovery.wrap().get_unused_codes()[0]}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
