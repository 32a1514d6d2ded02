"""Background tasks for notifications, run by `manage.py db_worker`: the confirmation email,
re-matching subscribers when a trial changes, and the email about a new trial.

Emails are sent once and their outcome recorded on the row; a failed send is queued again with
the contact emails' back-off (trials.tasks.retry_delay, CONTACT_EMAIL_MAX_ATTEMPTS).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.db.models import F
from django.tasks import Task, task
from django.utils import timezone

from matcher import notifications
from matcher.models import Subscription, TrialNotification
from trials.tasks import retry_delay

logger = logging.getLogger(__name__)


def _deliver[M: models.Model](
    this_task: Task[[int], str],
    rows: models.QuerySet[M],
    build: Callable[[M], EmailMultiAlternatives],
    *,
    sent: str,
    attempts: str,
    error: str,
) -> str:
    row = rows.first()
    if row is None:
        return "gone"  # deleted (unsubscribed, or no longer wanted) before it went out
    if getattr(row, sent) is not None:
        return "already sent"
    attempt = getattr(row, attempts) + 1
    try:
        build(row).send()
    except Exception as exception:
        rows.update(
            **{
                attempts: F(attempts) + 1,
                error: f"{timezone.now():%Y-%m-%d %H:%M} attempt {attempt}: "
                f"{type(exception).__name__}: {exception}"[:2000],
            }
        )
        if attempt < settings.CONTACT_EMAIL_MAX_ATTEMPTS:
            this_task.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(row.pk)
            logger.warning(
                "%s %s failed (attempt %s), queued again", this_task.name, row.pk, attempt
            )
        else:
            logger.error("%s %s failed %s times, giving up", this_task.name, row.pk, attempt)
        raise
    rows.update(**{attempts: F(attempts) + 1, sent: timezone.now()})
    return "sent"


@task
def send_subscription_confirmation(subscription_id: int) -> str:
    """Send the double opt-in email of a sign-up that is still unconfirmed."""
    return _deliver(
        send_subscription_confirmation,
        Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True),
        notifications.confirmation_email,
        sent="confirmation_sent_at",
        attempts="email_attempts",
        error="email_last_error",
    )


@task
def rematch_subscriptions(trial_id: int) -> str:
    """Find the confirmed subscribers a changed trial now fits and queue their emails."""
    return f"{notifications.rematch(trial_id)} queued"


@task
def send_trial_notification(notification_id: int) -> str:
    """Tell a subscriber about a trial that may fit them."""
    rows = TrialNotification.objects.filter(
        pk=notification_id, kind=TrialNotification.Kind.EMAIL
    ).select_related("subscription", "trial")
    return _deliver(
        send_trial_notification,
        rows,
        notifications.trial_email,
        sent="sent_at",
        attempts="attempts",
        error="last_error",
    )
