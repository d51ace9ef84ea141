"""Every write on notifications. The notifications issue fills these in;
until then they are the agreed interface other apps call.

* ``notify(recipient=, verb=, actor=, target=)`` — tell ``recipient`` that
  ``actor`` did ``verb`` to ``target``; skips the actor themself and anyone
  who may not see ``target``; returns the notification (or ``None``).
* ``discard_notifications(targets=)`` — delete every notification about
  these objects (a deleted post takes its comments' notifications with it).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


def notify(*, recipient, verb: str, actor, target: models.Model):
    return None


def discard_notifications(*, targets: Iterable[models.Model]) -> int:
    return 0
