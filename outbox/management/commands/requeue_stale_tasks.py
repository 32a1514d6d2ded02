"""Put work back in the queue whose worker died, and email that has no task to send it.

A worker killed mid-task (out of memory, a host restart, `kill -9`) leaves its task marked
RUNNING, and the message it was sending marked SENDING, for ever. Run this now and then (from
cron, or before starting workers): tasks running for longer than the limit go back to READY;
messages claimed that long ago go back to QUEUED with a fresh send task; so do queued messages
that never had a task (after an upgrade). A message may then go out twice, if the worker died
after the mail server accepted it: the outbox delivers at least once (see outbox/README.md).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Q
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox import tasks
from outbox.models import Message


class Command(BaseCommand):
    help = "Return tasks stuck in RUNNING (their worker died) and stuck email to the queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-minutes",
            type=float,
            default=30,
            help="only work started (or queued) at least this long ago (default 30)",
        )

    def handle(self, *args: Any, older_than_minutes: float, **options: Any) -> None:
        cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
        with transaction.atomic():
            stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING, started_at__lte=cutoff
            )
            count = stale.update(status=TaskResultStatus.READY, started_at=None)
            stuck = Message.objects.select_for_update(skip_locked=True).filter(
                Q(status=Message.Status.SENDING, last_attempt_at__lte=cutoff)
                | Q(status=Message.Status.QUEUED, last_attempt_at=None, created_at__lte=cutoff)
            )
            emails = list(stuck.values_list("pk", flat=True))
            Message.objects.filter(pk__in=emails).update(status=Message.Status.QUEUED)
            for pk in emails:
                tasks.send_message.enqueue(pk)
        self.stdout.write(f"requeued {count} stale task(s) and {len(emails)} email(s)")
