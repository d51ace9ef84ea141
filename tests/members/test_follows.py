"""Following members: idempotent, never oneself, counted on the profile."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from community.members import actions
from community.members.models import Follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob(make_member):
    return make_member("Bob Durand")


def test_follow_and_unfollow_are_idempotent(member, bob) -> None:
    first = actions.follow_member(follower=member, member=bob)
    again = actions.follow_member(follower=member, member=bob)
    assert first.pk == again.pk
    assert Follow.objects.filter(follower=member, followed=bob).count() == 1
    actions.unfollow_member(follower=member, member=bob)
    actions.unfollow_member(follower=member, member=bob)
    assert not Follow.objects.exists()


def test_nobody_follows_themself(member) -> None:
    with pytest.raises(ValidationError):
        actions.follow_member(follower=member, member=member)
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=member, followed=member)


def test_the_database_refuses_a_duplicate_follow(member, bob) -> None:
    actions.follow_member(follower=member, member=bob)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=member, followed=bob)


def test_suspended_members_cannot_be_followed(network_admin, member, bob) -> None:
    actions.suspend_member(admin=network_admin, member=bob)
    bob.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.follow_member(follower=member, member=bob)


def test_follow_button_and_counts_on_the_profile(member, bob, member_client: Client) -> None:
    profile = member_client.get(bob.get_absolute_url()).content.decode()
    assert "<strong>0</strong> followers" in profile
    assert reverse("members:follow", args=[bob.handle]) in profile

    response = member_client.post(reverse("members:follow", args=[bob.handle]))
    assert response.status_code == 302
    profile = member_client.get(bob.get_absolute_url()).content.decode()
    assert "<strong>1</strong> follower" in profile
    assert reverse("members:unfollow", args=[bob.handle]) in profile
    mine = member_client.get(member.get_absolute_url()).content.decode()
    assert "<strong>1</strong> following" in mine
    # No follow button on one's own profile.
    assert reverse("members:follow", args=[member.handle]) not in mine

    member_client.post(reverse("members:unfollow", args=[bob.handle]))
    assert not Follow.objects.exists()


def test_htmx_follow_swaps_the_follow_box(member, bob, member_client: Client) -> None:
    response = member_client.post(
        reverse("members:follow", args=[bob.handle]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="follow-box" id="follow-box">')
    assert "<strong>1</strong> follower" in html
    assert Follow.objects.filter(follower=member, followed=bob).exists()


def test_follow_needs_a_post_and_a_signed_in_member(public_network, bob) -> None:
    visitor = Client()
    assert visitor.post(reverse("members:follow", args=[bob.handle])).status_code == 302
    assert not Follow.objects.exists()
    member_client = Client()
    member_client.force_login(bob)
    assert member_client.get(reverse("members:follow", args=[bob.handle])).status_code == 405


def test_followers_and_following_lists(member, bob, make_member, member_client: Client) -> None:
    carol = make_member("Carol Petit")
    actions.follow_member(follower=member, member=bob)
    actions.follow_member(follower=carol, member=bob)
    followers = member_client.get(reverse("members:followers", args=[bob.handle]))
    assert "Alice Martin" in followers.content.decode()
    assert "Carol Petit" in followers.content.decode()
    following = member_client.get(reverse("members:following", args=[member.handle]))
    assert "Bob Durand" in following.content.decode()


def test_profile_shows_the_groups_the_viewer_may_see(member, bob, member_client: Client) -> None:
    """The profile's groups slot (filled by the groups capability)."""
    from community.groups import actions as group_actions

    open_group = group_actions.create_group(creator=bob, name="Jardin partagé")
    secret = group_actions.create_group(creator=bob, name="Bureau secret", privacy="secret")
    html = member_client.get(bob.get_absolute_url()).content.decode()
    assert open_group.get_absolute_url() in html
    assert "Bureau secret" not in html and secret.get_absolute_url() not in html
    visitor_view = Client().get(bob.get_absolute_url())
    assert "Jardin partagé" not in visitor_view.content.decode()
