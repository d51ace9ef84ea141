"""A PostgreSQL connection lost for real, in-process: the server ends it
(``pg_terminate_backend``, what a restart or a crash does to it), or the
server cannot be reached at all (a port nothing listens on). The errors are
psycopg's own, through Django's wrappers; nothing is mocked."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import connection

from tests.support.daphne import free_port


def _conninfo(settings_dict: dict) -> dict:
    return {
        "host": settings_dict.get("HOST") or "127.0.0.1",
        "port": settings_dict.get("PORT") or 5432,
        "user": settings_dict.get("USER") or "postgres",
        "password": settings_dict.get("PASSWORD") or None,
        "dbname": settings_dict["NAME"],
    }


def drop_connection() -> None:
    """The server ends this thread's database connection now; Django finds out
    at its next query (OperationalError), as after a crash."""
    assert connection.vendor == "postgresql", "needs PostgreSQL"
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(**_conninfo(connection.settings_dict), autocommit=True) as admin:
        ended = admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()[0]
    assert ended, "the backend did not end"


@contextmanager
def connection_dropped_before(sql_fragment: str) -> Iterator[None]:
    """The server ends this thread's connection just before the first query
    whose SQL contains ``sql_fragment`` (the queries before it succeed)."""
    dropped = False

    def wrapper(execute, sql, params, many, context):
        nonlocal dropped
        if not dropped and sql_fragment in sql:
            dropped = True
            drop_connection()
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(wrapper):
            yield
    finally:
        # What Django does at the end of a request (the test client does not).
        connection.close()
    assert dropped, f"no query contained {sql_fragment!r}"


def _close_this_threads_connection() -> None:
    """A sync test's own connection reconnects (and fails) at its next query;
    an async test makes its queries in worker threads."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        connection.close()


def own_backend_pid() -> int:
    """The server process of this thread's connection (for ``keep``)."""
    connection.ensure_connection()
    return connection.connection.info.backend_pid


@contextmanager
def database_unreachable(*, keep: int) -> Iterator[None]:
    """As with PostgreSQL stopped: the server ends the open connections to the
    test database (whichever thread holds them) and new ones are refused
    meanwhile; the test database is back afterwards. ``keep``: the connection
    the test's fixtures and teardown use (``tests.conftest.teardown_pid``)."""
    assert connection.vendor == "postgresql", "needs PostgreSQL"
    saved = {key: connection.settings_dict.get(key) for key in ("HOST", "PORT")}
    _close_this_threads_connection()
    with psycopg.connect(**_conninfo(connection.settings_dict), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
            [connection.settings_dict["NAME"], keep],
        )
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": str(free_port())})
    try:
        yield
    finally:
        _close_this_threads_connection()
        connection.settings_dict.update(saved)
