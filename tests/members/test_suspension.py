"""Network admins manage members: search, status filter, suspension."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from community.members import actions
from community.members.models import MemberStatus, User
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_suspension_ends_the_members_sessions_at_once(
    network_admin, member, member_client: Client, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    sent = []
    monkeypatch.setattr(
        "realtime.publish._group_send", lambda audience, message: sent.append((audience, message))
    )
    assert member_client.get(reverse("home")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        actions.suspend_member(admin=network_admin, member=member)

    member.refresh_from_db()
    assert member.status == MemberStatus.SUSPENDED and not member.is_active
    # One "re-check your session" to the member's sockets (not one from the
    # action and a second from the deactivation signal).
    assert sent == [(f"user:{member.pk}", {"type": "realtime.revalidate", "session": None})]
    # The very next request with the old session is anonymous.
    response = member_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    # And signing in again is refused.
    fresh = Client()
    response = fresh.post(
        reverse("account_login"), {"login": member.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 403
    assert fresh.get(reverse("home")).status_code == 302


def test_reactivation_lets_the_member_back_in(network_admin, member) -> None:
    actions.suspend_member(admin=network_admin, member=member)
    actions.reactivate_member(admin=network_admin, member=member)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE and member.is_active
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def test_only_network_admins_suspend_and_never_themselves(
    network_admin, member, make_member
) -> None:
    other = make_member("Bob")
    with pytest.raises(PermissionDenied):
        actions.suspend_member(admin=member, member=other)
    with pytest.raises(ValidationError):
        actions.suspend_member(admin=network_admin, member=network_admin)
    other.refresh_from_db()
    network_admin.refresh_from_db()
    assert other.is_active and network_admin.is_active


def test_suspend_page_asks_for_confirmation_without_javascript(
    network_admin_client: Client, member
) -> None:
    url = reverse("members:suspend", args=[member.pk])
    page = network_admin_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<form method="post"' in html and "data-confirm" in html
    member.refresh_from_db()
    assert member.is_active
    response = network_admin_client.post(url)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.SUSPENDED
    network_admin_client.post(reverse("members:reactivate", args=[member.pk]))
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE


def test_members_admin_page_searches_filters_and_paginates(
    network_admin, network_admin_client: Client, make_member
) -> None:
    for n in range(55):
        make_member(f"Volunteer {n:02d}")
    suspended = make_member("Zed Suspended")
    actions.suspend_member(admin=network_admin, member=suspended)
    url = reverse("members:manage_members")
    first = network_admin_client.get(url).content.decode()
    assert "Page 1 of 2" in first
    found = network_admin_client.get(url, {"q": "zed"}).content.decode()
    assert "Zed Suspended" in found and "Volunteer 01" not in found
    only_suspended = network_admin_client.get(url, {"status": "suspended"}).content.decode()
    assert "Zed Suspended" in only_suspended and "Volunteer 01" not in only_suspended
    assert reverse("members:reactivate", args=[suspended.pk]) in only_suspended
    by_email = network_admin_client.get(url, {"q": suspended.email}).content.decode()
    assert "Zed Suspended" in by_email


def test_members_admin_pages_are_for_network_admins(member_client: Client, member) -> None:
    assert member_client.get(reverse("members:manage_members")).status_code == 403
    assert member_client.post(reverse("members:suspend", args=[member.pk])).status_code == 403
    assert User.objects.get(pk=member.pk).is_active


def test_suspended_profile_is_hidden_from_members(
    network_admin, member_client: Client, make_member, network_admin_client: Client
) -> None:
    bob = make_member("Bob Hidden")
    actions.suspend_member(admin=network_admin, member=bob)
    assert member_client.get(bob.get_absolute_url()).status_code == 404
    admin_view = network_admin_client.get(bob.get_absolute_url())
    assert admin_view.status_code == 200 and "Suspended" in admin_view.content.decode()
