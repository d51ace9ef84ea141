from django.urls import path

from community.core import views

app_name = "core"

urlpatterns = [
    path("manage/network/", views.network_settings, name="network_settings"),
]
