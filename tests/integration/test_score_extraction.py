"""`manage.py score_extraction`: one JSON object of per-field counts, and the counting rules."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trials.importers.records import CriterionRecord, TrialRecord
from trials.importers.scoring import FIELDS, LABEL_KEYS, read_proposals, score

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "ctgov" / "corpus"


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("score_extraction", *args, stdout=out)
    return json.loads(out.getvalue())


def label(**given: Any) -> dict[str, Any]:
    """A label object with every field null except those given."""
    empty: dict[str, Any] = dict.fromkeys(LABEL_KEYS)
    empty.update(sex="ALL", diagnosis=[], notes="")
    return {**empty, **given}


def record(nct_id: str, *criteria: CriterionRecord, codes: tuple[str, ...] = ()) -> TrialRecord:
    return TrialRecord(
        source="test",
        slug=nct_id.lower(),
        brief_title=nct_id,
        nct_id=nct_id,
        criteria=criteria,
        condition_codes=codes or None,
    )


def criterion(kind: str, type: str, **params: Any) -> CriterionRecord:
    return CriterionRecord(kind=kind, text="a protocol line", type=type, params=params)


@pytest.mark.parametrize("part", ["dev", "holdout"])
def test_the_command_scores_each_part_of_the_corpus_with_every_field(part: str) -> None:
    result = run(str(CORPUS / part), str(CORPUS / "labels.json"))

    assert result["records"] == len(list((CORPUS / part).glob("NCT*.json")))
    assert set(result["fields"]) == set(FIELDS)
    for name, counts in result["fields"].items():
        assert set(counts) == {"precision", "recall", "tp", "fp", "fn"}, name
        assert all(counts[k] >= 0 for k in ("tp", "fp", "fn")), name
    assert "unlabelled" not in result
    assert set(result["misses"]) <= set(FIELDS)


def test_the_command_takes_single_files_and_reports_unlabelled_records(tmp_path: Path) -> None:
    study = next((CORPUS / "dev").glob("NCT*.json"))
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"_about": "none of these"}), encoding="utf-8")

    result = run(str(study), str(labels))

    assert result["records"] == 0
    assert result["unlabelled"] == [study.stem]


def test_a_missing_path_or_bad_labels_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "labels.json"
    bad.write_text("[1, 2", encoding="utf-8")

    with pytest.raises(CommandError, match="no such file or folder"):
        run(str(tmp_path / "absent"), str(CORPUS / "labels.json"))
    with pytest.raises(CommandError, match="not readable JSON"):
        run(str(CORPUS / "dev"), str(bad))


def test_true_and_false_positives_and_negatives_are_counted_per_field() -> None:
    labels = {
        # ECOG right, washout wrong value, life expectancy missed, a flag proposed for nothing.
        "NCT00000001": label(
            ecog=[0, 1], washout_chemotherapy=28, life_expectancy_months=3, diagnosis=["NSCLC"]
        ),
        # ECOG from an exclusion (>= 2 ruled out) right; measurable disease right; codes half right.
        "NCT00000002": label(
            ecog=[0, 1], measurable_disease=True, diagnosis=["BRCA", "HCC"], age_min=18
        ),
    }
    records = [
        record(
            "NCT00000001",
            criterion("inclusion", "ecog", min=0, max=1),
            criterion("exclusion", "washout", category="chemotherapy", days=21),
            criterion("exclusion", "flag", question="hbv_hcv_active"),
            criterion("inclusion", "diagnosis", codes=["NSCLC"]),
        ),
        record(
            "NCT00000002",
            criterion("inclusion", "age", min=18),
            criterion("exclusion", "ecog", min=2),
            criterion("inclusion", "measurable_disease"),
            criterion("inclusion", "diagnosis", codes=["BRCA", "PAAD"]),
            codes=("BREAST",),
        ),
    ]

    result = score(records, labels)
    fields = result["fields"]

    assert result["records"] == 2
    assert fields["ecog"] == {"precision": 1.0, "recall": 1.0, "tp": 2, "fp": 0, "fn": 0}
    assert fields["washout_chemotherapy"] == {
        "precision": 0.0,
        "recall": 0.0,
        "tp": 0,
        "fp": 1,
        "fn": 1,
    }
    assert fields["life_expectancy_months"] == {
        "precision": None,
        "recall": 0.0,
        "tp": 0,
        "fp": 0,
        "fn": 1,
    }
    assert fields["hbv_hcv_active"] == {
        "precision": 0.0,
        "recall": None,
        "tp": 0,
        "fp": 1,
        "fn": 0,
    }
    assert fields["measurable_disease"]["tp"] == 1
    assert fields["age_min"] == {"precision": 1.0, "recall": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert fields["diagnosis"] == {
        "precision": 0.6667,
        "recall": 0.6667,
        "tp": 2,
        "fp": 1,
        "fn": 1,
    }
    assert fields["diagnosis_conditions"] == {
        "precision": 0.0,
        "recall": 0.0,
        "tp": 0,
        "fp": 1,
        "fn": 3,
    }
    assert result["misses"]["washout_chemotherapy"] == [
        {"nct_id": "NCT00000001", "expected": 28, "got": 21}
    ]
    assert "ecog" not in result["misses"]


def test_prior_lines_age_months_and_sex_are_read_from_the_proposals() -> None:
    got = read_proposals(
        record(
            "NCT00000003",
            criterion("inclusion", "prior_lines", min=1),
            criterion("exclusion", "prior_lines", min=3),
            criterion("inclusion", "age", min=0, max=17, min_months=6),
            criterion("inclusion", "sex", allowed=["female"]),
            criterion("inclusion", "life_expectancy", min_months=3),
            criterion("inclusion", "life_expectancy", min_months=6),
            criterion("inclusion", "a_type_from_the_future", anything=True),
        )
    )

    assert (got["prior_lines_min"], got["prior_lines_max"]) == (1, 2)
    assert (got["age_min"], got["age_max"], got["age_min_months"]) == (None, 17, 6)
    assert got["sex"] == "FEMALE"
    assert got["life_expectancy_months"] == 6
    assert got["diagnosis"] is None
