"""The leak matrix for feeds (DESIGN.md §7): viewers × read paths × audiences.

One world per group privacy (open, closed, secret), built the way real
networks get there: the group starts open, a post is written in it while it
is open, then it turns closed (and secret); a second post is written after.
Beside the group, the community wall holds a public article and a
members-only article, and a member's profile wall a members-only post. Every
post carries ``#leak`` and a marker; ``EXPECTED`` below is the rule, spelled
out, and each read path is checked over HTTP (what a browser gets).

Over HTTP a suspended member is signed out (Django refuses inactive
accounts): they get what a visitor gets; the selectors give them no home.
"""

from __future__ import annotations

from dataclasses import dataclass

import feedparser
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from community.feeds import selectors
from community.groups import actions as group_actions
from community.groups.models import Group, Role
from community.members import actions as member_actions
from community.members.models import User
from tests.feeds.conftest import client_for

pytestmark = pytest.mark.django_db

VIEWERS = [
    "anon",
    "member",  # a network member in no group
    "outsider",  # a network member in another group
    "requester",
    "invitee",
    "group_member",
    "group_admin",
    "removed",  # was a member of the group, removed by its owner
    "netadmin",
    "suspended",  # was a member of the group, then suspended
]
PRIVACIES = ["open", "closed", "secret"]
MARKERS = {
    "pub": "MARKPUBARTICLE",
    "mem": "MARKMEMARTICLE",
    "wall": "MARKWALLPOST",
    "grp_early": "MARKGROUPEARLY",
    "grp_late": "MARKGROUPLATE",
}
SIGNED_IN = {v for v in VIEWERS if v not in {"anon", "suspended"}}
IN_GROUP = {"group_member", "group_admin"}
HTMX = {"HX-Request": "true"}


def audience_sees(viewer: str, item: str, privacy: str) -> bool:
    """The visibility rule for a viewer's own feeds (home, profile, tag)."""
    if item == "pub":
        return True  # a public network: visitors too
    if item in ("mem", "wall"):
        return viewer in SIGNED_IN
    # a group post: public when the group is open, its members' otherwise
    return privacy == "open" or viewer in IN_GROUP


def group_page_sees(viewer: str, item: str, privacy: str) -> bool:
    """On the group's own pages network admins moderate: they see it all."""
    if not item.startswith("grp"):
        return False
    return privacy == "open" or viewer in IN_GROUP | {"netadmin"}


EXPECTED = {
    "home_all": lambda v, i, p: v in SIGNED_IN and audience_sees(v, i, p),
    "home_groups": lambda v, i, p: v in IN_GROUP and i.startswith("grp"),
    "home_following": lambda v, i, p: v in SIGNED_IN and audience_sees(v, i, p),
    "home_fragment": lambda v, i, p: v in SIGNED_IN and audience_sees(v, i, p),
    "group_feed": group_page_sees,
    "group_fragment": group_page_sees,
    "group_articles": lambda v, i, p: i == "grp_early" and group_page_sees(v, i, p),
    "profile_feed": audience_sees,
    "wall_owner_profile_feed": lambda v, i, p: i == "wall" and audience_sees(v, i, p),
    "tag_feed": audience_sees,
    "articles": lambda v, i, p: i in ("pub", "mem") and audience_sees(v, i, p),
    "rss": lambda v, i, p: i == "pub",
    "atom": lambda v, i, p: i == "pub",
    "group_rss": lambda v, i, p: i.startswith("grp") and p == "open",
    "group_atom": lambda v, i, p: i.startswith("grp") and p == "open",
    # The htmx fragments ("Show older"), first page and an older one (?before=).
    "group_fragment_older": group_page_sees,
    "profile_fragment": audience_sees,
    "profile_fragment_older": audience_sees,
    "tag_fragment": audience_sees,
    "articles_fragment": lambda v, i, p: i in ("pub", "mem") and audience_sees(v, i, p),
    "group_articles_fragment": lambda v, i, p: i == "grp_early" and group_page_sees(v, i, p),
    # The front door shows signed-out visitors the articles anyone may read.
    "landing": lambda v, i, p: (
        v in ("anon", "suspended") and i in ("pub", "grp_early") and audience_sees(v, i, p)
    ),
}
OLDER = {"before": 2**31 - 1}  # older than anything: the whole feed


