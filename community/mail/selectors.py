"""What network admins see of outgoing e-mail."""

from __future__ import annotations

from django.db.models import QuerySet

from community.mail.models import EmailStatus, OutgoingEmail


def failed_emails() -> QuerySet[OutgoingEmail]:
    return OutgoingEmail.objects.filter(status=EmailStatus.FAILED).order_by("-created_at", "-pk")
