"""Proposals the corpus scorer does not count: prior therapies and the less common flags.

Each line is a paraphrase of a wording real registry records use. A wrong typed criterion
rules a patient out, so where the line does not say it for everyone, nothing is proposed.
"""

from __future__ import annotations

import pytest

from trials.importers.extraction import is_cohort_specific, read_line


def therapies(kind: str, text: str) -> list[str]:
    return [p.params["therapy"] for p in read_line(kind, text) if p.type == "prior_therapy"]


def flags(kind: str, text: str) -> list[str]:
    return [p.params["question"] for p in read_line(kind, text) if p.type == "flag"]


# Prior therapy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        # A sentence that admits patients who had the therapy rules nobody out.
        (
            "exclusion",
            "Active autoimmune disease. Patients who previously received anti-PD-1 therapy and "
            "had only a skin rash that resolved should not be excluded.",
        ),
        (
            "inclusion",
            "Patients treated before with a PD-L1 inhibitor are eligible if the last dose was "
            "over 6 months ago.",
        ),
        # Progression within a time of the last dose is an interval, not "never had it".
        (
            "exclusion",
            "Relapse less than 6 months after the last dose of platinum-based chemotherapy given "
            "as adjuvant treatment; disease progression within 1 year from the last dose of a "
            "platinum agent.",
        ),
        # Required only where it applies to the tumour type.
        (
            "inclusion",
            "Must have received standard treatments, including an approved anti-PD-1 antibody "
            "known to be effective in the participant's tumour type.",
        ),
        # One of several checkpoint classes, listed in a parenthesis: none is required.
        (
            "inclusion",
            "Prior systemic therapy with immune checkpoint inhibitors (anti-PD-L1, anti-PD-1 or "
            "anti-CTLA-4).",
        ),
        # Ruled out in one setting only: the same drug given earlier is allowed.
        (
            "exclusion",
            "Prior docetaxel-based chemotherapy for metastatic castration-resistant prostate "
            "cancer.",
        ),
        ("inclusion", "No prior anti-PD-1 antibody in the metastatic setting."),
        # "platinum-resistant ovarian cancer" as one tumour type among several.
        (
            "inclusion",
            "Advanced solid tumour that progressed after standard therapy, one of: melanoma, "
            "renal cell carcinoma, gastric, cervical, hepatocellular and platinum-resistant "
            "ovarian cancer.",
        ),
    ],
)
def test_no_prior_therapy_is_proposed(kind: str, text: str) -> None:
    assert therapies(kind, text) == []


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "exclusion",
            "Any earlier treatment with an anti-PD-L1 or anti-PD-1 agent.",
            ["pd1_pdl1_inhibitor"],
        ),
        (
            "inclusion",
            "Disease progression during treatment with an anti-PD-1 monoclonal antibody.",
            ["pd1_pdl1_inhibitor"],
        ),
        ("exclusion", "Previous chemotherapy with taxane-containing regimens.", ["taxane"]),
        ("exclusion", "Prior taxane for metastatic disease or in any setting.", ["taxane"]),
        (
            "inclusion",
            "Must have progressed after platinum-based chemotherapy for metastatic disease.",
            ["platinum_chemotherapy"],
        ),
    ],
)
def test_prior_therapy_still_read(kind: str, text: str, expected: list[str]) -> None:
    assert therapies(kind, text) == expected


# Exclusion flags ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Prior hair transplant surgery or an active infection of the scalp.",
        "Faecal microbiota transplantation within the last 3 months.",
        "Persistent grade 2 or higher toxicity related to an allogeneic transplant, such as GVHD "
        "needing immunosuppression.",
    ],
)
def test_no_transplant_flag(text: str) -> None:
    assert "transplant" not in flags("exclusion", text)


@pytest.mark.parametrize(
    "text",
    [
        "History of allogeneic stem cell or solid organ transplantation.",
        "Prior bone marrow transplant or planned organ transplant.",
    ],
)
def test_transplant_flag_still_read(text: str) -> None:
    assert flags("exclusion", text) == ["transplant"]


def test_a_procedure_on_an_effusion_is_not_the_effusion() -> None:
    text = "Earlier pleurodesis on the side of the malignant pleural effusion requiring drainage."
    assert "uncontrolled_effusion" not in flags("exclusion", text)
    assert flags("exclusion", "Pleural effusion requiring repeated drainage.") == [
        "uncontrolled_effusion"
    ]


def test_optional_research_criteria_are_scoped() -> None:
    text = (
        "Also, these are reasons for exclusion from the optional genetic research: prior "
        "allogeneic bone marrow transplant."
    )
    assert is_cohort_specific(text)
    assert read_line("exclusion", text) == []


