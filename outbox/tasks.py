"""The one send-and-retry task, run by `manage.py db_worker`.

It builds the message's email through its kind's composer, sends it, and marks it sent. A failed
send is recorded (attempts, last error) and queued again after a growing delay, up to
`EMAIL_MAX_ATTEMPTS`; django-tasks-db does not retry by itself.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .mail import composer_for
from .models import Message

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> datetime.timedelta:
    """The wait before attempt `attempt + 1`: doubling from the base, capped."""
    base, cap = settings.EMAIL_RETRY_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** (attempt - 1), cap))


@task
def send_message(message_id: int) -> str:
    """Send one queued message, once it is built; record the outcome on its row."""
    rows = Message.objects.filter(pk=message_id)
    now = timezone.now()
    # Claim it: of two tasks for one message (a requeue raced a slow worker), one sends.
    if not rows.filter(status=Message.Status.QUEUED).update(
        status=Message.Status.SENDING, last_attempt_at=now
    ):
        message = rows.first()
        return "gone" if message is None else f"already {message.status}"
    message = rows.get()
    email = composer_for(message.kind)(message.args)
    if email is None:  # what it was about is gone (deleted, unsubscribed): nothing to send
        rows.update(status=Message.Status.CANCELLED)
        return "cancelled"
    email.extra_headers["Message-ID"] = message.message_id
    attempt = message.attempts + 1
    try:
        email.send()
    except Exception as error:
        gave_up = attempt >= settings.EMAIL_MAX_ATTEMPTS
        rows.update(
            attempts=F("attempts") + 1,
            last_error=f"{now:%Y-%m-%d %H:%M} attempt {attempt}: {type(error).__name__}: {error}"[
                :2000
            ],
            last_attempt_at=now,
            status=Message.Status.FAILED if gave_up else Message.Status.QUEUED,
        )
        if gave_up:
            logger.error("Email %s failed %s times, giving up", message.key, attempt)
        else:
            send_message.using(run_after=now + retry_delay(attempt)).enqueue(message_id)
            logger.warning("Email %s failed (attempt %s), queued again", message.key, attempt)
        raise  # the task's own result shows the failure in the admin too
    rows.update(
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        sent_at=timezone.now(),
        status=Message.Status.SENT,
        recipients=email.recipients(),
        subject=email.subject[:300],
    )
    return "sent"
