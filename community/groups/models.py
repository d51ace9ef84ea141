"""Groups, memberships, join requests and invitations.

Rules live in ``permissions.py`` and every write in ``actions.py``; these
models only hold the data and the database constraints that keep it sane
(one membership per member and group, one pending request, one pending
invitation per invitee).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.core.images import picture_version


class Privacy(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    SECRET = "secret", _("Secret")


PRIVACY_HELP = {
    Privacy.OPEN: _("Listed. Every member sees what is shared; anyone may join at once."),
    Privacy.CLOSED: _(
        "Listed with its name, description and member count. Only members see what is "
        "shared and who is in it; people ask to join and an admin approves."
    ),
    Privacy.SECRET: _("Invisible to everyone who is not a member. People join only when invited."),
}


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")


# The roles that run a group (answer requests, invite, moderate, run projects).
ADMIN_ROLES = (Role.OWNER, Role.ADMIN)


GROUP_PICTURES = ("avatar", "cover")


def group_image_path(instance: Group, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"groups/{uuid.uuid4().hex}.{extension}"


class Group(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    avatar = models.ImageField(_("picture"), upload_to=group_image_path, blank=True)
    cover = models.ImageField(_("cover image"), upload_to=group_image_path, blank=True)
    privacy = models.CharField(
        _("privacy"), max_length=8, choices=Privacy.choices, default=Privacy.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", kwargs={"slug": self.slug})

    def picture_url(self, kind: str) -> str:
        """Where the group's ``avatar`` or ``cover`` is served after the group's
        visibility check (``groups:picture``; never ``/media/``: a secret
        group's pictures are as secret as its name); empty when there is none.
        The file's random name in the query string renews browser caches."""
        picture = getattr(self, kind)
        if not picture:
            return ""
        url = reverse("groups:picture", kwargs={"slug": self.slug, "kind": kind})
        return f"{url}?v={picture_version(picture.name)}"

    @property
    def avatar_url(self) -> str:
        return self.picture_url("avatar")

    @property
    def cover_url(self) -> str:
        return self.picture_url("cover")

    @property
    def is_open(self) -> bool:
        return self.privacy == Privacy.OPEN

    @property
    def is_closed(self) -> bool:
        return self.privacy == Privacy.CLOSED

    @property
    def is_secret(self) -> bool:
        return self.privacy == Privacy.SECRET

    @property
    def privacy_help(self) -> str:
        return PRIVACY_HELP[Privacy(self.privacy)]


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")
        ]
        indexes = [models.Index(fields=["user", "group"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_admin(self) -> bool:
        """Owner or admin: may run the group."""
        return self.role in ADMIN_ROLES


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class JoinRequest(models.Model):
    """A member asks to join a closed group; a group admin decides."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_join_requests"
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="one_pending_request_per_group",
            )
        ]
        indexes = [
            models.Index(fields=["group", "status"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.group} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Withdrawn")


def new_group_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class GroupInvitation(models.Model):
    """An invitation to a group: to a member (``user``) or, for someone who is
    not in the network yet, to an e-mail address (``email`` + the link token).

    An e-mail invitation carries a network invitation bound to the same
    address, so its link also opens sign-up on an invitation-only network.
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="group_invitations",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_group_invitation_token)
    network_invitation = models.OneToOneField(
        "members.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_invitation",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""),
                name="group_invitation_has_invitee",
            ),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending", user__isnull=False),
                name="one_pending_invitation_per_member",
            ),
            models.UniqueConstraint(
                fields=["group", "email"],
                condition=Q(status="pending", user__isnull=True),
                name="one_pending_invitation_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["email", "status"]),
            models.Index(fields=["group", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.email} ← {self.group} ({self.status})"

    def get_absolute_url(self) -> str:
        """The link sent by e-mail."""
        return reverse("groups:email_invitation", kwargs={"token": self.token})

    @property
    def picture_url(self) -> str:
        """The group's avatar for whoever holds this invitation's link
        (``groups:invitation_picture``); empty when the group has none."""
        if not self.group.avatar:
            return ""
        url = reverse("groups:invitation_picture", kwargs={"token": self.token})
        return f"{url}?v={picture_version(self.group.avatar.name)}"

    @property
    def is_pending(self) -> bool:
        return self.status == InvitationStatus.PENDING

    @property
    def invitee_label(self) -> str:
        return self.user.display_name if self.user_id else self.email
