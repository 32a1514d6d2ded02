"""Prior lines, measurable disease, performance status and life expectancy: more wordings.

The lines are paraphrases of the kinds of wording registry records use; each case names what
the reader must propose (or that it must propose nothing: a wrong criterion rules a patient out).
"""

from __future__ import annotations

from typing import Any

import pytest

from trials.importers.extraction import (
    is_cohort_specific,
    propose_criteria,
    read_ecog,
    read_line,
)
from trials.importers.records import CriterionRecord
from trials.importers.synonyms import Diagnosis


def lines_of(kind: str, text: str) -> list[dict[str, Any]]:
    return [p.params for p in read_line(kind, text) if p.type == "prior_lines"]


def measurable(text: str) -> bool:
    return any(p.type == "measurable_disease" for p in read_line("inclusion", text))


def life(kind: str, text: str) -> list[dict[str, Any]]:
    return [p.params for p in read_line(kind, text) if p.type == "life_expectancy"]


# Performance status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ECOG performance status score of 2 or less", (0, 2)),
        ("ECOG performance status 1 or lower", (0, 1)),
        ("ECOG performance status 2 or higher", (2, 4)),
        ("Performance status (ECOG) 0, 1", (0, 1)),
        ("ECOG PS 0,1", (0, 1)),
        ("ECOG PS of 0 or 1 or 2", (0, 2)),
        ("Patient with ECOG performance status of 0, 1", (0, 1)),
        # The widest range the line allows.
        ("ECOG 0 or 1 (ECOG 2 is allowed when due to the disease, in addition to 0 and 1)", (0, 2)),
        ("Lansky play score >= 50", (0, 2)),
        ("Lansky score of at least 70", (0, 1)),
        # Karnofsky moves in steps of ten: "> 60" is 70 and over.
        ("Karnofsky index > 60%", (0, 1)),
        ("Karnofsky performance status > 80", (0, 0)),
        ("ECOG score 0~1", (0, 1)),
        ("ECOG 0～2", (0, 2)),
        ("ECOG performance status of zero or one", (0, 1)),
        ("Performance score 0-1 (ECOG)", (0, 1)),
        # "</=" and ">/=" are how some protocols type the signs.
        ("Performance status: ECOG </= 1 for those aged >/= 16 years", (0, 1)),
        # Two grades joined by a sign are the range between them.
        ("Overall condition rated ECOG 0 ≤ 2", (0, 2)),
        # A value per part after one anchor: the widest the line allows.
        ("ECOG performance status of: Part A - 0 or 1; Part B - 0-2", (0, 2)),
        # The Karnofsky scale named after its score.
        ("Performance status of at least 70% (Karnofsky)", (0, 1)),
        ("Performance score >= 60% (KPS)", (0, 2)),
        # A score in per cent without the scale's name is a Karnofsky score.
        ("Performance status >= 60%", (0, 2)),
        # "Less (lower) than or equal to", with or without "to" and the sign restated.
        ("ECOG performance status lower than or equal to 2", (0, 2)),
        ("ECOG performance score of less than or equal to (</=) 1", (0, 1)),
        ("A performance status of less than or equal 1 on the ECOG scale", (0, 1)),
        # The scale's description in brackets is no range.
        (
            "Zubrod performance status (a measure of well-being that ranges from 0 to 5 where 0 "
            "is full health) of < 2",
            (0, 1),
        ),
    ],
)
def test_more_performance_status_wordings(text: str, expected: tuple[int, int]) -> None:
    assert read_ecog(text) == expected


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Karnofsky performance status < 70%", {"min": 2}),
        # Below a threshold is the complement of "at least" it: "KPS < 60" leaves KPS 60 and
        # over (ECOG 0-2), "KPS < 80" and "KPS <= 70" leave KPS 80 and over (ECOG 0-1).
        ("KPS less than 60", {"min": 3}),
        ("KPS <= 60", {"min": 2}),
        ("Lansky score below 50", {"min": 3}),
        ("Karnofsky score under 80", {"min": 2}),
        ("KPS <= 70", {"min": 2}),
        ("Performance status of < 80% (Karnofsky)", {"min": 2}),
        # The sign restated in brackets after the words.
        ("ECOG performance status greater than (>) 1", {"min": 2}),
        # The sign before the scale's name.
        ("Performance status > ECOG 2 despite pain relief", {"min": 3}),
    ],
)
def test_a_karnofsky_score_below_a_threshold_in_an_exclusion(
    text: str, params: dict[str, int]
) -> None:
    assert [p.params for p in read_line("exclusion", text) if p.type == "ecog"] == [params]


def test_an_exclusion_of_a_status_or_higher_rules_it_out() -> None:
    proposals = [
        p.params for p in read_line("exclusion", "ECOG status 2 or higher") if p.type == "ecog"
    ]
    assert proposals == [{"min": 2}]


# Life expectancy -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Participants expected to live 12 weeks or more", 3),
        ("Predicted survival of at least 3 months", 3),
        ("Anticipated survival of at least 6 months", 6),
        ("Estimated survival > 3 months", 3),
        ("Survival expectancy > 3 months", 3),
        ("Expected lifespan of at least 12 weeks", 3),
        ("Life expectancy >= 12 wks", 3),
        ("Life expectancy of at least 6 mths", 6),
        ("Life expectancy > 1 yr", 12),
        ("Expected life-span longer than 6 months", 6),
        ("Anticipated lifespan over 12 weeks", 3),
        # The number restated in brackets.
        ("Life expectancy of at least three (3) months", 3),
        ("Life expectancy of at least 12 (twelve) weeks", 3),
        # Words between the phrase and the figure.
        ("Estimated survival, judged on the disease outside the brain, of at least 3 months", 3),
    ],
)
def test_more_life_expectancy_wordings(text: str, months: int) -> None:
    assert life("inclusion", text) == [{"min_months": months}]


@pytest.mark.parametrize(
    "text",
    [
        # A palliative-care study that admits a short life expectancy states a maximum.
        "Estimated life expectancy of less than 6 months",
        "Expected life expectancy < 1 year",
        "A terminal illness, or a life expectancy of under six months",
        "Overall survival of at least 6 months in the previous study",
    ],
)
def test_a_short_life_expectancy_in_an_inclusion_is_no_minimum(text: str) -> None:
    assert life("inclusion", text) == []


def test_an_exclusion_of_a_short_life_expectancy_is_a_minimum() -> None:
    assert life("exclusion", "Predicted survival of less than 3 months") == [{"min_months": 3}]
    assert life("exclusion", "Anticipated patient survival under 3 months") == [{"min_months": 3}]
    assert life("exclusion", "Life-expectancy under 2 years because of another illness") == [
        {"min_months": 24}
    ]


# Measurable disease --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # RECIST's own definition of a measurable lesion, without the word "measurable".
        (
            "At least one lesion that can be accurately measured at baseline as 10 mm or more in "
            "the longest diameter with CT or MRI",
            True,
        ),
        ("At least one lesion, not previously irradiated, that qualifies as a RECIST 1.1 TL", True),
        ("At least one measurable lesion as defined by the Lugano classification", True),
        ("Bidimensionally measurable disease per iRANO", True),
        ("Measurable nodal disease on CT", True),
        ("Bidimensionally measurable enhancing lesion on MRI", True),
        ("Minimal residual disease measurable by flow cytometry", False),
        # A condition on those who have it, not a requirement.
        ("Patients with measurable disease must have imaging within 28 days", False),
        ("Measurable disease, if present, must be assessed by CT", False),
        ("Patients with measurable disease per RECIST 1.1", True),
        # A caveat on which lesions count keeps measurable disease required.
        (
            "At least 1 measurable lesion per RECIST 1.1 (lesions in a previously irradiated "
            "field are not measurable unless they have progressed)",
            True,
        ),
        (
            "Measurable disease per RECIST v1.1; tumour lesions in a previously irradiated area "
            "are considered non-measurable",
            True,
        ),
        ("At least one measurable lesion not previously irradiated, or evaluable disease", False),
        ("The irradiated site must not be the only site of measurable recurrent disease", False),
        # Myeloma response criteria measure proteins, not lesions.
        ("Progressive measurable disease on the last regimen by IMWG criteria", False),
        ("Measurable disease: serum M-protein of at least 0.5 g/dL or urine M-protein", False),
        ("Measurable or evaluable disease per RECIST 1.1", False),
        ("Measurable disease per PCWG3 or a rising PSA", False),
        # Another way in than a measurable lesion.
        ("Measurable disease according to RECIST or unresectable disease (cT4b)", False),
        ("Measurable disease or detectable bone metastases on a bone scan", False),
        # For one part of the study only.
        ("At least one target lesion per RECIST v1.1 (randomised portion only)", False),
        ("Measurable disease per RECIST 1.1 (only for the expansion cohorts)", False),
        ("One lesion must meet criteria for RECIST measurable disease if in Part 2", False),
        (
            "At least one measurable lesion per RECIST 1.1 when enrolled in the expansion cohort",
            False,
        ),
        ("Measurable disease per RECIST 1.1 in all cohorts", True),
        # Evaluable disease allowed for some: not required of everyone.
        (
            "Evaluable or measurable disease: at least one lesion that can be accurately measured",
            False,
        ),
        (
            "Part A: patients should have at least one assessable lesion; Part B: patients should "
            "have at least one measurable lesion",
            False,
        ),
        (
            "Phase I must have evaluable or measurable disease; phase II must have measurable "
            "disease per RECIST 1.1",
            False,
        ),
        # One part admitted without measurable disease.
        (
            "At least 1 measurable lesion per RECIST 1.1 (exception: Part 1 subjects are not "
            "required to present with measurable disease)",
            False,
        ),
        (
            "At least one measurable lesion for Part B. Part A patients may be enrolled without "
            "measurable disease.",
            False,
        ),
        ("A nodal lesion clearly measurable in two perpendicular directions", True),
        ("Measureable disease based on RECIST 1.1", True),
        ("Measurable disease defined by any one of the following; high-risk SMM", False),
        (
            "At least one tumour lesion that can accurately be measured in at least one dimension",
            True,
        ),
        (
            "For patients without leptomeningeal disease, at least one measurable brain lesion",
            False,
        ),
        # Older wordings: measured in two dimensions, bidimensionally measurable.
        ("Mesothelioma that can be measured in two dimensions on imaging", True),
        ("Bidimensionally measurable disease", True),
        ("Evaluable disease that cannot be measured in two dimensions", False),
        # The RECIST name written out, a tumour's abbreviation before "disease".
        ("Measurable NSCLC disease as per the Response Evaluation Criteria in Solid Tumors", True),
        (
            "At least one lesion not previously treated locally, such as by irradiation, that can "
            "be accurately measured",
            True,
        ),
        # "Measurable" before the disease itself, or before a metastasis.
        ("Measurable advanced sarcoma with a lesion that can be biopsied", True),
        ("At least one measurable liver metastasis of 1 cm or more", True),
        # A lesion that can serve as a RECIST target lesion is a measurable one.
        ("At least one lesion that can be selected as a target lesion per RECIST 1.1", True),
        # Preferred is not required.
        (
            "Measurable disease per RECIST 1.1, i.e. at least one lesion of 10 mm or more on CT, "
            "is preferred but not mandatory",
            False,
        ),
    ],
)
def test_more_measurable_disease_wordings(text: str, expected: bool) -> None:
    assert measurable(text) is expected


def test_a_parenthesis_naming_one_part_only_makes_the_line_cohort_specific() -> None:
    assert is_cohort_specific("ECOG 0-1 (Part B only)")
    assert not is_cohort_specific("ECOG 0-1 (see appendix B)")
    # The arm that adds a second drug is one part of the study.
    assert is_cohort_specific("Known immunodeficiency. (combination therapy only)")
    assert is_cohort_specific(
        "Active autoimmune disease requiring systemic treatment within the past 2 years. "
        "(Applies only to Ib Phase and Phase II TCC1727 + Benmelstobart groups.)"
    )
    assert not is_cohort_specific("Active autoimmune disease (applies to all patients)")


def test_a_site_bound_admission_keeps_measurable_brain_lesions_required() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord(
                "inclusion", "At least one measurable brain metastasis of 5 mm or more", line=1
            ),
            CriterionRecord(
                "inclusion",
                "Extracranial disease may be measurable or non-measurable",
                line=2,
            ),
        ]
    )
    assert [c.type for c in criteria] == ["measurable_disease", "text"]


def test_measurable_disease_by_the_protocol_in_a_myeloma_trial_is_no_recist_requirement() -> None:
    line = [CriterionRecord("inclusion", "Measurable disease as defined by the protocol", line=1)]
    myeloma = Diagnosis(("MM",), ("Multiple Myeloma",))
    assert "measurable_disease" not in [c.type for c in propose_criteria(line, diagnosis=myeloma)]
    lung = Diagnosis(("NSCLC",), ("Non-small Cell Lung Cancer",))
    assert "measurable_disease" in [c.type for c in propose_criteria(line, diagnosis=lung)]
    plasmacytoma = [
        CriterionRecord("inclusion", "Measurable disease: a plasmacytoma on CT or MRI", line=1)
    ]
    assert "measurable_disease" in [
        c.type for c in propose_criteria(plasmacytoma, diagnosis=myeloma)
    ]


def test_an_evaluable_tissue_is_no_admission_of_evaluable_disease() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord("inclusion", "Measurable disease per RECIST 1.1", line=1),
            CriterionRecord(
                "inclusion",
                "Bone tissue is not evaluable for the biomarker and is not acceptable",
                line=2,
            ),
        ]
    )
    assert [c.type for c in criteria] == ["measurable_disease", "text"]


