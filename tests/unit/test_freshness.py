"""Answer freshness: which answers age, how fast, and when they need checking again."""

from __future__ import annotations

import datetime

import pytest

from matcher import engine, freshness

TODAY = datetime.date(2026, 11, 20)


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("key", "days"),
    [
        ("ecog", 7),
        ("organ_function_adequate", 7),
        ("measurable_disease", 28),
        ("disease_status", 28),
        ("life_expectancy_months", 28),
        ("last_treatment", 28),
        ("cns_metastases_active", 28),
        ("pregnant_or_breastfeeding", 28),
        ("diagnosis", None),
        ("age", None),
        ("sex", None),
        ("histology_confirmed", None),
    ],
)
def test_window_of_each_answer(key: str, days: int | None):
    assert freshness.window_days(key) == days


def test_every_window_names_a_real_answer_key_and_every_flag_has_one():
    assert set(freshness.WINDOWS) <= set(engine.ANSWER_KEYS)
    assert set(engine.FLAG_KEYS) <= set(freshness.WINDOWS)
    assert set(engine.EXCEPTION_KEYS) <= set(freshness.WINDOWS)


@pytest.mark.parametrize(
    ("key", "age_in_days", "expected"),
    [
        ("ecog", 0, False),
        ("ecog", 7, False),  # the day it was given is day 0: a week later is still in
        ("ecog", 8, True),
        ("measurable_disease", 28, False),
        ("measurable_disease", 29, True),
        ("diagnosis", 4000, False),  # does not age
    ],
)
def test_needs_recheck_at_the_edge_of_the_window(key: str, age_in_days: int, expected: bool):
    assert freshness.needs_recheck(key, days_ago(age_in_days), TODAY) is expected


def test_an_answer_without_a_date_is_not_trusted_where_a_window_applies():
    assert freshness.needs_recheck("ecog", None, TODAY)
    assert not freshness.needs_recheck("diagnosis", None, TODAY)


def test_rechecks_lists_only_stale_given_answers_with_their_dates():
    answers = {"ecog": 1, "diagnosis": "NPC", "measurable_disease": True, "disease_status": []}
    answered_on = {
        "ecog": days_ago(10).isoformat(),
        "diagnosis": days_ago(400).isoformat(),
        "measurable_disease": days_ago(3).isoformat(),
        "disease_status": "not a date",
        "organ_function_adequate": days_ago(30).isoformat(),  # a date without an answer
    }
    found = freshness.rechecks(answers, answered_on, TODAY)
    assert set(found) == {"ecog", "disease_status"}
    assert found["ecog"] == freshness.Recheck("ecog", days_ago(10), 7)
    assert found["disease_status"].answered_on is None


def test_parse_day_accepts_only_iso_dates():
    assert freshness.parse_day("2026-11-01") == datetime.date(2026, 11, 1)
    assert freshness.parse_day("01/11/2026") is None
    assert freshness.parse_day(20261101) is None
    assert freshness.parse_day(None) is None


def test_freshness_imports_without_django():
    import subprocess
    import sys

    code = (
        "import sys; import matcher.freshness; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
