"""The member directory's filter form.

Only the filters this viewer may use become form fields: a filter on a field
whose values the viewer may not read is not offered, and a crafted query
string naming it is simply not read (the form has no such field).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from community.members.languages import SPOKEN_LANGUAGES
from community.members.models import ProfileQuestion, QuestionKind, Skill
from community.members.questions import YES_NO_CHOICES
from community.members.selectors import DirectoryQuery, Sort, Viewer

MATCH_ANY, MATCH_ALL = "any", "all"


class DirectoryForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=80,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Search by name"), "autocomplete": "off"}
        ),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("Best match")),
            (Sort.NAME, _("Name (A–Z)")),
            (Sort.NEWEST, _("Newest members")),
        ],
    )

    def __init__(
        self,
        data,
        *,
        viewer: Viewer,
        questions: Sequence[ProfileQuestion],
        skills: Sequence[Skill],
    ) -> None:
        super().__init__(data)
        self.viewer = viewer
        self.questions = list(questions)
        self.skills = list(skills)
        self.skills_by_slug = {skill.slug: skill for skill in self.skills}
        if viewer.can_filter_on("skills"):
            self.fields["skill"] = forms.MultipleChoiceField(
                label=_("Skills"),
                required=False,
                choices=[(skill.slug, skill.label) for skill in self.skills],
            )
            self.fields["match"] = forms.ChoiceField(
                label=_("Match"),
                required=False,
                choices=[(MATCH_ANY, _("any of these skills")), (MATCH_ALL, _("all of them"))],
                widget=forms.RadioSelect,
            )
        if viewer.can_filter_on("location"):
            self.fields["location"] = forms.CharField(
                label=_("City or postcode"),
                required=False,
                max_length=100,
                widget=forms.TextInput(
                    attrs={"type": "search", "placeholder": _("Lyon, 69…"), "autocomplete": "off"}
                ),
            )
        if viewer.can_filter_on("languages"):
            self.fields["language"] = forms.ChoiceField(
                label=_("Speaks"),
                required=False,
                choices=[("", _("Any language")), *SPOKEN_LANGUAGES],
            )
        for question in self.questions:
            if question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(
                    label=question.label,
                    required=False,
                    choices=[("", _("Any answer")), *YES_NO_CHOICES],
                )
            else:
                field = forms.TypedMultipleChoiceField(
                    label=question.label,
                    required=False,
                    coerce=int,
                    choices=[(choice.pk, choice.label) for choice in question.choices.all()],
                    widget=forms.CheckboxSelectMultiple,
                )
            self.fields[question.field_name] = field
        # Values that do not validate (an unknown skill…) are dropped, the rest applies.
        self.is_valid()

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[question.field_name] for question in self.questions]

    def skill_groups(self) -> list[tuple[object, list[tuple[Skill, bool]], bool]]:
        """Skills by category for the template: (category, [(skill, selected)],
        whether any of the category is selected)."""
        selected = set(self.cleaned_data.get("skill") or [])
        groups: dict[int, tuple[object, list[tuple[Skill, bool]]]] = {}
        for skill in self.skills:
            groups.setdefault(skill.category_id, (skill.category, []))[1].append(
                (skill, skill.slug in selected)
            )
        return [
            (category, skills, any(chosen for _skill, chosen in skills))
            for category, skills in groups.values()
        ]

    def directory_query(self) -> DirectoryQuery:
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            value = data.get(question.field_name)
            if value:
                answers[question] = value
        return DirectoryQuery(
            q=(data.get("q") or "").strip(),
            skills=[self.skills_by_slug[slug] for slug in data.get("skill") or []],
            match_all=data.get("match") == MATCH_ALL,
            location=(data.get("location") or "").strip(),
            language=data.get("language") or "",
            answers=answers,
            sort=data.get("sort") or "",
        )

    def query_string(self) -> str:
        """The applied filters as a query string (pagination links), without
        anything the form did not accept."""
        pairs: list[tuple[str, str]] = []
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            for item in value if isinstance(value, list) else [value]:
                pairs.append((name, str(item)))
        return urlencode(pairs)
