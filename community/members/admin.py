from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from community.members.models import Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "handle", "status", "is_network_admin", "date_joined"]
    list_filter = ["status", "is_network_admin", "is_staff"]
    search_fields = ["email", "display_name", "handle"]
    # Status and is_active are changed together by community.members.actions.
    readonly_fields = ["status", "is_active", "date_joined", "last_login", "terms_accepted_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Member"), {"fields": ["display_name", "handle", "language", "status", "is_active"]}),
        (_("Roles"), {"fields": ["is_network_admin", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["date_joined", "last_login", "terms_accepted_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "handle", "password1", "password2"],
            },
        ),
    ]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "invited_by", "created_at", "expires_at", "used_at"]
    readonly_fields = ["token"]
