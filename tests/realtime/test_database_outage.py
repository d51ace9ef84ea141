"""PostgreSQL stopped, then crashed, under a running daphne with live sockets:
``/healthz`` names the database (503), pages answer 503 "try again in a
moment" with one log line each, handshakes and resumes close cleanly with
4503, nothing acknowledged is lost or duplicated, and everything is back
within a second of the restart. In-process tests on a real connection that
is refused cover the consumer's side."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import psycopg
import pytest
import websockets
from channels.db import database_sync_to_async
from django.conf import settings
from django.db import connection, transaction

from realtime.consumers import CLOSE_UNAVAILABLE
from tests.realtime.helpers import (
    assert_closed,
    communicator,
    open_socket,
    receive,
    receive_until,
)
from tests.support.daphne import ROOT, Daphne
from tests.support.database import database_unreachable, drop_connection
from tests.support.services import PostgresCluster

pytestmark = pytest.mark.django_db(transaction=True)


# --- in-process: the consumer and the handshake ---------------------------------------


@pytest.mark.postgres
async def test_a_handshake_while_the_database_is_unreachable_closes_with_4503(
    member, teardown_pid
) -> None:
    """The session lookup (Channels' AuthMiddleware) fails: the socket is
    accepted and closed with 4503 instead of the application crashing."""
    socket = await communicator(member)
    with database_unreachable(keep=teardown_pid):
        connected, _ = await socket.connect(timeout=5)
        assert connected
        await assert_closed(socket, CLOSE_UNAVAILABLE, timeout=5)


@pytest.mark.postgres
async def test_a_resume_while_the_database_is_unreachable_closes_with_4503(
    member, teardown_pid
) -> None:
    socket = await open_socket(member, resume_after="now")
    with database_unreachable(keep=teardown_pid):
        await socket.send_json_to({"type": "resume", "after": 0})
        await assert_closed(socket, CLOSE_UNAVAILABLE, timeout=5)
    await socket.wait(timeout=5)  # the consumer ended cleanly (no exception)


@pytest.mark.postgres
async def test_a_post_committed_just_before_its_rendering_failed_still_reaches_every_socket(
    network, make_member
) -> None:
    """The connection drops between the commit and the live rendering (the
    server ends it in the first commit hook): the post's audience gets a
    ``missed`` message that needs no database, the clients resume, and each of
    the three sockets gets the post. The author's request does not fail (the
    mention's unread-count hook meets the same dead connection)."""
    from community.activity.models import Activity
    from community.posts.actions import create_post
    from community.posts.models import Post

    alice = await database_sync_to_async(make_member)("Alice")
    bea = await database_sync_to_async(make_member)("Bea")
    sockets = [await open_socket(user, resume_after="now") for user in (alice, alice, bea)]

    def post_then_lose_the_connection() -> int:
        try:
            with transaction.atomic():
                transaction.on_commit(drop_connection)  # runs first, right after the commit
                post = create_post(author=alice, body=f"Committed, then cut @{bea.handle}")
            return post.pk
        finally:
            connection.close()

    post_id = await database_sync_to_async(post_then_lose_the_connection)()
    activity_id = await database_sync_to_async(
        lambda: Activity.objects.get(verb="posted", target_id=post_id).pk
    )()
    for socket in sockets:
        assert await receive(socket) == {"type": "missed", "activity": activity_id}
        await socket.send_json_to({"type": "resume", "after": activity_id - 1})
        replayed = [m for m in await receive_until(socket, "resumed") if m["type"] == "activity"]
        assert [m["id"] for m in replayed] == [activity_id]
        assert f'data-object="post:{post_id}"' in replayed[0]["html"]
        await socket.disconnect()
    assert await database_sync_to_async(Post.objects.filter(pk=post_id).count)() == 1


# --- through a running daphne on a throw-away cluster ---------------------------------

SEED = """
import json
from django.conf import settings
from django.test import Client
from community.core.actions import create_network
from community.members.actions import create_account

create_network(name="Entraide", tagline="Outage")
cookies = []
for n in range(2):
    user = create_account(
        email=f"member{n}@example.org",
        password="correct-horse-battery-staple",
        display_name=f"Member {n}",
    )
    client = Client()
    client.force_login(user)
    cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
print("SEED " + json.dumps(cookies))
"""

# daphne's access log: 127.0.0.1:5555 - - [date] "GET /home/" 503 1234
ACCESS_LOG = re.compile(r'^\S+ \S+ \S+ \[[^\]]*\] "')


def manage(database_url: str, *args: str) -> str:
    env = {
        **__import__("os").environ,
        "DJANGO_SETTINGS_MODULE": "community.settings",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def site():
    """A throw-away cluster with a migrated database, two members' session
    cookies, and daphne serving it."""
    cluster = PostgresCluster()  # skips without initdb/pg_ctl, fails under CI=true
    server = None
    try:
        cluster.create()
        cluster.start()
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE entraide")
        url = cluster.url("entraide")
        manage(url, "migrate", "--noinput")
        (line,) = [x for x in manage(url, "shell", "-c", SEED).splitlines() if x[:5] == "SEED "]
        cookies = [f"{settings.SESSION_COOKIE_NAME}={value}" for value in json.loads(line[5:])]
        server = Daphne(DATABASE_URL=url).start()
        yield cluster, server, cookies
    finally:
        if server is not None:
            server.stop()
        cluster.destroy()


def http(server: Daphne, method: str, path: str, cookie: str = "", data: dict | None = None):
    """(status, headers, body) of a request to ``server``; redirects not followed."""
    headers = {"Cookie": cookie, "Referer": server.url + "/"}
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(server.url + path, data=body, headers=headers, method=method)  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_cookie(server: Daphne, cookie: str) -> tuple[str, str]:
    """(cookie header with the CSRF cookie, token), as a browser has them."""
    status, headers, _ = http(server, "GET", "/home/", cookie)
    assert status == 200
    jar = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        jar.load(header)
    token = jar[settings.CSRF_COOKIE_NAME].value
    return f"{cookie}; {settings.CSRF_COOKIE_NAME}={token}", token


async def connect_ws(server: Daphne, cookie: str):
    return await websockets.connect(
        f"{server.ws_url}/ws/stream/",
        origin=server.url,
        additional_headers={"Cookie": cookie},
        open_timeout=10,
    )


async def open_ws(server: Daphne, cookie: str, after: int) -> tuple:
    """A live socket resumed from ``after``: (socket, replayed activity ids)."""
    ws = await connect_ws(server, cookie)
    assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "hello"
    await ws.send(json.dumps({"type": "resume", "after": after}))
    replayed = []
    while (message := json.loads(await asyncio.wait_for(ws.recv(), 5)))["type"] != "resumed":
        if message["type"] == "activity" and message["verb"] == "posted":
            replayed.append(message["id"])
    return ws, replayed


async def next_post(ws) -> int:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        if message["type"] == "activity" and message["verb"] == "posted":
            return message["id"]


async def close_code(ws, timeout: float = 10) -> int:
    with pytest.raises(websockets.ConnectionClosed) as closed:
        while True:
            await asyncio.wait_for(ws.recv(), timeout)
    assert closed.value.rcvd is not None, "closed without a close frame"
    return closed.value.rcvd.code


def application_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.strip() and not ACCESS_LOG.match(line)]


async def test_postgresql_stopped_then_crashed_under_a_running_daphne(site) -> None:
    cluster, server, (alice, bea) = site
    alice_post, token = await asyncio.to_thread(csrf_cookie, server, alice)

    def post(body: str) -> int:
        status, _, _ = http(
            server, "POST", "/posts/new/", alice_post, {"csrfmiddlewaretoken": token, "body": body}
        )
        return status

    # Three live tabs (Alice twice, Bea) and a post everyone sees at once.
    tabs = [alice, alice, bea]
    sockets = [(await open_ws(server, cookie, 0))[0] for cookie in tabs]
    assert await asyncio.to_thread(post, "Before the outage") == 302
    acknowledged = [await next_post(sockets[0])]
    assert [await next_post(ws) for ws in sockets[1:]] == acknowledged * 2

    for mode in ("fast", "immediate"):  # stopped, then crashed
        mark = len(server.log())
        await asyncio.to_thread(cluster.stop, mode)

        status, _, body = await asyncio.to_thread(http, server, "GET", "/healthz", alice)
        assert status == 503, body
        health = json.loads(body)
        assert "database" in health["down"] and health["checks"]["database"]["status"] == "down"

        for path, cookie in (("/home/", alice), ("/", ""), ("/groups/", bea)):
            french = f"{cookie}; {settings.LANGUAGE_COOKIE_NAME}=fr".lstrip("; ")
            status, headers, body = await asyncio.to_thread(http, server, "GET", path, french)
            assert status == 503, (path, body[:500])
            assert headers["Retry-After"] == "5"
            assert '<html lang="fr">' in body and "503" in body
        assert await asyncio.to_thread(post, f"During the {mode} outage") == 503

        # A new handshake, and a resume on an open socket: closed with 4503.
        attempt = await connect_ws(server, alice)
        assert await close_code(attempt) == CLOSE_UNAVAILABLE == 4503
        await sockets[0].send(json.dumps({"type": "resume", "after": acknowledged[-1]}))
        assert await close_code(sockets[0]) == 4503

        await asyncio.sleep(0.5)
        lines = application_lines(server.log()[mark:])
        assert not [line for line in lines if "Traceback" in line or "Exception inside" in line]
        # One line per failed request: the probe's 503 (Django's "Service
        # Unavailable: /healthz"), three pages, the post, the handshake, the resume.
        assert len(lines) == 7, lines
        assert lines.count("Service Unavailable: /healthz") == 1, lines
        assert sum(line.startswith("database unavailable: ") for line in lines) == 4, lines
        assert sum(line.startswith("realtime: database unavailable") for line in lines) == 2

        # Back within a second of the restart: the probe, pages, sockets, posting.
        await asyncio.to_thread(cluster.start)
        started = time.monotonic()
        status, _, body = await asyncio.to_thread(http, server, "GET", "/healthz", alice)
        assert status == 200, body
        assert (await asyncio.to_thread(http, server, "GET", "/home/", alice))[0] == 200
        sockets[0], replayed = await open_ws(server, alice, acknowledged[-1])
        assert replayed == []  # the refused post was not written
        # (about a second; a margin for a loaded machine)
        assert time.monotonic() - started < 3.0
        assert await asyncio.to_thread(post, f"After the {mode} outage") == 302
        acknowledged.append(await next_post(sockets[0]))
        assert [await next_post(ws) for ws in sockets[1:]] == [acknowledged[-1]] * 2

    # Nothing acknowledged lost, nothing duplicated, nothing refused written.
    ws, replayed = await open_ws(server, bea, 0)
    assert replayed == acknowledged and len(set(acknowledged)) == 3
    for socket in [*sockets, ws]:
        await socket.close()
    assert "Exception inside application" not in server.log()
    assert "Traceback" not in server.log()
