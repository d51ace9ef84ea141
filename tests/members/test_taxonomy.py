import pytest

from community.members.models import Skill, SkillCategory


@pytest.mark.django_db
def test_default_taxonomy_is_installed_by_migrations() -> None:
    assert 40 <= Skill.objects.count() <= 60
    categories = set(SkillCategory.objects.values_list("slug", flat=True))
    assert {
        "communication",
        "digital",
        "finance-legal",
        "management",
        "education",
        "field-logistics",
        "languages",
        "health",
    } <= categories
    assert Skill.objects.get(slug="graphic-design").category.slug == "communication"
