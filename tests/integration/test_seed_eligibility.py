"""The curated seed criteria against real profiles: HLX43's decisive answers each flip it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from matcher import engine
from trials.models import Trial, condition_tree

from .test_api import THIRD_LINE_NPC

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 21)


def evaluate(answers: dict[str, Any], key: str = "NCT06839066") -> engine.TrialResult:
    trial = Trial.objects.get(nct_id=key) if key.startswith("NCT") else Trial.objects.get(slug=key)
    return engine.evaluate_trial(
        trial.to_engine(),
        engine.validate_answers(answers),
        as_of=AS_OF,
        tree=condition_tree(),
    )


def failing(result: engine.TrialResult) -> set[tuple[str, str]]:
    return {
        (item.criterion.type.value, str(item.criterion.params_dict().get("question", "")))
        for item in result.criteria
        if item.status == engine.Status.FAIL
    }


def test_hlx43_keeps_every_protocol_line(seeded_catalogue):
    trial = Trial.objects.get(nct_id="NCT06839066")
    lines = {(c.kind, c.line) for c in trial.criteria.all()}
    assert len([line for line in lines if line[0] == "inclusion"]) == 11
    assert len([line for line in lines if line[0] == "exclusion"]) == 20
    assert all(c.reviewed for c in trial.criteria.all())


def test_third_line_npc_is_likely_eligible_for_hlx43(seeded_catalogue):
    result = evaluate(THIRD_LINE_NPC)
    assert result.verdict == engine.Verdict.LIKELY
    assert failing(result) == set()


@pytest.mark.parametrize(
    ("change", "verdict", "reason"),
    [
        ({"age": 17}, engine.Verdict.NOT, ("age", "")),
        ({"diagnosis": "HNSC"}, engine.Verdict.NOT, ("diagnosis", "")),
        ({"disease_status": ["localized"]}, engine.Verdict.NOT, ("disease_status", "")),
        ({"histology_confirmed": False}, engine.Verdict.NOT, ("flag", "histology_confirmed")),
        ({"prior_systemic_lines": 1}, engine.Verdict.NOT, ("prior_lines", "")),
        ({"prior_therapies": ["pd1_pdl1_inhibitor"]}, engine.Verdict.NOT, ("prior_therapy", "")),
        ({"prior_therapies": ["platinum_chemotherapy"]}, engine.Verdict.NOT, ("prior_therapy", "")),
        ({"ecog": 2}, engine.Verdict.NOT, ("ecog", "")),
        ({"measurable_disease": False}, engine.Verdict.NOT, ("measurable_disease", "")),
        ({"life_expectancy_months": 2}, engine.Verdict.NOT, ("life_expectancy", "")),
        ({"tuberculosis_active": True}, engine.Verdict.NOT, ("flag", "tuberculosis_active")),
        ({"cns_metastases_active": True}, engine.Verdict.NOT, ("flag", "cns_metastases_active")),
        (
            {"pregnant_or_breastfeeding": True},
            engine.Verdict.NOT,
            ("flag", "pregnant_or_breastfeeding"),
        ),
        (
            {"last_treatment": {**THIRD_LINE_NPC["last_treatment"], "radiotherapy": "2026-11-01"}},
            engine.Verdict.LATER,
            ("washout", ""),
        ),
        (
            {"last_treatment": {**THIRD_LINE_NPC["last_treatment"], "tcm_antitumor": "2026-11-18"}},
            engine.Verdict.LATER,
            ("washout", ""),
        ),
        ({"ecog": None}, engine.Verdict.POSSIBLY, None),
        ({"tuberculosis_active": None}, engine.Verdict.POSSIBLY, None),
    ],
)
def test_one_decisive_answer_flips_hlx43_for_the_right_reason(
    seeded_catalogue, change: dict[str, Any], verdict: engine.Verdict, reason
):
    result = evaluate({**THIRD_LINE_NPC, **change})
    assert result.verdict == verdict
    assert failing(result) == ({reason} if reason else set())


def test_tcm_washout_is_seven_days(seeded_catalogue):
    last = {**THIRD_LINE_NPC["last_treatment"], "tcm_antitumor": "2026-11-18"}
    result = evaluate({**THIRD_LINE_NPC, "last_treatment": last})
    assert result.eligible_from == datetime.date(2026, 11, 25)


@pytest.mark.parametrize("key", sorted(THIRD_LINE_NPC))
def test_a_missing_answer_never_makes_a_seed_trial_not_eligible(seeded_catalogue, key: str):
    answers = {k: v for k, v in THIRD_LINE_NPC.items() if k != key}
    for trial in Trial.objects.all():
        assert evaluate(answers, trial.key).verdict != engine.Verdict.NOT or (
            evaluate(THIRD_LINE_NPC, trial.key).verdict == engine.Verdict.NOT
        )


def test_iae0972_wants_one_or_two_failed_lines(seeded_catalogue):
    key = "iae0972-chemotherapy-rm-hnscc-npc"
    assert (
        evaluate({**THIRD_LINE_NPC, "prior_systemic_lines": 0}, key).verdict == engine.Verdict.NOT
    )
    assert (
        evaluate({**THIRD_LINE_NPC, "prior_systemic_lines": 1}, key).verdict
        == engine.Verdict.POSSIBLY  # only its summary is published
    )
    assert (
        evaluate({**THIRD_LINE_NPC, "prior_systemic_lines": 3}, key).verdict == engine.Verdict.NOT
    )
    assert evaluate({**THIRD_LINE_NPC, "diagnosis": "HNSC"}, key).verdict == engine.Verdict.POSSIBLY


def test_ibb0979_takes_any_previously_treated_advanced_solid_tumour(seeded_catalogue):
    key = "ibb0979-advanced-solid-tumours"
    lung = {"diagnosis": "LUNG", "disease_status": ["metastatic"], "prior_systemic_lines": 1}
    assert evaluate(lung, key).verdict == engine.Verdict.POSSIBLY
    assert evaluate({**lung, "prior_systemic_lines": 0}, key).verdict == engine.Verdict.NOT
    assert evaluate({**lung, "diagnosis": "LYMPH"}, key).verdict == engine.Verdict.NOT
    # "A solid tumour" is enough for a trial open to every solid tumour.
    assert evaluate({**lung, "diagnosis": "SOLID"}, key).verdict == engine.Verdict.POSSIBLY


@pytest.mark.parametrize(
    "key", ["iae0972-chemotherapy-rm-hnscc-npc", "ibb0979-advanced-solid-tumours"]
)
def test_summary_only_trials_never_show_a_newborn_as_a_fit(seeded_catalogue, key: str):
    # Their summaries state no age limit, so none is invented: the cap keeps them "possibly".
    trial = Trial.objects.get(slug=key)
    assert trial.eligibility_coverage == Trial.Coverage.SUMMARY
    assert not trial.criteria.filter(type="age").exists()
    baby = {**THIRD_LINE_NPC, "age": 0, "prior_systemic_lines": 1}
    result = evaluate(baby, key)
    assert result.verdict != engine.Verdict.LIKELY


@pytest.mark.parametrize(
    ("change", "verdict"),
    [
        ({"other_malignancy_within_2y": True}, engine.Verdict.POSSIBLY),
        (
            {"other_malignancy_within_2y": True, "other_malignancy_curatively_treated": True},
            engine.Verdict.LIKELY,
        ),
        (
            {"other_malignancy_within_2y": True, "other_malignancy_curatively_treated": False},
            engine.Verdict.NOT,
        ),
        ({"systemic_steroids": True}, engine.Verdict.POSSIBLY),
        (
            {"systemic_steroids": True, "steroids_low_dose_or_local_only": True},
            engine.Verdict.LIKELY,
        ),
        (
            {"systemic_steroids": True, "steroids_low_dose_or_local_only": False},
            engine.Verdict.NOT,
        ),
        (
            {"autoimmune_active": True, "autoimmune_thyroid_or_diabetes_controlled": True},
            engine.Verdict.LIKELY,
        ),
        (
            {"autoimmune_active": True, "autoimmune_thyroid_or_diabetes_controlled": False},
            engine.Verdict.NOT,
        ),
        # "May be exempted if investigators confirm no impact": for the study team, not a no.
        ({"major_vessel_invasion": True}, engine.Verdict.POSSIBLY),
    ],
)
def test_hlx43_keeps_its_protocol_exceptions(
    seeded_catalogue, change: dict[str, Any], verdict: engine.Verdict
):
    assert evaluate({**THIRD_LINE_NPC, **change}).verdict == verdict


def test_hlx43_washouts_name_their_exceptions_and_upper_bounds(seeded_catalogue):
    last = {**THIRD_LINE_NPC["last_treatment"], "chemotherapy": "2026-11-10"}
    result = evaluate({**THIRD_LINE_NPC, "last_treatment": last})
    assert result.verdict == engine.Verdict.LATER
    chemo = next(
        item
        for item in result.criteria
        if item.status == engine.Status.FAIL and item.criterion.params_dict().get("bound")
    )
    assert "5 half-lives" in chemo.reason.render()
    radio = next(
        item
        for item in result.criteria
        if item.criterion.params_dict().get("category") == "radiotherapy"
    )
    assert "palliative bone radiotherapy" in radio.reason.render()
