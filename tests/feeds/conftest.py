"""Fixtures for feed tests. Data is set up through the actions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from community.groups import actions as group_actions
from community.groups.models import Group
from community.members.models import User
from community.posts import actions as posts_actions
from community.posts.actions import create_post
from community.posts.models import Comment, Post
from tests.support.clients import client_for as client_for  # shared; re-exported


@pytest.fixture
def make_group(network) -> Callable[..., Group]:
    def make(owner: User, privacy: str = "open", name: str = "Jardin partagé") -> Group:
        group = group_actions.create_group(creator=owner, name=name, privacy="open")
        if privacy != "open":
            group = group_actions.change_group_privacy(actor=owner, group=group, privacy=privacy)
        return group

    return make


@pytest.fixture
def post(network) -> Callable[..., Post]:
    """``post(author, "text", group=…, wall_owner=…, audience=…, title=…)``."""

    def make(author: User, body: str, **kwargs) -> Post:
        return create_post(author=author, body=body, **kwargs)

    return make


def add_comment(post: Post, author: User, body: str, parent: Comment | None = None) -> Comment:
    """A comment through the posts app's action (it records the activity)."""
    return posts_actions.add_comment(author=author, post=post, body=body, parent=parent)


def add_reaction(post: Post, user: User, kind: str = "like") -> str | None:
    """A reaction through the posts app's action (it records the activity)."""
    return posts_actions.toggle_reaction(user=user, kind=kind, post=post)
