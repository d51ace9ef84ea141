"""The network's custom profile questions, written by its admins."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.activity.visibility import FIELD_LEVELS
from community.core.ordering import move_in_order
from community.core.permissions import check_network_admin
from community.members.models import (
    CHOICE_KINDS,
    FILTERABLE_KINDS,
    AnsweredBy,
    FieldVisibility,
    ProfileAnswer,
    ProfileQuestion,
    ProfileQuestionChoice,
    QuestionKind,
    User,
)

MAX_CHOICES = 50


def _clean_question_settings(
    *,
    label: str,
    kind: str,
    choices: Iterable[str],
    help_text: str,
    filterable: bool,
    visibility: str,
    answered_by: str,
    ask_at_signup: bool,
    required: bool,
) -> tuple[dict[str, Any], list[str]]:
    errors: dict[str, list[str]] = {}
    label = " ".join(label.split())
    if not label:
        errors["label"] = [_("Write the question.")]
    elif len(label) > 120:
        errors["label"] = [_("Keep the question under 120 characters.")]
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose a type of answer.")]
    if visibility not in FIELD_LEVELS:
        errors["visibility"] = [_("Choose who sees the answers.")]
    if answered_by not in AnsweredBy.values:
        errors["answered_by"] = [_("Choose who answers.")]
    labels: list[str] = []
    if kind in CHOICE_KINDS:
        for raw in choices:
            choice = " ".join(raw.split())
            if choice and choice.casefold() not in {c.casefold() for c in labels}:
                labels.append(choice[:120])
        if len(labels) < 2:
            errors["choices"] = [_("Give at least two choices, one per line.")]
        elif len(labels) > MAX_CHOICES:
            errors["choices"] = [
                ngettext(
                    "Up to %(count)s choice, please.",
                    "Up to %(count)s choices, please.",
                    MAX_CHOICES,
                )
                % {"count": MAX_CHOICES}
            ]
    if filterable and kind not in FILTERABLE_KINDS:
        errors["filterable"] = [
            _("Only single choice, multiple choice and yes/no questions can be directory filters.")
        ]
    if answered_by == AnsweredBy.ADMINS and ask_at_signup:
        errors["ask_at_signup"] = [
            _("A question only network admins answer cannot be asked at sign-up.")
        ]
    if len(help_text.strip()) > 240:
        errors["help_text"] = [_("Keep the help text under 240 characters.")]
    settings = {
        "label": label,
        "kind": kind,
        "help_text": help_text.strip(),
        "filterable": filterable,
        "visibility": visibility,
        "answered_by": answered_by,
        "ask_at_signup": ask_at_signup,
        "required": required,
    }
    if errors:
        raise ValidationError(errors)
    return settings, labels


@transaction.atomic
def create_profile_question(
    *,
    admin: User,
    label: str,
    kind: str,
    choices: Iterable[str] = (),
    help_text: str = "",
    required: bool = False,
    ask_at_signup: bool = False,
    show_on_profile: bool = True,
    filterable: bool = False,
    visibility: str = FieldVisibility.MEMBERS,
    answered_by: str = AnsweredBy.MEMBER,
) -> ProfileQuestion:
    check_network_admin(admin)
    settings, labels = _clean_question_settings(
        label=label,
        kind=kind,
        choices=choices,
        help_text=help_text,
        filterable=filterable,
        visibility=visibility,
        answered_by=answered_by,
        ask_at_signup=ask_at_signup,
        required=required,
    )
    last = ProfileQuestion.objects.aggregate(last=Max("position"))["last"]
    question = ProfileQuestion.objects.create(
        **settings,
        show_on_profile=show_on_profile,
        position=0 if last is None else last + 1,
    )
    ProfileQuestionChoice.objects.bulk_create(
        [
            ProfileQuestionChoice(question=question, label=choice, position=position)
            for position, choice in enumerate(labels)
        ]
    )
    return question


@transaction.atomic
def update_profile_question(
    *,
    admin: User,
    question: ProfileQuestion,
    label: str,
    kind: str,
    choices: Iterable[str] = (),
    help_text: str = "",
    required: bool = False,
    ask_at_signup: bool = False,
    show_on_profile: bool = True,
    filterable: bool = False,
    visibility: str = FieldVisibility.MEMBERS,
    answered_by: str = AnsweredBy.MEMBER,
) -> ProfileQuestion:
    """Change a question. Its type is fixed once members answered it; a choice
    removed from the list is removed from the answers that used it."""
    check_network_admin(admin)
    question = ProfileQuestion.objects.select_for_update().get(pk=question.pk)
    settings, labels = _clean_question_settings(
        label=label,
        kind=kind,
        choices=choices,
        help_text=help_text,
        filterable=filterable,
        visibility=visibility,
        answered_by=answered_by,
        ask_at_signup=ask_at_signup,
        required=required,
    )
    if kind != question.kind and question.answers.exists():
        raise ValidationError(
            {"kind": [_("Members already answered this question: its type cannot change.")]}
        )
    for name, value in settings.items():
        setattr(question, name, value)
    question.show_on_profile = show_on_profile
    question.save()
    if kind in CHOICE_KINDS:
        existing = {choice.label: choice for choice in question.choices.all()}
        question.choices.exclude(label__in=labels).delete()
        for position, choice_label in enumerate(labels):
            choice = existing.get(choice_label)
            if choice is None:
                ProfileQuestionChoice.objects.create(
                    question=question, label=choice_label, position=position
                )
            elif choice.position != position:
                choice.position = position
                choice.save(update_fields=["position"])
        # Single choice answers left without their choice are no answer at all.
        ProfileAnswer.objects.filter(question=question, choices__isnull=True).delete()
    else:
        question.choices.all().delete()
    return question


@transaction.atomic
def delete_profile_question(*, admin: User, question: ProfileQuestion) -> None:
    """Delete a question and every answer to it."""
    check_network_admin(admin)
    ProfileQuestion.objects.filter(pk=question.pk).delete()


@transaction.atomic
def move_profile_question(
    *, admin: User, question: ProfileQuestion, direction: Literal["up", "down"]
) -> None:
    check_network_admin(admin)
    ordered = list(ProfileQuestion.objects.select_for_update().order_by("position", "id"))
    move_in_order(ordered, question.pk, direction)