@dataclass
class World:
    group: Group
    writer: User
    wall_owner: User
    users: dict


def build_world(privacy: str, make_member, post) -> World:
    names = ["owner", "member", "outsider", "requester", "invitee", "group_member"]
    names += ["group_admin", "removed", "suspended", "writer", "wall_owner"]
    users = {name: make_member(name.replace("_", " ").title()) for name in names}
    users["netadmin"] = make_member("Netadmin", is_network_admin=True)
    owner, writer = users["owner"], users["writer"]
    for person in (writer, users["wall_owner"]):  # visitors may open their profiles
        member_actions.update_privacy(member=person, editor=person, choices={"profile": "everyone"})
    group = group_actions.create_group(creator=owner, name="Witness group", privacy="open")
    other = group_actions.create_group(creator=users["outsider"], name="Other group")
    for name in ("group_member", "group_admin", "removed", "suspended", "writer"):
        group_actions.join_group(user=users[name], group=group)
    group_actions.change_member_role(
        actor=owner, group=group, member=users["group_admin"], role=Role.ADMIN
    )
    post(writer, f"{MARKERS['grp_early']} written while the group is open #leak",
         title=MARKERS["grp_early"], group=group)  # fmt: skip
    post(writer, f"{MARKERS['pub']} for everyone #leak", title=MARKERS["pub"], audience="public")
    post(writer, f"{MARKERS['mem']} for members #leak", title=MARKERS["mem"], audience="members")
    post(writer, f"{MARKERS['wall']} on a wall #leak", wall_owner=users["wall_owner"])
    if privacy != "open":
        group = group_actions.change_group_privacy(actor=owner, group=group, privacy="closed")
        group_actions.request_to_join(user=users["requester"], group=group, message="Hello")
    group_actions.invite_member(inviter=owner, group=group, member=users["invitee"])
    if privacy == "secret":
        group = group_actions.change_group_privacy(actor=owner, group=group, privacy="secret")
    post(writer, f"{MARKERS['grp_late']} written after #leak", group=group)
    group_actions.remove_member(actor=owner, group=group, member=users["removed"])
    for name in VIEWERS:
        if name not in ("anon", "suspended") and users.get(name) is not writer:
            member_actions.follow_member(follower=users[name], member=writer)
    member_actions.suspend_member(admin=users["netadmin"], member=users["suspended"])
    assert other.pk != group.pk
    users["anon"] = None
    return World(group=group, writer=writer, wall_owner=users["wall_owner"], users=users)


@pytest.fixture
def world_for(public_network, make_member, post):
    return lambda privacy: build_world(privacy, make_member, post)


