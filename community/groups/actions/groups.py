"""Creating, editing, making secret, archiving and deleting a group."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.activity.actions import record_activity
from community.activity.models import Activity
from community.core.images import ImageRules, delete_files_on_commit, process_image
from community.core.slugs import unique_slug
from community.groups import permissions
from community.groups.actions._common import (
    AVATAR_RULES,
    COVER_RULES,
    CREATED_GROUP,
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    RESERVED_SLUGS,
    SLUG_MAX_LENGTH,
    _access,
    _close_pending_requests,
    _discard_notifications,
    _lock_group,
    _tell_realtime,
)
from community.groups.content import (
    audience_for_group,
    check_group_deletable,
    refresh_group_audience,
)
from community.groups.models import (
    Group,
    InvitationStatus,
    JoinRequest,
    Membership,
    Privacy,
    RequestStatus,
    Role,
)
from community.members.models import Invitation, User


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


def suggest_slug(name: str) -> str:
    """A free address derived from ``name`` (``jardin-partage``, ``jardin-partage-2``…)."""
    return unique_slug(
        Group, name, max_length=SLUG_MAX_LENGTH, reserved=RESERVED_SLUGS, fallback="group"
    )


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
