"""Skill and category names in the reader's language (issue 14, point 3).

A skill or category has its ``name`` in ``settings.LANGUAGE_CODE`` (English)
and ``names`` in the other site languages; pages show ``label``, the name in
the active language, falling back to ``name``. The shipped taxonomy comes in
English and French; admins name the skills they add in every site language.
The volunteering pages (offers, matching, attestation) are in
``tests/volunteering/test_skill_names.py``."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from community.members import actions
from community.members.models import Skill, SkillCategory, User
from community.members.taxonomy import install_default_taxonomy
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

ACCOUNTING = {"en": "Accounting and bookkeeping", "fr": "Comptabilité et tenue des comptes"}
COOKING = {"en": "Cooking", "fr": "Cuisine"}
FINANCE = {"en": "Finance &amp; legal", "fr": "Finances et juridique"}  # as escaped in HTML
FIELD = {"en": "Field &amp; logistics", "fr": "Terrain et logistique"}
OTHER = {"en": "fr", "fr": "en"}


@pytest.fixture
def readers(make_member) -> dict[str, User]:
    """A member reading in English and one reading in French (their profile's language)."""
    english = make_member("Emma English")
    french = make_member("François Français")
    actions.set_member_language(member=english, language="en")
    actions.set_member_language(member=french, language="fr")
    return {"en": english, "fr": french}


@pytest.fixture
def cook(make_member, skills) -> User:
    member = make_member("Bob Comptable")
    actions.set_member_skills(
        member=member,
        editor=member,
        levels={skills["accounting"]: "expert", skills["cooking"]: "confirmed"},
    )
    return member


def page(user: User, url: str) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_in_language(html: str, language: str, *names: dict[str, str]) -> None:
    for name in names:
        assert name[language] in html
        assert name[OTHER[language]] not in html


def test_a_profile_shows_skills_and_categories_in_the_readers_language(readers, cook) -> None:
    for language in ("fr", "en"):
        html = page(readers[language], cook.get_absolute_url())
        skills_section = html.split('id="skills-heading"', 1)[1].split("</section>", 1)[0]
        assert_in_language(skills_section, language, ACCOUNTING, COOKING, FINANCE, FIELD)


def test_directory_filters_and_cards_show_skills_in_the_readers_language(readers, cook) -> None:
    for language in ("fr", "en"):
        html = page(readers[language], reverse("members:directory"))
        filters, results = html.split('id="directory-results"', 1)
        assert f"<summary>{FINANCE[language]}</summary>" in filters
        assert f"<span>{ACCOUNTING[language]}</span>" in filters
        assert ACCOUNTING[OTHER[language]] not in filters
        card = results.split("Bob Comptable", 1)[1].split("</article>", 1)[0]
        assert_in_language(card, language, ACCOUNTING, COOKING)


def test_the_directory_filter_lists_skills_in_the_alphabetical_order_of_the_shown_names(
    readers, skills
) -> None:
    shown = {
        "en": ["Arabic", "English", "French Sign Language", "German", "Spanish"],
        "fr": ["Allemand", "Anglais", "Arabe", "Espagnol", "Langue des signes française (LSF)"],
    }
    for language, names in shown.items():
        html = page(readers[language], reverse("members:directory"))
        positions = [html.index(f"<span>{name}</span>") for name in names]
        assert positions == sorted(positions), language


def test_editing_ones_skills_shows_them_in_ones_language(readers, skills) -> None:
    for language in ("fr", "en"):
        html = page(readers[language], reverse("members:edit_skills"))
        assert_in_language(html, language, ACCOUNTING, FINANCE)


# --- Admin-added skills ------------------------------------------------------------


def test_the_admin_forms_ask_for_a_name_in_every_site_language(network_admin: User, skills) -> None:
    languages = dict(settings.LANGUAGES)
    assert len(languages) > 1 and settings.LANGUAGE_CODE in languages
    actions.set_member_language(member=network_admin, language="en")
    html = page(network_admin, reverse("members:taxonomy"))
    for prefix, what in (("skill", "Skill name"), ("category", "Category name")):
        for code, language in languages.items():
            field = prefix + "-name" + ("" if code == settings.LANGUAGE_CODE else f"_{code}")
            assert f'name="{field}"' in html
            assert f'for="id_{field}">{what} ({language})' in html
    accounting = skills["accounting"]
    edit = page(network_admin, reverse("members:skill_edit", args=[accounting.pk]))
    assert 'name="name" value="Accounting and bookkeeping"' in edit
    assert 'name="name_fr" value="Comptabilité et tenue des comptes"' in edit
    category = page(network_admin, reverse("members:category_edit", args=[accounting.category.pk]))
    assert 'name="name_fr" value="Finances et juridique"' in category


def test_an_admin_added_skill_shows_each_name_in_its_language_and_english_when_french_is_empty(
    network_admin_client: Client, readers, make_member, skills
) -> None:
    digital = SkillCategory.objects.get(slug="digital")
    url = reverse("members:skill_create")
    network_admin_client.post(
        url,
        {"skill-name": "Beekeeping", "skill-name_fr": " Apiculture ", "skill-category": digital.pk},
    )
    network_admin_client.post(
        url, {"skill-name": "Podcasting", "skill-name_fr": "", "skill-category": digital.pk}
    )
    beekeeping, podcasting = (
        Skill.objects.get(name="Beekeeping"),
        Skill.objects.get(name="Podcasting"),
    )
    assert beekeeping.names == {"fr": "Apiculture"} and podcasting.names == {}
    keeper = make_member("Zoé Ruches")
    actions.set_member_skills(
        member=keeper, editor=keeper, levels={beekeeping: "expert", podcasting: "beginner"}
    )

    french_profile = page(readers["fr"], keeper.get_absolute_url())
    assert "Apiculture" in french_profile and "Beekeeping" not in french_profile
    assert "Podcasting" in french_profile  # no French name: the English one
    english_profile = page(readers["en"], keeper.get_absolute_url())
    assert "Beekeeping" in english_profile and "Apiculture" not in english_profile
    french_directory = page(readers["fr"], reverse("members:directory"))
    assert "<span>Apiculture</span>" in french_directory
    assert "<span>Podcasting</span>" in french_directory

    # Renamed in both languages, then the French name taken away: English again.
    network_admin_client.post(
        reverse("members:skill_edit", args=[beekeeping.pk]),
        {"name": "Beekeeping and honey", "name_fr": "Apiculture et miel", "category": digital.pk},
    )
    assert "Apiculture et miel" in page(readers["fr"], keeper.get_absolute_url())
    network_admin_client.post(
        reverse("members:skill_edit", args=[beekeeping.pk]),
        {"name": "Beekeeping and honey", "name_fr": "", "category": digital.pk},
    )
    beekeeping.refresh_from_db()
    assert beekeeping.names == {}
    assert "Beekeeping and honey" in page(readers["fr"], keeper.get_absolute_url())


def test_an_admin_added_category_is_named_in_each_language(
    network_admin_client: Client, readers, skills
) -> None:
    network_admin_client.post(
        reverse("members:category_create"),
        {"category-name": "Arts", "category-name_fr": "Arts et culture"},
    )
    arts = SkillCategory.objects.get(name="Arts")
    assert arts.names == {"fr": "Arts et culture"}
    actions.create_skill(
        admin=User.objects.get(is_network_admin=True),
        name="Theatre",
        names={"fr": "Théâtre"},
        category=arts,
    )
    french = page(readers["fr"], reverse("members:directory"))
    assert "<summary>Arts et culture</summary>" in french and "<span>Théâtre</span>" in french
    english = page(readers["en"], reverse("members:directory"))
    assert "<summary>Arts</summary>" in english and "<span>Theatre</span>" in english


@pytest.mark.parametrize(
    ("french", "message"),
    [
        ("graphisme", "“graphisme” already exists."),  # another skill's French name, any case
        ("x" * 81, "Ensure this value has at most 80 characters"),
    ],
)
def test_a_bad_french_name_is_refused_and_nothing_is_written(
    network_admin_client: Client, network_admin: User, skills, french, message
) -> None:
    actions.set_member_language(member=network_admin, language="en")
    digital = SkillCategory.objects.get(slug="digital")
    before = list(Skill.objects.order_by("pk").values_list("pk", "name", "names"))
    response = network_admin_client.post(
        reverse("members:skill_create"),
        {"skill-name": "Poster design", "skill-name_fr": french, "skill-category": digital.pk},
        follow=True,
    )
    assert f"Skill name (French): {message}" in response.content.decode()
    assert "Nothing was saved." in response.content.decode()
    assert list(Skill.objects.order_by("pk").values_list("pk", "name", "names")) == before

    accounting = skills["accounting"]
    response = network_admin_client.post(
        reverse("members:skill_edit", args=[accounting.pk]),
        {"name": "Accounts", "name_fr": french, "category": digital.pk},
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert list(Skill.objects.order_by("pk").values_list("pk", "name", "names")) == before


# --- The shipped taxonomy ----------------------------------------------------------


def test_the_shipped_taxonomy_comes_in_french_too(skills) -> None:
    assert all(skill.names.get("fr") for skill in Skill.objects.all())
    assert all(category.names.get("fr") for category in SkillCategory.objects.all())
    assert Skill.objects.get(slug="accounting").names["fr"] == ACCOUNTING["fr"]


def test_installing_the_taxonomy_names_the_shipped_entries_in_french_but_not_renamed_ones(
    skills,
) -> None:
    """What the data migration does on a database that had the taxonomy in English only."""
    Skill.objects.update(names={})
    SkillCategory.objects.update(names={})
    Skill.objects.filter(slug="cooking").update(name="Cooking for groups")
    install_default_taxonomy()
    assert Skill.objects.get(slug="accounting").names == {"fr": ACCOUNTING["fr"]}
    assert SkillCategory.objects.get(slug="finance-legal").names == {"fr": "Finances et juridique"}
    assert Skill.objects.get(slug="cooking").names == {}  # renamed: "Cuisine" would be wrong
