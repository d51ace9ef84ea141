"""Custom profile questions: defined by network admins, answered at sign-up or
on the profile, validated per type, ordered, shown on profiles."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from community.members import actions
from community.members.models import ProfileAnswer, ProfileQuestion, User
from tests.conftest import TEST_PASSWORD
from tests.members.helpers import question

pytestmark = pytest.mark.django_db


def signup_data(**extra) -> dict:
    return {
        "display_name": "Zoé Lambert",
        "email": "zoe@example.org",
        "password1": TEST_PASSWORD,
        "password2": TEST_PASSWORD,
        **extra,
    }


# --- Admins define questions in the web UI ------------------------------------------


def test_admin_adds_edits_orders_and_deletes_questions(
    network_admin_client: Client, member_client: Client
) -> None:
    response = network_admin_client.post(
        reverse("members:question_create"),
        {
            "label": "When are you available?",
            "kind": "multiple_choice",
            "choices": "Weekdays\nEvenings\n\nWeekends\nweekends",
            "visibility": "members",
            "answered_by": "member",
            "ask_at_signup": "on",
            "show_on_profile": "on",
            "filterable": "on",
        },
    )
    assert response.status_code == 302
    availability = ProfileQuestion.objects.get(label="When are you available?")
    assert [c.label for c in availability.choices.all()] == ["Weekdays", "Evenings", "Weekends"]
    assert availability.ask_at_signup and availability.filterable

    network_admin_client.post(
        reverse("members:question_create"),
        {"label": "Phone", "kind": "short_text", "visibility": "admins", "answered_by": "member"},
    )
    phone = ProfileQuestion.objects.get(label="Phone")
    assert list(ProfileQuestion.objects.values_list("label", flat=True)) == [
        "When are you available?",
        "Phone",
    ]
    network_admin_client.post(
        reverse("members:question_move", args=[phone.pk]), {"direction": "up"}
    )
    assert list(ProfileQuestion.objects.values_list("label", flat=True)) == [
        "Phone",
        "When are you available?",
    ]

    page = network_admin_client.get(reverse("members:question_edit", args=[availability.pk]))
    assert "Weekdays\nEvenings\nWeekends" in page.content.decode()
    network_admin_client.post(
        reverse("members:question_edit", args=[availability.pk]),
        {
            "label": "Availability",
            "kind": "multiple_choice",
            "choices": "Weekdays\nWeekends",
            "visibility": "everyone",
            "answered_by": "member",
        },
    )
    availability.refresh_from_db()
    assert availability.label == "Availability" and availability.visibility == "everyone"
    assert [c.label for c in availability.choices.all()] == ["Weekdays", "Weekends"]

    confirm = network_admin_client.get(reverse("members:question_delete", args=[phone.pk]))
    assert "data-confirm" in confirm.content.decode()
    assert ProfileQuestion.objects.filter(pk=phone.pk).exists()
    network_admin_client.post(reverse("members:question_delete", args=[phone.pk]))
    assert not ProfileQuestion.objects.filter(pk=phone.pk).exists()

    assert member_client.get(reverse("members:questions")).status_code == 403
    assert member_client.post(reverse("members:question_create"), {"label": "x"}).status_code == 403


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "single_choice", "choices": "Only one"}, "at least two choices"),
        ({"kind": "short_text", "filterable": "on"}, "can be directory filters"),
        (
            {"kind": "short_text", "answered_by": "admins", "ask_at_signup": "on"},
            "cannot be asked at sign-up",
        ),
    ],
)
def test_invalid_question_settings_are_refused(
    network_admin_client: Client, data: dict, error: str
) -> None:
    payload = {"label": "Q", "visibility": "members", "answered_by": "member", **data}
    response = network_admin_client.post(reverse("members:question_create"), payload)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ProfileQuestion.objects.exists()


def test_type_is_fixed_once_answered(network_admin, member) -> None:
    asked = question(network_admin, "Age", "number")
    actions.set_profile_answers(member=member, editor=member, values={asked: "42"})
    with pytest.raises(ValidationError) as caught:
        actions.update_profile_question(
            admin=network_admin, question=asked, label="Age", kind="short_text"
        )
    assert "kind" in caught.value.message_dict
    asked.refresh_from_db()
    assert asked.kind == "number"


def test_removing_a_choice_removes_it_from_answers(network_admin, member) -> None:
    asked = question(network_admin, "Shirt size", "single_choice", choices=["S", "M", "L"])
    actions.set_profile_answers(
        member=member, editor=member, values={asked: asked.choices.get(label="L").pk}
    )
    actions.update_profile_question(
        admin=network_admin,
        question=asked,
        label="Shirt size",
        kind="single_choice",
        choices=["S", "M"],
    )
    assert not ProfileAnswer.objects.filter(question=asked).exists()


# --- Validation per type --------------------------------------------------------------


@pytest.fixture
def every_type(network_admin) -> dict[str, ProfileQuestion]:
    return {
        "short_text": question(network_admin, "Nickname"),
        "long_text": question(network_admin, "Motivation", "long_text"),
        "single_choice": question(network_admin, "Size", "single_choice", choices=["S", "M"]),
        "multiple_choice": question(
            network_admin, "Days", "multiple_choice", choices=["Mon", "Tue", "Wed"]
        ),
        "yes_no": question(network_admin, "Car", "yes_no"),
        "date": question(network_admin, "Available from", "date"),
        "url": question(network_admin, "Portfolio", "url"),
        "number": question(network_admin, "Hours per week", "number"),
    }


def test_valid_answers_of_every_type_are_saved_and_shown(
    every_type, member: User, member_client: Client
) -> None:
    q = every_type
    actions.set_profile_answers(
        member=member,
        editor=member,
        values={
            q["short_text"]: "Ali",
            q["long_text"]: "Line one\nLine two",
            q["single_choice"]: q["single_choice"].choices.get(label="M").pk,
            q["multiple_choice"]: [c.pk for c in q["multiple_choice"].choices.all()[:2]],
            q["yes_no"]: "yes",
            q["date"]: datetime.date(2026, 3, 1),
            q["url"]: "portfolio.example.org",
            q["number"]: "7.50",
        },
    )
    stored = dict(ProfileAnswer.objects.filter(user=member).values_list("question__label", "text"))
    assert stored["Available from"] == "2026-03-01"
    assert stored["Hours per week"] == "7.5"
    assert stored["Portfolio"] == "https://portfolio.example.org"
    html = member_client.get(member.get_absolute_url()).content.decode()
    for shown in ("Ali", "Line one<br>Line two", "Mon, Tue", "1 March 2026", "7.5", "Yes"):
        assert shown in html
    assert 'href="https://portfolio.example.org"' in html


@pytest.mark.parametrize(
    ("kind", "bad_value", "message"),
    [
        ("date", "2026-02-30", "Enter a valid date."),
        ("date", "next tuesday", "Enter a valid date."),
        ("single_choice", "999999", "Select a valid choice."),
        ("multiple_choice", ["999999"], "Select a valid choice."),
        ("yes_no", "maybe", "Select a valid choice."),
        ("url", "javascript:alert(1)", "Enter a valid URL."),
        ("number", "lots", "Enter a number."),
        ("short_text", "x" * 201, "at most 200 characters"),
    ],
)
def test_bad_answer_is_refused_and_nothing_saved(
    every_type, member: User, member_client: Client, kind: str, bad_value, message: str
) -> None:
    target = every_type[kind]
    response = member_client.post(
        reverse("members:edit_profile"),
        {
            "display_name": "New Name",
            every_type["short_text"].field_name: "kept?",
            target.field_name: bad_value,
        }
        if kind != "short_text"
        else {"display_name": "New Name", target.field_name: bad_value},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProfileAnswer.objects.filter(user=member).exists()
    member.refresh_from_db()
    assert member.display_name == "Alice Martin"


def test_the_action_validates_too(every_type, network_admin, member: User) -> None:
    """A choice of another question is "not offered", even straight to the action."""
    other = question(network_admin, "Other", "single_choice", choices=["A", "B"])
    with pytest.raises(ValidationError) as caught:
        actions.set_profile_answers(
            member=member,
            editor=member,
            values={
                every_type["single_choice"]: other.choices.first().pk,
                every_type["short_text"]: "ok",
            },
        )
    assert every_type["single_choice"].field_name in caught.value.message_dict
    assert not ProfileAnswer.objects.filter(user=member).exists()


def test_required_question_must_be_answered_on_the_profile(
    network_admin, member: User, member_client: Client
) -> None:
    asked = question(network_admin, "Emergency contact", required=True)
    response = member_client.post(reverse("members:edit_profile"), {"display_name": "Alice"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ProfileAnswer.objects.filter(question=asked).exists()


def test_members_cannot_answer_questions_only_admins_answer(network_admin, member) -> None:
    check = question(network_admin, "Background check done", "yes_no", answered_by="admins")
    with pytest.raises(PermissionDenied):
        actions.set_profile_answers(member=member, editor=member, values={check: "yes"})
    actions.set_profile_answers(member=member, editor=network_admin, values={check: "yes"})
    assert ProfileAnswer.objects.get(question=check, user=member).text == "yes"


def test_admins_edit_any_members_admin_only_answers(
    network_admin, network_admin_client: Client, member: User
) -> None:
    phone = question(network_admin, "Phone", visibility="admins")
    public = question(network_admin, "Motto")
    page = network_admin_client.get(reverse("members:member_answers", args=[member.pk]))
    html = page.content.decode()
    assert phone.field_name in html and public.field_name not in html
    response = network_admin_client.post(
        reverse("members:member_answers", args=[member.pk]), {phone.field_name: "06 12 34 56 78"}
    )
    assert response.status_code == 302
    assert ProfileAnswer.objects.get(question=phone, user=member).text == "06 12 34 56 78"
    # …but not the member's own public answers.
    with pytest.raises(PermissionDenied):
        actions.set_profile_answers(member=member, editor=network_admin, values={public: "x"})


# --- At sign-up ----------------------------------------------------------------------


def test_questions_asked_at_signup_are_answered_and_saved(network, network_admin) -> None:
    availability = question(
        network_admin,
        "Availability",
        "single_choice",
        choices=["Weekdays", "Weekends"],
        ask_at_signup=True,
        required=True,
    )
    question(network_admin, "Not at sign-up")
    client = Client()
    page = client.get(reverse("account_signup")).content.decode()
    assert "Availability" in page and "Not at sign-up" not in page
    weekends = availability.choices.get(label="Weekends")
    response = client.post(
        reverse("account_signup"), signup_data(**{availability.field_name: weekends.pk})
    )
    assert response.status_code == 302
    zoe = User.objects.get(email="zoe@example.org")
    answer = ProfileAnswer.objects.get(user=zoe, question=availability)
    assert [c.label for c in answer.choices.all()] == ["Weekends"]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("single_choice", None, "This field is required."),
        ("single_choice", "999999", "Select a valid choice."),
        ("date", "31/02/2026", "Enter a valid date."),
    ],
)
def test_bad_or_missing_signup_answer_creates_nothing(
    network, network_admin, kind: str, value, message: str
) -> None:
    settings = {"choices": ["Yes please", "No thanks"]} if kind == "single_choice" else {}
    asked = question(network_admin, "Asked", kind, ask_at_signup=True, required=True, **settings)
    data = signup_data()
    if value is not None:
        data[asked.field_name] = value
    response = Client().post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="zoe@example.org").exists()
    assert not EmailAddress.objects.filter(email="zoe@example.org").exists()
    assert not ProfileAnswer.objects.exists()


def test_register_member_rolls_back_on_a_bad_answer(network, network_admin) -> None:
    """Even past the form, the action refuses a bad answer and writes nothing."""
    asked = question(network_admin, "Start", "date", ask_at_signup=True, required=True)
    user = User(email="zoe@example.org")
    user.set_password(TEST_PASSWORD)
    with pytest.raises(ValidationError):
        actions.register_member(
            user=user,
            display_name="Zoé",
            network=network,
            accepted_terms=True,
            profile_answers={asked: "not a date"},
        )
    assert not User.objects.filter(email="zoe@example.org").exists()
