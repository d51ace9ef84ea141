from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "community.activity"
    label = "activity"
