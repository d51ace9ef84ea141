"""The technical Django admin, and the two ways a model may appear in it.

Every model registered in the admin makes one of two choices (``tests/test_admin.py``
refuses a model that makes neither):

* ``ActionAdminMixin`` — its writes go through the project's actions
  (``save_model``, ``delete_model`` and the admin actions call them), so that the
  rules, activities, notifications and sockets hold. An action's refusal
  (``ValidationError``, ``PermissionDenied``) is shown on the form, or as a
  message, and nothing is written.
* ``ReadOnlyAdminMixin`` — for looking only: a short help text says which page
  of the site does the change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin as BaseDBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from community.core import actions
from community.core.forms import NetworkSettingsForm, add_action_errors
from community.core.html import sentence_with_link
from community.core.models import Network


class ActionRefused(Exception):
    """An action refused an admin's write: the admin view rolls back and shows why."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(error)
        self.error = error


def as_validation_error(error: ValidationError | PermissionDenied) -> ValidationError:
    if isinstance(error, ValidationError):
        return error
    return ValidationError(str(error) or _("You may not do this."))


def call_action(action: Callable[..., Any], /, **kwargs: Any) -> Any:
    """Run ``action``; its refusal becomes ``ActionRefused`` for the admin view."""
    try:
        return action(**kwargs)
    except (ValidationError, PermissionDenied) as error:
        raise ActionRefused(as_validation_error(error)) from error


def error_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


class ActionAdminMixin:
    """Writes through the project's actions (see the module docstring).

    Subclasses override ``save_model`` / ``delete_model`` and call the action
    with ``call_action``. When it refuses, the admin's transaction is rolled
    back and the form is shown again with the refusal as its error.
    """

    def get_actions(self, request: HttpRequest) -> dict:
        # Django's bulk delete writes past the actions: each model adds its own.
        found = super().get_actions(request)
        found.pop("delete_selected", None)
        return found

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ActionRefused as refused:
            # The admin view's own transaction has rolled back (nothing written,
            # nothing sent): show the same form again, with the refusal on it.
            request._action_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_action_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self) -> dict:
                cleaned = super().clean()
                add_action_errors(self, refusal)
                return cleaned

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ActionRefused as refused:
            for message in error_messages(refused.error):
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def run_bulk_action(
        self,
        request: HttpRequest,
        queryset: Iterable[Any],
        action: Callable[[Any], Any],
        *,
        done: Callable[[int], str],
    ) -> None:
        """An admin action over the selection, all or nothing: one refusal and
        nothing is written, the refusals shown as messages."""
        refusals: list[str] = []
        count = 0
        try:
            with transaction.atomic():
                for obj in queryset:
                    try:
                        action(obj)
                        count += 1
                    except (ValidationError, PermissionDenied) as error:
                        for message in error_messages(as_validation_error(error)):
                            refusals.append(f"{obj}: {message}")
                if refusals:
                    raise ActionRefused(ValidationError(refusals))
        except ActionRefused:
            for message in refusals:
                self.message_user(request, message, messages.ERROR)
            self.message_user(request, _("Nothing was changed."), messages.ERROR)
            return
        self.message_user(request, done(count) % {"count": count}, messages.SUCCESS)


class NoWritesMixin:
    """No add, change or delete, whoever asks."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyAdminMixin(NoWritesMixin):
    """For looking only: no add, change or delete, every field read-only, and
    a help text naming the site's page that makes the change."""

    #: The site's page that does what this admin page does not: (URL name, label).
    site_page: tuple[str, Any] = ("home", gettext_lazy("the site"))
    read_only_help = gettext_lazy(
        "Read-only here: changes go through {page}, so that the site's rules, "
        "activities, notifications and live updates hold."
    )

    def get_actions(self, request: HttpRequest) -> dict:
        return {}

    #: Fields not even shown (secrets such as tokens).
    hidden_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [
            field.name
            for field in [*self.model._meta.fields, *self.model._meta.many_to_many]
            if field.name not in self.hidden_fields
        ]

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return self.get_readonly_fields(request, obj)

    def help_text(self) -> str:
        url_name, label = self.site_page
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            url = "/"
        return sentence_with_link(self.read_only_help, "{page}", url, label)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fields = self.get_fields(request, obj)
        return [(None, {"fields": fields, "description": self.help_text()})]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {**(extra_context or {}), "subtitle": self.help_text()}
        return super().changelist_view(request, extra_context)


class ReadOnlyInline(NoWritesMixin, admin.TabularInline):
    extra = 0
    can_delete = False


@admin.register(Network)
class NetworkAdmin(ActionAdminMixin, admin.ModelAdmin):
    """The same form and action as the site's settings page
    (``core:network_settings``): turning the network private tells the open
    sockets of visitors, whichever page does it."""

    form = NetworkSettingsForm
    list_display = ["name", "visibility", "registration_mode", "theme"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # ``python manage.py spinup`` creates the network (``create_network``).
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Network, form, change: bool) -> None:
        changes = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in actions.NETWORK_FIELDS
        }
        call_action(actions.update_network, admin=request.user, changes=changes)
        obj.refresh_from_db()


# The background worker's tasks (django-tasks-db's own admin, made read-only
# like the stream's rows: only the worker writes them; /healthz counts them).
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class DBTaskResultAdmin(ReadOnlyAdminMixin, BaseDBTaskResultAdmin):
    site_page = ("healthz", gettext_lazy("the health page"))
