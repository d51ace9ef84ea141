"""Periodic jobs: the apps register them, the worker's scheduler runs the due
ones.

A job has a name, a period (``timedelta``) and a task (a ``django_tasks``
task taking no argument but ``slot``). Time is cut into slots of one period
(counted from the Unix epoch, in UTC); when a slot is due, the scheduler
claims it by inserting a ``ScheduledRun`` row — unique per job and slot — and
enqueues the task only if the insert succeeded. Any number of schedulers may
run at once: each slot's task is enqueued at most once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from community.worker.models import ScheduledRun

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: object  # a django_tasks Task; its .enqueue(slot=…) is called

    def slot(self, now: datetime) -> str:
        index = int((now - EPOCH) / self.every)
        return (EPOCH + index * self.every).strftime("%Y-%m-%dT%H:%M")


_jobs: dict[str, Job] = {}


def register_periodic(name: str, *, every: timedelta, task) -> Job:
    """Run ``task`` once per ``every``; called from an AppConfig.ready()."""
    job = Job(name=name, every=every, task=task)
    _jobs[name] = job
    return job


def jobs() -> dict[str, Job]:
    return dict(_jobs)


def claim_and_enqueue(job: Job, now: datetime) -> str | None:
    """Claim the slot of ``now`` for ``job`` and enqueue its task, in one
    transaction (the database backend queues by writing a row: both commit or
    neither does, so a claimed slot always has its task); the slot, or
    ``None`` when another scheduler claimed it first."""
    slot = job.slot(now)
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job.name, slot=slot)
            job.task.enqueue(slot=slot)
    except IntegrityError:
        return None
    return slot


def run_due(now: datetime | None = None) -> list[tuple[str, str]]:
    """Claim and enqueue every job whose current slot nobody has claimed yet;
    returns the ``(job, slot)`` pairs this call enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in _jobs.values():
        slot = claim_and_enqueue(job, now)
        if slot is not None:
            enqueued.append((job.name, slot))
    return enqueued
