"""Every outgoing email, one row each, with its delivery state.

A row names what to send (`kind` and `args`, turned into an email by the app that queued it
when it is sent) and carries a unique idempotency `key`: queueing the same key twice stores one
row and sends one email. See outbox/README.md for the delivery guarantee.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One email to send, or sent."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed: gave up")
        CANCELLED = "cancelled", _("Not needed any more")

    key = models.CharField(_("idempotency key"), max_length=200, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    args = models.JSONField(_("arguments"), default=dict)
    topic = models.CharField(
        _("about"),
        max_length=100,
        db_index=True,
        help_text=_("What the message is about, e.g. a contact request."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.QUEUED)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self) -> str:
        return self.key

    @property
    def message_id(self) -> str:
        """A Message-ID fixed by the key: a resend after a crash carries the same one."""
        from django.conf import settings

        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
        return f"<{self.key.replace(':', '.')}@{domain}>"


def delivery_counts(topic: Any) -> dict[str, Any]:
    """Annotations counting the messages about `topic` (an expression), by status.

    `queryset.annotate(**delivery_counts(expr))` adds `emails_total`, `emails_sent` and
    `emails_failed`, in the same query as the rows they describe.
    """

    def count(**filters: Any) -> Coalesce:
        messages = (
            Message.objects.filter(topic=OuterRef("email_topic"), **filters)
            .order_by()
            .values("topic")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(messages, output_field=IntegerField()), 0)

    return {
        "email_topic": topic,
        "emails_total": count(),
        "emails_sent": count(status=Message.Status.SENT),
        "emails_failed": count(status=Message.Status.FAILED),
    }
