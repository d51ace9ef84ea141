from django.contrib import admin

from community.core.models import Network


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "visibility", "registration_mode", "theme"]

    def has_add_permission(self, request) -> bool:
        return not Network.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
