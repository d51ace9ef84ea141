"""Shared fixtures. Data is set up through actions, like the application does."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from itertools import count

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from community.core import actions as core_actions
from community.core.models import Network
from community.members.actions import create_account
from community.members.models import User

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TEST_PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config: pytest.Config) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Worker threads (Channels' database_sync_to_async, the live server) must
    # not keep connections open, or the test database cannot be dropped.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    # No background worker runs during the tests (tests/worker starts its
    # own): /healthz reports the worker without answering 503 for it.
    settings.WORKER_REQUIRED = False
    # Parallel runs (and a developer's server) may share one Redis: each run
    # gets its own channel-group and cache-key prefix.
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    settings.REDIS_PREFIX = prefix
    settings.CACHES["default"]["KEY_PREFIX"] = prefix
    if "CONFIG" in settings.CHANNEL_LAYERS["default"]:
        settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = prefix


def _missing_service(reason: str) -> None:
    """Skip a test that needs a service, or fail it under CI=true."""
    if CI:
        pytest.fail(f"{reason} (CI=true: services are required)", pytrace=False)
    pytest.skip(reason)


def redis_available() -> bool:
    if not settings.REDIS_URL:
        return False
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1)
        client.ping()
        client.close()
    except redis.RedisError:
        return False
    return True


@pytest.fixture(autouse=True)
def _required_services(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing_service("needs PostgreSQL: set DATABASE_URL")
    if request.node.get_closest_marker("redis") and not redis_available():
        _missing_service("needs Redis: set REDIS_URL to a running server")


@pytest.fixture
def teardown_pid(transactional_db) -> int:
    """The PostgreSQL server process of the connection the test database's
    teardown uses; ``tests.support.database.database_unreachable`` keeps it."""
    from tests.support.database import own_backend_pid

    return own_backend_pid()


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Rate-limit counters and cached values never leak from one test to the next."""
    _clear_cache()
    yield
    _clear_cache()


def _clear_cache() -> None:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("RedisCache"):
        try:
            client = cache._cache.get_client(None, write=True)
            keys = list(client.scan_iter(f"{cache.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass  # a test that cuts Redis must not break the next one's setup
    else:
        cache.clear()


@pytest.fixture
def network(db) -> Network:
    """A private, open-registration network without terms."""
    return core_actions.create_network(name="Entraide Test", tagline="A test network")


@pytest.fixture
def public_network(network: Network) -> Network:
    network.visibility = "public"
    network.save()
    return network


_emails = count(1)


@pytest.fixture
def make_member(db) -> Callable[..., User]:
    def make(display_name: str | None = None, **kwargs) -> User:
        n = next(_emails)
        return create_account(
            email=kwargs.pop("email", f"member{n}@example.org"),
            password=kwargs.pop("password", TEST_PASSWORD),
            display_name=display_name or f"Member {n}",
            **kwargs,
        )

    return make


@pytest.fixture
def member(network: Network, make_member) -> User:
    return make_member("Alice Martin")


@pytest.fixture
def network_admin(network: Network, make_member) -> User:
    return make_member("Nadia Admin", is_network_admin=True)


@pytest.fixture
def member_client(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def network_admin_client(network_admin: User) -> Client:
    client = Client()
    client.force_login(network_admin)
    return client


@pytest.fixture
def skills(db) -> dict[str, object]:
    """The default taxonomy by slug (reinstalled if a transactional test flushed it)."""
    from community.members.models import Skill
    from community.members.taxonomy import install_default_taxonomy

    install_default_taxonomy()
    return {skill.slug: skill for skill in Skill.objects.select_related("category")}
