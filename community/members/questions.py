"""Custom profile questions: one form field per type, and the canonical value
stored in ``ProfileAnswer``. Sign-up, profile editing, the admins' editing and
the write action all validate answers through ``answer_field``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.members.models import ProfileAnswer, ProfileQuestion, QuestionKind

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 3000
URL_MAX = 300
YES, NO = "yes", "no"
YES_NO_CHOICES = [(YES, _("Yes")), (NO, _("No"))]
RADIO_LIMIT = 6  # above this many choices, a single choice is a <select>


def answer_field(question: ProfileQuestion, *, required: bool | None = None) -> forms.Field:
    """The form field that validates an answer to ``question``.

    ``question.choices`` should be prefetched. ``required`` defaults to the
    question's own setting.
    """
    required = question.required if required is None else required
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": required,
    }
    kind = question.kind
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_MAX, **common)
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(
            max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}), **common
        )
    if kind == QuestionKind.SINGLE_CHOICE:
        choices = [(choice.pk, choice.label) for choice in question.choices.all()]
        if len(choices) > RADIO_LIMIT:
            widget = forms.Select
            choices = [("", _("— choose —")), *choices]
        else:
            widget = forms.RadioSelect
        return forms.TypedChoiceField(
            choices=choices, coerce=int, empty_value=None, widget=widget, **common
        )
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.TypedMultipleChoiceField(
            choices=[(choice.pk, choice.label) for choice in question.choices.all()],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            **common,
        )
    if kind == QuestionKind.URL:
        return forms.URLField(max_length=URL_MAX, assume_scheme="https", **common)
    if kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=14, decimal_places=4, **common)
    raise ValueError(f"unknown question type {kind!r}")


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


@dataclass(frozen=True)
class StoredValue:
    text: str = ""
    choice_ids: list[int] = field(default_factory=list)


def to_stored(question: ProfileQuestion, value: Any) -> StoredValue | None:
    """The canonical stored form of a *cleaned* value (None: no answer)."""
    if is_empty(value):
        return None
    kind = question.kind
    if kind == QuestionKind.SINGLE_CHOICE:
        return StoredValue(choice_ids=[int(value)])
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return StoredValue(choice_ids=sorted({int(v) for v in value}))
    if kind == QuestionKind.DATE:
        return StoredValue(text=value.isoformat())
    if kind == QuestionKind.NUMBER:
        number = Decimal(value).normalize()
        return StoredValue(text=format(number, "f"))
    return StoredValue(text=str(value).strip())


def initial_value(question: ProfileQuestion, answer: ProfileAnswer | None) -> Any:
    """The value to put back in a form field (``answer.choices`` prefetched)."""
    if answer is None:
        return None
    kind = question.kind
    if kind == QuestionKind.SINGLE_CHOICE:
        ids = [choice.pk for choice in answer.choices.all()]
        return ids[0] if ids else None
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return [choice.pk for choice in answer.choices.all()]
    if kind == QuestionKind.DATE:
        try:
            return datetime.date.fromisoformat(answer.text)
        except ValueError:
            return None
    if kind == QuestionKind.NUMBER:
        try:
            return Decimal(answer.text)
        except InvalidOperation:
            return None
    return answer.text


@dataclass(frozen=True)
class ShownAnswer:
    """An answer as a page shows it (the template switches on ``kind``)."""

    question: ProfileQuestion
    kind: str
    text: str = ""
    choices: tuple[str, ...] = ()
    date: datetime.date | None = None

    @property
    def is_yes(self) -> bool:
        return self.text == YES

    @property
    def is_safe_url(self) -> bool:
        return self.text.lower().startswith(("https://", "http://"))


def shown_answer(
    question: ProfileQuestion, text: str, choice_labels: Sequence[str] = ()
) -> ShownAnswer | None:
    """A stored answer (its text, or its choices' labels) as pages show it."""
    kind = question.kind
    if question.is_choice:
        labels = tuple(choice_labels)
        return ShownAnswer(question, kind, choices=labels) if labels else None
    if not text:
        return None
    date = None
    if kind == QuestionKind.DATE:
        try:
            date = datetime.date.fromisoformat(text)
        except ValueError:
            return None
    return ShownAnswer(question, kind, text=text, date=date)
