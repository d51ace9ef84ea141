"""A refused permission (403) is logged as one line — method, path, member,
reason — not as a traceback.

Before, Django's ``django.request`` logger recorded every ``PermissionDenied``
with the exception attached (``log_response(..., exception=exc)``), and the
console handler printed its full traceback: a member opening someone else's
edit page filled the console (and daphne's log) with a stack.
"""

from __future__ import annotations

import http.client
import logging

import pytest
from django.conf import settings

from community.posts import actions as post_actions
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(member, make_member):
    return post_actions.create_post(author=make_member("Paula Poster"), body="Mine only")


def request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "django.request"]


def test_a_403_is_logged_as_one_line_without_a_traceback(member, post, caplog) -> None:
    caplog.set_level(logging.INFO)
    response = client_for(member).get(f"/posts/{post.pk}/edit/")
    assert response.status_code == 403
    [record] = request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and not record.exc_text
    line = record.getMessage()
    assert line == (
        f"Forbidden (Permission denied): GET /posts/{post.pk}/edit/ "
        f'user={member.pk} reason="Only the author may edit a post."'
    )
    assert "\n" not in line
    assert "Traceback" not in caplog.text


def test_a_403_without_a_reason_is_one_line_too(member, caplog) -> None:
    caplog.set_level(logging.INFO)
    assert client_for(member).post("/manage/network/", {}).status_code == 403
    [record] = request_records(caplog)
    assert record.exc_info is None
    assert record.getMessage() == (
        f"Forbidden (Permission denied): POST /manage/network/ user={member.pk} reason=-"
    )


def test_other_errors_keep_their_traceback(member, caplog, monkeypatch) -> None:
    """Only refusals lose the traceback: a real failure (500) keeps it."""
    from community.posts import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.selectors, "post_for_viewer", broken)
    client = client_for(member, raise_request_exception=False)
    assert client.get("/posts/1/edit/").status_code == 500
    [record] = [r for r in request_records(caplog) if r.levelno == logging.ERROR]
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_running_daphne_logs_a_403_as_one_line(member, post) -> None:
    from tests.support.daphne import Daphne

    session = client_for(member).cookies[settings.SESSION_COOKIE_NAME].value
    server = Daphne().start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request(
            "GET",
            f"/posts/{post.pk}/edit/",
            headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"},
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == 403
    finally:
        server.stop()
    log = server.log()
    assert "Traceback" not in log, log
    lines = [line for line in log.splitlines() if "Permission denied" in line]
    assert lines == [
        f"Forbidden (Permission denied): GET /posts/{post.pk}/edit/ "
        f'user={member.pk} reason="Only the author may edit a post."'
    ], log
