"""Every write about groups: creation, settings, privacy, memberships, requests
and invitations.

Each action runs in one transaction, checks the rules through
``permissions.py`` (404 for a group the user may not know of, 403 otherwise),
raises ``ValidationError`` with a message a person can act on, records the
activity, and — for every change of membership — tells the realtime layer,
after the commit, to recompute the member's subscriptions.

Membership changes of one group are serialised by locking the group's row
(``_lock_group``): two admins approving the same request, or a double-clicked
"Join", end with exactly one membership.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from community.activity.actions import record_activity
from community.activity.models import Activity
from community.core import live
from community.core.images import ImageRules, delete_files_on_commit, process_image
from community.core.network import get_network
from community.groups import permissions
from community.groups.content import (
    audience_for_group,
    check_group_deletable,
    refresh_group_audience,
)
from community.groups.models import (
    Group,
    GroupInvitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    Privacy,
    RequestStatus,
    Role,
)
from community.groups.notify import GROUP_INVITED, GROUP_JOIN_REQUESTED, GROUP_REQUEST_APPROVED
from community.members.models import Invitation, User
from community.notifications import actions as notifications

CREATED_GROUP = "created_group"
JOINED_GROUP = "joined_group"

AVATAR_RULES = ImageRules(max_bytes=2 * 1024 * 1024, square=256)
COVER_RULES = ImageRules(max_bytes=5 * 1024 * 1024, max_side=1600)
# Addresses that are pages of the groups app, never a group's.
RESERVED_SLUGS = frozenset({"new", "mine", "invitations"})
NAME_MAX_LENGTH = 80
SLUG_MAX_LENGTH = 80
DESCRIPTION_MAX_LENGTH = 5000
MESSAGE_MAX_LENGTH = 1000
EMAIL_INVITATION_VALIDITY = timedelta(days=30)


# --- Helpers ---------------------------------------------------------------------


def _lock_group(group: Group) -> Group:
    """The group's row, locked until the end of the transaction (404 if gone)."""
    locked = Group.objects.select_for_update().filter(pk=group.pk).first()
    if locked is None:
        raise Http404
    return locked


def _current_membership(group: Group, user: User) -> Membership | None:
    """Read ``user``'s membership; callers hold the group's lock."""
    return Membership.objects.filter(group=group, user=user).first()


def _pending_request(join_request_pk: int) -> JoinRequest | None:
    """Read (and lock) a request that is still waiting; callers hold the group's lock."""
    return (
        JoinRequest.objects.select_for_update()
        .filter(pk=join_request_pk, status=RequestStatus.PENDING)
        .first()
    )


def _tell_realtime(user_ids: Iterable[int]) -> None:
    """After the commit, each user's sockets recompute their subscriptions."""
    for user_id in sorted(set(user_ids)):
        transaction.on_commit(partial(live.subscriptions_changed, user_id))


def _discard_notifications(*targets) -> None:
    """Notifications about what no longer waits for an answer go away."""
    notifications.discard_notifications(targets=targets)


def _request_answered(join_request: JoinRequest) -> None:
    """Every admin's notification of this request is read once one admin answered."""
    notifications.mark_read_about(targets=[join_request], verb=GROUP_JOIN_REQUESTED)


def is_addressed_to(invitation: GroupInvitation, user: User) -> bool:
    """The invitation is for ``user``: named, or sent to an address they verified."""
    if invitation.user_id is not None:
        return invitation.user_id == user.pk
    return invitation.email.lower() in permissions.verified_emails(user)


def _access(user: User, group: Group) -> permissions.GroupAccess:
    return permissions.GroupAccess(user, group)


def _require_active(user: User) -> None:
    if not (user is not None and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Your account cannot do this."))


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Keep the name under %(limit)s characters.") % {"limit": NAME_MAX_LENGTH}}
        )
    return name


def _clean_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "description": _("Keep the description under %(limit)s characters.")
                % {"limit": DESCRIPTION_MAX_LENGTH}
            }
        )
    return description


def _clean_privacy(privacy: str) -> str:
    if privacy not in Privacy.values:
        raise ValidationError({"privacy": _("Choose open, closed or secret.")})
    return privacy


