"""Benchmark the engine on a synthetic catalogue built in memory and print the numbers as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matcher.engine.bench import run_benchmark


class Command(BaseCommand):
    help = (
        "Build a synthetic catalogue of N trials (about 25 criteria each) in memory and time "
        "ranking one profile against it, beside a bare loop doing one comparison per criterion."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--trials", type=int, default=10_000, help="catalogue size")
        parser.add_argument("--repeats", type=int, default=5, help="timed runs; the median counts")

    def handle(self, *args: Any, trials: int, repeats: int, **options: Any) -> None:
        if trials < 1 or repeats < 1:
            raise CommandError("--trials and --repeats must be at least 1.")
        result = run_benchmark(trials, repeats)
        self.stdout.write(json.dumps(result, indent=2))
