"""The skills taxonomy: categories and skills, kept by the network's admins."""

from __future__ import annotations

from collections.abc import Mapping
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
from community.members.languages import other_site_languages
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


def _clean_names(model, names: Mapping[str, str], exclude_pk: int | None = None) -> dict[str, str]:
    """The names in the other site languages (language code → name), each
    optional (pages show ``name`` instead) and unique in its language. The
    errors are on ``name_<code>``, the form's field for that language."""
    cleaned = {}
    for code in other_site_languages():
        name = " ".join((names.get(code) or "").split())
        if not name:
            continue
        field = f"name_{code}"
        if len(name) > 80:
            raise ValidationError({field: [_("Keep the name under 80 characters.")]})
        taken = model.objects.filter(**{f"names__{code}__iexact": name}).exclude(pk=exclude_pk)
        if taken.exists():
            raise ValidationError({field: [_("“%(name)s” already exists.") % {"name": name}]})
        cleaned[code] = name
    return cleaned


@transaction.atomic
def create_skill_category(
    *, admin: User, name: str, names: Mapping[str, str] | None = None
) -> SkillCategory:
    """``name`` in ``settings.LANGUAGE_CODE``; ``names`` in the other site
    languages (language code → name; those left out show ``name``)."""
    check_network_admin(admin)
    name = _clean_name(name, what=_("category"))
    _check_name_free(SkillCategory, name)
    names = _clean_names(SkillCategory, names or {})
    last = SkillCategory.objects.aggregate(last=Max("position"))["last"]
    return SkillCategory.objects.create(
        name=name,
        names=names,
        slug=unique_slug(SkillCategory, name, max_length=SLUG_MAX_LENGTH),
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def rename_skill_category(
    *,
    admin: User,
    category: SkillCategory,
    name: str,
    names: Mapping[str, str] | None = None,
) -> SkillCategory:
    """As ``create_skill_category``; ``names=None`` keeps the other languages' names."""
    check_network_admin(admin)
    name = _clean_name(name, what=_("category"))
    _check_name_free(SkillCategory, name, exclude_pk=category.pk)
    if names is not None:
        category.names = _clean_names(SkillCategory, names, exclude_pk=category.pk)
    category.name = name
    category.save(update_fields=["name", "names"])
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
            % {"name": category.label, "count": shown_number(count)}
        )
    category.delete()


@transaction.atomic
def create_skill(
    *, admin: User, name: str, category: SkillCategory, names: Mapping[str, str] | None = None
) -> Skill:
    """``name`` in ``settings.LANGUAGE_CODE``; ``names`` in the other site
    languages (language code → name; those left out show ``name``)."""
    check_network_admin(admin)
    name = _clean_name(name, what=_("skill"))
    _check_name_free(Skill, name)
    names = _clean_names(Skill, names or {})
    slug = unique_slug(Skill, name, max_length=SLUG_MAX_LENGTH)
    return Skill.objects.create(name=name, names=names, slug=slug, category=category)


@transaction.atomic
def update_skill(
    *,
    admin: User,
    skill: Skill,
    name: str,
    category: SkillCategory,
    names: Mapping[str, str] | None = None,
) -> Skill:
    """Rename a skill or move it to another category. Its address in directory
    links (the slug) stays the same, so saved searches keep working.
    ``names=None`` keeps the other languages' names."""
    check_network_admin(admin)
    name = _clean_name(name, what=_("skill"))
    _check_name_free(Skill, name, exclude_pk=skill.pk)
    if names is not None:
        skill.names = _clean_names(Skill, names, exclude_pk=skill.pk)
    skill.name = name
    skill.category = category
    skill.save(update_fields=["name", "names", "category"])
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
            % {"name": skill.label}
        ) from error
    return len(rows)
