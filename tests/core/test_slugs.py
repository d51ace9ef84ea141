"""``community.core.slugs.unique_slug``: the one generator of unique slugs
(groups', projects', skills' addresses and members' handles)."""

from __future__ import annotations

import pytest

from community.core.slugs import unique_slug
from community.members.models import Skill, SkillCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category() -> SkillCategory:
    return SkillCategory.objects.create(name="Category", slug="category", position=0)


def skill(category: SkillCategory, slug: str) -> Skill:
    """A row holding ``slug`` (a raw row: the generator under test is what the
    skills action would use to choose it)."""
    return Skill.objects.create(name=slug, slug=slug, category=category)


def test_a_free_name_is_its_own_slug(category) -> None:
    assert unique_slug(Skill, "Jardinage", max_length=80) == "jardinage"


def test_taken_slugs_get_the_next_free_suffix(category) -> None:
    skill(category, "jardinage")
    assert unique_slug(Skill, "Jardinage", max_length=80) == "jardinage-2"
    skill(category, "jardinage-2")
    skill(category, "jardinage-4")
    assert unique_slug(Skill, "Jardinage", max_length=80) == "jardinage-3"
    skill(category, "jardinage-3")
    assert unique_slug(Skill, "Jardinage", max_length=80) == "jardinage-5"


def test_a_longer_slug_sharing_the_prefix_is_not_a_clash(category) -> None:
    skill(category, "jardinage-urbain")
    assert unique_slug(Skill, "Jardinage", max_length=80) == "jardinage"


def test_accents_and_punctuation_are_folded(category) -> None:
    assert unique_slug(Skill, "  Éducation & Santé !  ", max_length=80) == "education-sante"
    assert unique_slug(Skill, "Cœur d'Œuvre", max_length=80) == "cur-duvre"


def test_a_name_without_letters_gives_the_fallback(category) -> None:
    assert unique_slug(Skill, "!!! ???", max_length=80) == "item"
    assert unique_slug(Skill, "★", max_length=80, fallback="group") == "group"
    skill(category, "group")
    assert unique_slug(Skill, "★", max_length=80, fallback="group") == "group-2"


def test_the_maximum_length_holds_with_the_suffix(category) -> None:
    name = "a" * 30 + " " + "b" * 30
    first = unique_slug(Skill, name, max_length=20)
    assert first == "a" * 20
    skill(category, first)
    second = unique_slug(Skill, name, max_length=20)
    assert second == "a" * 18 + "-2"
    for number in range(2, 10):
        skill(category, "a" * 18 + f"-{number}")
    tenth = unique_slug(Skill, name, max_length=20)
    assert tenth == "a" * 17 + "-10"
    assert all(len(s) <= 20 for s in (first, second, tenth))


def test_a_cut_never_ends_in_a_hyphen_before_the_suffix(category) -> None:
    skill(category, "abcd-ef")
    # Room for "-2" leaves "abcd-": the hyphen goes, not a double one.
    assert unique_slug(Skill, "Abcd efgh", max_length=7) == "abcd-2"


def test_reserved_words_get_the_fallback_appended(category) -> None:
    reserved = frozenset({"new", "mine"})
    assert unique_slug(Skill, "New", max_length=80, reserved=reserved, fallback="group") == (
        "new-group"
    )
    skill(category, "new-group")
    assert unique_slug(Skill, "new", max_length=80, reserved=reserved, fallback="group") == (
        "new-group-2"
    )
    assert unique_slug(Skill, "Newer", max_length=80, reserved=reserved) == "newer"


def test_the_object_itself_is_not_a_clash(category) -> None:
    own = skill(category, "jardinage")
    assert unique_slug(Skill, "Jardinage", max_length=80, exclude_pk=own.pk) == "jardinage"
    assert unique_slug(Skill, "Jardinage", max_length=80) == "jardinage-2"


def test_a_queryset_limits_the_rows_compared_and_field_names_the_column(category) -> None:
    other = SkillCategory.objects.create(name="Other", slug="other", position=1)
    skill(category, "jardinage")
    assert unique_slug(Skill.objects.filter(category=other), "Jardinage", max_length=80) == (
        "jardinage"
    )
    Skill.objects.create(name="potager", slug="s-1", category=category)
    assert unique_slug(Skill, "Potager", max_length=80) == "potager"
    assert unique_slug(Skill, "Potager", max_length=80, field="name") == "potager-2"


def test_one_query_for_a_usual_name(category, django_assert_num_queries) -> None:
    skill(category, "jardinage")
    with django_assert_num_queries(1):
        assert unique_slug(Skill, "Jardinage", max_length=80) == "jardinage-2"
