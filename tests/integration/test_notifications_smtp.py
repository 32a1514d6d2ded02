"""Notification emails over a real SMTP conversation (aiosmtpd), sent by the database worker:
sign up, confirm from the emailed link, hear about a new trial, leave from the emailed link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from keep import notifications
from keep.models import Subscription, TrialNotification
from outbox.models import Message
from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk
from tests.smtp import SITE_URL, html_of, text_of
from tests.worker import run_worker
from trials.models import EligibilityCriterion, Trial

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def path_of(message: EmailMessage, name: str) -> str:
    found = re.search(rf"{re.escape(SITE_URL)}(/notify/{name}/[^/\s]+/)", text_of(message))
    assert found is not None, text_of(message)
    return found.group(1)


def test_sign_up_confirm_hear_about_a_new_trial_and_leave_over_smtp(
    client: Client, seeded_catalogue, smtp, monkeypatch
):
    smtp.start()
    walk(client, THIRD_LINE_NPC)
    client.post("/notify/", {"email": "mei.chen@example.org", "consent": "on"})
    assert smtp.inbox.messages == []  # the form only queues: a slow server never delays it
    run_worker(monkeypatch)

    [(recipients, confirmation)] = smtp.inbox.messages
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
    assert len(smtp.inbox.messages) == 1

    assert client.post(confirm).status_code == 302  # and then it is news
    run_worker(monkeypatch)
    [(recipients, news)] = smtp.inbox.messages[1:]
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

    smtp.start()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker(monkeypatch)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert message.sent_at is not None
    assert len(smtp.inbox.messages) == 1
