"""Queue an e-mail: render it in the recipient's language, store it, and let
the worker send it once the transaction commits. A request never talks SMTP."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from community.core.network import get_network
from community.core.permissions import check_network_admin
from community.core.site import absolute_url
from community.core.themes import get_theme, palette_variables
from community.mail.models import EmailStatus, OutgoingEmail
from community.mail.tasks import enqueue_send
from community.members.languages import language_for
from community.members.models import User


def _site_domain() -> str:
    return urlsplit(absolute_url("/")).hostname or "localhost"


def layout_context() -> dict[str, Any]:
    """What ``mail/base.html`` and ``mail/base.txt`` show: the network's name,
    logo (absolute, optional: the e-mail reads the same without it), colours."""
    network = get_network()
    colours = palette_variables(get_theme(network.theme).light, network.primary_color)
    return {
        "network": network,
        "site_url": absolute_url("/"),
        "logo_url": absolute_url(network.logo.url) if network.logo else "",
        "primary": colours["--primary"],
        "on_primary": colours["--on-primary"],
    }


def queue_email(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    kind: str,
    subject: str = "",
    recipient: User | None = None,
    dedupe_key: str = "",
    headers: dict[str, str] | None = None,
    language: str | None = None,
) -> OutgoingEmail | None:
    """Render ``template.txt`` and ``template.html`` (which extend
    ``mail/base.txt`` and ``mail/base.html``) in ``language`` — by default the
    recipient's, else the network's — store the e-mail and have the worker send
    it after commit. ``subject`` may be a lazy translation; when empty it is
    rendered from ``template_subject.txt``. The network's name prefixes it.

    With a ``dedupe_key`` already used, nothing is stored and ``None`` is
    returned: queuing the same e-mail twice sends it once. An invalid ``to``
    raises ``ValidationError`` and stores nothing."""
    try:
        validate_email(to)
    except ValidationError as error:
        raise ValidationError(_("Enter a valid e-mail address.")) from error
    if dedupe_key and OutgoingEmail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    if language is None:
        language = language_for(recipient) if recipient else get_network().default_language
    full_context = {**layout_context(), **context, "recipient": recipient}
    with override(language):
        subject = str(subject) or render_to_string(f"{template}_subject.txt", full_context)
        text = render_to_string(f"{template}.txt", full_context).strip() + "\n"
        html = render_to_string(f"{template}.html", full_context)
    # Stable: stored with the row, so a retried send keeps its Message-ID.
    headers = {"Message-ID": f"<{uuid.uuid4().hex}.{kind}@{_site_domain()}>", **(headers or {})}
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                to=to,
                recipient=recipient,
                kind=kind,
                subject=f"[{full_context['network'].name}] {' '.join(subject.split())}"[:300],
                text_body=text,
                html_body=html,
                headers=headers,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key:  # queued at the same moment by someone else
            return None
        raise
    transaction.on_commit(enqueue_send)
    return email


@transaction.atomic
def retry_email(*, admin: User, email: OutgoingEmail) -> OutgoingEmail:
    """A network admin sends a failed e-mail again (its attempts start over)."""
    check_network_admin(admin)
    updated = OutgoingEmail.objects.filter(pk=email.pk, status=EmailStatus.FAILED).update(
        status=EmailStatus.QUEUED, attempts=0, next_attempt_at=None
    )
    if updated:
        transaction.on_commit(enqueue_send)
    email.refresh_from_db()
    return email