# Prior lines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Refractory to or intolerant of standard therapy", {"min": 1}),
        ("Relapsed, refractory or intolerant to BTK inhibitors", {"min": 1}),
        ("Radiological progression on or after an anti-PD-1/PD-L1 antibody", {"min": 1}),
        ("Patients must have progressed on or after an EGFR TKI", {"min": 1}),
        ("Must have received prior platinum-based chemotherapy", {"min": 1}),
        ("Progressed after one or two prior chemotherapy regimens", {"min": 1, "max": 2}),
        (
            "Progression on at least one prior systemic therapy but no more than three lines of "
            "systemic therapy for advanced disease",
            {"min": 1, "max": 3},
        ),
        ("Maximum 2 prior regimens for metastatic disease", {"max": 2}),
        ("Unresectable, previously untreated, locally advanced or metastatic BTC", {"max": 0}),
        ("Histologically confirmed, untreated, stage IV colorectal adenocarcinoma", {"max": 0}),
        ("Has not received prior therapy for CLL", {"max": 0}),
        ("Have not been previously treated for rectal cancer", {"max": 0}),
        ("Treatment-naive for palliative systemic therapy for metastatic disease", {"max": 0}),
        ("Planned to receive first-line chemotherapy", {"max": 0}),
        ("Documented progression on or after the most recent systemic therapy", {"min": 1}),
        (
            "Progression on or within 6 months after adjuvant therapy, or after first-line "
            "therapy for metastatic disease",
            {"min": 1},
        ),
        (
            "Refractory or intolerant to BTK inhibitors, or first-line BTK inhibitor failed and "
            "not suitable for chemoimmunotherapy",
            {"min": 1},
        ),
        (
            "No prior chemotherapy, immunotherapy or targeted therapy for advanced disease",
            {"max": 0},
        ),
        ("No previous chemotherapy or radiotherapy for this cancer", {"max": 0}),
        ("No previous gastrectomy or chemotherapy", {"max": 0}),
        ("Patients who have not received prior chemotherapy or radiotherapy", {"max": 0}),
        # An exception for adjuvant or local treatment leaves the maximum: those are no lines.
        (
            "No prior systemic therapy for advanced disease; prior adjuvant chemotherapy is "
            "allowed",
            {"max": 0},
        ),
        (
            "No prior systemic therapy for metastatic disease. Prior radiotherapy is allowed.",
            {"max": 0},
        ),
        (
            "Participants must not have received prior ALK inhibitors or other systemic "
            "therapy for stage IIIB, IIIC or IV disease",
            {"max": 0},
        ),
        (
            "Must have received 1 line of systemic therapy (platinum-based) for metastatic "
            "disease, with progression on or after it",
            {"min": 1, "max": 1},
        ),
        # a count of two or more lines required is a minimum, whatever the noun
        ("Must have received 2 prior lines of therapy for metastatic disease", {"min": 2}),
        ("Patients must have received two prior chemotherapy regimens", {"min": 2}),
        # a cap written after the lines it counts, as a permission
        ("Prior treatment regimen up to 2 is allowed", {"max": 2}),
        ("Prior lines of systemic therapy: no more than 3 permitted", {"max": 3}),
        ("Up to two prior regimens are allowed", {"max": 2}),
        # the trial's line on its own
        ("Third-line or later setting", {"min": 2}),
        ("Second-line treatment", {"min": 1}),
    ],
)
def test_more_prior_line_wordings_in_inclusion_lines(text: str, params: dict[str, int]) -> None:
    assert lines_of("inclusion", text) == [params]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # A line under way with stable disease, a therapy failed as the verb's object.
        (
            "Patients must have stable disease on dabrafenib and trametinib or on encorafenib "
            "and binimetinib for a duration of >= 3 months OR have failed any BRAFi/MEKi regimen",
            {"min": 1},
        ),
        ("Stable disease on BRAF/MEK inhibitors or failed BRAF/MEK inhibitors", {"min": 1}),
        ("Patients must have failed BRAF/MEK inhibitors", {"min": 1}),
        # Front lines, and misspelt therapies, are still lines.
        ("Failed or resisted to at least two frontlines systemic tehrapy", {"min": 2}),
        ("Progressed after at least two front-line systemic therapies", {"min": 2}),
        ("Progressed after at least two prior systemic theraphies", {"min": 2}),
    ],
)
def test_stable_disease_failed_therapies_and_front_lines(text: str, params: dict[str, int]) -> None:
    assert lines_of("inclusion", text) == [params]


@pytest.mark.parametrize(
    "text",
    [
        "Stable disease on CT scan for at least 4 weeks",
        "Patients who failed screening may be rescreened once",
        "Patients must not have failed an anti-PD-1 antibody",
    ],
)
def test_stable_disease_and_failure_without_a_therapy_set_no_line_count(text: str) -> None:
    assert lines_of("inclusion", text) == []


@pytest.mark.parametrize(
    "text",
    [
        # One of alternatives, a local or perioperative treatment, one drug class, not a drug.
        "Must have received at least 1 prior systemic therapy for advanced disease, or refused it",
        "Refractory to, intolerant of, or ineligible for standard therapy",
        "Must have received prior adjuvant chemotherapy",
        "Must have received prior neoadjuvant platinum-based chemotherapy",
        "Must have received prior chemoradiotherapy",
        "Intolerant to proton pump inhibitors",
        "Not refractory to platinum-based chemotherapy",
        "Chemotherapy-naive for metastatic disease",
        "Patients with untreated brain metastases are eligible",
        # Naive to one drug or class only, or naive as one of alternatives.
        "Anti-PD-1/PD-L1 treatment-naive",
        "EGFR-TKI treatment naive",
        "Treatment-naive for PD-1 inhibitors",
        "Treatment-naive or previously treated patients are eligible",
        "Previously untreated or relapsed disease",
        "Patients with relapsed or refractory lymphoma after CAR-T are excluded",
        "Must agree to provide tumour tissue taken after progression from the most recent therapy",
        # The exception is itself a line in the advanced setting.
        "No prior systemic therapy for locally advanced or metastatic disease, except endocrine "
        "therapy",
    ],
)
def test_wordings_that_set_no_line_count_in_inclusion_lines(text: str) -> None:
    assert lines_of("inclusion", text) == []


def test_a_line_that_depends_on_the_cohort_sets_no_line_count() -> None:
    text = (
        "Depending on the cohort enrolled, participants must have received standard therapies "
        "for their tumor type, and there must be no available therapy known to be beneficial"
    )

    assert lines_of("inclusion", text) == []


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Any prior systemic therapy received for advanced or mNSCLC.", {"min": 1}),
        (
            "Prior systemic therapy for advanced disease (adjuvant therapy is allowed if completed "
            "more than 6 months before)",
            {"min": 1},
        ),
        (
            "Prior treatment with any chemotherapy, radiation therapy, immunotherapy or "
            "investigational agents for locally advanced unresectable stage III disease",
            {"min": 1},
        ),
        ("Any prior anti-cancer treatment for stage IV disease", {"min": 1}),
        ("Previous anti-tumour therapy (chemotherapy, radiotherapy, targeted therapy)", {"min": 1}),
        ("Prior chemotherapy or radiotherapy", {"min": 1}),
        ("Previous history of radiotherapy or chemotherapy before study enrollment", {"min": 1}),
        ("Any previous treatment for the disease", {"min": 1}),
        (
            "Patients who have received prior chemotherapy or radiotherapy will be excluded",
            {"min": 1},
        ),
        ("History of prior chemotherapy or radiotherapy", {"min": 1}),
        ("Prior treatment (chemotherapy, radiotherapy or surgery) for this cancer", {"min": 1}),
        ("Received any anti-cancer therapy for the current malignancy", {"min": 1}),
        (
            "Prior chemotherapy, hormonal therapy or radiotherapy for the current breast cancer",
            {"min": 1},
        ),
        (
            "Prior systemic therapy for metastatic disease, except adjuvant therapy completed "
            "12 months before",
            {"min": 1},
        ),
    ],
)
def test_more_prior_line_wordings_in_exclusion_lines(text: str, params: dict[str, int]) -> None:
    assert lines_of("exclusion", text) == [params]


@pytest.mark.parametrize(
    "text",
    [
        # An inclusion worded in the exclusions: who is ruled out is unclear.
        "No more than 3 lines of cytotoxic chemotherapy at the time of enrolment",
        "Prior chemotherapy for metastatic disease",
        "Prior radiotherapy to the pelvis or chemotherapy",
        "Prior surgery or radiotherapy",
        "Prior chemotherapy or radiotherapy to the head and neck region",
        "Prior radiotherapy or chemotherapy for another malignancy",
        "Prior chemotherapy or radiotherapy within 4 weeks",
        "Prior treatment for another cancer within 5 years",
        "Prior treatment for brain metastases",
        # The exception is itself a line in the advanced setting.
        "Prior systemic therapy for advanced disease, except endocrine therapy",
        "Any prior therapy for metastatic disease other than ADT",
        # A number before another kind of therapy is not a count of lines.
        "INR > 1.5 x ULN (> 3 if receiving anticoagulant therapy at a stable dose)",
        "More than 2 courses of corticosteroid treatment in the last year",
    ],
)
def test_wordings_that_set_no_line_count_in_exclusion_lines(text: str) -> None:
    assert lines_of("exclusion", text) == []


def test_alternatives_that_each_require_a_minimum_require_the_smallest() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord("inclusion", "Must have had either:", line=1),
            CriterionRecord(
                "inclusion",
                "Progression on endocrine therapy plus a CDK4/6 inhibitor as first-line treatment "
                "for metastatic disease, OR",
                line=2,
            ),
            CriterionRecord(
                "inclusion", "Progression on at least 2 prior lines of endocrine therapy", line=3
            ),
            CriterionRecord("inclusion", "ECOG 0-1", line=4),
        ]
    )

    assert [(c.line, c.type, c.params) for c in criteria] == [
        (1, "text", {}),
        (2, "prior_lines", {"min": 1}),
        (3, "text", {}),
        (4, "ecog", {"min": 0, "max": 1}),
    ]


def test_alternatives_of_which_one_sets_no_minimum_set_no_line_count() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord("inclusion", "Progression on first-line chemotherapy, or", line=1),
            CriterionRecord("inclusion", "No standard treatment available", line=2),
        ]
    )

    assert [c.type for c in criteria] == ["text", "text"]


# Prior lines: more wording classes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # "at least first-line": progression after the first line, whatever followed.
        ("Disease recurrence after at least first-line systemic therapy", {"min": 1}),
        # Progression on a class of drugs, named after "treatment with".
        (
            "Progressed on therapy with an anti-PD-L1 antibody, alone or combined with "
            "chemotherapy",
            {"min": 1},
        ),
        # A requirement said of everyone, without "must".
        (
            "Participants who have completed standard first-line chemotherapy without progression",
            {"min": 1},
        ),
        ("Patients with NSCLC have received platinum-based chemotherapy", {"min": 1}),
        # Untreated, or a count as the other alternative: the most lines either allows.
        ("Treatment-naive, or no more than one prior line of systemic therapy", {"max": 1}),
        ("No prior systemic therapy, or only 1 prior regimen for metastatic disease", {"max": 1}),
        ("Therapy-naive patients with metastatic disease", {"max": 0}),
        # A later line to be given, "or later": at least the lines before it.
        ("To be treated as third-line or later therapy", {"min": 2}),
        ("In the second-line or later setting", {"min": 1}),
        # Progression on an ordinal line that was the most recent one.
        (
            "Radiological progression on first- or second-line therapy with an EGFR TKI as the "
            "most recent anticancer treatment",
            {"min": 1, "max": 2},
        ),
        # A maximum stated before the minimum in one clause.
        (
            "Up to 3 prior lines of therapy, including at least one platinum-based regimen",
            {"min": 1, "max": 3},
        ),
        # "systematic" for systemic, and a "drug" before the therapy.
        ("Has not received any systematic antitumour drug therapy", {"max": 0}),
        # An exception that counts the lines it lets in sets that maximum.
        (
            "No prior systemic therapy for metastatic disease; up to one prior line of endocrine "
            "therapy is allowed",
            {"max": 1},
        ),
        (
            "No prior systemic therapy for advanced disease (one prior line of endocrine "
            "therapy is allowed)",
            {"max": 1},
        ),
    ],
)
def test_more_prior_line_classes_in_inclusion_lines(text: str, params: dict[str, int]) -> None:
    assert lines_of("inclusion", text) == [params]


@pytest.mark.parametrize(
    "text",
    [
        # A rule for those who had it, not a requirement.
        "Patients who have received prior chemotherapy must have recovered from its toxicities",
        "Patients who have received prior chemotherapy are eligible",
        # Naive to one class only.
        "Hormone therapy-naive metastatic prostate cancer",
        "Targeted therapy-naive patients",
        # "Progression on first-line therapy" alone does not say nothing came after it.
        "Has not progressed on first-line therapy as the last treatment",
        # The progression may have come on adjuvant therapy, which is no line.
        "Progression on osimertinib given in the adjuvant or metastatic setting",
        "Radiological progression on an EGFR TKI in the adjuvant, locally advanced or metastatic "
        "setting",
    ],
)
def test_more_wordings_that_set_no_line_count_in_inclusion_lines(text: str) -> None:
    assert lines_of("inclusion", text) == []


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # A requirement negated in the exclusions: those without the line are ruled out.
        ("Has not progressed on or after a PD-1 inhibitor", {"max": 0}),
        ("Participants who have not received prior platinum-based chemotherapy", {"max": 0}),
        ("Has not received a prior line of therapy for metastatic disease", {"max": 0}),
        # Chemotherapy and local treatment for this cancer: any treatment at all.
        ("Prior chemotherapy or radiotherapy for oral cavity cancer", {"min": 1}),
        (
            "Previous treatment with chemotherapy, radiotherapy or surgery for the cancer",
            {"min": 1},
        ),
        ("Patient who has received any anticancer treatment before", {"min": 1}),
        # Any therapy at all, and treatment given for the advanced disease.
        ("Received any anticancer therapy", {"min": 1}),
        ("Patients previously treated with systemic therapy for metastatic disease", {"min": 1}),
        # An exception counting lines rules out more than it lets in.
        (
            "Prior systemic therapy for metastatic disease, except one prior line of endocrine "
            "therapy",
            {"min": 2},
        ),
        (
            "Previous systemic non-hormonal therapy in the metastatic setting. Note: up to one "
            "line of endocrine therapy in the metastatic setting is allowed.",
            {"min": 2},
        ),
        # An exception for adjuvant therapy lets in no line in the advanced setting.
        (
            "Prior systemic therapy for metastatic disease. Note: one prior line of adjuvant "
            "chemotherapy is allowed.",
            {"min": 1},
        ),
        # A few weeks of a therapy let in are no line.
        (
            "Prior systemic therapy for advanced disease is not permitted, apart from endocrine "
            "therapy for up to 4 weeks before randomisation",
            {"min": 1},
        ),
    ],
)
def test_more_prior_line_classes_in_exclusion_lines(text: str, params: dict[str, int]) -> None:
    assert lines_of("exclusion", text) == [params]


