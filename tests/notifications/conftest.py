"""Fixtures for notification tests: data through the actions.

Comments: ``posts_rows`` below writes them through the posts app's
``add_comment`` and discards the notifications that action sent, so that
these tests call ``notify`` themselves (the posts actions' own notifications
are tested in ``tests/posts``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import translation

from community.groups import actions as group_actions
from community.groups.models import Group, Privacy
from community.members.models import User
from community.notifications.actions import discard_notifications
from community.posts.actions import add_comment, create_post
from community.posts.models import Comment, Post
from tests.support.clients import client_for as client_for  # shared; re-exported


@pytest.fixture(autouse=True)
def _english():
    """Sentences are built outside a request here: in English, whatever a
    previous test left active in this thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def alice(network, make_member) -> User:
    return make_member("Alice Martin")


@pytest.fixture
def bob(network, make_member) -> User:
    return make_member("Bob Bernard")


@pytest.fixture
def carol(network, make_member) -> User:
    return make_member("Carol Chen")


@pytest.fixture
def make_group(network) -> Callable[..., Group]:
    def make(owner: User, privacy: str = Privacy.OPEN, name: str = "Jardin partagé") -> Group:
        return group_actions.create_group(creator=owner, name=name, privacy=privacy)

    return make


def add_member(group: Group, user: User) -> None:
    """Join an open group; be invited by its owner and accept otherwise."""
    if group.privacy == Privacy.OPEN:
        group_actions.join_group(user=user, group=group)
        return
    invitation = group_actions.invite_member(inviter=group.created_by, group=group, member=user)
    group_actions.respond_to_invitation(user=user, invitation=invitation, accept=True)


@pytest.fixture
def make_post() -> Callable[..., Post]:
    def make(author: User, body: str = "Hello, neighbours", **kwargs) -> Post:
        return create_post(author=author, body=body, **kwargs)

    return make


@pytest.fixture
def posts_rows() -> Callable[..., Comment]:
    """``posts_rows(author, post, body, parent=None)``: a comment, through the
    posts app's action (``add_comment``), without the notifications it sent."""

    def comment(author: User, post: Post, body: str = "Nice!", parent: Comment | None = None):
        made = add_comment(author=author, post=post, body=body, parent=parent)
        discard_notifications(targets=[made])
        return made

    return comment
