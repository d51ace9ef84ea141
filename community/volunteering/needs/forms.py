"""The need form (its rules and messages: ``needs/actions.py``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.volunteering.cleaning import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH
from community.volunteering.forms import DateInput, SkillLevelsMixin
from community.volunteering.models import WorkMode


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

    ACTION_FIELDS = (
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
