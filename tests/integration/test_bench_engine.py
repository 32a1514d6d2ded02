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


def test_bench_web_fills_a_throw_away_database_and_prints_every_page():
    out = io.StringIO()
    call_command("bench_web", "--trials", "50", "--requests", "2", stdout=out)
    result = json.loads(out.getvalue())
    assert result["trials"] == 50
    pages = result["pages"]
    for part in ("home", "trial", "step", "results", "clinician", "match"):
        assert any(part in name for name in pages), part
    assert pages["bare"]["ratio_to_bare"] == 1.0
    for numbers in pages.values():
        assert set(numbers) >= {"p50_ms", "p95_ms", "ratio_to_bare", "bytes", "queries"}
        assert numbers["p95_ms"] >= numbers["p50_ms"] > 0
        assert numbers["bytes"] > 0
    # The API's JSON goes compressed to a client that accepts it; pages go as they are.
    assert pages["api_match"]["bytes"] < pages["api_match"]["bytes_uncompressed"]
    assert pages["results"]["bytes"] == pages["results"]["bytes_uncompressed"]
    assert result["rebuild_s"] > 0
    assert result["build_s"] > 0
    assert pages["results"]["queries"] >= 1
    assert result["first_after_publish_ratio"] > 0
    assert result["worker_memory"]["rss_mb"] > 0
    # Measured again once the worker serves the catalogue rebuilt after the publish.
    after = result["worker_memory_after_rebuild"]
    assert after["peak_rss_mb"] >= after["rss_mb"] > 0
    assert result["rebuild_in_worker_s"] >= 0


def test_bench_web_rejects_an_empty_catalogue():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("bench_web", "--trials", "0")
