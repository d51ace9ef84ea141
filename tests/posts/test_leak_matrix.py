"""The leak matrix (DESIGN.md §7) for posts' own read paths: the permalink,
post images, comments (read on the permalink, written through the comment
endpoint), reactions (written through the react endpoint), "who reacted"
and the comment/reaction endpoints of a comment — for every viewer and every
audience. Visible iff allowed; otherwise 404 (or, for a visitor on a private
network, the sign-in page), and never the content."""

from __future__ import annotations

import pytest

from community.groups import actions as group_actions
from community.groups.models import Privacy
from community.posts import actions
from community.posts.models import Comment, Post, Reaction
from tests.posts.conftest import client_for, join, png_upload

VIEWERS = ["anonymous", "member", "group_member", "group_admin", "network_admin", "suspended"]
AUDIENCES = ["public_wall", "members_wall", "open_group", "closed_group", "secret_group"]

# Who sees what, on a public network. Network admins moderate groups: they open
# every group's posts from the group's pages, including a secret group's.
# A suspended member is signed out by Django: they see what a visitor sees.
SEES = {
    "anonymous": {"public_wall", "open_group"},
    "member": {"public_wall", "members_wall", "open_group"},
    "group_member": set(AUDIENCES),
    "group_admin": set(AUDIENCES),
    "network_admin": set(AUDIENCES),
    "suspended": {"public_wall", "open_group"},
}
# Who may comment and react: readers through their own audiences (a network
# admin outside a closed or secret group moderates, but does not take part).
TAKES_PART = {
    "anonymous": set(),
    "member": {"public_wall", "members_wall", "open_group"},
    "group_member": set(AUDIENCES),
    "group_admin": set(AUDIENCES),
    "network_admin": {"public_wall", "members_wall", "open_group"},
    "suspended": set(),
}
MARKER = "Zebra-{audience}-secret-words"


def viewer_of(world, name: str):
    return None if name == "anonymous" else getattr(world, name)


def post_in(world, audience: str, **kwargs):
    body = MARKER.format(audience=audience)
    author = world.author
    if audience == "public_wall":
        return actions.create_post(author=author, body=body, audience="public", **kwargs)
    if audience == "members_wall":
        return actions.create_post(author=author, body=body, audience="members", **kwargs)
    group = {"open_group": world.open, "closed_group": world.closed, "secret_group": world.secret}
    return actions.create_post(author=author, body=body, group=group[audience], **kwargs)


@pytest.fixture
def posts(public_network, world):
    made = {}
    for audience in AUDIENCES:
        post = post_in(world, audience, images=[png_upload()])
        comment = actions.add_comment(
            author=world.group_member, post=post, body=f"Comment-{audience}-words"
        )
        actions.toggle_reaction(user=world.author, post=post, kind="love")
        actions.toggle_reaction(user=world.author, comment=comment, kind="wow")
        made[audience] = (post, comment)
    return made


def assert_hidden(response, marker: str = "") -> None:
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404, response.status_code
    if marker:
        assert marker not in response.content.decode(errors="ignore")


# One test per viewer and read path; each checks every audience.


@pytest.mark.parametrize("viewer", VIEWERS)
def test_permalink(posts, world, viewer) -> None:
    client = client_for(viewer_of(world, viewer))
    for audience in AUDIENCES:
        post, _comment = posts[audience]
        response = client.get(post.get_absolute_url())
        marker = MARKER.format(audience=audience)
        if audience in SEES[viewer]:
            assert response.status_code == 200, audience
            page = response.content.decode()
            assert marker in page
            assert f"Comment-{audience}-words" in page  # comments are read on the permalink
        else:
            assert_hidden(response, marker)
            assert f"Comment-{audience}-words" not in response.content.decode()


@pytest.mark.parametrize("viewer", VIEWERS)
def test_post_image(posts, world, viewer) -> None:
    client = client_for(viewer_of(world, viewer))
    for audience in AUDIENCES:
        post, _comment = posts[audience]
        response = client.get(post.images.get().get_absolute_url())
        if audience in SEES[viewer]:
            assert response.status_code == 200, audience
            assert response["Content-Type"] in ("image/jpeg", "image/png")
            assert b"".join(response.streaming_content)[:4] in (b"\xff\xd8\xff\xe0", b"\x89PNG")
        else:
            assert_hidden(response)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_post_image_page(posts, world, viewer) -> None:
    client = client_for(viewer_of(world, viewer))
    for audience in AUDIENCES:
        post, _comment = posts[audience]
        image = post.images.get()
        response = client.get(image.get_page_url())
        if audience in SEES[viewer]:
            assert response.status_code == 200, audience
            assert f'src="{image.get_absolute_url()}"' in response.content.decode()
        else:
            assert_hidden(response, MARKER.format(audience=audience))


