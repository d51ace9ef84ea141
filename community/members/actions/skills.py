"""The skills taxonomy: categories and skills, kept by the network's admins."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.core.numbers import shown_number
from community.core.ordering import move_in_order
from community.core.permissions import check_network_admin
from community.core.slugs import unique_slug
from community.members.models import (
    MemberSkill,
    Skill,
    SkillCategory,
    User,
)

SLUG_MAX_LENGTH = 80  # SkillCategory.slug, Skill.slug


def _clean_name(name: str, *, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": [_("Give the %(what)s a name.") % {"what": what}]})
    if len(name) > 80:
        raise ValidationError({"name": [_("Keep the name under 80 characters.")]})
    return name


def _check_name_free(model, name: str, exclude_pk: int | None = None) -> None:
    if model.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise ValidationError({"name": [_("“%(name)s” already exists.") % {"name": name}]})


@transaction.atomic
def create_skill_category(*, admin: User, name: str) -> SkillCategory:
    check_network_admin(admin)
    name = _clean_name(name, what=_("category"))
    _check_name_free(SkillCategory, name)
    last = SkillCategory.objects.aggregate(last=Max("position"))["last"]
    return SkillCategory.objects.create(
        name=name,
        slug=unique_slug(SkillCategory, name, max_length=SLUG_MAX_LENGTH),
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def rename_skill_category(*, admin: User, category: SkillCategory, name: str) -> SkillCategory:
    check_network_admin(admin)
    name = _clean_name(name, what=_("category"))
    _check_name_free(SkillCategory, name, exclude_pk=category.pk)
    category.name = name
    category.save(update_fields=["name"])
    return category


@transaction.atomic
def move_skill_category(
    *, admin: User, category: SkillCategory, direction: Literal["up", "down"]
) -> None:
    check_network_admin(admin)
    ordered = list(SkillCategory.objects.select_for_update().order_by("position", "name"))
    move_in_order(ordered, category.pk, direction)


@transaction.atomic
def delete_skill_category(*, admin: User, category: SkillCategory) -> None:
    """Only an empty category can go: its skills must be moved or deleted first."""
    check_network_admin(admin)
    count = category.skills.count()
    if count:
        raise ValidationError(
            ngettext(
                "“%(name)s” still holds %(count)s skill. Move it to another category "
                "or delete it first.",
                "“%(name)s” still holds %(count)s skills. Move them to another category "
                "or delete them first.",
                count,
            )
            % {"name": category.name, "count": shown_number(count)}
        )
    category.delete()


@transaction.atomic
def create_skill(*, admin: User, name: str, category: SkillCategory) -> Skill:
    check_network_admin(admin)
    name = _clean_name(name, what=_("skill"))
    _check_name_free(Skill, name)
    slug = unique_slug(Skill, name, max_length=SLUG_MAX_LENGTH)
    return Skill.objects.create(name=name, slug=slug, category=category)


@transaction.atomic
def update_skill(*, admin: User, skill: Skill, name: str, category: SkillCategory) -> Skill:
    """Rename a skill or move it to another category. Its address in directory
    links (the slug) stays the same, so saved searches keep working."""
    check_network_admin(admin)
    name = _clean_name(name, what=_("skill"))
    _check_name_free(Skill, name, exclude_pk=skill.pk)
    skill.name = name
    skill.category = category
    skill.save(update_fields=["name", "category"])
    return skill


@transaction.atomic
def delete_skill(*, admin: User, skill: Skill, replacement: Skill | None = None) -> int:
    """Delete a skill. Members who listed it get ``replacement`` instead (at the
    same level) when one is given, or lose it. Returns how many profiles listed it.
    A skill still used elsewhere (volunteering offers, project needs) is protected."""
    check_network_admin(admin)
    if replacement is not None and replacement.pk == skill.pk:
        raise ValidationError({"replacement": [_("Choose a different skill to replace it.")]})
    rows = list(MemberSkill.objects.filter(skill=skill))
    if replacement is not None:
        already = set(
            MemberSkill.objects.filter(skill=replacement).values_list("user_id", flat=True)
        )
        MemberSkill.objects.bulk_create(
            [
                MemberSkill(user_id=row.user_id, skill=replacement, level=row.level)
                for row in rows
                if row.user_id not in already
            ]
        )
    try:
        with transaction.atomic():
            skill.delete()
    except (ProtectedError, IntegrityError) as error:
        raise ValidationError(
            _(
                "“%(name)s” is still used by volunteering offers or project needs, so it "
                "cannot be deleted. Rename it instead, or change those first."
            )
            % {"name": skill.name}
        ) from error
    return len(rows)
