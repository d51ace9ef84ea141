"""How the worker is doing, for ``/healthz``: the newest heartbeat, and how
many tasks wait or have failed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from community.worker.models import Heartbeat

_counts: dict[str, Callable[[], int]] = {}


def register_count(name: str, count: Callable[[], int]) -> None:
    """Add ``name: count()`` to the worker's report (the apps above register
    theirs from ``AppConfig.ready()``: ``failed_emails``…)."""
    _counts[name] = count


def worker_status() -> dict:
    """``{"status": "up" | "down", "last_heartbeat": iso | None, "queued": n,
    "failed": n, "required": bool}``; down when no worker was seen for
    ``WORKER_STALE_SECONDS``."""
    last = Heartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()
    stale = last is None or timezone.now() - last > timedelta(seconds=settings.WORKER_STALE_SECONDS)
    counts = DBTaskResult.objects.aggregate(
        queued=Count("pk", filter=Q(status=TaskResultStatus.READY)),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
    )
    return {
        "status": "down" if stale else "up",
        "last_heartbeat": last.isoformat() if last else None,
        "required": settings.WORKER_REQUIRED,
        **counts,
        **{name: count() for name, count in _counts.items()},
    }
