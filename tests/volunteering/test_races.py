"""The last place, on PostgreSQL with real threads and separate connections.

The read that decides (how many places are taken?) is followed by a pause,
so both threads have read before either writes — unless the need's row lock
makes the second wait for the first to commit. Remove the lock and this fails.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from community.volunteering import state
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.models import Engagement, EngagementStatus, Need, NeedStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAUSE = 0.4


def run_concurrently(*calls):
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(index: int, call) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_acceptances_for_the_last_place_exactly_one_succeeds(
    manager, group, make_member, make_project, make_need, monkeypatch
) -> None:
    co_admin = make_member("Co Admin")
    from community.groups import actions as group_actions

    group_actions.join_group(user=co_admin, group=group)
    group_actions.change_member_role(actor=manager, group=group, member=co_admin, role="admin")
    need = make_need(manager, make_project(manager, group), volunteers_wanted=2)
    first, second, third = (make_member(f"Applicant {n}") for n in range(3))
    accepted = engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=first, need=need)
    )
    assert accepted.status == EngagementStatus.ACCEPTED
    two = engagement_actions.apply_to_need(volunteer=second, need=need)
    three = engagement_actions.apply_to_need(volunteer=third, need=need)

    original = state.places_taken

    def slowed(need_row):
        count = original(need_row)
        time.sleep(PAUSE)
        return count

    monkeypatch.setattr(state, "places_taken", slowed)
    results = run_concurrently(
        lambda: engagement_actions.accept_engagement(actor=manager, engagement=two),
        lambda: engagement_actions.accept_engagement(actor=co_admin, engagement=three),
    )

    successes = [r for r in results if isinstance(r, Engagement)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(successes) == 1, results
    assert len(refusals) == 1, results
    assert refusals[0].messages == ["This need is filled: every place is taken."]
    assert Engagement.objects.filter(need=need, status=EngagementStatus.ACCEPTED).count() == 2
    assert Need.objects.get(pk=need.pk).status == NeedStatus.FILLED
