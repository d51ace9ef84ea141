"""What the volunteering forms share. Forms only shape input: the rules (and
the messages about them) live in the actions, whose ``ValidationError`` is
shown on the fields through ``add_action_errors``. Each sub-domain has its
own forms (``projects/forms.py``, ``needs/forms.py``, …)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from community.members.models import Skill, SkillCategory, SkillLevel


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActionFieldsMixin:
    """``ACTION_FIELDS``: the cleaned fields handed to the action as they are,
    and read back from the object to edit."""

    ACTION_FIELDS: ClassVar[tuple[str, ...]] = ()

    def action_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.ACTION_FIELDS}

    @classmethod
    def initial_from(cls, obj: object) -> dict[str, Any]:
        """What the form shows to edit ``obj``."""
        return {name: getattr(obj, name) for name in cls.ACTION_FIELDS}


class SkillLevelsMixin(ActionFieldsMixin):
    """One select per skill of the taxonomy: not needed/offered, or a level
    (handed to the action as ``skills``)."""

    level_label = _("—")

    def __init__(
        self,
        *args: Any,
        skills: Sequence[Skill],
        current: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_skill_fields(skills, current or {})

    def add_skill_fields(self, skills: Sequence[Skill], current: dict[int, str]) -> None:
        self.skills = list(skills)
        choices = [("", self.level_label), *SkillLevel.choices]
        for skill in self.skills:
            self.fields[f"skill_{skill.pk}"] = forms.ChoiceField(
                label=skill.label,
                required=False,
                choices=choices,
                initial=current.get(skill.pk, ""),
            )

    def grouped(self) -> list[tuple[SkillCategory, list[forms.BoundField], bool]]:
        """(category, its fields, whether one of them has a level) — chosen ones open."""
        groups: dict[int, tuple[SkillCategory, list[forms.BoundField]]] = {}
        for skill in self.skills:
            groups.setdefault(skill.category_id, (skill.category, []))[1].append(
                self[f"skill_{skill.pk}"]
            )
        return [
            (category, fields, any(field.value() for field in fields))
            for category, fields in groups.values()
        ]

    def skill_levels(self) -> dict[Skill, str]:
        return {
            skill: self.cleaned_data[f"skill_{skill.pk}"]
            for skill in self.skills
            if self.cleaned_data.get(f"skill_{skill.pk}")
        }

    def action_fields(self) -> dict[str, Any]:
        return {**super().action_fields(), "skills": self.skill_levels()}
