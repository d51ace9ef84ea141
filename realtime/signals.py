"""Closing sockets when a session ends, wherever it ends.

Logout, password change, password reset and account deletion call
``user_sessions_ended``: the member's sockets re-check their session on the
spot and close (code 4401) unless it is still valid. These receivers only
forward to the realtime layer; they hold no business rule. A suspension is
told by its action (``suspend_member``, through ``community.core.live``), once;
an account made inactive some other way (a shell) is caught by the sockets'
periodic re-check.
"""

from __future__ import annotations

from allauth.account.signals import password_changed, password_reset, password_set
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete
from django.dispatch import receiver

from realtime.publish import user_sessions_ended


@receiver(user_logged_out, dispatch_uid="realtime-logout")
def close_sockets_on_logout(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    session = getattr(request, "session", None)
    user_sessions_ended(user.pk, session_key=getattr(session, "session_key", None))


@receiver(password_changed, dispatch_uid="realtime-password-changed")
@receiver(password_set, dispatch_uid="realtime-password-set")
@receiver(password_reset, dispatch_uid="realtime-password-reset")
def close_sockets_on_password_change(sender, request, user, **kwargs) -> None:
    user_sessions_ended(user.pk)


def close_sockets_of_deleted_account(sender, instance, **kwargs) -> None:
    user_sessions_ended(instance.pk)


def connect() -> None:
    post_delete.connect(
        close_sockets_of_deleted_account, sender=get_user_model(), dispatch_uid="realtime-deleted"
    )
