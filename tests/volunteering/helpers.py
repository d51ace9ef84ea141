"""Test helpers: a fingerprint of everything volunteering writes, and a
clock set back so that time passes through the actions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

from django.utils import timezone

from community.activity.models import Activity
from community.volunteering.models import (
    Attestation,
    Engagement,
    HoursCorrection,
    HoursEntry,
    Need,
    Offer,
    OfferSkill,
    Project,
)


def database_state() -> tuple:
    """Every row volunteering writes (and the activities): equal before and
    after a refused action means it wrote nothing."""
    return (
        list(Project.objects.order_by("pk").values_list("pk", "status", "title", "audience")),
        list(Need.objects.order_by("pk").values_list("pk", "status", "volunteers_wanted", "title")),
        list(
            Engagement.objects.order_by("pk").values_list(
                "pk", "status", "decided_by", "starts_on", "ends_on", "answer"
            )
        ),
        list(
            HoursEntry.objects.order_by("pk").values_list("pk", "date", "hours", "status", "query")
        ),
        list(Offer.objects.order_by("pk").values_list("pk", "status", "title", "hours_per_month")),
        list(OfferSkill.objects.order_by("pk").values_list("pk", "skill", "level", "active")),
        list(Activity.objects.order_by("pk").values_list("pk", "verb", "audience")),
        list(
            Attestation.objects.order_by("pk").values_list(
                "pk", "engagement", "version", "confirmed_hours", "entries"
            )
        ),
        list(HoursCorrection.objects.order_by("pk").values_list("pk", "entry", "reason", "after")),
    )


@contextmanager
def days_ago(days: int) -> Iterator[None]:
    """Run the actions inside as they would have run ``days`` days ago (an
    engagement accepted last week, an offer whose period has ended since):
    Django's clock (``timezone.now``, which ``localdate`` reads) is set back,
    so the data is written by the actions and their checks, not by updates."""
    then = timezone.now() - timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=then):
        yield
