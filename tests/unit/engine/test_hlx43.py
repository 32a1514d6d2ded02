"""HLX43 (NCT06839066): every protocol line as criteria, against typical NPC patients."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from matcher.engine import (
    FLAG_KEYS,
    Audience,
    Status,
    TrialSpec,
    Verdict,
    evaluate_trial,
)

from .factories import AS_OF, TREE, answers, criterion, days_ago

WASHOUTS = {
    "major_surgery": 28,
    "radiotherapy": 28,
    "chemotherapy": 28,
    "immunotherapy": 28,
    "biologic": 28,
    "hormonal": 14,
    "targeted_small_molecule": 14,
    "tcm_antitumor": 7,
    "minor_surgery": 7,
}
EXCLUDING_FLAGS = [
    "curative_local_therapy_candidate",
    "major_vessel_invasion",
    "other_malignancy_within_2y",
    "prior_grade3_irae",
    "uncontrolled_effusion",
    "cns_metastases_active",
    "ild_or_pneumonitis",
    "uncontrolled_cardiovascular",
    "transplant",
    "active_infection_iv_antibiotics",
    "strong_cyp_modulators",
    "systemic_steroids",
    "autoimmune_active",
    "live_vaccine_recent",
    "hypersensitivity_biologics",
    "tuberculosis_active",
    "immunodeficiency_hiv",
    "hbv_hcv_active",
    "pregnant_or_breastfeeding",
]

# The protocol's exceptions: asked as follow-ups where the questionnaire can ask them, else
# named for the study team ("may be exempted if investigators confirm no impact").
EXCEPTIONS: dict[str, dict[str, Any]] = {
    "major_vessel_invasion": {
        "exceptions": ["investigators confirm no impact on trial participation"]
    },
    "other_malignancy_within_2y": {"except_if": ["other_malignancy_curatively_treated"]},
    "systemic_steroids": {"except_if": ["steroids_low_dose_or_local_only"]},
    "autoimmune_active": {"except_if": ["autoimmune_thyroid_or_diabetes_controlled"]},
}
SHORTER_IF_HALF_LIVES = {"chemotherapy", "immunotherapy", "biologic"}


def _washout(category: str, days: int):
    extra: dict[str, Any] = {}
    if category in SHORTER_IF_HALF_LIVES:
        extra["bound"] = "at_most"
    if category == "radiotherapy":
        extra["exceptions"] = ["palliative bone radiotherapy"]
    return criterion("washout", category=category, days=days, **extra)


HLX43 = TrialSpec(
    "NCT06839066",
    (
        criterion("text", text="Sign the informed consent form."),
        criterion("age", min=18),
        criterion("diagnosis", codes=["NPC"]),
        criterion("flag", question="histology_confirmed"),
        criterion("disease_status", any_of=["recurrent", "metastatic"]),
        criterion("prior_lines", min=2),
        criterion("prior_therapy", therapy="platinum_chemotherapy"),
        criterion("prior_therapy", therapy="pd1_pdl1_inhibitor"),
        criterion("measurable_disease"),
        criterion("flag", question="tissue_sample_available"),
        *(_washout(c, d) for c, d in WASHOUTS.items()),
        criterion("text", text="Treatment-related adverse events recovered to grade <= 1."),
        criterion("ecog", min=0, max=1),
        criterion("life_expectancy", min_months=3),
        criterion("flag", question="organ_function_adequate"),
        criterion("flag", question="contraception_willing"),
        *(
            criterion("flag", "exclusion", question=flag, **EXCEPTIONS.get(flag, {}))
            for flag in EXCLUDING_FLAGS
        ),
        criterion("text", "exclusion", text="Investigator's judgement."),
    ),
)

FITTING: dict[str, object] = {
    "age": 48,
    "sex": "male",
    "diagnosis": "NPC",
    "histology_confirmed": True,
    "disease_status": ["recurrent", "metastatic"],
    "prior_systemic_lines": 2,
    "prior_therapies": ["platinum_chemotherapy", "pd1_pdl1_inhibitor", "gemcitabine"],
    "ecog": 1,
    "last_treatment": {**dict.fromkeys(WASHOUTS, "never"), "chemotherapy": days_ago(60)},
    "measurable_disease": True,
    "life_expectancy_months": 12,
    "organ_function_adequate": True,
    "tissue_sample_available": True,
    "contraception_willing": True,
    **dict.fromkeys(FLAG_KEYS, False),
}


def test_hlx43_keeps_every_protocol_line():
    assert len(HLX43.criteria) == 44  # 31 protocol lines, some split by answer
    assert all(c.type in {"flag", "text"} for c in HLX43.criteria if c.kind == "exclusion")


@pytest.mark.parametrize(
    ("changes", "verdict", "eligible_from"),
    [
        ({}, Verdict.LIKELY, None),
        ({"diagnosis": "SOLID"}, Verdict.POSSIBLY, None),
        ({"tuberculosis_active": None, "ecog": None}, Verdict.POSSIBLY, None),
        (
            {"last_treatment": {**dict.fromkeys(WASHOUTS, "never"), "chemotherapy": "2026-11-07"}},
            Verdict.LATER,
            date(2026, 12, 5),
        ),
        ({"prior_systemic_lines": 1}, Verdict.NOT, None),
        ({"prior_therapies": ["platinum_chemotherapy"]}, Verdict.NOT, None),
        ({"diagnosis": "HNSC"}, Verdict.NOT, None),
        ({"ecog": 2}, Verdict.NOT, None),
        ({"hbv_hcv_active": True}, Verdict.NOT, None),
        ({"age": 17, "last_treatment": {"chemotherapy": days_ago(3)}}, Verdict.NOT, None),
        # Another cancer within 2 years: radically treated early-stage cancers are allowed.
        ({"other_malignancy_within_2y": True}, Verdict.POSSIBLY, None),
        (
            {"other_malignancy_within_2y": True, "other_malignancy_curatively_treated": True},
            Verdict.LIKELY,
            None,
        ),
        (
            {"other_malignancy_within_2y": True, "other_malignancy_curatively_treated": False},
            Verdict.NOT,
            None,
        ),
        # Steroids: at most 10 mg prednisone a day, or local use, is allowed.
        (
            {"systemic_steroids": True, "steroids_low_dose_or_local_only": True},
            Verdict.LIKELY,
            None,
        ),
        (
            {"systemic_steroids": True, "steroids_low_dose_or_local_only": False},
            Verdict.NOT,
            None,
        ),
        # Autoimmune disease: treated hypothyroidism and controlled type 1 diabetes are allowed.
        (
            {"autoimmune_active": True, "autoimmune_thyroid_or_diabetes_controlled": True},
            Verdict.LIKELY,
            None,
        ),
        (
            {"autoimmune_active": True, "autoimmune_thyroid_or_diabetes_controlled": False},
            Verdict.NOT,
            None,
        ),
        # Vessel invasion may be exempted by the investigators: not a no.
        ({"major_vessel_invasion": True}, Verdict.POSSIBLY, None),
    ],
)
def test_hlx43_verdicts(changes, verdict, eligible_from):
    result = evaluate_trial(HLX43, answers(**{**FITTING, **changes}), as_of=AS_OF, tree=TREE)
    assert (result.verdict, result.eligible_from) == (verdict, eligible_from)


def test_hlx43_reasons_render_for_both_audiences():
    result = evaluate_trial(HLX43, answers(age=48, diagnosis="NPC"), as_of=AS_OF, tree=TREE)
    assert result.verdict == Verdict.POSSIBLY
    assert result.score == 2 / 41  # age and diagnosis pass; 3 text lines do not count
    for line in result.criteria:
        for audience in Audience:
            rendered = line.reason.render(audience)
            assert rendered.endswith(".")
            assert "%" not in rendered
        if line.status == Status.UNKNOWN and line.criterion.type != "text":
            assert "fail" not in line.reason.render()
