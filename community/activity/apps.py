from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "community.activity"
    label = "activity"

    def ready(self) -> None:
        from community.activity.models import Activity
        from community.activity.visibility import register_group_content

        # Activities in a group follow the group's privacy (see visibility.py).
        register_group_content(Activity)