@pytest.mark.parametrize(
    "text",
    [
        "Has not recovered from the toxicities of prior chemotherapy",
        # An inclusion's wording among the exclusions: which way it rules is unclear.
        "No prior systemic therapy for metastatic disease",
        "Received any anticancer therapy within 2 weeks before the first dose",
        "Patients previously treated with chemotherapy for metastatic disease",
        "Have not received prior radiotherapy to the target lesion",
        # A rule for one group of patients only.
        "Patients with a BRAF mutation who have not received a BRAF inhibitor",
    ],
)
def test_more_wordings_that_set_no_line_count_in_exclusion_lines(text: str) -> None:
    assert lines_of("exclusion", text) == []


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # A prior line as one of alternatives: no standard therapy, or unable to take it.
        (
            "inclusion",
            "Advanced solid tumour refractory to standard treatment, or for which there is no "
            "accepted standard of care",
        ),
        (
            "inclusion",
            "Progressive disease after standard therapy; or no standard therapy is available",
        ),
        (
            "inclusion",
            "Progressed on at least one standard systemic therapy, or the patient is unwilling "
            "to receive standard therapy",
        ),
        (
            "inclusion",
            "Must have received a standard regimen. Alternatively, must have been offered it and "
            "declined in writing",
        ),
        # Naive, or treated: both are eligible.
        ("inclusion", "Treatment-naive or have received prior standard therapy for the disease"),
        ("inclusion", "Patients may be on treatment or treatment-naive"),
        # Untreated metastases of one site, and untreated for one group of patients.
        ("inclusion", "Newly diagnosed, previously untreated brain metastases"),
        (
            "inclusion",
            "Subjects who are newly diagnosed must be treatment-naive at the time of the biopsy",
        ),
        # Lines admitted, not required.
        ("inclusion", "Participants who received one or more prior systemic therapies are allowed"),
        # A grade, a window in another study, a therapy to come: no line count.
        (
            "inclusion",
            "Toxicities of previous anticancer therapy resolved to Grade <= 1 prior to the first "
            "dose",
        ),
        (
            "exclusion",
            "Participated in another clinical study and received at least one treatment within 4 "
            "weeks before enrolment",
        ),
        (
            "exclusion",
            "Planning to receive any additional systemic anticancer therapy for melanoma while on "
            "study treatment",
        ),
        ("inclusion", "For other tumour types: at least one prior line of systemic therapy"),
        (
            "inclusion",
            "One of the following: progression on first-line chemotherapy, or a targetable "
            "mutation",
        ),
        # Required only where it applies.
        ("inclusion", "Must have received at least one standard therapy (if available)"),
        (
            "inclusion",
            "Received first- or second-line standard therapy, if known to be effective for that "
            "cancer, with progression",
        ),
        # A harm of the therapy received: a supportive-care topic.
        (
            "inclusion",
            "Patients who have received taxane-based chemotherapy and have grade 2 sensory "
            "neuropathy",
        ),
        # A window on a therapy some patients had, not a requirement.
        ("inclusion", "Received chemotherapy more than 4 weeks before enrolment"),
    ],
)
def test_alternatives_and_other_topics_set_no_line_count_either(kind: str, text: str) -> None:
    assert lines_of(kind, text) == []


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # Refractory to, or unable to tolerate: both need the line.
        (
            "Failed, or was unable to tolerate, at least one line of standard therapy",
            {"min": 1},
        ),
        ("Failed two prior lines of systemic therapy", {"min": 2}),
        ("Progression after 2 prior regimens for metastatic disease", {"min": 2}),
        ("Has received between one and three prior lines of therapy", {"min": 1, "max": 3}),
        ("Must have received one, two or three prior lines of therapy", {"min": 1, "max": 3}),
        ("Zero or one prior line of systemic therapy", {"max": 1}),
        ("Exactly one prior systemic regimen for metastatic disease", {"min": 1, "max": 1}),
        ("Received prior platinum-based chemotherapy", {"min": 1}),
        ("Patients previously treated with a taxane-based chemotherapy", {"min": 1}),
        ("Pretreated advanced NSCLC", {"min": 1}),
        ("Patients who require second-line therapy", {"min": 1}),
        ("Second-line treatment of metastatic pancreatic cancer", {"min": 1}),
        ("Patients should not have received more than 2 prior lines of therapy", {"max": 2}),
        ("Newly diagnosed, untreated acute myeloid leukaemia", {"max": 0}),
        (
            "No previous anticancer treatment for metastatic disease, except radiotherapy",
            {"max": 0},
        ),
        ("Must have received prior treatment with a BTK inhibitor", {"min": 1}),
        (
            "Patients who have not received any form of treatment (surgery, chemotherapy or "
            "radiotherapy) for the current disease",
            {"max": 0},
        ),
        ("Patients undergoing second-line chemotherapy", {"min": 1}),
        (
            "Stable disease or better after four to six cycles of first-line platinum chemotherapy",
            {"min": 1},
        ),
    ],
)
def test_more_counts_and_requirements_in_inclusion_lines(text: str, params: dict[str, int]) -> None:
    assert lines_of("inclusion", text) == [params]


def test_a_part_label_inside_a_line_makes_it_one_part_s() -> None:
    assert is_cohort_specific(
        "Part A only: any solid tumour after standard treatment. Part B only: melanoma after "
        "anti-PD-1; no more than 3 previous lines of treatment"
    )


# Prior lines: therapies named by their failure, drug names, "including" a therapy ------------


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # the therapy named before its failure, or by its stem
        ("Documented failure of, or intolerance to, immunotherapy", {"min": 1}),
        ("A history of immunotherapy failure, or unable to tolerate immunotherapy", {"min": 1}),
        ("EGFR TKI failure confirmed by imaging", {"min": 1}),
        ("Radiological progression after osimertinib", {"min": 1}),
        ("Must have received and progressed on pembrolizumab", {"min": 1}),
        ("Previously treated with a platinum-containing regimen", {"min": 1}),
        ("Previously treated with an anti-PD-1 antibody", {"min": 1}),
        # progression while a therapy was going on, however far apart the words
        (
            "Confirmed progression (at least 20% growth per RECIST 1.1) on two scans taken four "
            "weeks apart while on anti-PD-1 treatment, the later scan within 3 weeks before "
            "consent",
            {"min": 1},
        ),
        ("Relapse while receiving ibrutinib", {"min": 1}),
        # a maximum count whose lines must include a named therapy: one was given
        (
            "Up to two prior lines of systemic therapy for recurrent disease, including "
            "platinum-based chemotherapy",
            {"min": 1, "max": 2},
        ),
        (
            "No more than 3 prior regimens, which must include an anthracycline-containing regimen",
            {"min": 1, "max": 3},
        ),
        # "standard of care" without its noun, or hyphenated
        ("Disease that progressed after standard of care", {"min": 1}),
        ("Progression on or after standard-of-care therapy", {"min": 1}),
        ("Patients who failed first-line therapy with FOLFIRI", {"min": 1}),
        ("Chemotherapy-refractory metastatic colorectal cancer", {"min": 1}),
        ("Platinum-refractory disease", {"min": 1}),
        # "eligible for" at the start asks for that line
        ("Eligible for treatment in the second-line setting", {"min": 1}),
        ("Eligible to receive chemotherapy in first line", {"max": 0}),
        # no anticancer medicine at all
        ("Have not received any anti-tumour medication before.", {"max": 0}),
        ("Has not received any anticancer drugs for this cancer", {"max": 0}),
        ("No prior lines of therapy in the metastatic setting", {"max": 0}),
        # the brief's common wordings, read as before
        (
            "Relapsed or refractory after at least two prior regimens including an anti-CD20 "
            "antibody",
            {"min": 2},
        ),
        ("Intolerant of or progressed on prior platinum-based chemotherapy", {"min": 1}),
        ("Must have received and progressed on or after an anti-PD-L1 antibody", {"min": 1}),
        ("Patients must be candidates for treatment in the second-line setting", {"min": 1}),
        ("Have received 1 to 3 prior lines of therapy", {"min": 1, "max": 3}),
        ("No more than two prior cytotoxic regimens", {"max": 2}),
        ("Patients who have not received systemic therapy for metastatic disease", {"max": 0}),
    ],
)
def test_therapies_named_by_failure_drug_or_inclusion(text: str, params: dict[str, int]) -> None:
    assert lines_of("inclusion", text) == [params]


def test_a_numbered_item_run_into_one_line_is_its_own_clause() -> None:
    text = (
        "1. Aged 18 to 75. 2. Resectable stage III melanoma; 3. Have not received any "
        "anticancer drugs before. 4. ECOG 0 or 1."
    )
    assert lines_of("inclusion", text) == [{"max": 0}]


def test_anticancer_medication_in_an_exclusion_rules_out_any_line() -> None:
    assert lines_of("exclusion", "Has received any anti-tumour medication before") == [{"min": 1}]


@pytest.mark.parametrize(
    "text",
    [
        # alternatives, lists and permissions
        "Platinum-sensitive or platinum-refractory ovarian cancer",
        "Any of: NSCLC, chemotherapy-refractory colorectal cancer, melanoma",
        "Patients with platinum-refractory disease are eligible",
        "Progressed on standard of care therapy or for whom standard of care is not appropriate",
        "Patients who are eligible for second-line treatment may enrol",
        # progression on a backbone or in a study, not a line
        "Prostate cancer progression while on androgen deprivation therapy",
        "Participants who had disease progression while on study treatment in the parent study",
        "No disease progression while on first-line chemotherapy",
        "Relapse while on adjuvant endocrine therapy",
        "Steroid-refractory acute graft-versus-host disease",
        "Castration-resistant prostate cancer",
    ],
)
def test_wordings_that_still_set_no_line_count(text: str) -> None:
    assert lines_of("inclusion", text) == []


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "Up to 3 prior lines of therapy (including chemotherapy and targeted therapy)",
            {"max": 3},
        ),
        ("No more than 2 prior lines of therapy, including investigational agents", {"max": 2}),
        ("Up to 2 prior lines, including those given as maintenance", {"max": 2}),
    ],
)
def test_including_what_counts_as_a_line_sets_no_minimum(text: str, params: dict[str, int]) -> None:
    assert lines_of("inclusion", text) == [params]


# A sixth round: wordings found on unlabelled registry records outside the corpus ---------------


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        # naivety written "naive of", with a diaeresis
        ("inclusion", "Patients naïve of anticancer treatment for this cancer", {"max": 0}),
        # "without prior systemic therapy" after the diagnosis; an adjuvant exception keeps it
        (
            "inclusion",
            "Unresectable stage III or IV melanoma without prior systemic therapy. Prior adjuvant "
            "therapy is permitted if completed at least 4 weeks before enrolment.",
            {"max": 0},
        ),
        (
            "inclusion",
            "Newly diagnosed solid tumour without previous systemic anticancer treatment",
            {"max": 0},
        ),
        # progression or resistance on a therapy named as a monoclonal antibody or "-containing"
        (
            "inclusion",
            "Metastatic melanoma that has progressed on treatment with an anti-PD-1 mAb given "
            "alone or in combination",
            {"min": 1},
        ),
        (
            "inclusion",
            "Participants must have primary or acquired resistance on treatment with an anti-PD-1 "
            "monoclonal antibody",
            {"min": 1},
        ),
        (
            "inclusion",
            "Melanoma that progressed after a minimum of 2 doses of a PD-1 containing therapy",
            {"min": 1},
        ),
        # a negation inside a bracket opened before the clause is not the progression's
        (
            "inclusion",
            "Renal cell carcinoma with no sarcomatoid component) or melanoma that progressed on "
            "an anti-PD-1 mAb",
            {"min": 1},
        ),
        # the tumour under study, in an exclusion: no prior treatment of it at all
        ("exclusion", "Any prior treatment for the tumour under study", {"min": 1}),
    ],
)
def test_sixth_round_line_counts(kind: str, text: str, params: dict[str, int]) -> None:
    assert lines_of(kind, text) == [params]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # a toxicity grade is no count of lines
        ("exclusion", "Adverse events Grade >= 2 not resolved from previous therapies"),
        ("exclusion", "Toxicity of grade > 1 from prior therapies"),
        # an alternative that needs no prior line
        (
            "inclusion",
            "Must have received or become intolerant of standard therapies or are not expected to "
            "derive clinical benefit from standard therapies",
        ),
        # a list of indications, each with its own line: not for everyone
        (
            "inclusion",
            "Nivolumab for 1 or more of the following indications: NSCLC with progression after "
            "platinum-based chemotherapy; first-line treatment of renal cell carcinoma",
        ),
        # an admission of those resistant, not a requirement
        (
            "inclusion",
            "Patients with primary or secondary resistance to the PD-1 inhibitor will be included",
        ),
        # a negation of a subgroup inside a closed bracket still holds
        (
            "inclusion",
            "For participants without the mutation (see the appendix), failure of the most recent "
            "TKI",
        ),
    ],
)
def test_sixth_round_wordings_that_set_no_line_count(kind: str, text: str) -> None:
    assert lines_of(kind, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Drug A + pembrolizumab cohort only (Phase II): must have progressed on <= 2 prior lines",
        "For solid tumours in single-agent Phase II cohorts only: no more than 3 prior lines",
    ],
)
def test_a_label_saying_only_some_cohorts_scopes_the_line(text: str) -> None:
    assert is_cohort_specific(text)
    assert lines_of("inclusion", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "NSCLC with disease progression while on or following systemic therapy with a checkpoint "
        "inhibitor",
        "Recurrent solid tumour progressing since last antitumor therapy",
    ],
)
def test_progression_on_or_since_the_last_therapy_is_one_line(text: str) -> None:
    assert lines_of("inclusion", text) == [{"min": 1}]


