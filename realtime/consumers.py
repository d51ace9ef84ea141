"""The one websocket endpoint, ``/ws/stream/`` (protocol: realtime/README.md).

The consumer relays; it never runs business logic. What a socket may receive
is decided by the visibility module alone: it joins the channel groups of
``audiences_for(user)`` (which include ``user:<id>``), re-checks every
message's audience against them before sending, and replays missed
activities through ``visible_q``. The client cannot ask to join anything.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import time
from datetime import timedelta
from importlib import import_module
from types import SimpleNamespace

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.activity.models import Activity
from community.activity.visibility import audiences_for, is_active_member, visible_q
from community.core.network import get_network
from community.core.outage import database_unavailable, describe
from community.groups.permissions import admin_group_ids
from community.members.languages import language_for
from realtime import messages as realtime_messages
from realtime.layers import LayerUnavailable
from realtime.publish import channel_group_name, session_fingerprint

logger = logging.getLogger(__name__)

# Close codes (realtime/README.md). Application codes only: daphne refuses
# 1012/1013 after the handshake ("invalid close code") and closes with 1011.
CLOSE_SESSION_ENDED = 4401  # signed out, password changed, suspended, deleted
CLOSE_FORBIDDEN = 4403  # no longer allowed (e.g. the network turned private)
CLOSE_TOO_MANY = 4429  # too many resume requests
# A service the server needs is unavailable (Redis lost or unreachable, the
# database unreachable): retry later, with backoff; resume fills the gap.
CLOSE_UNAVAILABLE = 4503

KNOWN_IDS_LIMIT = 200
# Joining a group (or any new audience) replays its activities of the last
# seconds: those published between the membership's commit and the socket's
# subscription would be missed otherwise.
GAINED_AUDIENCE_REPLAY_SECONDS = 30
GAINED_AUDIENCE_REPLAY_LIMIT = 50


def db(function):
    """Run ORM code off the event loop, in the shared pool rather than Channels'
    single database thread, so that many sockets connecting at once (a reconnect
    storm) are served in parallel."""
    return database_sync_to_async(function, thread_sensitive=False)


RESUMES_PER_MINUTE = 6

# A client frame too large or nested too deep. (1007 would be the standard
# code, but daphne sends only 1000 and 3000–4999 and fails on any other.)
CLOSE_BAD_FRAME = 4400

FRAME_MAX_CHARS = 8192
FRAME_MAX_DEPTH = 32
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


class BadFrame(ValueError):
    """A client frame the socket is closed for (``CLOSE_BAD_FRAME``)."""


def decode_frame(text: str) -> object:
    """The JSON value of a client text frame; ``ValueError`` if it is not JSON,
    ``BadFrame`` if it is longer than ``FRAME_MAX_CHARS`` or nests arrays and
    objects deeper than ``FRAME_MAX_DEPTH``. The depth is counted before
    decoding (outside strings): ``json.loads`` recurses once per level, and a
    few thousand levels — well under 8 KB — end in a ``RecursionError``."""
    if len(text) > FRAME_MAX_CHARS:
        raise BadFrame("frame too large")
    depth = 0
    for char in _JSON_STRING.sub("", text):
        if char in "[{":
            depth += 1
            if depth > FRAME_MAX_DEPTH:
                raise BadFrame("frame nested too deep")
        elif char in "]}":
            depth -= 1
    return json.loads(text)


class RecentKeys:
    """The (type, activity id) pairs already sent on this socket, the newest
    ``size`` of them (a plain dict keeps insertion order; small per socket)."""

    def __init__(self, size: int = 500) -> None:
        self.size = size
        self._keys: dict[int | tuple[str, int], None] = {}

    @staticmethod
    def _key(key: tuple[str, int]) -> int | tuple[str, int]:
        return key[1] if key[0] == "activity" else key

    def __contains__(self, key: tuple[str, int]) -> bool:
        return self._key(key) in self._keys

    def add(self, key: tuple[str, int]) -> None:
        self._keys[self._key(key)] = None
        if len(self._keys) > self.size:
            del self._keys[next(iter(self._keys))]


def _session_store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def _language_for(scope, user) -> str:
    """The language pages use (``NetworkMiddleware``): cookie, then the member's
    stored choice or the network's default (``members.languages.language_for``)."""
    available = dict(settings.LANGUAGES)
    language = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME, "")
    if language in available:
        return language
    if is_active_member(user):
        return language_for(user)
    language = get_network().default_language
    return language if language in available else settings.LANGUAGE_CODE


