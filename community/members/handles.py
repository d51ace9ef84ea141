"""Handles: the short, unique name in a member's profile address and @mentions."""

from __future__ import annotations

from django.apps import apps

from community.core.slugs import unique_slug

MAX_LENGTH = 40


def unique_handle(name: str) -> str:
    """A free handle derived from ``name`` (``marie-dupont``, ``marie-dupont-2``…)."""
    user_model = apps.get_model("members", "User")
    return unique_slug(user_model, name, max_length=MAX_LENGTH, field="handle", fallback="member")
