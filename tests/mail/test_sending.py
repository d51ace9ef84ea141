"""Outgoing e-mail (issue 16, points 5, 9 and 10): queued by the request, sent
by the worker to a real SMTP server (aiosmtpd, in-process) in batches over
one connection, in the recipient's language, retried with backoff and shown
to network admins when it fails for good."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from community import settings as project_settings
from community.groups import actions as group_actions
from community.mail.actions import queue_email
from community.mail.models import EmailStatus, OutgoingEmail
from community.mail.tasks import send_queued_emails
from tests.support.clients import client_for
from tests.support.daphne import free_port
from tests.support.smtp import parts
from tests.worker.test_worker import run_worker

pytestmark = pytest.mark.django_db

SITE = "https://entraide.example.org"


@pytest.fixture(autouse=True)
def _site(settings) -> None:
    settings.SITE_URL = SITE
    settings.MAIL_RETRY_SECONDS = 0  # each run of the task is the next attempt


@pytest.fixture
def owner(network, make_member):
    return make_member("Olivia Owner")


@pytest.fixture
def group(owner):
    return group_actions.create_group(
        creator=owner, name="Garden", privacy="open", description="We grow <b>beans</b>."
    )


def queue(group, to: str = "someone@example.org", recipient=None, **kwargs) -> OutgoingEmail:
    return queue_email(
        to=to,
        recipient=recipient,
        kind="test",
        template="groups/email/invitation",
        context={
            "group": group,
            "inviter": group.created_by,
            "link": SITE + reverse("groups:mine"),
            "for_member": True,
        },
        **kwargs,
    )


def french_member(make_member, name: str):
    member = make_member(name)
    member.language = "fr"
    member.save(update_fields=["language"])
    return member


def queued_sends() -> int:
    return DBTaskResult.objects.filter(
        task_path=send_queued_emails.module_path, status=TaskResultStatus.READY
    ).count()


def test_a_queued_email_arrives_multipart_with_its_message_id_and_absolute_links(
    smtp_server, group, make_member, django_capture_on_commit_callbacks
) -> None:
    french = french_member(make_member, "Françoise")
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(group, to=french.email, recipient=french)
    assert smtp_server.messages == []  # queuing sends nothing
    assert queued_sends() == 1  # the worker's task, enqueued on commit

    assert send_queued_emails.call() == {"sent": 1}

    [received] = smtp_server.wait_for(1)
    message = received.message
    assert received.envelope_to == [french.email]
    subject = "[Entraide Test] Olivia Owner vous invite à rejoindre Garden"
    assert message["Subject"].strip() == subject
    assert message["Message-ID"] == email.headers["Message-ID"]
    assert re.fullmatch(r"<[0-9a-f]{32}\.test@entraide\.example\.org>", message["Message-ID"])
    body = parts(message)
    assert set(body) == {"text/plain", "text/html"}
    assert "Bonjour" in body["text/plain"] and "Bonjour" in body["text/html"]
    assert f"{SITE}/groups/mine/" in body["text/plain"]
    assert f'href="{SITE}/groups/mine/"' in body["text/html"]
    assert f'href="{SITE}/"' in body["text/html"]  # the network's name links home
    assert "Entraide Test" in body["text/html"]
    assert "<b>beans</b>" not in body["text/html"]  # the content is escaped
    assert "We grow <b>beans</b>." in body["text/plain"]  # and plain text is not
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 0)
    assert email.sent_at is not None


def test_the_layout_carries_the_networks_name_logo_and_colour(smtp_server, group, network) -> None:
    network.logo.name = "network/logo.png"
    network.primary_color = "#aa3300"
    network.save()
    queue(group)
    send_queued_emails.call()
    [received] = smtp_server.wait_for(1)
    html = parts(received.message)["text/html"]
    assert f'src="{SITE}/media/network/logo.png" alt=""' in html  # decorative: the name follows
    assert "background:#aa3300" in html
    assert re.search(rf'<a href="{SITE}/" style="color:#ffffff;[^"]*">Entraide Test</a>', html)


def test_a_batch_of_five_goes_over_one_smtp_connection(
    smtp_server, group, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            queue(group, to=f"reader{n}@example.org")
    assert queued_sends() == 1  # one run sends them all
    assert send_queued_emails.call() == {"sent": 5}
    received = smtp_server.wait_for(5)
    assert sorted(r.envelope_to[0] for r in received) == [
        f"reader{n}@example.org" for n in range(5)
    ]
    assert len(smtp_server.sessions) == 1
    assert smtp_server.ehlo == 1


def test_the_batch_size_bounds_a_connection(smtp_server, group, settings) -> None:
    settings.MAIL_BATCH_SIZE = 2
    for n in range(5):
        queue(group, to=f"reader{n}@example.org")
    assert send_queued_emails.call() == {"sent": 5}
    assert len(smtp_server.wait_for(5)) == 5
    assert len(smtp_server.sessions) == 3


def test_the_same_dedupe_key_stores_one_email(smtp_server, group) -> None:
    first = queue(group, dedupe_key="welcome:42")
    again = queue(group, dedupe_key="welcome:42")
    assert first is not None and again is None
    assert OutgoingEmail.objects.count() == 1
    send_queued_emails.call()
    assert len(smtp_server.wait_for(1)) == 1


def test_an_invalid_address_is_refused_and_nothing_stored(group) -> None:
    with pytest.raises(ValidationError, match="Enter a valid e-mail address"):
        queue(group, to="not an address")
    assert not OutgoingEmail.objects.exists()
    assert queued_sends() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_send_a_row_twice(smtp_server, group, settings) -> None:
    settings.MAIL_BATCH_SIZE = 3
    for n in range(12):
        queue(group, to=f"reader{n}@example.org")
    barrier = threading.Barrier(2)
    results: list[dict] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(send_queued_emails.call())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(result["sent"] for result in results) == 12
    received = sorted(r.envelope_to[0] for r in smtp_server.wait_for(12))
    assert received == sorted(f"reader{n}@example.org" for n in range(12))
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}


def test_smtp_down_the_request_succeeds_then_retries_then_fails_visibly(
    settings, owner, group, network_admin, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.EMAIL_USE_TLS = False
    settings.MAIL_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(
            reverse("groups:invite", args=[group.slug]),
            {"kind": "email", "email-email": "zoe@example.org"},
        )
    assert response.status_code == 302
    email = OutgoingEmail.objects.get()
    assert (email.to, email.status, email.attempts) == ("zoe@example.org", "queued", 0)

    assert queued_sends() == 1
    DBTaskResult.objects.all().delete()  # the worker took it: this is its run
    send_queued_emails.call()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)
    assert "ConnectionRefusedError" in email.last_error
    # The task comes back for it (run_after: the backoff).
    assert queued_sends() == 1

    # With backoff, an early run leaves it alone.
    settings.MAIL_RETRY_SECONDS = 600
    OutgoingEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=10)
    )
    DBTaskResult.objects.all().delete()
    send_queued_emails.call()
    email.refresh_from_db()
    assert email.attempts == 1
    retry = DBTaskResult.objects.get(task_path=send_queued_emails.module_path)
    assert abs(retry.run_after - email.next_attempt_at) < timedelta(seconds=1)

    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=None)
    settings.MAIL_RETRY_SECONDS = 0
    send_queued_emails.call()
    send_queued_emails.call()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 3)
    send_queued_emails.call()  # given up: no more attempts
    email.refresh_from_db()
    assert email.attempts == 3
    # Nothing lost: the row keeps its content.
    assert email.to == "zoe@example.org" and "/invitations/group/" in email.text_body
    assert email.html_body and email.subject.startswith("[Entraide Test]")

    admin = client_for(network_admin)
    page = admin.get(reverse("mail:failed")).content.decode()
    assert "zoe@example.org" in page and "ConnectionRefusedError" in page
    assert "Olivia Owner invites you to join Garden" in page
    assert reverse("mail:retry", args=[email.pk]) in page
    health = admin.get("/healthz").json()["checks"]["worker"]
    assert health["failed_emails"] == 1


def test_an_admin_retries_a_failed_email(
    smtp_server, group, network_admin, django_capture_on_commit_callbacks
) -> None:
    email = queue(group)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED, attempts=5, last_error="SMTPServerDisconnected"
    )
    admin = client_for(network_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("mail:retry", args=[email.pk]))
    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 0)
    assert queued_sends() == 1
    send_queued_emails.call()
    assert len(smtp_server.wait_for(1)) == 1
    assert "No failed e-mails" in admin.get(reverse("mail:failed")).content.decode()


def test_only_network_admins_see_and_retry_failed_emails(member_client, group) -> None:
    email = queue(group)
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.FAILED)
    assert member_client.get(reverse("mail:failed")).status_code == 403
    assert member_client.post(reverse("mail:retry", args=[email.pk])).status_code == 403
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED


def test_the_failed_page_has_an_empty_state(network_admin) -> None:
    page = client_for(network_admin).get(reverse("mail:failed")).content.decode()
    assert "No failed e-mails" in page


def test_a_retried_task_never_sends_a_row_again(smtp_server, group) -> None:
    email = queue(group)
    send_queued_emails.call()
    send_queued_emails.call()  # the same task again, as after a crash
    assert len(smtp_server.wait_for(1)) == 1
    assert len(smtp_server.messages) == 1

    # A row another worker claimed a moment ago is not sent by this one...
    other = queue(group, to="other@example.org")
    OutgoingEmail.objects.filter(pk=other.pk).update(
        status=EmailStatus.SENDING, claimed_at=timezone.now()
    )
    assert send_queued_emails.call() == {"sent": 0}
    # ... unless that worker died long ago: then it goes out once.
    OutgoingEmail.objects.filter(pk=other.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    assert send_queued_emails.call() == {"sent": 1}
    assert [r.envelope_to for r in smtp_server.wait_for(2)] == [
        ["someone@example.org"],
        ["other@example.org"],
    ]
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_the_group_invitation_email_goes_through_the_queue(
    smtp_server, owner, group, make_member, django_capture_on_commit_callbacks
) -> None:
    invitee = french_member(make_member, "Inès")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(
            reverse("groups:invite", args=[group.slug]),
            {"kind": "member", "member-member": invitee.handle},
        )
    assert response.status_code == 302
    assert smtp_server.messages == []  # nothing sent inside the request
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.recipient, email.status) == ("group_invitation", invitee, "queued")
    send_queued_emails.call()
    [received] = smtp_server.wait_for(1)
    assert received.envelope_to == [invitee.email]
    assert "vous invite à rejoindre Garden" in received.message["Subject"]
    assert "http://testserver/groups/mine/" in parts(received.message)["text/plain"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_sends_what_a_request_queued(smtp_server, owner, group) -> None:
    response = client_for(owner).post(
        reverse("groups:invite", args=[group.slug]),
        {"kind": "email", "email-email": "zoe@example.org"},
    )
    assert response.status_code == 302
    assert smtp_server.messages == []
    run = run_worker(env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}?tls=0"})
    assert run.returncode == 0, run.stderr[-2000:]
    [received] = smtp_server.wait_for(1)
    assert received.envelope_to == ["zoe@example.org"]
    assert "/invitations/group/" in parts(received.message)["text/plain"]
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://user%40example.org:p%3Ass@mail.example.org:2525",
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 2525,
                "EMAIL_HOST_USER": "user@example.org",
                "EMAIL_HOST_PASSWORD": "p:ss",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtp://relay?tls=0", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": False}),
        ("smtps://u:p@mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_url_is_parsed(url: str, expected: dict) -> None:
    parsed = project_settings.email_settings(url)
    assert {key: parsed[key] for key in expected} == expected


@pytest.mark.parametrize("url", ["mail.example.org:587", "smtp://", "imap://host"])
def test_a_bad_email_url_is_refused_clearly(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must look like"):
        project_settings.email_settings(url)
