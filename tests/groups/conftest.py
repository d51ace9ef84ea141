"""Fixtures for group tests. Everything is set up through the actions."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.groups import actions
from community.groups.models import Group, Privacy
from community.members.models import User
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


def suspend(user: User) -> User:
    """Suspend an account (the members app's moderation will do this through an action)."""
    User.objects.filter(pk=user.pk).update(status="suspended", is_active=False)
    user.refresh_from_db()
    return user
