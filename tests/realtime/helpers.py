"""Helpers to open real websockets on the project's ASGI application."""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import Client

from community.activity.actions import record_activity
from community.activity.visibility import MEMBERS, group_audience
from community.asgi import application

# AllowedHostsOriginValidator reads ALLOWED_HOSTS when community.asgi is imported,
# before the test runner adds "testserver": use a host allowed by default.
ORIGIN = b"http://localhost"
QUIET = 0.3  # seconds to wait when asserting that nothing arrives


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def logged_in_client(user) -> tuple[Client, str]:
    """A test client signed in as ``user`` and the matching cookie header."""
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return client, f"{settings.SESSION_COOKIE_NAME}={value}"


async def communicator(
    user=None,
    *,
    origin: bytes | None = ORIGIN,
    path: str = "/ws/stream/",
    cookie: str | None = None,
) -> WebsocketCommunicator:
    headers = []
    if origin is not None:
        headers.append((b"origin", origin))
    if cookie is None and user is not None:
        cookie = await database_sync_to_async(session_cookie_for)(user)
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, path, headers=headers)


async def open_socket(user=None, *, cookie: str | None = None, resume_after: int | None = None):
    """Connect, check the ``hello``, and (optionally) resume; return the socket."""
    socket = await communicator(user, cookie=cookie)
    connected, code = await socket.connect(timeout=5)
    assert connected, f"refused ({code})"
    hello = await receive(socket)
    assert hello["type"] == "hello"
    if resume_after is not None:
        await socket.send_json_to({"type": "resume", "after": resume_after})
        resumed = await receive(socket)
        assert resumed["type"] == "resumed", resumed
    return socket


async def receive(socket, timeout: float = 3) -> dict:
    return json.loads(await socket.receive_from(timeout=timeout))


async def receive_until(socket, kind: str, timeout: float = 3) -> list[dict]:
    """Messages up to and including the first of type ``kind``."""
    received = []
    while True:
        message = await receive(socket, timeout)
        received.append(message)
        if message["type"] == kind:
            return received


async def assert_silent(socket, wait: float = QUIET) -> None:
    """Nothing arrives on ``socket`` for ``wait`` seconds (the socket stays open)."""
    if not await socket.receive_nothing(timeout=wait, interval=0.02):
        raise AssertionError(f"unexpected message: {await socket.receive_output()}")


async def assert_closed(socket, code: int, timeout: float = 3) -> None:
    output = await socket.receive_output(timeout)
    while output["type"] == "websocket.send":  # messages sent before the close
        output = await socket.receive_output(timeout)
    assert output == {"type": "websocket.close", "code": code}, output


# --- data (through the skeleton models until the groups actions land) ----------


def make_group(owner, *, privacy: str = "closed", name: str | None = None):
    from community.groups.models import Group, Membership, Role

    group = Group.objects.create(
        name=name or f"{privacy.title()} group",
        slug=f"{privacy}-{Group.objects.count() + 1}",
        privacy=privacy,
        created_by=owner,
    )
    Membership.objects.create(group=group, user=owner, role=Role.OWNER)
    return group


def add_member(group, user) -> None:
    from community.groups.models import Membership
    from realtime.publish import subscriptions_changed

    with transaction.atomic():
        Membership.objects.create(group=group, user=user)
        subscriptions_changed(user.pk)


def remove_member(group, user) -> None:
    from community.groups.models import Membership
    from realtime.publish import subscriptions_changed

    with transaction.atomic():
        Membership.objects.filter(group=group, user=user).delete()
        subscriptions_changed(user.pk)


def group_content_audience(group) -> str:
    return MEMBERS if group.privacy == "open" else group_audience(group.pk)


def record(
    actor, *, audience: str = MEMBERS, group=None, verb: str = "updated_profile", target=None
):
    """Record an activity the way actions do (inside a transaction, pushed on commit)."""
    with transaction.atomic():
        return record_activity(
            actor=actor, verb=verb, target=target or actor, audience=audience, group=group
        )


arecord = database_sync_to_async(record)
amake_group = database_sync_to_async(make_group)
aadd_member = database_sync_to_async(add_member)
aremove_member = database_sync_to_async(remove_member)
