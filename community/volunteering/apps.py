from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "community.volunteering"
    label = "volunteering"

    def ready(self) -> None:
        from community.activity.visibility import register_group_content
        from community.volunteering.models import Engagement, Need, Project

        # Projects, their needs and engagements follow the group's privacy.
        for model in (Project, Need, Engagement):
            register_group_content(model)
