"""Fixtures for posts tests. Everything is set up through the actions."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.groups import actions as group_actions
from community.groups.models import Group, Privacy
from community.members.models import User
from community.posts import actions
from community.posts.models import Post
from tests.support.clients import client_for as client_for  # shared; re-exported


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    """Uploaded images go to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def png_upload(name: str = "photo.png", size=(64, 48), colour=(20, 120, 90)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def suspend(user: User, *, by: User) -> User:
    from community.members.actions import suspend_member

    suspend_member(admin=by, member=user)
    user.refresh_from_db()
    return user


def join(group: Group, user: User) -> None:
    if group.privacy == Privacy.OPEN:
        group_actions.join_group(user=user, group=group)
        return
    invitation = group_actions.invite_member(inviter=group.created_by, group=group, member=user)
    group_actions.respond_to_invitation(user=user, invitation=invitation, accept=True)


@dataclass
class World:
    """Who is who in the leak matrix."""

    author: User  # member of every group (owner of none)
    member: User  # active member of the network, in no group
    group_member: User  # member of every group
    group_admin: User  # owner of every group
    network_admin: User  # in no group
    suspended: User  # was in every group, then suspended
    open: Group
    closed: Group
    secret: Group


@pytest.fixture
def world(network, make_member) -> World:
    owner = make_member("Gaspard Owner")
    author = make_member("Alice Author")
    member = make_member("Marc Member")
    group_member = make_member("Greta Member")
    network_admin = make_member("Nadia Admin", is_network_admin=True)
    suspended = make_member("Sam Suspended")
    groups = {}
    for privacy in (Privacy.OPEN, Privacy.CLOSED, Privacy.SECRET):
        group = group_actions.create_group(
            creator=owner, name=f"{privacy.title()} circle", privacy=privacy
        )
        for user in (author, group_member, suspended):
            join(group, user)
        groups[privacy] = group
    suspend(suspended, by=network_admin)
    return World(
        author=author,
        member=member,
        group_member=group_member,
        group_admin=owner,
        network_admin=network_admin,
        suspended=suspended,
        open=groups[Privacy.OPEN],
        closed=groups[Privacy.CLOSED],
        secret=groups[Privacy.SECRET],
    )


@pytest.fixture
def make_post(network) -> Callable[..., Post]:
    def make(author: User, body: str = "Hello #garden", **kwargs) -> Post:
        return actions.create_post(author=author, body=body, **kwargs)

    return make
