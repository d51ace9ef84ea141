from django.apps import AppConfig
from django.db.models.signals import post_delete

from community.core.images import delete_files_on_commit


def delete_cover_file(sender, instance, **kwargs) -> None:
    """A project deleted — on its own or with its group — takes its cover's
    file along, once that commits."""
    delete_files_on_commit([instance.cover.name])


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
        post_delete.connect(delete_cover_file, sender=Project, dispatch_uid="projects.cover_file")
