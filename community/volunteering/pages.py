"""What the volunteering views share: an action's refusal as messages, the
"nothing was saved" message of a form with errors, and the confirmation page
shown before a POST to the same address (closing, deleting, answering…)."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def invalid(request: HttpRequest) -> None:
    messages.error(request, _("Please correct the errors below. Nothing was saved."))


class Wording(NamedTuple):
    """What a confirmation page says."""

    title: str
    text: str
    button: str
    danger: bool = True


def confirm(request: HttpRequest, wording: Wording, *, cancel: str, **extra: Any) -> HttpResponse:
    """Ask before doing it: the page's form POSTs to ``request.path``;
    ``cancel`` leads back."""
    return render(
        request,
        "volunteering/confirm.html",
        {**wording._asdict(), "action": request.path, "cancel": cancel, **extra},
    )
