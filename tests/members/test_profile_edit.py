"""Editing one's own profile, skills and privacy; avatars."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from community.members import actions
from community.members.models import MemberLanguage, MemberSkill, User
from tests.core.test_images import png_header_claiming
from tests.members.helpers import png_bytes

pytestmark = pytest.mark.django_db

EDIT = "/profile/edit/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def form_data(**overrides) -> dict:
    data = {
        "display_name": "Alice Martin",
        "bio": "",
        "city": "",
        "postcode": "",
        "country": "",
        "links": "",
        "interests": "",
    }
    data.update(overrides)
    return data


def test_member_edits_their_profile(member: User, member_client: Client) -> None:
    response = member_client.post(
        EDIT,
        form_data(
            display_name="  Alice   Martin-Roy ",
            bio="I *love* gardening.",
            city="Saint-Étienne",
            postcode="42000",
            country="France",
            languages=["fr", "es"],
            links="example.org/alice\nhttps://mastodon.social/@alice",
            interests="gardening, jazz,  Gardening , cycling",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == member.get_absolute_url()
    member.refresh_from_db()
    assert member.display_name == "Alice Martin-Roy"
    assert member.city == "Saint-Étienne" and member.city_key == "saint etienne"
    assert member.links == ["https://example.org/alice", "https://mastodon.social/@alice"]
    assert member.interests == ["gardening", "jazz", "cycling"]
    assert set(MemberLanguage.objects.filter(user=member).values_list("code", flat=True)) == {
        "fr",
        "es",
    }
    html = member_client.get(member.get_absolute_url()).content.decode()
    assert "<em>love</em>" in html
    assert "Saint-Étienne (42000), France" in html
    assert "mastodon.social/@alice" in html


def test_bad_input_shows_errors_and_saves_nothing(member: User, member_client: Client) -> None:
    response = member_client.post(
        EDIT,
        form_data(
            display_name="   ",
            city="Lyon",
            links="javascript:alert(1)\nnot a link",
            languages=["xx"],
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "This field is required." in html or "Please tell us your name." in html
    assert "is not a web address" in html or "Select a valid choice" in html
    member.refresh_from_db()
    assert member.display_name == "Alice Martin"
    assert member.city == ""
    assert member.links == []


def test_links_must_be_web_addresses(member: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        actions.update_profile(
            member=member, editor=member, links=["javascript:alert(1)"], city="Lyon"
        )
    assert "links" in caught.value.message_dict
    member.refresh_from_db()
    assert member.links == [] and member.city == ""


def test_nobody_edits_someone_elses_profile(member: User, make_member) -> None:
    from django.core.exceptions import PermissionDenied

    other = make_member("Bob")
    with pytest.raises(PermissionDenied):
        actions.update_profile(member=member, editor=other, bio="hacked")
    member.refresh_from_db()
    assert member.bio == ""


def test_editing_needs_sign_in(network, client: Client) -> None:
    assert client.get(EDIT).status_code == 302


# --- Avatars -------------------------------------------------------------------


def upload(content: bytes, name: str = "me.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_avatar_is_re_encoded_to_a_square_thumbnail(
    member: User, member_client: Client, media_root: Path
) -> None:
    response = member_client.post(EDIT, form_data(avatar=upload(png_bytes((900, 500)))))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.avatar.name.startswith("avatars/")
    assert member.avatar_url == f"/media/{member.avatar.name}"
    with Image.open(media_root / member.avatar.name) as image:
        assert image.size == (256, 256)
    # Every list shows it without extra queries: it is on the user row.
    html = member_client.get(reverse("members:directory")).content.decode()
    assert member.avatar_url in html


def test_replacing_then_removing_the_avatar_deletes_old_files(
    member: User, member_client: Client, media_root: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT, form_data(avatar=upload(png_bytes())))
    member.refresh_from_db()
    first = member.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT, form_data(avatar=upload(png_bytes(colour=(200, 0, 0)))))
    member.refresh_from_db()
    second = member.avatar.name
    assert second != first
    assert stored_files(media_root) == [media_root / second]
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(EDIT, form_data(**{"avatar-clear": "on"}))
    member.refresh_from_db()
    assert not member.avatar
    assert member.avatar_url == ""
    assert stored_files(media_root) == []


BAD_AVATARS = {
    "text file renamed .png": (b"just some words, not pixels", "not an image we can read"),
    "svg with a script": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "not an image we can read",
    ),
    "png header claiming 50000x50000": (png_header_claiming(50_000, 50_000), "too many pixels"),
    "20 MB file": (png_bytes() + b"\0" * (20 * 1024 * 1024), "the limit is 5.0"),
}


@pytest.mark.parametrize("case", list(BAD_AVATARS))
def test_bad_avatar_is_refused_and_the_old_one_kept(
    case: str, member: User, member_client: Client, media_root: Path
) -> None:
    member_client.post(EDIT, form_data(avatar=upload(png_bytes())))
    member.refresh_from_db()
    old_avatar = member.avatar.name
    files_before = stored_files(media_root)

    content, message = BAD_AVATARS[case]
    name = "evil.svg" if "svg" in case else "evil.png"
    response = member_client.post(
        EDIT, form_data(display_name="Changed Name", avatar=upload(content, name))
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Nothing was saved" in html
    member.refresh_from_db()
    assert member.avatar.name == old_avatar
    assert member.display_name == "Alice Martin"
    assert stored_files(media_root) == files_before


# --- Skills ----------------------------------------------------------------------


def test_member_picks_skills_with_levels(member: User, member_client: Client, skills) -> None:
    design, cooking = skills["graphic-design"], skills["cooking"]
    response = member_client.post(
        "/profile/skills/", {f"skill_{design.pk}": "expert", f"skill_{cooking.pk}": "beginner"}
    )
    assert response.status_code == 302
    assert dict(MemberSkill.objects.filter(user=member).values_list("skill__slug", "level")) == {
        "graphic-design": "expert",
        "cooking": "beginner",
    }
    member_client.post("/profile/skills/", {f"skill_{design.pk}": "confirmed"})
    assert dict(MemberSkill.objects.filter(user=member).values_list("skill__slug", "level")) == {
        "graphic-design": "confirmed"
    }
    html = member_client.get(member.get_absolute_url()).content.decode()
    assert "Graphic design" in html and "Confirmed" in html


def test_unknown_skill_level_is_refused(member: User, member_client: Client, skills) -> None:
    design = skills["graphic-design"]
    response = member_client.post("/profile/skills/", {f"skill_{design.pk}": "guru"})
    assert response.status_code == 400
    assert not MemberSkill.objects.filter(user=member).exists()


# --- Privacy ------------------------------------------------------------------------


def test_member_chooses_privacy_within_the_admins_limits(
    member: User, member_client: Client, network_admin
) -> None:
    page = member_client.get("/profile/privacy/").content.decode()
    # The e-mail address may not be shown to everyone by default.
    assert 'name="email" value="everyone"' not in page
    assert 'name="location" value="everyone"' in page
    data = {
        "profile": "everyone",
        "bio": "members",
        "location": "admins",
        "languages": "members",
        "skills": "everyone",
        "interests": "members",
        "links": "members",
        "email": "members",
    }
    assert member_client.post("/profile/privacy/", data).status_code == 302
    member.refresh_from_db()
    assert member.location_visibility == "admins" and member.email_visibility == "members"

    response = member_client.post("/profile/privacy/", {**data, "email": "everyone"})
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.email_visibility == "members"


def test_network_admins_set_the_limits(
    network_admin, network_admin_client: Client, member: User, member_client: Client
) -> None:
    from community.members.privacy import PRIVATE_FIELDS

    data = {f.key: f.levels[0] for f in PRIVATE_FIELDS}
    data["email"] = "everyone"
    data["location"] = "members"
    response = network_admin_client.post(reverse("members:field_policy"), data)
    assert response.status_code == 302
    page = member_client.get("/profile/privacy/").content.decode()
    assert 'name="email" value="everyone"' in page
    assert 'name="location" value="everyone"' not in page
    assert member_client.get(reverse("members:field_policy")).status_code == 403


def test_profile_page_costs_a_fixed_number_of_queries(
    network_admin,
    member: User,
    member_client: Client,
    make_member,
    skills,
    django_assert_max_num_queries,
) -> None:
    from tests.members.helpers import question

    bob = make_member("Bob Full Profile")
    questions = [
        question(network_admin, f"Q{n}", "multiple_choice", choices=["A", "B", "C"])
        for n in range(5)
    ]
    actions.update_profile(member=bob, editor=bob, languages=["fr", "en", "es", "ar"])
    actions.set_member_skills(
        member=bob, editor=bob, levels={skill: "expert" for skill in list(skills.values())[:30]}
    )
    actions.set_profile_answers(
        member=bob, editor=bob, values={q: [c.pk for c in q.choices.all()] for q in questions}
    )
    actions.follow_member(follower=member, member=bob)
    # 15 with the newest activity id the live client resumes from (base layout),
    # + 3 for the volunteering slot (engagements, offers, the viewer's groups for
    # the record's visibility), + 1 for the bell's unread notification count,
    # + 2 for the activity slot (the viewer's audiences, the page of activities:
    # empty here; tests/activity counts a full one).
    with django_assert_max_num_queries(21):
        response = member_client.get(bob.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="skill-tag"') == 30


def test_directory_cards_use_the_shared_avatar_markup(member: User, media_root: Path) -> None:
    """Directory cards render avatars in Python (hot path): same markup as the partial."""
    from django.template.loader import render_to_string

    from community.members.html import avatar_html

    def partial(person) -> str:
        html = render_to_string("_partials/avatar.html", {"person": person, "size": "avatar-md"})
        return html.strip()

    assert avatar_html(member, "avatar-md") == partial(member)
    actions.update_profile(
        member=member, editor=member, avatar=upload(png_bytes()), display_name="<b>Al</b>"
    )
    member.refresh_from_db()
    assert member.avatar_url
    assert avatar_html(member, "avatar-md") == partial(member)
