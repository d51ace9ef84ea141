"""The one entry point from the apps to open pages (realtime/README.md, "Publishing").

No app under ``community/`` imports Channels or the ``realtime`` package (the
import contracts in ``pyproject.toml`` refuse it): they call the functions
below, which hand over to the *transport* that ``realtime`` installs from its
``AppConfig.ready()`` (``realtime.publish``). Without one (``realtime`` not
installed) they do nothing: the activity stream in the database stays the
source of truth, and pages show it when loaded.

Every function is safe inside a transaction: the transport defers sending to
the commit (nothing is sent on rollback) and never raises into the caller.

The apps also *register* here what realtime asks them for:

* ``@companion("commented")`` — a builder ``(activity) -> message(s) | None``
  whose messages go out with an activity of that verb and are replayed with it
  by ``resume`` (called once per language, that language active);
* ``@resume_state`` — a provider ``(user) -> messages`` of current state (the
  unread count) sent after every ``resume``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from community.core.audiences import user_audience

Message = dict | Callable[[], dict]
Builder = Callable[..., dict | list[dict] | None]


class Transport(Protocol):
    def publish_activity(self, activity_id: int, *, audience: str) -> None: ...

    def publish_to_audience(self, audience: str, message: Message) -> None: ...

    def subscriptions_changed(self, user_id: int) -> None: ...

    def user_sessions_ended(self, user_id: int, session_key: str | None = None) -> None: ...

    def audience_changed(self, audience: str) -> None: ...


_transport: Transport | None = None
_companions: dict[str, list[Builder]] = {}
_resume_state: list[Callable[..., Iterable[dict]]] = []


def install_transport(transport: Transport | None) -> None:
    """Called by ``realtime`` when it is ready (``None`` uninstalls it)."""
    global _transport
    _transport = transport


# --- Sending ------------------------------------------------------------------


def publish_activity(activity_id: int, *, audience: str) -> None:
    """A committed activity goes to its audience's sockets (``record_activity`` calls it)."""
    if _transport is not None:
        _transport.publish_activity(activity_id, audience=audience)


def publish_to_audience(audience: str, message: Message) -> None:
    """A state message (``delete``, ``reaction``, ``update``…) for every socket of
    ``audience``; a callable is called once per language (translated HTML)."""
    if _transport is not None:
        _transport.publish_to_audience(audience, message)


def publish_to_user(user_id: int, message: Message) -> None:
    """A state message for one member's sockets (``notifications`` counts)."""
    publish_to_audience(user_audience(user_id), message)


def subscriptions_changed(user_id: int) -> None:
    """The member's memberships changed: their sockets recompute their audiences."""
    if _transport is not None:
        _transport.subscriptions_changed(user_id)


def user_sessions_ended(user_id: int, session_key: str | None = None) -> None:
    """Logout, password change, suspension, deletion: the member's sockets
    re-check their session and close unless it is still valid."""
    if _transport is not None:
        _transport.user_sessions_ended(user_id, session_key)


def audience_changed(audience: str) -> None:
    """Who belongs to ``audience`` changed for many at once (the network turned
    private): its sockets re-check what they may receive."""
    if _transport is not None:
        _transport.audience_changed(audience)


# --- What the apps register -------------------------------------------------------


def companion(verb: str) -> Callable[[Builder], Builder]:
    """Register ``builder(activity)`` for ``verb`` (see the module docstring)."""

    def register(builder: Builder) -> Builder:
        builders = _companions.setdefault(verb, [])
        if builder not in builders:
            builders.append(builder)
        return builder

    return register


def companions(verb: str) -> list[Builder]:
    return list(_companions.get(verb, ()))


def resume_state(provider: Callable[..., Iterable[dict]]) -> Callable[..., Iterable[dict]]:
    """Register ``provider(user) -> iterable of messages`` sent after every resume."""
    if provider not in _resume_state:
        _resume_state.append(provider)
    return provider


def resume_state_providers() -> list[Callable[..., Iterable[dict]]]:
    return list(_resume_state)
