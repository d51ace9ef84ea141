"""Every write about groups: creation, settings, privacy, memberships, requests
and invitations.

Each action runs in one transaction, checks the rules through
``permissions.py`` (404 for a group the user may not know of, 403 otherwise),
raises ``ValidationError`` with a message a person can act on, records the
activity, and — for every change of membership — tells the realtime layer,
after the commit, to recompute the member's subscriptions.

Membership changes of one group are serialised by locking the group's row
(``_common._lock_group``): two admins approving the same request, or a double-clicked
"Join", end with exactly one membership.

One module per sub-domain; the names are gathered here so that callers say
``actions.join_group`` whichever module holds it.
"""

from __future__ import annotations

from community.groups.actions._common import (
    AVATAR_RULES,
    COVER_RULES,
    CREATED_GROUP,
    DESCRIPTION_MAX_LENGTH,
    EMAIL_INVITATION_VALIDITY,
    JOINED_GROUP,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    RESERVED_SLUGS,
    SLUG_MAX_LENGTH,
    is_addressed_to,
)
from community.groups.actions.groups import (
    change_group_privacy,
    create_group,
    delete_group,
    set_group_archived,
    suggest_slug,
    update_group,
)
from community.groups.actions.invitations import (
    accept_pending_email_invitations,
    invite_by_email,
    invite_member,
    respond_to_invitation,
    revoke_group_invitation,
)
from community.groups.actions.memberships import (
    approve_join_request,
    cancel_join_request,
    change_member_role,
    decline_join_request,
    join_group,
    leave_group,
    remove_member,
    request_to_join,
    transfer_ownership,
)

__all__ = [
    "AVATAR_RULES",
    "COVER_RULES",
    "CREATED_GROUP",
    "DESCRIPTION_MAX_LENGTH",
    "EMAIL_INVITATION_VALIDITY",
    "JOINED_GROUP",
    "MESSAGE_MAX_LENGTH",
    "NAME_MAX_LENGTH",
    "RESERVED_SLUGS",
    "SLUG_MAX_LENGTH",
    "accept_pending_email_invitations",
    "approve_join_request",
    "cancel_join_request",
    "change_group_privacy",
    "change_member_role",
    "create_group",
    "decline_join_request",
    "delete_group",
    "invite_by_email",
    "invite_member",
    "is_addressed_to",
    "join_group",
    "leave_group",
    "remove_member",
    "request_to_join",
    "respond_to_invitation",
    "revoke_group_invitation",
    "set_group_archived",
    "suggest_slug",
    "transfer_ownership",
    "update_group",
]
