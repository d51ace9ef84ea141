"""``make run`` starts daphne and the background worker with one command, and
Ctrl+C stops both (issue 16, point 1)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

from tests.support.daphne import ROOT, free_port


def _health(url: str) -> tuple[int, dict] | None:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - local
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)
    except OSError:
        return None


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_make_run_serves_with_a_worker_and_ctrl_c_stops_both(tmp_path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "WORKER_REQUIRED"}
    }
    env |= {
        # The embedded defaults, in a folder of the test's own.
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    try:
        deadline = time.monotonic() + 180
        health = None
        while time.monotonic() < deadline and make.poll() is None:
            health = _health(url)
            if health and health[0] == 200:
                break
            time.sleep(0.5)
        assert health and health[0] == 200, (health, make.poll())
        # 200 only with a worker seen: WORKER_REQUIRED is on by default.
        assert health[1]["checks"]["worker"]["status"] == "up"

        os.killpg(make.pid, signal.SIGINT)  # what Ctrl+C sends to the terminal's group
        make.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _group_alive(make.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _group_alive(make.pid), "a process of make run outlived Ctrl+C"
        assert _health(url) is None
    finally:
        if _group_alive(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
        output = make.stdout.read().decode() if make.stdout else ""
    assert "with the background worker (Ctrl+C stops both)" in output