# Inclusion flags ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Sex and Contraception Requirements", "contraception_willing"),
        ("Contraceptive Requirements:", "contraception_willing"),
        (
            "A negative pregnancy test is needed for women of childbearing potential, even if "
            "they have been using reliable contraception.",
            "contraception_willing",
        ),
        (
            "Patients who had neoadjuvant hormone therapy are eligible as long as they start "
            "within 12 months of the histological diagnosis.",
            "histology_confirmed",
        ),
        (
            "Diagnosis of HCC based on histopathology, or on radiological criteria in patients "
            "with cirrhosis.",
            "histology_confirmed",
        ),
        (
            "Tumour pathology or peripheral blood testing confirmed a KRAS G12D mutation.",
            "histology_confirmed",
        ),
    ],
)
def test_no_inclusion_flag(text: str, question: str) -> None:
    assert question not in flags("inclusion", text)


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Histologically or cytologically confirmed metastatic NSCLC.", "histology_confirmed"),
        (
            "Histologically confirmed solid tumour; the following tumour types are allowed: "
            "melanoma, NSCLC, RCC.",
            "histology_confirmed",
        ),
        (
            "Women of childbearing potential must agree to use effective contraception.",
            "contraception_willing",
        ),
        ("Adequate bone marrow and organ function.", "organ_function_adequate"),
    ],
)
def test_inclusion_flag_still_read(text: str, question: str) -> None:
    assert question in flags("inclusion", text)


# Another cancer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # The histology of the cancer under study, not another cancer.
        "Non-epithelial malignant tumours of the breast such as sarcoma or lymphoma.",
        # A treatment given for a cancer.
        "Patients who had chemotherapy for any earlier malignancy.",
        "Previous pelvic irradiation for cervical cancer or another cancer.",
        # One site only.
        "Earlier malignancy in the head and neck region.",
        # A window shorter than the question's two years.
        "Any other malignancy diagnosed within the past 12 months.",
        "Another primary cancer within the previous year.",
    ],
)
def test_no_other_malignancy_flag(text: str) -> None:
    assert "other_malignancy_within_2y" not in flags("exclusion", text)


def test_other_cancer_window_under_two_years_in_an_inclusion() -> None:
    text = "Stage IV NSCLC confirmed by pathology, with no other cancer within the last 6 months."
    assert not any(
        p.params.get("question") == "other_malignancy_within_2y"
        for p in read_line("inclusion", text)
    )


@pytest.mark.parametrize(
    "text",
    [
        "History of non-breast malignancies within 5 years, except carcinoma in situ.",
        "Another primary malignancy within the past 3 years.",
        "Other malignancy within 2 years prior to the first dose.",
    ],
)
def test_other_malignancy_flag_still_read(text: str) -> None:
    assert "other_malignancy_within_2y" in flags("exclusion", text)


# Washout exceptions and scope ---------------------------------------------------------------


def washouts(kind: str, text: str) -> dict[str, dict[str, object]]:
    return {p.params["category"]: p.params for p in read_line(kind, text) if p.type == "washout"}


def test_with_exceptions_in_a_bracket_is_kept() -> None:
    found = washouts(
        "inclusion", "At least 4 weeks since major surgery (with exceptions for minor procedures)."
    )
    assert found["major_surgery"]["days"] == 28
    assert found["major_surgery"]["exceptions"] == ["with exceptions for minor procedures"]


def test_cycle_day_is_no_window_that_ends_an_exception() -> None:
    found = washouts(
        "exclusion",
        "Anticancer chemotherapy within 3 weeks before Cycle 1 Day 1, with some exceptions.",
    )
    assert found["chemotherapy"]["days"] == 21
    assert found["chemotherapy"]["exceptions"] == ["exceptions"]


def test_exception_listing_situations_keeps_their_windows() -> None:
    found = washouts(
        "exclusion",
        "Chemotherapy or radiotherapy within 4 weeks before the first dose, except in the "
        "following situations: mitomycin C or nitrosoureas within 6 weeks before the first dose.",
    )
    assert found["chemotherapy"]["days"] == 28
    assert found["chemotherapy"]["exceptions"] == [
        "except in the following situations: mitomycin c or nitrosoureas within 6 weeks before "
        "the first dose"
    ]


def test_only_one_portion_in_a_bracket_is_scoped() -> None:
    text = (
        "Treatment in another interventional study in the last 6 months before randomisation "
        "(only randomised portion)."
    )
    assert is_cohort_specific(text)
    assert washouts("exclusion", text) == {}


# The investigator's judgement ---------------------------------------------------------------


def test_a_catch_all_for_the_investigator_keeps_its_judgement() -> None:
    text = (
        "Any sign of serious or uncontrolled disease (for example uncontrolled hypertension, or "
        "a history of allogeneic organ transplant) which in the opinion of the investigator makes "
        "it undesirable for the patient to take part, or active infection including tuberculosis."
    )
    found = {p.params["question"]: p.params for p in read_line("exclusion", text)}
    assert found["transplant"]["exceptions"] == [
        "in the opinion of the investigator makes it undesirable for the patient to take part"
    ]
    # The active infection after the judgement is ruled out as written.
    assert found["tuberculosis_active"] == {"question": "tuberculosis_active"}


def test_a_later_admission_on_the_topic_is_an_inclusion_flag_exception() -> None:
    text = (
        "An archival tumour tissue sample must be submitted to the central laboratory. Where no "
        "archival tissue exists, this may be acceptable after written agreement with the sponsor."
    )
    found = {p.params["question"]: p.params for p in read_line("inclusion", text)}
    assert found["tissue_sample_available"]["exceptions"] == [
        "where no archival tissue exists, this may be acceptable after written agreement with "
        "the sponsor"
    ]


def test_a_later_sentence_on_another_topic_is_no_exception() -> None:
    text = "Adequate organ function. Patients with prior radiotherapy are allowed."
    found = {p.params["question"]: p.params for p in read_line("inclusion", text)}
    assert found["organ_function_adequate"] == {"question": "organ_function_adequate"}
