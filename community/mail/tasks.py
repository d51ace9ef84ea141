"""The worker's half of outgoing e-mail: send what is queued, in batches over
one SMTP connection each, retry with backoff, give up visibly.

Each row is claimed before it is sent (``queued`` → ``sending`` under
``SELECT … FOR UPDATE SKIP LOCKED``), so two workers never send the same row,
and marked ``sent`` right after the server accepted it, so a task retried
after a crash never sends it again. A row left ``sending`` by a worker that
died is queued again after ``MAIL_SENDING_STALE_SECONDS`` (the one case
where an e-mail may go out twice: the worker died between the server's OK and
the update that marks it sent).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from community.mail.models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)


def _due() -> Q:
    return Q(status=EmailStatus.QUEUED) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )


def _claim(limit: int) -> list[OutgoingEmail]:
    now = timezone.now()
    stale = now - timedelta(seconds=settings.MAIL_SENDING_STALE_SECONDS)
    OutgoingEmail.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=stale).update(
        status=EmailStatus.QUEUED
    )
    with transaction.atomic():
        rows = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(_due())
            .order_by("pk")[:limit]
        )
        OutgoingEmail.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=EmailStatus.SENDING, claimed_at=now
        )
    return rows


def _message(email: OutgoingEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers,
        connection=connection,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def _failed(email: OutgoingEmail, error: Exception) -> None:
    """Back to the queue with the error (later and later), or failed for good."""
    attempts = email.attempts + 1
    give_up = attempts >= settings.MAIL_MAX_ATTEMPTS
    delay = settings.MAIL_RETRY_SECONDS * 2 ** (attempts - 1)
    OutgoingEmail.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.FAILED if give_up else EmailStatus.QUEUED,
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=None if give_up else timezone.now() + timedelta(seconds=delay),
    )
    logger.warning("E-mail %s to %s not sent (attempt %s): %s", email.pk, email.to, attempts, error)


def send_batch(rows: list[OutgoingEmail]) -> int:
    """Send ``rows`` (claimed) over one connection; how many were sent."""
    sent = 0
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # the server is down or refuses us: every row waits
        for email in rows:
            _failed(email, error)
        return 0
    try:
        for email in rows:
            try:
                delivered = connection.send_messages([_message(email, connection)])
            except Exception as error:
                _failed(email, error)
                continue
            if not delivered:
                _failed(email, RuntimeError("the e-mail backend sent nothing"))
                continue
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=EmailStatus.SENT, sent_at=timezone.now()
            )
            sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # the messages are sent; a failed QUIT changes nothing
            logger.debug("closing the SMTP connection failed", exc_info=True)
    return sent


def enqueue_send() -> None:
    """Have a worker send what is queued: enqueue the task unless a run of it
    is already waiting (that run will find the new rows: it claims every due
    row when it starts, and it has not started)."""
    waiting = DBTaskResult.objects.ready().filter(task_path=send_queued_emails.module_path)
    if not waiting.exists():
        send_queued_emails.enqueue()


@task()
def send_queued_emails() -> dict[str, int]:
    """Send every due e-mail, ``MAIL_BATCH_SIZE`` per connection; when some
    wait for a retry, enqueue this task again for the earliest of them."""
    sent = 0
    while rows := _claim(settings.MAIL_BATCH_SIZE):
        batch = send_batch(rows)
        sent += batch
        if len(rows) < settings.MAIL_BATCH_SIZE or not batch:
            break
    retry_at = OutgoingEmail.objects.filter(status=EmailStatus.QUEUED).aggregate(
        at=Min("next_attempt_at")
    )["at"]
    waiting = DBTaskResult.objects.filter(
        task_path=send_queued_emails.module_path, status=TaskResultStatus.READY
    )
    if retry_at is not None and not waiting.exists():  # a waiting run re-enqueues itself
        send_queued_emails.using(run_after=retry_at).enqueue()
    return {"sent": sent}
