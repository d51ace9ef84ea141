"""Helpers to open real websockets on the project's ASGI application."""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import Client

from community.activity.actions import record_activity
from community.activity.visibility import MEMBERS
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


@database_sync_to_async
def newest_activity_id() -> int:
    from realtime.templatetags.realtime import newest_activity_id

    return newest_activity_id()


async def open_socket(
    user=None, *, cookie: str | None = None, resume_after: int | str | None = None
):
    """Connect, check the ``hello``, and (optionally) resume; return the socket.

    ``resume_after="now"`` resumes from the newest activity, as a page rendered
    now would."""
    socket = await communicator(user, cookie=cookie)
    connected, code = await socket.connect(timeout=5)
    assert connected, f"refused ({code})"
    hello = await receive(socket)
    assert hello["type"] == "hello"
    if resume_after == "now":
        resume_after = await newest_activity_id()
    if resume_after is not None:
        await socket.send_json_to({"type": "resume", "after": resume_after})
        resumed = await receive(socket)
        assert resumed["type"] == "resumed", resumed
        await receive_resume_state(socket, hello)
    return socket


@database_sync_to_async
def _resume_state_for(viewer: str) -> list[dict]:
    """The current-state messages a resume ends with (e.g. the unread count)."""
    from community.members.models import User
    from realtime.messages import resume_state_messages

    ids = [token.split(":", 1)[1] for token in viewer.split() if token.startswith("user:")]
    user = User.objects.filter(pk=int(ids[0])).first() if ids else None
    return [json.loads(text) for text in resume_state_messages(user)] if user else []


async def receive_resume_state(socket, hello: dict) -> list[dict]:
    """Receive (and return) the state messages that follow ``resumed`` for a member."""
    expected = await _resume_state_for(hello.get("viewer", ""))
    received = [await receive(socket) for _ in expected]
    assert [m["type"] for m in received] == [m["type"] for m in expected], received
    return received


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


# --- data, through the groups' actions ---------------------------------------------


def make_group(owner, *, privacy: str = "closed", name: str | None = None):
    from community.groups.actions import create_group

    return create_group(creator=owner, name=name or f"{privacy.title()} group", privacy=privacy)


def add_member(group, user) -> None:
    """Join an open group; be invited by its owner and accept otherwise."""
    from community.groups import actions
    from community.groups.models import Privacy

    if group.privacy == Privacy.OPEN:
        actions.join_group(user=user, group=group)
        return
    invitation = actions.invite_member(inviter=group.created_by, group=group, member=user)
    actions.respond_to_invitation(user=user, invitation=invitation, accept=True)


def remove_member(group, user) -> None:
    from community.groups.actions import remove_member as remove

    remove(actor=group.created_by, group=group, member=user)


def group_content_audience(group) -> str:
    from community.groups.content import audience_for_group

    return audience_for_group(group)


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