@pytest.mark.parametrize(
    "text",
    [
        # a window, not naivety
        "Must not have received systemic therapy or radiotherapy within the preceding 3 weeks",
        # a rule for those who had a treatment
        "For participants who have received prior treatment with a checkpoint inhibitor there "
        "must be documented disease progression",
        # the investigator's judgement as an alternative
        "Disease progression after standard of care therapy or in the opinion of the investigator "
        "not suitable for it",
    ],
)
def test_windows_groups_and_judgements_set_no_line_count(text: str) -> None:
    assert lines_of("inclusion", text) == []


def test_an_arm_label_with_a_dash_scopes_the_line() -> None:
    text = (
        "Arm E - advanced NSCLC. Participants must have received at least one line but no more "
        "than three lines of prior anti-cancer therapies."
    )

    assert is_cohort_specific(text)
    assert not is_cohort_specific("Part 1 - 3 patients per dose level")


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("inclusion", "Treatment-naive or after one prior line of checkpoint inhibitor treatment"),
        ("inclusion", "Disease refractory to, intolerant of, or refusal of standard therapies"),
        (
            "inclusion",
            "Prior treatment with tebentafusp is required for HLA-A*02:01-positive patients unless "
            "unavailable",
        ),
        (
            "inclusion",
            "ICI treatment-naive subjects must meet the following criteria: no prior systemic "
            "treatment for their metastatic tumour",
        ),
        (
            "exclusion",
            "Received systemic therapy for prior cancer(s) including chemotherapy, immunotherapy, "
            "targeted therapy and hormonal therapy",
        ),
    ],
)
def test_alternatives_groups_and_earlier_cancers_set_no_line_count(kind: str, text: str) -> None:
    assert lines_of(kind, text) == []


def test_everyone_must_meet_the_following_is_still_read() -> None:
    text = "All patients must meet the following: no prior systemic therapy for metastatic disease"

    assert lines_of("inclusion", text) == [{"max": 0}]


# Wordings met on fresh registry records, labelled blind before they were read ---------------


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        (
            "inclusion",
            "Previously treated chronic lymphocytic leukaemia needing therapy",
            {"min": 1},
        ),
        (
            "inclusion",
            "Must have been treated with letrozole for at least 8 weeks as their most recent "
            "anticancer treatment",
            {"min": 1},
        ),
        (
            "inclusion",
            "Unresectable or metastatic sarcoma which progressed after first or further line "
            "treatment",
            {"min": 1},
        ),
        (
            "inclusion",
            "Patients who received chemotherapies for metastatic disease and are refractory to or "
            "failing those chemotherapies",
            {"min": 1},
        ),
        (
            "inclusion",
            "Disease that progressed per RECIST 1.1 after at least 6 weeks of treatment with "
            "vemurafenib",
            {"min": 1},
        ),
        (
            "inclusion",
            "Relapsed or refractory myeloma. The maximum number of prior lines of therapy is 4",
            {"min": 1, "max": 4},
        ),
        ("inclusion", "The number of prior regimens must not exceed 2", {"max": 2}),
        (
            "inclusion",
            "Have not received systemic anti-tumour therapy for advanced or metastatic disease",
            {"max": 0},
        ),
        (
            "exclusion",
            "Prior treatment for glioblastoma (other than surgical resection)",
            {"min": 1},
        ),
    ],
)
def test_wordings_of_fresh_records(kind: str, text: str, params: dict[str, int]) -> None:
    assert lines_of(kind, text) == [params]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # a prior cancer, not this one
        ("inclusion", "Patients with a previously treated cancer are eligible if disease-free"),
        # the maximum is a duration, not a count
        ("inclusion", "The maximum number of prior therapies allowed is 2 weeks apart"),
        # the treatment named is local, not a line
        ("inclusion", "Progressed after at least 4 weeks of radiotherapy to the primary"),
    ],
)
def test_fresh_record_wordings_that_set_no_count(kind: str, text: str) -> None:
    assert lines_of(kind, text) == []


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        ("inclusion", "Previously treated on a CDK4/6 inhibitor", {"min": 1}),
        ("inclusion", "Myeloma in first or second relapse", {"min": 1, "max": 2}),
        ("inclusion", "Lymphoma in second or later relapse", {"min": 2}),
        (
            "inclusion",
            "Extensive-stage disease that did not progress after 4 cycles of first-line "
            "platinum-etoposide",
            {"min": 1},
        ),
        ("exclusion", "Previous XRT or chemotherapy.", {"min": 1}),
        (
            "exclusion",
            "Has had prior treatment for the current tongue cancer, except for a diagnostic biopsy",
            {"min": 1},
        ),
        ("inclusion", "None previous chemotherapy or targeted therapy.", {"max": 0}),
        (
            "inclusion",
            "No prior systemic therapy for RCC with the following exception: one prior adjuvant "
            "therapy for resected disease",
            {"max": 0},
        ),
        (
            "exclusion",
            "Exclusion Criteria:Prior chemotherapy or systemic anticancer therapy including "
            "EGFR inhibitors",
            {"min": 1},
        ),
    ],
)
def test_more_wordings_of_fresh_records(kind: str, text: str, params: dict[str, int]) -> None:
    assert lines_of(kind, text) == [params]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # one cohort's requirement among alternatives
        (
            "inclusion",
            "Must be eligible for one of two cohorts: cohort 1 relapsed after up to two prior "
            "salvage regimens",
        ),
        # an exception that is itself a line leaves no maximum of 0
        (
            "inclusion",
            "No prior systemic therapy for breast cancer with the following exception: one line "
            "of endocrine therapy",
        ),
        # chemotherapy given within a window is a washout, not a line count
        ("exclusion", "Prior chemotherapy or systemic anticancer therapy within 4 weeks"),
        ("inclusion", "None previous chemotherapy or targeted therapy within 6 months is allowed"),
    ],
)
def test_more_fresh_wordings_that_set_no_count(kind: str, text: str) -> None:
    assert lines_of(kind, text) == []


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        (
            "inclusion",
            "Advanced HER2-positive breast cancer which failed prior therapies",
            {"min": 1},
        ),
        (
            "inclusion",
            "Have failed and/or are intolerant to standard therapeutic options",
            {"min": 1},
        ),
        ("inclusion", "High-risk first relapse of B-precursor ALL", {"min": 1, "max": 1}),
        ("inclusion", "Unresectable liver cancer with no previous treatment", {"max": 0}),
        (
            "inclusion",
            "Stage IV disease not previously treated with systemic therapy for metastatic disease",
            {"max": 0},
        ),
        (
            "inclusion",
            "No previous cancer therapy (radiotherapy or chemotherapy) received before study entry",
            {"max": 0},
        ),
        ("inclusion", "Clinical stage II-III tumour, untreated, stage IIA-IIIA", {"max": 0}),
        (
            "inclusion",
            "Stage IV lung cancer previously untreated systemically (local therapy excepted)",
            {"max": 0},
        ),
        (
            "inclusion",
            "Received one line with a TKI, or refused a TKI. No more than two lines of prior "
            "therapy are allowed.",
            {"max": 2},
        ),
        (
            "exclusion",
            "Previous antitumour treatment of the small-cell lung cancer (chemotherapy, surgery)",
            {"min": 1},
        ),
        (
            "exclusion",
            "History of anti-cancer therapy for MBC (with the exception of one prior hormonal "
            "regimen for MBC)",
            {"min": 2},
        ),
    ],
)
def test_wordings_of_a_third_fresh_set(kind: str, text: str, params: dict[str, int]) -> None:
    assert lines_of(kind, text) == [params]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("inclusion", "Untreated, or completed up to 2 cycles of first-line chemotherapy"),
        (
            "inclusion",
            "Metastatic gastric cancer that progressed following standard treatment or is not "
            "appropriate for standard treatment",
        ),
    ],
)
def test_naive_or_treated_and_unsuitable_alternatives_set_no_count(kind: str, text: str) -> None:
    assert lines_of(kind, text) == []


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        (
            "inclusion",
            "Treatment-naive for metastatic NSCLC and osimertinib treatment-naive for NSCLC",
            {"max": 0},
        ),
        ("inclusion", "Untreated, histologically verified NSCLC", {"max": 0}),
        (
            "inclusion",
            "Not have received prior first-line systemic chemotherapy for metastatic disease",
            {"max": 0},
        ),
        (
            "inclusion",
            "Has been receiving anti-PD-1 immunotherapy for at least four weeks",
            {"min": 1},
        ),
        (
            "inclusion",
            "Progressed after receiving first or second generation EGFR-TKI treatment",
            {"min": 1},
        ),
        (
            "inclusion",
            "Progression after prior systemic therapy for metastatic disease, which must include "
            "platinum-doublet chemotherapy and a checkpoint inhibitor, if approved and available",
            {"min": 1},
        ),
    ],
)
def test_wordings_of_a_fourth_fresh_set(kind: str, text: str, params: dict[str, int]) -> None:
    assert lines_of(kind, text) == [params]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # one class left out of the count
        ("inclusion", "No more than 3 prior lines of therapy (not including ibrutinib)"),
        ("exclusion", "More than one prior line of therapy (other than EGFR inhibitors)"),
        # the one line may have been adjuvant
        (
            "inclusion",
            "Recurrence after at least one endocrine therapy (in the metastatic setting or the "
            "adjuvant setting)",
        ),
        # newly diagnosed patients admitted beside the requirement
        (
            "inclusion",
            "Stage IV patients should have received platinum doublet chemotherapy. Patients with a "
            "new diagnosis are eligible if they need palliative radiotherapy",
        ),
        # a cohort's own rule
        ("inclusion", "Cohort 1 patients who have not received any previous systemic therapy"),
        # receiving a drug that is no line
        ("inclusion", "Currently receiving androgen deprivation with a GnRH inhibitor"),
    ],
)
def test_fourth_set_wordings_that_set_no_count(kind: str, text: str) -> None:
    assert lines_of(kind, text) == []


def test_an_excepted_adjuvant_therapy_keeps_the_count() -> None:
    text = "More than 2 prior lines for metastatic disease (other than adjuvant therapy)"

    assert lines_of("exclusion", text) == [{"min": 3}]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # alternatives after "meeting one of the following"
        (
            "inclusion",
            "Confirmed small cell lung cancer, meeting 1 of the following criteria: previously "
            "untreated extensive disease; malignant effusion",
        ),
        # a bracketed alternative
        ("inclusion", "Previously treated NSCLC (or patients for whom the doublet is adequate)"),
        # no standard therapy, or failed it: alternatives in either order
        (
            "inclusion",
            "Solid cancer with no available standard therapy or who have failed the standard "
            "therapy at least once",
        ),
        # one drug named, not all lines
        ("exclusion", "History of topotecan treatment for SCLC"),
        # another study, a washout in half-lives
        (
            "exclusion",
            "Participation in another intervention study, except when the previous therapy of "
            "non-small cell lung cancer was standard",
        ),
        ("exclusion", "Within 5 half-lives of previous therapy for smouldering myeloma"),
        # naive and treated both admitted
        ("inclusion", "Treatment-naive and previously treated patients will be included"),
    ],
)
def test_unseen_record_wordings_that_set_no_count(kind: str, text: str) -> None:
    assert lines_of(kind, text) == []


def test_what_precedes_a_list_of_alternatives_still_holds() -> None:
    text = (
        "Prior treatment with an EGFR TKI and its failure, meeting any of the following: "
        "progression on a first-generation TKI"
    )

    assert lines_of("inclusion", text) == [{"min": 1}]


def test_lines_of_one_targeted_class_set_no_maximum() -> None:
    text = "Up to 3 lines of prior VEGF or VEGFR targeted therapy are permitted"

    assert lines_of("inclusion", text) == []


# Common exclusions ---------------------------------------------------------------------------

_COMMON = (
    "cns_metastases_active",
    "immunodeficiency_hiv",
    "hbv_hcv_active",
    "pregnant_or_breastfeeding",
    "autoimmune_active",
)


def common_flags(kind: str, text: str) -> list[str]:
    """The common-exclusion questions a line rules out (exclusion flags only)."""
    return [
        p.params["question"]
        for p in read_line(kind, text)
        if p.type == "flag"
        and (p.kind or kind) == "exclusion"
        and p.params.get("question") in _COMMON
    ]


