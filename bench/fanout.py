"""Fan-out benchmark: N authenticated sockets in one group, on daphne with Redis.

For each N it measures, in the same run and on the same daphne process:

* **relay** — the floor: a bare Channels consumer relaying a ``group_send``
  (``bench/fanout_asgi.py``, never routed in production), payload of the same
  size as the app's post item (measured on a post rendered before the run);
* **app** — ``/ws/stream/``: the author posts in the group through the real
  action, ``community.posts.actions.create_post`` (transaction, PostgreSQL,
  ``publish_activity`` on commit), in an HTTP request to daphne at a fixed
  rate; the post's feed item is rendered once and relayed to every member's
  socket;
* **storm** — all app sockets dropped at once (TCP abort) and reconnected at
  once with ``resume`` while posts keep coming: lost events counted.

Latency is commit (or send) → receipt by the client, p50/p95/p99 over every
(socket, message); also delivered/expected, messages/s, server CPU during the
broadcasts, idle server CPU with all sockets connected, and server memory per
connection. Prints one JSON line.

Usage (PostgreSQL and Redis running; uses its own database, dropped after)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_realtime \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/fanout.py --clients 100,1000 \
    --connect-timeout 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RELAY_IDS = __import__("itertools").count(10_000_000)
POST_NUMBERS = __import__("itertools").count(1)
PAYLOAD = {"size": 700}  # the relay's payload: set to the app's post item size in main()
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def post_body(number: int) -> str:
    """The text of the benchmark's posts (about 200 characters, one hashtag)."""
    return (
        f"Fanout post {number}: the repair café opens on Saturday at ten, bring what "
        "needs fixing (toasters, bikes, lamps) and a cup for the coffee. #bench"
    )


def ms(value: float) -> float:
    return round(value * 1000, 1)


# --- database ---------------------------------------------------------------------


def prepare_database(base_url: str, name: str) -> str:
    parsed = urllib.parse.urlparse(base_url)
    url = parsed._replace(path="/" + name).geturl()
    host, port, user = parsed.hostname or "127.0.0.1", str(parsed.port or 5432), parsed.username
    subprocess.run(["dropdb", "--if-exists", "-h", host, "-p", port, "-U", user, name], check=True)
    subprocess.run(["createdb", "-h", host, "-p", port, "-U", user, name], check=True)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return url


def drop_database(base_url: str, name: str) -> None:
    parsed = urllib.parse.urlparse(base_url)
    subprocess.run(
        [
            "dropdb",
            "--if-exists",
            "-h",
            parsed.hostname or "127.0.0.1",
            "-p",
            str(parsed.port or 5432),
            "-U",
            parsed.username,
            name,
        ],
        check=False,
    )


