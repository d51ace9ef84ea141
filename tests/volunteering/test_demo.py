"""``spinup --demo`` makes matching visible at first launch."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from community.members.models import User
from community.volunteering.matching import selectors as matching_selectors
from community.volunteering.models import Engagement, Need, Offer, Project
from tests.core.test_spinup import spinup
from tests.volunteering.conftest import client_for

pytestmark = pytest.mark.django_db


def test_demo_shows_matching_the_dashboard_and_an_attestation(skills) -> None:
    spinup("--demo")
    counts = (Project.objects.count(), Need.objects.count(), Offer.objects.count())
    assert counts[0] >= 5 and counts[1] >= 7 and counts[2] >= 8
    assert set(Engagement.objects.values_list("status", flat=True)) == {
        "proposed",
        "accepted",
        "completed",
    }
    spinup("--demo")  # idempotent
    assert (Project.objects.count(), Need.objects.count(), Offer.objects.count()) == counts

    camille = User.objects.get(email="camille.martin@example.org")
    # The demo network is French by default (spinup --language); its pages are read in
    # English here, as the language selector would set, its French content kept.
    reader = client_for(camille)
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    home = reader.get(reverse("home")).content.decode()
    assert "Needs matching my skills" in home
    assert "Affiche et flyers" in home and "matches 1/1 skill" in home

    admin = User.objects.get(email="admin@example.org")
    need = Need.objects.get(title="Affiche et flyers")
    suggestions = matching_selectors.suggestions_for_need(need)
    assert suggestions[0].volunteer == camille
    admin_client = client_for(admin)
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = admin_client.get(
        reverse("volunteering:need_suggestions", args=[need.project.slug, need.pk])
    )
    assert "Camille Martin" in page.content.decode()

    completed = Engagement.objects.get(status="completed")
    volunteer_client = client_for(completed.volunteer)
    volunteer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    attestation = volunteer_client.get(reverse("volunteering:attestation", args=[completed.pk]))
    assert "5 h" in attestation.content.decode()
