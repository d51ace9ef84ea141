"""``spinup --demo`` gives the demo members real profiles."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from community.members.models import Follow, MemberSkill, ProfileQuestion, User
from tests.core.test_spinup import spinup

pytestmark = pytest.mark.django_db


def test_demo_members_have_profiles_questions_and_follows(skills) -> None:
    spinup("--demo")
    camille = User.objects.get(email="camille.martin@example.org")
    assert camille.bio and camille.city == "Lyon" and camille.country == "France"
    assert camille.spoken_languages.count() == 3
    assert MemberSkill.objects.filter(user=camille).count() == 3
    assert ProfileQuestion.objects.filter(filterable=True).count() == 2
    assert ProfileQuestion.objects.filter(visibility="admins").count() == 1
    assert Follow.objects.count() > 10
    spinup("--demo")  # idempotent
    assert ProfileQuestion.objects.count() == 3

    # A visitor of the public demo network finds the members who opened their profile.
    visitor = Client()
    html = visitor.get(reverse("members:directory"), {"skill": "graphic-design"}).content.decode()
    assert "Camille Martin" in html
    assert "06 12 34" not in visitor.get(camille.get_absolute_url()).content.decode()
