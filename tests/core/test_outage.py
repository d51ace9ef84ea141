"""The database unreachable: ``/healthz`` says so, pages answer 503 "try again
in a moment" (self-contained, translated, ``Retry-After``) with one log line,
and nothing is written. In-process on a real PostgreSQL connection that is
refused or ended by the server; ``tests/realtime/test_database_outage.py``
stops a real server under a running daphne."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings

from community.posts.models import Post
from tests.support.clients import client_for
from tests.support.database import connection_dropped_before, database_unreachable

pytestmark = pytest.mark.django_db(transaction=True)


def test_healthz_reads_nothing_but_its_own_check(member, django_assert_num_queries) -> None:
    """Not the session, not the member, not the network row: only ``SELECT 1``
    and the worker's status (its newest heartbeat, its queue's counts, the
    failed e-mails' count that the mail app registers)."""
    client = client_for(member, raise_request_exception=False)
    with django_assert_num_queries(4) as captured:
        response = client.get("/healthz")
    assert response.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    assert sql[0].strip().upper() == "SELECT 1", sql
    for table in ("django_session", "members_user", "core_network"):
        assert not [query for query in sql if table in query], (table, sql)


@pytest.mark.postgres
def test_healthz_names_the_unreachable_database(member, teardown_pid) -> None:
    client = client_for(member, raise_request_exception=False)
    with database_unreachable(keep=teardown_pid):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "down"
    assert body["down"] == ["database"]
    assert body["checks"]["database"]["status"] == "down"


def outage_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.postgres
@pytest.mark.parametrize("path", ["/home/", "/", "/groups/", "/accounts/login/"])
def test_pages_answer_503_try_again_with_one_log_line(member, caplog, path, teardown_pid) -> None:
    client = client_for(member, raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    with database_unreachable(keep=teardown_pid), caplog.at_level(logging.INFO):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert '<html lang="fr">' in html  # the cookie's language: no member, no network row
    assert "503" in html and '<a class="button" href="">' in html  # "Try again": reload
    records = outage_records(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    (record,) = records
    assert record.name == "community.core.outage" and not record.exc_info
    assert record.getMessage().startswith(f"database unavailable: GET {path} answered 503")
    assert "\n" not in record.getMessage()


@pytest.mark.postgres
def test_a_post_while_the_database_is_unreachable_answers_503_and_writes_nothing(
    member, caplog, teardown_pid
) -> None:
    client = client_for(member, raise_request_exception=False)
    with database_unreachable(keep=teardown_pid), caplog.at_level(logging.INFO):
        response = client.post("/posts/new/", {"body": "Lost in the outage?"})
    assert response.status_code == 503
    assert "Try again in a moment" in response.content.decode()
    assert len(outage_records(caplog)) == 1
    assert not Post.objects.exists()


@pytest.mark.postgres
def test_a_connection_lost_inside_a_view_answers_503_with_one_log_line(member, caplog) -> None:
    """The middleware's queries succeed, the server ends the connection before
    the home feed's query: the view's error gets the same 503."""
    client = client_for(member, raise_request_exception=False)
    with connection_dropped_before('FROM "activity_activity"'), caplog.at_level(logging.INFO):
        response = client.get("/home/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    records = outage_records(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].name == "community.core.outage" and not records[0].exc_info
