"""Criteria extraction from protocol lines: the spellings protocols use, table by table.

Pure Python (no database): `read_line` proposes typed criteria for one line, and
`propose_criteria` turns a trial's lines into criterion records, unreviewed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from matcher import engine
from trials.importers.ctgov import read_ctgov
from trials.importers.eligibility import split_eligibility
from trials.importers.extraction import (
    is_cohort_specific,
    propose_criteria,
    read_age,
    read_ecog,
    read_line,
    read_washouts,
)
from trials.importers.records import CriterionRecord
from trials.importers.seed_text import parse_seed_text, read_text_file
from trials.importers.synonyms import Diagnosis, codes_in, diagnosis_codes

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def typed(kind: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    return [(proposal.type, proposal.params) for proposal in read_line(kind, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ECOG 0-1", (0, 1)),
        ("ECOG <= 2", (0, 2)),
        ("ECOG ≤2", (0, 2)),
        ("ECOG ≤ 1", (0, 1)),
        ("ECOG performance status 0 or 1", (0, 1)),
        ("performance status of 0 or 1", (0, 1)),
        ("Eastern Cooperative Oncology Group (ECOG) performance status of 0, 1, or 2", (0, 2)),
        ("Eastern Cooperative Oncology Group(ECOG) performance status 0-1;", (0, 1)),
        ("Eastern Cooperative Oncology Group( ECOG )score ≤2；", (0, 2)),
        (
            "Have a Performance Status of 0 or 1 on the Eastern Cooperative Oncology Group scale",
            (0, 1),
        ),
        ("Eastern Cooperative Oncology Group (ECOG) (Zubrod) performance status of 0-2.", (0, 2)),
        ("ECOG performance status 0.", (0, 0)),
        ("ECOG < 2", (0, 1)),
        ("ECOG PS 0 – 1 within 1 week before randomization", (0, 1)),
        ("Karnofsky ≥ 70", (0, 1)),
        ("Karnofsky performance status of at least 60%", (0, 2)),
        ("Karnofsky performance score >= 90", (0, 0)),
        ("ECOG 0-1 or Karnofsky ≥ 70", (0, 1)),
        ("Adequate organ function", None),
        ("Grade >= 3 immune-related adverse event", None),
        # The grade a group needs to be let in, or a grade let in beside the general range.
        ("Aged 18-80; over 80 allowed at the investigator's discretion if ECOG <= 1", None),
        ("ECOG 0-2; those over 75 are eligible only if ECOG is 0 or 1", (0, 2)),
        ("Patients are eligible if ECOG performance status is 0 or 1", (0, 1)),
        ("Patients with ECOG 2 due to the cancer itself may also be enrolled", None),
        ("Patients with ECOG 0-1 are eligible", (0, 1)),
        # A value per part, each labelled after it: the widest range allowed.
        ("ECOG PS of 0-1 (dose escalation) or 0-2 (expansion)", (0, 2)),
        ("ECOG <= 1 (Phase Ib), <= 2 (Phase II arm A) and <= 1 (Phase II arm B)", (0, 2)),
        # a range whose dash was lost, or whose last grade runs into the next item's number
        ("ECOG performance status 0 2 at study entry", (0, 2)),
        ("ECOG PS 0 or 17. Archival tumour tissue available", (0, 1)),
        # the range before the scale
        ("0 to 2 score of Performance Status (according to ECOG)", (0, 2)),
        # a typed "0r", a scale named after the range
        (
            "Eastern Cooperative Oncology Group (ECOG) Performance Status score of 0, 1, 0r 2",
            (0, 2),
        ),
        ("Performance 0-2 (Eastern Cooperative Oncology Group (ECOG)).", (0, 2)),
        # the ages each scale is for are no scores
        (
            "Karnofsky performance status (for patients >12 years of age) or Lansky Play score "
            "(for patients <=12 years of age) >= 50% (Appendix I).",
            (0, 2),
        ),
        # a Karnofsky range converts at both ends
        ("Performance status - Karnofsky 60-100%", (0, 2)),
        ("Karnofsky performance status 10-50%", (2, 4)),
        # scales that contradict each other (a floor on ECOG, a floor on Karnofsky): none
        ("ECOG performance status >=2 (Karnofsky >=60%)", None),
        # the grade an age group needs is not everyone's
        ("Patient >65 years old with ECOG <=1 and absence of comorbidities will be included", None),
    ],
)
def test_ecog_spellings(text: str, expected: tuple[int, int] | None) -> None:
    assert read_ecog(text) == expected


def test_an_ecog_in_an_inclusion_is_the_allowed_range_and_in_an_exclusion_who_is_ruled_out() -> (
    None
):
    assert typed("inclusion", "ECOG 0-1") == [("ecog", {"min": 0, "max": 1})]
    assert typed("inclusion", "ECOG performance status 0-4") == [("ecog", {"min": 0})]
    assert typed("exclusion", "ECOG performance status ≥ 2") == [("ecog", {"min": 2})]


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("inclusion", "At least one prior line of systemic therapy", {"min": 1}),
        ("inclusion", "Failed at least two prior lines of chemotherapy", {"min": 2}),
        ("inclusion", "No more than two prior regimens", {"max": 2}),
        ("inclusion", "no more than 3 prior lines of therapy for metastatic disease", {"max": 3}),
        ("exclusion", "More than two lines of systemic therapy", {"min": 3}),
        ("inclusion", "No prior systemic treatment for recurrent/metastatic NPC", {"max": 0}),
        ("inclusion", "Treatment-naïve for systemic therapy for metastatic disease", {"max": 0}),
        ("exclusion", "Has had previous therapy for metastatic esophageal cancer", {"min": 1}),
        ("inclusion", "Progression after prior gemcitabine-containing chemotherapy", {"min": 1}),
    ],
)
def test_prior_lines(kind: str, text: str, expected: dict[str, int]) -> None:
    assert ("prior_lines", expected) in typed(kind, text)


@pytest.mark.parametrize(
    ("kind", "text", "therapies"),
    [
        (
            "inclusion",
            "Disease progression after platinum-based chemotherapy",
            ["platinum_chemotherapy"],
        ),
        ("inclusion", "Failed prior PD-1/PD-L1 inhibitor therapy", ["pd1_pdl1_inhibitor"]),
        (
            "inclusion",
            "Failed at least two prior lines of chemotherapy (including at least one "
            "platinum-based regimen) and PD-1/PD-L1 inhibitor therapy",
            ["platinum_chemotherapy", "pd1_pdl1_inhibitor"],
        ),
        ("inclusion", "Progressed after gemcitabine or capecitabine", []),
        (
            "exclusion",
            "Prior treatment with anti-PD-1 or anti-PD-L1 antibodies",
            ["pd1_pdl1_inhibitor"],
        ),
        ("exclusion", "Hypersensitivity to cisplatin", []),
    ],
)
def test_prior_therapies(kind: str, text: str, therapies: list[str]) -> None:
    found = [params["therapy"] for kind_, params in typed(kind, text) if kind_ == "prior_therapy"]
    assert found == therapies


@pytest.mark.parametrize(
    ("text", "washouts"),
    [
        ("At least 4 weeks since the last chemotherapy", {"chemotherapy": 28}),
        ("Chemotherapy within 14 days before the first dose", {"chemotherapy": 14}),
        ("Received cytotoxic chemotherapy within 2 months of enrolment", {"chemotherapy": 60}),
        ("Radiotherapy ≤ 2 weeks prior to the first dose", {"radiotherapy": 14}),
        ("Major surgery within 4 weeks of study entry", {"major_surgery": 28}),
        (
            "Has had surgery within 28 days of dosing of investigational agent, excluding minor "
            "procedures",
            {"major_surgery": 28},
        ),
        (
            "Prior systemic anti-cancer treatment within 21 days or 5 half-lives (whichever is "
            "shorter) prior to the first dose of study drug.",
            {
                "chemotherapy": 21,
                "immunotherapy": 21,
                "biologic": 21,
                "targeted_small_molecule": 21,
            },
        ),
        (
            "Use of any investigational product within 30 days prior to registration",
            {"investigational": 30},
        ),
        (
            "Radical radiation within 4 weeks prior to the first dose; palliative radiotherapy "
            "within 1 week prior to the first dose",
            {"radiotherapy": 28},
        ),
        (
            "Note: Patients may have undergone minor surgical procedures or limited field "
            "radiotherapy within the four weeks prior to enrollment",
            {},
        ),
        ("Serious infection requiring IV antibiotics within 7 days prior to Day 1", {}),
        ("Progression within 6 months of adjuvant chemotherapy", {}),
        ("Contraception for 180 days after the last dose of chemotherapy", {}),
    ],
)
def test_washouts(text: str, washouts: dict[str, int]) -> None:
    assert read_washouts(text) == washouts


def test_one_line_gives_several_washouts_each_with_the_whole_line_as_its_text() -> None:
    line = (
        "At least 4 weeks (or 5 half-lives, whichever is shorter) since last major surgery, "
        "radiotherapy, cytotoxic chemotherapy or immunotherapy; ≥2 weeks since last hormonal "
        "therapy; within 14 days: no investigational drugs"
    )

    criteria = propose_criteria([CriterionRecord("inclusion", line, line=7)])

    # "whichever is shorter": the 4 weeks are an upper bound (that clause only).
    shorter = {"bound": "at_most"}
    assert [(c.type, c.params) for c in criteria] == [
        ("washout", {"category": "major_surgery", "days": 28, **shorter}),
        ("washout", {"category": "radiotherapy", "days": 28, **shorter}),
        ("washout", {"category": "chemotherapy", "days": 28, **shorter}),
        ("washout", {"category": "immunotherapy", "days": 28, **shorter}),
        ("washout", {"category": "hormonal", "days": 14}),
    ]
    assert {(c.text, c.line, c.reviewed) for c in criteria} == {(line, 7, False)}
    assert "5 half-lives, whichever is shorter" in criteria[0].text


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("inclusion", "Measurable disease per RECIST 1.1", [("measurable_disease", {})]),
        (
            "inclusion",
            "At least one measurable lesion as defined by RECIST v1.1",
            [("measurable_disease", {})],
        ),
        ("inclusion", "Measurable or evaluable disease", []),
        ("inclusion", "Non-measurable disease only", []),
        (
            "inclusion",
            "Measurable enhancing recurrent or progressive glioblastoma on contrast MRI",
            [("measurable_disease", {})],
        ),
        (
            "inclusion",
            "Or sclerotic bone metastases only, in the absence of any measurable lesion",
            [],
        ),
        ("inclusion", "Measurable and/or evaluable tumour", []),
        (
            "inclusion",
            "Performance status 0-1, and survival is expected to be at least 4 months",
            [("ecog", {"min": 0, "max": 1}), ("life_expectancy", {"min_months": 4})],
        ),
        (
            "inclusion",
            "Participants who did not undergo a debulking operation should have measurable disease",
            [],
        ),
        (
            "inclusion",
            "At least 40 of the roughly 60 enrolled participants must have a measurable lesion",
            [],
        ),
        (
            "inclusion",
            "A stable steroid dose is allowed provided there is evidence of measurable disease",
            [],
        ),
        (
            "inclusion",
            "One tumour lesion or more that is accurately measured in at least one dimension",
            [("measurable_disease", {})],
        ),
        (
            "inclusion",
            "Measurable disease of 1 cm or more on imaging, whether or not an optional "
            "salvage operation is planned",
            [("measurable_disease", {})],
        ),
        ("inclusion", "Life expectancy ≥ 12 weeks", [("life_expectancy", {"min_months": 3})]),
        ("inclusion", "Expected survival ≥ 3 months;", [("life_expectancy", {"min_months": 3})]),
        (
            "inclusion",
            "Patients must have a life expectancy of at least 6 months",
            [("life_expectancy", {"min_months": 6})],
        ),
        # The outlook of an earlier cancer, not the patient's.
        (
            "inclusion",
            "Earlier treatment for another cancer is allowed, with a life expectancy of at least "
            "3 years for that malignancy",
            [],
        ),
        ("inclusion", "A previous cancer is allowed if expected survival exceeds 5 years", []),
        # An exclusion's short life is the minimum, weeks and days converted as an inclusion's.
        ("exclusion", "Life expectancy < 12 weeks", [("life_expectancy", {"min_months": 3})]),
        ("exclusion", "Life expectancy under 90 days", [("life_expectancy", {"min_months": 3})]),
        (
            "exclusion",
            "Life expectance less than 6 months",
            [("life_expectancy", {"min_months": 6})],
        ),
        # some patients' measurable disease: a number of them, or some cohorts' requirements
        (
            "inclusion",
            "For the 10 patients enrolled at the MTD, at least one measurable lesion",
            [],
        ),
        (
            "inclusion",
            "Additional requirements for expansion cohorts only a) Measurable disease per RECIST",
            [],
        ),
    ],
)
def test_measurable_disease_and_life_expectancy(
    kind: str, text: str, expected: list[tuple[str, dict[str, Any]]]
) -> None:
    assert typed(kind, text) == expected


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Untreated or active CNS metastases", "cns_metastases_active"),
        (
            "Symptomatic/untreated/progressing CNS or leptomeningeal metastases.",
            "cns_metastases_active",
        ),
        ("Active hepatitis B or hepatitis C infection", "hbv_hcv_active"),
        ("Active HBV/HCV infection", "hbv_hcv_active"),
        ("Known HIV infection", "immunodeficiency_hiv"),
        ("Pregnant or breastfeeding women", "pregnant_or_breastfeeding"),
        ("Pregnant/lactating women.", "pregnant_or_breastfeeding"),
        (
            "Active autoimmune disease requiring systemic treatment in the past 2 years",
            "autoimmune_active",
        ),
        ("History of interstitial lung disease or pneumonitis", "ild_or_pneumonitis"),
        ("Other malignancy within 5 years", "other_malignancy_within_2y"),
        ("History of another primary cancer", "other_malignancy_within_2y"),
    ],
)
def test_common_exclusions(text: str, question: str) -> None:
    assert ("flag", {"question": question}) in typed("exclusion", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "No active autoimmune disease requiring systemic treatment",
            ("flag", {"question": "autoimmune_active"}),
        ),
        (
            "No prior treatment with a PD-1 inhibitor",
            ("prior_therapy", {"therapy": "pd1_pdl1_inhibitor"}),
        ),
        (
            "Patients must not have known brain metastases",
            ("flag", {"question": "cns_metastases_active"}),
        ),
        (
            "Patients without known brain metastases",
            ("flag", {"question": "cns_metastases_active"}),
        ),
        (
            "Female participant is not pregnant or breastfeeding",
            ("flag", {"question": "pregnant_or_breastfeeding"}),
        ),
        ("Seronegative for hepatitis B antigen", ("flag", {"question": "hbv_hcv_active"})),
        (
            "Negative serum pregnancy test for women of childbearing potential",
            ("flag", {"question": "pregnant_or_breastfeeding"}),
        ),
        (
            "No major surgical procedures within 30 days prior to registration",
            ("washout", {"category": "major_surgery", "days": 30}),
        ),
    ],
)
def test_an_inclusion_written_as_a_negation_is_read_as_an_exclusion(
    text: str, expected: tuple[str, dict[str, Any]]
) -> None:
    # An inclusion flag means "must be yes": "No active autoimmune disease" is an exclusion.
    proposals = read_line("inclusion", text)

    assert [(p.kind, p.type, p.params) for p in proposals] == [("exclusion", *expected)]


def test_an_admission_in_an_exclusion_gives_no_flag() -> None:
    assert typed("exclusion", "Patients with stable brain metastases are eligible") == []


def flags(kind: str, text: str) -> list[tuple[str, str]]:
    """(question, kind) of the common-exclusion flags a line states."""
    common = {
        "cns_metastases_active",
        "immunodeficiency_hiv",
        "hbv_hcv_active",
        "pregnant_or_breastfeeding",
        "autoimmune_active",
    }
    return [
        (p.params["question"], p.kind or kind)
        for p in read_line(kind, text)
        if p.type == "flag" and p.params["question"] in common
    ]


@pytest.mark.parametrize(
    ("kind", "text", "question"),
    [
        # An admission after an exception cue is the exclusion's exception, not an admission.
        (
            "exclusion",
            "Uncontrolled infections, or known HIV infection with this exception: people living "
            "with HIV are eligible if their viral load is undetectable on antiretroviral therapy",
            "immunodeficiency_hiv",
        ),
        (
            "exclusion",
            "Known untreated brain metastases, patients with treated and stable brain metastases "
            "are eligible",
            "cns_metastases_active",
        ),
        # "may" in another sense is no admission.
        (
            "exclusion",
            "Any illness that may affect compliance, including pregnancy",
            "pregnant_or_breastfeeding",
        ),
        (
            "exclusion",
            "Pregnant women, or women of childbearing potential unwilling to use an acceptable "
            "method of birth control",
            "pregnant_or_breastfeeding",
        ),
        # A protocol may misplace a requirement under the exclusions: it still rules the topic out.
        ("exclusion", "No known HIV infection", "immunodeficiency_hiv"),
        ("exclusion", "Seronegative for hepatitis B surface antigen", "hbv_hcv_active"),
        ("exclusion", "Active viral or other hepatitis", "hbv_hcv_active"),
        ("exclusion", "Anti-HBc positive with detectable HBV DNA", "hbv_hcv_active"),
        ("exclusion", "HIV-1/2 antibody positive", "immunodeficiency_hiv"),
        ("exclusion", "Participants receiving antiretroviral therapy", "immunodeficiency_hiv"),
        ("exclusion", "Untreated brain mets", "cns_metastases_active"),
        ("exclusion", "Uncontrolled CNS disease", "cns_metastases_active"),
        ("exclusion", "Leukaemic blasts in a positive CSF cytology", "cns_metastases_active"),
        (
            "exclusion",
            "Active autoimmune, rheumatic or inflammatory disorders that needed systemic "
            "treatment within 2 years",
            "autoimmune_active",
        ),
        ("exclusion", "Autoimmune disease or syndrome requiring steroids", "autoimmune_active"),
        # Inclusion lines that state an exclusion.
        (
            "inclusion",
            "Negative (urine or serum) pregnancy test within 7 days for women who could conceive",
            "pregnant_or_breastfeeding",
        ),
        (
            "inclusion",
            "Negative serum/urine beta-hCG test before the first dose",
            "pregnant_or_breastfeeding",
        ),
        (
            "inclusion",
            "For women of childbearing potential, a serum pregnancy test must be negative",
            "pregnant_or_breastfeeding",
        ),
        (
            "inclusion",
            "A woman can take part if she is not pregnant, not nursing and uses contraception",
            "pregnant_or_breastfeeding",
        ),
        ("inclusion", "Non-pregnant and non-lactating", "pregnant_or_breastfeeding"),
        ("inclusion", "Women who are pregnant are excluded", "pregnant_or_breastfeeding"),
        ("inclusion", "Absence of known CNS metastases", "cns_metastases_active"),
        (
            "inclusion",
            "Patients with active brain metastases are not eligible",
            "cns_metastases_active",
        ),
        (
            "inclusion",
            "Patients with known or suspected brain metastases, unless treated and stable for a "
            "month",
            "cns_metastases_active",
        ),
        (
            "inclusion",
            "Symptomatic or untreated brain metastases: patients whose brain metastases were "
            "treated and are stable may be enrolled",
            "cns_metastases_active",
        ),
        ("inclusion", "HCV antibody negative and HBsAg negative", "hbv_hcv_active"),
        ("inclusion", "Free of active hepatitis B or C", "hbv_hcv_active"),
        # A negation that heads a list reaches every item of it.
        (
            "inclusion",
            "No active infection needing systemic therapy, for instance hepatitis B or C",
            "hbv_hcv_active",
        ),
        (
            "inclusion",
            "No history of pneumonitis, uncontrolled diabetes or active autoimmune disease",
            "autoimmune_active",
        ),
        (
            "exclusion",
            "Patients who need local therapy for brain metastases",
            "cns_metastases_active",
        ),
        ("exclusion", "Known meningeal involvement of myeloma", "cns_metastases_active"),
        (
            "inclusion",
            "Patients are excluded if they have active brain metastases",
            "cns_metastases_active",
        ),
        (
            "exclusion",
            "Known active central nervous system or meningeal lymphoma",
            "cns_metastases_active",
        ),
        ("exclusion", "Active CNS and/or leptomeningeal leukemia", "cns_metastases_active"),
        (
            "exclusion",
            "Known HIV infection (testing for HIV is not required)",
            "immunodeficiency_hiv",
        ),
        (
            "exclusion",
            "Known infection with Mycobacterium tuberculosis (TB) or hepatitis virus",
            "hbv_hcv_active",
        ),
    ],
)
def test_wordings_of_the_common_exclusions(kind: str, text: str, question: str) -> None:
    assert flags(kind, text) == [(question, "exclusion")]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # A rule or an admission for the patients who have it.
        ("inclusion", "Patients with chronic HBV must have an undetectable viral load"),
        ("inclusion", "HIV-positive patients on HAART are eligible if the CD4 count is over 350"),
        (
            "inclusion",
            "Participants with HBV are only eligible if they meet all of the following: no HCV "
            "infection; no HIV infection; on antiviral treatment",
        ),
        ("inclusion", "Participants with or without known brain metastases"),
        ("inclusion", "Brain metastases are allowed if treated and stable"),
        (
            "inclusion",
            "Topical steroids are permitted in the absence of active autoimmune disease",
        ),
        ("inclusion", "Patients who have not received radiotherapy for brain metastases"),
        ("inclusion", "A pregnancy test is required for women of childbearing potential"),
        ("exclusion", "Treated brain metastases are permitted when stable for 4 weeks"),
        # Not the question: avoiding a pregnancy, a complication, one organ, a treatment.
        (
            "exclusion",
            "Women physically capable of becoming pregnant, unless using highly effective "
            "contraception",
        ),
        ("exclusion", "Unwilling to use contraception to prevent pregnancy"),
        ("exclusion", "AIDS-related lymphoma"),
        ("exclusion", "Known AIDS-related illness"),
        ("exclusion", "Acquired immune deficiency syndrome (AIDS)-defining illness within a year"),
        ("exclusion", "Autoimmune skin disorders needing topical treatment"),
        ("exclusion", "Neurological involvement of autoimmune disease"),
        ("exclusion", "Radiotherapy to brain metastases within 14 days"),
        ("exclusion", "Dual infection with both hepatitis B and hepatitis C"),
        ("exclusion", "Leptomeningeal carcinomatosis"),
        ("exclusion", "No restriction on the number of treated brain metastases"),
        ("exclusion", "More than 5 definite lesions consistent with brain metastases"),
        # A test named by what it looks for.
        ("exclusion", "Testing for HIV is not required"),
        ("exclusion", "Screening for hepatitis B and C will be performed at baseline"),
        # A vaccine named by the virus.
        ("exclusion", "Vaccination against hepatitis B within the last 4 weeks"),
        ("exclusion", "HBV vaccine given within 30 days"),
        ("exclusion", "Has received an HIV vaccine in another study"),
        ("exclusion", "Hepatitis B immunisation during the past month"),
        ("exclusion", "Ten or more nodules suspicious for brain metastases on MRI"),
        ("exclusion", "Prior stereotactic radiosurgery for brain metastases"),
        ("exclusion", "Leptomeningeal involvement"),
        ("inclusion", "Must not have received prior radiotherapy for brain metastases"),
        ("inclusion", "At least one measurable lesion, excluding brain metastases"),
        # Brain-only disease, a spread of the disease rather than brain metastases as such.
        ("exclusion", "Brain metastases only, without extra-cerebral metastases"),
        ("exclusion", "Brain metastases as the only site of disease"),
        # An autoimmune disorder only where it involves one organ.
        (
            "exclusion",
            "Any autoimmune, connective tissue or inflammatory disorders (e.g., rheumatoid "
            "arthritis, Sjogren's, sarcoidosis) where there is documented, or a suspicion of "
            "pulmonary involvement at the time of screening.",
        ),
    ],
)
def test_wordings_that_state_no_common_exclusion(kind: str, text: str) -> None:
    assert flags(kind, text) == []


def test_an_autoimmune_exception_is_asked_only_when_it_names_thyroid_and_diabetes() -> None:
    (both,) = read_line(
        "exclusion",
        "Active autoimmune disease in the last 2 years. Exceptions: hypothyroidism on hormone "
        "replacement; type 1 diabetes on insulin",
    )
    (thyroid,) = read_line(
        "exclusion",
        "Active autoimmune disease in the last 2 years, except hypothyroidism on replacement",
    )

    assert both.params["except_if"] == ["autoimmune_thyroid_or_diabetes_controlled"]
    assert "except_if" not in thyroid.params
    assert thyroid.params["exceptions"] == ["except hypothyroidism on replacement"]


def test_a_following_exceptions_list_is_kept_whole() -> None:
    (flag,) = read_line(
        "exclusion",
        "History of autoimmune disease, with the following exceptions: hypothyroidism on a "
        "stable dose of thyroid hormone is allowed; controlled type 1 diabetes on insulin is "
        "allowed",
    )

    assert flag.params["except_if"] == ["autoimmune_thyroid_or_diabetes_controlled"]
    assert "type 1 diabetes" in flag.params["exceptions"][0]


@pytest.mark.parametrize(
    ("text", "exception"),
    [
        (
            "Known or suspected autoimmune disease. Participants with type 1 diabetes or "
            "hypothyroidism needing only hormone replacement are permitted to enrol.",
            "participants with type 1 diabetes or hypothyroidism needing only hormone "
            "replacement are permitted to enrol",
        ),
        (
            "Active autoimmune disease needing systemic treatment in the past 2 years. "
            "Replacement therapy such as thyroxine or insulin is not considered systemic "
            "treatment.",
            "replacement therapy such as thyroxine or insulin is not considered systemic treatment",
        ),
        (
            "Patients with brain metastases must be stable for 4 weeks after radiotherapy",
            "patients with brain metastases must be stable for 4 weeks after radiotherapy",
        ),
        ("Active hepatitis B (HBV DNA below 100 IU/mL on antivirals allowed)", None),
    ],
)
def test_later_sentences_and_rules_for_those_with_the_condition_are_exceptions(
    text: str, exception: str | None
) -> None:
    (flag,) = [p for p in read_line("exclusion", text) if p.type == "flag"]

    assert flag.params["exceptions"][0] == (
        exception or "hbv dna below 100 iu/ml on antivirals allowed"
    )


def test_the_alternative_of_a_negated_inclusion_is_its_exception() -> None:
    (flag,) = read_line(
        "inclusion", "Patients without brain metastases or with treated, stable brain metastases"
    )

    assert (flag.kind, flag.params["question"]) == ("exclusion", "cns_metastases_active")
    assert flag.params["exceptions"] == ["or with treated, stable brain metastases"]


@pytest.mark.parametrize(
    "text",
    [
        "Active infection needing treatment (except HBV on antiviral therapy)",
        "Cirrhosis (HBV-related cirrhosis is allowed)",
        "Any uncontrolled infection, except HIV or HBV under control",
    ],
)
def test_a_mention_inside_another_exclusion_s_exception_is_not_the_flag(text: str) -> None:
    assert flags("exclusion", text) == []


def test_an_admission_on_another_line_becomes_the_flag_s_exception() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord(
                "inclusion",
                "Participants living with HIV must have a CD4 count of at least 350 on "
                "antiretroviral therapy",
                line=1,
            ),
            CriterionRecord(
                "inclusion",
                "Participants who are HBsAg positive are eligible if on antiviral therapy",
                line=2,
            ),
            CriterionRecord("exclusion", "A diagnosis of immunodeficiency", line=3),
            CriterionRecord("exclusion", "Active hepatitis B or C", line=4),
            CriterionRecord("exclusion", "Pregnancy", line=5),
        ]
    )
    by_question = {c.params["question"]: c.params for c in criteria if c.type == "flag"}

    assert by_question["immunodeficiency_hiv"]["exceptions"] == [
        "participants living with hiv must have a cd4 count of at least 350 on antiretroviral "
        "therapy"
    ]
    assert by_question["hbv_hcv_active"]["exceptions"] == [
        "participants who are hbsag positive are eligible if on antiviral therapy"
    ]
    assert by_question["pregnant_or_breastfeeding"] == {"question": "pregnant_or_breastfeeding"}


def test_windows_and_counts_of_one_alternative_are_not_everyone_s() -> None:
    line = (
        "Confirmed small cell lung cancer, meeting 1 of the following criteria: Previously "
        "untreated extensive disease; Relapsed after prior chemotherapy; At least 90 days since "
        "prior chemotherapy"
    )

    assert [t for t, _ in typed("inclusion", line) if t in {"prior_lines", "washout"}] == []
    assert typed("inclusion", "At least 90 days since prior chemotherapy") == [
        ("washout", {"category": "chemotherapy", "days": 90})
    ]


def test_brain_metastases_allowed_on_a_condition_without_a_verb_rule_out_active_ones() -> None:
    line = "Brain metastases allowed provided they have been irradiated and are stable"

    assert typed("inclusion", line) == [
        (
            "flag",
            {
                "question": "cns_metastases_active",
                "exceptions": [
                    "brain metastases allowed provided they have been irradiated and are stable"
                ],
            },
        )
    ]
    assert typed("inclusion", "Known brain metastases allowed") == []


def test_a_topic_sub_heading_completes_the_lines_under_it() -> None:
    """Records laid out by topic put "Performance status" on a line of its own and only the
    scale under it; a sub-heading of another topic ends it."""
    lines = [
        "PATIENT CHARACTERISTICS:",
        "Performance status",
        "CTC 0-2",
        "Life expectancy",
        "More than 12 weeks",
        "Hematopoietic",
        "At least 12 weeks since the last transfusion",
    ]
    criteria = propose_criteria(
        [CriterionRecord("inclusion", text, line=number) for number, text in enumerate(lines, 1)]
    )
    typed_lines = {c.text: (c.type, c.params) for c in criteria if c.type != "text"}

    assert typed_lines == {
        "CTC 0-2": ("ecog", {"min": 0, "max": 2}),
        "More than 12 weeks": ("life_expectancy", {"min_months": 3}),
    }
    assert [c.text for c in criteria] == lines


@pytest.mark.parametrize(
    "text",
    [
        "Cohort B: no more than two prior regimens",
        "For some parts of the study only: untreated active CNS metastases.",
        "Patients with colorectal cancer must have had at least two regimens. Patients with "
        "pancreatic cancer must have received gemcitabine.",
        "For patients in the combination arm: active autoimmune disease",
        "Known HIV infection for participants enrolled in Cohort 3",
        "In the dose expansion part, pregnant or breastfeeding women",
    ],
)
def test_a_line_for_one_cohort_only_is_left_as_text(text: str) -> None:
    assert is_cohort_specific(text)
    assert read_line("inclusion", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Active autoimmune disease; this applies to patients in all arms",
        "Known HIV infection for participants in either cohort",
    ],
)
def test_a_line_for_every_part_is_everyone_s(text: str) -> None:
    assert not is_cohort_specific(text)


@pytest.mark.parametrize(
    "text",
    [
        "Signed informed consent",
        "Able to swallow tablets",
        "HLA-A*11:01 positive",
        "Adequate venous access for leukapheresis",
    ],
)
def test_lines_it_cannot_read_become_text_criteria(text: str) -> None:
    (criterion,) = propose_criteria([CriterionRecord("inclusion", text, line=1)])

    assert (criterion.type, criterion.params, criterion.text, criterion.reviewed) == (
        "text",
        {},
        text,
        False,
    )


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("Age ≥ 18 years at the time of signing the ICF", (18, None)),
        ("Age greater than or equal to 18 years and less than or equal to 72 years.", (18, 72)),
        ("Males or females, aged 18-75 years (inclusive)", (18, 75)),
        ("aged 18 or above", (18, None)),
        ("At least 18 years of age at the time of informed consent.", (18, None)),
        ("Aged between 18 and 70 years", (18, 70)),
        ("Age younger than 75 years", (None, 74)),
        ("Women of childbearing age must use contraception for at least 1 year", None),
    ],
)
def test_ages_read_from_a_line(text: str, ages: tuple[int | None, int | None] | None) -> None:
    assert read_age(text) == ages


def study(eligibility: dict[str, Any]) -> dict[str, Any]:
    return {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT09900042"},
            "eligibilityModule": {
                "eligibilityCriteria": "Inclusion Criteria:\n\n* Age >= 18 years\n* ECOG 0-1",
                **eligibility,
            },
        }
    }


@pytest.mark.parametrize(
    ("eligibility", "params", "line"),
    [
        ({"minimumAge": "18 Years"}, {"min": 18}, 1),
        ({"minimumAge": "18 Years", "maximumAge": "75 Years"}, {"min": 18, "max": 75}, 1),
        # Months and weeks are kept exactly next to the whole years (a minimum of 6 months
        # is a lower limit, not none); weeks -> months rounds a minimum up, a maximum down.
        ({"minimumAge": "216 Months"}, {"min": 18, "min_months": 216}, 1),
        (
            {"minimumAge": "6 Months", "maximumAge": "30 Months"},
            {"max": 2, "min_months": 6, "max_months": 30},
            None,
        ),
        (
            {"minimumAge": "12 Weeks", "maximumAge": "104 Weeks"},
            {"max": 1, "min_months": 3, "max_months": 24},
            None,
        ),
        ({"minimumAge": "20 Years"}, {"min": 20}, None),
        ({"minimumAge": "18 Years", "maximumAge": "123 Years"}, {"min": 18}, 1),
    ],
)
def test_the_registry_ages_are_the_age_criterion_in_years_months_or_weeks(
    eligibility: dict[str, Any], params: dict[str, int], line: int | None
) -> None:
    (record,) = read_ctgov(study(eligibility), "x.json")

    assert record.criteria is not None
    (age,) = [c for c in record.criteria if c.type == "age"]
    assert (age.params, age.line, age.reviewed) == (params, line, False)
    if line is None:  # the line says 18; the registry says otherwise: the registry wins
        assert age.text.startswith("Age ")
        assert [c.text for c in record.criteria if c.line == 1] == ["Age >= 18 years"]


def test_without_registry_ages_the_lines_age_is_used_and_the_sex_one_is_the_registrys() -> None:
    (record,) = read_ctgov(study({"sex": "FEMALE"}), "x.json")

    assert record.criteria is not None
    assert [(c.type, c.params, c.line) for c in record.criteria] == [
        ("sex", {"allowed": ["female"]}, None),
        ("age", {"min": 18}, 1),
        ("ecog", {"min": 0, "max": 1}, 2),
    ]


def test_a_lines_age_in_a_scoped_or_exclusion_line_is_not_the_age_without_registry_ages() -> None:
    text = (
        "Inclusion Criteria:\n\n* Phase II: Age >= 65 years\n* ECOG 0-1\n\n"
        "Exclusion Criteria:\n\n* Patients older than 80 years must have a geriatric assessment"
    )
    (record,) = read_ctgov(study({"eligibilityCriteria": text}), "x.json")

    assert record.criteria is not None
    assert [c.params for c in record.criteria if c.type == "age"] == []


def test_every_proposal_passes_the_engines_parser() -> None:
    lines = split_eligibility((SEEDS / "001_e568c4a35867ff0c.txt").read_text(encoding="utf-8"))
    for criterion in propose_criteria(lines, minimum_age=18):
        engine.parse_criterion(criterion.kind, criterion.type, criterion.params, criterion.text)


def test_hlx43_page_gives_the_curated_typed_criteria() -> None:
    """The HLX43 recruitment page against its curated criteria (seeds/hlx43.yaml)."""
    page = parse_seed_text(read_text_file(str(SEEDS / "001_e568c4a35867ff0c.txt")), "hlx43.txt")
    curated = yaml.safe_load((SEEDS / "hlx43.yaml").read_text(encoding="utf-8"))["criteria"]
    assert page.criteria is not None

    proposed = propose_criteria(page.criteria, minimum_age=18)

    # The protocol's exceptions (except_if, exceptions, bound) are the curator's reading.
    curators_only = {"except_if", "exceptions", "bound"}

    def typed_lines(criteria: Any) -> set[tuple[str, int, str, str]]:
        return {
            (
                c["kind"],
                c["line"],
                c["type"],
                str(sorted((k, v) for k, v in c["params"].items() if k not in curators_only)),
            )
            for c in criteria
            if c["type"] not in {"text", "diagnosis", "disease_status"}
        }

    got = typed_lines(
        {"kind": c.kind, "line": c.line, "type": c.type, "params": c.params} for c in proposed
    )
    want = typed_lines(curated)
    # Lines the curator typed with knowledge the text does not spell out stay out of scope.
    out_of_scope = {("exclusion", line) for line in (1, 2, 4, 8, 10, 11, 12, 14, 15, 16, 17)}
    want = {item for item in want if (item[0], item[1]) not in out_of_scope}
    assert want - got == set()


def test_an_exception_in_an_exclusion_is_kept_with_the_flag() -> None:
    (brain,) = read_line(
        "exclusion",
        "Active brain metastases, except asymptomatic metastases stable for 14 days. Patients "
        "with treated brain metastases may participate provided they are stable.",
    )
    (malignancy,) = read_line(
        "exclusion",
        "Another malignancy within 2 years, except curatively treated basal cell carcinoma",
    )

    assert brain.params["question"] == "cns_metastases_active"
    assert brain.params["exceptions"] == [
        "except asymptomatic metastases stable for 14 days",
        "patients with treated brain metastases may participate provided they are stable",
    ]
    assert malignancy.params["except_if"] == ["other_malignancy_curatively_treated"]
    assert malignancy.params["exceptions"] == ["except curatively treated basal cell carcinoma"]


@pytest.mark.parametrize(
    "text",
    [
        "Autoimmune disease or immunodeficiency disease as defined in the protocol",
        "Participants co-infected with HBV and HCV",
        "HIV-infected participants with a history of Kaposi's sarcoma",
        "Has known carcinomatous meningitis",
        "Medications known to slow lidocaine metabolism (beta blockers, HIV drugs)",
    ],
)
def test_exclusions_narrower_than_the_question_give_no_flag(text: str) -> None:
    assert [p for p in read_line("exclusion", text) if p.type == "flag"] == []


@pytest.mark.parametrize(
    "text",
    [
        "At least 1 measurable lesion. A lesion which progressed after previous ablation can "
        "be a target lesion",
        "Has had prior treatment with PARPi or were deemed ineligible to receive treatment",
        "Has received 1 but no more than 2 taxane-based chemotherapy regimens for mCRPC",
        "No prior chemotherapy for advanced or metastatic breast cancer",
        "Progression after at least 2 prior lines of local therapy such as TACE",
        "At least one prior line of adjuvant or neoadjuvant therapy",
    ],
)
def test_counts_of_one_drug_class_and_local_treatments_are_not_prior_lines(text: str) -> None:
    assert [p for p in read_line("inclusion", text) if p.type == "prior_lines"] == []


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # A minimum of one systemic class's lines is a minimum of systemic lines.
        (
            "Progression on at least 2 previous lines of ET administered for metastatic disease",
            {"min": 2},
        ),
        ("Progressed after platinum-based chemotherapy for advanced disease", {"min": 1}),
        ("Disease progression on or after first-line chemotherapy", {"min": 1}),
        ("Patients who have failed standard therapy", {"min": 1}),
        ("Disease refractory to all standard therapies", {"min": 1}),
        ("Received at least 1 but no more than 3 prior lines of therapy", {"min": 1, "max": 3}),
        (
            "Must have received at least one, but no more than two, prior lines",
            {"min": 1, "max": 2},
        ),
        ("Participant has received 1 or 2 prior lines of therapy", {"min": 1, "max": 2}),
        ("Received 1-3 prior systemic regimens", {"min": 1, "max": 3}),
        ("Newly diagnosed, treatment naïve, biopsy proven oral cavity carcinoma", {"max": 0}),
        ("Treatment naive for metastatic disease", {"max": 0}),
        ("No prior systemic therapy.", {"max": 0}),
        ("No prior treatment for this cancer", {"max": 0}),
        ("Candidates for first-line treatment of metastatic disease", {"max": 0}),
        ("Newly diagnosed, previously untreated", {"max": 0}),
        ("Relapsed or refractory multiple myeloma", {"min": 1}),
        ("Patients must not have received any prior treatment for their disease", {"max": 0}),
        ("No prior treatment (chemotherapy, radiotherapy or surgery) for this cancer", {"max": 0}),
        ("Patients who have not previously received systemic treatment", {"max": 0}),
        ("Patients who have received exactly one prior line of therapy", {"min": 1, "max": 1}),
        ("Has received one prior line of systemic therapy", {"min": 1}),
        ("Candidates for second-line treatment", {"min": 1}),
        ("Relapsed or refractory (R/R) classical Hodgkin lymphoma", {"min": 1}),
    ],
)
def test_prior_line_counts_in_inclusion_lines(text: str, params: dict[str, int]) -> None:
    assert [p.params for p in read_line("inclusion", text) if p.type == "prior_lines"] == [params]


@pytest.mark.parametrize(
    "text",
    [
        "For patients who have developed disease progression through standard therapy, or",
        "Progression on standard therapy, or for whom standard therapy is unavailable",
        "Previously treated brain metastases are allowed",
        "Candidates for first-line treatment after progression on adjuvant therapy",
        "Patients with previously untreated brain metastases",
        "Newly diagnosed or relapsed AML",
        "No prior treatment for brain metastases",
        "No prior therapy with a PD-1 inhibitor",
        "Relapsed disease after surgery for colorectal cancer",
    ],
)
def test_alternatives_and_other_topics_set_no_line_count(text: str) -> None:
    assert [p for p in read_line("inclusion", text) if p.type == "prior_lines"] == []


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Patients who have received >= 3 prior lines of therapy", {"min": 3}),
        ("Received 3 or more prior regimens for metastatic disease", {"min": 3}),
        ("Greater than 2 prior regimens", {"min": 3}),
        ("Has received any prior systemic anticancer therapy.", {"min": 1}),
    ],
)
def test_prior_line_counts_in_exclusion_lines(text: str, params: dict[str, int]) -> None:
    assert [p.params for p in read_line("exclusion", text) if p.type == "prior_lines"] == [params]


def test_a_line_joined_by_or_sets_no_line_count() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord(
                "inclusion", "Progression within 6 months of first-line therapy, OR", line=1
            ),
            CriterionRecord(
                "inclusion", "Progression on at least 2 prior lines of therapy", line=2
            ),
        ]
    )

    assert [c.type for c in criteria] == ["text", "text"]


def test_in_a_trial_for_several_tumours_a_tumour_line_is_scoped_to_it() -> None:
    line = "Triple negative breast cancer, must have received at least one line of chemotherapy"
    several = Diagnosis(("NSCLC", "BRCA"), ("Non-small Cell Lung Cancer", "Breast Cancer"))

    (criterion,) = [
        c
        for c in propose_criteria([CriterionRecord("inclusion", line, line=8)], diagnosis=several)
        if c.line == 8
    ]
    (alone,) = [
        c
        for c in propose_criteria(
            [CriterionRecord("inclusion", line, line=8)],
            diagnosis=Diagnosis(("BRCA",), ("Breast Cancer",)),
        )
        if c.line == 8
    ]

    assert (criterion.type, criterion.scope) == ("text", "Triple negative breast cancer")
    assert (alone.type, alone.params) == ("prior_lines", {"min": 1})


def test_a_blood_cancer_excluded_in_a_solid_tumour_trial_is_not_a_scope() -> None:
    line = "Brain metastasis or haematological malignancy"
    solid = Diagnosis(("SOLID",), ("Solid Tumour",))

    (criterion,) = [
        c
        for c in propose_criteria([CriterionRecord("exclusion", line, line=2)], diagnosis=solid)
        if c.line == 2
    ]

    assert (criterion.scope, criterion.params["question"]) == ("", "cns_metastases_active")


def test_an_exclusion_naming_brain_tumours_and_brain_metastases_is_not_a_scope() -> None:
    line = "Brain tumors or brain or leptomeningeal metastases."
    several = Diagnosis(("SOLID", "NHL"), ("Solid Tumour", "Non-Hodgkin Lymphoma"))

    (criterion,) = [
        c
        for c in propose_criteria([CriterionRecord("exclusion", line, line=2)], diagnosis=several)
        if c.line == 2
    ]

    assert (criterion.scope, criterion.params["question"]) == ("", "cns_metastases_active")


def test_an_admission_of_hiv_on_listed_conditions_rules_out_the_uncontrolled_one() -> None:
    text = (
        "Patients with HIV are eligible, if they meet all of the following conditions: no "
        "history of AIDS; HIV viral loads below the limit of detection"
    )
    unconditioned = (
        "Patients with HIV are eligible, if they meet all of the following conditions: no "
        "history of AIDS; no other cancer"
    )

    def hiv(line: str) -> list[CriterionRecord]:
        return [
            c
            for c in propose_criteria([CriterionRecord("inclusion", line, line=1)])
            if c.params.get("question") == "immunodeficiency_hiv"
        ]

    (flag,) = hiv(text)
    assert (flag.kind, flag.type) == ("exclusion", "flag")
    assert flag.params["exceptions"]
    assert hiv(unconditioned) == []


def test_a_line_naming_a_past_tumour_is_not_scoped_to_that_tumour() -> None:
    line = (
        "Patients with history of brain tumour (except recurrent medulloblastoma) or brain "
        "metastases"
    )
    several = Diagnosis(("SOLID", "MBL"), ("Advanced Solid Tumours", "Medulloblastoma"))

    (criterion,) = [
        c
        for c in propose_criteria([CriterionRecord("exclusion", line, line=3)], diagnosis=several)
        if c.line == 3
    ]

    assert (criterion.scope, criterion.params["question"]) == ("", "cns_metastases_active")


def test_a_prior_therapy_exclusion_with_an_exception_stays_text() -> None:
    text = (
        "No prior treatment with a PD-1 inhibitor (except if given as adjuvant or neoadjuvant "
        "therapy for NPC)"
    )

    assert [p for p in read_line("inclusion", text) if p.type == "prior_therapy"] == []
    assert [p for p in read_line("exclusion", text) if p.type == "prior_therapy"] == []


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        ("inclusion", "Must not have received prior systemic therapy for HCC", {"max": 0}),
        ("inclusion", "Naïve to systemic therapy for advanced/metastatic HCC", {"max": 0}),
        ("exclusion", "Patients with previous treatment of prostate cancer", {"min": 1}),
    ],
)
def test_treatment_naive_spellings(kind: str, text: str, params: dict[str, int]) -> None:
    assert [p.params for p in read_line(kind, text) if p.type == "prior_lines"] == [params]


def test_an_exception_list_after_the_cue_is_kept_whole() -> None:
    (flag,) = read_line(
        "exclusion",
        "Previous malignancies within the last 5 years, except; effectively treated non-melanoma "
        "skin cancers; effectively treated carcinoma in situ",
    )

    assert flag.params["except_if"] == ["other_malignancy_curatively_treated"]
    assert "non-melanoma skin cancers" in flag.params["exceptions"][0]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Current or history of central nervous system (CNS) lymphoma", "cns_metastases_active"),
        ("Active infectious A, B or C hepatitis", "hbv_hcv_active"),
    ],
)
def test_more_spellings_of_the_common_exclusions(text: str, question: str) -> None:
    assert question in [p.params["question"] for p in read_line("exclusion", text)]


def test_a_condition_named_only_as_an_example_gives_no_flag() -> None:
    text = "Major surgery (eg, GI surgery, removal or biopsy of brain metastasis) within 8 weeks"

    assert [p for p in read_line("exclusion", text) if p.type == "flag"] == []


def test_a_sentence_opening_with_exceptions_belongs_to_the_flag_before_it() -> None:
    (flag,) = read_line(
        "exclusion",
        "Has a known additional malignancy that requires active treatment. Exceptions include "
        "basal cell carcinoma of the skin that has undergone curative therapy.",
    )

    assert flag.params["except_if"] == ["other_malignancy_curatively_treated"]


def test_an_ecog_that_depends_on_another_condition_is_the_widest_allowed() -> None:
    text = (
        "Child-Pugh score and WHO/ECOG PS complying one of the following: Child-Pugh B7 with "
        "a WHO/ECOG PS of 0-1. Child-Pugh class A with a WHO/ECOG PS of 2."
    )

    assert read_ecog(text) == (0, 2)
    assert (
        read_ecog("Ineligible for cisplatin (one of the following): ECOG PS 2 or NYHA class 3")
        is None
    )


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Received 1 to 3 prior lines of antimyeloma therapy", {"min": 1, "max": 3}),
        (
            "Documented progressive disease or failure to respond to the last line of therapy",
            {"min": 1},
        ),
        (
            "Progression after prior gemcitabine-containing chemotherapy, including progression "
            "within 6 months after the end of adjuvant therapy",
            {"min": 1},
        ),
        ("Prior treatment with chemotherapy or other systemic therapy within 21 days", None),
    ],
)
def test_prior_line_ranges_and_windows(text: str, params: dict[str, int] | None) -> None:
    found = [p.params for p in read_line("inclusion", text) if p.type == "prior_lines"]

    assert found == ([params] if params else [])


@pytest.mark.parametrize(
    "text",
    [
        "Male participants whose partner is pregnant and who will not use a condom",
        "Has not received the hepatitis B vaccination series",
    ],
)
def test_a_partners_pregnancy_or_a_vaccination_is_not_the_flag(text: str) -> None:
    assert [p for p in read_line("exclusion", text) if p.type == "flag"] == []


def test_agreeing_not_to_be_pregnant_and_a_short_life_in_years() -> None:
    pregnancy = read_line(
        "inclusion", "A participant must agree not to be pregnant or breastfeeding while enrolled"
    )
    life = read_line("exclusion", "Life expectancy deemed to be less than 2 years")

    assert [(p.kind, p.params) for p in pregnancy] == [
        ("exclusion", {"question": "pregnant_or_breastfeeding"})
    ]
    assert [(p.type, p.params) for p in life] == [("life_expectancy", {"min_months": 24})]


def test_an_example_in_a_list_of_diseases_still_counts() -> None:
    text = (
        "Other serious diseases, including active liver disease (for example, active viral "
        "hepatitis infection [i.e., hepatitis B or hepatitis C])"
    )

    assert "hbv_hcv_active" in [p.params["question"] for p in read_line("exclusion", text)]


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        (
            "inclusion",
            "No prior treatment with a ROS1 tyrosine kinase inhibitor, chemotherapy or other "
            "systemic therapy for advanced or metastatic NSCLC",
            {"max": 0},
        ),
        ("inclusion", "Previously untreated disease", {"max": 0}),
        (
            "exclusion",
            "Any prior systemic non-hormonal anti-cancer therapy for locally advanced or "
            "metastatic HER2-positive breast cancer",
            {"min": 1},
        ),
        (
            "exclusion",
            "Patients who have received any previous systemic therapy (including chemotherapy) "
            "for treatment or prevention of breast cancer",
            {"min": 1},
        ),
    ],
)
def test_systemic_therapy_for_the_disease_sets_the_line_count(
    kind: str, text: str, params: dict[str, int]
) -> None:
    assert [p.params for p in read_line(kind, text) if p.type == "prior_lines"] == [params]


@pytest.mark.parametrize(
    "text",
    [
        "Lactate dehydrogenase > 2 x ULN",
        "Resident of a nursing home",
        "History of immune-related hepatitis of grade 3 or higher",
        "Active autoimmune hepatitis",
        "Patients with chronic HBV infection must receive antiviral prophylaxis",
    ],
)
def test_words_that_only_look_like_the_question_give_no_flag(text: str) -> None:
    flags = [p.params["question"] for p in read_line("exclusion", text) if p.type == "flag"]

    assert "pregnant_or_breastfeeding" not in flags
    assert "hbv_hcv_active" not in flags


def test_a_biopsy_not_required_leaves_measurable_disease_required() -> None:
    proposals = read_line(
        "inclusion", "Measurable disease per RECIST 1.1 (a fresh biopsy is not required)"
    )

    assert ("measurable_disease", {}) in [(p.type, p.params) for p in proposals]


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        (
            "inclusion",
            "Previously untreated, unresectable, locally advanced or metastatic gastric cancer",
            {"max": 0},
        ),
        ("inclusion", "Progression on 2 or more prior lines of systemic therapy", {"min": 2}),
        ("exclusion", "Patients having second relapse or beyond are excluded", {"min": 2}),
    ],
)
def test_more_line_count_spellings(kind: str, text: str, params: dict[str, int]) -> None:
    assert [p.params for p in read_line(kind, text) if p.type == "prior_lines"] == [params]


def test_items_under_a_lead_in_window_are_washouts() -> None:
    lines = [
        "Received any of the following treatments within the specified time before the first dose:",
        "Chemotherapy: 3 weeks",
        "Radiotherapy - 14 days",
        "Investigational agents 4 weeks or 5 half-lives, whichever is shorter",
        "Known HIV infection.",
        "Stage 3 disease for 4 weeks",
    ]
    criteria = propose_criteria(
        [CriterionRecord(kind="exclusion", text=text, line=n) for n, text in enumerate(lines)]
    )
    read = {(c.line, c.params.get("category")): c.params for c in criteria if c.type == "washout"}

    assert read[(1, "chemotherapy")]["days"] == 21
    assert read[(2, "radiotherapy")]["days"] == 14
    assert read[(3, "investigational")] == {
        "category": "investigational",
        "days": 28,
        "bound": "at_most",
    }
    assert [c.type for c in criteria if c.line == 5] == ["text"]


@pytest.mark.parametrize(
    ("text", "measurable"),
    [
        ("Disease must be measurable by CT or MRI", True),
        ("Disease that is measurable per iRECIST", True),
        ("At least one target lesion as defined by RECIST 1.1", True),
        ("Measurable disease or bone-only disease", False),
        ("Assessable or measurable disease", False),
        ("Measurable residual disease (MRD) positive after induction", False),
        (
            "At least one measurable lesion per RECIST v1.1 (for bone only disease, lytic lesions "
            "that can be measured by CT are eligible)",
            True,
        ),
    ],
)
def test_measurable_disease_wordings(text: str, measurable: bool) -> None:
    proposed = [p.type for p in read_line("inclusion", text)]
    assert ("measurable_disease" in proposed) is measurable


def test_a_line_admitting_evaluable_disease_makes_measurable_disease_no_requirement() -> None:
    lines = [
        "Measurable disease per RECIST 1.1",
        "Patients with evaluable but non-measurable disease are eligible for the expansion part",
    ]
    criteria = propose_criteria(
        [CriterionRecord(kind="inclusion", text=text, line=n) for n, text in enumerate(lines)]
    )
    assert [c.type for c in criteria] == ["text", "text"]


def test_diagnosis_lines_add_tumour_types_of_the_same_organ() -> None:
    read = diagnosis_codes(
        ["Endometrial Cancer"],
        statements=["Histologically confirmed recurrent endometrial carcinoma or carcinosarcoma"],
    )
    assert set(read.codes) == {"UCEC", "UCS"}
    # A type the line rules out, or one of another organ, is not added.
    read = diagnosis_codes(
        ["Breast Cancer"],
        statements=["Histologically confirmed invasive breast cancer; DCIS is not eligible"],
    )
    assert read.codes == ("BRCA",)


@pytest.mark.parametrize("term", ["Rhabdomyosarcoma", "Leiomyosarcoma", "Liposarcoma"])
def test_sarcoma_subtypes_are_sarcomas(term: str) -> None:
    assert codes_in(term) == ("SARCNOS",)


def test_a_permission_in_parentheses_is_the_exclusion_s_exception() -> None:
    text = (
        "Active autoimmune disease that has required systemic treatment in the past 2 years "
        "(replacement therapy such as thyroxine is allowed)"
    )
    flags = [p.params for p in read_line("exclusion", text) if p.type == "flag"]
    assert flags == [
        {
            "question": "autoimmune_active",
            "exceptions": ["replacement therapy such as thyroxine is allowed"],
        }
    ]


@pytest.mark.parametrize(
    ("kind", "text", "question"),
    [
        ("exclusion", "Women who are breast feeding", "pregnant_or_breastfeeding"),
        ("exclusion", "Positive pregnancy test at screening", "pregnant_or_breastfeeding"),
        ("inclusion", "HBsAg negative and HCV antibody negative", "hbv_hcv_active"),
    ],
)
def test_more_wordings_of_the_common_exclusions(kind: str, text: str, question: str) -> None:
    flags = [p for p in read_line(kind, text) if p.type == "flag"]
    assert [(p.params["question"], p.kind or kind) for p in flags] == [(question, "exclusion")]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (
            "inclusion",
            "Patients with brain metastases are allowed, provided they are stable according to "
            "the following definitions: no progression for at least 4 weeks",
        ),
        (
            "exclusion",
            "Participants with treated, clinically inactive brain metastases that no longer "
            "cause symptoms may be included if they have recovered from radiotherapy",
        ),
        (
            "inclusion",
            "Participants with brain metastases are eligible. Brain metastases must be "
            "asymptomatic and not in need of immediate local therapy.",
        ),
        ("exclusion", "Active or untreated CNS metastases (unless stable per protocol)."),
        # The condition between the metastases and the admission.
        (
            "inclusion",
            "Treated brain metastases that are stable for at least 4 weeks after radiation and "
            "off steroids are allowed.",
        ),
        (
            "inclusion",
            "Patients with brain metastasis which have been treated and remain asymptomatic are "
            "eligible",
        ),
        # Conditions listed after the admission, in the "no ongoing ..." style.
        (
            "inclusion",
            "Patients with CNS metastases are eligible, provided they meet all of the following: "
            "no ongoing requirement for corticosteroids; no ongoing symptoms from them",
        ),
        # The condition named by the disease, by its control, or by "providing".
        ("inclusion", "Patients with brain metastases are eligible if disease has been treated"),
        ("exclusion", "Brain metastases are eligible providing that they have been treated"),
        ("inclusion", "Brain metastases are eligible only if the lesions are under control"),
        (
            "inclusion",
            "Patients with brain metastases who have previously received local treatment and "
            "are neurologically stable are eligible",
        ),
        ("inclusion", "Patients with brain metastases were only enrolled if they were stable."),
        # The rule for those who have them, as a condition or for the symptomatic ones.
        ("inclusion", "If patients have brain metastases, they must be stable"),
        ("inclusion", "Symptomatic CNS metastases must have been treated"),
    ],
)
def test_brain_metastases_admitted_only_when_stable_rule_out_active_ones(
    kind: str, text: str
) -> None:
    (flag,) = [p for p in read_line(kind, text) if p.type == "flag"]

    assert flag.params["question"] == "cns_metastases_active"
    assert flag.params["exceptions"]  # a yes is left to the study team, never a plain "no"
    assert len(flag.params["exceptions"][0]) <= 300


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("inclusion", "Patients with treated brain metastases are eligible"),
        ("exclusion", "Patients with brain metastases are eligible"),
        ("exclusion", "Active brain metastases as defined in the protocol"),
        # A number of them, or one site only, is narrower than the question.
        ("exclusion", ">3 brain metastases"),
        ("exclusion", "More than 4 brain metastases on MRI"),
        ("exclusion", "Brain metastases in the brain stem"),
    ],
)
def test_an_admission_without_a_condition_or_a_deferred_definition_gives_no_flag(
    kind: str, text: str
) -> None:
    assert [p for p in read_line(kind, text) if p.type == "flag"] == []


def test_what_follows_a_cohort_label_inside_a_line_is_that_cohort_s() -> None:
    text = (
        "Participants who have received the following previous therapy: Cohort 1 (Melanoma): "
        "progressed on an anti-PD-1 antibody. Cohort 2 (NSCLC): progressed on platinum-based "
        "chemotherapy"
    )

    assert read_line("inclusion", text) == []


@pytest.mark.parametrize(
    ("kind", "text", "question"),
    [
        ("inclusion", "A negative test for HIV documented at screening", "immunodeficiency_hiv"),
        ("exclusion", "Known chronic infection with hepatitis", "hbv_hcv_active"),
        ("exclusion", "Ongoing hepatitis virus infection", "hbv_hcv_active"),
        (
            "inclusion",
            "Women of childbearing potential: Negative urine or serum pregnancy within 72 hours "
            "prior to receiving the first dose",
            "pregnant_or_breastfeeding",
        ),
        (
            "exclusion",
            "Contraindications for immunotherapy (known deficiency of the immune system)",
            "immunodeficiency_hiv",
        ),
        (
            "exclusion",
            "Acute/chronic infection with CMV, hepatitis, and syphilis",
            "hbv_hcv_active",
        ),
        # A list of the tests before their result.
        (
            "inclusion",
            "Patient must be HIV-1 & 2 antibody, HIV-1 antigen, and HTLV-I & II antibody "
            "sero-negative by a licensed test",
            "immunodeficiency_hiv",
        ),
        # Co-infection as one alternative beside each virus alone.
        (
            "exclusion",
            "Known hepatitis B (or positive HBsAg), or known hepatitis C (or positive HCV RNA), "
            "or known hepatitis B and C co-infection",
            "hbv_hcv_active",
        ),
    ],
)
def test_negative_tests_and_hepatitis_named_as_an_infection(
    kind: str, text: str, question: str
) -> None:
    flags = [p for p in read_line(kind, text) if p.type == "flag"]
    assert [(p.params["question"], p.kind or kind) for p in flags] == [(question, "exclusion")]


def test_an_infection_admitted_only_under_control_rules_out_the_uncontrolled_one() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord(
                "inclusion",
                "People living with HIV may take part when their viral load is undetectable on "
                "antiretroviral treatment",
                line=1,
            ),
            CriterionRecord(
                "inclusion",
                "Participants with past hepatitis C must have been treated and cured",
                line=2,
            ),
            CriterionRecord("exclusion", "Pregnancy", line=3),
        ]
    )
    flags = {c.params["question"]: c for c in criteria if c.type == "flag"}

    assert flags["immunodeficiency_hiv"].kind == "exclusion"
    assert flags["immunodeficiency_hiv"].line == 1
    # A yes is for the study team to weigh, never a plain rule-out.
    assert flags["immunodeficiency_hiv"].params["exceptions"] == [
        "people living with hiv may take part when their viral load is undetectable on "
        "antiretroviral treatment"
    ]
    assert flags["hbv_hcv_active"].params["exceptions"] == [
        "participants with past hepatitis c must have been treated and cured"
    ]
    # The line is read, not kept twice.
    assert [c.type for c in criteria if c.line == 1] == ["flag"]


def test_an_admission_under_control_among_the_exclusions_rules_out_the_uncontrolled_one() -> None:
    text = (
        "Patients who tested positive for HIV might be enrolled if the viral load by PCR is "
        "undetectable, with or without treatment"
    )
    criteria = propose_criteria([CriterionRecord("exclusion", text, line=4)])

    (flag,) = [c for c in criteria if c.type == "flag"]
    assert (flag.kind, flag.line, flag.params["question"]) == (
        "exclusion",
        4,
        "immunodeficiency_hiv",
    )
    assert flag.params["exceptions"] == [text.lower()]
    assert [c.type for c in criteria if c.line == 4] == ["flag"]


@pytest.mark.parametrize(
    "text",
    [
        "Patients with HIV are eligible",
        "Patients with HBV must receive antiviral prophylaxis during the study",
        "People with HIV can join whatever treatment they receive",
    ],
)
def test_an_admission_with_no_control_condition_rules_nothing_out(text: str) -> None:
    criteria = propose_criteria([CriterionRecord("inclusion", text, line=1)])
    assert [c for c in criteria if c.type == "flag"] == []


def cns_flags(criteria: tuple[CriterionRecord, ...]) -> list[CriterionRecord]:
    return [c for c in criteria if c.params.get("question") == "cns_metastases_active"]


@pytest.mark.parametrize(
    "inclusion",
    [
        "Confirmed metastatic melanoma with newly diagnosed brain metastases",
        "Lung cancer that has metastasised to the brain",
        "At least one untreated measurable intracranial lesion of 5 mm or more",
        "1 to 4 brain metastases, none larger than 3 cm",
        "Patients must have active CNS metastases on MRI",
    ],
)
def test_a_trial_for_people_with_brain_metastases_does_not_rule_them_out(inclusion: str) -> None:
    criteria = propose_criteria(
        [
            CriterionRecord("inclusion", inclusion, line=1),
            CriterionRecord(
                "exclusion", "Symptoms from brain metastases despite steroid treatment", line=1
            ),
        ]
    )
    assert cns_flags(criteria) == []
    assert [c.type for c in criteria if c.kind == "exclusion"] == ["text"]


@pytest.mark.parametrize(
    "inclusion",
    [
        "Patients with treated brain metastases are eligible",
        "Advanced NSCLC with or without brain metastases",
        "No untreated brain metastases",
    ],
)
def test_a_trial_admitting_brain_metastases_still_rules_out_active_ones(inclusion: str) -> None:
    criteria = propose_criteria(
        [
            CriterionRecord("inclusion", inclusion, line=1),
            CriterionRecord("exclusion", "Untreated or symptomatic brain metastases", line=1),
        ]
    )
    assert cns_flags(criteria)


@pytest.mark.parametrize(
    "text",
    [
        "Patients with new or progressive brain metastases (active brain metastases) are "
        "eligible if the treating physician finds that no CNS-directed treatment is required "
        "during the first cycle",
        "Participants with newly diagnosed or progressing brain metastases are eligible if "
        "local therapy is not required",
        # The untreated ones admitted: whether symptomatic ones are ruled out is not said.
        "Patients with untreated brain metastases are eligible if asymptomatic",
    ],
)
def test_an_admission_of_active_brain_metastases_on_a_condition_rules_none_out(text: str) -> None:
    # The metastases admitted are the active ones themselves: nothing is left to rule out.
    assert [p for p in read_line("inclusion", text) if p.type == "flag"] == []


@pytest.mark.parametrize(
    "text",
    [
        # Lesions outside the brain, or a treatment given to brain metastases, are admitted.
        "Radiotherapy to non-CNS lesions is permitted and needs no break before treatment starts.",
        "Earlier surgery (resection or biopsy) for brain metastases is allowed, provided the "
        "wound has healed.",
        "Prior palliative radiation for painful bony or brain metastases is permissible.",
    ],
)
def test_an_admission_of_something_else_than_brain_metastases_gives_no_flag(text: str) -> None:
    assert [p for p in read_line("exclusion", text) if p.type == "flag"] == []


def test_examples_after_including_but_not_limited_to_are_excluded() -> None:
    text = (
        "Serious illness, including severe heart disease or immune disorders (including, but not "
        "limited to, rheumatoid arthritis or lupus erythematosus)"
    )
    assert [p.params for p in read_line("exclusion", text) if p.type == "flag"] == [
        {"question": "autoimmune_active"}
    ]


def test_a_diagnosis_read_from_a_long_line_keeps_its_codes_and_a_shortened_line() -> None:
    line = (
        "Histologically proven locally advanced cancers of the following sites: "
        + ", ".join(f"site group {n} with its own staging rule" for n in range(12))
        + ", and carcinoma of the uterine cervix"
    )
    assert len(line) > 300
    diagnosis = Diagnosis(("CERVIX",), (line,))

    (criterion,) = [c for c in propose_criteria([], diagnosis=diagnosis) if c.type == "diagnosis"]

    assert criterion.params["codes"] == ["CERVIX"]
    (term,) = criterion.params["terms"]
    assert len(term) <= 300
    assert term.endswith("…")
    assert line.startswith(term[:-1])


def test_a_line_for_solid_tumours_or_lymphomas_is_for_everyone_in_a_basket() -> None:
    line = (
        "Participants with solid tumors or lymphomas that are advanced and progressing since "
        "last antitumor therapy"
    )
    several = Diagnosis(("SOLID", "NHL"), ("Solid Tumor", "Lymphoma, Non-Hodgkin"))

    (criterion,) = [
        c
        for c in propose_criteria([CriterionRecord("inclusion", line, line=3)], diagnosis=several)
        if c.line == 3
    ]

    assert (criterion.type, criterion.scope, criterion.params) == ("prior_lines", "", {"min": 1})


def test_a_line_naming_every_tumour_of_the_trial_is_for_everyone() -> None:
    line = (
        "Metastatic gastric cancer, pancreatic cancer or colorectal cancer that progressed "
        "after at least one prior line of systemic therapy"
    )
    three = Diagnosis(("STAD", "PAAD", "COADREAD"), ("Gastrointestinal Cancer",))
    two = Diagnosis(("STAD", "PAAD"), ("Gastric Cancer", "Pancreatic Cancer"))
    more = Diagnosis(("STAD", "PAAD", "COADREAD", "NSCLC"), ("Cancer",))

    def read(diagnosis: Diagnosis) -> CriterionRecord:
        (criterion,) = [
            c
            for c in propose_criteria(
                [CriterionRecord("inclusion", line, line=3)], diagnosis=diagnosis
            )
            if c.line == 3
        ]
        return criterion

    assert (read(three).type, read(three).scope) == ("prior_lines", "")
    assert (read(two).type, read(two).scope) == ("prior_lines", "")
    # A type of the trial the line leaves out: the line is still for the types it names.
    assert (read(more).type, read(more).scope) == ("text", "Metastatic gastric cancer")


def test_a_line_with_a_rule_per_tumour_label_is_scoped() -> None:
    line = (
        "For HCC patients: Child-Pugh class A. For PDAC: progressed after at least one prior "
        "line of systemic treatment"
    )

    assert is_cohort_specific(line)


def test_situations_under_an_exception_lead_give_their_classes_own_windows() -> None:
    lines = [
        CriterionRecord(
            "exclusion",
            "Chemotherapy, targeted therapy, immunotherapy or other anticancer therapy within 28 "
            "days before the first dose, except:",
            line=10,
        ),
        CriterionRecord("exclusion", "Washout period for nitrosoureas is 6 weeks.", line=11),
        CriterionRecord(
            "exclusion", "2 weeks for fluoropyrimidines or small-molecule targeted agents.", line=12
        ),
        CriterionRecord("exclusion", "Anti-PD-1/PD-L1 antibody therapy within 6 weeks.", line=13),
        CriterionRecord("exclusion", "Known HIV infection", line=14),
    ]

    windows: dict[str, int] = {}
    for criterion in propose_criteria(lines):
        if criterion.type == "washout":
            category = criterion.params["category"]
            windows[category] = max(windows.get(category, 0), criterion.params["days"])

    assert windows["targeted_small_molecule"] == 14
    assert windows["immunotherapy"] == 42
    assert windows["chemotherapy"] == windows["biologic"] == 28


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # "With or without" extracranial disease still excludes the brain metastases.
        ("Active brain metastases, with or without extracranial disease", "cns_metastases_active"),
        ("Known brain metastases only if symptomatic", "cns_metastases_active"),
        ("Active autoimmune disease requiring systemic treatment", "autoimmune_active"),
    ],
)
def test_qualifiers_that_keep_the_common_exclusion(text: str, question: str) -> None:
    assert [p.params["question"] for p in read_line("exclusion", text) if p.type == "flag"] == [
        question
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Active viral (any etiology) hepatitis",
        "Known active infectious (A, B or C) hepatitis or HIV infection",
    ],
)
def test_a_parenthesis_inside_an_active_viral_hepatitis_is_still_one(text: str) -> None:
    flags = [p.params["question"] for p in read_line("exclusion", text) if p.type == "flag"]
    assert "hbv_hcv_active" in flags


def test_brain_metastases_refused_until_treated_are_active_ones_whatever_their_number() -> None:
    text = (
        "Patients who have more than 2 CNS metastases or any CNS lesion that is symptomatic "
        "will not be eligible until they have been treated and are stable for 2 months."
    )
    (flag,) = [p for p in read_line("exclusion", text) if p.type == "flag"]
    assert flag.params["question"] == "cns_metastases_active"
    assert flag.params["exceptions"]  # only some of them: a yes is no ruling out
    # A number of brain metastases alone is still no exclusion of brain metastases.
    assert not [
        p
        for p in read_line("exclusion", "Patients with more than 3 brain metastases")
        if p.type == "flag" and p.params["question"] == "cns_metastases_active"
    ]
    untreated = "Patients with brain metastases will not be eligible until they have been treated."
    assert [p.params for p in read_line("exclusion", untreated) if p.type == "flag"] == [
        {"question": "cns_metastases_active"}
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "Must satisfy one of the following criteria:",
        "Progression of disease, as shown by any of the following:",
    ],
)
def test_measurable_disease_as_one_of_several_alternatives_is_no_requirement(lead: str) -> None:
    criteria = propose_criteria(
        [
            CriterionRecord("inclusion", lead, line=1),
            CriterionRecord("inclusion", "A rising tumour marker on two occasions", line=2),
            CriterionRecord(
                "inclusion", "Measurable disease with a lesion of 10 mm or more on CT", line=3
            ),
        ]
    )

    assert not [c for c in criteria if c.type == "measurable_disease"]


def test_measurable_disease_after_a_lead_asking_for_all_items_stays() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord("inclusion", "Disease characteristics:", line=1),
            CriterionRecord(
                "inclusion", "Measurable disease with a lesion of 10 mm or more on CT", line=2
            ),
        ]
    )

    assert [c.type for c in criteria if c.type == "measurable_disease"] == ["measurable_disease"]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # A screening test named after a comma-separated list of viruses.
        ("Hepatitis B, C testing is required at screening", "hbv_hcv_active"),
        ("HIV, hepatitis B and hepatitis C serologies will be done at screening", "hbv_hcv_active"),
        (
            "HIV, hepatitis B and hepatitis C serologies will be done at screening",
            "immunodeficiency_hiv",
        ),
        ("Serology for hepatitis B and C must be tested before the first dose", "hbv_hcv_active"),
        # The donor's infection or pregnancy, not the patient's.
        ("Stem cell donors who test positive for HIV or hepatitis B", "immunodeficiency_hiv"),
        ("Stem cell donors who test positive for HIV or hepatitis B", "hbv_hcv_active"),
        ("A donor who is pregnant or nursing", "pregnant_or_breastfeeding"),
        # The infection as the cause of a raised laboratory value.
        (
            "ALT above 3 x ULN (above 5 x ULN in patients with chronic hepatitis B)",
            "hbv_hcv_active",
        ),
        ("Bilirubin over 2 x ULN unless due to viral hepatitis", "hbv_hcv_active"),
    ],
)
def test_tests_donors_and_lab_causes_are_no_infection_exclusion(text: str, question: str) -> None:
    flags = [p.params.get("question") for p in read_line("exclusion", text) if p.type == "flag"]

    assert question not in flags


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Recipient or donor positive for HIV", "immunodeficiency_hiv"),
        ("Active hepatitis B; ALT above 3 x ULN", "hbv_hcv_active"),
        ("ALT above 3 x ULN or active hepatitis B infection", "hbv_hcv_active"),
        ("Hepatitis B or C testing positive at screening", "hbv_hcv_active"),
    ],
)
def test_infection_exclusions_next_to_donors_and_lab_limits_stay(text: str, question: str) -> None:
    flags = [p.params.get("question") for p in read_line("exclusion", text) if p.type == "flag"]

    assert question in flags


@pytest.mark.parametrize(
    "text",
    [
        "HBV carriers must have HBV DNA below 2000 IU/mL",
        "Hepatitis B core antibody positive patients must have undetectable HBV DNA",
    ],
)
def test_a_rule_for_hepatitis_carriers_is_the_flags_exception(text: str) -> None:
    [flag] = [p for p in read_line("exclusion", text) if p.type == "flag"]

    assert flag.params["question"] == "hbv_hcv_active"
    assert flag.params["exceptions"]


def test_a_rule_that_excludes_keeps_the_flag_without_exception() -> None:
    [flag] = [p for p in read_line("exclusion", "HIV positive patients must be excluded")]

    assert flag.params == {"question": "immunodeficiency_hiv"}


@pytest.mark.parametrize(
    ("kind", "text", "question"),
    [
        (
            "exclusion",
            "HIV patients on antiretroviral therapy are in-eligible to take part because of "
            "possible interactions with the study drugs",
            "immunodeficiency_hiv",
        ),
        (
            "inclusion",
            "Patients with active brain metastases are in-eligible",
            "cns_metastases_active",
        ),
    ],
)
def test_in_eligible_with_a_hyphen_refuses_like_ineligible(
    kind: str, text: str, question: str
) -> None:
    assert [p.params["question"] for p in read_line(kind, text) if p.type == "flag"] == [question]


@pytest.mark.parametrize(
    "text",
    [
        "Patients must have clinically measurable disease to be treated in the neoadjuvant setting",
        "Patients after biopsy must have measurable disease defined as at least one lesion that "
        "can be accurately measured according to modified RECIST criteria",
    ],
)
def test_measurable_disease_of_one_setting_or_subgroup_is_no_requirement(text: str) -> None:
    assert [p for p in read_line("inclusion", text) if p.type == "measurable_disease"] == []


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Patients with a life expectancy reasonably estimated at less than 6 months.", 6),
        ("Life expectancy is less than 9 months", 9),
        # another cancer's outlook
        ("Another malignancy with a life expectancy of less than 2 years", None),
    ],
)
def test_a_short_life_expectancy_excluded_is_the_minimum(text: str, months: int | None) -> None:
    found = [
        p.params["min_months"] for p in read_line("exclusion", text) if p.type == "life_expectancy"
    ]
    assert found == ([months] if months else [])


def test_the_evaluable_lesion_a_treatment_spares_admits_no_evaluable_disease() -> None:
    lines = [
        "At least 1 unidimensionally measurable lesion",
        "Prior localized radiotherapy that does not influence the signal of the evaluable lesion "
        "is allowed",
    ]
    criteria = propose_criteria(
        [CriterionRecord("inclusion", text, line=n) for n, text in enumerate(lines, 1)]
    )
    assert [c.type for c in criteria if c.type == "measurable_disease"] == ["measurable_disease"]
    # evaluable disease admitted still makes it no requirement
    lines[1] = "Patients with evaluable disease are eligible"
    criteria = propose_criteria(
        [CriterionRecord("inclusion", text, line=n) for n, text in enumerate(lines, 1)]
    )
    assert [c for c in criteria if c.type == "measurable_disease"] == []


def test_a_life_expectancy_after_its_figure_is_read() -> None:
    found = [
        p.params["min_months"]
        for p in read_line("inclusion", "At least 3 month life expectancy")
        if p.type == "life_expectancy"
    ]
    assert found == [3]


def flag_questions(kind: str, text: str) -> list[str]:
    return [p.params["question"] for p in read_line(kind, text) if p.type == "flag"]


def test_a_group_that_will_not_be_excluded_is_admitted() -> None:
    text = (
        "This study is designed for women after primary therapy. Survivors of previous cancers "
        "and HIV-positive subjects will not be excluded."
    )

    assert "immunodeficiency_hiv" not in flag_questions("exclusion", text)


def test_conditions_of_an_hiv_subgroup_that_may_be_eligible_are_not_everyone_s() -> None:
    text = (
        "Patients with HIV infection may be eligible provided they meet the following criteria: "
        "CD4-positive cell count >= lower limit of normal; No evidence of hepatitis B or C "
        "infection"
    )

    assert "hbv_hcv_active" not in flag_questions("inclusion", text)


def test_a_donor_s_criteria_after_a_lead_in_are_not_the_patient_s() -> None:
    text = (
        "Available HLA-haploidentical donor that meets the following criteria: At least 18 "
        "years of age; No active hepatitis; Negative for HTLV and HIV; Not pregnant"
    )

    assert is_cohort_specific(text)


@pytest.mark.parametrize(
    ("kind", "text", "questions"),
    [
        # What to do if a pregnancy happens on the study is no exclusion of pregnancy.
        (
            "inclusion",
            "Women of child-bearing potential must use adequate contraception. Should a woman "
            "become pregnant or suspect she is pregnant while participating in this study, she "
            "should inform her treating physician immediately.",
            ["contraception_willing"],
        ),
        (
            "inclusion",
            "For women of child-bearing age, the pregnancy test results (serum or urine) within "
            "7 days before enrolment must be negative.",
            ["pregnant_or_breastfeeding"],
        ),
        (
            "exclusion",
            "Clinically significant history of liver disease, including viral or other "
            "hepatitis, current alcohol abuse, or cirrhosis.",
            ["hbv_hcv_active"],
        ),
        # Only the bleeding ones: not the question.
        ("exclusion", "Known hemorrhagic brain metastasis.", []),
    ],
)
def test_pregnancy_hepatitis_and_bleeding_brain_metastases(
    kind: str, text: str, questions: list[str]
) -> None:
    assert flag_questions(kind, text) == questions


@pytest.mark.parametrize(
    "text",
    [
        "Known leukemia infiltration of the central nervous system.",
        "Patients with known brain involvement should be excluded from this trial.",
        "CNS lesions which are symptomatic and/or requiring escalating doses of steroids.",
        "Clinical evidence of symptomatic progressive brain or leptomeningeal disease during "
        "the past 6 months",
        "Patients with CNS2 or CNS 3 disease or bulky chloromatous disease.",
        "Active central nervous system malignancy",
    ],
)
def test_more_wordings_of_cns_disease_are_the_cns_exclusion(text: str) -> None:
    assert flag_questions("exclusion", text) == ["cns_metastases_active"]


def test_a_primary_cns_malignancy_is_not_cns_metastases() -> None:
    assert flag_questions("exclusion", "Known primary CNS malignancy") == []


@pytest.mark.parametrize(
    "text",
    [
        "Patients with CNS metastasis must have had either; a) resected CNS metastasis without "
        "evidence of recurrence for > 12 weeks; b) brain metastasis treated by radiosurgery",
        "Brain metastases are allowed, given that they are clinically stable.",
        "Potential participants with central nervous system (CNS) involvement may participate "
        "if the patient is: clinically stable with respect to the CNS tumor; not receiving "
        "steroid therapy",
        "Patients with a history of previous central nervous system tumor involvement are "
        "eligible provided they are without symptoms or signs.",
    ],
)
def test_cns_disease_admitted_only_when_treated_or_stable_rules_out_active_disease(
    text: str,
) -> None:
    assert "cns_metastases_active" in [
        p.params["question"] for p in read_line("inclusion", text) if p.type == "flag"
    ]


def test_the_items_after_a_negated_lead_in_are_exclusions() -> None:
    text = (
        "Patients must not have any of the following conditions: Congestive heart failure; "
        "Infection with known chronic, active hepatitis C; Symptomatic brain metastases"
    )

    assert {"hbv_hcv_active", "cns_metastases_active"} <= set(flag_questions("inclusion", text))


def test_a_window_after_treatment_for_brain_metastases_is_not_the_cns_exclusion() -> None:
    text = "Prior treatment for brain metastases within 14 days before the first dose."

    assert "cns_metastases_active" not in flag_questions("exclusion", text)


@pytest.mark.parametrize(
    "text",
    [
        "Antiviral prophylaxis is required for HBsAg positive patients.",
        "Patients who are anti-HBc positive will be monitored for HBV DNA every month.",
        "HIV-positive patients will be tested for CD4 counts.",
    ],
)
def test_care_on_the_study_for_those_with_an_infection_is_no_exclusion(text: str) -> None:
    assert flag_questions("exclusion", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Live vaccines within 30 days; patients with HIV should not receive live vaccines.",
        "HIV-positive patients with Kaposi sarcoma.",
    ],
)
def test_a_treatment_rule_or_a_complication_of_hiv_is_not_the_hiv_exclusion(text: str) -> None:
    assert "immunodeficiency_hiv" not in flag_questions("exclusion", text)
    assert flag_questions("exclusion", "Patients with HIV should not be enrolled.") == [
        "immunodeficiency_hiv"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Patients with HIV-associated primary central nervous system lymphoma",
        "Malignancies related to HIV or solid organ transplant.",
    ],
)
def test_a_cancer_caused_by_hiv_is_not_the_hiv_exclusion(text: str) -> None:
    assert "immunodeficiency_hiv" not in flag_questions("exclusion", text)


def test_immunodeficiencies_among_excluded_conditions_are_the_hiv_question() -> None:
    text = "Exposure to topotecan, infection, immunodeficiencies, conditions of the GI tract."

    assert "immunodeficiency_hiv" in flag_questions("exclusion", text)


def test_a_trial_for_people_with_hiv_rules_none_out_by_its_care_rules() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord(
                "inclusion",
                "Participants must have known HIV infection and histologically confirmed "
                "non-small cell lung cancer",
                line=1,
            ),
            CriterionRecord(
                "inclusion",
                "Participants MUST receive appropriate care and treatment for HIV infection, "
                "including antiretroviral medications, when clinically indicated; participants "
                "will be eligible regardless of antiretroviral medication provided the regimen "
                "has been stable for at least 4 weeks",
                line=2,
            ),
        ]
    )

    assert "immunodeficiency_hiv" not in [c.params.get("question") for c in criteria]


@pytest.mark.parametrize(
    "text",
    [
        "Subject has acute or chronic active infectious disorders. Chronic hepatitis B and C "
        "virus (HBV and HCV) are excepted (ie, eligible for study); HBV requires antiviral "
        "therapy",
        "Active gallbladder disease or hepatitis (AST or ALT > 2.0), liver cirrhosis. It is "
        "highly recommended that patients positive for HBV-DNA or HBsAg are treated "
        "prophylactically with an antiviral",
        "Concurrent interferon therapy against Hepatitis B Virus (HBV)/ Hepatitis C Virus (HCV)",
        "Prohibited inhibitors of CYP3A4: Antifungals: itraconazole; Hepatitis C: boceprevir, "
        "telaprevir",
    ],
)
def test_care_or_a_therapy_for_hepatitis_is_not_the_hepatitis_exclusion(text: str) -> None:
    assert "hbv_hcv_active" not in flag_questions("exclusion", text)
    assert "hbv_hcv_active" in flag_questions(
        "exclusion", "Active hepatitis B infection that requires antiviral treatment"
    )


def test_a_note_in_brackets_that_no_test_is_required_keeps_the_infections() -> None:
    text = (
        "Known history of human immunodeficiency virus (HIV), hepatitis B, and/or hepatitis C "
        "(no additional laboratory tests for HIV, hepatitis [Hep] B, or Hep C are required for "
        "screening)"
    )

    assert {"immunodeficiency_hiv", "hbv_hcv_active"} <= set(flag_questions("exclusion", text))


def test_what_an_earlier_therapy_treated_is_not_the_autoimmune_exclusion() -> None:
    text = (
        "MDS that is caused by radiotherapy, chemotherapy, and/or immunotherapy for cancerous "
        "or autoimmune diseases"
    )

    assert "autoimmune_active" not in flag_questions("exclusion", text)
    assert "autoimmune_active" in flag_questions(
        "exclusion", "Patients receiving immunosuppressive therapy for autoimmune disease"
    )


def test_a_hyphenated_cns_lymphoma_is_the_cns_question() -> None:
    text = "History of or active CNS-lymphoma, AIDS-related lymphoma, or uncontrolled infection."

    assert flag_questions("exclusion", text) == ["cns_metastases_active"]


def test_an_inclusion_refusing_brain_metastases_does_not_make_them_the_population() -> None:
    refusal = (
        "Subjects with a history of brain metastases or who currently have treated or untreated "
        "brain metastases are not eligible. Subjects with clinical evidence of brain metastases "
        "must have a brain CT or MRI negative for metastatic disease within 56 days"
    )
    criteria = propose_criteria(
        [
            CriterionRecord("inclusion", refusal, line=1),
            CriterionRecord(
                "exclusion", "Subjects with central nervous system or brain metastases", line=2
            ),
        ]
    )

    assert "cns_metastases_active" in [c.params.get("question") for c in criteria]


def test_no_tumour_spread_to_the_brain_is_the_cns_exclusion() -> None:
    assert flags("inclusion", "No tumor spread to the brain") == [
        ("cns_metastases_active", "exclusion")
    ]


def test_a_negative_serum_beta_hcg_named_in_brackets_is_the_pregnancy_exclusion() -> None:
    text = (
        "A woman of childbearing potential must have a negative highly sensitive serum "
        "(beta-human chorionic gonadotropin [beta- hCG]) at Screening"
    )

    assert flags("inclusion", text) == [("pregnant_or_breastfeeding", "exclusion")]


@pytest.mark.parametrize(
    "text",
    [
        "Uncontrolled tumor in the brain",
        "Participants must not have cancer of the central nervous system that is not stable",
    ],
)
def test_cancer_in_the_brain_or_of_the_cns_is_the_cns_exclusion(text: str) -> None:
    assert flags("exclusion", text) == [("cns_metastases_active", "exclusion")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Karnofsky performance status no less than 70", (0, 1)),
        ("Karnofsky score not less than 60%", (0, 2)),
        ("ECOG Performance Status equal to or less than (<=) 1", (0, 1)),
        ("ECOG performance status equal to or less than 2", (0, 2)),
    ],
)
def test_a_bound_in_reversed_or_negated_words_keeps_its_sense(
    text: str, expected: tuple[int, int]
) -> None:
    assert read_ecog(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a permission, with another way in for the non-measurable
        "Patients may have measurable disease strictly following the RECIST guidelines. CA125 "
        "levels must be obtained. Patients with non-measurable disease must have CA125 > 2 x ULN",
        # "either ... or a bone lesion": the other way in
        "Measurable disease, i.e., at least one measurable lesion as per RECIST 1.1 criteria or "
        "at least one predominantly lytic bone lesion",
        # how progression was shown on a prior therapy
        "Tamoxifen-refractory breast cancer (progression of at least 25% in diameters of at least "
        "one measurable lesion while taking tamoxifen or occurrence of a new lesion)",
    ],
)
def test_measurable_disease_admitted_or_described_is_no_requirement(text: str) -> None:
    assert [p for p in read_line("inclusion", text) if p.type == "measurable_disease"] == []
    assert [p.type for p in read_line("inclusion", "Measurable disease per RECIST 1.1")] == [
        "measurable_disease"
    ]


def test_the_life_expectancy_of_a_prior_cancer_is_not_the_patients() -> None:
    text = (
        "Presence of prior history of malignancies, other than multiple myeloma, with a life "
        "expectancy < 2 years."
    )

    assert [p for p in read_line("exclusion", text) if p.type == "life_expectancy"] == []
    assert [p.params for p in read_line("exclusion", "Life expectancy < 3 months")] == [
        {"min_months": 3}
    ]


def test_a_refused_other_way_in_leaves_measurable_disease_required() -> None:
    text = (
        "Measurable disease must be present on either physical examination or imaging studies; "
        "evaluable or non-measurable disease alone is not acceptable"
    )

    assert [p.type for p in read_line("inclusion", text)] == ["measurable_disease"]
    assert read_line("inclusion", "Measurable or non-measurable disease") == []


def test_a_sign_with_words_and_an_excluded_life_expectancy_at_most() -> None:
    assert read_ecog("ECOG performance status < or equal to 2") == (0, 2)
    assert [p.params for p in read_line("exclusion", "Life expectancy ≤ 12 weeks")] == [
        {"min_months": 3}
    ]


def test_a_bare_duration_after_the_performance_status_is_the_life_expectancy() -> None:
    lines = ["Performance status - ECOG 0-1", "More than 3 months", "WBC at least 3,000/mm^3"]
    criteria = propose_criteria(
        [CriterionRecord("inclusion", text, line=n) for n, text in enumerate(lines, 1)],
        registry_ages=False,
    )

    assert [(c.type, c.params) for c in criteria if c.type != "text"] == [
        ("ecog", {"min": 0, "max": 1}),
        ("life_expectancy", {"min_months": 3}),
    ]
    # after any other line, the duration alone says nothing
    alone = propose_criteria([CriterionRecord("inclusion", "More than 3 months", line=1)])
    assert [c.type for c in alone] == ["text"]


@pytest.mark.parametrize(
    "line",
    [
        "ADULT PATIENTS (>=18 years): Adequate organ function as defined in the protocol",
        "Karnofsky >= 50% for patients > 16 years of age and Lansky >= 50 for younger patients",
        "Creatinine clearance >= 70 mL/min OR serum creatinine normal for age",
        ">= 60 years of age and not eligible for induction or >= 18 years with relapsed disease",
        "< 75 years of age with at least 1 of the following:",
        "Postmenopausal: >= 50 years old and amenorrheic for >= 1 year",
        "Must meet at least one major criterion or two minor criteria: FEV1 =< 50%, Age >= 75",
    ],
)
def test_without_registry_ages_an_age_in_another_rule_is_not_the_age_criterion(line: str) -> None:
    text = f"Inclusion Criteria:\n\n* {line}\n* ECOG 0-1"
    (record,) = read_ctgov(study({"eligibilityCriteria": text}), "x.json")

    assert record.criteria is not None
    assert [c.params for c in record.criteria if c.type == "age"] == []


@pytest.mark.parametrize(
    ("line", "params"),
    [
        ("age = or > 18 years", {"min": 18}),
        ("Males or females at least 18 years of age.", {"min": 18}),
        ("Age greater than or equal to 18 years.", {"min": 18}),
        ("Patient must be 18-45 years of age.", {"min": 18, "max": 45}),
    ],
)
def test_without_registry_ages_a_line_about_the_age_is_the_age_criterion(
    line: str, params: dict[str, int]
) -> None:
    text = f"Inclusion Criteria:\n\n* {line}\n* ECOG 0-1"
    (record,) = read_ctgov(study({"eligibilityCriteria": text}), "x.json")

    assert record.criteria is not None
    assert [c.params for c in record.criteria if c.type == "age"] == [params]


@pytest.mark.parametrize(
    ("kind", "text", "question"),
    [
        ("exclusion", "Known hepatitis (B or C) or active tuberculosis", "hbv_hcv_active"),
        ("exclusion", "Ongoing infection (including HIV or hepatitis)", "hbv_hcv_active"),
        ("exclusion", "Disease needing immunosuppression (e.g., lupus)", "autoimmune_active"),
        (
            "inclusion",
            "No laboratory evidence of CNS disease (blasts in the spinal fluid)",
            "cns_metastases_active",
        ),
        (
            "inclusion",
            "Active autoimmune disease that could flare on study drug. Patients with vitiligo "
            "or psoriasis not needing systemic treatment are eligible.",
            "autoimmune_active",
        ),
        (
            "inclusion",
            "Treated and stable brain metastases, off steroids for 2 weeks, if applicable",
            "cns_metastases_active",
        ),
    ],
)
def test_further_wordings_of_the_common_exclusions(kind: str, text: str, question: str) -> None:
    assert question in [q for q, _ in flags(kind, text)]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("exclusion", "HIV and associated Burkitt lymphoma"),
        ("exclusion", "Skin disorders, such as eczema, discoid rash or systemic lupus"),
        ("exclusion", "Lupus anticoagulant on screening coagulation tests"),
        ("inclusion", "No known brain metastases in patients with solid tumours"),
        ("exclusion", "Brain metastases in participants with lymphoma"),
    ],
)
def test_a_complication_an_example_or_one_group_is_not_the_common_exclusion(
    kind: str, text: str
) -> None:
    assert flags(kind, text) == []


def test_a_trial_requiring_parenchymal_brain_metastases_with_or_without_symptoms() -> None:
    lines = [
        ("inclusion", "Must have brain parenchymal metastases on MRI, with or without symptoms"),
        ("exclusion", "Positive CSF cytology without parenchymal brain disease"),
    ]
    criteria = propose_criteria(
        [CriterionRecord(kind, text, line=n) for n, (kind, text) in enumerate(lines, 1)],
        registry_ages=False,
    )

    assert [c.params for c in criteria if c.type == "flag"] == []


@pytest.mark.parametrize(
    "line",
    [
        "Participants may have measurable or non measurable disease.",
        "Measurable or unmeasurable disease per RECIST 1.1.",
        "Evidence of disease (not necessarily measurable).",
        "Measurable disease defined as at least 10% blasts in the bone marrow.",
        "Prior radiotherapy allowed if the irradiated lesion is not the only site of measurable "
        "disease.",
    ],
)
def test_measurable_disease_optional_or_not_a_lesion_is_no_requirement(line: str) -> None:
    assert [p for p in read_line("inclusion", line) if p.type == "measurable_disease"] == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ECOG performance status < = 1", (0, 1)),
        ("Karnofsky score >= 80% or Lansky play score >= 60%", (0, 2)),
        ("KPS >= 70, or Lansky >= 70", (0, 1)),
    ],
)
def test_a_spaced_sign_and_alternative_performance_scales(
    line: str, expected: tuple[int, int]
) -> None:
    assert read_ecog(line) == expected


def test_life_expectancy_per_group_or_from_other_causes_is_no_minimum() -> None:
    per_group = (
        "Life expectancy of at least 16 weeks for participants with lymphoma and 8 weeks for "
        "participants with leukaemia"
    )
    other_causes = "Expected survival < 3 months for reasons other than the cancer under study"
    unrelated = "Life expectancy of less than 6 months unrelated to the malignancy"

    assert [p for p in read_line("inclusion", per_group) if p.type == "life_expectancy"] == []
    assert [p for p in read_line("exclusion", other_causes) if p.type == "life_expectancy"] == []
    assert [p for p in read_line("exclusion", unrelated) if p.type == "life_expectancy"] == []
    assert [p.params for p in read_line("exclusion", "Life expectancy < 3 months")] == [
        {"min_months": 3}
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Measurable disease per RECIST 1.1; target lesions noted and/or evaluable disease such as "
        "ascites or pleural deposits.",
        "At least evaluable disease; a measurable lesion per RECIST 1.1 is desirable.",
    ],
)
def test_evaluable_disease_admitted_beside_measurable_is_no_requirement(line: str) -> None:
    assert [p for p in read_line("inclusion", line) if p.type == "measurable_disease"] == []


def test_anti_hiv_agents_in_a_list_of_interacting_medicines_are_not_hiv() -> None:
    medicines = (
        "Taking strong CYP3A4 inhibitors is not allowed: macrolides: clarithromycin; anti-HIV "
        "agents: ritonavir, indinavir; azoles: ketoconazole."
    )
    infection = "Known HIV infection."

    def questions(line: str) -> list[Any]:
        return [p.params.get("question") for p in read_line("exclusion", line) if p.type == "flag"]

    assert "immunodeficiency_hiv" not in questions(medicines)
    assert "immunodeficiency_hiv" in questions(infection)


@pytest.mark.parametrize(
    "line",
    [
        "Brain metastases are permitted provided they are stable (i.e. no growth on two scans) "
        "and steroids were stopped a week ago.",
        "Patients with known brain metastases will only be eligible after the lesions have been "
        "irradiated and they are neurologically stable.",
    ],
)
def test_brain_metastases_admitted_on_stability_rule_out_the_active_ones(line: str) -> None:
    flags = [
        p
        for p in read_line("inclusion", line)
        if p.params.get("question") == "cns_metastases_active"
    ]

    assert [p.kind for p in flags] == ["exclusion"]
    assert flags[0].params["exceptions"]


@pytest.mark.parametrize(
    "admission",
    [
        "Patients with bone-only disease are eligible if the lesions can be followed on CT.",
        "Participants with prostate cancer may be enrolled with objective evidence of disease.",
    ],
)
def test_bone_only_or_other_evidence_of_disease_admitted_drops_measurable(admission: str) -> None:
    criteria = propose_criteria(
        [
            CriterionRecord("inclusion", "At least one measurable lesion per RECIST 1.1", line=1),
            CriterionRecord("inclusion", admission, line=2),
        ]
    )

    assert [c for c in criteria if c.type == "measurable_disease"] == []
