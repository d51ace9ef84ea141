"""A member's group list (shown on their profile) reveals only what the viewer
may know: open groups, the viewer's own groups, everything for a network admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from community.groups import actions
from community.groups.selectors import groups_of_member
from tests.groups.conftest import suspend

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_groups(owner, make_member, make_group):
    alice = make_member("Alice")
    groups = {}
    for privacy in ("open", "closed", "secret"):
        group = make_group(owner, name=f"{privacy.title()} group")
        actions.join_group(user=alice, group=group)
        groups[privacy] = actions.change_group_privacy(actor=owner, group=group, privacy=privacy)
    return alice, groups


def names(viewer, member) -> set[str]:
    return {group.name for group in groups_of_member(viewer=viewer, member=member)}


def test_a_stranger_sees_only_open_groups(alice_groups, make_member) -> None:
    alice, _ = alice_groups
    assert names(make_member("Stranger"), alice) == {"Open group"}


def test_a_fellow_member_sees_the_groups_they_share(alice_groups, owner) -> None:
    alice, _ = alice_groups
    assert names(owner, alice) == {"Open group", "Closed group", "Secret group"}


def test_a_network_admin_sees_them_all(alice_groups, network_admin) -> None:
    alice, _ = alice_groups
    assert names(network_admin, alice) == {"Open group", "Closed group", "Secret group"}


def test_visitors_and_suspended_members_see_none(alice_groups, make_member) -> None:
    alice, _ = alice_groups
    assert names(AnonymousUser(), alice) == set()
    assert names(suspend(make_member("Suspended")), alice) == set()


def test_the_member_sees_their_own_with_roles(alice_groups, owner) -> None:
    alice, _ = alice_groups
    roles = {g.name: g.member_role for g in groups_of_member(viewer=alice, member=alice)}
    assert roles == {"Open group": "member", "Closed group": "member", "Secret group": "member"}
    assert {g.member_role for g in groups_of_member(viewer=alice, member=owner)} == {"owner"}


def test_the_partial_for_profiles(alice_groups, make_member) -> None:
    alice, groups = alice_groups
    stranger = make_member("Stranger")
    html = render_to_string(
        "groups/_member_groups.html",
        {"groups": groups_of_member(viewer=stranger, member=alice), "member": alice},
    )
    assert groups["open"].get_absolute_url() in html
    assert "Closed group" not in html and "Secret group" not in html
    empty = render_to_string(
        "groups/_member_groups.html",
        {"groups": groups_of_member(viewer=stranger, member=stranger), "member": stranger},
    )
    assert "Stranger is not in any group you can see." in empty
