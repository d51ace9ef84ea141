"""What the worker leaves in the database: that it is alive, and which run of
each periodic job has been claimed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One row per running worker process, touched every few seconds;
    ``/healthz`` reads the newest one."""

    name = models.CharField(_("worker"), max_length=200, unique=True)
    started_at = models.DateTimeField(_("started at"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.name


class ScheduledRun(models.Model):
    """A periodic job's run for one slot (``daily:2026-12-04``…). The unique
    constraint is the lock: two schedulers (two workers, or one restarted)
    cannot both claim a slot, so each run happens at most once."""

    job = models.CharField(_("job"), max_length=100)
    slot = models.CharField(_("slot"), max_length=100)
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"
