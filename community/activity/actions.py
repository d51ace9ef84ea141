"""Recording activities. Every write action that others should hear of calls
``record_activity``; the realtime push is scheduled for after the commit."""

from __future__ import annotations

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from community.activity.models import Activity
from community.core import live


def record_activity(
    *, actor, verb: str, target: models.Model, audience: str, group=None
) -> Activity:
    activity = Activity.objects.create(
        actor=actor,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        group=group,
        audience=audience,
    )
    transaction.on_commit(partial(live.publish_activity, activity.pk, audience=activity.audience))
    return activity