def seed(readers: int) -> list[str]:
    """The author, ``readers`` members in one closed group, a session cookie each."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from community.core import actions as core_actions
    from community.groups.models import Group, Membership
    from community.members.models import User

    core_actions.create_network(name="Fanout bench", tagline="")
    password = make_password("bench-password-not-used")
    author = User.objects.create(
        email="fanout-author@example.org",
        display_name="Fanout Author",
        handle="fanout-author",
        password=password,
    )
    users = [
        User(
            email=f"reader{i}@example.org",
            display_name=f"Reader {i}",
            name_key=f"reader {i}",  # bulk_create skips save(), which keeps it
            handle=f"reader-{i}",
            password=password,
        )
        for i in range(readers)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(email__startswith="reader").order_by("id"))
    group = Group.objects.create(name="Fanout", slug="fanout", privacy="closed", created_by=author)
    Membership.objects.create(group=group, user=author, role="owner")
    Membership.objects.bulk_create(
        [Membership(group=group, user=user) for user in users], batch_size=1000
    )
    store = SessionStore()
    expire = timezone.now() + timezone.timedelta(days=1)
    sessions, cookies = [], []
    for user in [author, *users]:
        key = secrets.token_hex(16)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expire)
        )
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={key}")
    Session.objects.bulk_create(sessions, batch_size=1000)
    return cookies  # the author's first


def post_item_size() -> int:
    """The HTML size of a benchmark post's feed item, rendered as publish_activity
    does (the post is deleted again; its push, if any, reaches no socket)."""
    from community.activity.models import Activity
    from community.activity.rendering import render_activity
    from community.groups.models import Group
    from community.members.models import User
    from community.posts.actions import create_post, delete_post

    author = User.objects.get(email="fanout-author@example.org")
    post = create_post(author=author, group=Group.objects.get(slug="fanout"), body=post_body(0))
    activity = Activity.objects.get(
        verb="posted", target_type__app_label="posts", target_type__model="post", target_id=post.pk
    )
    size = len(render_activity(activity).strip())
    delete_post(actor=author, post=post)
    return size


# --- the server -------------------------------------------------------------------


class Server:
    def __init__(self, env: dict[str, str], *, connect_timeout: int = 5) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(8)
        self.author_cookie = ""
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "--websocket_connect_timeout",
                str(connect_timeout),
                "bench.fanout_asgi:application",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                **env,
                "BENCH_TOKEN": self.token,
                "LOG_LEVEL": "WARNING",
                "DEBUG": "false",
                "PYTHONPATH": str(ROOT),
            },
            stdout=subprocess.DEVNULL,
            stderr=open(Path(tempfile.gettempdir()) / "entraide-fanout-daphne.log", "wb"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1)  # noqa: S310
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("daphne did not start")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_bytes(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def post(self, path: str, data: dict) -> dict:
        request = urllib.request.Request(  # noqa: S310 - the local benchmark server
            self.url + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"X-Bench-Token": self.token, "Cookie": self.author_cookie},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- clients ----------------------------------------------------------------------


class Client:
    """One socket; remembers when each activity id arrived (first time only)."""

    def __init__(self, server: Server, cookie: str, path: str) -> None:
        self.server, self.cookie, self.path = server, cookie, path
        self.received: dict[int, float] = {}
        self.resets = 0
        self.retries = 0
        self.failed = False
        self.last_error = ""
        self.ws = None
        self.reader: asyncio.Task | None = None

    async def connect(self, *, after: int | None = None, jitter: bool = False) -> None:
        """Connect like static/js/realtime.js: on failure, retry with exponential
        backoff and full jitter (1 s doubling, 30 s cap)."""
        deadline = time.monotonic() + 300
        attempt = 0
        while time.monotonic() < deadline:
            if jitter or attempt:
                ceiling = min(30.0, 2.0 ** min(attempt, 5))
                await asyncio.sleep(max(0.25, random.random() * ceiling))
            try:
                await self._connect_once(after)
                return
            except Exception as exc:  # refused, reset, timed out: retry like the browser
                self.retries += 1
                self.last_error = repr(exc)
                attempt += 1
        self.failed = True  # a browser would keep trying; the benchmark counts it

    async def _connect_once(self, after: int | None) -> None:
        import websockets

        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.server.port}{self.path}",
            origin=self.server.url,
            additional_headers={"Cookie": self.cookie},
            open_timeout=120,
            ping_interval=None,
            max_queue=None,
        )
        if self.path == "/ws/stream/":
            hello = json.loads(await self.ws.recv())
            assert hello["type"] == "hello", hello
            await self.ws.send(json.dumps({"type": "resume", "after": after}))
            while True:
                message = json.loads(await self.ws.recv())
                if message["type"] == "resumed":
                    break
                self._note(message)
        self.reader = asyncio.ensure_future(self._read())

    def _note(self, message: dict) -> None:
        if message.get("type") == "activity":
            self.received.setdefault(message["id"], time.time())
        elif message.get("type") == "reset":
            self.resets += 1

    async def _read(self) -> None:
        import websockets

        try:
            async for raw in self.ws:
                self._note(json.loads(raw))
        except websockets.ConnectionClosed:
            pass

    def last_id(self) -> int:
        return max(self.received, default=0)

    async def close(self) -> None:
        await self.ws.close()
        if self.reader:
            await self.reader

    def drop(self) -> None:
        """Cut the TCP connection without a closing handshake."""
        self.ws.transport.abort()


async def connect_all(
    clients: list[Client], *, concurrency: int = 50, after=None, jitter: bool = False
) -> float:
    started = time.monotonic()
    gate = asyncio.Semaphore(concurrency)

    async def one(client: Client) -> None:
        async with gate:
            await client.connect(after=after(client) if callable(after) else after, jitter=jitter)

    await asyncio.gather(*(one(client) for client in clients))
    return time.monotonic() - started


async def broadcast(server: Server, kind: str, count: int, rate: float) -> dict[int, float]:
    """``count`` messages at ``rate`` per second; returns id → commit/send time."""
    sent: dict[int, float] = {}
    start = time.monotonic()
    for index in range(count):
        delay = start + index / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if kind == "app":
            answer = await asyncio.to_thread(server.post, "/bench/post/", {"n": next(POST_NUMBERS)})
        else:
            answer = await asyncio.to_thread(
                server.post, "/bench/relay/", {"id": next(RELAY_IDS), "size": PAYLOAD["size"]}
            )
        sent[answer["id"]] = answer["t"]
    return sent


async def wait_delivered(clients: list[Client], ids, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    wanted = set(ids)
    while time.monotonic() < deadline:
        if all(wanted <= client.received.keys() for client in clients):
            return
        await asyncio.sleep(0.1)


def latency_stats(clients: list[Client], sent: dict[int, float]) -> dict:
    latencies = [
        client.received[number] - stamp
        for client in clients
        for number, stamp in sent.items()
        if number in client.received
    ]
    delivered = len(latencies)
    expected = len(clients) * len(sent)
    first = min(sent.values())
    last = max((max(c.received.values()) for c in clients if c.received), default=first)
    return {
        "p50_ms": ms(percentile(latencies, 50)),
        "p95_ms": ms(percentile(latencies, 95)),
        "p99_ms": ms(percentile(latencies, 99)),
        "mean_ms": ms(statistics.fmean(latencies)) if latencies else None,
        "delivered": delivered,
        "expected": expected,
        "delivered_ratio": round(delivered / expected, 4) if expected else None,
        "messages_per_s": round(delivered / max(last - first, 1e-6), 1),
    }


def log(*parts) -> None:
    print(time.strftime("%H:%M:%S"), *parts, file=sys.stderr, flush=True)


async def measure(server: Server, kind: str, cookies: list[str], args) -> tuple[dict, list]:
    log(kind, len(cookies), "connecting")
    path = "/ws/stream/" if kind == "app" else "/ws/relay/"
    rss_before = server.rss_bytes()
    clients = [Client(server, cookie, path) for cookie in cookies]
    connect_s = await connect_all(clients, after=None)
    log(kind, len(cookies), f"connected in {connect_s:.1f}s; idle")
    await asyncio.sleep(2)
    rss_connected = server.rss_bytes()
    cpu0, wall0 = server.cpu_seconds(), time.monotonic()
    await asyncio.sleep(args.idle_seconds)
    idle_cpu = (server.cpu_seconds() - cpu0) / (time.monotonic() - wall0)

    warm = await broadcast(server, kind, 2, args.rate)  # templates, connections: not measured
    await wait_delivered(clients, warm, timeout=30)
    cpu0, wall0 = server.cpu_seconds(), time.monotonic()
    log(kind, len(cookies), "broadcasting")
    sent = await broadcast(server, kind, args.broadcasts, args.rate)
    await wait_delivered(clients, sent, timeout=60)
    busy_cpu = (server.cpu_seconds() - cpu0) / (time.monotonic() - wall0)
    result = {
        **latency_stats(clients, sent),
        "connect_s": round(connect_s, 1),
        "server_cpu_broadcast_pct": round(busy_cpu * 100, 1),
        "server_cpu_idle_pct": round(idle_cpu * 100, 2),
        "server_rss_mb": round(rss_connected / 2**20, 1),
        "memory_per_connection_kb": round((rss_connected - rss_before) / len(clients) / 1024, 1),
        "resets": sum(client.resets for client in clients),
        "connect_retries": sum(client.retries for client in clients),
    }
    return result, clients


async def storm(server: Server, clients: list[Client], args) -> dict:
    """Drop every socket at once while activities continue; reconnect all with resume."""
    log("storm", len(clients))
    posting = asyncio.ensure_future(broadcast(server, "app", args.broadcasts, args.rate))
    await asyncio.sleep(1.0)
    resume_from = {id(client): client.last_id() for client in clients}
    for client in clients:
        client.drop()
    await asyncio.gather(*(client.reader for client in clients if client.reader))
    for client in clients:
        client.reader = None
    started = time.monotonic()
    retries_before = sum(client.retries for client in clients)
    await connect_all(
        clients, concurrency=len(clients), after=lambda c: resume_from[id(c)], jitter=True
    )
    reconnect_s = time.monotonic() - started
    sent = await posting
    await wait_delivered(clients, sent, timeout=60)
    back = [client for client in clients if not client.failed]
    lost = sum(1 for client in back for number in sent if number not in client.received)
    return {
        "not_reconnected_in_300s": len(clients) - len(back),
        "posted_during": len(sent),
        "expected": len(sent) * len(clients),
        "lost": lost,
        "resets": sum(client.resets for client in clients),
        "reconnect_all_s": round(reconnect_s, 1),
        "connect_retries": sum(client.retries for client in clients) - retries_before,
    }


async def run_size(start_server, cookies: list[str], n: int, args) -> dict:
    """Each kind on a fresh daphne (same code, settings and Redis), so that memory
    per connection is measured from a clean process."""
    server = start_server()
    try:
        relay, relay_clients = await measure(server, "relay", cookies[:n], args)
        await asyncio.gather(*(client.close() for client in relay_clients))
    finally:
        server.stop()
    server = start_server()
    try:
        app, app_clients = await measure(server, "app", cookies[:n], args)
        storm_result = await storm(server, app_clients, args)
        await asyncio.gather(*(client.close() for client in app_clients))
    finally:
        server.stop()
    return {
        "n": n,
        "relay": relay,
        "app": app,
        "storm": storm_result,
        "p99_ratio_app_to_relay": round(app["p99_ms"] / relay["p99_ms"], 2),
        "p50_ratio_app_to_relay": round(app["p50_ms"] / relay["p50_ms"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clients",
        "--sizes",
        dest="sizes",
        default="100,1000",
        help="numbers of sockets, comma-separated (one run each)",
    )
    parser.add_argument("--broadcasts", type=int, default=20)
    parser.add_argument("--rate", type=float, default=5.0, help="broadcasts per second")
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--database", default="entraide_realtime_bench")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--connect-timeout",
        type=int,
        default=5,
        help="daphne --websocket_connect_timeout in seconds (daphne's default: 5)",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    base_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not base_url or not redis_url:
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    url = prepare_database(base_url, args.database)
    os.environ["DATABASE_URL"] = url
    os.environ["REDIS_PREFIX"] = f"bench-{secrets.token_hex(4)}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
    import django

    django.setup()
    from django.db import connection

    try:
        author_cookie, *cookies = seed(max(sizes))
        PAYLOAD["size"] = post_item_size()
        log("post item", PAYLOAD["size"], "bytes of HTML")
        connection.close()

        def start_server() -> Server:
            env = {
                "DATABASE_URL": url,
                "REDIS_URL": redis_url,
                "REDIS_PREFIX": os.environ["REDIS_PREFIX"],
            }
            server = Server(env, connect_timeout=args.connect_timeout)
            server.author_cookie = author_cookie
            return server

        results = [asyncio.run(run_size(start_server, cookies, n, args)) for n in sizes]
    finally:
        if not args.keep:
            connection.close()
            drop_database(base_url, args.database)
    summary = {
        "benchmark": "fanout",
        "broadcasts": args.broadcasts,
        "rate": args.rate,
        "connect_timeout": args.connect_timeout,
        "results": results,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
