"""Helpers for the members tests: data is set up through the actions."""

from __future__ import annotations

import io

from PIL import Image

from community.members import actions
from community.members.models import ProfileQuestion, User
from community.members.privacy import PRIVATE_FIELDS


def png_bytes(size=(400, 300), colour=(10, 120, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def set_privacy(member: User, level: str, **overrides: str) -> User:
    """Every built-in field of ``member`` at ``level`` (the profile page itself
    stays open to everyone unless overridden)."""
    choices = {f.key: (level if level in f.levels else f.levels[-1]) for f in PRIVATE_FIELDS}
    choices["profile"] = "everyone"
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
    return html[start:]
