"""Accounts: registration and approval, network invitations, accounts made by an
admin, suspension and reactivation, and the roles (network admin, technical admin)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core import live
from community.core.models import Network, RegistrationMode
from community.core.permissions import check_network_admin
from community.members.actions.profiles import _save_answers
from community.members.handles import unique_handle
from community.members.languages import site_languages
from community.members.models import (
    AnsweredBy,
    Invitation,
    MemberStatus,
    ProfileQuestion,
    User,
)

INVITATION_VALIDITY = timedelta(days=30)


@transaction.atomic
def register_member(
    *,
    user: User,
    display_name: str,
    network: Network,
    accepted_terms: bool,
    invitation: Invitation | None = None,
    profile_answers: Mapping[ProfileQuestion, Any] | None = None,
    language: str = "",
) -> User:
    """Finish a sign-up: the allauth form has set e-mail and password on ``user``.

    Approval mode leaves the account pending (inactive) unless the member came
    with an invitation; invitation mode refuses to go on without a usable one.
    ``profile_answers`` answers the questions asked at sign-up; an invalid or
    missing required answer raises ValidationError and nothing is written.
    ``language`` (the site language the visitor chose, if any) is stored as the
    member's language; else the network's default.
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
    user.language = language if language in site_languages() else network.default_language
    if accepted_terms:
        user.terms_accepted_at = timezone.now()
    user.save()
    if invitation is not None:
        invitation.used_at = timezone.now()
        invitation.used_by = user
        invitation.save(update_fields=["used_at", "used_by"])
    signup_questions = list(
        ProfileQuestion.objects.filter(
            ask_at_signup=True, answered_by=AnsweredBy.MEMBER
        ).prefetch_related("choices")
    )
    answers = dict(profile_answers or {})
    _save_answers(
        member=user,
        values={question: answers.get(question) for question in signup_questions},
    )
    return user


def _set_status(user: User, status: MemberStatus) -> User:
    user.status = status
    user.is_active = status == MemberStatus.ACTIVE
    user.save(update_fields=["status", "is_active"])
    return user


@transaction.atomic
def approve_member(*, admin: User, member: User) -> User:
    """A network admin lets a pending sign-up in."""
    check_network_admin(admin)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberStatus.PENDING:
        return member
    return _set_status(member, MemberStatus.ACTIVE)


@transaction.atomic
def decline_member(*, admin: User, member: User) -> None:
    """A network admin refuses a pending sign-up: the account is deleted."""
    check_network_admin(admin)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status == MemberStatus.PENDING:
        member.delete()


@transaction.atomic
def create_invitation(*, inviter: User, email: str = "") -> Invitation:
    check_network_admin(inviter)
    return Invitation.objects.create(
        invited_by=inviter,
        email=email.strip().lower(),
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )


@transaction.atomic
def revoke_invitation(*, admin: User, invitation: Invitation) -> None:
    check_network_admin(admin)
    Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).delete()


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


@transaction.atomic
def suspend_member(*, admin: User, member: User) -> User:
    """A network admin suspends a member: they cannot sign in any more, and
    their open sessions stop working at the next request (Django refuses
    inactive users); open websockets are closed once the change is committed."""
    check_network_admin(admin)
    if admin.pk == member.pk:
        raise ValidationError(_("You cannot suspend your own account."))
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status == MemberStatus.SUSPENDED:
        return member
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Only active members can be suspended."))
    _set_status(member, MemberStatus.SUSPENDED)
    # Its open sockets re-check their session once this commits, and close.
    live.user_sessions_ended(member.pk)
    return member


@transaction.atomic
def reactivate_member(*, admin: User, member: User) -> User:
    """Lift a suspension: the member can sign in again."""
    check_network_admin(admin)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.status == MemberStatus.ACTIVE:
        return member
    if member.status != MemberStatus.SUSPENDED:
        raise ValidationError(_("Only suspended members can be reactivated."))
    return _set_status(member, MemberStatus.ACTIVE)


@transaction.atomic
def set_network_admin(*, admin: User, member: User, value: bool) -> User:
    """A network admin gives ``member`` the network admin role, or takes it back.

    Only an active member can be made one, and nobody takes their own role back
    (so that the network always keeps the admin doing it). Once committed, the
    member's open pages recompute what they are shown (the admin controls).
    """
    check_network_admin(admin)
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.is_network_admin == value:
        return member
    if not value and member.pk == admin.pk:
        raise ValidationError(_("You cannot take back your own network admin role."))
    if value and member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Only active members can be made network admins."))
    member.is_network_admin = value
    member.save(update_fields=["is_network_admin"])
    live.subscriptions_changed(member.pk)  # sent once the transaction commits
    return member


@transaction.atomic
def set_technical_admin(*, admin: User, member: User, value: bool) -> User:
    """A technical admin (a superuser) gives ``member`` the Django admin, or
    takes it back: staff and superuser status go together, as for the first
    network admin (``create_account``). Nobody takes their own back."""
    if not (admin.is_active and admin.is_superuser):
        raise PermissionDenied(_("Only technical admins may do this."))
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.is_staff == value and member.is_superuser == value:
        return member
    if not value and member.pk == admin.pk:
        raise ValidationError(_("You cannot take back your own technical admin access."))
    if value and member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Only active members can be made technical admins."))
    member.is_staff = member.is_superuser = value
    member.save(update_fields=["is_staff", "is_superuser"])
    return member


@transaction.atomic
def set_member_password(*, admin: User, member: User, password: str | None) -> User:
    """A technical admin sets ``member``'s password (``None``: password sign-in
    disabled). As after any password change, the member's other sessions end
    and their open sockets close once this commits."""
    if not (admin.is_active and admin.is_superuser):
        raise PermissionDenied(_("Only technical admins may do this."))
    member = User.objects.select_for_update().get(pk=member.pk)
    member.set_password(password)
    member.save(update_fields=["password"])
    live.user_sessions_ended(member.pk)  # sent once the transaction commits
    return member
