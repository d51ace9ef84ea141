"""``make run PROCESSES=2``: two daphne processes and the worker behind Debian's
nginx, configured from deploy/nginx.conf; Ctrl+C stops everything (issue 21,
point 2). The default ``make run`` (one process, no nginx) is
tests/worker/test_make_run.py."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.deploy.test_nginx import _nginx_or_skip
from tests.support.daphne import ROOT, free_port
from tests.worker.test_make_run import _group_alive

pytestmark = [pytest.mark.redis]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers
    except OSError:
        return None


def _make_run(tmp_path, port: int, **env: str) -> subprocess.Popen:
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "WORKER_REQUIRED"}
    }
    return subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}", "PROCESSES=2"],
        cwd=ROOT,
        env={
            **base,
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "WORKER_HEARTBEAT_SECONDS": "1",
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal gives it
    )


def test_make_run_processes_serves_through_nginx_and_ctrl_c_stops_all(tmp_path) -> None:
    _nginx_or_skip()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    make = _make_run(tmp_path, port, REDIS_URL=settings.REDIS_URL)
    try:
        deadline = time.monotonic() + 180
        answer = None
        while time.monotonic() < deadline and make.poll() is None:
            answer = _get(f"{url}/healthz")
            if answer and answer[0] == 200:
                break
            time.sleep(0.5)
        assert answer and answer[0] == 200, (answer, make.poll())  # worker seen too
        assert answer[1]["Server"].startswith("nginx")
        for process_port in (port + 1, port + 2):  # the two daphnes behind it
            assert _get(f"http://127.0.0.1:{process_port}/healthz")[0] == 200
        static = _get(f"{url}/static/css/app.css")
        assert static[0] == 200 and static[1]["Server"].startswith("nginx")

        os.killpg(make.pid, signal.SIGINT)  # what Ctrl+C sends to the terminal's group
        make.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _group_alive(make.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _group_alive(make.pid), "a process of make run outlived Ctrl+C"
        assert _get(f"{url}/healthz") is None
    finally:
        if _group_alive(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
        output = make.stdout.read().decode() if make.stdout else ""
    assert "nginx in front of 2 daphne processes" in output, output


def test_make_run_processes_without_redis_says_why(tmp_path) -> None:
    make = _make_run(tmp_path, free_port())
    output, _ = make.communicate(timeout=180)
    assert make.returncode != 0
    assert "several processes share live events through Redis: set REDIS_URL" in output.decode()
