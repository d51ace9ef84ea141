"""``resume``: missed visible activities, in order, once; far behind → ``reset``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.db import transaction
from django.utils import timezone

from community.activity.models import Activity
from realtime.consumers import CLOSE_TOO_MANY
from tests.realtime.helpers import (
    amake_group,
    arecord,
    assert_closed,
    assert_silent,
    open_socket,
    receive,
    receive_until,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(network, make_member):
    return {name: make_member(name) for name in ("Owner", "Bea")}


async def test_resume_replays_exactly_the_visible_activities_in_order_once(people) -> None:
    owner, bea = people["Owner"], people["Bea"]
    secret = await amake_group(owner, privacy="secret")
    socket = await open_socket(bea, resume_after="now")
    seen = await arecord(owner, audience="members")
    assert (await receive(socket))["id"] == seen.pk
    await socket.disconnect()

    created = []
    for index in range(8):
        if index in (1, 4, 6):  # three activities Bea may not see
            await arecord(owner, audience=f"group:{secret.pk}", group=secret)
        else:
            created.append((await arecord(owner, audience="members")).pk)
    assert len(created) == 5

    socket = await open_socket(bea)
    await socket.send_json_to({"type": "resume", "after": seen.pk})
    messages = await receive_until(socket, "resumed")
    assert [m["id"] for m in messages if m["type"] == "activity"] == created
    assert messages[-1] == {
        "type": "resumed",
        "after": seen.pk,
        "newest": created[-1],
        "count": 5,
        "reset": False,
    }
    # once: a second resume from the same point sends nothing again
    await socket.send_json_to({"type": "resume", "after": seen.pk})
    assert (await receive(socket))["count"] == 0
    await assert_silent(socket)
    await socket.disconnect()


async def test_far_behind_gets_reset(people, settings) -> None:
    settings.REALTIME_RESUME_LIMIT = 5
    owner, bea = people["Owner"], people["Bea"]
    for _ in range(6):
        await arecord(owner, audience="members")
    socket = await open_socket(bea)
    await socket.send_json_to({"type": "resume", "after": 0})
    assert await receive(socket) == {"type": "reset", "reason": "behind"}
    resumed = await receive(socket)
    assert (resumed["type"], resumed["count"], resumed["reset"]) == ("resumed", 0, True)
    await socket.disconnect()


async def test_exactly_at_the_limit_is_replayed_not_reset(people, settings) -> None:
    settings.REALTIME_RESUME_LIMIT = 5
    owner, bea = people["Owner"], people["Bea"]
    ids = [(await arecord(owner, audience="members")).pk for _ in range(5)]
    socket = await open_socket(bea)
    await socket.send_json_to({"type": "resume", "after": 0})
    messages = await receive_until(socket, "resumed")
    assert [m["id"] for m in messages if m["type"] == "activity"] == ids
    await socket.disconnect()


async def test_live_activity_already_sent_is_not_replayed(people) -> None:
    owner, bea = people["Owner"], people["Bea"]
    before = await arecord(owner, audience="members")
    socket = await open_socket(bea)
    live = await arecord(owner, audience="members")
    assert (await receive(socket))["id"] == live.pk
    await socket.send_json_to({"type": "resume", "after": before.pk})
    resumed = await receive(socket)
    assert resumed["type"] == "resumed" and resumed["count"] == 0
    assert resumed["newest"] == live.pk
    await socket.disconnect()


async def test_resume_brings_back_a_late_commit_the_client_does_not_know(people) -> None:
    """An activity whose id is below the page's newest but which committed after
    the page was rendered is replayed when the client lists what it has."""
    owner, bea = people["Owner"], people["Bea"]
    shown = [(await arecord(owner, audience="members")).pk for _ in range(3)]

    def late_commit():
        # id allocated between shown[1] and shown[2] in effect: take the middle id out
        # of what the client knows instead of racing two transactions here.
        return Activity.objects.get(pk=shown[1])

    late = await database_sync_to_async(late_commit)()
    socket = await open_socket(bea)
    await socket.send_json_to({"type": "resume", "after": shown[2], "known": [shown[0], shown[2]]})
    messages = await receive_until(socket, "resumed")
    assert [m["id"] for m in messages if m["type"] == "activity"] == [late.pk]
    await socket.disconnect()


async def test_late_commit_window_is_bounded_in_time(people, settings) -> None:
    owner, bea = people["Owner"], people["Bea"]
    shown = [(await arecord(owner, audience="members")).pk for _ in range(3)]

    def age_middle():
        with transaction.atomic():
            Activity.objects.filter(pk=shown[1]).update(
                created=timezone.now()
                - timedelta(seconds=settings.REALTIME_LATE_COMMIT_SECONDS + 5)
            )

    await database_sync_to_async(age_middle)()
    socket = await open_socket(bea)
    await socket.send_json_to({"type": "resume", "after": shown[2], "known": [shown[0], shown[2]]})
    assert (await receive(socket))["count"] == 0
    await socket.disconnect()


async def test_resume_without_a_position_replays_nothing(people) -> None:
    owner, bea = people["Owner"], people["Bea"]
    await arecord(owner, audience="members")
    socket = await open_socket(bea)
    await socket.send_json_to({"type": "resume", "after": None})
    resumed = await receive(socket)
    assert (resumed["type"], resumed["count"]) == ("resumed", 0)
    await socket.send_json_to({"type": "resume", "after": "12; DROP TABLE"})
    assert (await receive(socket))["count"] == 0
    await socket.disconnect()


async def test_too_many_resumes_close_the_socket(people) -> None:
    socket = await open_socket(people["Bea"])
    for _ in range(6):
        await socket.send_json_to({"type": "resume", "after": 0})
        assert (await receive(socket))["type"] == "resumed"
    await socket.send_json_to({"type": "resume", "after": 0})
    await assert_closed(socket, CLOSE_TOO_MANY)