@pytest.mark.parametrize(
    ("kind", "text", "question"),
    [
        # Hepatitis B or C named after hepatitis A, in a bracket after "viral", or with "type".
        ("exclusion", "Active hepatitis A or B.", "hbv_hcv_active"),
        ("exclusion", "Known evidence of active hepatitis A, B, or C", "hbv_hcv_active"),
        (
            "exclusion",
            "A known active viral infection, including viral (A, B, or C) hepatitis",
            "hbv_hcv_active",
        ),
        ("exclusion", "Known infection with chronic hepatitis type B or type C", "hbv_hcv_active"),
        # The brain and its coverings in a lymphoma trial.
        ("exclusion", "Known cerebral or meningeal disease", "cns_metastases_active"),
        (
            "exclusion",
            "Known active central nervous system or leptomeningeal leukemic involvement",
            "cns_metastases_active",
        ),
        # A bracket of examples of a disease, in a clause with a time window.
        (
            "exclusion",
            "Symptoms of a significant illness in the 90 days before the study, or history of "
            "other disease (such as HIV positive, or chronic infection (eg, tuberculosis))",
            "immunodeficiency_hiv",
        ),
        # A negation joined to the word; the test's word left out.
        ("inclusion", "Women must be non-lactating", "pregnant_or_breastfeeding"),
        (
            "inclusion",
            "Women of childbearing potential: serum pregnancy must be negative",
            "pregnant_or_breastfeeding",
        ),
        # A test named with the infection's result still rules it out.
        ("exclusion", "HIV test positive at screening", "immunodeficiency_hiv"),
        # The CNS named with a bracket of grades, a malignancy in it, a lymphoma of it.
        ("exclusion", "Current CNS (CNS 2, CNS 3) involvement by ALL", "cns_metastases_active"),
        ("exclusion", "Known malignancy in Central Nervous System (CNS)", "cns_metastases_active"),
        ("exclusion", "Untreated central nervous lymphoma", "cns_metastases_active"),
        # Antiretroviral therapy named as current; an inclusion "with the exclusion of" a topic.
        ("exclusion", "Current antiretroviral therapy", "immunodeficiency_hiv"),
        (
            "inclusion",
            "Prostate adenocarcinoma with or without metastases, with the exclusion of CNS "
            "metastases",
            "cns_metastases_active",
        ),
        # The hormone of a pregnancy test spelt out.
        (
            "inclusion",
            "Negative beta human chorionic gonadotrophin (hCG) test in women of childbearing "
            "potential",
            "pregnant_or_breastfeeding",
        ),
        (
            "inclusion",
            "Patients with brain metastases only if treated and neurologically stable",
            "cns_metastases_active",
        ),
        (
            "inclusion",
            "A serum pregnancy test within 3 days prior to the first dose and the result must be "
            "negative",
            "pregnant_or_breastfeeding",
        ),
        # "etc." ends a sentence before a new subject; "may be considered active" describes.
        (
            "exclusion",
            "Untreated brain metastasis, or spinal cord compression, etc. Patients who had "
            "received treatment for brain metastases were eligible if stable for 4 weeks",
            "cns_metastases_active",
        ),
        (
            "exclusion",
            "Untreated brain metastases that may be considered active",
            "cns_metastases_active",
        ),
        (
            "exclusion",
            "Known malignant CNS disease other than stable, treated brain metastases",
            "cns_metastases_active",
        ),
        (
            "exclusion",
            "Uncontrolled CNS metastases- patients with asymptomatic brain metastases can be "
            "enrolled",
            "cns_metastases_active",
        ),
        # Admitted only on a condition of the patient's stability.
        (
            "inclusion",
            "Brain metastases may be allowed if the patient's condition is stable.",
            "cns_metastases_active",
        ),
        # Malignant disease of the central nervous system (leukaemia, lymphoma).
        (
            "exclusion",
            "Known malignant involvement of the central nervous system",
            "cns_metastases_active",
        ),
        # Rules for women and for men are everyone's, not two cohorts'.
        (
            "inclusion",
            "For women: sterile or using contraception, with a negative pregnancy test and not "
            "breast-feeding. For men: sterile or using contraception",
            "pregnant_or_breastfeeding",
        ),
        # A rule that those with brain metastases must have had them treated rules out the
        # untreated ones.
        (
            "inclusion",
            "Participants with brain metastases must have completed radiosurgery or resection "
            "and be off steroids",
            "cns_metastases_active",
        ),
        (
            "inclusion",
            "Subjects with CNS metastases must have had one of the following:",
            "cns_metastases_active",
        ),
        (
            "inclusion",
            "Patients with known CNS involvement must have clinically stable CNS disease at "
            "screening and take no steroids for it",
            "cns_metastases_active",
        ),
        # The same rule with the metastases as its subject.
        (
            "inclusion",
            "Brain metastases must be treated and stable for at least 2 months before the first "
            "dose",
            "cns_metastases_active",
        ),
        # An active hepatitis B infection "not including" those vaccinated against it.
        (
            "exclusion",
            "Patients with active hepatitis B infection (not including patients with prior "
            "hepatitis B vaccination)",
            "hbv_hcv_active",
        ),
        # Hepatitis B or C as "types" of an infectious hepatitis.
        ("exclusion", "Known carriers of infectious hepatitis, type A, B or C", "hbv_hcv_active"),
        ("exclusion", "Hepatitis types B and C", "hbv_hcv_active"),
        # A pregnancy that must be ruled out (by a test) before entry.
        (
            "inclusion",
            "Women able to bear children must have a pregnancy ruled out by testing",
            "pregnant_or_breastfeeding",
        ),
        # Autoimmunity, the state, named for the disease.
        (
            "inclusion",
            "No history or clinical evidence of autoimmunity",
            "autoimmune_active",
        ),
        # A current autoimmune disease before an organ-involvement alternative.
        (
            "exclusion",
            "Active autoimmune disease, or a past autoimmune disease with possible neurological "
            "involvement",
            "autoimmune_active",
        ),
    ],
)
def test_more_wordings_of_the_common_exclusions(kind: str, text: str, question: str) -> None:
    assert common_flags(kind, text) == [question]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # What a therapy is used for is not the patient's disease.
        (
            "exclusion",
            "Prior chemotherapy, including radiosensitizers used to treat brain metastases",
        ),
        ("exclusion", "Active hepatitis A"),
        # A drug ruled out for patients with brain metastases, not the patients.
        ("exclusion", "Anticoagulation in patients with brain metastases is not permitted"),
        ("exclusion", "Warfarin is not allowed in patients with known brain metastases"),
        # Counselling about pregnancy is a procedure, not a pregnancy.
        ("exclusion", "Be counselled about pregnancy precautions and the risks of fetal exposure"),
        # Leptomeningeal disease alone; steroids once used for brain metastases.
        (
            "exclusion",
            "Patients who have leptomeningeal disease as the only site of CNS involvement",
        ),
        (
            "exclusion",
            "Prior use of corticoids for brain metastasis ending before day -14 is not part of "
            "this exclusion",
        ),
        # Admitted, with care to follow: no condition of stability.
        (
            "inclusion",
            "Patients with brain metastasis are allowed and should be treated as per standard of "
            "care",
        ),
        # The mention inside another exclusion's exception.
        (
            "exclusion",
            "History of seizures excluding those that occurred due to previously untreated CNS "
            "metastasis",
        ),
        (
            "exclusion",
            "Anti-leukaemic agents are not permitted, with the following exceptions: intrathecal "
            "therapy for patients with controlled CNS leukemia",
        ),
        # A condition of something else; one treatment group; the patient's household.
        (
            "exclusion",
            "Systemic steroids within 2 weeks; topical steroids are allowed in the absence of "
            "active autoimmune disease",
        ),
        ("exclusion", "Active autoimmune disease for patients treated by the antibody arm"),
        (
            "exclusion",
            "Household contact exclusions: children under 1 year, immunocompromised hosts "
            "(including AIDS)",
        ),
        ("exclusion", "Autoimmune disease affecting the central nervous system"),
        # A therapy given to brain metastases, in the old "PATIENT CHARACTERISTICS" style.
        ("inclusion", "No prior whole-brain radiotherapy for CNS metastases"),
        # A test done or not done is not the infection.
        ("exclusion", "HIV testing will be performed at screening"),
        ("exclusion", "No HIV testing required"),
        ("inclusion", "HIV negative test not required"),
        ("exclusion", "Hepatitis B and C testing is not mandatory"),
        # Only the bleeding ones.
        ("exclusion", "Symptomatic brain metastases with evidence of hemorrhage"),
        # A washout of a therapy named by its target.
        (
            "exclusion",
            "Last dose of ribavirin or other antiviral therapies for hepatitis C less than 4 "
            "weeks prior to consent",
        ),
        ("exclusion", "Chronic hepatitis B and C are excepted (eligible for the study)"),
        # The mention is a reason for not tolerating something else.
        (
            "inclusion",
            "Not a candidate for a checkpoint inhibitor (e.g., did not tolerate it, or due to "
            "co-morbidities or pre-existing autoimmune disease)",
        ),
        # Left to the investigator's approval: not a firm exclusion.
        (
            "exclusion",
            "Ongoing therapy for an autoimmune disease unless approved by the investigator",
        ),
        # Only some of those with the infection (those on a prohibited medicine).
        ("exclusion", "HIV infection only if treated with a prohibited antiretroviral"),
        # A rule for those with brain metastases about something else.
        ("inclusion", "Patients with brain metastases must have measurable disease elsewhere"),
        # A lymphoma that is HIV-positive is a complication of HIV, not HIV itself.
        ("exclusion", "Known HIV-positive lymphoma"),
        # A test or an assessment that must be done is a procedure, not an exclusion.
        (
            "exclusion",
            "A detailed assessment of hepatitis B and C history must be performed at screening",
        ),
        (
            "exclusion",
            "HIV serology testing is required at baseline for patients with risk factors",
        ),
        # The central nervous system involvement of an autoimmune disease, not of the cancer.
        ("exclusion", "Autoimmune disorder with central nervous system involvement"),
        # The stem-cell donor's criteria are not the patient's.
        ("exclusion", "DONOR: HIV positive"),
        ("inclusion", "Donor: seronegative for HIV and hepatitis B surface antigen"),
        # A rule left to each part of the study.
        (
            "exclusion",
            "Serious illnesses, including: known tuberculosis; for hepatitis B, hepatitis C and "
            "HIV infections, requirements will be substudy dependent",
        ),
    ],
)
def test_wordings_that_rule_out_no_common_exclusion(kind: str, text: str) -> None:
    assert common_flags(kind, text) == []


@pytest.mark.parametrize(
    "required",
    [
        "The patient with brain metastases confirmed by histopathology or imaging",
        "Confirmed malignancy with the presence of one to four intraparenchymal brain metastases",
    ],
)
def test_brain_metastases_required_in_an_inclusion_are_the_population(required: str) -> None:
    proposed = propose_criteria(
        [
            CriterionRecord("inclusion", required, line=1),
            CriterionRecord("exclusion", "Recurrent brain metastases", line=2),
        ]
    )
    assert not [c for c in proposed if c.params.get("question") == "cns_metastases_active"]


def test_a_men_only_trial_asks_no_pregnancy_question() -> None:
    line = [CriterionRecord("exclusion", "Pregnant women are excluded from this study", line=1)]
    male = propose_criteria(line, sex="MALE")
    assert not [c for c in male if c.params.get("question") == "pregnant_or_breastfeeding"]
    everyone = propose_criteria(line, sex="ALL")
    assert [c.params.get("question") for c in everyone if c.type == "flag"] == [
        "pregnant_or_breastfeeding"
    ]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # The old "DISEASE / PATIENT CHARACTERISTICS" layout: exclusions written as negations
        # under what the reader takes for inclusions.
        ("No known brain metastases", "cns_metastases_active"),
        ("No symptomatic CNS metastases", "cns_metastases_active"),
        ("Not pregnant or nursing", "pregnant_or_breastfeeding"),
        ("Negative pregnancy test", "pregnant_or_breastfeeding"),
        ("HIV negative", "immunodeficiency_hiv"),
        ("No known immunodeficiency", "immunodeficiency_hiv"),
        ("No hepatitis B or C", "hbv_hcv_active"),
        ("Hepatitis B surface antigen negative", "hbv_hcv_active"),
        ("Negative hepatitis B surface antigen test at screening", "hbv_hcv_active"),
        ("Negative HIV serology", "immunodeficiency_hiv"),
        ("No patients with known brain metastases", "cns_metastases_active"),
        (
            "No patients with known infectious disease, such as HIV or tuberculosis",
            "immunodeficiency_hiv",
        ),
        ("No active autoimmune disease", "autoimmune_active"),
    ],
)
def test_old_patient_characteristics_lines(text: str, question: str) -> None:
    assert common_flags("inclusion", text) == [question]


def test_a_maximum_in_another_clause_of_a_line_joins_its_minimum() -> None:
    text = (
        "Must have received prior platinum-based chemotherapy and meets the following criteria: "
        "No more than 2 prior systemic regimens allowed; At least 1 regimen must have been "
        "platinum-based"
    )

    assert lines_of("inclusion", text) == [{"min": 1, "max": 2}]


def test_might_be_enrolled_admits_as_may_does() -> None:
    text = (
        "Active hepatitis B; patients with HBV might be enrolled if the viral load is undetectable"
    )
    (flag,) = [p for p in read_line("exclusion", text) if p.type == "flag"]

    assert flag.params["exceptions"] == [
        "patients with hbv might be enrolled if the viral load is undetectable"
    ]


