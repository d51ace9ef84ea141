"""The technical Django admin: groups, memberships, requests and invitations
are for looking only. Every change to them goes through ``actions.py`` on the
group's own pages, so that the rules hold, the activity is recorded and the
members' open pages recompute what they may receive (a group made private, a
member removed)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.core.admin import ReadOnlyAdminMixin, ReadOnlyInline
from community.groups.models import Group, GroupInvitation, JoinRequest, Membership


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = fields


@admin.register(Group)
class GroupAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "privacy", "archived", "created_at"]
    list_filter = ["privacy", "archived"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
    site_page = ("groups:directory", _("the group's settings and members pages"))


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["group", "user", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["group", "user", "decided_by"]
    site_page = ("groups:directory", _("the group's requests page"))


@admin.register(GroupInvitation)
class GroupInvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["group", "user", "email", "status", "invited_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["group", "user", "invited_by"]
    hidden_fields = ("token",)
    view_on_site = False  # its address carries the token
    site_page = ("groups:directory", _("the group's invitations page"))
