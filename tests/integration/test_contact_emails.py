"""The contact emails over a real SMTP conversation (aiosmtpd), sent by the database worker.

The request is stored whatever the mail server does; the worker sends each email once, and
when the server is down it records the failure and queues the email again with a back-off.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from html import escape

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contact.models import ContactRequest
from outbox.models import Message
from tests.smtp import SmtpServer, html_of, text_of
from tests.worker import run_worker
from trials.models import Site

pytestmark = pytest.mark.django_db

HLX43 = "hlx43-recurrent-metastatic-npc"
SITE_NAME = "HLX43 central study team (Shanghai Henlius Biotech)"


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def time_passes() -> None:
    """Make every queued retry due now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


@pytest.fixture
def coordinator(seeded_catalogue) -> User:
    user = User.objects.create_user("lin", "lin.coordinator@hospital.example", "x", is_staff=True)
    Site.objects.get(facility=SITE_NAME).coordinators.add(user)
    return user


def submit(client: Client, **overrides: str) -> ContactRequest:
    site = Site.objects.get(facility=SITE_NAME)
    data = {
        "first_name": "Mei",
        "last_name": "Chen",
        "email": "mei.chen@example.org",
        "phone": "+8613800138000",
        "other_language": "cantonese",
        "site": str(site.pk),
        "message": "Can I join the study?",
        "consent": "on",
        "form_token": str(uuid.uuid4()),
        **overrides,
    }
    response = client.post(f"/trials/{HLX43}/contact/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ContactRequest.objects.get(form_token=data["form_token"])


def deliveries(request: ContactRequest) -> dict[str, tuple[str, int, str]]:
    """The outbox's state of the request's two emails: status, attempts, last error."""
    return {
        message.key.rsplit(":", 1)[1]: (message.status, message.attempts, message.last_error)
        for message in Message.objects.filter(topic=f"contact-request:{request.pk}")
    }


def test_both_emails_go_out_over_smtp_with_the_right_recipients_and_content(
    client: Client, coordinator: User, smtp: SmtpServer, monkeypatch
):
    smtp.start()
    request = submit(client)
    assert smtp.inbox.messages == []  # the form only queues: a slow server never delays it

    run_worker(monkeypatch)

    assert len(smtp.inbox.messages) == 2
    [notification] = smtp.inbox.to("lin.coordinator@hospital.example")
    [recipients] = [r for r, m in smtp.inbox.messages if m is notification]
    assert recipients == ["lin.coordinator@hospital.example"]
    assert notification["Reply-To"] == "mei.chen@example.org"
    assert SITE_NAME in notification["Subject"]
    body = text_of(notification)
    for expected in [
        "Mei Chen",
        "mei.chen@example.org",
        "+86 138 0013 8000",
        "Cantonese",
        "Can I join the study?",
        SITE_NAME,
        "NCT06839066",
        f"https://trials.example.org/admin/contact/contactrequest/{request.pk}/change/",
    ]:
        assert expected in body
    assert "Pre-screen summary" not in body
    assert "Mei Chen" in html_of(notification)

    [copy] = smtp.inbox.to("mei.chen@example.org")
    [recipients] = [r for r, m in smtp.inbox.messages if m is copy]
    assert recipients == ["mei.chen@example.org"]
    copy_text = text_of(copy)
    assert f"We are sending your message to the study team at {SITE_NAME}." in copy_text
    assert "Can I join the study?" in copy_text
    assert "lin.coordinator@hospital.example" not in copy.as_string()

    assert deliveries(request) == {
        "coordinators": ("sent", 1, ""),
        "copy": ("sent", 1, ""),
    }
    # Each carries a Message-ID fixed by its idempotency key, the same on any resend.
    assert notification["Message-ID"] == f"<contact-request.{request.pk}.coordinators@example.org>"


def test_the_summary_goes_to_the_coordinators_only_when_shared_and_never_in_the_copy(
    client: Client, coordinator: User, smtp: SmtpServer, monkeypatch
):
    client.post("/match/begin/", {"mode": "patient"})
    client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"})
    smtp.start()
    request = submit(client, share_prescreen="on", email="shared@example.org")
    submit(client, email="private@example.org", message="Another question")
    run_worker(monkeypatch)
    summary = request.prescreen_summary
    assert summary is not None
    assert summary["verdict"] == "possibly_eligible"
    criterion = summary["criteria"][0]["text"]

    notifications = smtp.inbox.to("lin.coordinator@hospital.example")
    shared = next(m for m in notifications if "shared@example.org" in text_of(m))
    private = next(m for m in notifications if "private@example.org" in text_of(m))
    assert "Pre-screen summary" in text_of(shared)
    assert "Result for this trial: Possibly eligible" in text_of(shared)
    assert escape(criterion) in html_of(shared)
    # In words and as a table: no stored keys, booleans or scores.
    for raw in ["possibly_eligible", "verdict:", "score", "diagnosis:", "True", "False"]:
        assert raw not in text_of(shared)
        assert raw not in html_of(shared)
    assert "+====" in text_of(shared)  # the plain-text table
    assert '<th scope="col">Answer</th>' in html_of(shared)
    assert text_of(shared).count("for the study team to check") <= 1  # said once, not per row
    assert "Pre-screen summary" not in text_of(private)
    assert "possibly_eligible" not in private.as_string()

    [copy] = smtp.inbox.to("shared@example.org")
    assert "possibly_eligible" not in copy.as_string()
    assert "private@example.org" not in copy.as_string()  # nobody else's data


def test_a_site_without_coordinators_is_notified_at_its_contact_email_or_the_fallback(
    client: Client, seeded_catalogue, smtp: SmtpServer, monkeypatch, settings
):
    settings.CONTACT_FALLBACK_EMAIL = "trials-team@example.org"
    smtp.start()
    submit(client)
    run_worker(monkeypatch)
    assert len(smtp.inbox.to("trials-team@example.org")) == 1
    Site.objects.filter(facility=SITE_NAME).update(contact_email="hlx43@henlius.example")
    submit(client, email="second@example.org", message="Second")
    run_worker(monkeypatch)
    assert len(smtp.inbox.to("hlx43@henlius.example")) == 1
    assert len(smtp.inbox.to("trials-team@example.org")) == 1


def test_the_copy_is_written_in_the_language_the_person_used(
    client: Client, coordinator: User, smtp: SmtpServer, monkeypatch
):
    smtp.start()
    client.post("/i18n/setlang/", {"language": "zh-hans"})
    submit(client)
    run_worker(monkeypatch)
    [copy] = smtp.inbox.to("mei.chen@example.org")
    assert '<html lang="zh-hans">' in html_of(copy)
    [notification] = smtp.inbox.to("lin.coordinator@hospital.example")
    assert '<html lang="en">' in html_of(notification)


def test_with_the_mail_server_down_the_request_is_kept_and_sent_once_it_is_back(
    client: Client, coordinator: User, smtp: SmtpServer, monkeypatch
):
    request = submit(client)  # the server is not running
    run_worker(monkeypatch)

    request.refresh_from_db()
    assert request.status == ContactRequest.Status.NEW
    state = deliveries(request)
    assert {name: (status, attempts) for name, (status, attempts, _) in state.items()} == {
        "coordinators": ("queued", 1),
        "copy": ("queued", 1),
    }
    assert all("attempt 1" in error for _, _, error in state.values())
    assert all("ConnectionRefusedError" in error for _, _, error in state.values())
    assert DBTaskResult.objects.filter(status="FAILED").count() == 2
    retries = DBTaskResult.objects.filter(status="READY")
    assert retries.count() == 2
    assert all(task.run_after > timezone.now() + timedelta(seconds=50) for task in retries)

    run_worker(monkeypatch)  # not due yet: nothing happens
    assert deliveries(request)["coordinators"][1] == 1

    smtp.start()
    time_passes()
    run_worker(monkeypatch)
    assert {name: state[:2] for name, state in deliveries(request).items()} == {
        "coordinators": ("sent", 2),
        "copy": ("sent", 2),
    }
    assert len(smtp.inbox.messages) == 2

    # Nothing is left to send: queueing the emails or running their tasks again sends nothing.
    from contact import emails
    from outbox import tasks

    emails.queue_emails(request)
    for message in Message.objects.all():
        tasks.send_message.enqueue(message.pk)
    run_worker(monkeypatch)
    assert len(smtp.inbox.messages) == 2
    assert Message.objects.count() == 2


def test_the_worker_backs_off_and_gives_up_after_the_last_attempt(
    client: Client, coordinator: User, smtp: SmtpServer, monkeypatch, settings
):
    settings.EMAIL_MAX_ATTEMPTS = 3
    request = submit(client)
    delays = []
    for _attempt in range(4):
        run_worker(monkeypatch)
        retries = list(DBTaskResult.objects.filter(status="READY"))
        delays.append(
            sorted(
                round((task.run_after - timezone.now()).total_seconds() / 60) for task in retries
            )
        )
        time_passes()
    assert delays == [[1, 1], [2, 2], [], []]
    assert {name: state[:2] for name, state in deliveries(request).items()} == {
        "coordinators": ("failed", 3),
        "copy": ("failed", 3),
    }
    assert ContactRequest.objects.count() == 1


def test_the_questionnaires_real_answers_reach_the_coordinator_when_shared(
    client: Client, coordinator: User, smtp: SmtpServer, monkeypatch
):
    client.post("/match/begin/", {"mode": "patient"})
    client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"})
    assert 'name="share_prescreen"' in client.get(f"/trials/{HLX43}/contact/").content.decode()
    request = submit(client, share_prescreen="on")
    summary = request.prescreen_summary
    assert summary is not None
    assert summary["answers"] == {"diagnosis": "NPC"}
    assert summary["trial"] == "NCT06839066"
    smtp.start()
    run_worker(monkeypatch)
    [notification] = smtp.inbox.to("lin.coordinator@hospital.example")
    body = text_of(notification)
    assert "What kind of cancer do you have?" in html_of(notification)
    assert "What kind of cancer" in body  # the question, and the answer in words
    assert "Nasopharyngeal carcinoma" in body
    assert "Result for this trial: Possibly eligible" in body
    assert "diagnosis: NPC" not in body
    assert "possibly_eligible" not in body
