from django.contrib import admin

from community.groups.models import Group, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "privacy", "archived", "created_at"]
    list_filter = ["privacy", "archived"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
