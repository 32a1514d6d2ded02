"""Notification emails over a real SMTP conversation (aiosmtpd), sent by the database worker:
sign up, confirm from the emailed link, hear about a new trial, leave from the emailed link."""

from __future__ import annotations

import contextlib
import email
import email.policy
import re
import socket
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from keep import notifications
from keep.models import Subscription, TrialNotification
from outbox.models import Message
from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk
from tests.worker import run_worker
from trials.models import EligibilityCriterion, Trial

pytestmark = pytest.mark.django_db

SITE_URL = "https://trials.example.org"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings) -> Iterator[tuple[Inbox, Controller]]:
    """A real SMTP server on a free local port (not started), and Django pointed at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "trials@example.org"
    settings.SITE_URL = SITE_URL
    cache.clear()
    yield inbox, controller
    with contextlib.suppress(AssertionError):  # never started
        controller.stop()
    cache.clear()


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def path_of(message: EmailMessage, name: str) -> str:
    found = re.search(rf"{re.escape(SITE_URL)}(/notify/{name}/[^/\s]+/)", text_of(message))
    assert found is not None, text_of(message)
    return found.group(1)


def test_sign_up_confirm_hear_about_a_new_trial_and_leave_over_smtp(
    client: Client, seeded_catalogue, smtp, monkeypatch
):
    inbox, controller = smtp
    controller.start()
    walk(client, THIRD_LINE_NPC)
    client.post("/notify/", {"email": "mei.chen@example.org", "consent": "on"})
    assert inbox.messages == []  # the form only queues: a slow server never delays it
    run_worker(monkeypatch)

    [(recipients, confirmation)] = inbox.messages
    assert recipients == ["mei.chen@example.org"]
    assert confirmation["From"] == "trials@example.org"
    assert confirmation["List-Unsubscribe"].startswith(f"<{SITE_URL}/notify/manage/")
    confirm = path_of(confirmation, "confirm")
    assert confirm in html_of(confirmation)

    # Nothing but the confirmation goes out before the person confirms.
    trial = Trial.objects.create(slug="new-npc-trial", brief_title="A new NPC study")
    EligibilityCriterion.objects.create(
        trial=trial, kind="inclusion", type="diagnosis", params={"codes": ["NPC"]}, text="NPC"
    )
    trial.published = True
    trial.save()
    notifications.rematch()
    run_worker(monkeypatch)
    assert len(inbox.messages) == 1

    assert client.post(confirm).status_code == 302  # and then it is news
    run_worker(monkeypatch)
    [(recipients, news)] = inbox.messages[1:]
    assert recipients == ["mei.chen@example.org"]
    assert "A new NPC study" in news["Subject"]
    body = text_of(news)
    assert f"{SITE_URL}/trials/new-npc-trial/" in body
    assert "Likely eligible" in body
    assert f'href="{SITE_URL}/trials/new-npc-trial/"' in html_of(news)
    manage = path_of(news, "manage")
    assert manage in html_of(news)

    # The link in the email deletes the subscription and its answers.
    assert client.post(manage).status_code == 302
    assert not Subscription.objects.exists()
    assert not TrialNotification.objects.exists()
    assert client.get(manage).status_code == 404


def test_with_the_mail_server_down_the_news_waits_and_is_sent_once_it_is_back(
    db, smtp, monkeypatch
):
    inbox, controller = smtp
    subscription = Subscription.objects.create(
        email="mei@example.org", language="en", answers={"diagnosis": "NPC"}, consent_text="x"
    )
    notifications.confirm(subscription)
    trial = Trial.objects.create(slug="new-npc-trial", brief_title="A new NPC study")
    EligibilityCriterion.objects.create(
        trial=trial, kind="inclusion", type="diagnosis", params={"codes": ["NPC"]}, text="NPC"
    )
    trial.published = True
    trial.save()
    notifications.rematch()
    run_worker(monkeypatch)  # the server is not running

    notification = TrialNotification.objects.get(kind="email")
    message = Message.objects.get(key=f"trial-notification:{notification.pk}")
    assert (message.status, message.sent_at, message.attempts) == ("queued", None, 1)
    assert "ConnectionRefusedError" in message.last_error
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=50)

    controller.start()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker(monkeypatch)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert message.sent_at is not None
    assert len(inbox.messages) == 1
