"""Volunteering pages show skill names in the reader's language (issue 14,
point 3): offers, needs, the matching suggestions and the attestation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from community.members.actions import set_member_language
from community.members.models import User
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from tests.volunteering.conftest import client_for

pytestmark = pytest.mark.django_db

ACCOUNTING = {"en": "Accounting and bookkeeping", "fr": "Comptabilité et tenue des comptes"}
COOKING = {"en": "Cooking", "fr": "Cuisine"}
CONFIRMED = {"en": "Confirmed", "fr": "Confirmé"}
OTHER = {"en": "fr", "fr": "en"}
LANGUAGES = ("fr", "en")


def page(user: User, url: str, language: str) -> str:
    set_member_language(member=user, language=language)
    response = client_for(user).get(url, follow=True)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    return response.content.decode()


def section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_my_offers_and_the_offer_form_show_skills_in_my_language(volunteer, make_offer) -> None:
    make_offer(volunteer, offered={"accounting": "expert", "cooking": "beginner"})
    for language in LANGUAGES:
        offers = page(volunteer, reverse("volunteering:my_offers"), language)
        card = section(offers, "<main", "</main>")
        assert ACCOUNTING[language] in card and COOKING[language] in card
        assert ACCOUNTING[OTHER[language]] not in card
        form = page(volunteer, reverse("volunteering:offer_create"), language)
        assert ACCOUNTING[language] in form and ACCOUNTING[OTHER[language]] not in form


def test_a_need_shows_its_skills_in_the_readers_language(manager, volunteer, need) -> None:
    for language in LANGUAGES:
        html = page(volunteer, need.get_absolute_url(), language)
        assert ACCOUNTING[language] in html and ACCOUNTING[OTHER[language]] not in html


def test_matching_suggestions_explain_with_skills_and_levels_in_the_readers_language(
    manager, volunteer, project, need, make_offer
) -> None:
    make_offer(volunteer, offered={"accounting": "confirmed"})
    url = reverse("volunteering:need_suggestions", args=[project.slug, need.pk])
    for language in LANGUAGES:
        html = page(manager, url, language)
        suggestion = section(html, 'class="card suggestion"', "</li>\n")
        assert "Victor Volunteer" in suggestion
        assert f'{ACCOUNTING[language]} <span class="skill-level level-confirmed">' in suggestion
        assert f">{CONFIRMED[language]}</span>" in suggestion
        assert ACCOUNTING[OTHER[language]] not in html


def test_the_attestation_and_the_volunteer_record_name_the_skills_in_the_readers_language(
    manager, volunteer, project, make_need, make_offer
) -> None:
    need = make_need(manager, project, needed={"accounting": "confirmed", "cooking": "beginner"})
    make_offer(volunteer, offered={"accounting": "expert", "cooking": "expert"})
    engagement = engagement_actions.accept_engagement(
        actor=manager, engagement=engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    )
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=engagement, date=timezone.localdate(), hours=3
    )
    hours_actions.confirm_hours(actor=manager, entry=entry)
    engagement = engagement_actions.complete_engagement(actor=manager, engagement=engagement)

    for language in LANGUAGES:
        html = page(volunteer, reverse("volunteering:attestation", args=[engagement.pk]), language)
        skills = section(html, 'class="attestation-facts"', "</dl>")
        # In the alphabetical order of the names shown.
        expected = sorted([ACCOUNTING[language], COOKING[language]])
        assert f"<dd>{expected[0]}, {expected[1]}</dd>" in skills
        assert ACCOUNTING[OTHER[language]] not in html

        record = page(manager, volunteer.get_absolute_url(), language)
        assert ACCOUNTING[language] in record and ACCOUNTING[OTHER[language]] not in record
