"""The background worker (issue 16, point 1): a real ``manage.py worker``
process runs queued tasks and reports in ``/healthz``; the scheduler claims
each periodic run once, however many schedulers run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from community.worker import schedule
from community.worker.models import Heartbeat, ScheduledRun
from community.worker.tasks import prune_worker_records
from tests.support import daphne
from tests.worker import tasks

NOW = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)


def run_worker(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``manage.py worker --batch``: runs what is queued, then exits (``env``:
    more environment variables)."""
    env = {
        **os.environ,
        "DATABASE_URL": daphne.test_database_url(),
        "PYTHONPATH": str(daphne.ROOT),
        "WORKER_HEARTBEAT_SECONDS": "0.2",
        **(env or {}),
    }
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            *args,
        ],
        cwd=daphne.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_the_queued_tasks_and_healthz_sees_it(settings) -> None:
    settings.WORKER_REQUIRED = True
    client = Client()
    before = client.get("/healthz")
    assert before.status_code == 503
    assert before.json()["down"] == ["worker"]
    assert before.json()["checks"]["worker"]["last_heartbeat"] is None

    done = tasks.add.enqueue(2, 3)
    failed = tasks.fail.enqueue()
    queued = client.get("/healthz").json()["checks"]["worker"]
    assert (queued["queued"], queued["failed"]) == (2, 0)

    run = run_worker()
    assert run.returncode == 0, run.stderr[-2000:]

    assert DBTaskResult.objects.get(id=done.id).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(id=done.id).return_value == 5
    assert DBTaskResult.objects.get(id=failed.id).status == TaskResultStatus.FAILED
    after = client.get("/healthz")
    assert after.status_code == 200
    worker = after.json()["checks"]["worker"]
    assert worker["status"] == "up" and worker["last_heartbeat"]
    assert (worker["queued"], worker["failed"]) == (0, 1)
    # Its first beat claimed the daily housekeeping, and the batch ran it.
    assert ScheduledRun.objects.filter(job="prune").count() == 1


@pytest.mark.django_db
def test_healthz_calls_the_worker_down_after_the_stale_delay(settings, client: Client) -> None:
    settings.WORKER_REQUIRED = True
    settings.WORKER_STALE_SECONDS = 300
    beat = Heartbeat.objects.create(
        name="host:1", started_at=timezone.now(), last_seen=timezone.now() - timedelta(seconds=200)
    )
    assert client.get("/healthz").status_code == 200
    Heartbeat.objects.filter(pk=beat.pk).update(last_seen=timezone.now() - timedelta(seconds=400))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["worker"]
    settings.WORKER_REQUIRED = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["status"] == "down"  # reported, not required


@pytest.mark.django_db
def test_a_periodic_run_is_claimed_once_per_slot() -> None:
    first = schedule.run_due(NOW)
    again = schedule.run_due(NOW + timedelta(hours=3))  # same day: same slot
    assert [job for job, _slot in first] == list(schedule.jobs())
    assert again == []
    assert ScheduledRun.objects.count() == len(schedule.jobs())
    assert DBTaskResult.objects.count() == len(schedule.jobs())
    next_day = schedule.run_due(NOW + timedelta(days=1))
    assert len(next_day) == len(schedule.jobs())
    assert next_day[0][1] == "2026-12-05T00:00"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enqueue_one_run() -> None:
    barrier = threading.Barrier(4)
    results: list[list] = []

    def scheduler() -> None:
        try:
            barrier.wait()
            results.append(schedule.run_due(NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(len(r) for r in results) == [0, 0, 0, len(schedule.jobs())]
    assert DBTaskResult.objects.count() == len(schedule.jobs())


@pytest.mark.django_db
def test_housekeeping_forgets_old_tasks_runs_and_workers(settings) -> None:
    settings.WORKER_RESULTS_DAYS = 14
    old, recent = tasks.add.enqueue(1, 1), tasks.add.enqueue(2, 2)
    long_ago = timezone.now() - timedelta(days=15)
    DBTaskResult.objects.filter(id__in=[old.id, recent.id]).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now()
    )
    DBTaskResult.objects.filter(id=old.id).update(finished_at=long_ago)
    waiting = tasks.add.enqueue(3, 3)
    Heartbeat.objects.create(name="gone:1", started_at=long_ago, last_seen=long_ago)
    Heartbeat.objects.create(name="here:1", started_at=long_ago, last_seen=timezone.now())

    counts = prune_worker_records.call(slot="test")
    assert counts == {"tasks": 1, "runs": 0, "workers": 1}
    left = {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)}
    assert left == {recent.id, waiting.id}
    assert list(Heartbeat.objects.values_list("name", flat=True)) == ["here:1"]