def _clean_message(text: str, field: str) -> str:
    text = (text or "").strip()
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {field: _("Keep it under %(limit)s characters.") % {"limit": MESSAGE_MAX_LENGTH}}
        )
    return text


def suggest_slug(name: str) -> str:
    """A free address derived from ``name`` (``jardin-partage``, ``jardin-partage-2``…)."""
    base = slugify(name)[: SLUG_MAX_LENGTH - 4].strip("-") or "group"
    if base in RESERVED_SLUGS:
        base = f"{base}-group"
    taken = set(Group.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def _clean_slug(slug: str, name: str) -> str:
    slug = (slug or "").strip().lower()
    if not slug:
        return suggest_slug(name)
    if slugify(slug) != slug:
        raise ValidationError(
            {
                "slug": _(
                    "Use only lower-case letters, digits and hyphens, for example “jardin-partage”."
                )
            }
        )
    if len(slug) > SLUG_MAX_LENGTH:
        raise ValidationError(
            {"slug": _("Keep the address under %(limit)s characters.") % {"limit": SLUG_MAX_LENGTH}}
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is reserved. Choose another one.")})
    if Group.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This address is already taken. Choose another one.")})
    return slug


def _clean_image(image: File | bool | None, rules: ImageRules, field: str):
    """Form convention: ``None`` keeps, ``False`` removes, a file replaces. A raw
    upload (not already through ``SafeImageField``) gets the same checks."""
    if isinstance(image, UploadedFile):
        try:
            return process_image(image, rules)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from error
    return image


def _set_image(group: Group, field: str, image) -> list[str]:
    """Apply ``image`` to ``group.<field>``; returns the old file to delete after commit."""
    if image is None:
        return []
    current = getattr(group, field)
    old = [current.name] if current else []
    if image is False:
        setattr(group, field, "")
    else:
        current.save(image.name, image, save=False)
    return old


def _record_joined(group: Group, user: User) -> None:
    record_activity(
        actor=user,
        verb=JOINED_GROUP,
        target=group,
        audience=audience_for_group(group),
        group=group,
    )


def _close_pending_requests(requests, **fields) -> list[JoinRequest]:
    """Set ``fields`` (a final status…) on the pending ones of ``requests``;
    returns them, for their notifications."""
    pending = list(requests.filter(status=RequestStatus.PENDING))
    JoinRequest.objects.filter(pk__in=[request.pk for request in pending]).update(**fields)
    return pending


def _add_member(group: Group, user: User, role: str = Role.MEMBER) -> Membership:
    """Create the membership, close what led to it, record it, tell realtime."""
    membership = Membership.objects.create(group=group, user=user, role=role)
    now = timezone.now()
    pending = _close_pending_requests(
        JoinRequest.objects.filter(group=group, user=user),
        status=RequestStatus.APPROVED,
        decided_at=now,
    )
    for join_request in pending:  # in by an invitation: the request is answered
        _request_answered(join_request)
    GroupInvitation.objects.filter(group=group).filter(
        permissions.invitations_addressed_to_q(user)
    ).update(status=InvitationStatus.ACCEPTED, responded_at=now, user=user)
    _record_joined(group, user)
    _tell_realtime([user.pk])
    return membership


# --- Creating and editing -----------------------------------------------------------


@transaction.atomic
def create_group(
    *,
    creator: User,
    name: str,
    slug: str = "",
    description: str = "",
    privacy: str = Privacy.OPEN,
    avatar: File | None = None,
    cover: File | None = None,
) -> Group:
    """Create a group; its creator is its owner."""
    permissions.check_create_group(creator)
    name = _clean_name(name)
    group = Group(
        name=name,
        slug=_clean_slug(slug, name),
        description=_clean_description(description),
        privacy=_clean_privacy(privacy),
        created_by=creator,
    )
    avatar = _clean_image(avatar, AVATAR_RULES, "avatar")
    cover = _clean_image(cover, COVER_RULES, "cover")
    if avatar:
        _set_image(group, "avatar", avatar)
    if cover:
        _set_image(group, "cover", cover)
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as error:  # the same address taken a moment ago
        raise ValidationError(
            {"slug": _("This address is already taken. Choose another one.")}
        ) from error
    Membership.objects.create(group=group, user=creator, role=Role.OWNER)
    record_activity(
        actor=creator,
        verb=CREATED_GROUP,
        target=group,
        audience=audience_for_group(group),
        group=group,
    )
    _tell_realtime([creator.pk])
    return group


@transaction.atomic
def update_group(
    *,
    actor: User,
    group: Group,
    name: str,
    description: str | None = None,
    privacy: str | None = None,
    avatar: File | bool | None = None,
    cover: File | bool | None = None,
) -> Group:
    """Edit name, description and pictures (and privacy, through
    ``change_group_privacy``). ``None`` keeps a value; for images ``False``
    removes the current one."""
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(access, access.can_edit, _("Only the group's admins may edit it."))
    group.name = _clean_name(name)
    if description is not None:
        group.description = _clean_description(description)
    avatar = _clean_image(avatar, AVATAR_RULES, "avatar")
    cover = _clean_image(cover, COVER_RULES, "cover")
    old_files = _set_image(group, "avatar", avatar) + _set_image(group, "cover", cover)
    group.save()
    delete_files_on_commit(old_files)
    if privacy is not None and privacy != group.privacy:
        group = change_group_privacy(actor=actor, group=group, privacy=privacy)
    return group


@transaction.atomic
def change_group_privacy(*, actor: User, group: Group, privacy: str) -> Group:
    """Open, closed or secret, effective at once for everything in the group.

    In the same transaction the stored audience of the group's content is
    rewritten (``refresh_group_audience``). Turning the group secret cancels
    pending join requests (a secret group is joined by invitation only, and the
    requesters must not keep a trace of it). Every member's sockets recompute
    their subscriptions after the commit.
    """
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(
        access, access.can_change_privacy, _("Only the group's admins may change its privacy.")
    )
    privacy = _clean_privacy(privacy)
    if privacy == group.privacy:
        return group
    group.privacy = privacy
    group.save(update_fields=["privacy"])
    refresh_group_audience(group)
    if privacy == Privacy.SECRET:
        pending = _close_pending_requests(
            JoinRequest.objects.filter(group=group),
            status=RequestStatus.CANCELLED,
            decided_at=timezone.now(),
            decided_by=actor,
        )
        _discard_notifications(*pending)  # the admins' "asked to join"
    _tell_realtime(Membership.objects.filter(group=group).values_list("user_id", flat=True))
    return group


@transaction.atomic
def set_group_archived(*, actor: User, group: Group, archived: bool) -> Group:
    """Archive (read-only: no joining, inviting or editing) or restore a group."""
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(
        access, access.can_archive, _("Only the group's owner may archive or restore it.")
    )
    if group.archived != archived:
        group.archived = archived
        group.save(update_fields=["archived"])
    return group


@transaction.atomic
def delete_group(*, actor: User, group: Group) -> None:
    """Delete the group and everything in it (memberships, requests,
    invitations, activities and, through their foreign keys, its content) —
    unless volunteers have worked on its projects (ValidationError, nothing
    deleted: archive it instead)."""
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(access, access.can_delete, _("Only the group's owner may delete it."))
    check_group_deletable(group)  # what the apps above refuse (groups.content)
    member_ids = list(Membership.objects.filter(group=group).values_list("user_id", flat=True))
    # Unused network invitations that came with this group's e-mail invitations.
    Invitation.objects.filter(
        group_invitation__group=group,
        group_invitation__status=InvitationStatus.PENDING,
        used_at__isnull=True,
    ).delete()
    Activity.objects.filter(
        target_type=ContentType.objects.get_for_model(Group), target_id=group.pk
    ).delete()
    files = [group.avatar.name, group.cover.name]
    # Its posts' images and its projects' covers go with their rows (the posts
    # and volunteering apps' post_delete receivers); its own pictures here.
    group.delete()
    delete_files_on_commit(files)
    _tell_realtime(member_ids)


# --- Joining and leaving --------------------------------------------------------------


@transaction.atomic
def join_group(*, user: User, group: Group) -> Membership:
    """Join an open group at once. Joining twice (a double click) changes nothing."""
    _require_active(user)
    group = _lock_group(group)
    membership = _current_membership(group, user)
    if membership is not None:
        return membership
    access = _access(user, group)
    if group.archived and access.can_see_group:
        raise ValidationError(_("This group is archived: nobody can join it."))
    permissions.check(
        access,
        access.can_join,
        _("This group is not open: ask to join or wait for an invitation."),
    )
    return _add_member(group, user)


@transaction.atomic
def leave_group(*, user: User, group: Group) -> None:
    """Leave a group. The last owner must hand ownership over first."""
    _require_active(user)
    group = _lock_group(group)
    membership = _current_membership(group, user)
    if membership is None:
        return
    if membership.role == Role.OWNER and not (
        Membership.objects.filter(group=group, role=Role.OWNER).exclude(pk=membership.pk).exists()
    ):
        raise ValidationError(
            _(
                "You are this group's only owner. Make another member the owner first, "
                "or delete the group."
            )
        )
    membership.delete()
    _tell_realtime([user.pk])


@transaction.atomic
def remove_member(*, actor: User, group: Group, member: User) -> None:
    """An owner or admin removes someone: their access ends at once."""
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(access, access.can_manage_members)
    target = _current_membership(group, member)
    if target is None:
        raise ValidationError(_("%(name)s is not a member of this group.") % {"name": member})
    if not access.can_remove(target):
        if target.role == Role.OWNER:
            raise ValidationError(
                _("The owner cannot be removed: ownership must be handed over first.")
            )
        raise PermissionDenied(_("You may not remove this member."))
    target.delete()
    _tell_realtime([member.pk])


@transaction.atomic
def change_member_role(*, actor: User, group: Group, member: User, role: str) -> Membership:
    """Promote a member to admin, or make an admin a member again."""
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(access, access.can_manage_members)
    if role not in (Role.ADMIN, Role.MEMBER):
        raise ValidationError(_("Choose admin or member."))
    target = _current_membership(group, member)
    if target is None:
        raise ValidationError(_("%(name)s is not a member of this group.") % {"name": member})
    if not access.can_change_role(target):
        if target.role == Role.OWNER:
            raise ValidationError(_("The owner's role changes only when ownership is handed over."))
        raise PermissionDenied(_("You may not change this member's role."))
    if target.role != role:
        target.role = role
        target.save(update_fields=["role"])
        _tell_realtime([member.pk])  # their sockets' per-viewer controls follow the role
    return target


@transaction.atomic
def transfer_ownership(*, actor: User, group: Group, new_owner: User) -> Membership:
    """Make ``new_owner`` (a member) the owner; the previous owner stays as an admin."""
    group = _lock_group(group)
    access = _access(actor, group)
    permissions.check(access, access.can_transfer, _("Only the owner may hand over the group."))
    target = _current_membership(group, new_owner)
    if target is None or not new_owner.is_active:
        raise ValidationError(
            _("%(name)s must be a member of the group to become its owner.") % {"name": new_owner}
        )
    if target.role == Role.OWNER:
        return target
    previous = Membership.objects.filter(group=group, role=Role.OWNER)
    if access.is_owner:
        previous = previous.filter(user=actor)
    previous_ids = list(previous.values_list("user_id", flat=True))
    previous.update(role=Role.ADMIN)
    target.role = Role.OWNER
    target.save(update_fields=["role"])
    _tell_realtime([*previous_ids, new_owner.pk])
    return target


# --- Join requests (closed groups) ---------------------------------------------------


@transaction.atomic
def request_to_join(*, user: User, group: Group, message: str = "") -> JoinRequest:
    """Ask to join a closed group, with an optional message to its admins."""
    _require_active(user)
    group = _lock_group(group)
    access = _access(user, group)
    if access.is_member:
        raise ValidationError(_("You are already a member of this group."))
    if access.pending_request is not None:
        return access.pending_request
    if access.is_invited and access.can_see_group:
        raise ValidationError(
            _("You are invited to this group: accept the invitation on your groups page.")
        )
    permissions.check(access, access.can_request, _("This group does not take requests to join."))
    join_request = JoinRequest.objects.create(
        group=group, user=user, message=_clean_message(message, "message")
    )
    for admin in permissions.group_admins(group.pk):
        notifications.notify(
            recipient=admin, verb=GROUP_JOIN_REQUESTED, actor=user, target=join_request
        )
    return join_request


@transaction.atomic
def cancel_join_request(*, user: User, group: Group) -> None:
    _require_active(user)
    group = _lock_group(group)
    pending = _close_pending_requests(
        JoinRequest.objects.filter(group=group, user=user),
        status=RequestStatus.CANCELLED,
        decided_at=timezone.now(),
    )
    _discard_notifications(*pending)  # the admins' "asked to join"


def _decide(actor: User, join_request: JoinRequest) -> tuple[Group, JoinRequest]:
    group = _lock_group(join_request.group)
    access = _access(actor, group)
    permissions.check(
        access, access.can_decide_requests, _("Only the group's admins decide on requests.")
    )
    pending = _pending_request(join_request.pk)
    if pending is None or pending.group_id != group.pk:
        raise ValidationError(_("This request was already handled."))
    return group, pending


@transaction.atomic
def approve_join_request(*, actor: User, join_request: JoinRequest, reason: str = "") -> Membership:
    """A group admin lets the requester in (exactly once, even if two admins click)."""
    group, pending = _decide(actor, join_request)
    reason = _clean_message(reason, "reason")
    pending.status = RequestStatus.APPROVED
    pending.decided_by = actor
    pending.decided_at = timezone.now()
    pending.reason = reason
    pending.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    _request_answered(pending)
    membership = _current_membership(group, pending.user)
    if membership is not None:
        return membership
    if not pending.user.is_active:
        raise ValidationError(_("This account is no longer active."))
    membership = _add_member(group, pending.user)
    notifications.notify(
        recipient=pending.user, verb=GROUP_REQUEST_APPROVED, actor=actor, target=group
    )
    return membership


@transaction.atomic
def decline_join_request(*, actor: User, join_request: JoinRequest, reason: str = "") -> None:
    """A group admin says no, optionally with a reason the requester will see."""
    _, pending = _decide(actor, join_request)
    pending.status = RequestStatus.DECLINED
    pending.decided_by = actor
    pending.decided_at = timezone.now()
    pending.reason = _clean_message(reason, "reason")
    pending.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    _request_answered(pending)


# --- Invitations ------------------------------------------------------------------------


def _send_invitation_email(invitation_pk: int, link: str) -> None:
    invitation = (
        GroupInvitation.objects.select_related("group", "invited_by", "user")
        .filter(pk=invitation_pk, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        return
    network = get_network()
    recipient = invitation.user.email if invitation.user_id else invitation.email
    language = (invitation.user.language if invitation.user_id else "") or (
        network.default_language
    )
    context = {
        "invitation": invitation,
        "group": invitation.group,
        "inviter": invitation.invited_by,
        "network": network,
        "link": link,
        "for_member": invitation.user_id is not None,
    }
    with override(language):
        subject = render_to_string("groups/email/invitation_subject.txt", context).strip()
        body = render_to_string("groups/email/invitation_message.txt", context)
    EmailMessage(
        subject=f"[{network.name}] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    ).send()


def _check_can_invite(inviter: User, group: Group) -> permissions.GroupAccess:
    access = _access(inviter, group)
    if group.archived and access.can_see_group and access.can_manage:
        raise ValidationError(_("This group is archived: restore it before inviting anyone."))
    permissions.check(access, access.can_invite, _("Only the group's admins may invite."))
    return access


def _invite_existing_member(
    inviter: User, group: Group, member: User, base_url: str
) -> GroupInvitation:
    if _current_membership(group, member) is not None:
        raise ValidationError(
            _("%(name)s is already a member of this group.") % {"name": member.display_name}
        )
    if GroupInvitation.objects.filter(
        group=group, user=member, status=InvitationStatus.PENDING
    ).exists():
        raise ValidationError(_("%(name)s is already invited.") % {"name": member.display_name})
    if JoinRequest.objects.filter(group=group, user=member, status=RequestStatus.PENDING).exists():
        raise ValidationError(
            _("%(name)s has asked to join: approve their request instead.")
            % {"name": member.display_name}
        )
    invitation = GroupInvitation.objects.create(group=group, user=member, invited_by=inviter)
    notifications.notify(recipient=member, verb=GROUP_INVITED, actor=inviter, target=invitation)
    if base_url:
        link = base_url.rstrip("/") + reverse("groups:mine")
        transaction.on_commit(partial(_send_invitation_email, invitation.pk, link))
    return invitation


@transaction.atomic
def invite_member(
    *, inviter: User, group: Group, member: User, base_url: str = ""
) -> GroupInvitation:
    """Invite a member of the network. They see the invitation on their groups
    page (and get an e-mail when ``base_url`` — the site's address — is given)."""
    group = _lock_group(group)
    _check_can_invite(inviter, group)
    if not member.is_active:
        raise ValidationError(_("No active member matches."))
    return _invite_existing_member(inviter, group, member, base_url)


@transaction.atomic
def invite_by_email(*, inviter: User, group: Group, email: str, base_url: str) -> GroupInvitation:
    """Invite someone by e-mail address.

    A member with that address gets a member invitation. Anyone else gets a
    link; signing up through it joins the network and the group at once. The
    link carries a network invitation bound to that address, so it also opens
    sign-up on an invitation-only network (and skips approval, like every
    network invitation). The reply never reveals whether the address belongs
    to a member.
    """
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    group = _lock_group(group)
    _check_can_invite(inviter, group)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if not existing.is_active:
            raise ValidationError({"email": _("This address cannot be invited.")})
        return _invite_existing_member(inviter, group, existing, base_url)
    if GroupInvitation.objects.filter(
        group=group, email=email, user__isnull=True, status=InvitationStatus.PENDING
    ).exists():
        raise ValidationError({"email": _("This address is already invited.")})
    network_invitation = Invitation.objects.create(
        invited_by=inviter, email=email, expires_at=timezone.now() + EMAIL_INVITATION_VALIDITY
    )
    invitation = GroupInvitation.objects.create(
        group=group, email=email, invited_by=inviter, network_invitation=network_invitation
    )
    link = base_url.rstrip("/") + invitation.get_absolute_url()
    transaction.on_commit(partial(_send_invitation_email, invitation.pk, link))
    return invitation


@transaction.atomic
def revoke_group_invitation(*, actor: User, invitation: GroupInvitation) -> None:
    """Withdraw a pending invitation (and the unused network invitation of an e-mail one)."""
    group = _lock_group(invitation.group)
    access = _access(actor, group)
    permissions.check(access, access.can_manage, _("Only the group's admins may do this."))
    invitation = GroupInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        return
    invitation.status = InvitationStatus.REVOKED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    _discard_notifications(invitation)  # the invitee's "invited you"
    if invitation.network_invitation_id:
        Invitation.objects.filter(
            pk=invitation.network_invitation_id, used_at__isnull=True
        ).delete()


@transaction.atomic
def respond_to_invitation(
    *, user: User, invitation: GroupInvitation, accept: bool
) -> Membership | None:
    """The invitee accepts (and joins) or declines."""
    _require_active(user)
    group = _lock_group(invitation.group)
    invitation = GroupInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if invitation is None or not is_addressed_to(invitation, user):
        raise Http404
    if not invitation.is_pending:
        raise ValidationError(_("This invitation was already answered or withdrawn."))
    membership = _current_membership(group, user)
    if not accept:
        invitation.status = InvitationStatus.DECLINED
        invitation.responded_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["status", "responded_at", "user"])
        return membership
    if membership is not None:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.responded_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["status", "responded_at", "user"])
        return membership
    if group.archived:
        raise ValidationError(_("This group is archived: nobody can join it for now."))
    return _add_member(group, user)


@transaction.atomic
def accept_pending_email_invitations(*, user: User) -> list[Membership]:
    """At sign-up: join the groups whose e-mail invitation link brought ``user``.

    Called by the sign-up adapter right after ``register_member``. Proof of
    receipt is the link's network invitation, which ``register_member`` only
    consumes for the address it was sent to. Other invitations to the address
    wait on the member's groups page until the address is verified.
    """
    if not (user.is_authenticated and user.is_active):
        return []
    joined = []
    invitations = GroupInvitation.objects.filter(
        status=InvitationStatus.PENDING,
        user__isnull=True,
        network_invitation__used_by=user,
    ).select_related("group")
    for invitation in invitations:
        group = _lock_group(invitation.group)
        if group.archived:
            continue
        membership = _current_membership(group, user)
        if membership is None:
            membership = _add_member(group, user)
        GroupInvitation.objects.filter(pk=invitation.pk).update(
            status=InvitationStatus.ACCEPTED, responded_at=timezone.now(), user=user
        )
        joined.append(membership)
    return joined
