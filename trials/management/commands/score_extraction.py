"""`manage.py score_extraction RECORDS... LABELS`: precision and recall of criteria extraction."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trials.importers import ImportProblem
from trials.importers.scoring import score_paths


class Command(BaseCommand):
    help = (
        "Read ClinicalTrials.gov API v2 study files (a folder means its NCT*.json files) as "
        "import_trials does, without writing to the database, and print as one JSON object the "
        "precision and recall per field of the proposed criteria against a labels file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "records", nargs="+", metavar="RECORDS", help="Study files or folders of them."
        )
        parser.add_argument("labels", metavar="LABELS", help="The labels JSON file.")

    def handle(self, *args: Any, records: list[str], labels: str, **options: Any) -> None:
        try:
            result = score_paths(records, labels)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