def fetch(world: World, path: str, viewer: str) -> str:
    """What ``viewer`` reads on ``path`` ('' for a redirect to sign in or a 404)."""
    client = client_for(world.users[viewer])
    group = world.group
    url, headers = {
        "home_all": (reverse("home"), {}),
        "home_groups": (reverse("home") + "?tab=groups", {}),
        "home_following": (reverse("home") + "?tab=following", {}),
        "home_fragment": (reverse("feeds:home_feed"), HTMX),
        "group_feed": (group.get_absolute_url(), {}),
        "group_fragment": (reverse("feeds:group_feed", args=[group.slug]), HTMX),
        "group_articles": (reverse("feeds:group_articles", args=[group.slug]), {}),
        "profile_feed": (world.writer.get_absolute_url(), {}),
        "wall_owner_profile_feed": (world.wall_owner.get_absolute_url(), {}),
        "tag_feed": (reverse("feeds:tag", args=["leak"]), {}),
        "articles": (reverse("feeds:articles"), {}),
        "rss": (reverse("feeds:articles_rss"), {}),
        "atom": (reverse("feeds:articles_atom"), {}),
        "group_rss": (reverse("feeds:group_rss", args=[group.slug]), {}),
        "group_atom": (reverse("feeds:group_atom", args=[group.slug]), {}),
        "group_fragment_older": (reverse("feeds:group_feed", args=[group.slug]), HTMX),
        "profile_fragment": (reverse("feeds:profile_feed", args=[world.writer.handle]), HTMX),
        "profile_fragment_older": (
            reverse("feeds:profile_feed", args=[world.writer.handle]),
            HTMX,
        ),
        "tag_fragment": (reverse("feeds:tag", args=["leak"]), HTMX),
        "articles_fragment": (reverse("feeds:articles"), HTMX),
        "group_articles_fragment": (reverse("feeds:group_articles", args=[group.slug]), HTMX),
        "landing": (reverse("landing"), {}),
    }[path]
    response = client.get(url, OLDER if path.endswith("_older") else {}, headers=headers)
    if response.status_code in (302, 403, 404):
        return ""
    assert response.status_code == 200, (path, viewer, response.status_code)
    body = response.content.decode()
    if path in ("rss", "atom", "group_rss", "group_atom"):
        parsed = feedparser.parse(body)
        assert not parsed.bozo, parsed.bozo_exception
        return " ".join(f"{entry.title} {entry.get('summary', '')}" for entry in parsed.entries)
    return body


@pytest.mark.parametrize("path", list(EXPECTED))
@pytest.mark.parametrize("privacy", PRIVACIES)
def test_feed_leak_matrix(world_for, privacy: str, path: str) -> None:
    world = world_for(privacy)
    wrong = []
    for viewer in VIEWERS:
        body = fetch(world, path, viewer)
        for item, marker in MARKERS.items():
            expected = EXPECTED[path](viewer, item, privacy)
            if (marker in body) != expected:
                wrong.append(f"{viewer} {'misses' if expected else 'sees'} {item}")
    assert not wrong, f"{path} on a {privacy} group: " + "; ".join(wrong)


@pytest.mark.parametrize("privacy", PRIVACIES)
def test_selectors_give_a_suspended_member_no_home(world_for, privacy: str) -> None:
    world = world_for(privacy)
    suspended = User.objects.get(pk=world.users["suspended"].pk)
    for tab in selectors.HOME_TABS:
        assert not selectors.home_feed(viewer=suspended, tab=tab)

    # Their profile and tag feeds read like a visitor's: public content only.
    def titles(viewer) -> set[str]:
        return {str(a.target) for a in selectors.profile_feed(viewer=viewer, member=world.writer)}

    seen = titles(suspended)
    assert seen == titles(AnonymousUser())
    assert MARKERS["mem"] not in seen


def test_network_admin_home_shows_only_their_own_audiences(world_for) -> None:
    """Network admins moderate on group pages; their home is what their memberships give."""
    world = world_for("secret")
    netadmin = world.users["netadmin"]
    home = {str(a.target) for a in selectors.home_feed(viewer=netadmin)}
    group_page = {str(a.target) for a in selectors.group_feed(viewer=netadmin, group=world.group)}
    assert MARKERS["grp_early"] not in home
    assert MARKERS["grp_early"] in group_page


def test_private_network_feeds_answer_404_to_everyone(network, make_member, post) -> None:
    writer = make_member("Writer")
    post(writer, "Public words #leak", title="PUBLIC TITLE", audience="public")
    group = group_actions.create_group(creator=writer, name="Open group")
    post(writer, "Open group words", group=group)
    for user in (None, writer):
        client = client_for(user)
        for name, args in [
            ("feeds:articles_rss", []),
            ("feeds:articles_atom", []),
            ("feeds:group_rss", [group.slug]),
            ("feeds:group_atom", [group.slug]),
        ]:
            assert client.get(reverse(name, args=args)).status_code == 404, (name, user)
    # Visitors are sent to sign in for the pages.
    response = client_for(None).get(reverse("feeds:tag", args=["leak"]))
    assert response.status_code == 302
