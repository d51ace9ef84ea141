"""The group pages a person uses: directory, creation, my groups, group page."""

from __future__ import annotations

import pytest
from django.template import loader
from django.template.loader_tags import BlockNode
from django.test import Client
from django.urls import reverse

from community.core.models import GroupCreation
from community.groups import actions, selectors
from community.groups.models import Group, Membership, Role
from tests.groups.conftest import client_for

pytestmark = pytest.mark.django_db


def test_groups_appear_in_the_main_menu(member_client: Client) -> None:
    page = member_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("groups:directory")}"' in page


def test_directory_empty_state_invites_to_create(member_client: Client) -> None:
    page = member_client.get(reverse("groups:directory")).content.decode()
    assert "No groups yet" in page
    assert reverse("groups:create") in page


def test_directory_search_filter_and_pagination(owner, make_member, make_group) -> None:
    viewer = make_member("Viewer")
    for n in range(30):
        group = make_group(owner, name=f"Atelier {n:02d}", description="Couture et réparation")
        if n < 3:
            actions.join_group(user=viewer, group=group)
    make_group(owner, name="Jardin", description="Plantations")
    client = client_for(viewer)

    first = client.get(reverse("groups:directory")).content.decode()
    assert "31 groups" in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("groups:directory"), {"page": 2}).content.decode()
    assert "Jardin" in second or "Jardin" in first

    search = client.get(reverse("groups:directory"), {"q": "plantation"}).content.decode()
    assert "Jardin" in search and "Atelier 00" not in search
    assert "1 group" in search

    mine = client.get(reverse("groups:directory"), {"membership": "mine"}).content.decode()
    assert "3 groups" in mine and "Atelier 00" in mine and "Jardin" not in mine
    assert "Member" in mine  # their role is marked

    other = client.get(reverse("groups:directory"), {"membership": "other"}).content.decode()
    assert "28 groups" in other and "Atelier 00" not in other

    paged = client.get(reverse("groups:directory"), {"q": "atelier", "page": 1}).content.decode()
    assert "q=atelier&amp;page=2" in paged

    none = client.get(reverse("groups:directory"), {"q": "zzz"}).content.decode()
    assert "No group matches" in none


def test_network_admin_sees_secret_groups_marked_as_such(
    owner, network_admin, make_member, make_group
) -> None:
    group = make_group(owner, name="Board")
    actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    page = client_for(network_admin).get(reverse("groups:directory")).content.decode()
    assert "Board" in page
    assert ">Secret</span>" in page
    assert (
        "Board"
        not in client_for(make_member("Other")).get(reverse("groups:directory")).content.decode()
    )


def test_creating_a_group(member, member_client: Client) -> None:
    form = member_client.get(reverse("groups:create"))
    assert form.status_code == 200
    body = form.content.decode()
    for label in ('for="id_name"', 'for="id_slug"', 'for="id_description"', 'for="id_avatar"'):
        assert label in body
    assert "Invisible to everyone who is not a member" in body  # what "secret" means
    response = member_client.post(
        reverse("groups:create"),
        {"name": "Repair café", "description": "We fix *things*.", "privacy": "closed"},
    )
    group = Group.objects.get(slug="repair-cafe")
    assert response["Location"] == group.get_absolute_url()
    assert group.privacy == "closed" and group.created_by == member
    assert Membership.objects.get(group=group).role == Role.OWNER
    page = member_client.get(group.get_absolute_url()).content.decode()
    assert "<em>things</em>" in page  # Markdown rendered
    assert "Repair café" in page


