"""The engine benchmark command prints its numbers as JSON (no timing is asserted)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


def test_bench_engine_prints_counts_and_timings():
    out = io.StringIO()
    call_command("bench_engine", "--trials", "200", "--repeats", "1", stdout=out)
    result = json.loads(out.getvalue())
    assert result["trials"] == 200
    assert 20 * 200 <= result["criteria"] <= 30 * 200
    for key in ("median_rank_seconds", "median_rank_all_seconds", "median_baseline_seconds"):
        assert result[key] > 0


def test_bench_engine_rejects_an_empty_catalogue():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("bench_engine", "--trials", "0")


@pytest.mark.django_db
def test_bench_web_prints_each_page_beside_a_bare_view(seeded_catalogue):
    out = io.StringIO()
    call_command("bench_web", "--requests", "3", stdout=out)
    pages = json.loads(out.getvalue())["pages"]
    assert set(pages) == {
        "bare view (/healthz)",
        "home",
        "trial page",
        "questionnaire step",
        "results",
    }
    assert pages["bare view (/healthz)"]["ratio_to_bare"] == 1.0
    assert all(numbers["p95_ms"] >= numbers["p50_ms"] > 0 for numbers in pages.values())
