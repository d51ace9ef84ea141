"""The production shape, with the very files of ``deploy/``: Debian's nginx
(``deploy/nginx.conf``, only its ports, certificate and paths replaced by
``deploy/local.py``) over TLS in front of two daphne processes in production
mode, sharing PostgreSQL and Redis (issue 21, point 3)."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import websockets
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client

from tests.conftest import TEST_PASSWORD
from tests.support.daphne import ROOT, Daphne, free_port

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

_spec = importlib.util.spec_from_file_location("deploy_local", ROOT / "deploy" / "local.py")
local = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(local)


def _nginx_or_skip() -> str:
    try:
        return local.nginx_binary()
    except SystemExit as missing:
        if CI:
            pytest.fail(f"{missing} (.ci/run installs it)")
        pytest.skip(str(missing))


def _certificate(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


def test_the_production_config_loads_on_the_distributions_nginx(tmp_path) -> None:
    """``nginx -t`` on deploy/nginx.conf with its TLS server and its redirecting
    server (the "http2 on;" directive of nginx ≥ 1.25.1 stopped 1.22 here)."""
    nginx = _nginx_or_skip()
    config = local.nginx_config(
        workdir=tmp_path,
        port=free_port(),
        redirect_port=free_port(),
        upstreams=["127.0.0.1:1", "127.0.0.1:2"],
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        tls=_certificate(tmp_path),
    )
    assert "least_conn;" in config and "ssl http2;" in config and "return 301" in config
    (tmp_path / "nginx.conf").write_text(config)
    command = [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    checked = subprocess.run(
        [*command, "-e", str(tmp_path / "error.log"), "-t"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_a_config_without_a_line_it_replaces_is_refused(tmp_path) -> None:
    """A change to deploy/nginx.conf that the local run and this test could no
    longer follow fails loudly instead of serving something else."""
    source = tmp_path / "nginx.conf"
    source.write_text((ROOT / "deploy" / "nginx.conf").read_text().replace("/srv/entraide/", "/x/"))
    with pytest.raises(local.ConfigError, match="alias /srv/entraide/staticfiles/"):
        local.nginx_config(
            workdir=tmp_path,
            port=1,
            upstreams=["127.0.0.1:1"],
            static_root=tmp_path,
            media_root=tmp_path,
            source=source,
        )


# --- nginx in front of two daphne processes -------------------------------------------


class Front:
    """nginx over TLS (and its plain-HTTP redirect) in front of two daphnes."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port, self.redirect_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.static_root = workdir / "static"
        self.media_root = workdir / "media"
        self.env = {
            "ENTRAIDE_ENV": "production",
            "SECRET_KEY": settings.SECRET_KEY,  # the test process signs the sessions
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(self.static_root),
            "MEDIA_ROOT": str(self.media_root),
            "MEDIA_ACCEL_REDIRECT": "/protected-media/",
            # nginx redirects plain HTTP (tested below); the processes' own
            # redirect would stop the harness's probe of each port's /healthz.
            "SECURE_SSL_REDIRECT": "false",
        }
        self.daphnes = [Daphne(**self.env), Daphne(**self.env)]
        self.nginx: subprocess.Popen | None = None
        self.tls = ssl.create_default_context()
        self.tls.check_hostname = False
        self.tls.verify_mode = ssl.CERT_NONE

    def start(self) -> Front:
        (self.media_root / "network").mkdir(parents=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env={**os.environ, **self.env, "DATABASE_URL": "sqlite:///:memory:"},
            check=True,
        )
        for daphne in self.daphnes:
            daphne.start()
        config = local.nginx_config(
            workdir=self.workdir,
            port=self.port,
            redirect_port=self.redirect_port,
            upstreams=[f"127.0.0.1:{daphne.port}" for daphne in self.daphnes],
            static_root=self.static_root,
            media_root=self.media_root,
            tls=_certificate(self.workdir),
        )
        self.nginx = local.start_nginx(config, self.workdir)
        local.wait_for(f"http://127.0.0.1:{self.redirect_port}/", self.nginx)
        return self

    def stop(self) -> None:
        if self.nginx and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(10)
        for daphne in self.daphnes:
            daphne.stop()

    def request(self, path: str, *, cookie: str = "", data: dict | None = None, base: str = ""):
        """(status, headers, body) of a request through nginx (or to ``base``)."""
        base = base or self.url
        request = urllib.request.Request(  # noqa: S310 - local test servers
            base + path,
            data=urllib.parse.urlencode(data).encode() if data is not None else None,
            # Straight to a process, say HTTPS as nginx does (and refer to that host: CSRF).
            headers={
                "Cookie": cookie,
                "Referer": f"https://{urllib.parse.urlsplit(base).netloc}/",
                "X-Forwarded-Proto": "https",
            },
        )
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=self.tls), NoRedirect
        )
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def ws_connects(self) -> list[int]:
        return [daphne.log().count('"WSCONNECT /ws/stream/"') for daphne in self.daphnes]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def front():
    _nginx_or_skip()
    # nginx's workers run as another user (nobody, www-data): a folder they can
    # read, as /srv/entraide is on a server (pytest's tmp_path is private).
    workdir = Path(tempfile.mkdtemp(prefix="entraide-front-"))
    workdir.chmod(0o755)
    front = Front(workdir)
    try:
        yield front.start()
    finally:
        front.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def _cookie(user) -> str:
    client = Client()
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _csrf(front: Front, cookie: str) -> str:
    status, headers, _ = front.request("/home/", cookie=cookie)
    assert status == 200
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        if name == settings.CSRF_COOKIE_NAME:
            return rest.split(";")[0]
    raise AssertionError("no CSRF cookie")


