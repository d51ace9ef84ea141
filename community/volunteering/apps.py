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
        from django.utils.translation import gettext_lazy as _

        from community.core.landing import LandingSection, register_landing_section
        from community.groups.content import register_deletion_guard, register_group_content
        from community.members.demo import register_demo_step
        from community.volunteering import demo, notify
        from community.volunteering.models import Engagement, Need, NeedSkill, Project
        from community.volunteering.projects import selectors as projects
        from community.volunteering.projects.actions import check_group_deletable

        # Projects, their needs (and the needs' matching copies) and engagements
        # follow the group's privacy.
        for model in (Project, Need, NeedSkill, Engagement):
            register_group_content(model)
        # A group whose projects volunteers worked on is not deleted.
        register_deletion_guard(check_group_deletable)
        notify.register_kinds()
        register_demo_step(demo.seed_demo_volunteering, order=20)
        register_landing_section(
            LandingSection(
                key="projects",
                heading=_("Volunteer with us"),
                item_template="volunteering/_landing_project.html",
                more_url="volunteering:projects",
                more_label=_("All projects"),
                items=lambda request, size: projects.showcase(request.user, size=size),
                order=20,
                list_class="project-grid",
            )
        )
        post_delete.connect(delete_cover_file, sender=Project, dispatch_uid="projects.cover_file")
