"""The technical Django admin: for looking (writes go through ``actions.py``)."""

from django.contrib import admin

from community.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "recipient", "verb", "actor", "actor_count", "created", "read_at"]
    list_filter = ["verb"]
    search_fields = ["recipient__display_name", "recipient__email"]
    raw_id_fields = ["recipient", "actor", "group", "post", "comment"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
