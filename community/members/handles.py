"""Handles: the short, unique name in a member's profile address and @mentions."""

from __future__ import annotations

from django.apps import apps
from django.utils.text import slugify

MAX_LENGTH = 40


def unique_handle(name: str) -> str:
    """A free handle derived from ``name`` (``marie-dupont``, ``marie-dupont-2``…)."""
    user_model = apps.get_model("members", "User")
    base = slugify(name)[: MAX_LENGTH - 4].strip("-") or "member"
    taken = set(user_model.objects.filter(handle__startswith=base).values_list("handle", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"
