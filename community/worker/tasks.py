"""The worker's own housekeeping, run daily by the scheduler."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from community.worker.models import Heartbeat, ScheduledRun


@task()
def prune_worker_records(slot: str) -> dict[str, int]:
    """Forget finished tasks after ``WORKER_RESULTS_DAYS``, claimed runs after
    twice that, and workers not seen for a day."""
    now = timezone.now()
    keep = timedelta(days=settings.WORKER_RESULTS_DAYS)
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - keep).delete()
    runs, _ = ScheduledRun.objects.filter(claimed_at__lt=now - 2 * keep).delete()
    workers, _ = Heartbeat.objects.filter(last_seen__lt=now - timedelta(days=1)).delete()
    return {"tasks": tasks, "runs": runs, "workers": workers}
