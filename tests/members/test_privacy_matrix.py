"""The privacy matrix: for every field visibility × viewer (a visitor on a
public network, another member, the member themself, a network admin), the
profile page, the directory results (full page) and the directory's htmx
fragment show a value iff the viewer may see it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from community.members import actions
from community.members.models import User
from tests.members.helpers import open_all_fields, question, results_section, set_privacy

pytestmark = pytest.mark.django_db

LEVELS = ("everyone", "members", "admins")
# A value per built-in field and level, unique enough to search in a page.
LANGUAGE_BY_LEVEL = {
    "everyone": ("br", "Breton"),
    "members": ("oc", "Occitan"),
    "admins": ("eu", "Basque"),
}
SKILL_BY_LEVEL = {"everyone": "graphic-design", "members": "accounting", "admins": "first-aid"}
# Fields the directory cards show; the others must never appear there.
DIRECTORY_FIELDS = {"location", "languages", "skills", "answer"}


@dataclass
class Subject:
    member: User
    level: str
    values: dict[str, str]  # field → text that appears on a page when visible


def allowed(viewer_kind: str, level: str) -> bool:
    return {
        "anonymous": level == "everyone",
        "member": level in ("everyone", "members"),
        "self": True,
        "admin": True,
    }[viewer_kind]


@pytest.fixture
def world(public_network, network_admin, make_member, skills):
    open_all_fields(network_admin)
    subjects = []
    for level in LEVELS:
        person = make_member(f"Subject {level.title()}")
        code, language = LANGUAGE_BY_LEVEL[level]
        skill = skills[SKILL_BY_LEVEL[level]]
        actions.update_profile(
            member=person,
            editor=person,
            bio=f"Bio text {level}zz",
            city=f"Cityof{level}",
            postcode="69001",
            languages=[code],
            links=[f"https://example.org/{level}-link"],
            interests=[f"Interest{level}"],
        )
        actions.set_member_skills(member=person, editor=person, levels={skill: "expert"})
        set_privacy(person, level)
        subjects.append(
            Subject(
                person,
                level,
                {
                    "bio": f"Bio text {level}zz",
                    "location": f"Cityof{level}",
                    "languages": language,
                    "skills": skill.name,
                    "interests": f"Interest{level}",
                    "links": f"example.org/{level}-link",
                    "email": person.email,
                },
            )
        )
    # Custom questions: the admins choose each question's visibility.
    answerer = make_member("Quentin Answers")
    set_privacy(answerer, "everyone")
    for level in LEVELS:
        text_question = question(network_admin, f"Text question {level}", visibility=level)
        choice_question = question(
            network_admin,
            f"Choice question {level}",
            "single_choice",
            choices=[f"Choice{level}A", f"Choice{level}B"],
            filterable=True,
            visibility=level,
        )
        actions.set_profile_answers(
            member=answerer,
            editor=answerer,
            values={
                text_question: f"Textanswer{level}",
                choice_question: choice_question.choices.get(label=f"Choice{level}B").pk,
            },
        )
        subjects.append(
            Subject(
                answerer,
                level,
                {"answer_text": f"Textanswer{level}", "answer": f"Choice{level}B"},
            )
        )
    return {"subjects": subjects, "admin": network_admin, "answerer": answerer}


def client_for(kind: str, world, subject: Subject) -> Client:
    client = Client()
    if kind == "member":
        client.force_login(User.objects.get(display_name="Quentin Answers"))
        if subject.member.display_name == "Quentin Answers":
            client.force_login(User.objects.get(display_name="Subject Everyone"))
    elif kind == "self":
        client.force_login(subject.member)
    elif kind == "admin":
        client.force_login(world["admin"])
    return client


VIEWERS = ("anonymous", "member", "self", "admin")


@pytest.mark.parametrize("viewer", VIEWERS)
def test_profile_page_shows_each_field_iff_allowed(world, viewer: str) -> None:
    for subject in world["subjects"]:
        client = client_for(viewer, world, subject)
        response = client.get(subject.member.get_absolute_url())
        assert response.status_code == 200, (viewer, subject.level)
        html = response.content.decode()
        for field, value in subject.values.items():
            expected = allowed(viewer, subject.level)
            assert (value in html) == expected, (viewer, subject.level, field, value)


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("fragment", [False, True], ids=["full-page", "htmx-fragment"])
def test_directory_results_show_each_field_iff_allowed(world, viewer: str, fragment: bool) -> None:
    for subject in world["subjects"]:
        client = client_for(viewer, world, subject)
        headers = {"HX-Request": "true"} if fragment else {}
        response = client.get(reverse("members:directory"), headers=headers)
        assert response.status_code == 200
        html = response.content.decode()
        if fragment:
            assert "<html" not in html
        else:
            html = results_section(html)
        assert subject.member.display_name in html
        for field, value in subject.values.items():
            expected = allowed(viewer, subject.level) and field in DIRECTORY_FIELDS
            assert (value in html) == expected, (viewer, subject.level, field, value)


def test_a_profile_closed_to_visitors_is_not_shown_to_them(world, public_network) -> None:
    subject = world["subjects"][0].member
    set_privacy(subject, "everyone", profile="members")
    visitor = Client()
    response = visitor.get(subject.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert subject.display_name not in visitor.get(reverse("members:directory")).content.decode()
    # Members still see it.
    member_client = client_for("member", world, world["subjects"][1])
    assert member_client.get(subject.get_absolute_url()).status_code == 200


def test_admins_narrowing_a_field_hides_it_at_once(world) -> None:
    subject = world["subjects"][0]  # chose "everyone" for every field
    actions.set_field_policy(admin=world["admin"], widest={"location": "admins"})
    member_client = client_for("member", world, subject)
    html = member_client.get(subject.member.get_absolute_url()).content.decode()
    assert subject.values["location"] not in html
    assert subject.values["bio"] in html
    admin_client = client_for("admin", world, subject)
    assert (
        subject.values["location"]
        in admin_client.get(subject.member.get_absolute_url()).content.decode()
    )


def test_visitors_are_sent_to_sign_in_on_a_private_network(world, public_network) -> None:
    public_network.visibility = "private"
    public_network.save()
    subject = world["subjects"][0].member
    visitor = Client()
    for url in (subject.get_absolute_url(), reverse("members:directory")):
        response = visitor.get(url)
        assert response.status_code == 302
        assert subject.display_name not in response.content.decode()
