"""allauth adapter: registration modes, approval and the inactive-account page."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from community.core.models import RegistrationMode
from community.core.network import get_network
from community.core.redirects import is_safe_redirect
from community.members import actions, registration
from community.members.invitations import forget_invitation, invitation_from_session
from community.members.languages import language_for
from community.members.models import User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        network = getattr(request, "network", None) or get_network()
        if network.registration_mode == RegistrationMode.INVITATION:
            return invitation_from_session(request) is not None
        return True

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        member = actions.register_member(
            user=user,
            display_name=form.cleaned_data["display_name"],
            network=getattr(request, "network", None) or get_network(),
            accepted_terms=bool(form.cleaned_data.get("accept_terms")),
            invitation=invitation_from_session(request),
            profile_answers=form.question_values(),
            language=request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
        )
        # What the other apps do for a new member (a group's e-mail invitation
        # link brought them: they join that group too).
        registration.signed_up(user=member)
        forget_invitation(request)
        return member

    def is_safe_url(self, url: str) -> bool:
        """The sign-in, sign-up and sign-out pages' ``next``: the one rule
        (``core.redirects``), not allauth's wider one (any host of
        ``ALLOWED_HOSTS``, plain http from an https page)."""
        request = context.request
        return request is not None and is_safe_redirect(request, url)

    def format_email_subject(self, subject: str) -> str:
        return f"[{get_network().name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """In the recipient's language when the address is a member's
        (``language_for``), else in the language of the page that sent it."""
        context = {"network": get_network(), **context}
        member = context.get("user")
        if not isinstance(member, User) or member.email.lower() != email.lower():
            member = User.objects.filter(email__iexact=email).first()
        if member is None:
            super().send_mail(template_prefix, email, context)
            return
        with translation.override(language_for(member)):
            super().send_mail(template_prefix, email, context)

    def respond_user_inactive(self, request: HttpRequest, user: User) -> HttpResponse:
        return render(
            request,
            "account/account_inactive.html",
            {"inactive_status": user.status},
            status=403,
        )
