from django.contrib import admin

from community.activity.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["id", "actor", "verb", "target_type", "target_id", "audience", "created"]
    list_filter = ["verb", "audience"]
    raw_id_fields = ["actor", "group"]
