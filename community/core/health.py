"""Health of the parts a page needs: database, cache and channel layer; and of
the background worker (community/worker), which pages do not wait for."""

from __future__ import annotations

import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

from community.worker.status import worker_status

CHECK_TIMEOUT_SECONDS = 1.0


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    nonce = uuid.uuid4().hex
    cache.set("healthz", nonce, 10)
    if cache.get("healthz") != nonce:
        raise RuntimeError("the cache did not return what was stored")


def check_channel_layer() -> None:
    config = settings.CHANNEL_LAYERS["default"]
    if config["BACKEND"].endswith("InMemoryChannelLayer"):
        return
    for host in config.get("CONFIG", {}).get("hosts", []):
        address = host if isinstance(host, str) else host.get("address", "")
        client = redis.Redis.from_url(
            address,
            socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
            socket_timeout=CHECK_TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        finally:
            client.close()


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
}


def run_checks() -> dict[str, dict[str, str]]:
    """``{"database": {"status": "up"}, "cache": {"status": "down", "error": "…"}, …}``."""
    results: dict[str, dict[str, str]] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # a health probe reports every failure, whatever it is
            results[name] = {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:200]}
        else:
            results[name] = {"status": "up"}
    return results


def check_worker() -> dict:
    """The worker's heartbeat and queue; ``down`` after ``WORKER_STALE_SECONDS``
    without a heartbeat (or when the database cannot say)."""
    try:
        return worker_status()
    except Exception as exc:  # the database check above names the cause
        return {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:200]}


def health_response() -> JsonResponse:
    """``/healthz``: 200 when every check is up, else 503 naming what is down.
    A worker that is down counts only when ``WORKER_REQUIRED`` (the default)."""
    results: dict[str, dict] = run_checks()
    results["worker"] = check_worker()
    down = [
        name
        for name, result in results.items()
        if result["status"] != "up" and (name != "worker" or settings.WORKER_REQUIRED)
    ]
    body = {"status": "down" if down else "up", "down": down, "checks": results}
    return JsonResponse(body, status=503 if down else 200)
