"""Races, on PostgreSQL with real threads and separate connections.

Each test widens the race window: the read that decides (is there a
membership? is the request still pending?) is followed by a pause, so both
threads have read before either writes — unless the group's row lock makes the
second wait for the first to commit. Remove the lock and these tests fail.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from community.activity.models import Activity
from community.groups import actions
from community.groups.actions import memberships
from community.groups.models import JoinRequest, Membership, RequestStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAUSE = 0.4


def run_concurrently(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread (own connection), released together."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def slow_down(monkeypatch, name: str) -> None:
    """Pause right after the membership actions' ``<name>`` has read, widening
    the race window."""
    original = getattr(memberships, name)

    def slowed(*args, **kwargs):
        value = original(*args, **kwargs)
        time.sleep(PAUSE)
        return value

    monkeypatch.setattr(memberships, name, slowed)


def test_two_admins_approving_the_same_request_make_one_membership(
    network, make_member, monkeypatch
) -> None:
    owner, admin, requester = make_member("Owner"), make_member("Admin"), make_member("Req")
    group = actions.create_group(creator=owner, name="Board")
    actions.join_group(user=admin, group=group)
    actions.change_member_role(actor=owner, group=group, member=admin, role="admin")
    group = actions.change_group_privacy(actor=owner, group=group, privacy="closed")
    join_request = actions.request_to_join(user=requester, group=group, message="Hello")
    slow_down(monkeypatch, "_pending_request")

    results = run_concurrently(
        lambda: actions.approve_join_request(actor=owner, join_request=join_request),
        lambda: actions.approve_join_request(actor=admin, join_request=join_request),
    )

    assert Membership.objects.filter(group=group, user=requester).count() == 1
    assert Activity.objects.filter(group=group, actor=requester, verb="joined_group").count() == 1
    assert JoinRequest.objects.get(pk=join_request.pk).status == RequestStatus.APPROVED
    memberships = [r for r in results if isinstance(r, Membership)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(memberships) == 1, results
    assert len(refusals) == 1, results
    assert "already handled" in refusals[0].messages[0]


def test_double_click_on_join_makes_one_membership(network, make_member, monkeypatch) -> None:
    owner, joiner = make_member("Owner"), make_member("Joiner")
    group = actions.create_group(creator=owner, name="Garden")
    slow_down(monkeypatch, "_current_membership")

    results = run_concurrently(
        lambda: actions.join_group(user=joiner, group=group),
        lambda: actions.join_group(user=joiner, group=group),
    )

    assert all(isinstance(result, Membership) for result in results), results
    assert results[0].pk == results[1].pk
    assert Membership.objects.filter(group=group, user=joiner).count() == 1
    assert Activity.objects.filter(group=group, actor=joiner, verb="joined_group").count() == 1
