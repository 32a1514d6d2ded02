"""The registry sync at scale: replayed studies through the importer; prints studies/second.

200 studies by default, which keeps the suite's run short on a small machine;
`BENCH_SYNC_STUDIES=2000` (or more) measures a larger sync.

The studies are the real fixture records with their NCT IDs varied (NCT098xxxxx, a range no
real study here uses), so every one is imported as a new trial. Nothing is timed as a pass or
fail: the test checks the counts and prints the rate (run with `-s` to see it).
"""

from __future__ import annotations

import copy
import json
import os
import time
from typing import Any

import pytest

from tests.replay import Registry, ReplayServer, real_studies, status_of
from trials.models import Site, Trial
from trials.sync import sync_ctgov

STUDIES = int(os.environ.get("BENCH_SYNC_STUDIES", "200"))


def synthesised(count: int) -> list[dict[str, Any]]:
    """`count` copies of the real recruiting records, each with its own NCT ID."""
    base = [s for s in real_studies() if status_of(s) in {"RECRUITING", "NOT_YET_RECRUITING"}]
    studies = []
    for index in range(count):
        study = copy.deepcopy(base[index % len(base)])
        study["protocolSection"]["identificationModule"]["nctId"] = f"NCT098{index:05d}"
        studies.append(study)
    return studies


@pytest.mark.django_db
def test_bench_sync_of_replayed_studies(settings: Any) -> None:
    registry = Registry(synthesised(STUDIES))
    with ReplayServer(registry) as server:
        settings.CTGOV_API_URL = server.url
        settings.CTGOV_PAGE_SIZE = 200
        settings.CTGOV_REQUESTS_PER_MINUTE = 0
        started = time.perf_counter()
        first = sync_ctgov()
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = sync_ctgov()
        again_seconds = time.perf_counter() - started

    assert first.created == STUDIES
    assert first.failed == 0
    assert again.created == again.updated == 0
    assert Trial.objects.count() == STUDIES
    print(
        json.dumps(
            {
                "studies": STUDIES,
                "sites": Site.objects.count(),
                "pages": first.pages,
                "first_sync_seconds": round(first_seconds, 2),
                "first_sync_studies_per_second": round(STUDIES / first_seconds, 1),
                "unchanged_sync_seconds": round(again_seconds, 2),
                "unchanged_sync_studies_per_second": round(STUDIES / again_seconds, 1),
            }
        )
    )