# Chemotherapy-naivety where chemotherapy is the only systemic line ---------------------------


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("inclusion", "Participants should be chemo-naive.", [{"max": 0}]),
        (
            "inclusion",
            "No previous chemotherapy for small-cell carcinoma of the lung",
            [{"max": 0}],
        ),
        (
            "inclusion",
            "No prior cytotoxic chemotherapy for recurrent or metastatic disease",
            [{"max": 0}],
        ),
        (
            "inclusion",
            "No prior chemotherapy (including erlotinib) for lung cancer or any other malignancy",
            [{"max": 0}],
        ),
        (
            "inclusion",
            "Patients must not have received any prior chemotherapy for their pancreatic cancer",
            [{"max": 0}],
        ),
        (
            "inclusion",
            "No prior chemotherapy for advanced disease other than as adjuvant treatment given "
            "over a year ago",
            [{"max": 0}],
        ),
        (
            "exclusion",
            "Any earlier systemic chemotherapy for the treatment of gastric cancer",
            [{"min": 1}],
        ),
        ("exclusion", "Patients who have had chemotherapy for their lung cancer", [{"min": 1}]),
        # a hormone-driven cancer, another class named, or another cancer: no line count
        ("inclusion", "No prior chemotherapy for metastatic breast cancer", []),
        ("inclusion", "Chemotherapy-naive; prior targeted therapy is permitted", []),
        ("inclusion", "No prior chemotherapy for another malignancy", []),
        ("exclusion", "Prior chemotherapy for a previous cancer", []),
        ("exclusion", "Prior chemotherapy within 3 weeks", []),
        ("inclusion", "No prior chemotherapy except low-dose chemotherapy before the study", []),
        ("inclusion", "For the dose-finding part only, patients must be chemo-naive", []),
    ],
)
def test_chemotherapy_naivety_is_no_prior_line(
    kind: str, text: str, expected: list[dict[str, Any]]
) -> None:
    assert lines_of(kind, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Must have received prior therapy for their lymphoma and now have relapsed", [{"min": 1}]),
        (
            "Solid tumours that progressed after receiving standard therapies for their disease "
            "and for whom no curative therapy exists",
            [{"min": 1}],
        ),
        # the alternative may be adjuvant only, or newly diagnosed
        (
            "Relapse after adjuvant chemotherapy or progression after one prior treatment for "
            "metastatic disease",
            [],
        ),
        ("Newly diagnosed or previously treated metastatic adenocarcinoma", []),
    ],
)
def test_prior_therapy_for_the_cancer_and_its_alternatives(
    text: str, expected: list[dict[str, Any]]
) -> None:
    assert lines_of("inclusion", text) == expected


def test_options_under_a_meets_one_of_the_following_lead_in_set_no_line_count() -> None:
    lines = [
        "Cancer-related neuropathic pain",
        "Must meet one of the following criteria:",
        "Currently receiving chemotherapy unrelated to the pain",
        "No prior chemotherapy",
    ]
    criteria = [CriterionRecord(kind="inclusion", text=t, line=i) for i, t in enumerate(lines)]

    assert "prior_lines" not in [c.type for c in propose_criteria(criteria)]


def test_lines_after_the_options_are_read_again() -> None:
    lines = [
        "Must satisfy 1 of the following:",
        "Option A",
        "Option B",
        "Option C",
        "Option D",
        "No prior chemotherapy for lung cancer",
    ]
    criteria = [CriterionRecord(kind="inclusion", text=t, line=i) for i, t in enumerate(lines)]

    assert [c.params for c in propose_criteria(criteria) if c.type == "prior_lines"] == [{"max": 0}]


@pytest.mark.parametrize(
    "text",
    [
        "Participants may not have had prior chemotherapy for recurrent or metastatic disease",
        "No previous first-line therapy for metastatic gastric cancer",
        "Participants with previously untreated high-grade non-Hodgkin's lymphoma",
        "DISEASE CHARACTERISTICS: Previously untreated stage III or IV follicular Hodgkin's",
    ],
)
def test_more_wordings_of_no_prior_line(text: str) -> None:
    assert lines_of("inclusion", text) == [{"max": 0}]


def test_a_line_count_under_a_diagnosis_of_one_of_the_following_is_one_options() -> None:
    lines = [
        "Confirmed diagnosis of one of the following:",
        "Metastatic solid tumour",
        "No more than 2 prior regimens for metastatic disease",
        "Refractory lymphoma",
    ]
    criteria = [CriterionRecord(kind="inclusion", text=t, line=i) for i, t in enumerate(lines)]

    assert "prior_lines" not in [c.type for c in propose_criteria(criteria)]


def test_a_chemotherapy_maximum_in_a_breast_cancer_trial_is_one_class_only() -> None:
    breast = Diagnosis(codes=("BRCA",), terms=("breast cancer",))
    lung = Diagnosis(codes=("NSCLC",), terms=("lung cancer",))
    lines = [
        ("inclusion", "No previous chemotherapy for metastatic disease"),
        ("inclusion", "At most 3 prior chemotherapy regimens for advanced disease"),
        ("exclusion", "More than two prior cytotoxic regimens"),
    ]
    for kind, text in lines:
        criteria = [CriterionRecord(kind=kind, text=text, line=1)]
        assert "prior_lines" not in [c.type for c in propose_criteria(criteria, diagnosis=breast)]
        assert "prior_lines" in [c.type for c in propose_criteria(criteria, diagnosis=lung)]


def test_an_early_breast_trial_still_reads_no_prior_treatment_at_all() -> None:
    breast = Diagnosis(codes=("BRCA",), terms=("breast cancer",))
    criteria = [
        CriterionRecord(
            kind="exclusion",
            text="Prior surgery, radiotherapy or chemotherapy for this cancer",
            line=1,
        )
    ]

    assert [
        c.params for c in propose_criteria(criteria, diagnosis=breast) if c.type == "prior_lines"
    ] == [{"min": 1}]


def test_a_required_therapy_given_as_adjuvant_or_for_advanced_disease_is_no_line() -> None:
    text = (
        "Must have had prior chemotherapy with a taxane (paclitaxel or docetaxel) as adjuvant "
        "or for metastatic disease"
    )

    assert lines_of("inclusion", text) == []
    assert lines_of("inclusion", "Must have had prior chemotherapy for metastatic disease") == [
        {"min": 1}
    ]


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        # a count with "or fewer", "fewer than" or a bare "<" is a maximum in an inclusion
        ("inclusion", "Three or fewer prior lines of therapy for advanced disease", [{"max": 3}]),
        ("inclusion", "2 or less prior chemotherapy regimens", [{"max": 2}]),
        ("inclusion", "Fewer than 3 prior systemic regimens for metastatic disease", [{"max": 2}]),
        ("inclusion", "< 3 prior lines of therapy", [{"max": 2}]),
        (
            "inclusion",
            "Relapsed multiple myeloma after fewer than 4 prior lines",
            [{"min": 1, "max": 3}],
        ),
        # and the counts ruled out in an exclusion
        ("exclusion", "Less than two prior regimens for metastatic disease", [{"max": 1}]),
        # classes counted together in a range
        ("inclusion", "0-2 prior cytotoxic and/or targeted regimens", [{"max": 2}]),
        (
            "inclusion",
            "1 to 3 prior chemotherapy or targeted regimens for advanced disease",
            [{"min": 1, "max": 3}],
        ),
        # exactly one chemotherapy regimen
        (
            "inclusion",
            "Must be previously treated for advanced disease with only 1 chemotherapy regimen",
            [{"min": 1, "max": 1}],
        ),
        (
            "inclusion",
            "Exactly one prior chemotherapy regimen for metastatic disease",
            [{"min": 1, "max": 1}],
        ),
        # "must have received N prior regimens": at least N
        (
            "inclusion",
            "Patients must have received two prior chemotherapy regimens for advanced disease",
            [{"min": 2}],
        ),
        # a window or one class's count is no line count
        ("inclusion", "Less than 4 weeks since prior therapy", []),
        ("inclusion", "Fewer than 3 prior lines of endocrine therapy", []),
        ("inclusion", "Less than 2 prior treatment lines (not including hormonal therapy)", []),
        ("inclusion", "Patients must have received 2 prior doses of the vaccine", []),
    ],
)
def test_counts_with_fewer_ranges_of_classes_and_required_counts(
    kind: str, text: str, expected: list[dict[str, Any]]
) -> None:
    assert lines_of(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        # no treatment apart from surgery or a biopsy is no treatment for the cancer at all
        (
            "inclusion",
            "No prior treatment for glioblastoma apart from surgical resection.",
            [{"max": 0}],
        ),
        ("inclusion", "No prior anticancer therapy besides a diagnostic biopsy", [{"max": 0}]),
        # but an exception that is a line leaves the count open
        ("inclusion", "No prior therapy for metastatic disease other than endocrine therapy", []),
        # classes listed for the cancer named
        (
            "inclusion",
            "No prior radiotherapy, chemotherapy or any targeting therapy for rectal cancer",
            [{"max": 0}],
        ),
        ("exclusion", "Prior chemotherapy or immunotherapy for lung cancer", [{"min": 1}]),
        ("exclusion", "Prior chemotherapy or targeted therapy for another cancer", []),
        # a therapy "directed at" advanced disease
        ("exclusion", "Prior systemic therapy directed at advanced kidney cancer.", [{"min": 1}]),
        # chemotherapy-naivety for disease listed with commas, adjuvant treatment admitted apart
        (
            "inclusion",
            "Have not received prior systemic chemotherapy for the treatment of recurrent, "
            "advanced or metastatic disease, chemotherapy as part of adjuvant therapy is allowed "
            "if completed 6 months before",
            [{"max": 0}],
        ),
        (
            "inclusion",
            "No prior chemotherapy for advanced disease, chemotherapy for metastatic disease is "
            "allowed",
            [],
        ),
    ],
)
def test_naivety_with_exceptions_listed_classes_and_directed_therapy(
    kind: str, text: str, expected: list[dict[str, Any]]
) -> None:
    assert lines_of(kind, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Progressed on anti-PD-1 therapy", [{"min": 1}]),
        ("Disease progression after platinum-based therapy", [{"min": 1}]),
        ("Disease progression during or after sorafenib", [{"min": 1}]),
        # a remark in brackets on another topic does not make the line an admission
        (
            "Metastatic lung cancer after failure of first-line chemotherapy (patients with "
            "non-target lesions only are eligible)",
            [{"min": 1}],
        ),
        # one on the treatment does
        (
            "Metastatic lung cancer after failure of first-line chemotherapy (patients with "
            "adjuvant therapy only are eligible)",
            [],
        ),
        # hormone deprivation is no line
        ("Progression on anti-androgen therapy", []),
    ],
)
def test_progression_on_a_class_named_by_target_backbone_or_drug(
    text: str, expected: list[dict[str, Any]]
) -> None:
    assert lines_of("inclusion", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a subject of a few words before "who have been previously treated with"
        (
            "Patients with advanced HCC who have been previously treated with sorafenib",
            [{"min": 1}],
        ),
        ("Previously treated advanced solid tumour", [{"min": 1}]),
        ("Patients who have exhausted all available standard therapies", [{"min": 1}]),
        ("Patients who have exhausted or are not candidates for standard therapy", []),
        # a first line as the line's whole subject, or naivety said with "is allowed"
        ("First-line treatment of metastatic lung cancer", [{"max": 0}]),
        ("First-line treatment of metastatic lung cancer must have included platinum", []),
        ("No prior systemic treatment for metastatic disease is allowed", [{"max": 0}]),
        ("No prior adjuvant chemotherapy is allowed", []),
        # chemotherapy-naive patients, not in a hormone-driven cancer
        ("Chemotherapy-naive patients with advanced lung cancer", [{"max": 0}]),
        ("Chemotherapy-naive patients with metastatic breast cancer", []),
    ],
)
def test_treated_subjects_exhausted_standard_care_and_first_line_subjects(
    text: str, expected: list[dict[str, Any]]
) -> None:
    assert lines_of("inclusion", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "For the expansion cohort, patients must have received at least one prior line of therapy",
        "Dose expansion: no more than 3 prior regimens",
        "In Part 2, patients must have had no prior systemic therapy for metastatic disease",
        "Patients in the phase 2 portion must have received at least 1 prior therapy",
        "Patients enrolled in cohort 2 must be treatment-naive",
    ],
)
def test_a_line_opening_with_one_part_or_cohort_is_that_part_s(text: str) -> None:
    assert is_cohort_specific(text)
    criteria = [CriterionRecord(kind="inclusion", text=text, line=1)]
    assert "prior_lines" not in [c.type for c in propose_criteria(criteria)]


@pytest.mark.parametrize(
    "text",
    [
        "In part 1 and part 2, no more than 3 prior regimens",
        "Patients in the study must have received at least one prior therapy",
    ],
)
def test_every_part_or_the_study_itself_is_everyone(text: str) -> None:
    assert not is_cohort_specific(text)


def test_measurable_disease_required_by_every_part_is_required_of_everyone() -> None:
    def lines(*rows: tuple[str, str]) -> list[CriterionRecord]:
        return [
            CriterionRecord(kind="inclusion", text=text, line=n, scope=scope)
            for n, (scope, text) in enumerate(rows, start=1)
        ]

    every = lines(
        ("Phase I", "Phase I:"),
        ("Phase I", "Measurable disease per RECIST 1.1"),
        ("Phase II", "Phase II:"),
        ("Phase II", "At least one measurable lesion by RECIST 1.1"),
    )
    assert any(c.type == "measurable_disease" for c in propose_criteria(every))
    one_part = lines(
        ("Phase I", "Phase I:"),
        ("Phase I", "Advanced solid tumour"),
        ("Phase II", "Phase II:"),
        ("Phase II", "Measurable disease per RECIST 1.1"),
    )
    assert not any(c.type == "measurable_disease" for c in propose_criteria(one_part))
    evaluable = lines(
        ("Part A", "Part A:"),
        ("Part A", "Measurable or evaluable disease"),
        ("Part B", "Part B:"),
        ("Part B", "Measurable disease per RECIST 1.1"),
    )
    assert not any(c.type == "measurable_disease" for c in propose_criteria(evaluable))


