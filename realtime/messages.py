"""Building the messages the sockets receive (protocol: realtime/README.md).

A message travels through the channel layer inside an *envelope*::

    {"type": "realtime.event",      # the consumer's handler
     "audience": "group:3",         # re-checked by every consumer before sending
     "activity": 17,                # the activity it derives from (or None)
     "kind": "activity",            # the client-facing type
     "text": {"en": "{...}", "fr": "{...}"}}   # JSON text, once per language

The client-facing JSON is encoded once per language here, never per socket:
a consumer picks its language's text and sends it as is. When every language
renders the same text, ``text`` holds one entry under ``""``.

Messages derived from an activity (the ``activity`` message itself and the
*companions* other apps register for a verb with ``community.core.live``, such as ``comment`` for
``commented``) are replayed by ``resume``; state messages
(``notifications`` counts, ``delete``) are not, but ``resume`` ends with the
current state from the registered *resume-state* providers.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.utils import translation

from community.activity.rendering import render_activity
from community.core import live

# Client-facing types that publishers may send (server → client). The consumer
# itself sends "hello", "pong", "resumed" and "reset"; ``realtime.publish``
# sends "missed" (``missed_envelope``).
PUBLISHED_TYPES = frozenset(
    {"activity", "comment", "reaction", "notifications", "delete", "update"}
)


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def check_message(message: dict) -> None:
    if not isinstance(message, dict) or message.get("type") not in PUBLISHED_TYPES:
        raise ValueError(
            f"realtime messages need a type among {sorted(PUBLISHED_TYPES)}: {message!r}"
        )


def localized(build: Callable[[], dict | list[dict] | None]) -> list[dict[str, dict]]:
    """Call ``build`` once per language; return one ``{language: message}`` per message."""
    per_language: dict[str, list[dict]] = {}
    for language in languages():
        with translation.override(language):
            built = build()
        if built is None:
            built = []
        elif isinstance(built, dict):
            built = [built]
        per_language[language] = list(built)
    counts = {len(messages) for messages in per_language.values()}
    if len(counts) != 1:
        raise ValueError("a realtime builder returned a different number of messages per language")
    return [
        {language: messages[index] for language, messages in per_language.items()}
        for index in range(counts.pop())
    ]


def envelope(*, audience: str, messages: dict[str, dict], activity_id: int | None = None) -> dict:
    """Encode a message (one per language) for the channel layer."""
    texts = {
        language: json.dumps(message, ensure_ascii=False, separators=(",", ":"))
        for language, message in messages.items()
    }
    if len(set(texts.values())) == 1:
        texts = {"": next(iter(texts.values()))}
    kind = next(iter(messages.values()))["type"]
    return {
        "type": "realtime.event",
        "audience": audience,
        "activity": activity_id,
        "kind": kind,
        "text": texts,
    }


def missed_envelope(audience: str, activity_id: int) -> dict:
    """``{"type": "missed", "activity": <id>}`` for ``audience``: that activity
    was committed but could not be pushed; the clients send ``resume`` to get
    it. Built without the database (it is what is sent when the database
    failed)."""
    return envelope(
        audience=audience,
        messages={"": {"type": "missed", "activity": activity_id}},
        activity_id=activity_id,
    )


def activity_message(activity) -> dict | None:
    html = render_activity(activity)
    if not html.strip():
        return None
    return {
        "type": "activity",
        "id": activity.pk,
        "verb": activity.verb,
        "actor": activity.actor_id,
        "group": activity.group_id,
        "audience": activity.audience,
        "html": html.strip(),
    }


def build_activity_envelopes(activity) -> list[dict]:
    """Every envelope derived from ``activity``: its feed item and its companions."""
    builders: list[Callable[[], dict | list[dict] | None]] = [lambda: activity_message(activity)]
    for builder in live.companions(activity.verb):
        builders.append(lambda builder=builder: builder(activity))
    envelopes = []
    for build in builders:
        for messages in localized(build):
            for message in messages.values():
                check_message(message)
                message.setdefault("activity", activity.pk)
            envelopes.append(
                envelope(audience=activity.audience, messages=messages, activity_id=activity.pk)
            )
    return envelopes


def resume_state_messages(user) -> list[str]:
    """Current-state messages after a resume (e.g. the unread count), as JSON text."""
    texts = []
    for provider in live.resume_state_providers():
        for message in provider(user) or ():
            check_message(message)
            texts.append(json.dumps(message, ensure_ascii=False, separators=(",", ":")))
    return texts


class RenderedCache:
    """Recently built envelopes by activity id, so that a reconnect storm renders
    each activity once per process rather than once per socket. Short-lived: an
    edited post shows its new text on replays within ``ttl`` seconds."""

    def __init__(self, *, size: int = 1000, ttl: float = 30.0) -> None:
        self.size = size
        self.ttl = ttl
        self._items: OrderedDict[int, tuple[float, list[dict]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, activity_id: int) -> list[dict] | None:
        with self._lock:
            item = self._items.get(activity_id)
            if item is None:
                return None
            if item[0] < time.monotonic():
                del self._items[activity_id]
                return None
            self._items.move_to_end(activity_id)
            return item[1]

    def put(self, activity_id: int, envelopes: list[dict]) -> None:
        with self._lock:
            self._items[activity_id] = (time.monotonic() + self.ttl, envelopes)
            self._items.move_to_end(activity_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


rendered_cache = RenderedCache()


def envelopes_for(activity) -> list[dict]:
    cached = rendered_cache.get(activity.pk)
    if cached is None:
        cached = build_activity_envelopes(activity)
        rendered_cache.put(activity.pk, cached)
    return cached
