"""Put tasks back in the queue whose worker died while running them.

A worker killed mid-task (out of memory, a host restart, `kill -9`) leaves its task marked
RUNNING for ever. Run this now and then (from cron, or before starting workers): tasks
running for longer than the limit go back to READY and the next worker runs them again.
The email tasks check what was already sent first, so running one again sends nothing twice.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Return tasks stuck in RUNNING (their worker died) to the queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-minutes",
            type=float,
            default=30,
            help="only tasks started at least this long ago (default 30)",
        )

    def handle(self, *args: Any, older_than_minutes: float, **options: Any) -> None:
        cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
        with transaction.atomic():
            stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING, started_at__lte=cutoff
            )
            count = stale.update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(f"requeued {count} stale task(s)")
