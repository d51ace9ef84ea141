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


async def test_a_post_through_the_composer_on_a_reaches_a_socket_on_b(
    network, make_member, two_daphnes
) -> None:
    """Alice posts in a closed group through the composer (a real HTTP POST to
    daphne A: view, form, ``create_post``), then comments under it; Bea, a
    member, has her socket on B. Chris, not a member, hears nothing on B."""
    from community.groups.actions import create_group, invite_member, respond_to_invitation
    from community.posts.models import Comment, Post

    a, b = two_daphnes
    alice = await database_sync_to_async(make_member)("Alice")
    bea = await database_sync_to_async(make_member)("Bea")
    chris = await database_sync_to_async(make_member)("Chris")

    def setup():
        group = create_group(creator=bea, name="Atelier vélo", privacy="closed")
        invitation = invite_member(inviter=bea, group=group, member=alice)
        respond_to_invitation(user=alice, invitation=invitation, accept=True)
        return group

    group = await database_sync_to_async(setup)()
    alice_cookie = await database_sync_to_async(signed_in_cookie)(alice)
    bea_ws = await open_ws(b, await database_sync_to_async(signed_in_cookie)(bea))
    chris_ws = await open_ws(b, await database_sync_to_async(signed_in_cookie)(chris))
    try:
        token = await asyncio.to_thread(csrf_token_from, a, alice_cookie)
        cookie = f"{alice_cookie}; {settings.CSRF_COOKIE_NAME}={token}"
        status, body = await asyncio.to_thread(
            http_post,
            a,
            "/posts/new/",
            cookie,
            {"csrfmiddlewaretoken": token, "group": group.slug, "body": "Pumps fixed #velo"},
        )
        assert status == 302, body
        post = await database_sync_to_async(Post.objects.get)(author=alice)
        message = await next_content(bea_ws)
        assert (message["type"], message["verb"], message["group"]) == (
            "activity",
            "posted",
            group.pk,
        )
        assert f'data-object="post:{post.pk}"' in message["html"]
        assert "Pumps fixed" in message["html"] and "tag:velo" in message["html"]

        status, body = await asyncio.to_thread(
            http_post,
            a,
            f"/posts/{post.pk}/comments/",
            cookie,
            {"csrfmiddlewaretoken": token, "body": "Saturday 10:00"},
        )
        assert status == 302, body
        comment = await database_sync_to_async(Comment.objects.get)(post=post)
        message = await next_content(bea_ws)
        assert (message["type"], message["post"], message["comment"]) == (
            "comment",
            post.pk,
            comment.pk,
        )
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(chris_ws.recv(), 0.5)
    finally:
        await bea_ws.close()
        await chris_ws.close()


async def next_content(ws) -> dict:
    """The next message about content (a bell count may come in between)."""
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        if message["type"] != "notifications":
            return message
