"""`manage.py sync_ctgov [--since DATE] [--full] [--queue]`: bring the catalogue in step with the
registry, here and now, or (`--queue`) by the worker, as the daily timer in docs/deploy/ asks."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trials.models import SyncRun
from trials.sync import SyncError, sync_ctgov
from trials.tasks import sync_registry


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--since: {text!r} is not a date (YYYY-MM-DD)") from error


class Command(BaseCommand):
    help = (
        "Import new and changed studies from the ClinicalTrials.gov API v2 (DJANGO_CTGOV_API_URL) "
        "through the same importer as import_trials --publish, unpublish the ones that closed, "
        "and print a JSON summary. Without options: what changed since the last successful run "
        "(or resume an interrupted one)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since", type=str, help="Ask for studies updated on or after this date (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--full", action="store_true", help="Ask for every study of the query, whatever date."
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help='Leave the run to the worker (as the admin\'s "sync now" does); return at once.',
        )

    def handle(
        self, *args: Any, since: str | None, full: bool, queue: bool, **options: Any
    ) -> None:
        if since and full:
            raise CommandError("--since and --full exclude each other.")
        if queue:
            if since or full:
                raise CommandError("--queue runs the usual incremental sync; drop --since/--full.")
            result = sync_registry.enqueue()
            self.stdout.write(json.dumps({"queued": str(result.id)}))
            return
        try:
            run = sync_ctgov(since=_date(since) if since else None, full=full)
        except SyncError as error:
            last = SyncRun.objects.first()
            counts = json.dumps(last.summary()) if last else "{}"
            raise CommandError(
                f"The sync stopped: {error}. What was done is kept; the next run resumes. {counts}"
            ) from error
        self.stdout.write(json.dumps(run.summary()))
