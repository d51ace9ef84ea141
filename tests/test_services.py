"""Under CI the suite runs on the real services, not on the embedded defaults."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql() -> None:
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


@pytest.mark.redis
def test_the_suite_uses_the_redis_channel_layer_and_cache() -> None:
    from channels_redis.pubsub import RedisPubSubChannelLayer
    from django.utils.module_loading import import_string

    backend = import_string(settings.CHANNEL_LAYERS["default"]["BACKEND"])
    assert issubclass(backend, RedisPubSubChannelLayer)
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert settings.CACHES["default"]["KEY_PREFIX"].startswith("test-")
