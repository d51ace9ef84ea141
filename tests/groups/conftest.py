"""Fixtures for group tests. Everything is set up through the actions."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.groups import actions
from community.groups.models import Group, Privacy
from community.members.actions import create_account, suspend_member
from community.members.models import User
from tests.conftest import TEST_PASSWORD
from tests.support.clients import client_for as client_for  # shared; re-exported


@pytest.fixture
def make_group(network) -> Callable[..., Group]:
    """``make_group(owner, privacy="open", name=…)``: created open, then set to
    ``privacy`` by its owner (the path a real group takes)."""

    def make(owner: User, privacy: str = Privacy.OPEN, name: str = "Jardin partagé", **kw) -> Group:
        group = actions.create_group(creator=owner, name=name, privacy=privacy, **kw)
        return group

    return make


@pytest.fixture
def owner(network, make_member) -> User:
    return make_member("Olivia Owner")


def png_upload(size=(64, 64), name: str = "picture.png", padding: int = 0) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue() + b"\0" * padding, content_type="image/png")


def suspend(user: User, *, admin: User | None = None) -> User:
    """Suspend an account through the members app's moderation action, by
    ``admin`` (by default, a network admin made for it)."""
    if admin is None:
        admin = create_account(
            email=f"moderator-{user.pk}@example.org",
            password=TEST_PASSWORD,
            display_name="Moderator",
            is_network_admin=True,
        )
    suspend_member(admin=admin, member=user)
    user.refresh_from_db()
    return user
