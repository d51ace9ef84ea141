"""Helpers for the members tests: data is set up through the actions."""

from __future__ import annotations

import io

from PIL import Image

from community.members import actions
from community.members.models import ProfileQuestion, User
from community.members.privacy import PRIVATE_FIELDS, load_policy


def png_bytes(size=(400, 300), colour=(10, 120, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def set_privacy(member: User, level: str, **overrides: str) -> User:
    """Every built-in field of ``member`` at ``level``, or the widest level the
    admins allow when that is narrower (the profile page itself is open to
    everyone unless overridden)."""
    policy = load_policy()
    choices = {}
    for field in PRIVATE_FIELDS:
        allowed = policy.allowed_levels(field.key)
        choices[field.key] = level if level in allowed else allowed[0]
        if level == "admins" and level not in allowed:
            choices[field.key] = allowed[-1]
    choices["profile"] = policy.allowed_levels("profile")[0]
    choices.update(overrides)
    return actions.update_privacy(member=member, editor=member, choices=choices)


def open_all_fields(admin: User) -> None:
    """Network admins allow every built-in field up to "everyone"."""
    actions.set_field_policy(admin=admin, widest={f.key: "everyone" for f in PRIVATE_FIELDS})


def question(admin: User, label: str, kind: str = "short_text", **settings) -> ProfileQuestion:
    return actions.create_profile_question(admin=admin, label=label, kind=kind, **settings)


def results_section(html: str) -> str:
    """The directory results part of a full directory page."""
    start = html.index('id="directory-results"')
    return html[start : html.index("</section>", start)]
