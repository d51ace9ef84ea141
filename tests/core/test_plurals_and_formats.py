"""Issue 14.7: counts take their plural form, numbers and dates the active
locale's format (thousand separator, decimal comma, lowercase short months in
French), on real pages and in the markup built in Python.

French words of new msgids come with the translations (not in the ``.mo``
yet), so the French pages are checked for their numbers and dates, the
English ones for their plural forms."""

# ruff: noqa: F811 (pytest fixtures imported from tests/volunteering/conftest.py)
from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from community.core.numbers import shown_number
from community.posts.actions import add_comment, create_post, toggle_reaction
from community.posts.html import reaction_bar
from community.posts.models import Post
from community.volunteering.engagements import actions as engagement_actions
from community.volunteering.hours import actions as hours_actions
from community.volunteering.templatetags.volunteering import hours as hours_filter
from tests.support.clients import client_for
from tests.volunteering.conftest import (  # noqa: F401 (the volunteering fixtures)
    group,
    make_group,
    make_need,
    make_offer,
    make_project,
    manager,
    need,
    project,
    volunteer,
)
from tests.volunteering.helpers import days_ago

NBSP = "\u00a0"  # Django's French THOUSAND_SEPARATOR
FRENCH_SHORT_MONTHS = {
    1: "janv.",
    2: "févr.",
    3: "mars",
    4: "avr.",
    5: "mai",
    6: "juin",
    7: "juil.",
    8: "août",
    9: "sept.",
    10: "oct.",
    11: "nov.",
    12: "déc.",
}


def client_in(user, language: str):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Formats, without a page -----------------------------------------------------------


def test_numbers_in_the_active_locale() -> None:
    with translation.override("fr"):
        assert shown_number(20000) == f"20{NBSP}000"
        assert shown_number(Decimal("1.50")) == "1,5"
        assert shown_number(Decimal("6.00")) == "6"
        assert hours_filter(Decimal("20000.5")) == f"20{NBSP}000,5"
    with translation.override("en"):
        assert shown_number(20000) == "20,000"
        assert shown_number(Decimal("1.50")) == "1.5"
        assert hours_filter("1.5") == "1.5"
    assert shown_number(None) == "" and shown_number("six") == "" and shown_number("NaN") == ""


def test_short_dates_have_lowercase_french_months() -> None:
    day = datetime.date(2026, 12, 2)
    with translation.override("fr"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "2 déc. 2026"
        assert date_format(datetime.date(2026, 5, 2), "SHORT_DATE_FORMAT") == "2 mai 2026"
        assert date_format(day) == "2 décembre 2026"
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "2 Dec 2026"


def test_python_built_reaction_bar_groups_its_shown_count_only() -> None:
    post = Post(pk=7, body="x", reaction_counts={"like": 19999, "love": 1})
    with translation.override("fr"):
        bar = str(reaction_bar({}, post))
    assert f'data-count="20000">20{NBSP}000</span>' in bar  # the total
    assert f'data-count="19999">19{NBSP}999</span>' in bar  # the like button
    with translation.override("en"):
        bar = str(reaction_bar({}, post))
    assert 'data-count="20000">20,000</span> reactions · who reacted' in bar


# --- Real pages ------------------------------------------------------------------------


@pytest.mark.django_db
def test_reaction_and_comment_counts_take_their_plural(public_network, make_member) -> None:
    author, first, second = make_member("Author"), make_member("First"), make_member("Second")
    one = create_post(author=author, body="One of each", title="Single", audience="members")
    two = create_post(author=author, body="Two of each", title="Double", audience="members")
    toggle_reaction(user=first, kind="like", post=one)
    add_comment(author=first, post=one, body="A comment")
    for member in (first, second):
        toggle_reaction(user=member, kind="like", post=two)
        add_comment(author=member, post=two, body="Another comment")
    client = client_in(author, "en")
    single = page(client, reverse("posts:detail", kwargs={"pk": one.pk}))
    assert re.search(r'data-count="1">1</span> reaction · who reacted<', single)
    double = page(client, reverse("posts:detail", kwargs={"pk": two.pk}))
    assert re.search(r'data-count="2">2</span> reactions · who reacted<', double)
    # The feed items (built in Python) and the articles list (a template).
    home = page(client, reverse("home"))
    assert f'data-comment-count="post:{one.pk}" data-count="1">1</span> comment</a>' in home
    assert f'data-comment-count="post:{two.pk}" data-count="2">2</span> comments</a>' in home
    articles = page(client, reverse("feeds:articles"))
    assert re.search(r"·\s*1 comment\b", articles) and re.search(r"·\s*2 comments\b", articles)
    assert "1 comments" not in articles + home + single and "1 reactions" not in single


@pytest.fixture
def confirmed_engagement(manager, volunteer, need, make_offer):
    make_offer(volunteer)
    application = engagement_actions.apply_to_need(volunteer=volunteer, need=need)
    with days_ago(7):
        engagement = engagement_actions.accept_engagement(actor=manager, engagement=application)
    entry = hours_actions.log_hours(
        volunteer=volunteer, engagement=engagement, date=engagement.starts_on, hours="1.5"
    )
    hours_actions.confirm_hours(actor=manager, entry=entry)
    return engagement, entry


@pytest.mark.django_db
def test_volunteer_hours_and_dates_in_french(volunteer, confirmed_engagement) -> None:
    engagement, entry = confirmed_engagement
    profile_url = reverse("members:profile", kwargs={"handle": volunteer.handle})
    french = page(client_in(volunteer, "fr"), profile_url)
    assert "1,5 h" in french and "1.5 h" not in french
    english = page(client_in(volunteer, "en"), profile_url)
    assert "1.5 h" in english
    # The hours' date on the engagement page: the short date, lowercase month.
    engagement_url = reverse("volunteering:engagement", kwargs={"pk": engagement.pk})
    french = page(client_in(volunteer, "fr"), engagement_url)
    day = entry.date
    assert f"<td>{day.day} {FRENCH_SHORT_MONTHS[day.month]} {day.year}</td>" in french
    english = page(client_in(volunteer, "en"), engagement_url)
    assert f"<td>{day.day} {day.strftime('%b')} {day.year}</td>" in english


@pytest.mark.django_db
def test_large_numbers_take_the_french_thousand_separator(manager, project, make_need) -> None:
    need = make_need(manager, project, title="Grand chantier", total_hours=10000)
    url = reverse("volunteering:need", kwargs={"slug": project.slug, "pk": need.pk})
    assert f"10{NBSP}000 h" in page(client_in(manager, "fr"), url)
    assert "10,000 h" in page(client_in(manager, "en"), url)


@pytest.mark.django_db
def test_places_and_weeks_take_their_plural(manager, project, make_need) -> None:
    one = make_need(
        manager, project, title="Une semaine", total_hours=None, hours_per_week="2.5", weeks=1
    )
    two = make_need(
        manager,
        project,
        title="Deux semaines",
        total_hours=None,
        hours_per_week="2",
        weeks=2,
        volunteers_wanted=2,
    )
    client = client_in(manager, "en")
    single = page(client, reverse("volunteering:need", kwargs={"slug": project.slug, "pk": one.pk}))
    assert "2.5 h a week for 1 week<" in single and "0 of 1 place taken" in single
    double = page(client, reverse("volunteering:need", kwargs={"slug": project.slug, "pk": two.pk}))
    assert "2 h a week for 2 weeks" in double and "0 of 2 places taken" in double
    french = page(
        client_in(manager, "fr"),
        reverse("volunteering:need", kwargs={"slug": project.slug, "pk": one.pk}),
    )
    assert "2,5 h" in french