def _viewer_tokens(user) -> str:
    """What per-viewer controls in pushed HTML are revealed for (data-show-for)."""
    if not is_active_member(user):
        return ""
    tokens = [f"user:{user.pk}"]
    if getattr(user, "is_network_admin", False):
        tokens.append("network-admin")
    admin_groups = admin_group_ids(user).order_by("group_id").values_list("group_id", flat=True)
    tokens += [f"group-admin:{group_id}" for group_id in admin_groups]
    return " ".join(tokens)


class StreamConsumer(AsyncWebsocketConsumer):
    """Joins the channel groups of the viewer's audiences and relays what they carry."""

    # --- connection -----------------------------------------------------------

    async def connect(self) -> None:
        self.user = self.scope.get("user") or AnonymousUser()
        self.audiences: frozenset[str] = frozenset()
        self.channel_groups: set[str] = set()
        self.sent = RecentKeys()
        self.closing = False
        self.resume_times: list[float] = []
        self.lock = asyncio.Lock()
        self.periodic: asyncio.Task | None = None
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None) if self.is_member else None
        self.fingerprint = session_fingerprint(self.session_key) if self.session_key else None

        # AuthMiddleware has checked the session: an active member is accepted at
        # once (the handshake does not wait for the database under a reconnect
        # storm); a visitor only once the network is known to be public.
        if self.is_member and self.session_key:
            await self.accept()
        audiences, self.language, self.viewer = await db(self._initial_state)()
        if not audiences or (self.is_member and not self.session_key):
            await self._close(CLOSE_FORBIDDEN)  # before accept: the handshake fails (403)
            return
        try:
            await self._subscribe(audiences)
        except LayerUnavailable:
            if not self.is_member:
                await self.accept()
            await self._close(CLOSE_UNAVAILABLE)
            return
        if not self.is_member:
            await self.accept()
        await self._send_json({"type": "hello", "viewer": self.viewer})
        self.periodic = asyncio.ensure_future(self._revalidate_periodically())

    async def accept(self, subprotocol=None, headers=None) -> None:
        self.accepted = True
        await super().accept(subprotocol, headers)

    async def dispatch(self, message: dict) -> None:
        """A database outage while handling a message (the first queries, a
        resume, a re-check) closes the socket with 4503, "retry later", and
        logs one line; the socket's subscriptions are released as usual."""
        try:
            await super().dispatch(message)
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            if getattr(self, "closing", False):
                return  # already closing: nothing left to tell the client
            logger.warning(
                "realtime: database unavailable (%s); socket closed with %s",
                describe(exc),
                CLOSE_UNAVAILABLE,
            )
            if not getattr(self, "accepted", False):
                await self.accept()
            await self._close(CLOSE_UNAVAILABLE)

    @property
    def is_member(self) -> bool:
        return is_active_member(self.user)

    def _initial_state(self) -> tuple[frozenset[str], str, str]:
        audiences = audiences_for(self.user)
        return audiences, _language_for(self.scope, self.user), _viewer_tokens(self.user)

    async def disconnect(self, code: int) -> None:
        self.closing = True
        if getattr(self, "periodic", None) is not None:
            self.periodic.cancel()
        for group in list(getattr(self, "channel_groups", ())):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:  # the layer may be down: nothing left to clean there
                logger.debug("realtime: group_discard failed on disconnect", exc_info=True)
        self.channel_groups = set()

    async def _close(self, code: int) -> None:
        if not self.closing:
            self.closing = True
            await self.close(code=code)

    async def _send_json(self, message: dict) -> None:
        await self._send_text(json.dumps(message, separators=(",", ":")))

    async def _send_text(self, text: str) -> None:
        if not self.closing:
            await self.send(text_data=text)

    # --- subscriptions ----------------------------------------------------------

    async def _subscribe(self, audiences: frozenset[str]) -> None:
        """Join the channel groups of ``audiences`` and leave the others."""
        async with self.lock:
            # Filtering follows the new audiences at once; groups follow.
            self.audiences = frozenset(audiences)
            wanted = {channel_group_name(audience) for audience in audiences}
            for group in sorted(self.channel_groups - wanted):
                self.channel_groups.discard(group)
                await self.channel_layer.group_discard(group, self.channel_name)
            for group in sorted(wanted - self.channel_groups):
                self.channel_groups.add(group)
                await self.channel_layer.group_add(group, self.channel_name)

    async def realtime_resubscribe(self, event: dict) -> None:
        """The member's memberships changed (``subscriptions_changed``)."""
        await self._revalidate()

    async def realtime_revalidate(self, event: dict) -> None:
        """Logout, password change, suspension… (``user_sessions_ended``)."""
        if self.fingerprint and event.get("session") == self.fingerprint:
            await self._close(CLOSE_SESSION_ENDED)
            return
        await self._revalidate()

    async def _revalidate(self) -> None:
        if self.closing:
            return
        valid, audiences, viewer = await db(self._check)()
        if not valid or not audiences:
            await self._close(CLOSE_SESSION_ENDED if self.session_key else CLOSE_FORBIDDEN)
            return
        gained = audiences - self.audiences
        try:
            await self._subscribe(audiences)
        except LayerUnavailable:
            await self._close(CLOSE_UNAVAILABLE)
            return
        if gained:
            # What was published to a new audience between the membership's commit
            # and this subscription never reached this socket: replay the recent past.
            for item in await db(self._recent_in)(gained):
                await self._relay(item)
        if viewer != self.viewer:
            self.viewer = viewer
            await self._send_json({"type": "hello", "viewer": viewer})

    def _check(self) -> tuple[bool, frozenset[str], str]:
        """Is the session still valid? What may the socket receive now?"""
        if self.session_key:
            request = SimpleNamespace(session=_session_store(self.session_key))
            user = auth.get_user(request)
            if not is_active_member(user) or user.pk != self.user.pk:
                return False, frozenset(), ""
            self.user = user
        audiences = audiences_for(self.user)
        return True, audiences, _viewer_tokens(self.user)

    async def _revalidate_periodically(self) -> None:
        interval = settings.REALTIME_REVALIDATE_SECONDS
        while not self.closing:
            await asyncio.sleep(interval * random.uniform(0.8, 1.2))  # noqa: S311 - jitter
            try:
                await self._revalidate()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("realtime: periodic revalidation failed")

    # --- relaying -----------------------------------------------------------------

    async def realtime_event(self, event: dict) -> None:
        """A published message: relay it if its audience is still ours, once."""
        await self._relay(event)

    async def _relay(self, event: dict) -> bool:
        if event["audience"] not in self.audiences:
            return False
        activity_id = event.get("activity")
        if activity_id is not None:
            key = (event["kind"], activity_id)
            if key in self.sent:
                return False
            self.sent.add(key)
        await self._send_text(self._text(event))
        return True

    def _text(self, event: dict) -> str:
        texts = event["text"]
        return texts.get(self.language) or texts.get("") or next(iter(texts.values()))

    async def realtime_overflow(self, event: dict) -> None:
        """This socket fell too far behind: the client must reload its feed."""
        await self._send_json({"type": "reset", "reason": "overflow"})

    async def realtime_layer_down(self, event: dict) -> None:
        """Redis connection lost: whatever is published meanwhile is missed, so
        the client reconnects (with backoff) and resumes from PostgreSQL."""
        await self._close(CLOSE_UNAVAILABLE)

    # --- client messages -------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None:
            return
        try:
            content = decode_frame(text_data)
        except BadFrame:
            await self._close(CLOSE_BAD_FRAME)
            return
        except ValueError:
            return
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "ping":
            await self._send_json({"type": "pong"})
        elif kind == "resume":
            await self._resume(content)

    async def _resume(self, content: dict) -> None:
        now = time.monotonic()
        self.resume_times = [t for t in self.resume_times if now - t < 60] + [now]
        if len(self.resume_times) > RESUMES_PER_MINUTE:
            await self._close(CLOSE_TOO_MANY)
            return
        after = content.get("after")
        if not (after is None or (isinstance(after, int) and not isinstance(after, bool))):
            after = None
        known = content.get("known") or []
        if not isinstance(known, list):
            known = []
        known = sorted(
            {k for k in known if isinstance(k, int) and not isinstance(k, bool) and k > 0}
        )[-KNOWN_IDS_LIMIT:]
        result = await db(self._replay)(after, known)
        if result is None:
            await self._close(CLOSE_SESSION_ENDED if self.session_key else CLOSE_FORBIDDEN)
            return
        audiences, envelopes, state, reset = result
        try:
            await self._subscribe(audiences)
        except LayerUnavailable:
            await self._close(CLOSE_UNAVAILABLE)
            return
        if reset:
            await self._send_json({"type": "reset", "reason": "behind"})
        count = 0
        newest = after
        for item in envelopes:
            if item["audience"] not in self.audiences:
                continue
            key = (item["kind"], item["activity"])
            newest = max(newest or 0, item["activity"])
            if key in self.sent:
                continue
            self.sent.add(key)
            if item["kind"] == "activity":
                count += 1
            await self._send_text(self._text(item))
        await self._send_json(
            {"type": "resumed", "after": after, "newest": newest, "count": count, "reset": reset}
        )
        for text in state:
            await self._send_text(text)

    def _recent_in(self, audiences: frozenset[str]) -> list[dict]:
        """Envelopes of the activities of ``audiences`` from the last moments."""
        since = timezone.now() - timedelta(seconds=GAINED_AUDIENCE_REPLAY_SECONDS)
        ids = list(
            Activity.objects.filter(visible_q(self.user, audiences=audiences), created__gte=since)
            .order_by("-id")
            .values_list("id", flat=True)[:GAINED_AUDIENCE_REPLAY_LIMIT]
        )
        return self._envelopes(sorted(ids))

    def _envelopes(self, ids: list[int]) -> list[dict]:
        cache = realtime_messages.rendered_cache
        cached = {activity_id: cache.get(activity_id) for activity_id in ids}
        missing = [activity_id for activity_id, hit in cached.items() if hit is None]
        if missing:
            activities = (
                Activity.objects.filter(id__in=missing)
                .select_related("actor", "group", "target_type")
                .prefetch_related("target")
            )
            for activity in activities:
                cached[activity.pk] = realtime_messages.envelopes_for(activity)
        return [item for activity_id in ids for item in (cached.get(activity_id) or [])]

    def _replay(
        self, after: int | None, known: list[int]
    ) -> tuple[frozenset[str], list[dict], list[str], bool] | None:
        """Visible activities after ``after`` (and late commits below it), in order."""
        # Session validity is kept by signals and the periodic check; memberships
        # are read again here, so the replay follows them exactly.
        audiences = audiences_for(self.user)
        if not audiences:
            return None
        state = realtime_messages.resume_state_messages(self.user) if self.is_member else []
        if after is None:
            return audiences, [], state, False
        limit = settings.REALTIME_RESUME_LIMIT
        visible = Activity.objects.filter(visible_q(self.user, audiences=audiences))
        newer = list(
            visible.filter(id__gt=after).order_by("id").values_list("id", flat=True)[: limit + 1]
        )
        if len(newer) > limit:
            return audiences, [], state, True
        late: list[int] = []
        if known:
            window = timezone.now() - timedelta(seconds=settings.REALTIME_LATE_COMMIT_SECONDS)
            late = list(
                visible.filter(id__gt=known[0], id__lt=after, created__gte=window)
                .exclude(id__in=known)
                .order_by("id")
                .values_list("id", flat=True)[:limit]
            )
        ids = sorted(set(late) | set(newer))
        return audiences, self._envelopes(ids), state, False
