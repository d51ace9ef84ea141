from django.urls import path

from community.mail import views

app_name = "mail"

urlpatterns = [
    path("manage/emails/failed/", views.failed, name="failed"),
    path("manage/emails/<int:pk>/retry/", views.retry, name="retry"),
]
