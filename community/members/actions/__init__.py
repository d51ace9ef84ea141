"""Every write about members goes through here: accounts and registration,
invitations, profiles, skills, custom profile questions and their answers,
per-field privacy, the skills taxonomy, follows and suspension.

One module per sub-domain; the names are gathered here so that callers say
``actions.create_skill`` whichever module holds it."""

from __future__ import annotations

from community.members.actions.accounts import (
    INVITATION_VALIDITY,
    approve_member,
    create_account,
    create_invitation,
    decline_member,
    reactivate_member,
    register_member,
    revoke_invitation,
    set_member_password,
    set_network_admin,
    set_technical_admin,
    suspend_member,
)
from community.members.actions.profile_questions import (
    MAX_CHOICES,
    create_profile_question,
    delete_profile_question,
    move_profile_question,
    update_profile_question,
)
from community.members.actions.profiles import (
    AVATAR_RULES,
    MAX_INTEREST_LENGTH,
    MAX_INTERESTS,
    MAX_LINKS,
    follow_member,
    set_field_policy,
    set_member_language,
    set_member_skills,
    set_profile_answers,
    unfollow_member,
    update_privacy,
    update_profile,
)
from community.members.actions.skills import (
    create_skill,
    create_skill_category,
    delete_skill,
    delete_skill_category,
    move_skill_category,
    rename_skill_category,
    update_skill,
)

__all__ = [
    "AVATAR_RULES",
    "INVITATION_VALIDITY",
    "MAX_CHOICES",
    "MAX_INTERESTS",
    "MAX_INTEREST_LENGTH",
    "MAX_LINKS",
    "approve_member",
    "create_account",
    "create_invitation",
    "create_profile_question",
    "create_skill",
    "create_skill_category",
    "decline_member",
    "delete_profile_question",
    "delete_skill",
    "delete_skill_category",
    "follow_member",
    "move_profile_question",
    "move_skill_category",
    "reactivate_member",
    "register_member",
    "rename_skill_category",
    "revoke_invitation",
    "set_field_policy",
    "set_member_language",
    "set_member_password",
    "set_member_skills",
    "set_network_admin",
    "set_profile_answers",
    "set_technical_admin",
    "suspend_member",
    "unfollow_member",
    "update_privacy",
    "update_profile",
    "update_profile_question",
    "update_skill",
]