async def _open(front: Front, cookie: str):
    ws = await websockets.connect(
        f"wss://127.0.0.1:{front.port}/ws/stream/",
        origin=front.url,
        additional_headers={"Cookie": cookie},
        ssl=front.tls,
        open_timeout=10,
    )
    assert json.loads(await ws.recv())["type"] == "hello"
    await ws.send(json.dumps({"type": "resume", "after": None}))
    assert json.loads(await ws.recv())["type"] == "resumed"
    return ws


async def _posts_heard(ws, seconds: float, expected: set[int] | None = None) -> set[int]:
    """The posts whose activity frames arrive within ``seconds`` (stops early
    once every ``expected`` post was heard)."""
    heard: set[int] = set()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (left := deadline - loop.time()) > 0 and heard != expected:
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), left))
        except TimeoutError:
            break
        if message["type"] == "activity" and message["verb"] == "posted":
            heard.update(int(pk) for pk in re.findall(r'data-object="post:(\d+)"', message["html"]))
    return heard


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
async def test_through_nginx_sockets_spread_over_both_processes_and_posts_reach_them(
    network, make_member, front
) -> None:
    """Six members' sockets through nginx land on both daphnes; a post in a
    secret group made through nginx, then straight to each process, reaches every
    member's socket on either process and no outsider's."""
    from community.groups.actions import create_group, invite_member, respond_to_invitation
    from community.posts.models import Post

    alice = await database_sync_to_async(make_member)("Alice")
    readers = [await database_sync_to_async(make_member)(f"Reader {n}") for n in range(4)]
    outsiders = [await database_sync_to_async(make_member)(f"Outsider {n}") for n in range(2)]

    def setup():
        group = create_group(creator=alice, name="Bureau", privacy="secret")
        for reader in readers:
            invitation = invite_member(inviter=alice, group=group, member=reader)
            respond_to_invitation(user=reader, invitation=invitation, accept=True)
        return group

    group = await database_sync_to_async(setup)()
    reader_sockets = [await _open(front, await database_sync_to_async(_cookie)(r)) for r in readers]
    outsider_sockets = [
        await _open(front, await database_sync_to_async(_cookie)(o)) for o in outsiders
    ]
    try:
        connects = front.ws_connects()
        assert sum(connects) == 6 and min(connects) >= 2, connects  # least_conn spreads them

        cookie = await database_sync_to_async(_cookie)(alice)
        token = await asyncio.to_thread(_csrf, front, cookie)
        cookie = f"{cookie}; {settings.CSRF_COOKIE_NAME}={token}"
        bases = ["", *(daphne.url for daphne in front.daphnes)]  # nginx, then each process
        for n, base in enumerate(bases):
            status, _, body = await asyncio.to_thread(
                front.request,
                "/posts/new/",
                cookie=cookie,
                data={"csrfmiddlewaretoken": token, "group": group.slug, "body": f"Note {n}"},
                base=base,
            )
            assert status == 302, (n, re.findall(rb"<p>[^<]*</p>", body)[:4])
        posts = await database_sync_to_async(
            lambda: set(Post.objects.filter(author=alice).values_list("pk", flat=True))
        )()
        assert len(posts) == 3
        for ws in reader_sockets:
            assert await _posts_heard(ws, 10, posts) == posts
        for ws in outsider_sockets:
            assert await _posts_heard(ws, 0.5) == set()
    finally:
        for ws in reader_sockets + outsider_sockets:
            await ws.close()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_static_and_media_are_served_by_nginx_as_in_production(network, front) -> None:
    hashed = json.loads((front.static_root / "staticfiles.json").read_text())["paths"]
    status, headers, body = front.request(f"/static/{hashed['css/app.css']}")
    assert status == 200 and body == (ROOT / "static" / "css" / "app.css").read_bytes()
    assert headers["Server"].startswith("nginx")
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    status, headers, _ = front.request("/static/css/app.css")  # may change on an upgrade
    assert (status, headers.get_all("Cache-Control")) == (200, ["public, max-age=3600"])
    assert not any("/static/" in daphne.log() for daphne in front.daphnes)  # nginx alone

    (front.media_root / "network" / "logo.txt").write_bytes(b"branding")
    status, headers, body = front.request("/media/network/logo.txt")
    assert (status, body) == (200, b"branding")  # Django decided, nginx streamed it
    assert "X-Accel-Redirect" not in headers
    assert sum(daphne.log().count("/media/network/logo.txt") for daphne in front.daphnes) == 1
    assert front.request("/protected-media/network/logo.txt")[0] == 404  # internal only

    status, headers, _ = front.request("/home/?a=1", base=f"http://127.0.0.1:{front.redirect_port}")
    assert (status, headers["Location"]) == (301, f"{front.url}/home/?a=1")
