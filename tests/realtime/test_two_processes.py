"""Two daphne processes sharing PostgreSQL and Redis: an event recorded through
one reaches a socket connected to the other."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client

from tests.conftest import TEST_PASSWORD
from tests.support.daphne import Daphne

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def two_daphnes():
    a = Daphne()
    b = Daphne()
    try:
        a.start()
        b.start()
        yield a, b
    finally:
        a.stop()
        b.stop()


def signed_in_cookie(user) -> str:
    client = Client()
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def open_ws(server: Daphne, cookie: str):
    ws = await websockets.connect(
        f"{server.ws_url}/ws/stream/",
        origin=server.url,
        additional_headers={"Cookie": cookie},
        open_timeout=10,
    )
    assert json.loads(await ws.recv())["type"] == "hello"
    await ws.send(json.dumps({"type": "resume", "after": None}))
    assert json.loads(await ws.recv())["type"] == "resumed"
    # The server processes run the apps' current-state providers: the unread count.
    assert json.loads(await ws.recv()) == {"type": "notifications", "unread": 0}
    return ws


def http_post(server: Daphne, path: str, cookie: str, data: dict) -> tuple[int, bytes]:
    import urllib.parse
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 - a local test server
        server.url + path,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Cookie": cookie, "Referer": server.url + "/"},
        method="POST",
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class NoRedirect(__import__("urllib.request").request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


async def test_activity_recorded_through_a_reaches_a_socket_on_b(
    network, make_member, two_daphnes
) -> None:
    """Alice joins an open group with a request to daphne A (the real view and
    action, which records a ``joined_group`` activity); Bea's socket is on B."""
    from community.groups.actions import create_group

    a, b = two_daphnes
    alice = await database_sync_to_async(make_member)("Alice")
    bea = await database_sync_to_async(make_member)("Bea")
    group = await database_sync_to_async(create_group)(
        creator=bea, name="Jardin partagé", privacy="open"
    )
    alice_cookie = await database_sync_to_async(signed_in_cookie)(alice)
    bea_cookie = await database_sync_to_async(signed_in_cookie)(bea)

    ws = await open_ws(b, bea_cookie)
    try:
        token = await asyncio.to_thread(csrf_token_from, a, alice_cookie)
        status, body = await asyncio.to_thread(
            http_post,
            a,
            f"/groups/{group.slug}/join/",
            f"{alice_cookie}; {settings.CSRF_COOKIE_NAME}={token}",
            {"csrfmiddlewaretoken": token},
        )
        assert status == 302, body
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert (message["type"], message["verb"], message["actor"]) == (
            "activity",
            "joined_group",
            alice.pk,
        )
        assert message["group"] == group.pk
        assert "joined the group" in message["html"]
    finally:
        await ws.close()


def csrf_token_from(server: Daphne, cookie: str) -> str:
    """GET a page as a browser would and read the CSRF cookie it sets."""
    import urllib.request
    from http.cookies import SimpleCookie

    request = urllib.request.Request(server.url + "/home/", headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return jar[settings.CSRF_COOKIE_NAME].value


async def test_logout_through_a_closes_the_socket_on_b(network, make_member, two_daphnes) -> None:
    a, b = two_daphnes
    bea = await database_sync_to_async(make_member)("Bea")
    cookie = await database_sync_to_async(signed_in_cookie)(bea)
    ws = await open_ws(b, cookie)
    token = await asyncio.to_thread(csrf_token_from, a, cookie)
    status, _ = await asyncio.to_thread(
        http_post,
        a,
        "/accounts/logout/",
        f"{cookie}; {settings.CSRF_COOKIE_NAME}={token}",
        {"csrfmiddlewaretoken": token},
    )
    assert status == 302
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd.code == 4401
