"""What the views of every app share: the form page (form → action → message →
redirect, or the form again with its errors), an action's refusal as
messages, the "nothing was saved" message, and the confirmation page shown
before a POST to the same address (closing, deleting, answering…).

The common case is one call::

    return form_page(
        request,
        GroupForm,
        template="groups/form.html",
        context={"privacy_options": PrivacyField.options(), "creating": True},
        action=lambda form: actions.create_group(creator=request.user, **form.cleaned_data),
        success=_("Your group is ready. Invite people to join it."),
        redirect_to=lambda group: group,
    )

A page that shows the form its own way (two forms, an htmx fragment, other
messages) builds the bound form itself and calls ``submit``, which does the
middle part and returns the redirect, or ``None`` when the form is shown
again. Permission checks stay in the view, before either: ``PermissionDenied``
and ``Http404`` from an action are not caught.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from community.core.forms import add_action_errors

T = TypeVar("T")

#: Said above a form shown again with its errors.
FIX_ERRORS = gettext_lazy("Please correct the errors below. Nothing was saved.")

#: What to say once the action is done: a message, or a function of the
#: action's result returning one (or adding its own messages and returning None).
Success = str | Callable[[Any], str | None] | None
#: Where to go then: anything ``redirect()`` takes (a model, a URL, a URL
#: name), or a function of the action's result returning one.
RedirectTo = Any


def errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    """An action's refusal, one error message per reason (for pages without a form)."""
    for message in error.messages:
        messages.error(request, message)


def run_action(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """For a page without a form: run ``action()``; said done with ``success``,
    or refused with the action's reasons (``errors_to_messages``). True when done."""
    try:
        action()
    except ValidationError as error:
        errors_to_messages(request, error)
        return False
    messages.success(request, success)
    return True


def invalid(request: HttpRequest, message: str = FIX_ERRORS) -> None:
    """The message above a form shown again with its errors."""
    messages.error(request, message)


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    action: Callable[[Any], T],
    success: Success,
    redirect_to: RedirectTo,
    invalid_message: str | None = FIX_ERRORS,
    refused_to: RedirectTo | None = None,
) -> HttpResponse | None:
    """Validate the bound ``form`` and run ``action(form)``. Done: the
    ``success`` message and the redirect to ``redirect_to``. Otherwise the
    action's ``ValidationError`` is shown on the form (``add_action_errors``),
    ``invalid_message`` (if any) above it, and ``None`` is returned: the view
    shows the form again. With ``refused_to``, the action's refusal is said
    in messages instead and the page redirects there (where what stands in
    the way shows). The action runs in a transaction: when it refuses,
    nothing it wrote stays (even an action made of several)."""
    if form.is_valid():
        try:
            with transaction.atomic():
                result = action(form)
        except ValidationError as error:
            if refused_to is not None:
                errors_to_messages(request, error)
                return redirect(refused_to)
            add_action_errors(form, error)
        else:
            text = success(result) if callable(success) else success
            if text:
                messages.success(request, text)
            return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
    if invalid_message:
        invalid(request, invalid_message)
    return None


def form_page(
    request: HttpRequest,
    form_class: type[forms.BaseForm],
    *,
    template: str,
    action: Callable[[Any], T],
    success: Success,
    redirect_to: RedirectTo,
    context: Mapping[str, Any] | Callable[[forms.BaseForm], Mapping[str, Any]] | None = None,
    form_kwargs: Mapping[str, Any] | None = None,
    initial: Mapping[str, Any] | None = None,
    form_name: str = "form",
    invalid_message: str | None = FIX_ERRORS,
    error_status: int = 400,
    refused_to: RedirectTo | None = None,
) -> HttpResponse:
    """A page with one form. GET: the unbound form (with ``initial``), 200.
    POST: the form bound to the request's data and files, then ``submit``;
    shown again with ``error_status`` (400) when it did not go through.

    ``form_kwargs`` go to the form on both; ``context`` (or a function of the
    form returning it) is added to ``{form_name: form}``; ``refused_to``
    as for ``submit``."""
    kwargs = dict(form_kwargs or {})
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **kwargs)
        response = submit(
            request,
            form,
            action=action,
            success=success,
            redirect_to=redirect_to,
            invalid_message=invalid_message,
            refused_to=refused_to,
        )
        if response is not None:
            return response
        status = error_status
    else:
        form = (
            form_class(initial=initial, **kwargs) if initial is not None else form_class(**kwargs)
        )
    extra = context(form) if callable(context) else context
    return render(request, template, {form_name: form, **(extra or {})}, status=status)


class Wording(NamedTuple):
    """What a confirmation page says."""

    title: str
    text: str
    button: str
    danger: bool = True


def confirm(
    request: HttpRequest,
    wording: Wording,
    *,
    cancel: str,
    template: str = "core/confirm.html",
    **extra: Any,
) -> HttpResponse:
    """Ask before doing it: the page's form POSTs to ``request.path``;
    ``cancel`` leads back. ``extra`` goes to the template (``subject``, a
    ``form`` whose fields are shown above the button…)."""
    return render(
        request,
        template,
        {**wording._asdict(), "action": request.path, "cancel": cancel, **extra},
    )
