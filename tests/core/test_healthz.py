"""``/healthz`` for deploy probes: 200 when healthy, 503 naming the failing part."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_healthy(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "up"
    assert set(body["checks"]) == {"database", "cache", "channel_layer", "worker"}


def test_unreachable_cache_is_named(client: Client) -> None:
    dead_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=dead_cache):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["cache"]
    assert body["checks"]["cache"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "up"


def test_unreachable_channel_layer_is_named(client: Client) -> None:
    dead_layer = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [DEAD_REDIS]},
        }
    }
    with override_settings(CHANNEL_LAYERS=dead_layer):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["channel_layer"]


@pytest.mark.redis
def test_real_redis_layer_and_cache_are_up(client: Client, settings) -> None:
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith("RedisPubSubChannelLayer")
    body = client.get("/healthz").json()
    assert body["checks"]["channel_layer"]["status"] == "up"
    assert body["checks"]["cache"]["status"] == "up"
