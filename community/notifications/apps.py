from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "community.notifications"
    label = "notifications"

    def ready(self) -> None:
        from community.notifications import live  # noqa: F401  (registers the resume state)
