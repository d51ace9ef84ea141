"""Telling the other side: the one place volunteering sends notifications.

Each function below is called by ``actions.py`` inside the action's
transaction and decides *who* hears of it; ``_send`` is the single call into
the notifications app, which refuses to tell anyone about something they may
not see (the verb's gate is the engagement's audience: the project's).

* An application → the project's managers; an invitation → the volunteer.
* An answer (accepted, declined, withdrawn, cancelled) → the other side:
  the managers when the volunteer acted, the volunteer when a manager did.
* Completed, hours confirmed or queried → the volunteer; hours logged (or
  corrected after a question) → the managers.

"The project's managers" are the owners and admins of its group, or the
network admins for a network project (network admins who merely moderate a
group's project are not told).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from community.groups.permissions import group_admins
from community.members.models import User
from community.notifications.actions import discard_notifications, notify
from community.notifications.registry import (
    Place,
    TargetKind,
    Verb,
    loaded_target,
    quoted_title,
    register,
    register_target,
)

# Notification verbs (``register_kinds`` declares how they read).
APPLICATION_RECEIVED = "volunteering_application"
INVITATION_RECEIVED = "volunteering_invitation"
ENGAGEMENT_ACCEPTED = "volunteering_accepted"
ENGAGEMENT_DECLINED = "volunteering_declined"
ENGAGEMENT_WITHDRAWN = "volunteering_withdrawn"
ENGAGEMENT_COMPLETED = "volunteering_completed"
ENGAGEMENT_CANCELLED = "volunteering_cancelled"
HOURS_LOGGED = "volunteering_hours_logged"
HOURS_CONFIRMED = "volunteering_hours_confirmed"
HOURS_QUERIED = "volunteering_hours_queried"


def project_managers(project) -> list[User]:
    """Who is told about a project's applications and hours."""
    if project.group_id is None:
        return list(User.objects.filter(is_network_admin=True, is_active=True).order_by("pk"))
    return group_admins(project.group_id)


def _send(*, recipients: Iterable[User], verb: str, actor, target) -> None:
    """The single call into the notifications app (``notify`` skips the actor
    and anyone who may not see ``target``)."""
    for recipient in recipients:
        deliver(recipient=recipient, verb=verb, actor=actor, target=target)


def deliver(*, recipient: User, verb: str, actor, target) -> None:
    """Hand one notification to the notifications app (``register_kinds``
    below declares how these verbs read)."""
    notify(recipient=recipient, verb=verb, actor=actor, target=target)


def _other_side(engagement, actor) -> list[User]:
    if actor is not None and actor.pk == engagement.volunteer_id:
        return project_managers(engagement.project)
    return [engagement.volunteer]


def application_received(engagement) -> None:
    _send(
        recipients=project_managers(engagement.project),
        verb=APPLICATION_RECEIVED,
        actor=engagement.volunteer,
        target=engagement,
    )


def invitation_received(engagement) -> None:
    _send(
        recipients=[engagement.volunteer],
        verb=INVITATION_RECEIVED,
        actor=engagement.created_by,
        target=engagement,
    )


def engagement_accepted(engagement, *, actor) -> None:
    _send(
        recipients=_other_side(engagement, actor),
        verb=ENGAGEMENT_ACCEPTED,
        actor=actor,
        target=engagement,
    )


def engagement_declined(engagement, *, actor) -> None:
    _send(
        recipients=_other_side(engagement, actor),
        verb=ENGAGEMENT_DECLINED,
        actor=actor,
        target=engagement,
    )


def engagement_withdrawn(engagement, *, actor) -> None:
    _send(
        recipients=_other_side(engagement, actor),
        verb=ENGAGEMENT_WITHDRAWN,
        actor=actor,
        target=engagement,
    )


def engagement_completed(engagement, *, actor) -> None:
    _send(
        recipients=[engagement.volunteer],
        verb=ENGAGEMENT_COMPLETED,
        actor=actor,
        target=engagement,
    )


def engagement_cancelled(engagement, *, actor) -> None:
    _send(
        recipients=_other_side(engagement, actor),
        verb=ENGAGEMENT_CANCELLED,
        actor=actor,
        target=engagement,
    )


def hours_logged(entry) -> None:
    _send(
        recipients=project_managers(entry.engagement.project),
        verb=HOURS_LOGGED,
        actor=entry.engagement.volunteer,
        target=entry.engagement,
    )


def hours_confirmed(entry, *, actor) -> None:
    _send(
        recipients=[entry.engagement.volunteer],
        verb=HOURS_CONFIRMED,
        actor=actor,
        target=entry.engagement,
    )


def hours_queried(entry, *, actor) -> None:
    _send(
        recipients=[entry.engagement.volunteer],
        verb=HOURS_QUERIED,
        actor=actor,
        target=entry.engagement,
    )


def discard(engagements: Iterable) -> None:
    """Forget notifications about deleted engagements (notifications app)."""
    discard_notifications(targets=list(engagements))


# --- How they read (the notifications app's registry) -------------------------------


def _place_engagement(engagement) -> Place:
    return Place(audience=engagement.audience, group_id=engagement.group_id)


def _need_title(notification) -> str:
    engagement = loaded_target(notification)
    return quoted_title(engagement.need.title) if engagement is not None else ""


def _engagement_link(notification) -> str:
    return reverse("volunteering:engagement", kwargs={"pk": notification.target_id})


SENTENCES: dict[str, Callable[[], str]] = {
    APPLICATION_RECEIVED: lambda: _("%(who)s applied to “%(need)s”."),
    INVITATION_RECEIVED: lambda: _("%(who)s invited you to help with “%(need)s”."),
    ENGAGEMENT_ACCEPTED: lambda: _("%(who)s accepted the engagement on “%(need)s”."),
    ENGAGEMENT_DECLINED: lambda: _("%(who)s declined the engagement on “%(need)s”."),
    ENGAGEMENT_WITHDRAWN: lambda: _("%(who)s withdrew from “%(need)s”."),
    ENGAGEMENT_COMPLETED: lambda: _("%(who)s marked your engagement on “%(need)s” as completed."),
    ENGAGEMENT_CANCELLED: lambda: _("%(who)s cancelled the engagement on “%(need)s”."),
    HOURS_LOGGED: lambda: _("%(who)s logged hours on “%(need)s”."),
    HOURS_CONFIRMED: lambda: _("%(who)s confirmed your hours on “%(need)s”."),
    HOURS_QUERIED: lambda: _("%(who)s has a question about your hours on “%(need)s”."),
}


def _verb(name: str, sentence: Callable[[], str]) -> Verb:
    return Verb(
        name,
        targets=("volunteering.Engagement",),
        describe=lambda n, who: sentence() % {"who": who, "need": _need_title(n)},
        link=_engagement_link,
    )


def register_kinds() -> None:
    """Called from ``VolunteeringConfig.ready()``."""
    register_target(
        TargetKind("volunteering.Engagement", _place_engagement, select_related=("need", "project"))
    )
    for name, sentence in SENTENCES.items():
        register(_verb(name, sentence))
