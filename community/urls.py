from django.contrib import admin
from django.urls import include, path, re_path

from community.core import views as core_views
from community.members import views as member_views
from community.members.views_auth import LoginView

urlpatterns = [
    path("", core_views.landing, name="landing"),
    path("home/", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", LoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", member_views.set_language, name="set_language"),
    path("", include("community.core.urls")),
    path("", include("community.members.urls")),
    path("", include("community.groups.urls")),
    path("", include("community.posts.urls")),
    path("", include("community.feeds.urls")),
    path("", include("community.notifications.urls")),
    path("", include("community.volunteering.urls")),
    path("", include("community.mail.urls")),
    path("django-admin/", admin.site.urls),
    re_path(r"^media/(?P<path>.+)$", core_views.media, name="media"),
]

# A database outage answers 503 with one log line, anything else the 500 page.
handler500 = "community.core.outage.server_error"
