"""`manage.py import_trials PATH... [--publish]`: load trials into the catalogue."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trials.importers import ImportProblem, read_paths
from trials.importers.store import save_records
from trials.translations import TranslationProblem, load_translation_file, translation_files


class Command(BaseCommand):
    help = (
        "Import trials from seed text documents (.txt), ClinicalTrials.gov API v2 JSON and "
        "structured seed files (.yaml, .yml, or .json with a 'trial' key). A folder means every "
        "importable file in it. Everything is imported, or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A file or a folder.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help=(
                "Publish imported trials whose file does not say, once every criterion is "
                "reviewed (new trials are unpublished; proposed criteria wait for a curator)."
            ),
        )

    def handle(self, *args: Any, paths: list[str], publish: bool, **options: Any) -> None:
        verbosity = options.get("verbosity", 1)
        try:
            summary = save_records(read_paths(paths), publish=publish)
        except ImportProblem as problem:
            self.stderr.write(str(problem))
            raise CommandError("Nothing was imported.") from problem
        for result in summary.results:
            note = f" ({result.note})" if result.note else ""
            self.stdout.write(f"{result.action} {result.key} {result.title}{note}")
        # A folder's `translations/` subfolder holds the site's own translations of its trials:
        # they fill only what is empty, so a curator's edits survive every re-import
        # (`-v 2` says what each file filled).
        for path in paths:
            for file in translation_files(os.path.join(path, "translations")):
                try:
                    loaded = load_translation_file(file)
                except TranslationProblem as problem:
                    raise CommandError(str(problem)) from problem
                if loaded is not None and verbosity > 1:
                    self.stdout.write(
                        f"translations {loaded.trial}: {loaded.filled} filled, "
                        f"{loaded.kept} kept as they were"
                    )
