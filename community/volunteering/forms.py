"""Forms for volunteering pages. They only shape input: the rules (and the
messages about them) live in ``actions.py``, whose ``ValidationError`` is
shown on the fields through ``add_action_errors``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.core.images import SafeImageField
from community.groups.models import Group
from community.members.models import FieldVisibility, Skill, SkillCategory, SkillLevel
from community.volunteering.actions import (
    COVER_RULES,
    DESCRIPTION_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from community.volunteering.models import Cause, OfferVisibility, WorkMode


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SkillLevelsMixin:
    """One select per skill of the taxonomy: not needed/offered, or a level."""

    level_label = _("—")

    def add_skill_fields(self, skills: Sequence[Skill], current: dict[int, str]) -> None:
        self.skills = list(skills)
        choices = [("", self.level_label), *SkillLevel.choices]
        for skill in self.skills:
            self.fields[f"skill_{skill.pk}"] = forms.ChoiceField(
                label=skill.name, required=False, choices=choices, initial=current.get(skill.pk, "")
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


def taxonomy() -> list[Skill]:
    return list(Skill.objects.select_related("category").order_by("category__position", "name"))


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    group = forms.ChoiceField(
        label=_("Run by"),
        help_text=_("A group's projects are managed by its admins and follow its privacy."),
    )
    cause = forms.ChoiceField(label=_("Cause"), choices=[("", _("Choose…")), *Cause.choices])
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("What the project is about and what volunteers will do. Markdown is allowed."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    work_mode = forms.ChoiceField(
        label=_("Where"),
        choices=WorkMode.choices,
        widget=forms.RadioSelect,
        initial=WorkMode.ON_SITE,
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    city = forms.CharField(label=_("Town"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), required=False, widget=DateInput())
    cover = SafeImageField(
        label=_("Cover image"),
        required=False,
        rules=COVER_RULES,
        help_text=_("A wide image shown at the top of the project, up to 5 MB."),
    )

    def __init__(
        self,
        *args: Any,
        groups: Sequence[Group] = (),
        network_choice: bool = False,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["group"]
            return
        choices = [("", _("The whole network"))] if network_choice else []
        choices += [(group.slug, group.name) for group in groups]
        self.fields["group"].choices = choices
        self.fields["group"].required = not network_choice
        self.groups = {group.slug: group for group in groups}

    def clean_group(self) -> Group | None:
        slug = self.cleaned_data.get("group") or ""
        return self.groups.get(slug) if slug else None

    def image_changes(self) -> dict[str, Any]:
        """``None`` keeps the cover, ``False`` removes it, a file replaces it."""
        return {"cover": self.cleaned_data["cover"] if "cover" in self.changed_data else None}


class NeedForm(SkillLevelsMixin, forms.Form):
    level_label = _("not needed")

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_(
            "The mission: what the volunteer will do, with whom, how. Markdown is allowed."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    total_hours = forms.CharField(
        label=_("Estimated total hours"),
        required=False,
        help_text=_("Either a total…"),
        widget=forms.NumberInput(attrs={"min": 1, "step": 1, "inputmode": "numeric"}),
    )
    hours_per_week = forms.CharField(
        label=_("Hours per week"),
        required=False,
        help_text=_("…or hours per week for a number of weeks."),
        widget=forms.NumberInput(attrs={"min": 0.5, "step": 0.5, "inputmode": "decimal"}),
    )
    weeks = forms.CharField(
        label=_("Number of weeks"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "step": 1, "inputmode": "numeric"}),
    )
    volunteers_wanted = forms.CharField(
        label=_("Volunteers wanted"),
        initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "step": 1, "inputmode": "numeric"}),
    )
    work_mode = forms.ChoiceField(
        label=_("Where"),
        choices=WorkMode.choices,
        widget=forms.RadioSelect,
        initial=WorkMode.ON_SITE,
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=12,
        required=False,
        help_text=_("Leave empty to use the project's place."),
    )
    city = forms.CharField(label=_("Town"), max_length=100, required=False)
    apply_by = forms.DateField(label=_("Apply by"), required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        skills: Sequence[Skill],
        current: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_skill_fields(skills, current or {})

    def action_fields(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "description",
                "total_hours",
                "hours_per_week",
                "weeks",
                "volunteers_wanted",
                "work_mode",
                "postcode",
                "city",
                "apply_by",
            )
        }
        data["skills"] = self.skill_levels()
        return data


class OfferForm(SkillLevelsMixin, forms.Form):
    level_label = _("not offered")

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("In a few words, for example “Bookkeeping for small associations”."),
    )
    description = forms.CharField(
        label=_("What I propose"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    hours_per_month = forms.CharField(
        label=_("Hours per month"),
        widget=forms.NumberInput(attrs={"min": 1, "step": 1, "inputmode": "numeric"}),
    )
    available_from = forms.DateField(label=_("Available from"), required=False, widget=DateInput())
    available_until = forms.DateField(
        label=_("Available until"),
        required=False,
        help_text=_("Leave empty if you have no end date in mind."),
        widget=DateInput(),
    )
    work_mode = forms.ChoiceField(
        label=_("Where"),
        choices=WorkMode.choices,
        widget=forms.RadioSelect,
        initial=WorkMode.EITHER,
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=12, required=False)
    city = forms.CharField(label=_("Town"), max_length=100, required=False)
    travel_radius_km = forms.CharField(
        label=_("How far I can travel (km)"),
        initial=20,
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
    )
    visibility = forms.ChoiceField(
        label=_("Who sees this offer"),
        choices=OfferVisibility.choices,
        widget=forms.RadioSelect,
        initial=OfferVisibility.MEMBERS,
        help_text=_(
            "Members see it on your profile and in the news; people who run projects always "
            "see it in their suggestions."
        ),
    )

    def __init__(
        self,
        *args: Any,
        skills: Sequence[Skill],
        current: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_skill_fields(skills, current or {})

    def action_fields(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "description",
                "hours_per_month",
                "available_from",
                "available_until",
                "work_mode",
                "postcode",
                "city",
                "travel_radius_km",
                "visibility",
            )
        }
        data["skills"] = self.skill_levels()
        return data


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    offer = forms.TypedChoiceField(
        label=_("Through my offer"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, offers: Sequence = (), message_label=None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if message_label:
            self.fields["message"].label = message_label
        if offers:
            self.fields["offer"].choices = [("", _("None"))] + [(o.pk, o.title) for o in offers]
            self.offers = {o.pk: o for o in offers}
        else:
            del self.fields["offer"]
            self.offers = {}

    def chosen_offer(self):
        return self.offers.get(self.cleaned_data.get("offer"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, shown to the other side)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HoursForm(forms.Form):
    date = forms.CharField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.CharField(
        label=_("Hours"),
        help_text=_("For example 2 or 1.5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=NOTE_MAX_LENGTH)


class QueryForm(forms.Form):
    question = forms.CharField(
        label=_("Your question to the volunteer"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecordVisibilityForm(forms.Form):
    record_visibility = forms.ChoiceField(
        label=_("Who sees my volunteer record on my profile"),
        choices=FieldVisibility.choices,
        widget=forms.RadioSelect,
    )
