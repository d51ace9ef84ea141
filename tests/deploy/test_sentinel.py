"""The channel layer through Redis Sentinel (REDIS_SENTINELS): it asks a real
sentinel for the master and carries group messages (issue 21, point 1)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time

import pytest
from django.conf import settings

from tests.support.daphne import ROOT, free_port

pytestmark = [pytest.mark.redis]

CHECK = textwrap.dedent(
    """
    import asyncio, django
    django.setup()
    from django.conf import settings
    from channels.layers import get_channel_layer
    print(settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["sentinels"])
    async def main():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("sentinel-check", channel)
        await layer.group_send("sentinel-check", {"type": "hello", "n": 1})
        print(await asyncio.wait_for(layer.receive(channel), 5))
    asyncio.run(main())
    """
)


def test_the_channel_layer_finds_its_master_through_a_sentinel(tmp_path) -> None:
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server is not installed")
    master = settings.REDIS_URL.rsplit("/", 1)[0].removeprefix("redis://")
    master_host, master_port = master.rsplit(":", 1)
    port = free_port()
    config = tmp_path / "sentinel.conf"
    config.write_text(
        f"port {port}\nbind 127.0.0.1\ndir {tmp_path}\n"
        f"sentinel monitor mymaster {master_host} {master_port} 1\n"
    )
    sentinel = subprocess.Popen([server, str(config), "--sentinel"], stdout=subprocess.DEVNULL)
    try:
        time.sleep(1)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "community.settings",
            # The layer must not use the address of REDIS_URL itself: a closed port.
            "REDIS_URL": f"redis://127.0.0.1:1/{settings.REDIS_URL.rsplit('/', 1)[1]}",
            "REDIS_SENTINELS": f"127.0.0.1:{port}",
            "REDIS_SENTINEL_MASTER": "mymaster",
        }
        run = subprocess.run(
            [sys.executable, "-c", CHECK],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr[-2000:]
        assert f"('127.0.0.1', {port})" in run.stdout
        assert "'type': 'hello', 'n': 1" in run.stdout
    finally:
        sentinel.terminate()
        sentinel.wait(10)
