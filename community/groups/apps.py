from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "community.groups"
    label = "groups"

    def ready(self) -> None:
        from community.activity import visibility
        from community.activity.models import Activity
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
