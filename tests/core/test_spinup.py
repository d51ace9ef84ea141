"""``manage.py spinup``: create once, safe to re-run, clear errors."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from community.core.models import Network
from community.members.models import User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def spinup(*args: str) -> str:
    out = io.StringIO()
    call_command("spinup", *args, "--no-input", stdout=out)
    return out.getvalue()


def test_spinup_twice_gives_one_network_and_one_admin() -> None:
    args = (
        "--name",
        "Les Jardins Partagés",
        "--admin-email",
        "Chef@Example.org",
        "--admin-password",
        "a-long-admin-password",
        "--theme",
        "foret",
    )
    first = spinup(*args)
    assert "created" in first
    second = spinup(*args)
    assert "already exists: nothing to create" in second
    assert Network.objects.count() == 1
    network = Network.objects.get()
    assert network.name == "Les Jardins Partagés" and network.theme == "foret"
    admin = User.objects.get()
    assert admin.email == "chef@example.org"
    assert admin.is_network_admin and admin.check_password("a-long-admin-password")


def test_spinup_prints_a_generated_password_when_none_given() -> None:
    output = spinup("--name", "X", "--admin-email", "x@example.org")
    password = output.split("Admin password (shown once): ")[1].split()[0]
    assert User.objects.get().check_password(password)


def test_missing_required_flags_fail_clearly() -> None:
    with pytest.raises(CommandError, match="--name is required"):
        spinup("--admin-email", "x@example.org")
    with pytest.raises(CommandError, match="not a valid e-mail"):
        spinup("--name", "X", "--admin-email", "nope")
    assert not Network.objects.exists() and not User.objects.exists()


def test_unknown_theme_exits_non_zero_with_a_clear_message() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "spinup", "--theme", "neon", "--no-input"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
    )
    assert result.returncode != 0
    assert "invalid choice: 'neon'" in result.stderr


def test_demo_adds_members_once_and_prints_how_to_sign_in() -> None:
    first = spinup("--demo")
    assert "Sign in at http://127.0.0.1:8000" in first
    assert "admin@example.org / entraide-demo" in first
    count = User.objects.count()
    assert count > 10
    second = spinup("--demo", "--url", "http://0.0.0.0:8080")
    assert "already there: nothing added" in second
    assert "Sign in at http://0.0.0.0:8080/accounts/login/" in second  # make run's PORT
    assert User.objects.count() == count
    assert Network.objects.get().visibility == "public"


def test_missing_flags_are_asked_at_the_keyboard(monkeypatch) -> None:
    answers = iter(["Le Café Associatif", "bureau@example.org", "Bureau"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    out = io.StringIO()
    call_command("spinup", "--admin-password", "a-long-admin-password", stdout=out)
    assert Network.objects.get().name == "Le Café Associatif"
    admin = User.objects.get()
    assert admin.email == "bureau@example.org" and admin.display_name == "Bureau"


def _demo_texts_in_database() -> str:
    """Every demo text the members would read, gathered from the database."""
    from community.groups.models import Group, JoinRequest
    from community.members.models import ProfileQuestion, ProfileQuestionChoice
    from community.posts.models import Comment, Post
    from community.volunteering.models import Engagement, HoursEntry, Need, Offer, Project

    network = Network.objects.get()
    parts = [network.tagline, network.about]
    parts += [f"{g.slug} {g.name} {g.description}" for g in Group.objects.all()]
    parts += list(JoinRequest.objects.values_list("message", flat=True))
    parts += [f"{p.title} {p.body}" for p in Post.objects.all()]
    parts += list(Comment.objects.values_list("body", flat=True))
    parts += [f"{q.label} {q.help_text}" for q in ProfileQuestion.objects.all()]
    parts += list(ProfileQuestionChoice.objects.values_list("label", flat=True))
    parts += [f"{p.title} {p.description}" for p in Project.objects.all()]
    parts += [f"{n.title} {n.description}" for n in Need.objects.all()]
    parts += [f"{o.title} {o.description}" for o in Offer.objects.all()]
    parts += list(Engagement.objects.values_list("message", flat=True))
    parts += list(HoursEntry.objects.values_list("note", flat=True))
    parts += [f"{u.bio} {' '.join(u.interests)}" for u in User.objects.all()]
    return "\n".join(parts)


@pytest.mark.parametrize(("language", "other"), [("en", "fr"), ("fr", "en")])
def test_demo_is_written_in_the_chosen_language(language: str, other: str) -> None:
    from community.members.demo import demo_texts

    output = spinup("--demo", "--language", language)
    assert "Demo posts:" in output
    assert Network.objects.get().default_language == language
    stored = _demo_texts_in_database()
    wrong = [text for text in demo_texts(other) if text.split("{")[0] in stored]
    assert not wrong
    expected = [text.split("{")[0] for text in demo_texts(language)]
    missing = [text for text in expected if text not in stored]
    assert not missing
    signs = {
        "en": ["Shared garden", "Availability", "Keep the books", "Hello everyone!"],
        "fr": ["Jardin partagé", "Disponibilités", "Tenir la comptabilité", "Bonjour à toutes"],
    }
    for sign in signs[language]:
        assert sign in stored
    for sign in signs[other]:
        assert sign not in stored


def test_the_demo_is_french_by_default_as_make_run_gives_it() -> None:
    spinup("--demo", "--url", "http://127.0.0.1:8000")  # make run's command line
    assert Network.objects.get().default_language == "fr"
    stored = _demo_texts_in_database()
    assert "Jardin partagé" in stored and "Shared garden" not in stored


def test_the_help_documents_the_demo_language() -> None:
    from community.members.management.commands.spinup import Command

    parser = Command().create_parser("manage.py", "spinup")
    text = parser.format_help()
    assert "--language {en,fr}" in text
    assert "default: fr with --demo" in " ".join(text.split())
