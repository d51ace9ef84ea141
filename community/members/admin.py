"""The technical Django admin for accounts (see ``community/core/admin.py``).

Accounts are made with ``create_account``; roles change through
``set_network_admin`` / ``set_technical_admin``; sign-ups are approved or
declined and members suspended or reactivated through the admin actions of the
list, which call the same actions as the site's members pages. What a member
edits themselves (name, address, e-mail addresses, two-factor authentication)
is read-only here.
"""

from __future__ import annotations

from contextvars import ContextVar

from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as BaseAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.contrib.auth.models import Group as PermissionGroup
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from community.core.admin import (
    ActionAdminMixin,
    ActionRefused,
    ReadOnlyAdminMixin,
    call_action,
    error_messages,
)
from community.members import actions
from community.members.models import Invitation, User

# Django's permission groups are not used: the roles are the network admin flag,
# the technical admin (staff and superuser) and the group memberships.
admin.site.unregister(PermissionGroup)


class AccountCreationForm(AdminUserCreationForm):
    """The admin's "add member" form: e-mail addresses are unique whatever their case."""

    class Meta:
        model = User
        fields = ["email", "display_name"]

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise ValidationError(
                _("An account with this e-mail address already exists."), code="unique"
            )
        return email


# Who is setting a password in the admin (the password form is made by Django's view).
_password_setter: ContextVar[User | None] = ContextVar("password_setter", default=None)


class PasswordChangeThroughAction(AdminPasswordChangeForm):
    """The admin's "set password" form saves through ``set_member_password``."""

    def save(self, commit: bool = True) -> User:
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        self.user = call_action(
            actions.set_member_password,
            admin=_password_setter.get(),
            member=self.user,
            password=password,
        )
        return self.user


@admin.register(User)
class UserAdmin(ActionAdminMixin, BaseUserAdmin):
    add_form = AccountCreationForm
    change_password_form = PasswordChangeThroughAction
    ordering = ["email"]
    list_display = ["email", "display_name", "handle", "status", "is_network_admin", "date_joined"]
    list_filter = ["status", "is_network_admin", "is_staff"]
    search_fields = ["email", "display_name", "handle"]
    # What the member edits on their own profile and e-mail pages, and the
    # status (the list's actions change it): only the roles are edited here.
    readonly_fields = [
        "email",
        "display_name",
        "handle",
        "language",
        "status",
        "is_active",
        "is_superuser",
        "date_joined",
        "last_login",
        "terms_accepted_at",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            gettext_lazy("Member"),
            {
                "fields": ["display_name", "handle", "language", "status", "is_active"],
                "description": gettext_lazy(
                    "Members edit their profile on the site. Suspend, reactivate, approve "
                    "or decline with the actions of the members list."
                ),
            },
        ),
        (
            gettext_lazy("Roles"),
            {
                "fields": ["is_network_admin", "is_staff", "is_superuser"],
                "description": gettext_lazy(
                    "Staff status opens this technical admin and goes with superuser status."
                ),
            },
        ),
        (gettext_lazy("Dates"), {"fields": ["date_joined", "last_login", "terms_accepted_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "usable_password", "password1", "password2"],
            },
        ),
    ]
    actions = ["approve_selected", "decline_selected", "suspend_selected", "reactivate_selected"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [] if obj is None else list(self.readonly_fields)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Deleting an account takes its content and files with it: pending
        # sign-ups are declined with the list's action, members suspended.
        return False

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        if not change:
            password = form.cleaned_data.get("password1") or None
            if not form.cleaned_data.get("usable_password", True):
                password = None
            created = call_action(
                actions.create_account,
                email=form.cleaned_data["email"],
                password=password,
                display_name=form.cleaned_data["display_name"],
            )
            obj.pk = created.pk
            obj._state.adding = False
            obj.refresh_from_db()
            return
        if "is_network_admin" in form.changed_data:
            call_action(
                actions.set_network_admin,
                admin=request.user,
                member=obj,
                value=form.cleaned_data["is_network_admin"],
            )
        if "is_staff" in form.changed_data:
            call_action(
                actions.set_technical_admin,
                admin=request.user,
                member=obj,
                value=form.cleaned_data["is_staff"],
            )
        obj.refresh_from_db()

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        token = _password_setter.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        except ActionRefused as refused:
            for message in error_messages(refused.error):
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        finally:
            _password_setter.reset(token)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # No many-to-many field is edited here; the form saved nothing itself.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=gettext_lazy("Approve the selected sign-ups"))
    def approve_selected(self, request: HttpRequest, queryset) -> None:
        self.run_bulk_action(
            request,
            queryset,
            lambda member: actions.approve_member(admin=request.user, member=member),
            done=lambda count: ngettext(
                "%(count)s sign-up approved.", "%(count)s sign-ups approved.", count
            ),
        )

    @admin.action(description=gettext_lazy("Decline (delete) the selected pending sign-ups"))
    def decline_selected(self, request: HttpRequest, queryset) -> None:
        self.run_bulk_action(
            request,
            queryset,
            lambda member: actions.decline_member(admin=request.user, member=member),
            done=lambda count: ngettext(
                "%(count)s sign-up declined.", "%(count)s sign-ups declined.", count
            ),
        )

    @admin.action(description=gettext_lazy("Suspend the selected members"))
    def suspend_selected(self, request: HttpRequest, queryset) -> None:
        self.run_bulk_action(
            request,
            queryset,
            lambda member: actions.suspend_member(admin=request.user, member=member),
            done=lambda count: ngettext(
                "%(count)s member suspended.", "%(count)s members suspended.", count
            ),
        )

    @admin.action(description=gettext_lazy("Reactivate the selected members"))
    def reactivate_selected(self, request: HttpRequest, queryset) -> None:
        self.run_bulk_action(
            request,
            queryset,
            lambda member: actions.reactivate_member(admin=request.user, member=member),
            done=lambda count: ngettext(
                "%(count)s member reactivated.", "%(count)s members reactivated.", count
            ),
        )


@admin.register(Invitation)
class InvitationAdmin(ActionAdminMixin, admin.ModelAdmin):
    """Invitations are made with ``create_invitation`` and revoked with
    ``revoke_invitation`` (the site's invitations page also shows the link to send)."""

    list_display = ["__str__", "invited_by", "created_at", "expires_at", "used_at"]
    fields = ["email"]
    view_on_site = False  # its address carries the token

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return obj is None or obj.used_at is None

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if obj is None:
            return ["email"]
        return ["email", "invited_by", "created_at", "expires_at", "used_at", "used_by"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: Invitation, form, change: bool) -> None:
        created = call_action(
            actions.create_invitation,
            inviter=request.user,
            email=form.cleaned_data.get("email", ""),
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: Invitation) -> None:
        call_action(actions.revoke_invitation, admin=request.user, invitation=obj)

    @admin.action(description=gettext_lazy("Revoke the selected unused invitations"))
    def revoke_selected(self, request: HttpRequest, queryset) -> None:
        self.run_bulk_action(
            request,
            queryset,
            lambda invitation: actions.revoke_invitation(admin=request.user, invitation=invitation),
            done=lambda count: ngettext(
                "%(count)s invitation revoked.", "%(count)s invitations revoked.", count
            ),
        )

    actions = ["revoke_selected"]


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(ReadOnlyAdminMixin, BaseEmailAddressAdmin):
    site_page = ("account_email", gettext_lazy("the member's e-mail addresses page"))


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(ReadOnlyAdminMixin, BaseAuthenticatorAdmin):
    site_page = ("mfa_index", gettext_lazy("the member's two-factor authentication page"))
    hidden_fields = ("data",)
