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


@pytest.mark.parametrize(
    ("ci", "outcome"), [(True, pytest.fail.Exception), (False, pytest.skip.Exception)]
)
def test_a_missing_server_program_fails_under_ci_and_skips_otherwise(
    monkeypatch, tmp_path, ci, outcome
) -> None:
    """The throw-away servers of the outage tests follow the services' rule
    (``tests.conftest._missing_service``): skipped with a reason, failed under CI."""
    from tests.support.services import PostgresCluster, RedisServer

    monkeypatch.setattr("tests.conftest.CI", ci)
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no redis-server
    with pytest.raises(outcome, match="needs redis-server"):
        RedisServer()
    with pytest.raises(outcome, match="needs initdb"):
        PostgresCluster(bin_dir=tmp_path)
