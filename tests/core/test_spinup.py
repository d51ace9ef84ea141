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
