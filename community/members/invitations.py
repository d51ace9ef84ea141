"""The network invitation a visitor arrived with, kept in their session until sign-up."""

from __future__ import annotations

from django.http import HttpRequest

from community.members.models import Invitation

SESSION_KEY = "entraide_invitation"


def remember_invitation(request: HttpRequest, invitation: Invitation) -> None:
    request.session[SESSION_KEY] = invitation.token


def invitation_from_session(request: HttpRequest) -> Invitation | None:
    token = request.session.get(SESSION_KEY)
    if not token:
        return None
    invitation = Invitation.objects.filter(token=token).first()
    return invitation if invitation is not None and invitation.is_usable else None


def forget_invitation(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
