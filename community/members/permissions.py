"""Who may do what with member profiles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from community.activity.visibility import is_active_member
from community.core.permissions import is_network_admin
from community.members.models import AnsweredBy, FieldVisibility, ProfileQuestion, User


def can_edit_profile(user, member: User) -> bool:
    """Members edit their own profile (network admins only its admin-only answers)."""
    return is_active_member(user) and user.pk == member.pk


def check_edit_profile(user, member: User) -> None:
    if not can_edit_profile(user, member):
        raise PermissionDenied


def can_answer_question(user, member: User, question: ProfileQuestion) -> bool:
    """The member answers member questions; network admins edit any member's
    admin-only answers and the questions only admins answer."""
    if is_network_admin(user) and (
        question.visibility == FieldVisibility.ADMINS or question.answered_by == AnsweredBy.ADMINS
    ):
        return True
    return can_edit_profile(user, member) and question.answered_by == AnsweredBy.MEMBER


def can_follow(user, member: User) -> bool:
    return is_active_member(user) and member.is_active and user.pk != member.pk


def can_manage_members(user) -> bool:
    return is_network_admin(user)


def check_manage_members(user) -> None:
    if not can_manage_members(user):
        raise PermissionDenied
