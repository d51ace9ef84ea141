"""Test helpers: a fingerprint of everything volunteering writes."""

from __future__ import annotations

from community.activity.models import Activity
from community.volunteering.models import Engagement, HoursEntry, Need, Offer, OfferSkill, Project


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
    )