@pytest.mark.parametrize("viewer", VIEWERS)
def test_post_image_file_is_never_served_by_the_generic_media_view(posts, world, viewer) -> None:
    """The file's own address skips the post's visibility check: it answers 404
    to everyone, the post's members too; only the post's image view serves it."""
    client = client_for(viewer_of(world, viewer))
    for audience in AUDIENCES:
        post, _comment = posts[audience]
        name = post.images.get().image.name
        assert name.startswith("posts/")
        assert client.get(f"/media/{name}").status_code == 404, audience


@pytest.mark.parametrize("viewer", VIEWERS)
def test_who_reacted(posts, world, viewer) -> None:
    client = client_for(viewer_of(world, viewer))
    for audience in AUDIENCES:
        post, comment = posts[audience]
        for url in (
            f"/posts/{post.pk}/reactions/",
            f"/posts/{post.pk}/comments/{comment.pk}/reactions/",
        ):
            response = client.get(url)
            if audience in SEES[viewer]:
                assert response.status_code == 200, (audience, url)
                assert world.author.display_name in response.content.decode()
            else:
                assert_hidden(response, world.author.display_name)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_comment_endpoint(posts, world, viewer) -> None:
    client = client_for(viewer_of(world, viewer))
    for audience in AUDIENCES:
        post, comment = posts[audience]
        before = Comment.objects.count()
        response = client.post(
            f"/posts/{post.pk}/comments/", {"body": "Let me in", "parent": comment.pk}
        )
        if audience in TAKES_PART[viewer]:
            assert response.status_code == 302, audience
            assert Comment.objects.count() == before + 1
            continue
        assert Comment.objects.count() == before, audience
        if viewer in ("anonymous", "suspended"):
            assert "/accounts/login/" in response["Location"]
        elif audience in SEES[viewer]:
            assert response.status_code == 403, audience  # a moderator, not a member
        else:
            assert response.status_code == 404, audience


@pytest.mark.parametrize("viewer", VIEWERS)
def test_react_endpoints(posts, world, viewer) -> None:
    client = client_for(viewer_of(world, viewer))
    for audience in AUDIENCES:
        post, comment = posts[audience]
        before = Reaction.objects.count()
        first = client.post(f"/posts/{post.pk}/react/", {"kind": "like"})
        second = client.post(f"/posts/{post.pk}/comments/{comment.pk}/react/", {"kind": "like"})
        post.refresh_from_db()
        if audience in TAKES_PART[viewer]:
            assert first.status_code == second.status_code == 302, audience
            assert Reaction.objects.count() == before + 2
            assert post.reaction_counts == {"love": 1, "like": 1}
            continue
        assert Reaction.objects.count() == before, audience
        assert post.reaction_counts == {"love": 1}
        for response in (first, second):
            if viewer in ("anonymous", "suspended"):
                assert "/accounts/login/" in response["Location"]
            elif audience in SEES[viewer]:
                assert response.status_code == 403, audience
            else:
                assert response.status_code == 404, audience


@pytest.mark.parametrize("audience", AUDIENCES)
def test_private_network_hides_everything_from_visitors(posts, world, network, audience) -> None:
    network.visibility = "private"
    network.save()
    post, comment = posts[audience]
    client = client_for(None)
    for url in (
        post.get_absolute_url(),
        post.images.get().get_absolute_url(),
        post.images.get().get_page_url(),
        f"/posts/{post.pk}/reactions/",
        f"/posts/{post.pk}/comments/{comment.pk}/reactions/",
    ):
        assert_hidden(client.get(url), MARKER.format(audience=audience))


# --- Changes after posting -------------------------------------------------------------


