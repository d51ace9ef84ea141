from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "community.notifications"
    label = "notifications"

    def ready(self) -> None:
        from community.activity.visibility import register_group_content
        from community.notifications import realtime  # noqa: F401  (resume state)
        from community.notifications.models import Notification

        # A notification about a group's content takes the group's new audience
        # with the content when the group's privacy changes (models.py).
        register_group_content(Notification)
