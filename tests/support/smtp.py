"""A real SMTP server (aiosmtpd) in the test process, on a free port, that
keeps what it receives and counts its sessions (one per SMTP connection)."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.support.daphne import free_port


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage
    session: int


@dataclass
class SmtpSink:
    port: int
    messages: list[Received] = field(default_factory=list)
    sessions: set[int] = field(default_factory=set)
    ehlo: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self.lock:
            self.ehlo += 1
        return responses

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.sessions.add(id(session))
            self.messages.append(Received(list(envelope.rcpt_tos), message, id(session)))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 30) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.messages)


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpSink]:
    """The SMTP server, and the site's e-mail settings pointing at it."""
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield sink
    finally:
        controller.stop()


def parts(message: EmailMessage) -> dict[str, str]:
    """``{"text/plain": …, "text/html": …}`` of a received message."""
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if not part.is_multipart()
    }