def test_group_made_secret_after_posting(public_network, world) -> None:
    post = actions.create_post(author=world.author, body="Before the change", group=world.open)
    assert client_for(world.member).get(post.get_absolute_url()).status_code == 200
    assert client_for(None).get(post.get_absolute_url()).status_code == 200
    group_actions.change_group_privacy(
        actor=world.group_admin, group=world.open, privacy=Privacy.SECRET
    )
    post.refresh_from_db()
    assert post.audience == f"group:{world.open.pk}"
    for viewer in (world.member, None):
        assert_hidden(client_for(viewer).get(post.get_absolute_url()), "Before the change")
        assert_hidden(client_for(viewer).get(f"/posts/{post.pk}/reactions/"))
    assert client_for(world.group_member).get(post.get_absolute_url()).status_code == 200


def test_member_removed_from_group_loses_its_posts(network, world) -> None:
    post = actions.create_post(
        author=world.author, body="Closed words", group=world.closed, images=[png_upload()]
    )
    client = client_for(world.group_member)
    assert client.get(post.get_absolute_url()).status_code == 200
    group_actions.remove_member(
        actor=world.group_admin, group=world.closed, member=world.group_member
    )
    assert_hidden(client.get(post.get_absolute_url()), "Closed words")
    assert_hidden(client.get(post.images.get().get_absolute_url()))
    response = client.post(f"/posts/{post.pk}/comments/", {"body": "still here?"})
    assert response.status_code == 404
    assert not Comment.objects.filter(post=post).exists()


