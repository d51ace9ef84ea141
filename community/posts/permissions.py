"""Who may do what with posts, comments and reactions: the one module that answers it.

* **Seeing** a post (and so its comments, reactions, images): its audience is
  one of the viewer's (``visibility.can_view``). On a group's pages network
  admins moderate every post of the group (``visible_in_group_q``), so they
  also open a group post's permalink to moderate it. Everyone else gets 404:
  existence itself is private.
* **Writing** (commenting, reacting): an active member who sees the post
  through their own audiences, in a group that is not archived.
* **Editing**: the author only (an active member).
* **Deleting**: the author, the group's owners and admins (for posts in their
  group and their comments), network admins.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from community.activity.visibility import (
    audiences_for,
    can_view,
    can_view_in_group,
    is_active_member,
)
from community.core.permissions import is_network_admin
from community.groups import permissions as group_permissions
from community.groups.permissions import access_for, is_group_admin
from community.posts.models import Comment, Post


def can_view_post(user, post: Post, *, audiences: frozenset[str] | None = None) -> bool:
    if post.group_id is not None:
        return can_view_in_group(user, post, audiences=audiences)
    return can_view(user, post, audiences=audiences)


def check_view_post(user, post: Post, *, audiences: frozenset[str] | None = None) -> None:
    if not can_view_post(user, post, audiences=audiences):
        raise Http404


def _group_archived(post: Post) -> bool:
    return post.group_id is not None and post.group.archived


def can_interact(user, post: Post, *, audiences: frozenset[str] | None = None) -> bool:
    """Comment and react: a reader through their own audiences (not moderation)."""
    return (
        is_active_member(user)
        and can_view(user, post, audiences=audiences)
        and not _group_archived(post)
    )


def check_interact(user, post: Post) -> None:
    """404 if the post is invisible to ``user``, 403 if seen but closed to them."""
    if not is_active_member(user):
        raise PermissionDenied(_("Sign in to take part."))
    audiences = audiences_for(user)
    check_view_post(user, post, audiences=audiences)
    if not can_view(user, post, audiences=audiences):
        raise PermissionDenied(_("Only the group's members may take part here."))
    if _group_archived(post):
        raise PermissionDenied(_("This group is archived: nothing can be added to it."))


def can_post(user, *, group=None, access=None, wall_owner=None) -> bool:
    """Post in ``group`` (a member, the group not archived), on ``wall_owner``'s
    wall (an active member's) or on the community wall: an active member.
    ``access``: the user's ``GroupAccess`` to ``group`` when already known."""
    if not is_active_member(user):
        return False
    if group is not None:
        if group.archived:
            return False
        if access is None:
            access = access_for(user, group)
        return access.is_member
    if wall_owner is not None:
        return is_active_member(wall_owner)
    return True


def check_post(user, *, group=None, access=None, wall_owner=None) -> None:
    """``can_post``, raising: ``Http404`` for a group ``user`` may not know of,
    ``PermissionDenied`` (with the reason) for a group they see but may not
    post in, or a wall closed to them. The composer (before it shows the
    group's or the member's name) and ``create_post`` both ask here; a wall
    whose owner's profile is hidden is a 404 of the lookup
    (``members.selectors.member_by_handle``)."""
    if group is not None:
        access = access if access is not None else group_permissions.access_for(user, group)
        if group.archived and access.is_member:
            raise PermissionDenied(_("This group is archived: nothing can be posted in it."))
        group_permissions.check(
            access,
            can_post(user, group=group, access=access),
            _("Only members of this group may post in it."),
        )
    elif wall_owner is not None and not can_post(user, wall_owner=wall_owner):
        raise PermissionDenied(_("This member's wall is closed."))


def can_edit_post(user, post: Post) -> bool:
    return is_active_member(user) and post.author_id == user.pk


def can_delete_post(user, post: Post, *, group_admin: bool | None = None) -> bool:
    """``group_admin``: whether ``user`` runs the post's group, when already known."""
    if not is_active_member(user):
        return False
    if post.author_id == user.pk or is_network_admin(user):
        return True
    if group_admin is None:
        group_admin = is_group_admin(user, post.group_id)
    return group_admin


def can_edit_comment(user, comment: Comment) -> bool:
    return is_active_member(user) and comment.author_id == user.pk


def can_delete_comment(user, comment: Comment, post: Post) -> bool:
    if not is_active_member(user):
        return False
    if comment.author_id == user.pk or is_network_admin(user):
        return True
    return is_group_admin(user, post.group_id)


def controls_for(author_id: int, group_id: int | None) -> tuple[str, str]:
    """The ``data-show-for`` tokens (realtime/README.md) of the edit and the
    delete control of a post or comment by ``author_id`` in ``group_id``: the
    rules above, viewer-independent, revealed by the client for the viewer."""
    edit = f"user:{author_id}"
    delete = f"{edit} network-admin"
    if group_id:
        delete += f" group-admin:{group_id}"
    return edit, delete
