"""Fixtures for feed tests. Data is set up through the actions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from community.activity.actions import record_activity
from community.groups import actions as group_actions
from community.groups.models import Group
from community.members.models import User
from community.posts.actions import create_post
from community.posts.models import Comment, Post, Reaction


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


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
    """A comment and its activity, as the posts app's comment action records them.

    (The comment action is the posts helper's; until it lands on main the feed
    tests write the same rows it writes.)"""
    comment = Comment.objects.create(post=post, author=author, body=body, parent=parent)
    Post.objects.filter(pk=post.pk).update(comment_count=post.comments.count())
    record_activity(
        actor=author, verb="commented", target=comment, audience=post.audience, group=post.group
    )
    return comment


def add_reaction(post: Post, user: User, kind: str = "like") -> Reaction:
    """A reaction and its activity (see ``add_comment``)."""
    reaction = Reaction.objects.create(post=post, user=user, kind=kind)
    counts = dict(post.reaction_counts or {})
    counts[kind] = counts.get(kind, 0) + 1
    Post.objects.filter(pk=post.pk).update(reaction_counts=counts)
    record_activity(
        actor=user, verb="reacted", target=reaction, audience=post.audience, group=post.group
    )
    return reaction
