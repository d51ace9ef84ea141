"""Each volunteering verb has its feed partial, rendered without any viewer
(as the realtime layer pushes it: no request, no user in the context)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from community.activity.models import Activity
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions

pytestmark = pytest.mark.django_db

EXPECTED = {
    "offer_published": "offers their skills.",
    "project_opened": "to volunteers.",
    "need_opened": "A project is looking for volunteers",
    "volunteer_joined": "as a volunteer",
    "engagement_completed": "Thank you!",
}


def test_every_verb_renders_without_a_viewer(manager, volunteer, need, make_offer) -> None:
    make_offer(volunteer)
    engagement = engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    )
    hours_actions.log_hours(
        volunteer=volunteer, engagement=engagement, date=timezone.localdate(), hours=1
    )
    engagement_actions.complete_engagement(actor=manager, engagement=engagement)
    activities = {a.verb: a for a in Activity.objects.filter(verb__in=EXPECTED)}
    assert set(activities) == set(EXPECTED)
    for verb, activity in activities.items():
        target = activity.target
        html = render_to_string(
            f"activity/partials/{verb}.html",
            {
                "activity": activity,
                "target": target,
                "target_key": f"{target._meta.model_name}:{target.pk}",
                "target_url": "",
                "feeds": "home",
                "viewer": None,
            },
        )
        assert EXPECTED[verb] in html, verb
        assert f'data-activity-id="{activity.pk}"' in html
        # A deleted target still renders.
        gone = render_to_string(
            f"activity/partials/{verb}.html", {"activity": activity, "target": None}
        )
        assert f'data-activity-id="{activity.pk}"' in gone
