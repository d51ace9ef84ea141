"""Throw-away servers a test may stop, crash and start again: a redis-server and
a PostgreSQL cluster, each on a free port (never the machine's own services).

A missing program skips the test with a reason, and fails it under ``CI=true``
(``tests.conftest._missing_service``), like the other services.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from tests.conftest import _missing_service
from tests.support.daphne import free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def required_program(name: str, *, directory: Path | None = None, hint: str = "") -> str:
    """The path of program ``name`` (on PATH, or in ``directory``); skip, or
    fail under CI=true, when it is missing."""
    if directory is not None:
        candidate = directory / name
        path = str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None
    else:
        path = shutil.which(name)
    if path is None:
        where = f" in {directory}" if directory is not None else ""
        _missing_service(f"needs {name}{where}" + (f" ({hint})" if hint else ""))
    return path


class RedisServer:
    """A throw-away redis-server this test may stop and start."""

    def __init__(self) -> None:
        self.binary = required_program("redis-server", hint="apt-get install redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


class PostgresCluster:
    """A throw-away PostgreSQL cluster (``initdb``/``pg_ctl``) on a free port.

    The server refuses to run as root: when the tests run as root, its
    programs run as the ``postgres`` user, who owns the cluster's directory.
    """

    def __init__(self, bin_dir: Path = PG_BIN) -> None:
        hint = "apt-get install postgresql"
        self.initdb = required_program("initdb", directory=bin_dir, hint=hint)
        self.pg_ctl = required_program("pg_ctl", directory=bin_dir, hint=hint)
        self.port = free_port()
        self.directory: Path | None = None
        self.running = False

    @property
    def data(self) -> Path:
        assert self.directory is not None
        return self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str, timeout: float = 60) -> None:
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{command} failed: {result.stdout}{result.stderr}")

    def create(self) -> PostgresCluster:
        self.directory = Path(tempfile.mkdtemp(prefix="entraide-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(
            self.initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        return self

    def start(self) -> None:
        # fsync=off only loses data when the machine itself crashes; commits
        # stay synchronous, so an acknowledged commit survives a server crash.
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c full_page_writes=off"
        )
        self._run(
            self.pg_ctl, "-D", str(self.data), "-l", str(self.directory / "server.log"),
            "-o", options, "-w", "-t", "30", "start",
        )  # fmt: skip
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """``fast``: a clean shutdown; ``immediate``: a crash (no shutdown
        checkpoint, the next start runs crash recovery)."""
        self._run(self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")
        self.running = False

    def destroy(self) -> None:
        if self.directory is None:
            return
        if self.running:
            with contextlib.suppress(RuntimeError):
                self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None
