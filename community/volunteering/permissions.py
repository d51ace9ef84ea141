"""Who may see and do what in volunteering: the one module that answers it.

* A project is **managed** by the owners and admins of its group, or — for a
  network project — by network admins; network admins manage every project.
* A project is **seen** by whoever its audience allows (the visibility
  module), and by its managers. Drafts are seen by managers only. On a
  project's own pages network admins see it even in a secret group they are
  not in (moderation, like group pages); lists, matching, the home page,
  profiles and notifications never show them what their memberships don't.
* A **project manager** is someone who manages at least one project: a
  network admin, or an owner/admin of a group that has projects. Offers
  marked "only people who run projects" are shown to them and their author.
* A suspended member (inactive account) may do and see nothing.

``check_*`` raise ``Http404`` when the viewer may not know the object exists
and ``PermissionDenied`` when they may know it but not do this.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from community.activity.visibility import audiences_for, is_active_member
from community.core.permissions import is_network_admin
from community.groups.permissions import admin_group_ids, is_group_admin
from community.volunteering.models import (
    Engagement,
    HoursEntry,
    Need,
    Offer,
    OfferVisibility,
    Project,
)


def manages_group(user, group) -> bool:
    """Runs ``group``'s projects: its owners and admins, and network admins."""
    if not is_active_member(user):
        return False
    return is_network_admin(user) or is_group_admin(user, group.pk)


def can_manage_project(user, project: Project) -> bool:
    if not is_active_member(user):
        return False
    if is_network_admin(user):
        return True
    return project.group_id is not None and is_group_admin(user, project.group_id)


def can_create_project(user, group=None) -> bool:
    """Group owners/admins in their (not archived) group; network admins anywhere."""
    if not is_active_member(user):
        return False
    if group is None:
        return is_network_admin(user)
    if group.archived:
        return False
    return is_network_admin(user) or is_group_admin(user, group.pk)


def managed_groups_q(user) -> Q:
    """Groups in which ``user`` may create projects."""
    if is_network_admin(user):
        return Q(archived=False)
    if not is_active_member(user):
        return Q(pk__in=[])
    return Q(archived=False, pk__in=admin_group_ids(user))


def managed_projects_q(user, *, prefix: str = "") -> Q:
    """Projects ``user`` manages (``prefix`` like ``"project__"`` for related rows)."""
    if not is_active_member(user):
        return Q(pk__in=[])
    if is_network_admin(user):
        return Q()
    return Q(**{f"{prefix}group__in": admin_group_ids(user)})


def is_project_manager(user) -> bool:
    """Manages at least one project (sees offers reserved for project managers)."""
    if not is_active_member(user):
        return False
    if is_network_admin(user):
        return True
    return Project.objects.filter(group__in=admin_group_ids(user)).exists()


def can_view_project(user, project: Project, *, audiences: frozenset[str] | None = None) -> bool:
    if project.is_draft:
        return can_manage_project(user, project)
    if user is not None and user.is_authenticated and not user.is_active:
        return False
    audiences = audiences_for(user) if audiences is None else audiences
    if project.audience in audiences:
        return True
    return can_manage_project(user, project)


def check_view_project(user, project: Project) -> None:
    if not can_view_project(user, project):
        raise Http404


def check_manage_project(user, project: Project) -> None:
    """404 when the project is hidden from ``user``, 403 when only seen."""
    check_view_project(user, project)
    if not can_manage_project(user, project):
        raise PermissionDenied(_("Only the project's managers may do this."))


def can_view_need(user, need: Need) -> bool:
    return can_view_project(user, need.project)


def can_view_offer(viewer, offer: Offer) -> bool:
    if not is_active_member(viewer):
        return False
    if viewer.pk == offer.user_id:
        return True
    if not offer.user.is_active:
        return False
    if offer.visibility == OfferVisibility.MEMBERS:
        return True
    return is_project_manager(viewer)


def is_engagement_volunteer(user, engagement: Engagement) -> bool:
    return is_active_member(user) and engagement.volunteer_id == user.pk


def can_view_engagement(user, engagement: Engagement) -> bool:
    """The volunteer and the project's managers."""
    return is_engagement_volunteer(user, engagement) or can_manage_project(user, engagement.project)


def check_view_engagement(user, engagement: Engagement) -> None:
    if not can_view_engagement(user, engagement):
        raise Http404


def can_view_attestation(user, engagement: Engagement) -> bool:
    """The volunteer, the project's managers and network admins."""
    return engagement.is_completed and (
        is_engagement_volunteer(user, engagement)
        or can_manage_project(user, engagement.project)
        or is_network_admin(user)
    )


def can_review_hours(user, entry: HoursEntry) -> bool:
    """Managers confirm or query hours, never the volunteer who logged them."""
    return entry.volunteer_id != getattr(user, "pk", None) and can_manage_project(
        user, entry.engagement.project
    )
