from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "community.volunteering"
    label = "volunteering"

    def ready(self) -> None:
        from community.activity.visibility import register_group_content
        from community.volunteering.models import Engagement, Need, NeedSkill, Project

        # Projects, their needs (and the needs' matching copies) and engagements
        # follow the group's privacy.
        for model in (Project, Need, NeedSkill, Engagement):
            register_group_content(model)
