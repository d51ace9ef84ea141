"""The technical Django admin: activities are for looking only. They are
recorded by the actions that write the content (``record_activity``) and their
audience decides who sees them: editing one here would bypass both."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.activity.models import Activity
from community.core.admin import ReadOnlyAdminMixin


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "actor", "verb", "target_type", "target_id", "audience", "created"]
    list_filter = ["verb", "audience"]
    list_select_related = ["actor", "target_type"]
    site_page = ("home", _("the posts and pages of the site"))
