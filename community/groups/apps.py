from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "community.groups"
    label = "groups"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from community.activity import visibility
        from community.activity.models import Activity
        from community.core.landing import LandingSection, register_landing_section
        from community.groups import actions, content, demo, notify, selectors
        from community.members import registration
        from community.members.demo import register_demo_step
        from community.notifications.models import Notification

        # The visibility rule (below this app) learns who is in which group.
        visibility.register_memberships(
            group_ids=selectors.member_group_ids, group_audiences=selectors.member_group_audiences
        )
        # Activities and notifications in a group follow its privacy (content.py);
        # the content apps above register their own models.
        content.register_group_content(Activity)
        content.register_group_content(Notification)
        notify.register_kinds()
        # Someone who signs up through a group's e-mail invitation joins that group.
        registration.register_sign_up_hook(actions.accept_pending_email_invitations)
        register_demo_step(demo.seed_demo_groups, order=10)
        register_landing_section(
            LandingSection(
                key="groups",
                heading=_("Our groups"),
                item_template="groups/_landing_group.html",
                more_url="groups:directory",
                more_label=_("All groups"),
                items=lambda request, size: selectors.showcase(viewer=request.user, size=size),
                order=10,
                list_class="group-grid",
            )
        )
