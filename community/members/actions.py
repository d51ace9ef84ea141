"""Every write about members and network invitations goes through here."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core.models import Network, RegistrationMode
from community.members.handles import unique_handle
from community.members.models import Invitation, MemberStatus, User

INVITATION_VALIDITY = timedelta(days=30)


@transaction.atomic
def register_member(
    *,
    user: User,
    display_name: str,
    network: Network,
    accepted_terms: bool,
    invitation: Invitation | None = None,
) -> User:
    """Finish a sign-up: the allauth form has set e-mail and password on ``user``.

    Approval mode leaves the account pending (inactive) unless the member came
    with an invitation; invitation mode refuses to go on without a usable one.
    """
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable or (invitation.email and invitation.email != user.email):
            invitation = None
    if network.registration_mode == RegistrationMode.INVITATION and invitation is None:
        raise PermissionDenied(_("This network is open by invitation only."))
    pending = network.registration_mode == RegistrationMode.APPROVAL and invitation is None
    user.display_name = display_name.strip()
    user.handle = unique_handle(user.display_name)
    user.status = MemberStatus.PENDING if pending else MemberStatus.ACTIVE
    user.is_active = not pending
    user.language = network.default_language
    if accepted_terms:
        user.terms_accepted_at = timezone.now()
    user.save()
    if invitation is not None:
        invitation.used_at = timezone.now()
        invitation.used_by = user
        invitation.save(update_fields=["used_at", "used_by"])
    return user


def _set_status(user: User, status: MemberStatus) -> User:
    user.status = status
    user.is_active = status == MemberStatus.ACTIVE
    user.save(update_fields=["status", "is_active"])
    return user


@transaction.atomic
def approve_member(*, admin: User, member: User) -> User:
    """A network admin lets a pending sign-up in."""
    _check_network_admin(admin)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberStatus.PENDING:
        return member
    return _set_status(member, MemberStatus.ACTIVE)


@transaction.atomic
def decline_member(*, admin: User, member: User) -> None:
    """A network admin refuses a pending sign-up: the account is deleted."""
    _check_network_admin(admin)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status == MemberStatus.PENDING:
        member.delete()


@transaction.atomic
def create_invitation(*, inviter: User, email: str = "") -> Invitation:
    _check_network_admin(inviter)
    return Invitation.objects.create(
        invited_by=inviter,
        email=email.strip().lower(),
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )


@transaction.atomic
def revoke_invitation(*, admin: User, invitation: Invitation) -> None:
    _check_network_admin(admin)
    Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).delete()


def _check_network_admin(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.is_network_admin):
        raise PermissionDenied(_("Only network admins may do this."))


@transaction.atomic
def create_account(
    *,
    email: str,
    password: str | None,
    display_name: str,
    is_network_admin: bool = False,
    verified: bool = True,
) -> User:
    """Create a ready-to-use account outside the sign-up form (spinup, demo, tests).

    The e-mail address is recorded as verified for allauth unless ``verified``
    is false; the first network admin also gets the technical Django admin.
    """
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(
        email,
        password,
        display_name=display_name,
        is_network_admin=is_network_admin,
        is_staff=is_network_admin,
        is_superuser=is_network_admin,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user