def test_public_post_with_a_private_comment_id_answers_404(network, world) -> None:
    public = actions.create_post(author=world.author, body="Open to all", audience="members")
    secret = actions.create_post(author=world.author, body="Hidden", group=world.secret)
    hidden = actions.add_comment(author=world.author, post=secret, body="Secret comment words")
    client = client_for(world.member)
    for url in (
        f"/posts/{public.pk}/comments/{hidden.pk}/reactions/",
        f"/posts/{public.pk}/comments/{hidden.pk}/edit/",
        f"/posts/{public.pk}/comments/{hidden.pk}/delete/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Secret comment words" not in response.content.decode()
    response = client.post(f"/posts/{public.pk}/comments/{hidden.pk}/react/", {"kind": "like"})
    assert response.status_code == 404
    response = client.post(
        f"/posts/{public.pk}/comments/", {"body": "a reply", "parent": hidden.pk}
    )
    assert response.status_code == 404
    assert not Reaction.objects.exists()
    assert not Comment.objects.filter(post=public).exists()
    # Even the author of the secret comment cannot mix the two.
    author = client_for(world.author)
    assert author.get(f"/posts/{public.pk}/comments/{hidden.pk}/edit/").status_code == 404
    image_post = actions.create_post(
        author=world.author, body="with image", group=world.secret, images=[png_upload()]
    )
    image = image_post.images.get()
    assert author.get(f"/posts/{public.pk}/images/{image.pk}/").status_code == 404


# --- The composer: ``/posts/new/?group=<slug>`` and ``?wall=<handle>`` ------------------
#
# The composer names its place ("In <group>", "On <member>'s wall") and its
# form posts back with the same field: the place is looked up for the viewer
# first, on GET and POST alike, so a group they may not see answers 404 (its
# name nowhere), one they see but may not post in 403; the same for a wall
# (404 when the owner's profile is hidden, 403 when seen but closed).

COMPOSER_VIEWERS = [
    "anonymous",  # on a public network
    "anonymous_private",  # on a private network
    "member",  # in no group
    "outsider",  # in another group
    "requester",  # asked to join the closed group
    "invitee",  # invited to the secret group, not answered
    "removed",  # was in every group, removed by the owner
    "group_member",
    "group_admin",
    "network_admin",  # in no group: sees every group, posts in none
    "suspended",
]
PLACES = [
    "community_wall",
    "open_group",
    "closed_group",
    "secret_group",
    "unknown_group",
    "member_wall",
    "suspended_wall",  # a suspended member's: only network admins see the profile
    "unknown_wall",
]
SIGNED_OUT = {"anonymous", "anonymous_private", "suspended"}  # Django signs suspended out
NOT_IN_GROUPS = {"member", "outsider", "requester", "invitee", "removed"}


def composer_answer(viewer: str, place: str) -> int:
    """The status the composer answers ``viewer`` for ``place`` (302: sign in)."""
    if viewer in SIGNED_OUT:
        return 302
    if place.startswith("unknown"):
        return 404
    if place in ("community_wall", "member_wall"):
        return 200
    if place == "suspended_wall":
        return 403 if viewer == "network_admin" else 404
    if viewer in ("group_member", "group_admin"):
        return 200
    if place == "secret_group" and viewer != "network_admin":
        return 404  # the invitee learns of it from the invitation only
    return 403


@pytest.fixture
def composer_world(public_network, world, make_member):
    """The posts world, plus the viewers only the composer rows need."""
    owner = world.group_admin
    extra = {name: make_member(name.title()) for name in NOT_IN_GROUPS - {"member"}}
    group_actions.create_group(creator=extra["outsider"], name="Other circle")
    group_actions.request_to_join(user=extra["requester"], group=world.closed, message="Hi")
    group_actions.invite_member(inviter=owner, group=world.secret, member=extra["invitee"])
    for group in (world.open, world.closed, world.secret):
        join(group, extra["removed"])
        group_actions.remove_member(actor=owner, group=group, member=extra["removed"])
    return extra


def composer_viewer(world, extra: dict, name: str):
    if name.startswith("anonymous"):
        return None
    return extra.get(name) or getattr(world, name)


def place_query(world, place: str) -> tuple[dict, str, str]:
    """The composer's parameters for ``place``, the name it shows there, and
    where a post sends the author back to."""
    groups = {"open_group": world.open, "closed_group": world.closed, "secret_group": world.secret}
    walls = {"member_wall": world.member, "suspended_wall": world.suspended}
    if place in groups:
        group = groups[place]
        return {"group": group.slug}, f"In {group.name}", group.get_absolute_url()
    if place in walls:
        owner = walls[place]
        shown = f"On {owner.display_name}'s wall"
        return {"wall": owner.handle}, shown, owner.get_absolute_url()
    if place == "unknown_group":
        return {"group": "no-such-circle"}, "In no-such-circle", ""
    if place == "unknown_wall":
        return {"wall": "no-such-member"}, "no-such-member", ""
    return {}, "On the community wall", "/home/"


def composer_name(world, place: str) -> str:
    """What must never show when the place is hidden."""
    names = {
        "open_group": world.open.name,
        "closed_group": world.closed.name,
        "secret_group": world.secret.name,
        "suspended_wall": world.suspended.display_name,
    }
    return names.get(place, "")


@pytest.mark.parametrize("method", ["get", "post", "post_invalid"])
@pytest.mark.parametrize("viewer", COMPOSER_VIEWERS)
def test_composer(composer_world, world, network, viewer: str, method: str) -> None:
    """GET the composer, POST a post, POST an empty one (the form comes back
    with its errors): the same answer for each place, the place's name only
    where the viewer may post, and a post only there."""
    if viewer == "anonymous_private":
        network.visibility = "private"
        network.save()
    user = composer_viewer(world, composer_world, viewer)
    client = client_for(user)
    wrong = []
    for place in PLACES:
        params, shown, back = place_query(world, place)
        body = f"Composer-probe {viewer} {place}"
        if method == "get":
            response = client.get("/posts/new/", params)
        else:
            data = {**params, "body": body if method == "post" else "", "audience": "members"}
            response = client.post("/posts/new/", {**data, "next": "https://evil.example/"})
        expected = composer_answer(viewer, place)
        if expected == 200 and method == "post":
            expected = 302
        elif expected == 200 and method == "post_invalid":
            expected = 400
        page = response.content.decode()
        if response.status_code != expected:
            wrong.append(f"{place}: {response.status_code}, not {expected}")
        elif expected == 302 and method == "post" and viewer not in SIGNED_OUT:
            if response["Location"] != back:
                wrong.append(f"{place}: sent to {response['Location']}")
        elif expected == 302 and "/accounts/login/" not in response["Location"]:
            wrong.append(f"{place}: not sent to sign in")
        if expected in (200, 400) and shown not in page:
            wrong.append(f"{place}: the composer does not say where")
        hidden = composer_name(world, place)
        if expected in (302, 404) and hidden and hidden in page:
            wrong.append(f"{place}: the name shows")
        created = Post.objects.filter(body=body).exists()
        if created != (method == "post" and expected == 302 and viewer not in SIGNED_OUT):
            wrong.append(f"{place}: a post was {'' if created else 'not '}created")
    assert not wrong, f"{viewer} ({method}): " + "; ".join(wrong)
