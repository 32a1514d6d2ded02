"""Background tasks: the two emails of a contact request, sent by `manage.py db_worker`.

Each task takes the request's id, sends its email once, and records the outcome on the request.
A failed send is recorded (attempts, last error) and queued again after a growing delay, up to
a maximum number of attempts; django-tasks-db does not retry by itself.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.tasks import Task, task
from django.utils import timezone

from . import emails
from .models import ContactRequest

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> datetime.timedelta:
    """The wait before attempt `attempt + 1`: doubling from the base, capped."""
    base, cap = settings.CONTACT_EMAIL_RETRY_SECONDS
    return datetime.timedelta(seconds=min(base * 2 ** (attempt - 1), cap))


def _deliver(
    this_task: Task[[int], str],
    contact_request_id: int,
    build: Callable[[ContactRequest], EmailMultiAlternatives],
    sent_field: str,
    attempts_field: str,
) -> str:
    try:
        contact_request = ContactRequest.objects.select_related("trial", "site").get(
            pk=contact_request_id
        )
    except ContactRequest.DoesNotExist:
        return "gone"  # deleted before its email went out: nothing to send
    if getattr(contact_request, sent_field) is not None:
        return "already sent"
    attempt = getattr(contact_request, attempts_field) + 1
    rows = ContactRequest.objects.filter(pk=contact_request_id)
    try:
        build(contact_request).send()
    except Exception as error:
        rows.update(
            **{attempts_field: F(attempts_field) + 1},
            email_last_error=f"{timezone.now():%Y-%m-%d %H:%M} attempt {attempt}: "
            f"{type(error).__name__}: {error}"[:2000],
            email_last_attempt_at=timezone.now(),
        )
        if attempt < settings.CONTACT_EMAIL_MAX_ATTEMPTS:
            this_task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                contact_request_id
            )
            logger.warning(
                "Contact request %s: %s failed (attempt %s), queued again",
                contact_request_id,
                this_task.name,
                attempt,
            )
        else:
            logger.error(
                "Contact request %s: %s failed %s times, giving up",
                contact_request_id,
                this_task.name,
                attempt,
            )
        raise  # the task's own result shows the failure in the admin too
    rows.update(
        **{attempts_field: F(attempts_field) + 1, sent_field: timezone.now()},
        email_last_attempt_at=timezone.now(),
    )
    return "sent"


@task
def send_coordinator_notification(contact_request_id: int) -> str:
    """Tell the site's coordinators about a new contact request."""
    return _deliver(
        send_coordinator_notification,
        contact_request_id,
        emails.coordinator_notification,
        "coordinator_notified_at",
        "coordinator_email_attempts",
    )


@task
def send_copy_to_person(contact_request_id: int) -> str:
    """Send the person a copy of their message, for their records."""
    return _deliver(
        send_copy_to_person,
        contact_request_id,
        emails.copy_to_person,
        "copy_sent_at",
        "copy_email_attempts",
    )
