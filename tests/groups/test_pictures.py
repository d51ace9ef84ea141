"""A group's pictures are as secret as the group: they are served by
``groups:picture`` after the group's visibility check, never by ``/media/``.

Before, a secret group's avatar and cover sat under ``/media/groups/`` for any
signed-in member who had the (random) file name.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from community.groups import actions
from community.groups.models import Privacy
from tests.groups.conftest import client_for, png_upload
from tests.groups.test_permission_matrix import (
    PRIVACIES,
    VIEWERS,
    build_world,
    http_viewer,
    may_know,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def secret_group(owner, make_group):
    return make_group(
        owner,
        privacy=Privacy.SECRET,
        name="Cercle discret",
        avatar=png_upload((300, 300)),
        cover=png_upload((1200, 400)),
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def stored(picture) -> bytes:
    with picture.open("rb") as file:
        return file.read()


def test_members_of_a_secret_group_see_its_pictures_others_get_404(
    secret_group, owner, member, network_admin
) -> None:
    urls = [secret_group.avatar_url, secret_group.cover_url]
    assert all(url.startswith(f"/groups/{secret_group.slug}/picture/") for url in urls)
    for viewer in (owner, network_admin):
        for url in urls:
            response = client_for(viewer).get(url)
            assert response.status_code == 200, (viewer, url)
        assert body(client_for(viewer).get(urls[0])) == stored(secret_group.avatar)
        assert body(client_for(viewer).get(urls[1])) == stored(secret_group.cover)
    for url in urls:
        assert client_for(member).get(url).status_code == 404, url
        # A visitor on a private network is sent to sign in, like on every page.
        assert client_for(None).get(url)["Location"].startswith(reverse("account_login"))


def test_visitors_of_a_public_network_see_open_groups_pictures_only(
    public_network, secret_group, owner, make_group
) -> None:
    open_group = make_group(owner, name="Jardin ouvert", avatar=png_upload((300, 300)))
    response = client_for(None).get(open_group.avatar_url)
    assert response.status_code == 200 and body(response) == stored(open_group.avatar)
    for url in (secret_group.avatar_url, secret_group.cover_url):
        assert client_for(None).get(url).status_code == 404


def test_the_files_are_not_served_under_media(secret_group, owner, make_group) -> None:
    open_group = make_group(owner, name="Jardin ouvert", avatar=png_upload((300, 300)))
    for name in (secret_group.avatar.name, secret_group.cover.name, open_group.avatar.name):
        assert name.startswith("groups/")
        assert client_for(owner).get(f"/media/{name}").status_code == 404
    # An open group's picture is served to any member, through the view.
    response = client_for(owner).get(open_group.avatar_url)
    assert response.status_code == 200 and body(response) == stored(open_group.avatar)


def test_pages_point_at_the_checked_address(secret_group, owner) -> None:
    html = client_for(owner).get(secret_group.get_absolute_url()).content.decode()
    assert secret_group.avatar_url.replace("&", "&amp;") in html
    assert secret_group.cover_url in html
    assert secret_group.avatar.name not in html and secret_group.cover.name not in html


def test_a_group_made_secret_hides_its_pictures_at_once(owner, member, make_group) -> None:
    group = make_group(owner, name="Bientôt secret", avatar=png_upload((300, 300)))
    assert client_for(member).get(group.avatar_url).status_code == 200
    actions.change_group_privacy(actor=owner, group=group, privacy=Privacy.SECRET)
    assert client_for(member).get(group.avatar_url).status_code == 404


def test_an_invited_member_sees_the_picture_on_their_invitation(
    secret_group, owner, member, make_member
) -> None:
    actions.invite_member(inviter=owner, group=secret_group, member=member)
    html = client_for(member).get(reverse("groups:mine")).content.decode()
    assert secret_group.avatar_url in html
    assert client_for(member).get(secret_group.avatar_url).status_code == 200
    # Only the avatar the card shows, and only for the invitee.
    assert client_for(member).get(secret_group.cover_url).status_code == 404
    assert client_for(make_member("Someone Else")).get(secret_group.avatar_url).status_code == 404


def test_the_e_mail_invitation_page_shows_the_picture_to_the_link_holder(
    secret_group, owner
) -> None:
    invitation = actions.invite_by_email(
        inviter=owner, group=secret_group, email="new@example.org", base_url="http://testserver"
    )
    html = client_for(None).get(invitation.get_absolute_url()).content.decode()
    picture = reverse("groups:invitation_picture", kwargs={"token": invitation.token})
    assert picture in html
    response = client_for(None).get(picture)
    assert response.status_code == 200 and body(response) == stored(secret_group.avatar)
    assert client_for(None).get(secret_group.avatar_url).status_code != 200
    # A revoked invitation's link no longer serves it; a made-up token never did.
    actions.revoke_group_invitation(actor=owner, invitation=invitation)
    assert client_for(None).get(picture).status_code == 404
    wrong = reverse("groups:invitation_picture", kwargs={"token": "not-a-token"})
    assert client_for(None).get(wrong).status_code == 404


def test_unknown_kind_or_missing_picture_is_404(owner, make_group, secret_group) -> None:
    plain = make_group(owner, name="Sans image")
    assert plain.avatar_url == "" and plain.cover_url == ""
    for kind in ("avatar", "cover", "description"):
        url = reverse("groups:picture", kwargs={"slug": plain.slug, "kind": kind})
        assert client_for(owner).get(url).status_code == 404
    url = reverse("groups:picture", kwargs={"slug": secret_group.slug, "kind": "description"})
    assert client_for(owner).get(url).status_code == 404


def test_a_new_picture_gets_a_new_address(owner, make_group) -> None:
    group = make_group(owner, name="Nouvelle image", avatar=png_upload((300, 300)))
    before = group.avatar_url
    response = client_for(owner).post(
        reverse("groups:edit", args=[group.slug]),
        {"name": group.name, "privacy": "open", "avatar": png_upload((400, 400))},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.avatar_url != before
    assert group.avatar_url.split("?")[0] == before.split("?")[0]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("privacy", PRIVACIES)
def test_pictures_follow_the_permission_matrix(
    public_network, make_member, privacy: str, viewer: str
) -> None:
    """A row of the permission matrix (tests/groups/test_permission_matrix.py):
    whoever may open the group's page gets its pictures; an invitee who may
    not yet gets the avatar their invitation card shows; nobody else."""
    world = build_world(privacy, make_member)
    group = actions.update_group(
        actor=world.users["owner"],
        group=world.group,
        name=world.group.name,
        avatar=png_upload((300, 300)),
        cover=png_upload((1200, 400)),
    )
    client = client_for(None if viewer == "anon" else world.users[viewer])
    as_seen = http_viewer(viewer)
    for kind in ("avatar", "cover"):
        expected = may_know(privacy, as_seen) or (as_seen == "invitee" and kind == "avatar")
        response = client.get(group.picture_url(kind))
        assert (response.status_code == 200) == expected, (privacy, viewer, kind)
        if expected:
            assert body(response) == stored(getattr(group, kind))
        else:
            assert response.status_code == 404


def test_the_edit_form_shows_the_current_pictures_through_their_view(secret_group, owner) -> None:
    html = client_for(owner).get(reverse("groups:edit", args=[secret_group.slug])).content.decode()
    assert "/media/groups/" not in html
    for url in (secret_group.avatar_url, secret_group.cover_url):
        assert f'href="{url}"' in html
