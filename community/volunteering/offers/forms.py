"""The offer form (its rules and messages: ``offers/actions.py``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.volunteering.cleaning import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH
from community.volunteering.forms import DateInput, SkillLevelsMixin
from community.volunteering.models import OfferVisibility, WorkMode


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

    ACTION_FIELDS = (
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
