"""Criteria extraction on real ClinicalTrials.gov records: precision and recall per field.

The records in tests/fixtures/ctgov/real/ are real registry studies (see the README there);
expected.json is our own reading of each. The test prints a per-field table (run pytest with
-s to see it) and holds the extraction to the issue's bar: age bounds right on every record,
ECOG ranges, measurable disease and chemotherapy washouts right on at least 90% of the records
that state them. Pure Python: no database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from trials.importers.ctgov import read_ctgov
from trials.importers.records import CriterionRecord

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "ctgov" / "real"
EXPECTED: dict[str, dict[str, Any]] = {
    key: value
    for key, value in json.loads((REAL / "expected.json").read_text(encoding="utf-8")).items()
    if not key.startswith("_")
}
COMMON_EXCLUSIONS = {
    "cns_metastases_active",
    "hbv_hcv_active",
    "immunodeficiency_hiv",
    "pregnant_or_breastfeeding",
    "autoimmune_active",
    "ild_or_pneumonitis",
    "other_malignancy_within_2y",
}
SCALAR_FIELDS = (
    "age",
    "sex",
    "ecog",
    "measurable_disease",
    "chemotherapy_washout_days",
    "prior_lines_min",
    "prior_lines_max",
    "life_expectancy_months",
)
SET_FIELDS = ("prior_therapies_required", "exclusion_flags")
# The bar: share of the records stating the field that must be right.
THRESHOLDS = {"ecog": 0.9, "measurable_disease": 0.9, "chemotherapy_washout_days": 0.9}


def extracted(criteria: Sequence[CriterionRecord]) -> dict[str, Any]:
    """The fields expected.json holds, read back from the proposed criteria."""
    ages = [c for c in criteria if c.type == "age"]
    age = (ages[0].params.get("min"), ages[0].params.get("max")) if ages else (None, None)
    sexes = [c.params["allowed"] for c in criteria if c.type == "sex"]
    ecog = None
    for c in criteria:
        if c.type == "ecog":
            low, high = c.params.get("min"), c.params.get("max")
            if c.kind == "inclusion":
                ecog = [low or 0, 4 if high is None else high]
            elif low is not None and high is None:
                ecog = [0, low - 1]
            break
    lines_min: int | None = None
    lines_max: int | None = None
    for c in criteria:
        if c.type != "prior_lines":
            continue
        low, high = c.params.get("min"), c.params.get("max")
        if c.kind == "exclusion":  # an exclusion's range is who is ruled out
            low, high = (
                (high + 1 if high is not None else None),
                (low - 1 if low is not None else None),
            )
        if low is not None:
            lines_min = max(low, lines_min or 0)
        if high is not None:
            lines_max = high if lines_max is None else min(high, lines_max)
    chemo = [
        c.params["days"]
        for c in criteria
        if c.type == "washout" and c.params["category"] == "chemotherapy"
    ]
    life = [c.params["min_months"] for c in criteria if c.type == "life_expectancy"]
    return {
        "age": age,
        "sex": sexes[0][0].upper() if sexes else "ALL",
        "ecog": ecog,
        "measurable_disease": True
        if any(c.type == "measurable_disease" for c in criteria)
        else None,
        "chemotherapy_washout_days": max(chemo) if chemo else None,
        "prior_lines_min": lines_min,
        "prior_lines_max": lines_max,
        "life_expectancy_months": max(life) if life else None,
        "prior_therapies_required": {
            c.params["therapy"]
            for c in criteria
            if c.type == "prior_therapy" and c.kind == "inclusion"
        },
        "exclusion_flags": {
            c.params["question"]
            for c in criteria
            if c.type == "flag"
            and c.kind == "exclusion"
            and c.params["question"] in COMMON_EXCLUSIONS
        },
    }


def expected(nct_id: str) -> dict[str, Any]:
    reading = EXPECTED[nct_id]
    return {
        **{name: reading[name] for name in SCALAR_FIELDS if name in reading},
        "age": (reading["age_min"], reading["age_max"]),
        "prior_therapies_required": set(reading["prior_therapies_required"]),
        "exclusion_flags": set(reading["exclusion_flags"]),
    }


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    stated: int = 0
    right: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score_fixtures() -> tuple[dict[str, Score], dict[str, list[str]]]:
    """Per-field counts over every real record, and the records each field got wrong."""
    scores = {name: Score() for name in (*SCALAR_FIELDS, *SET_FIELDS)}
    wrong: dict[str, list[str]] = {name: [] for name in scores}
    for path in sorted(REAL.glob("NCT*.json")):
        (record,) = read_ctgov(json.loads(path.read_text(encoding="utf-8")), path.name)
        assert record.nct_id is not None
        assert record.criteria is not None
        got, want = extracted(record.criteria), expected(record.nct_id)
        for name in SCALAR_FIELDS:
            score = scores[name]
            stated = want[name] not in (None, (None, None)) or name in {"age", "sex"}
            score.stated += stated
            if got[name] == want[name]:
                score.right += stated
                score.tp += stated
            else:
                wrong[name].append(f"{record.nct_id}: got {got[name]}, expected {want[name]}")
                score.fp += got[name] is not None
                score.fn += stated
        for name in SET_FIELDS:
            score = scores[name]
            score.tp += len(got[name] & want[name])
            score.fp += len(got[name] - want[name])
            score.fn += len(want[name] - got[name])
            score.stated += bool(want[name])
            score.right += bool(want[name]) and got[name] == want[name]
            if got[name] != want[name]:
                wrong[name].append(
                    f"{record.nct_id}: extra {sorted(got[name] - want[name])}, "
                    f"missed {sorted(want[name] - got[name])}"
                )
    return scores, wrong


def report(scores: dict[str, Score]) -> str:
    """The per-field table."""
    lines = [
        f"{'field':28} {'precision':>9} {'recall':>7} {'right/stated':>13}",
        "-" * 60,
    ]
    for name, score in scores.items():
        lines.append(
            f"{name:28} {score.precision:9.2f} {score.recall:7.2f} "
            f"{score.right:>6}/{score.stated:<6}"
        )
    return "\n".join(lines)


def test_there_are_at_least_fifteen_real_records_each_with_an_expected_reading() -> None:
    files = {path.stem for path in REAL.glob("NCT*.json")}

    assert len(files) >= 15
    assert files == set(EXPECTED)


def test_extraction_precision_and_recall_per_field_meet_the_bar() -> None:
    scores, wrong = score_fixtures()

    print("\nCriteria extraction on", len(EXPECTED), "real ClinicalTrials.gov records")
    print(report(scores))
    for name, misses in wrong.items():
        for miss in misses:
            print(f"  {name}: {miss}")

    assert scores["age"].right == scores["age"].stated == len(EXPECTED), wrong["age"]
    for name, bar in THRESHOLDS.items():
        score = scores[name]
        assert score.stated > 0
        assert score.right / score.stated >= bar, wrong[name]


@pytest.mark.parametrize("nct_id", sorted(EXPECTED))
def test_every_real_record_keeps_every_protocol_line_and_proposes_only_unreviewed_criteria(
    nct_id: str,
) -> None:
    path = REAL / f"{nct_id}.json"
    (record,) = read_ctgov(json.loads(path.read_text(encoding="utf-8")), path.name)

    assert record.criteria is not None
    assert not any(c.reviewed for c in record.criteria)
    assert any(c.type != "text" for c in record.criteria)
    lines = {(c.kind, c.line) for c in record.criteria if c.line is not None}
    assert len(lines) >= 3