@pytest.mark.parametrize(
    "text",
    [
        "COHORT EXPANSION PHASE: all patients must have progressed on an oxaliplatin-containing "
        "regimen",
        "DOSE ESCALATION PHASE: advanced cancer refractory to standard therapy",
        "B) Dose Escalation Stage: relapsed or refractory lymphoma after at least 1 prior regimen",
        "Patients of the second stratum must be receiving second-line treatment with imatinib",
    ],
)
def test_a_capitalised_or_lettered_part_label_and_a_stratum_are_one_part_s(text: str) -> None:
    assert is_cohort_specific(text)
    criteria = [CriterionRecord(kind="inclusion", text=text, line=1)]
    assert "prior_lines" not in [c.type for c in propose_criteria(criteria)]


def test_relapsed_comma_refractory_primary_cns_lymphoma_is_one_line_at_least() -> None:
    assert lines_of("inclusion", "Relapsed, refractory CNS lymphoma or ocular lymphoma") == [
        {"min": 1}
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the prior treatment offered beside other ways in
        "Progressive disease after standard chemotherapy, or lack of candidacy for standard "
        "therapy",
        "Progression following approved chemotherapy or have no appropriate alternative therapy",
        "Metastatic breast cancer, or lacking standard therapy or having failed standard therapy",
        "Solid tumours that failed to respond to standard therapy, or progressed on standard "
        "therapy, or for whom standard therapy does not exist",
        "Patient must have one or more of the following: has failed at least 2 prior lines of "
        "chemotherapy; has no curative option available",
        # the standard therapy is one they cannot have
        "Advanced or refractory solid tumours not amenable to standard therapy",
        # the line may have been adjuvant
        "Progression after at least one trastuzumab-containing regimen (neoadjuvant, adjuvant, "
        "or metastatic setting)",
        "Must have received and progressed on at least one endocrine therapy (adjuvant or "
        "metastatic)",
        "Prior treatment with an anthracycline-containing regimen whether in the adjuvant setting "
        "or for metastatic disease",
        # untreated patients are let in beside the treated
        "Have received at least one prior therapy. Patients older than 65 who have not received "
        "therapy for leukaemia are also eligible",
        # a permission
        "Patients may have received one or more previous lines of therapy",
    ],
)
def test_alternatives_settings_and_permissions_set_no_minimum(text: str) -> None:
    assert lines_of("inclusion", text) == []


def test_an_exclusion_of_a_first_line_already_started_allows_none() -> None:
    assert lines_of("exclusion", "Patient who has already started a first line of treatment") == [
        {"min": 1}
    ]


def test_a_breast_trial_chemotherapy_count_leaving_endocrine_therapy_out_is_one_class() -> None:
    breast = Diagnosis(codes=("BRCA",), terms=("breast cancer",))
    text = (
        "More than 3 prior chemotherapy treatments in the metastatic setting; this restriction "
        "does not include endocrine therapies or single agent biologic therapies"
    )
    criteria = [CriterionRecord(kind="exclusion", text=text, line=1)]

    assert "prior_lines" not in [c.type for c in propose_criteria(criteria, diagnosis=breast)]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Less than or equal to one prior line of chemotherapy for advanced disease", {"max": 1}),
        (
            "No prior chemotherapy, immunotherapy, radiation therapy or biologic/targeted therapy "
            "for any malignancy",
            {"max": 0},
        ),
        # the alternative of the last sentence is the transplant's, not the lines'
        (
            "Relapsed and refractory myeloma after at least 2 prior therapies including "
            "lenalidomide. Patients must have previously received or be ineligible for (or "
            "refused) autologous stem cell transplant.",
            {"min": 2},
        ),
    ],
)
def test_a_cap_written_less_than_or_equal_and_naivety_for_any_cancer(
    text: str, params: dict[str, int]
) -> None:
    assert lines_of("inclusion", text) == [params]


def test_previously_untreated_patients_let_in_beside_others_set_no_maximum() -> None:
    text = (
        "Metastatic malignancy for which standard measures no longer work. Patients with "
        "previously untreated metastatic kidney cancer are eligible."
    )

    assert lines_of("inclusion", text) == []


def test_an_exclusion_of_one_systemic_class_for_the_cancer_is_no_line_count() -> None:
    text = (
        "Have received prior systemic taxane therapy for urothelial carcinoma of the bladder in "
        "any setting (neoadjuvant, adjuvant, metastatic)"
    )

    assert lines_of("exclusion", text) == []
    assert lines_of("exclusion", "Prior systemic therapy for metastatic disease") == [{"min": 1}]


def test_a_performance_status_among_risk_features_is_no_requirement() -> None:
    text = (
        "Metastatic kidney cancer with poor-risk features, defined as 3 or more of the following: "
        "PS > 1, high serum LDH, low haemoglobin"
    )

    assert read_ecog(text) is None


def test_a_failed_line_count_with_a_bracketed_allowance_is_still_required() -> None:
    text = (
        "Failed one prior line of systemic therapy for stage IV lung cancer (a further prior "
        "line is allowed if it was given as adjuvant therapy)"
    )

    assert lines_of("inclusion", text) == [{"min": 1}]
    assert lines_of("inclusion", "Progression after 2 prior regimens is allowed") == []


def test_no_prior_therapy_for_a_staged_abbreviation_allows_none() -> None:
    assert lines_of("inclusion", "No prior systemic therapy for ES-SCLC") == [{"max": 0}]


def test_no_prior_therapy_with_a_bracket_of_examples_allows_none() -> None:
    text = (
        "Participants who have no prior systemic anti-tumour therapy (including targeted therapy, "
        "chemotherapy or immunotherapy) for locally advanced or metastatic lung cancer"
    )

    assert lines_of("inclusion", text) == [{"max": 0}]
    excepted = "No prior systemic therapy (except endocrine therapy) for metastatic disease"
    assert lines_of("inclusion", excepted) == []


@pytest.mark.parametrize(
    "text",
    [
        "Currently receiving any therapeutic treatment for their cancer, including other "
        "investigational agents",
        "Patients currently undergoing systemic therapy for their malignancy",
    ],
)
def test_an_exclusion_of_ongoing_treatment_counts_no_prior_line(text: str) -> None:
    assert lines_of("exclusion", text) == []


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Must not have more than one prior chemotherapy regimen", {"max": 1}),
        ("Only one prior anti-tumour treatment regimen for advanced disease", {"min": 1, "max": 1}),
        ("Only one prior regimen allowed", {"max": 1}),
        ("One, and only one, prior chemotherapy regimen for advanced disease allowed", {"max": 1}),
        (
            "Must have failed only one prior regimen and be considered eligible",
            {"min": 1, "max": 1},
        ),
        ("Treated with at least one, but less than 4 lines of therapy", {"min": 1, "max": 3}),
        (
            "Must have received 1, 2, or 3 prior chemotherapy regimens for mCRC",
            {"min": 1, "max": 3},
        ),
        ("Myeloma patients who have received > 3 prior lines of therapy", {"min": 4}),
        ("Received more than one prior regimen for metastatic disease", {"min": 2}),
        (
            "Progression, refractory or intolerant to no more than 2 prior systemic regimens",
            {"min": 1, "max": 2},
        ),
        ("Relapsed after receiving up to 2 prior induction regimens", {"min": 1, "max": 2}),
        (
            "Has received ASCT after first-line induction. Received <= 3 prior lines of therapy",
            {"min": 1, "max": 3},
        ),
        ("Must be in first or second recurrence", {"min": 1, "max": 2}),
        (
            "Must have received first-line temozolomide and radiation; must be in first or "
            "second recurrence",
            {"min": 1, "max": 2},
        ),
        (
            "Progression per modified RECIST during or following fluoropyrimidine, irinotecan, "
            "and/or oxaliplatin chemotherapy",
            {"min": 1},
        ),
        ("Having failed one prior regimen and eligible for a second-line treatment", {"min": 1}),
        ("Must have been previously treated for B-cell non-Hodgkin lymphoma", {"min": 1}),
        ("Patients with no prior chemotherapy for NSCLC including adjuvant treatment", {"max": 0}),
        (
            "No prior systemic chemotherapy for the treatment of the participant's metastatic "
            "disease",
            {"max": 0},
        ),
        ("Inoperable disease, not previously treated with chemotherapy", {"max": 0}),
        ("No prior chemotherapy, BTK inhibitor or antibody therapy for CLL", {"max": 0}),
    ],
)
def test_counts_verbs_and_naivety_written_other_ways(text: str, params: dict[str, int]) -> None:
    assert lines_of("inclusion", text) == [params]


@pytest.mark.parametrize(
    "text",
    [
        # a toxicity grade range is no count of therapies
        "Recovery from grade 2-4 therapy-related toxicities from previous systemic therapies",
        "Only one prior regimen in the curative setting",
        "If the patient received more than 3 prior regimens, the sponsor must judge suitability",
        "Evidence of progression on a prior therapy is not required",
        "Patients who received 3 or more prior lines will be capped at 40%",
        "Prior therapy with investigational agents must have been completed 3 weeks prior",
        "Aged 60 or older for patients with previously untreated AML",
        "No more than 2 prior regimens for patients with breast cancer; no prior chemotherapy "
        "for patients with melanoma",
        "No more than 2 prior regimens (3 for patients with ovarian cancer)",
        "Up to one non-platinum-based line of therapy in the recurrent setting",
    ],
)
def test_grades_shares_groups_and_windows_set_no_line_count(text: str) -> None:
    assert lines_of("inclusion", text) == []


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Prior systemic chemotherapy or radiotherapy for non-small cell lung cancer", {"min": 1}),
        ("Previous chemotherapy for locally advanced or metastatic gastric cancer", {"min": 1}),
        ("Prior chemotherapy for the current indication", {"min": 1}),
        ("Patients with previous systemic therapy", {"min": 1}),
        ("Previously received second-line or higher systemic treatment", {"min": 2}),
    ],
)
def test_more_exclusions_of_prior_lines(text: str, params: dict[str, int]) -> None:
    assert lines_of("exclusion", text) == [params]


@pytest.mark.parametrize(
    "text",
    [
        "Toxicities from prior therapy for the malignancy should resolve to grade 1",
        "More than 2 prior cytotoxic regimens (4 prior regimens for breast cancer)",
    ],
)
def test_harms_and_counts_per_group_set_no_line_count_in_exclusions(text: str) -> None:
    assert lines_of("exclusion", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Combination dose escalation cohorts: no more than 3 prior lines",
        "Expansion cohort(s): progression on anti-PD-1 therapy",
        "Acute myeloid leukaemia: second or greater CR; Myelodysplastic syndrome: any subtype; "
        "follicular lymphoma after at least two prior therapies",
    ],
)
def test_labels_of_one_part_or_one_blood_cancer_make_a_line_theirs(text: str) -> None:
    assert is_cohort_specific(text)
    assert lines_of("inclusion", text) == []


def test_naivety_before_the_indications_for_treatment_holds() -> None:
    text = (
        "Must be previously untreated and meet at least one of the following indications for "
        "treatment: progressive marrow failure; massive splenomegaly"
    )

    assert lines_of("inclusion", text) == [{"max": 0}]
    tumours = "Untreated, and one of the following indications: NSCLC; melanoma after anti-PD-1"
    assert lines_of("inclusion", tumours) == []


def test_an_exception_left_for_the_lines_below_sets_no_line_count() -> None:
    assert lines_of("inclusion", "No prior treatment except:") == []
    assert lines_of("inclusion", "No prior treatment except surgery") == [{"max": 0}]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # a progression despite a therapy received
        ("Patients who progressed despite prior therapy with FOLFOX plus bevacizumab", {"min": 1}),
        ("Persistent or progressive disease despite initial chemotherapy", {"min": 1}),
        # standard therapy with more words before its noun
        (
            "Patients must have failed established standard medical anti-cancer therapies",
            {"min": 1},
        ),
        # a count in words before "treatments"
        (
            "Received either one or two prior systemic treatments for metastatic disease",
            {"min": 1, "max": 2},
        ),
        # two later lines the trial's treatment may be
        ("Eligible for second- or third-line therapy for metastatic NSCLC", {"min": 1, "max": 2}),
        ("Candidates for first- or second-line treatment of metastatic disease", {"max": 1}),
        # prior chemotherapy counted without a line noun
        ("Up to one prior systemic chemotherapy for metastatic disease is allowed", {"max": 1}),
        # chemotherapy-naive for the advanced disease, where it is the only systemic treatment
        (
            "Chemotherapy-naive for stage IV colorectal cancer with unresectable liver metastasis",
            {"max": 0},
        ),
    ],
)
def test_prior_line_wordings_with_other_verbs_and_nouns(text: str, params: dict[str, int]) -> None:
    assert lines_of("inclusion", text) == [params]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("More than 2 prior systemic chemotherapy.", {"min": 3}),
        ("More than 2 prior chemotherapy regimens", {"min": 3}),
    ],
)
def test_a_count_of_prior_chemotherapy_in_an_exclusion(text: str, params: dict[str, int]) -> None:
    assert lines_of("exclusion", text) == [params]


@pytest.mark.parametrize(
    "text",
    [
        # a count of chemotherapy beside other classes left free caps no line
        "Received more than 1 line of cytotoxic therapy; prior immunotherapy and targeted "
        "therapies are allowed.",
        "More than 4 previous cytotoxic regimens. There is no limit on the number of "
        "noncytotoxic therapies (eg, hormonal and immunologic) received.",
        "More than 2 prior chemotherapy regimens. Any previous immunotherapy regimens are allowed.",
        # cycles are no lines
        "More than 2 cycles of prior induction therapy for AML",
        # local treatment is no systemic line
        "More than 3 loco-regional treatments for maintaining the radiological response",
        # one class counted: anti-PD-(L)1 or a platinum drug
        "Received more than one line of prior anti-PD-(L)1, either alone or in any combination",
        "More than one treatment regimen with carboplatin or cisplatin",
        # chemotherapy agents, not lines
        "At least 2 prior chemotherapy agents",
    ],
)
def test_counts_that_set_no_line_count_in_exclusion_lines(text: str) -> None:
    assert lines_of("exclusion", text) == []