def test_description_markdown_is_sanitised(owner, member_client: Client, make_group) -> None:
    group = make_group(
        owner,
        description="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>",
    )
    page = member_client.get(group.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "javascript:alert" not in page
    assert "onerror" not in page


def test_only_network_admins_create_groups_when_the_network_says_so(
    network, member, member_client: Client, network_admin_client: Client
) -> None:
    network.group_creation = GroupCreation.ADMINS
    network.save()
    assert member_client.get(reverse("groups:create")).status_code == 403
    response = member_client.post(reverse("groups:create"), {"name": "X", "privacy": "open"})
    assert response.status_code == 403
    assert (
        reverse("groups:create")
        not in member_client.get(reverse("groups:directory")).content.decode()
    )
    assert not Group.objects.exists()
    response = network_admin_client.post(
        reverse("groups:create"), {"name": "Allowed", "privacy": "open"}
    )
    assert response.status_code == 302
    assert Group.objects.filter(name="Allowed").exists()


def test_group_creation_setting_is_on_the_network_settings_page(
    network, network_admin_client: Client
) -> None:
    from tests.core.test_network_settings import settings_data

    url = reverse("core:network_settings")
    page = network_admin_client.get(url).content.decode()
    assert "Only network admins may create groups" in page
    response = network_admin_client.post(url, settings_data(network, group_creation="admins"))
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.group_creation == GroupCreation.ADMINS


def test_my_groups_page(owner, make_member, make_group) -> None:
    me = make_member("Me")
    joined = make_group(owner, name="Joined")
    actions.join_group(user=me, group=joined)
    invited = make_group(owner, name="Invited")
    actions.invite_member(inviter=owner, group=invited, member=me)
    asked = make_group(owner, name="Asked", privacy="closed")
    actions.request_to_join(user=me, group=asked)
    page = client_for(me).get(reverse("groups:mine")).content.decode()
    for text in (
        "Joined",
        "Invited",
        "Asked",
        "Accept and join",
        "Withdraw",
        "Waiting for approval",
    ):
        assert text in page
    empty = client_for(make_member("New")).get(reverse("groups:mine")).content.decode()
    assert "You are not in any group yet" in empty


def test_group_page_for_members_and_admins(owner, make_member, make_group) -> None:
    member = make_member("Member")
    group = make_group(owner, name="Garden", privacy="closed")
    actions.invite_member(inviter=owner, group=group, member=member)
    actions.request_to_join(user=make_member("Asker"), group=group)
    owner_page = client_for(owner).get(group.get_absolute_url()).content.decode()
    assert "1 request to join" in owner_page
    assert "1 pending invitation" in owner_page
    assert reverse("groups:edit", args=[group.slug]) in owner_page
    invitation = selectors.invitations_for(user=member).get()
    actions.respond_to_invitation(user=member, invitation=invitation, accept=True)
    member_page = client_for(member).get(group.get_absolute_url()).content.decode()
    assert "<strong>Member</strong> joined the group." in member_page
    assert "See all members" in member_page
    assert reverse("groups:requests", args=[group.slug]) not in member_page
    assert reverse("groups:edit", args=[group.slug]) not in member_page


def test_group_page_keeps_slots_for_later_issues() -> None:
    template = loader.get_template("groups/detail.html").template
    names = {node.name for node in template.nodelist.get_nodes_by_type(BlockNode)}
    assert {"group_feed", "group_projects", "group_events"} <= names


def test_anonymous_visitor_on_a_public_network(public_network, owner, make_group) -> None:
    group = make_group(owner, name="Open garden")
    visitor = Client()
    page = visitor.get(group.get_absolute_url()).content.decode()
    assert "Sign in to join" in page
    response = visitor.post(reverse("groups:join", args=[group.slug]))
    assert response["Location"].startswith(reverse("account_login"))
    assert Membership.objects.filter(group=group).count() == 1


def test_anonymous_visitor_on_a_private_network_is_sent_to_sign_in(
    network, owner, make_group
) -> None:
    group = make_group(owner, name="Garden")
    for url in (reverse("groups:directory"), group.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_unknown_group_is_a_404(member_client: Client) -> None:
    assert member_client.get(reverse("groups:detail", args=["nope"])).status_code == 404
