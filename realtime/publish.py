"""The only place that sends to the channel layer (DESIGN.md §5, realtime/README.md).

Domain code calls these functions through ``transaction.on_commit`` (called
inside a transaction they defer themselves to the commit anyway, and run at
once outside one). They never raise into the caller: with Redis down, the
event is still in PostgreSQL, the failure is logged, and the sockets'
``resume`` fills the gap when they reconnect.

* ``publish_activity(activity_id, audience=)`` — render the activity's partial
  once (per language) and send it, with the companion messages registered for
  its verb, to the activity's audience. When it cannot be rendered after its
  commit (the database connection dropped meanwhile…), the audience gets a
  ``missed`` message instead, which needs no database: the clients ``resume``
  and get it from PostgreSQL.
* ``publish_to_audience(audience, message)`` / ``publish_to_user(user_id,
  message)`` — a state message (``notifications`` count, ``delete``,
  ``reaction`` counts…) for everyone in an audience / one member.
* ``subscriptions_changed(user_id)`` — the member's memberships changed: their
  open sockets recompute their channel groups at once.
* ``user_sessions_ended(user_id, session_key=None)`` — logout, password change,
  suspension, deletion: the member's sockets re-check their session and close
  (code 4401) unless it is still valid; the socket of ``session_key`` closes
  whatever.
* ``audience_changed(audience)`` — who belongs to an audience changed for many
  people at once (the network turned private): its sockets re-check.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from community.activity.models import Activity
from community.core.audiences import user_audience
from community.core.outage import database_unavailable, describe
from realtime import messages as realtime_messages

logger = logging.getLogger(__name__)

__all__ = [
    "audience_changed",
    "channel_group_name",
    "publish_activity",
    "publish_to_audience",
    "publish_to_user",
    "session_fingerprint",
    "subscriptions_changed",
    "user_sessions_ended",
]


def channel_group_name(audience: str) -> str:
    """Channels group names allow only ASCII letters, digits, ``-``, ``_`` and ``.``."""
    return "aud." + audience.replace(":", ".")


def session_fingerprint(session_key: str) -> str:
    """What travels through Redis instead of a session key (a secret)."""
    return hashlib.sha256(f"realtime:{session_key}".encode()).hexdigest()[:32]


def _after_commit(func: Callable[[], None]) -> None:
    transaction.on_commit(func, robust=True)


def _group_send(audience: str, message: dict) -> bool:
    """Send one layer message; log (never raise) when the layer is unavailable."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(channel_group_name(audience), message)
    except Exception as exc:  # Redis down, timeout…: the event stays in PostgreSQL
        logger.warning(
            "realtime: could not publish %s to %s (%s: %s); sockets will resume",
            message.get("kind") or message.get("type"),
            audience,
            type(exc).__name__,
            exc,
        )
        return False
    return True


# --- Activities ---------------------------------------------------------------


def publish_activity(activity_id: int, *, audience: str) -> None:
    """Push a committed activity to its audience's sockets (``audience``: the
    activity's, for the ``missed`` message when rendering fails)."""
    _after_commit(partial(_publish_activity_now, activity_id, audience))


def _publish_activity_now(activity_id: int, audience: str | None = None) -> None:
    try:
        activity = (
            Activity.objects.select_related("actor", "group", "target_type")
            .filter(pk=activity_id)
            .first()
        )
        if activity is None:  # deleted before the commit hook ran
            return
        envelopes = realtime_messages.build_activity_envelopes(activity)
        realtime_messages.rendered_cache.put(activity.pk, envelopes)
    except Exception as exc:
        if database_unavailable(exc):
            logger.warning(
                "realtime: could not render activity %s (%s); its audience is told to resume",
                activity_id,
                describe(exc),
            )
        else:
            logger.exception("realtime: could not render activity %s", activity_id)
        if audience is not None:
            # Committed but not pushed: the sockets fetch it with a resume.
            _group_send(audience, realtime_messages.missed_envelope(audience, activity_id))
        return
    for item in envelopes:
        _group_send(activity.audience, item)


# --- State messages -----------------------------------------------------------


def publish_to_audience(audience: str, message: dict | Callable[[], dict]) -> None:
    """Send a client-facing ``message`` to every socket of ``audience``.

    ``message`` is a dict with a ``type`` among ``activity``, ``comment``,
    ``reaction``, ``notifications``, ``delete``, ``update``; or a callable returning one,
    called once per language (for translated HTML).
    """
    if isinstance(message, dict):
        realtime_messages.check_message(message)
    _after_commit(partial(_publish_to_audience_now, audience, message))


def _publish_to_audience_now(audience: str, message: dict | Callable[[], dict]) -> None:
    try:
        if callable(message):
            built = realtime_messages.localized(message)
            if not built:  # nothing to say any more (e.g. the edited post is gone)
                return
            (per_language,) = built
        else:
            per_language = {"": message}
        for item in per_language.values():
            realtime_messages.check_message(item)
        item = realtime_messages.envelope(audience=audience, messages=per_language)
    except Exception:
        logger.exception("realtime: could not build a message for %s", audience)
        return
    _group_send(audience, item)


def publish_to_user(user_id: int, message: dict | Callable[[], dict]) -> None:
    """Send a client-facing ``message`` to one member's sockets."""
    publish_to_audience(user_audience(user_id), message)


# --- Subscriptions and sessions -----------------------------------------------


def subscriptions_changed(user_id: int) -> None:
    """Tell a user's open sockets to recompute their subscriptions now."""
    _after_commit(partial(_group_send, user_audience(user_id), {"type": "realtime.resubscribe"}))


def user_sessions_ended(user_id: int, session_key: str | None = None) -> None:
    """Close the user's sockets whose session is no longer valid (all of them
    for a suspended or deleted account), and the socket of ``session_key``."""
    message = {
        "type": "realtime.revalidate",
        "session": session_fingerprint(session_key) if session_key else None,
    }
    _after_commit(partial(_group_send, user_audience(user_id), message))


def audience_changed(audience: str) -> None:
    """Every socket subscribed to ``audience`` re-checks what it may receive."""
    _after_commit(partial(_group_send, audience, {"type": "realtime.revalidate", "session": None}))