def test_a_chemotherapy_count_limits_lines_in_a_triple_negative_breast_cancer_trial() -> None:
    breast = Diagnosis(("BRCA",), ("Breast Cancer",))
    count = "More than 1 previous chemotherapeutic treatment for metastatic or relapsed disease"

    def maximum(diagnosis_line: str) -> list[dict[str, Any]]:
        lines = [
            CriterionRecord("inclusion", diagnosis_line, line=1),
            CriterionRecord("exclusion", count, line=2),
        ]
        return [
            c.params for c in propose_criteria(lines, diagnosis=breast) if c.type == "prior_lines"
        ]

    assert maximum("Histologically proven triple-receptor-negative metastatic breast cancer") == [
        {"min": 2}
    ]
    # hormone receptor-positive disease leaves endocrine lines that the count does not limit
    assert maximum("Histologically proven HR-positive metastatic breast cancer") == []


def test_a_count_for_each_of_two_groups_sets_no_line_count() -> None:
    text = (
        "Patient with squamous NSCLC has received more than one line of chemotherapy for "
        "metastatic disease; patient with non-squamous NSCLC has received more than two lines "
        "of systemic treatment for metastatic disease"
    )
    assert lines_of("exclusion", text) == []


def test_inclusion_blocks_parted_by_or_set_no_line_count() -> None:
    lines = [
        CriterionRecord("inclusion", "Patients with previously untreated acute leukaemia", line=1),
        CriterionRecord("inclusion", "Age 60 years or older", line=2),
        CriterionRecord("inclusion", "OR", line=3),
        CriterionRecord(
            "inclusion", "Patients with relapsed or refractory acute leukaemia", line=4
        ),
        CriterionRecord("exclusion", "More than 3 prior regimens", line=5),
    ]
    counts = [(c.kind, c.params) for c in propose_criteria(lines) if c.type == "prior_lines"]
    assert counts == [("exclusion", {"min": 4})]


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # a line for one group, by its label or its heading
        ("inclusion", "ENTO + cytarabine + daunorubicin (Group B): previously untreated AML"),
        ("inclusion", "For patients after progression on an ALK inhibitor:"),
        # the minimum of those who meet a condition
        (
            "inclusion",
            "Patients with small cell carcinoma must have extended stage disease or, if limited "
            "stage disease, must have received at least one prior systemic therapy.",
        ),
        # the required therapy may have been adjuvant
        (
            "inclusion",
            "Patients must have either received a taxane in the adjuvant setting or received a "
            "taxane as first-line treatment for metastatic breast cancer",
        ),
        # lines of skin-directed therapy are no systemic lines
        (
            "inclusion",
            "Stage IB-IVB relapsed or refractory cutaneous T-cell lymphoma after 2 lines of "
            "skin-directed therapy or one prior line of systemic therapy",
        ),
        # one count per tumour type
        (
            "inclusion",
            "Participants may have up to 3 prior regimens for CRC, up to 3 prior regimens for "
            "NSCLC, up to 2 prior regimens for H&N and esophageal cancer.",
        ),
        # a therapy under way, not a prior line
        ("exclusion", "Specimen is from subject undergoing any treatment for any form of leukemia"),
    ],
)
def test_group_conditional_and_local_wordings_set_no_line_count(kind: str, text: str) -> None:
    assert lines_of(kind, text) == []


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        ("exclusion", "Prior cytokine or chemotherapy for stage IV disease", {"min": 1}),
        (
            "inclusion",
            "Histologically or cytologically confirmed melanoma, previously treated with "
            "chemotherapy or IL-2",
            {"min": 1},
        ),
        (
            "inclusion",
            "Subjects must have not have recieved more than 3 previous anti-myeloma regimens and "
            "must be relapsed or refractory following at least one regimen of anti-myeloma "
            "therapy.",
            {"min": 1, "max": 3},
        ),
        (
            "inclusion",
            "Patients must have not been previously treated with anticancer drugs for advanced "
            "disease.",
            {"max": 0},
        ),
        (
            "inclusion",
            "Patients with non-Hodgkin B-cell lymphoma, good condition, not previously treated",
            {"max": 0},
        ),
        (
            "inclusion",
            "Must have platinum-resistant disease. (Defined as progression during the most recent "
            "platinum-based chemotherapy.)",
            {"min": 1},
        ),
        (
            "inclusion",
            "No prior chemotherapy for SCLC or any chemotherapy within 5 years of the diagnosis "
            "of SCLC.",
            {"max": 0},
        ),
        (
            "inclusion",
            "Patients must have had no prior chemotherapy for rectal cancer or pelvic irradiation "
            "therapy",
            {"max": 0},
        ),
        ("exclusion", "prior chemotherapy for stomach cancer in its advanced stage", {"min": 1}),
        ("inclusion", "Received no prior therapy", {"max": 0}),
    ],
)
def test_more_wordings_of_prior_lines(kind: str, text: str, params: dict[str, int]) -> None:
    assert lines_of(kind, text) == [params]


@pytest.mark.parametrize(
    "text",
    [
        # alternatives after "a diagnosis of one of the following" or "... and one of the
        # following": no minimum for everyone
        "Confirmed diagnosis of any of the following: relapsed or refractory lymphoma; or "
        "untreated leukaemia in an older patient",
        "Adult with lymphoma and one of the following: progression after at least 2 prior "
        "regimens; or relapse after transplant",
        # visits are no lines
        "Planned to attend a minimum of four (4) treatment visits during the next year",
        # a count per group in brackets
        "Progression after >= 1 prior line of systemic therapy (>= 3 prior lines for melanoma)",
        # one rule per arm
        "Patients eligible for arm A should have received at least one prior regimen. Patients "
        "eligible for arm B should not have had prior therapy.",
        # hormone deprivation is no line
        "Prior treatment with an antiandrogen is required.",
        "Castration-resistant disease, defined as progression during anti-hormone therapy.",
    ],
)
def test_no_minimum_of_prior_lines_for_everyone(text: str) -> None:
    assert [p for p in lines_of("inclusion", text) if "min" in p] == []


@pytest.mark.parametrize(
    ("text", "low"),
    [
        # the class of one of the counted lines leaves the count generic
        ("Progressed after 1 to 3 prior regimens, one of which must be a PARP inhibitor.", 1),
        ("Relapse after at least one prior standard of care chemotherapy for advanced disease", 1),
        ("Leukaemia that has relapsed after first remission", 1),
    ],
)
def test_minimum_of_prior_lines_in_more_wordings(text: str, low: int) -> None:
    assert [p.get("min") for p in lines_of("inclusion", text)] == [low]


@pytest.mark.parametrize(
    ("kind", "text", "low"),
    [
        # a first line received, not one to come
        ("inclusion", "Had prior chemotherapy as first-line treatment", 1),
        # a condition inside a bracket that adds a therapy is that therapy's only
        (
            "inclusion",
            "Progression after at least one prior regimen (and a PARP inhibitor if approved)",
            1,
        ),
        # the cancer named before its relapse
        ("inclusion", "Myeloma that has relapsed after autologous transplant", 1),
        # radiotherapy spelt apart is still no systemic line
        ("exclusion", "Prior radio therapy for rectal cancer", None),
    ],
)
def test_minimum_of_prior_lines_in_yet_more_wordings(kind: str, text: str, low: int | None) -> None:
    assert [p.get("min") for p in lines_of(kind, text)] == ([low] if low is not None else [])


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        # an untreated group let in, the verb left out: no maximum
        ("inclusion", "Patients with untreated AML who decline intensive induction allowed", None),
        # diagnoses offered as alternatives
        (
            "inclusion",
            "Diagnosis of one of the following: relapsed or refractory AML; previously "
            "untreated AML in patients unfit for induction",
            None,
        ),
        # a prior therapy received as the first line is no plan for a first line
        ("inclusion", "Must have had prior chemotherapy as first-line therapy", {"min": 1}),
        # radiotherapy written in two words is a local treatment
        ("exclusion", "Prior radio therapy for rectal cancer", None),
        # a tumour type's own count in brackets: no count is everyone's
        (
            "inclusion",
            "Progression after >= 1 prior line of systemic therapy (>= 2 and <= 3 prior lines "
            "for PDAC)",
            None,
        ),
        # the sign in brackets after the words repeats them
        ("inclusion", "Less than or equal to (>=) 3 prior lines of therapy", {"max": 3}),
        # a list of classes used to treat the trial's cancer
        (
            "exclusion",
            "Received prior chemotherapy, hormonal therapy or biological therapy used to treat "
            "gastric cancer",
            {"min": 1},
        ),
        ("exclusion", "Prior chemotherapy for stage IV adenocarcinoma of the pancreas", {"min": 1}),
        # "cytotoxic" therapy is chemotherapy; CTLA-4's "cytotoxic T-lymphocyte" is not
        (
            "exclusion",
            "Any prior cytotoxic therapy or targeted therapy in the metastatic setting",
            {"min": 1},
        ),
        (
            "exclusion",
            "Prior anti-PD-L1 or cytotoxic T-lymphocyte antigen 4 antibody for advanced disease",
            None,
        ),
        # untreated, said in other ways
        ("inclusion", "Stage IV SCLC, with no prior systemic therapy of any kind", {"max": 0}),
        (
            "inclusion",
            "Previously untreated, biopsy-proven, operable stage II or III (AJCC 8th edition) "
            "NSCLC",
            {"max": 0},
        ),
        (
            "inclusion",
            "Systemic therapy for recurrent or metastatic head and neck cancer has not been "
            "received",
            {"max": 0},
        ),
        # a count or untreated, the count first
        (
            "inclusion",
            "Progression on 1 prior targeted therapy or no prior systemic therapy for advanced "
            "disease",
            {"max": 1},
        ),
    ],
)
def test_prior_lines_maximum_wordings(kind: str, text: str, params: dict[str, int] | None) -> None:
    assert lines_of(kind, text) == ([params] if params else [])


@pytest.mark.parametrize(
    "text",
    [
        "(Phase 2) Patients who received no more than 2 prior regimens",
        "To be eligible for the dose-finding phase: no prior salvage therapy",
        "Prior therapy: Cohort A (MCL) i. No prior BTK inhibitor ii. At most 2 prior lines",
    ],
)
def test_group_labels_that_scope_a_line(text: str) -> None:
    assert is_cohort_specific(text)


@pytest.mark.parametrize(
    ("text", "params"),
    [
        # ineligibility offered before the intolerance: those never given the therapy are in
        ("Unfit for, or intolerant of, cisplatin-based chemotherapy", None),
        ("Ineligible for or intolerant to platinum-containing treatment", None),
        ("Not a candidate for, or progressed on, prior platinum-based chemotherapy", None),
        # the intolerance alone, or with a progression, still asks for a line
        ("Progressed on, or intolerant to, platinum-containing chemotherapy", {"min": 1}),
    ],
)
def test_ineligible_or_intolerant_is_one_of_alternatives(
    text: str, params: dict[str, int] | None
) -> None:
    assert lines_of("inclusion", text) == ([params] if params else [])


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        # the platinum class named by its backbone alone is a line received
        ("inclusion", "Tumour progression after a platinum doublet", {"min": 1}),
        ("inclusion", "Documented failure of earlier platinum therapy", {"min": 1}),
        ("inclusion", "Cancer that is not a candidate for platinum therapy", None),
        # a relapse counted at the start of the line
        (
            "inclusion",
            "First relapse or primary refractory large B-cell lymphoma",
            {"min": 1, "max": 1},
        ),
        (
            "inclusion",
            "First or second relapse of myeloma after standard treatment",
            {"min": 1, "max": 2},
        ),
        ("inclusion", "Second or later relapse of B-cell leukaemia", {"min": 2}),
    ],
)
def test_platinum_class_and_relapse_at_line_start(
    kind: str, text: str, params: dict[str, int] | None
) -> None:
    assert lines_of(kind, text) == ([params] if params else [])


@pytest.mark.parametrize(
    "text",
    [
        "Progressed on one prior regimen, or has declined appropriate standard therapy",
        "Completed first-line chemotherapy with progression or they must have chosen not to "
        "pursue standard care",
        "Refractory to standard chemotherapy or a participant who has declined it",
        "Failed at least one prior therapy or elected not to receive standard treatment",
    ],
)
def test_a_line_or_a_declined_therapy_is_one_of_alternatives(text: str) -> None:
    assert lines_of("inclusion", text) == []


@pytest.mark.parametrize(
    ("kind", "text", "params"),
    [
        # the count is of every therapy; chemotherapy is named by another clause only
        (
            "inclusion",
            "Up to 4 earlier therapies for advanced disease, of which one may be chemotherapy",
            {"max": 4},
        ),
        (
            "exclusion",
            "More than 2 earlier treatments for metastatic disease; an earlier chemotherapy "
            "must have ended 4 weeks before",
            {"min": 3},
        ),
        # the count's own clause names chemotherapy: endocrine lines are left uncounted
        ("inclusion", "Up to 2 earlier chemotherapy regimens, given for advanced disease", None),
    ],
)
def test_a_chemotherapy_named_beside_a_count_of_all_therapies_keeps_its_maximum(
    kind: str, text: str, params: dict[str, int] | None
) -> None:
    breast = Diagnosis(codes=("BRCA",), terms=("breast cancer",))
    criteria = propose_criteria([CriterionRecord(kind, text, line=1)], diagnosis=breast)

    assert [c.params for c in criteria if c.type == "prior_lines"] == ([params] if params else [])
