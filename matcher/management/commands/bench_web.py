"""Time the main pages in-process, beside a bare view, and print p50/p95 and their ratio."""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import Client

from trials.models import Trial


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "Request the home page, a trial page, a questionnaire step and the results page "
        "through Django's full stack (no network), next to /healthz (a bare view with one "
        "query), and print p50/p95 in milliseconds and each page's cost as a ratio."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=200, help="timed requests per page")

    def handle(self, *args: Any, requests: int, **options: Any) -> None:
        trial = Trial.objects.published().order_by("pk").first()
        if trial is None:
            raise CommandError("No published trial: run import_trials seeds/ first.")
        if requests < 1:
            raise CommandError("--requests must be at least 1.")
        host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".")), "localhost")
        client = Client(SERVER_NAME=host.strip("[]"))
        secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
        client.post("/match/begin/", {"mode": "patient"}, secure=secure)
        client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"}, secure=secure)
        pages = {
            "bare view (/healthz)": "/healthz",
            "home": "/",
            "trial page": trial.get_absolute_url(),
            "questionnaire step": "/match/question/",
            "results": "/match/results/",
        }
        report: dict[str, dict[str, float]] = {}
        for name, path in pages.items():
            for _ in range(5):  # warm caches and the compiled catalogue
                client.get(path, secure=secure)
            samples = []
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(path, secure=secure)
                samples.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}.")
            report[name] = {
                "p50_ms": round(statistics.median(samples), 3),
                "p95_ms": round(_percentile(samples, 0.95), 3),
            }
        bare = report["bare view (/healthz)"]["p50_ms"]
        for numbers in report.values():
            numbers["ratio_to_bare"] = round(numbers["p50_ms"] / bare, 1)
        self.stdout.write(json.dumps({"requests_per_page": requests, "pages": report}, indent=2))
