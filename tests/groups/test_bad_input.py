"""Bad input: a clear message for the person AND nothing written to the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from community.activity.models import Activity
from community.groups import actions
from community.groups.models import Group, GroupInvitation, JoinRequest, Membership
from community.members.models import Invitation
from tests.groups.conftest import client_for, png_upload

pytestmark = pytest.mark.django_db

CREATE = reverse("groups:create")


def snapshot() -> dict[str, int]:
    return {
        "groups": Group.objects.count(),
        "memberships": Membership.objects.count(),
        "activities": Activity.objects.count(),
        "requests": JoinRequest.objects.count(),
        "invitations": GroupInvitation.objects.count(),
        "network_invitations": Invitation.objects.count(),
    }


def form_data(**changes) -> dict:
    return {"name": "Jardin", "slug": "", "description": "", "privacy": "open", **changes}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_duplicate_slug(owner, make_group) -> None:
    make_group(owner, name="Jardin", slug="jardin")
    before = snapshot()
    response = client_for(owner).post(CREATE, form_data(name="Another garden", slug="jardin"))
    assert response.status_code == 400
    assert "This address is already taken" in response.content.decode()
    assert snapshot() == before
    with pytest.raises(ValidationError, match="already taken"):
        actions.create_group(creator=owner, name="Another", slug="jardin")
    assert snapshot() == before


def test_a_free_slug_is_derived_from_the_name_when_left_empty(owner, make_group) -> None:
    first = make_group(owner, name="Jardin partagé")
    second = make_group(owner, name="Jardin partagé")
    assert (first.slug, second.slug) == ("jardin-partage", "jardin-partage-2")


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Mon Jardin", "Use only lower-case letters"),
        ("jardin_à_nous", "Use only lower-case letters"),
        ("new", "This address is reserved"),
        ("mine", "This address is reserved"),
    ],
)
def test_unusable_slug(owner, slug: str, message: str) -> None:
    before = snapshot()
    response = client_for(owner).post(CREATE, form_data(slug=slug))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name(owner, name: str) -> None:
    before = snapshot()
    response = client_for(owner).post(CREATE, form_data(name=name))
    assert response.status_code == 400
    assert 'class="field field-error"' in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert snapshot() == before
    with pytest.raises(ValidationError, match="Give the group a name"):
        actions.create_group(creator=owner, name=name)
    assert snapshot() == before


def test_empty_name_when_editing(owner, make_group) -> None:
    group = make_group(owner, name="Kept")
    response = client_for(owner).post(
        reverse("groups:edit", args=[group.slug]), {"name": " ", "privacy": "secret"}
    )
    assert response.status_code == 400
    group.refresh_from_db()
    assert (group.name, group.privacy) == ("Kept", "open")


def test_oversized_cover(owner, media_root) -> None:
    before = snapshot()
    huge = png_upload(name="cover.png", padding=6 * 1024 * 1024)
    response = client_for(owner).post(CREATE, {**form_data(), "cover": huge})
    assert response.status_code == 400
    assert "the limit is 5.0\xa0MB" in response.content.decode()
    assert snapshot() == before
    assert not list(media_root.rglob("*"))  # no file stored either


def test_oversized_cover_through_the_action(owner, media_root) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        actions.create_group(
            creator=owner, name="Jardin", cover=png_upload(padding=6 * 1024 * 1024)
        )
    assert "cover" in caught.value.message_dict
    assert snapshot() == before


def test_not_an_image_as_avatar(owner) -> None:
    before = snapshot()
    fake = png_upload()
    fake.file.seek(0)
    fake.file.write(b"not an image at all")
    fake.file.truncate()
    fake.size = len(b"not an image at all")
    fake.file.seek(0)
    response = client_for(owner).post(CREATE, {**form_data(), "avatar": fake})
    assert response.status_code == 400
    assert "not an image we can read" in response.content.decode()
    assert snapshot() == before


def test_good_pictures_are_re_encoded_and_stored(
    owner, media_root, django_capture_on_commit_callbacks
) -> None:
    response = client_for(owner).post(
        CREATE,
        {**form_data(), "avatar": png_upload((600, 300)), "cover": png_upload((3000, 1000))},
    )
    assert response.status_code == 302
    group = Group.objects.get()
    assert group.avatar.name.startswith("groups/") and group.cover.name.startswith("groups/")
    assert (group.avatar.width, group.avatar.height) == (256, 256)
    assert group.cover.width == 1600
    old_avatar = group.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        client_for(owner).post(
            reverse("groups:edit", args=[group.slug]),
            {"name": group.name, "privacy": "open", "avatar": png_upload((300, 300))},
        )
    group.refresh_from_db()
    assert group.avatar.name != old_avatar
    assert not default_storage.exists(old_avatar)  # the replaced file is deleted after commit


def test_inviting_a_member_who_does_not_exist(owner, make_group) -> None:
    group = make_group(owner)
    before = snapshot()
    response = client_for(owner).post(
        reverse("groups:invite", args=[group.slug]),
        {"kind": "member", "member-member": "nobody-by-that-name"},
    )
    assert response.status_code == 400
    assert "No member has the handle “nobody-by-that-name”" in response.content.decode()
    assert snapshot() == before


def test_inviting_a_bad_email_address(owner, make_group) -> None:
    group = make_group(owner)
    before = snapshot()
    response = client_for(owner).post(
        reverse("groups:invite", args=[group.slug]),
        {"kind": "email", "email-email": "not-an-address"},
    )
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert snapshot() == before


def test_inviting_someone_already_in_the_group(owner, make_member, make_group) -> None:
    member = make_member("Member")
    group = make_group(owner)
    actions.join_group(user=member, group=group)
    before = snapshot()
    response = client_for(owner).post(
        reverse("groups:invite", args=[group.slug]),
        {"kind": "member", "member-member": member.handle},
    )
    assert response.status_code == 400
    assert "Member is already a member of this group" in response.content.decode()
    assert snapshot() == before


def test_inviting_twice(owner, make_member, make_group) -> None:
    invitee = make_member("Invitee")
    group = make_group(owner)
    actions.invite_member(inviter=owner, group=group, member=invitee)
    before = snapshot()
    response = client_for(owner).post(
        reverse("groups:invite", args=[group.slug]),
        {"kind": "member", "member-member": f"@{invitee.handle}"},
    )
    assert response.status_code == 400
    assert "Invitee is already invited" in response.content.decode()
    assert snapshot() == before


def test_join_request_message_too_long(owner, make_member, make_group) -> None:
    requester = make_member("Requester")
    group = make_group(owner, privacy="closed")
    before = snapshot()
    response = client_for(requester).post(
        reverse("groups:request", args=[group.slug]), {"message": "x" * 1001}
    )
    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    assert snapshot() == before


def test_decision_without_a_choice(owner, make_member, make_group) -> None:
    requester = make_member("Requester")
    group = make_group(owner, privacy="closed")
    join_request = actions.request_to_join(user=requester, group=group)
    before = snapshot()
    response = client_for(owner).post(
        reverse("groups:decide_request", args=[group.slug, join_request.pk]),
        {"decision": "maybe"},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    assert snapshot() == before
    join_request.refresh_from_db()
    assert join_request.is_pending


def test_unknown_privacy(owner) -> None:
    before = snapshot()
    response = client_for(owner).post(CREATE, form_data(privacy="invisible"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert snapshot() == before


def test_clearing_the_picture_removes_it(
    owner, make_group, media_root, django_capture_on_commit_callbacks
) -> None:
    group = make_group(owner, name="Pictured", description="Kept", avatar=png_upload((80, 80)))
    old = group.avatar.name
    assert default_storage.exists(old)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(
            reverse("groups:edit", args=[group.slug]),
            {"name": "Pictured", "description": "Kept", "privacy": "open", "avatar-clear": "on"},
        )
    assert response.status_code == 302
    group.refresh_from_db()
    assert not group.avatar
    assert group.description == "Kept"
    assert not default_storage.exists(old)
    # An edit that does not mention the description keeps it.
    actions.update_group(actor=owner, group=group, name="Renamed")
    group.refresh_from_db()
    assert (group.name, group.description) == ("Renamed", "Kept")
