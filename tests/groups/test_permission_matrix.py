"""The permission matrix: every kind of viewer × every action × every privacy.

``ALLOWED`` is the rule, written out. Each case checks the permission module
(what templates, selectors and actions ask), and each case goes through the
real URLs: what is allowed happens, what is not changes nothing, and a secret
group answers 404 — never 403 — to everyone who may not know it exists.

Over HTTP a suspended member is signed out (Django refuses inactive
accounts), so they get exactly what an anonymous visitor gets on this public
network; through the permission module and the actions they get nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from community.activity.models import Activity
from community.feeds.selectors import group_feed
from community.groups import actions, permissions, selectors
from community.groups.models import Group, GroupInvitation, JoinRequest, Membership, Role
from community.members.models import User
from community.posts.models import Post
from community.posts.permissions import can_post
from tests.groups.conftest import client_for, suspend

pytestmark = pytest.mark.django_db

VIEWERS = [
    "anon",
    "outsider",
    "requester",
    "invitee",
    "member",
    "admin",
    "owner",
    "netadmin",
    "suspended",
]
PRIVACIES = ["open", "closed", "secret"]
GROUP_NAME = "Witness Group"

EVERYONE_WHO_SEES = {"anon", "outsider", "requester", "invitee", "member", "admin", "owner"} | {
    "netadmin"
}
INSIDERS = {"member", "admin", "owner", "netadmin"}
RUNNERS = {"admin", "owner", "netadmin"}

# action -> privacy -> viewers allowed (the rule, spelled out).
ALLOWED: dict[str, dict[str, set[str]]] = {
    "see_in_directory": {
        "open": EVERYONE_WHO_SEES,
        "closed": EVERYONE_WHO_SEES,
        "secret": INSIDERS,
    },
    "open_page": {"open": EVERYONE_WHO_SEES, "closed": EVERYONE_WHO_SEES, "secret": INSIDERS},
    "see_members": {
        "open": EVERYONE_WHO_SEES - {"anon"},
        "closed": INSIDERS,
        "secret": INSIDERS,
    },
    "see_content": {"open": EVERYONE_WHO_SEES, "closed": INSIDERS, "secret": INSIDERS},
    "join": {
        "open": {"outsider", "requester", "invitee", "netadmin"},
        "closed": set(),
        "secret": set(),
    },
    "request": {"open": set(), "closed": {"outsider", "netadmin"}, "secret": set()},
    "invite": {"open": RUNNERS, "closed": RUNNERS, "secret": RUNNERS},
    "approve": {"open": RUNNERS, "closed": RUNNERS, "secret": RUNNERS},
    "remove": {"open": RUNNERS, "closed": RUNNERS, "secret": RUNNERS},
    "promote": {"open": RUNNERS, "closed": RUNNERS, "secret": RUNNERS},
    "edit": {"open": RUNNERS, "closed": RUNNERS, "secret": RUNNERS},
    "delete": {
        "open": {"owner", "netadmin"},
        "closed": {"owner", "netadmin"},
        "secret": {"owner", "netadmin"},
    },
    # The composer (/posts/new/?group=<slug>): its members only; a network
    # admin moderates but does not post in a group they are not in.
    "post": {
        "open": INSIDERS - {"netadmin"},
        "closed": INSIDERS - {"netadmin"},
        "secret": INSIDERS - {"netadmin"},
    },
}


def allowed(action: str, privacy: str, viewer: str) -> bool:
    return viewer in ALLOWED[action][privacy]


def may_know(privacy: str, viewer: str) -> bool:
    return allowed("open_page", privacy, viewer)


@dataclass
class World:
    group: Group
    users: dict[str, User | AnonymousUser]
    target: User  # a plain member that admins may remove or promote
    candidate: User  # a network member nobody invited yet
    join_request: JoinRequest

    def refresh(self) -> Group | None:
        return Group.objects.filter(pk=self.group.pk).first()


def build_world(privacy: str, make_member) -> World:
    """A group that went open → closed → ``privacy`` the way real groups do, with
    one viewer of each kind."""
    names = ["owner", "admin", "member", "requester", "invitee", "outsider", "suspended"]
    users: dict[str, User | AnonymousUser] = {name: make_member(name.title()) for name in names}
    users["netadmin"] = make_member("Netadmin", is_network_admin=True)
    users["anon"] = AnonymousUser()
    target = make_member("Target")
    candidate = make_member("Candidate")
    owner = users["owner"]
    group = actions.create_group(creator=owner, name=GROUP_NAME, privacy="open")
    for name in ("admin", "member", "suspended"):
        actions.join_group(user=users[name], group=group)
    actions.join_group(user=target, group=group)
    actions.change_member_role(actor=owner, group=group, member=users["admin"], role=Role.ADMIN)
    group = actions.change_group_privacy(actor=owner, group=group, privacy="closed")
    join_request = actions.request_to_join(user=users["requester"], group=group, message="Hi")
    actions.invite_member(inviter=owner, group=group, member=users["invitee"])
    if privacy != "closed":
        group = actions.change_group_privacy(actor=owner, group=group, privacy=privacy)
    suspend(users["suspended"])
    return World(group, users, target, candidate, join_request)


@pytest.fixture
def world_for(public_network, make_member):
    return lambda privacy: build_world(privacy, make_member)


# --- The permission module (and the selectors built on it) -------------------------------


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("privacy", PRIVACIES)
def test_permission_module_answers_the_matrix(world_for, privacy: str, viewer: str) -> None:
    world = world_for(privacy)
    user = world.users[viewer]
    group = world.group
    access = permissions.GroupAccess(user, group)
    target = Membership.objects.get(group=group, user=world.target)
    in_directory = selectors.directory(viewer=user).filter(pk=group.pk).exists()
    shown_content = bool(group_feed(viewer=user, group=group))
    answers = {
        "see_in_directory": in_directory,
        "open_page": access.can_see_group,
        "see_members": access.can_see_members,
        "see_content": access.can_see_content and shown_content,
        "join": access.can_join,
        "request": access.can_request,
        "invite": access.can_invite,
        "approve": access.can_decide_requests,
        "remove": access.can_remove(target),
        "promote": access.can_change_role(target),
        "edit": access.can_edit,
        "delete": access.can_delete,
        "post": can_post(user, group=group, access=access),
    }
    expected = {action: allowed(action, privacy, viewer) for action in ALLOWED}
    assert answers == expected
    # The one-question functions agree with the access object.
    assert permissions.can_see_group(user, group) == expected["open_page"]
    assert permissions.can_see_members(user, group) == expected["see_members"]
    assert permissions.can_join_group(user, group) == expected["join"]
    assert permissions.can_edit_group(user, group) == expected["edit"]
    assert permissions.can_delete_group(user, group) == expected["delete"]


# --- Reading over HTTP -------------------------------------------------------------------


def http_viewer(viewer: str) -> str:
    """Over HTTP a suspended account is signed out: it is an anonymous visitor."""
    return "anon" if viewer == "suspended" else viewer


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("privacy", PRIVACIES)
def test_pages_answer_the_matrix(world_for, privacy: str, viewer: str) -> None:
    world = world_for(privacy)
    user = world.users[viewer]
    client = client_for(user if user.is_authenticated else None)
    if viewer == "suspended":
        response = client.get(reverse("groups:directory"))
        assert SESSION_KEY in client.session  # the session is still there…
        assert not response.wsgi_request.user.is_authenticated  # …but it signs no one in
    as_seen = http_viewer(viewer)
    group = world.group
    created = Activity.objects.get(group=group, verb="created_group")

    directory = client.get(reverse("groups:directory"))
    assert directory.status_code == 200
    assert (GROUP_NAME in directory.content.decode()) == allowed(
        "see_in_directory", privacy, as_seen
    )
    search = client.get(reverse("groups:directory"), {"q": "Witness"})
    assert (GROUP_NAME in search.content.decode()) == allowed("see_in_directory", privacy, as_seen)

    page = client.get(group.get_absolute_url())
    if allowed("open_page", privacy, as_seen):
        assert page.status_code == 200
        assert f'id="activity-{created.pk}"' in page.content.decode() or not allowed(
            "see_content", privacy, as_seen
        )
        assert (f'id="activity-{created.pk}"' in page.content.decode()) == allowed(
            "see_content", privacy, as_seen
        )
    else:
        assert page.status_code == 404

    members = client.get(reverse("groups:members", args=[group.slug]))
    if allowed("see_members", privacy, as_seen):
        assert members.status_code == 200
        assert "Target" in members.content.decode()
    elif not may_know(privacy, as_seen):
        assert members.status_code == 404
    elif as_seen == "anon":
        assert members.status_code == 302
        assert members["Location"].startswith(reverse("account_login"))
    else:
        assert members.status_code == 403

    # The composer names the group only where the viewer may post in it.
    composer = client.get(reverse("posts:create"), {"group": group.slug})
    assert_refused_unless(
        composer, allowed("post", privacy, as_seen), privacy, as_seen, sign_in_first=True
    )
    assert (f"In {GROUP_NAME}" in composer.content.decode()) == allowed("post", privacy, as_seen)


def assert_refused_unless(
    response, allowed_here: bool, privacy: str, as_seen: str, *, sign_in_first: bool = False
) -> None:
    """200 when allowed; else 404 (name nowhere) for who may not know the
    group, the sign-in page for a visitor (before anything else on a page
    that ``sign_in_first``), 403 for the others."""
    if allowed_here:
        assert response.status_code == 200
    elif not may_know(privacy, as_seen) and not (sign_in_first and as_seen == "anon"):
        assert response.status_code == 404
        assert GROUP_NAME not in response.content.decode()
    elif as_seen == "anon":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("privacy", PRIVACIES)
def test_htmx_fragments_answer_the_matrix(world_for, privacy: str, viewer: str) -> None:
    """The member search (``?q=``) of the member list and the invite page's
    candidate search, as htmx fragments: what their pages answer, never a
    name the viewer may not read."""
    world = world_for(privacy)
    user = world.users[viewer]
    client = client_for(user if user.is_authenticated else None)
    as_seen = http_viewer(viewer)
    slug = world.group.slug
    members = client.get(reverse("groups:members", args=[slug]), {"q": "Targ"}, headers=HTMX)
    assert_refused_unless(members, allowed("see_members", privacy, as_seen), privacy, as_seen)
    assert ("Target" in members.content.decode()) == allowed("see_members", privacy, as_seen)
    invite = client.get(reverse("groups:invite", args=[slug]), {"q": "Candid"}, headers=HTMX)
    assert_refused_unless(invite, allowed("invite", privacy, as_seen), privacy, as_seen)
    assert ("Candidate" in invite.content.decode()) == allowed("invite", privacy, as_seen)


# --- Writing over HTTP ------------------------------------------------------------------------


def do_join(client: Client, world: World):
    return client.post(reverse("groups:join", args=[world.group.slug]))


def did_join(world: World, user: User | None, before: dict) -> bool:
    return user is not None and (
        Membership.objects.filter(group=world.group, user=user).exists() and not before["member"]
    )


def do_request(client: Client, world: World):
    return client.post(reverse("groups:request", args=[world.group.slug]), {"message": "Please"})


def did_request(world: World, user, before: dict) -> bool:
    return user is not None and (
        JoinRequest.objects.filter(group=world.group, user=user, message="Please").exists()
    )


def do_invite(client: Client, world: World):
    return client.post(
        reverse("groups:invite", args=[world.group.slug]),
        {"kind": "member", "member-member": world.candidate.handle},
    )


def did_invite(world: World, user, before: dict) -> bool:
    return GroupInvitation.objects.filter(group=world.group, user=world.candidate).exists()


def do_approve(client: Client, world: World):
    return client.post(
        reverse("groups:decide_request", args=[world.group.slug, world.join_request.pk]),
        {"decision": "approve"},
    )


def did_approve(world: World, user, before: dict) -> bool:
    return JoinRequest.objects.filter(
        pk=world.join_request.pk, status="approved", decided_by=user
    ).exists()


def do_remove(client: Client, world: World):
    return client.post(
        reverse("groups:remove_member", args=[world.group.slug, world.target.handle])
    )


def did_remove(world: World, user, before: dict) -> bool:
    return not Membership.objects.filter(group=world.group, user=world.target).exists()


def do_promote(client: Client, world: World):
    return client.post(
        reverse("groups:change_role", args=[world.group.slug, world.target.handle]),
        {"role": "admin"},
    )


def did_promote(world: World, user, before: dict) -> bool:
    return Membership.objects.filter(group=world.group, user=world.target, role=Role.ADMIN).exists()


def do_edit(client: Client, world: World):
    return client.post(
        reverse("groups:edit", args=[world.group.slug]),
        {"name": "Renamed", "description": "", "privacy": world.group.privacy},
    )


def did_edit(world: World, user, before: dict) -> bool:
    group = world.refresh()
    return group is not None and group.name == "Renamed"


def do_delete(client: Client, world: World):
    return client.post(reverse("groups:delete", args=[world.group.slug]))


def did_delete(world: World, user, before: dict) -> bool:
    return world.refresh() is None


def do_post(client: Client, world: World):
    return client.post(reverse("posts:create"), {"group": world.group.slug, "body": "Matrix post"})


def did_post(world: World, user, before: dict) -> bool:
    return Post.objects.filter(group=world.group, body="Matrix post").exists()


WRITES = {
    "join": (do_join, did_join),
    "request": (do_request, did_request),
    "invite": (do_invite, did_invite),
    "approve": (do_approve, did_approve),
    "remove": (do_remove, did_remove),
    "promote": (do_promote, did_promote),
    "edit": (do_edit, did_edit),
    "delete": (do_delete, did_delete),
    "post": (do_post, did_post),
}


@pytest.mark.parametrize("action", list(WRITES))
@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("privacy", PRIVACIES)
def test_actions_answer_the_matrix(world_for, privacy: str, viewer: str, action: str) -> None:
    world = world_for(privacy)
    user = world.users[viewer]
    as_seen = http_viewer(viewer)
    perform, happened = WRITES[action]
    before = {
        "member": user.is_authenticated
        and Membership.objects.filter(group=world.group, user=user).exists()
    }
    response = perform(client_for(user if user.is_authenticated else None), world)
    expected = allowed(action, privacy, as_seen)
    if action == "approve" and privacy == "secret":
        # Turning the group secret cancelled the pending request: the admins pass
        # the permission check and are told it was already handled.
        expected = False
        if allowed(action, privacy, as_seen):
            assert response.status_code == 302
            assert response["Location"] == reverse("groups:requests", args=[world.group.slug])
    assert happened(world, user if as_seen != "anon" else None, before) == expected, response
    if expected:
        assert response.status_code == 302
    elif as_seen == "anon" and action == "post":  # the composer signs visitors in first
        assert response["Location"].startswith(reverse("account_login"))
    elif not may_know(privacy, as_seen):
        assert response.status_code == 404  # never 403: the group does not exist for them
    elif as_seen == "anon":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif action != "approve" or privacy != "secret" or not allowed(action, privacy, as_seen):
        # Known but not allowed: refused, or (asking twice) a no-op back to the group.
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert action in ("join", "request") and viewer in {
                "member",
                "admin",
                "owner",
                "requester",
            }


# --- Calling the actions directly (commands, later the realtime consumer…) --------------------

DIRECT_ACTIONS = {
    "join": lambda user, w: actions.join_group(user=user, group=w.group),
    "request": lambda user, w: actions.request_to_join(user=user, group=w.group),
    "invite": lambda user, w: actions.invite_member(
        inviter=user, group=w.group, member=w.candidate
    ),
    "approve": lambda user, w: actions.approve_join_request(
        actor=user, join_request=w.join_request
    ),
    "remove": lambda user, w: actions.remove_member(actor=user, group=w.group, member=w.target),
    "promote": lambda user, w: actions.change_member_role(
        actor=user, group=w.group, member=w.target, role=Role.ADMIN
    ),
    "edit": lambda user, w: actions.update_group(actor=user, group=w.group, name="Renamed"),
    "privacy": lambda user, w: actions.change_group_privacy(
        actor=user, group=w.group, privacy="open"
    ),
    "archive": lambda user, w: actions.set_group_archived(actor=user, group=w.group, archived=True),
    "transfer": lambda user, w: actions.transfer_ownership(
        actor=user, group=w.group, new_owner=w.target
    ),
    "delete": lambda user, w: actions.delete_group(actor=user, group=w.group),
}


@pytest.mark.parametrize("action", list(DIRECT_ACTIONS))
@pytest.mark.parametrize("viewer", ["outsider", "requester", "invitee"])
def test_actions_answer_404_to_those_who_may_not_know_a_secret_group(
    world_for, viewer: str, action: str
) -> None:
    world = world_for("secret")
    before = (
        Group.objects.filter(pk=world.group.pk).values().first(),
        list(Membership.objects.filter(group=world.group).values_list("user_id", "role")),
        GroupInvitation.objects.count(),
    )
    with pytest.raises(Http404):
        DIRECT_ACTIONS[action](world.users[viewer], world)
    after = (
        Group.objects.filter(pk=world.group.pk).values().first(),
        list(Membership.objects.filter(group=world.group).values_list("user_id", "role")),
        GroupInvitation.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize("action", list(DIRECT_ACTIONS))
def test_a_suspended_member_can_do_nothing_through_the_actions(world_for, action: str) -> None:
    world = world_for("open")
    world.group = actions.change_group_privacy(
        actor=world.users["owner"], group=world.group, privacy="closed"
    )
    Membership.objects.filter(group=world.group, user=world.users["suspended"]).update(
        role=Role.OWNER  # even an owner's powers end with the suspension
    )
    with pytest.raises((Http404, PermissionDenied)):
        DIRECT_ACTIONS[action](world.users["suspended"], world)
    assert Group.objects.filter(pk=world.group.pk, name=GROUP_NAME, archived=False).exists()
