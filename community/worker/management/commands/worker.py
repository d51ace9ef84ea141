"""``manage.py worker``: run the background tasks, keep a heartbeat, and run
the periodic jobs that are due.

It is django-tasks-db's ``db_worker`` (same options: ``--queue-name``,
``--batch``, ``--max-tasks``…) with a thread beside it that, every
``WORKER_HEARTBEAT_SECONDS``, records that this worker is alive and claims
the periodic jobs due (``community/worker/schedule.py``; safe with several
workers). ``--no-scheduler`` leaves the periodic jobs to other workers.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from community.worker import schedule
from community.worker.models import Heartbeat

logger = logging.getLogger("community.worker")


class Beat(threading.Thread):
    """Heartbeat and scheduler, until ``stop`` is set."""

    def __init__(self, name: str, *, scheduler: bool, every: float) -> None:
        super().__init__(name="entraide-worker-beat", daemon=True)
        self.worker_name = name
        self.scheduler = scheduler
        self.every = every
        self.stop = threading.Event()

    def beat(self) -> None:
        close_old_connections()
        now = timezone.now()
        Heartbeat.objects.update_or_create(
            name=self.worker_name,
            defaults={"last_seen": now},
            create_defaults={"started_at": now, "last_seen": now},
        )
        if self.scheduler:
            schedule.run_due(now)

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                try:
                    self.beat()
                except Exception:  # a lost database: say so, try again at the next beat
                    logger.exception("worker heartbeat failed")
                    connection.close()
                self.stop.wait(self.every)
        finally:
            connection.close()


class Command(DbWorkerCommand):
    help = "Run background tasks and the periodic jobs (heartbeat in /healthz)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help="Do not run the periodic jobs from this worker.",
        )

    def handle(self, *args, scheduler: bool = True, **options) -> None:
        name = f"{socket.gethostname()}:{os.getpid()}"
        beat = Beat(name, scheduler=scheduler, every=settings.WORKER_HEARTBEAT_SECONDS)
        beat.beat()  # alive (and due jobs claimed) before the first task
        beat.start()
        try:
            super().handle(*args, **options)
        finally:
            beat.stop.set()
            beat.join(timeout=5)
