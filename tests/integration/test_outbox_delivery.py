"""The outbox's promise, tested with real processes: at least once, and a resend is the same
message. A worker is killed with SIGKILL in the instant after the mail server accepted an email
and before the worker could mark it sent; after `requeue_stale_tasks` the next worker sends it
again, with the same Message-ID, and sends every other queued email exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message as EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.integration.test_servers import (
    ROOT,
    Site,
    free_port,
    running_site,
)

# Its processes use the database DATABASE_URL names: it runs in every database pass.
pytestmark = pytest.mark.database

QUEUE_ONE_REQUEST = """
from django.db import transaction
from django.utils import timezone
from contact import emails
from contact.models import ContactRequest
from trials.models import Trial
trial = Trial.objects.get(slug="hlx43-recurrent-metastatic-npc")
with transaction.atomic():
    request = ContactRequest.objects.create(
        trial=trial, site=trial.sites.first(), first_name="Mei", last_name="Chen",
        email="mei.chen@example.org", phone="+8613800138000", consent_text="I agree",
        consented_at=timezone.now(), language="en", form_token="%s",
    )
    emails.queue_emails(request)
print(request.pk)
"""

STATES = (
    "import json; from outbox.models import Message;"
    "print(json.dumps(dict(Message.objects.values_list('key', 'status'))))"
)


class KillOnFirstMessage:
    """An SMTP peer that keeps what it receives; the first time, it kills the sending worker
    after storing the message and before answering, as a crash at that instant would."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.worker_pid: int | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(message_from_bytes(envelope.content))
        if self.worker_pid is not None:
            os.kill(self.worker_pid, signal.SIGKILL)
            self.worker_pid = None
        return "250 OK"


@pytest.fixture
def database(tmp_path) -> Iterator[Site]:
    with running_site(
        tmp_path,
        servers=0,
        ALLOWED_HOSTS="127.0.0.1",
        CONTACT_FALLBACK_EMAIL="coordinators@example.org",
        DEFAULT_FROM_EMAIL="trials@example.org",
    ) as site:
        yield site


def test_a_worker_killed_after_the_server_accepted_resends_the_same_message(database: Site):
    database.manage("shell", "-c", QUEUE_ONE_REQUEST % uuid.uuid4())
    handler = KillOnFirstMessage()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    mail = {
        **database.env,
        "DJANGO_EMAIL_BACKEND": "smtp",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(controller.port),
    }
    worker_command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay"]
    try:
        worker = subprocess.Popen([*worker_command, "--interval", "0.2"], cwd=ROOT, env=mail)
        handler.worker_pid = worker.pid
        assert worker.wait(timeout=120) == -signal.SIGKILL
        [first] = handler.received
        states = json.loads(database.manage("shell", "-c", STATES).strip().splitlines()[-1])
        # The server has it, but the worker died before it could say so.
        assert sorted(states.values()) == ["queued", "sending"]

        # The dead worker's task, and both emails: the claimed one and the one never tried
        # (re-queueing a queued email is harmless: a send starts by claiming it).
        requeued = database.manage("requeue_stale_tasks", "--older-than-minutes", "0")
        assert "requeued 1 stale task(s) and 2 email(s)" in requeued
        for _ in range(2):  # a second run finds nothing left to send
            subprocess.run(
                [*worker_command, "--batch"], cwd=ROOT, env=mail, check=True, timeout=120
            )
    finally:
        controller.stop()

    states = json.loads(database.manage("shell", "-c", STATES).strip().splitlines()[-1])
    assert sorted(states.values()) == ["sent", "sent"]
    ids = [message["Message-ID"] for message in handler.received]
    assert len(ids) == 3  # the interrupted one twice, the other once
    assert ids.count(first["Message-ID"]) == 2
    assert len(set(ids)) == 2
    assert all(message_id.startswith("<contact-request.") for message_id in ids)
