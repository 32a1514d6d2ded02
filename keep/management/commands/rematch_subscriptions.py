"""Match subscribers again if the catalogue changed since the last run; run it from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from keep import notifications


class Command(BaseCommand):
    help = "Email subscribers about trials that came to fit them since the catalogue last changed."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{notifications.rematch()} email(s) queued")
