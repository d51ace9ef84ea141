from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "community.feeds"
    label = "feeds"
