"""Real daphne processes on the test database, for multi-process and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_database_url() -> str:
    """The database the test process uses (needs PostgreSQL: a SQLite test
    database lives in memory and cannot be shared)."""
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Daphne:
    """``daphne`` serving ``application`` on a free port, sharing PostgreSQL and Redis
    (and the test run's channel-group prefix) with the test process."""

    def __init__(self, application: str = "community.asgi:application", **env: str) -> None:
        self.application = application
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}"
        self.extra_env = env
        self.process: subprocess.Popen | None = None
        self.log_path = ROOT / f".pytest_cache/daphne-{self.port}.log"

    def start(self) -> Daphne:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "community.settings",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "REDIS_PREFIX": settings.REDIS_PREFIX,
            "ACCOUNT_EMAIL_VERIFICATION": "none",
            "DEBUG": "false",
            # No worker runs beside the test servers: /healthz reports it only.
            "WORKER_REQUIRED": "false",
            "PYTHONPATH": str(ROOT),
            **self.extra_env,
        }
        self.log_path.parent.mkdir(exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                self.application,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited: {self.log_path.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1)  # noqa: S310 - local
                return self
            except urllib.error.HTTPError:
                return self  # it answers (503 if a service is down)
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("daphne did not start in 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
