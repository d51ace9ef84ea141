"""Network admins edit the skills taxonomy in the web UI."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from community.members import actions
from community.members.models import MemberSkill, Skill, SkillCategory

pytestmark = pytest.mark.django_db


def test_taxonomy_page_lists_categories_and_skills(network_admin_client: Client, skills) -> None:
    html = network_admin_client.get(reverse("members:taxonomy")).content.decode()
    assert "Finance &amp; legal" in html and "Graphic design" in html


def test_add_rename_and_move_a_skill(network_admin_client: Client, skills) -> None:
    digital = SkillCategory.objects.get(slug="digital")
    response = network_admin_client.post(
        reverse("members:skill_create"), {"skill-name": "Podcasting", "skill-category": digital.pk}
    )
    assert response.status_code == 302
    podcast = Skill.objects.get(name="Podcasting")
    assert podcast.slug == "podcasting" and podcast.category == digital

    communication = SkillCategory.objects.get(slug="communication")
    network_admin_client.post(
        reverse("members:skill_edit", args=[podcast.pk]),
        {"name": "Podcasts and radio", "category": communication.pk},
    )
    podcast.refresh_from_db()
    assert podcast.name == "Podcasts and radio" and podcast.category == communication
    assert podcast.slug == "podcasting"  # saved directory links keep working


def test_duplicate_names_are_refused(network_admin_client: Client, skills) -> None:
    digital = SkillCategory.objects.get(slug="digital")
    count = Skill.objects.count()
    response = network_admin_client.post(
        reverse("members:skill_create"),
        {"skill-name": "graphic DESIGN", "skill-category": digital.pk},
        follow=True,
    )
    assert "already exists" in response.content.decode()
    assert Skill.objects.count() == count


def test_categories_are_added_renamed_ordered_and_deleted_when_empty(
    network_admin_client: Client, skills
) -> None:
    network_admin_client.post(reverse("members:category_create"), {"category-name": "Arts"})
    arts = SkillCategory.objects.get(name="Arts")
    assert arts.position == SkillCategory.objects.count() - 1
    network_admin_client.post(reverse("members:category_move", args=[arts.pk]), {"direction": "up"})
    ordered = list(SkillCategory.objects.order_by("position").values_list("name", flat=True))
    assert ordered[-2] == "Arts"
    network_admin_client.post(
        reverse("members:category_edit", args=[arts.pk]), {"name": "Arts & crafts"}
    )
    arts.refresh_from_db()
    assert arts.name == "Arts & crafts"
    network_admin_client.post(reverse("members:category_delete", args=[arts.pk]))
    assert not SkillCategory.objects.filter(pk=arts.pk).exists()


def test_a_category_with_skills_is_protected_and_the_page_explains(
    network_admin_client: Client, skills
) -> None:
    health = SkillCategory.objects.get(slug="health")
    page = network_admin_client.get(reverse("members:category_delete", args=[health.pk]))
    assert "still holds 5 skills" in page.content.decode()
    response = network_admin_client.post(
        reverse("members:category_delete", args=[health.pk]), follow=True
    )
    assert "Move them to another category" in response.content.decode()
    assert SkillCategory.objects.filter(pk=health.pk).exists()


def test_deleting_a_skill_in_use_explains_and_can_hand_over_to_another(
    network_admin, network_admin_client: Client, member, make_member, skills
) -> None:
    bob = make_member("Bob")
    actions.set_member_skills(member=member, editor=member, levels={skills["video"]: "expert"})
    actions.set_member_skills(
        member=bob,
        editor=bob,
        levels={skills["video"]: "beginner", skills["photography"]: "confirmed"},
    )
    video = skills["video"]
    page = network_admin_client.get(reverse("members:skill_delete", args=[video.pk]))
    html = page.content.decode()
    assert "2 members list this skill" in html and "data-confirm" in html
    assert Skill.objects.filter(pk=video.pk).exists()

    network_admin_client.post(
        reverse("members:skill_delete", args=[video.pk]),
        {"replacement": skills["photography"].pk},
    )
    assert not Skill.objects.filter(pk=video.pk).exists()
    levels = dict(
        MemberSkill.objects.filter(skill=skills["photography"]).values_list("user_id", "level")
    )
    # Alice gets photography at her video level; Bob keeps his own photography level.
    assert levels == {member.pk: "expert", bob.pk: "confirmed"}


def test_taxonomy_pages_are_for_network_admins(member_client: Client, skills) -> None:
    assert member_client.get(reverse("members:taxonomy")).status_code == 403
    video = skills["video"]
    assert member_client.post(reverse("members:skill_delete", args=[video.pk])).status_code == 403
    assert Skill.objects.filter(pk=video.pk).exists()
