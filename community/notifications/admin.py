"""The technical Django admin: notifications are for looking only (they are
written by ``actions.py``, which also updates the unread counts on open pages)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.core.admin import ReadOnlyAdminMixin
from community.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "recipient", "verb", "actor", "actor_count", "created", "read_at"]
    list_filter = ["verb"]
    list_select_related = ["recipient", "actor"]
    search_fields = ["recipient__display_name", "recipient__email"]
    site_page = ("notifications:list", _("the member's notifications page"))
