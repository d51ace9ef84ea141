from django.apps import AppConfig
from django.core.exceptions import ValidationError
from django.db.models.signals import post_delete, pre_delete
from django.utils.translation import gettext as _


def delete_cover_file(sender, instance, **kwargs) -> None:
    """A project deleted — on its own or with its group — takes its cover's
    file along, once that commits."""
    from community.core.images import delete_files_on_commit

    delete_files_on_commit([instance.cover.name])


def keep_volunteer_records(sender, instance, **kwargs) -> None:
    """A group whose projects volunteers have worked on is not deleted, as such
    a project is not (``actions.delete_project``): their hours and attestations
    depend on it. The deletion's transaction rolls back; archive it instead."""
    from community.volunteering.models import PLACE_TAKING_STATUSES, Engagement

    worked = Engagement.objects.filter(project__group=instance, status__in=PLACE_TAKING_STATUSES)
    if worked.exists():
        raise ValidationError(
            _(
                "Volunteers have worked on this group's projects: their hours and "
                "attestations depend on them. Archive the group instead."
            )
        )


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
        pre_delete.connect(
            keep_volunteer_records, sender="groups.Group", dispatch_uid="projects.keep_records"
        )
