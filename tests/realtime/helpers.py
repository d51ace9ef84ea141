"""Helpers to open real websockets on the project's ASGI application."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.asgi import application

# AllowedHostsOriginValidator reads ALLOWED_HOSTS when community.asgi is imported,
# before the test runner adds "testserver": use a host allowed by default.
ORIGIN = b"http://localhost"


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def communicator(
    user=None, *, origin: bytes | None = ORIGIN, path: str = "/ws/stream/"
) -> WebsocketCommunicator:
    headers = []
    if origin is not None:
        headers.append((b"origin", origin))
    if user is not None:
        cookie = await database_sync_to_async(session_cookie_for)(user)
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, path, headers=headers)
