"""A registry record's cohort scope and condition codes as the database stores them."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from matcher import engine
from trials.importers.ctgov import read_ctgov
from trials.importers.store import save_records
from trials.models import Condition, Trial, condition_tree

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
def test_a_code_the_tree_moved_is_moved_on_import_and_matches_its_new_parent() -> None:
    dlbcl = Condition.objects.get(code="DLBCL")
    dlbcl.parent = Condition.objects.get(code="LYMPH")  # where catalogues made before had it
    dlbcl.save()

    result = _verdict_for(["Non-Hodgkin Lymphoma"], "* Adult", "DLBCL")

    assert Condition.objects.get(code="DLBCL").parent == Condition.objects.get(code="NHL")
    assert _diagnosis_status(result) == engine.Status.PASS


@pytest.mark.django_db
def test_conditions_that_map_to_nothing_leave_the_trial_for_a_curator() -> None:
    (record,) = read_ctgov(study(["Advanced Malignancies"], "* Adult"), "x.json")

    save_records([record])

    trial = Trial.objects.get(nct_id=record.nct_id)
    (diagnosis,) = trial.criteria.filter(type="diagnosis")
    assert not trial.conditions.exists()
    assert diagnosis.params == {"codes": [], "terms": ["Advanced Malignancies"]}
    assert trial.unmapped_condition_terms() == ["Advanced Malignancies"]


def _verdict_for(conditions: list[str], eligibility: str, diagnosis: str) -> engine.TrialResult:
    (record,) = read_ctgov(study(conditions, eligibility), "x.json")
    save_records([record])
    trial = Trial.objects.get(nct_id=record.nct_id)
    return engine.evaluate_trial(
        trial.to_engine(),
        engine.validate_answers({"diagnosis": diagnosis, "age": 50}),
        as_of=datetime.date(2026, 11, 21),
        tree=condition_tree(),
    )


def _diagnosis_status(result: engine.TrialResult) -> engine.Status:
    (item,) = [i for i in result.criteria if i.criterion.type.value == "diagnosis"]
    return item.status


SOLID_ONLY = (
    "Inclusion Criteria:\n\n* Histologically or cytologically confirmed advanced or metastatic "
    "solid tumour for which standard therapy has failed\n* Age 18 years or older\n\n"
    "Exclusion Criteria:\n\n* Pregnant or breastfeeding\n"
)
LUNG_ONLY = (
    "Inclusion Criteria:\n\n* Histologically confirmed stage IV non-small cell lung cancer\n"
    "* Age 18 years or older\n"
)


@pytest.mark.django_db
@pytest.mark.parametrize("diagnosis", ["DLBCL", "HL", "FL", "CLL", "MM", "AML", "LYMPH"])
def test_a_blood_cancer_is_not_eligible_for_a_solid_tumour_only_registry_trial(
    diagnosis: str,
) -> None:
    result = _verdict_for(["Advanced Solid Tumors"], SOLID_ONLY, diagnosis)

    assert _diagnosis_status(result) == engine.Status.FAIL
    assert result.verdict == engine.Verdict.NOT


@pytest.mark.django_db
@pytest.mark.parametrize("conditions", [["Non-Small Cell Lung Cancer"], ["Lung Cancer"]])
def test_npc_is_not_eligible_for_a_lung_cancer_only_registry_trial(conditions: list[str]) -> None:
    result = _verdict_for(conditions, LUNG_ONLY, "NPC")

    assert _diagnosis_status(result) == engine.Status.FAIL
    assert result.verdict == engine.Verdict.NOT


@pytest.mark.django_db
def test_the_cancers_those_trials_are_for_pass_their_diagnosis() -> None:
    assert _diagnosis_status(_verdict_for(["Advanced Solid Tumors"], SOLID_ONLY, "NPC")) == (
        engine.Status.PASS
    )
    assert _diagnosis_status(_verdict_for(["Lung Cancer"], LUNG_ONLY, "LUAD")) == (
        engine.Status.PASS
    )
