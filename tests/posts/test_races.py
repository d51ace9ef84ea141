"""Counters under concurrency, on PostgreSQL with real threads and separate
connections. The check that runs after the post's row lock is slowed down, so
every thread has read the counters before any writes — unless the lock makes
them wait for each other. Remove the lock and these tests fail."""

from __future__ import annotations

import time

import pytest

from community.posts import actions, permissions
from community.posts.models import Comment, Reaction
from tests.groups.test_races import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAUSE = 0.3


@pytest.fixture
def slow_check(monkeypatch) -> None:
    original = permissions.check_interact

    def slowed(*args, **kwargs):
        original(*args, **kwargs)
        time.sleep(PAUSE)

    monkeypatch.setattr(permissions, "check_interact", slowed)


@pytest.fixture
def fans(network, make_member):
    return [make_member(f"Fan {n}") for n in range(4)]


def test_concurrent_reactions_are_all_counted(fans, slow_check) -> None:
    post = actions.create_post(author=fans[0], body="React!", audience="members")
    results = run_concurrently(
        *(
            lambda fan=fan, kind=kind: actions.toggle_reaction(user=fan, post=post, kind=kind)
            for fan, kind in zip(fans, ["like", "like", "love", "like"], strict=True)
        )
    )
    assert results == ["like", "like", "love", "like"]
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 3, "love": 1}
    assert Reaction.objects.filter(post=post).count() == 4


def test_a_double_click_reacts_once(fans, slow_check) -> None:
    post = actions.create_post(author=fans[0], body="React!", audience="members")
    comment = actions.add_comment(author=fans[0], post=post, body="Me too")
    results = run_concurrently(
        lambda: actions.toggle_reaction(user=fans[1], comment=comment, kind="wow"),
        lambda: actions.toggle_reaction(user=fans[1], comment=comment, kind="wow"),
    )
    assert sorted(results, key=str) == [None, "wow"]  # the second click took it back
    comment.refresh_from_db()
    assert comment.reaction_counts == {}
    assert not Reaction.objects.exists()


def test_concurrent_comments_are_all_counted(fans, slow_check) -> None:
    post = actions.create_post(author=fans[0], body="Talk", audience="members")
    run_concurrently(
        *(
            lambda fan=fan: actions.add_comment(author=fan, post=post, body=f"From {fan}")
            for fan in fans
        )
    )
    post.refresh_from_db()
    assert post.comment_count == Comment.objects.filter(post=post).count() == 4
