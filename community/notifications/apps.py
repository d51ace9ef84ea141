from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "community.notifications"
    label = "notifications"

    def ready(self) -> None:
        from community.notifications import (
            actions,
            live,  # noqa: F401  (registers the resume state)
            registry,
        )

        # Deleting any registered target deletes its notifications (registry.py).
        registry.on_target_deleted(actions.discard_deleted_target)
