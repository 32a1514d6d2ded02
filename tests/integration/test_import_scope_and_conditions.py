"""A registry record's cohort scope and condition codes as the database stores them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trials.importers.ctgov import read_ctgov
from trials.importers.store import save_records
from trials.models import Condition, Trial

SINGLE = Path(__file__).resolve().parents[1] / "fixtures" / "ctgov" / "single_study.json"


def study(conditions: list[str], eligibility: str) -> Any:
    data = json.loads(SINGLE.read_text(encoding="utf-8"))
    data["protocolSection"]["conditionsModule"]["conditions"] = conditions
    data["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = eligibility
    # A title naming no condition (the fixture's says "solid tumours", which maps to SOLID).
    data["protocolSection"]["identificationModule"]["briefTitle"] = "A study of Example-1"
    data["protocolSection"]["identificationModule"].pop("officialTitle", None)
    return data


@pytest.mark.django_db
def test_cohort_lines_are_stored_as_text_with_their_scope() -> None:
    text = (
        "Inclusion Criteria:\n\n* ECOG 0-1\n\nCohort B only:\n\n* No more than 2 prior lines\n\n"
        "Exclusion Criteria:\n\n* Pregnant\n"
    )
    (record,) = read_ctgov(study(["Solid Tumor"], text), "x.json")

    save_records([record])

    trial = Trial.objects.get(nct_id=record.nct_id)
    scoped = trial.criteria.filter(scope="Cohort B only")
    assert {(c.type, c.text) for c in scoped} == {
        ("text", "Cohort B only:"),
        ("text", "No more than 2 prior lines"),
    }
    assert trial.criteria.get(type="ecog").scope == ""
    assert trial.eligibility_coverage == "full"


@pytest.mark.django_db
def test_a_code_added_to_the_tree_after_the_catalogue_was_made_is_created_on_import() -> None:
    Condition.objects.filter(code="FL").delete()
    (record,) = read_ctgov(study(["Lymphoma, Follicular"], "* Adult"), "x.json")

    save_records([record])

    trial = Trial.objects.get(nct_id=record.nct_id)
    assert list(trial.conditions.values_list("code", flat=True)) == ["FL"]
    parent = Condition.objects.get(code="FL").parent
    assert parent is not None
    assert parent.code == "NHL"


@pytest.mark.django_db
def test_conditions_that_map_to_nothing_leave_the_trial_for_a_curator() -> None:
    (record,) = read_ctgov(study(["Advanced Malignancies"], "* Adult"), "x.json")

    save_records([record])

    trial = Trial.objects.get(nct_id=record.nct_id)
    (diagnosis,) = trial.criteria.filter(type="diagnosis")
    assert not trial.conditions.exists()
    assert diagnosis.params == {"codes": [], "terms": ["Advanced Malignancies"]}
    assert trial.unmapped_condition_terms() == ["Advanced Malignancies"]
