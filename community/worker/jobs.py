"""The periodic jobs of the worker app itself (other apps register theirs with
``schedule.register_periodic`` from their own ``ready()``)."""

from __future__ import annotations

from datetime import timedelta

from community.worker import schedule, tasks


def register_jobs() -> None:
    schedule.register_periodic("prune", every=timedelta(days=1), task=tasks.prune_worker_records)
