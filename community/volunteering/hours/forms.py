"""Forms of the hours pages (their rules and messages: ``hours/actions.py``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.members.models import FieldVisibility
from community.volunteering.cleaning import MESSAGE_MAX_LENGTH
from community.volunteering.forms import ActionFieldsMixin
from community.volunteering.hours.actions import NOTE_MAX_LENGTH, REASON_MAX_LENGTH


class HoursForm(ActionFieldsMixin, forms.Form):
    ACTION_FIELDS = ("date", "hours", "note")

    date = forms.CharField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.CharField(
        label=_("Hours"),
        help_text=_("For example 2 or 1.5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=NOTE_MAX_LENGTH)


class CorrectionForm(HoursForm):
    """A project manager's correction of a completed engagement's hours. The
    reason is required by the action (its message), not by the form."""

    ACTION_FIELDS = ("date", "hours", "note", "reason")

    reason = forms.CharField(
        label=_("Reason for the correction"),
        help_text=_("Required. Recorded with the correction and shown to the volunteer."),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


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
