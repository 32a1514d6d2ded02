"""The eligibility splitter: sections, scope, and no protocol word lost (snippets in the
registry's own shapes)."""

from __future__ import annotations

import re
import textwrap

import pytest

from trials.importers.eligibility import split_eligibility


def rows(text: str) -> list[tuple[str, str, str]]:
    return [(c.kind, c.scope, c.text) for c in split_eligibility(text)]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_paragraphs_before_the_first_bullet_are_lines_of_their_own() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "Age >= 18 years\n"
        "ECOG performance status 0-1\n"
        "Measurable or evaluable disease\n\n"
        "* Adequate organ function\n"
        "* Signed informed consent\n"
    )

    assert [row[2] for row in rows(text)] == [
        "Age >= 18 years",
        "ECOG performance status 0-1",
        "Measurable or evaluable disease",
        "Adequate organ function",
        "Signed informed consent",
    ]


def test_an_exclusion_heading_with_words_after_its_colon() -> None:
    text = (
        "Inclusion Criteria:\n* Adult\n\n"
        "Exclusion Criteria: Patients with active brain metastases\n"
        "* Pregnant\n"
    )

    assert rows(text) == [
        ("inclusion", "", "Adult"),
        ("exclusion", "", "Exclusion Criteria: Patients with active brain metastases"),
        ("exclusion", "", "Pregnant"),
    ]


def test_a_sentence_can_open_the_exclusions() -> None:
    for opener in (
        "Patients will be excluded if they meet any of the following criteria:",
        "Subjects meeting any of the following criteria are not eligible",
        "The following patients will not be eligible:",
        "Participants who meet any of the following criteria will be disqualified from entering "
        "the study:",
    ):
        text = f"* Age >= 18 years\n* ECOG 0-1\n\n{opener}\n\n* Pregnant or breastfeeding\n"

        assert rows(text) == [
            ("inclusion", "", "Age >= 18 years"),
            ("inclusion", "", "ECOG 0-1"),
            ("exclusion", "", opener),
            ("exclusion", "", "Pregnant or breastfeeding"),
        ], opener


def test_a_criterion_mentioning_exclusion_does_not_open_the_exclusions() -> None:
    text = "Inclusion Criteria:\n* Patients with brain metastases are excluded unless treated\n"

    assert rows(text) == [
        ("inclusion", "", "Patients with brain metastases are excluded unless treated")
    ]


def test_cohort_sub_headings_scope_the_lines_under_them() -> None:
    text = (
        "Inclusion Criteria:\n\n* ECOG 0-1\n\n"
        "Part 1 Dose Escalation cohort ONLY:\n\n* Advanced NSCLC\n* Prior KRAS inhibitor\n\n"
        "Arm B (NSCLC):\n\n* No prior docetaxel\n\n"
        "All cohorts:\n\n* Life expectancy >= 12 weeks\n\n"
        "Exclusion Criteria:\n\n* Pregnant\n"
    )

    assert rows(text) == [
        ("inclusion", "", "ECOG 0-1"),
        ("inclusion", "Part 1 Dose Escalation cohort ONLY", "Part 1 Dose Escalation cohort ONLY:"),
        ("inclusion", "Part 1 Dose Escalation cohort ONLY", "Advanced NSCLC"),
        ("inclusion", "Part 1 Dose Escalation cohort ONLY", "Prior KRAS inhibitor"),
        ("inclusion", "Arm B (NSCLC)", "Arm B (NSCLC):"),
        ("inclusion", "Arm B (NSCLC)", "No prior docetaxel"),
        ("inclusion", "", "All cohorts:"),
        ("inclusion", "", "Life expectancy >= 12 weeks"),
        ("exclusion", "", "Pregnant"),
    ]


def test_a_phase_sub_heading_with_a_description_after_its_colon_scopes_its_lines() -> None:
    text = (
        "Inclusion Criteria:\n\n* ECOG 0-2\n\n"
        "Phase 1: (dose escalation)\n\n* Chemotherapy: 28 days since the last dose\n\n"
        "Phase 2: (efficacy)\n\n* Measurable disease per RECIST 1.1\n"
    )

    assert [row[1] for row in rows(text)] == [
        "",
        "Phase 1: (dose escalation)",
        "Phase 1: (dose escalation)",
        "Phase 2: (efficacy)",
        "Phase 2: (efficacy)",
    ]


def test_all_cohorts_written_with_a_dash_is_everyone() -> None:
    text = (
        "Exclusion Criteria:\n\n"
        "Cohort B:\n\n* Prior letrozole\n\n"
        "All - Cohorts A, B and C:\n\n* Chemotherapy within 21 days\n"
    )

    assert rows(text)[-1] == ("exclusion", "", "Chemotherapy within 21 days")


def test_a_line_opening_with_a_cohort_label_carries_it() -> None:
    text = (
        "Inclusion Criteria:\n"
        "* Cohort A: Have received 4-6 months of FOLFIRINOX\n"
        "* For Part 2 only: measurable disease per RECIST 1.1\n"
        "* ECOG 0\n"
    )

    assert [row[1] for row in rows(text)] == ["Cohort A", "Part 2", ""]


def test_a_heading_naming_a_part_scopes_its_section() -> None:
    text = "Inclusion Criteria for Part 2:\n* Measurable disease\n"

    assert rows(text) == [
        ("inclusion", "Part 2", "Inclusion Criteria for Part 2:"),
        ("inclusion", "Part 2", "Measurable disease"),
    ]


def test_a_cohort_sub_heading_just_before_a_section_heading_scopes_that_section() -> None:
    text = (
        "Exclusion Criteria:\n\n* Active hepatitis B\n\nCombination Substudy Only:\n\n"
        "Exclusion Criteria:\n\n* Active autoimmune disease\n"
    )

    assert rows(text) == [
        ("exclusion", "", "Active hepatitis B"),
        ("exclusion", "Combination Substudy Only", "Combination Substudy Only:"),
        ("exclusion", "Combination Substudy Only", "Active autoimmune disease"),
    ]


def test_a_topic_sub_heading_is_a_line_and_ends_a_cohort() -> None:
    text = (
        "Inclusion Criteria:\n\nCohort 1:\n\n* Prior platinum\n\n"
        "Prior therapy:\n\n* At least 4 weeks since chemotherapy\n"
    )

    assert rows(text) == [
        ("inclusion", "Cohort 1", "Cohort 1:"),
        ("inclusion", "Cohort 1", "Prior platinum"),
        ("inclusion", "", "Prior therapy:"),
        ("inclusion", "", "At least 4 weeks since chemotherapy"),
    ]


def test_no_word_of_the_text_is_lost() -> None:
    text = (
        "Key Inclusion Criteria:\n\nPatients must meet all of the following:\n\n"
        "1. Age >= 18\n   a. or 20 in Japan\n2. ECOG 0-1\n\n"
        "Note: stable treated brain metastases allowed.\n\n"
        "Part A only:\n\n* HER2-positive\n\n"
        "Exclusion criteria: any of the following\n- HIV\n  continued here\n"
    )
    headings = {"key", "inclusion", "criteria", "exclusion"}

    stored = [w for c in split_eligibility(text) for w in words(c.text)]

    bullets = re.compile(r"^\s*(?:\d+[.)]|[a-z][.)]|[*-])\s", re.MULTILINE)
    for word in words(bullets.sub(" ", text)):
        assert word in stored or word in headings, word


def test_lines_an_amendment_withdrew_are_scoped_as_such() -> None:
    text = (
        "Inclusion Criteria:\n\n* ECOG 0-2\n\n"
        "Not applicable with protocol amendment 4: Drug X plus Bendamustine Rituximab (BR), "
        "and Bendamustine Rituximab study arms:\n\n* Failed at least 2 lines of prior therapy\n\n"
        "Exclusion Criteria:\n\n"
        "* Not applicable with protocol amendment 4: History of transformation to DLBCL\n"
    )

    scopes = [c.scope for c in split_eligibility(text)]

    assert scopes[0] == ""
    assert scopes[2].startswith("Not applicable with protocol amendment 4")
    assert scopes[3] == "Not applicable with protocol amendment 4"


def test_a_sub_heading_for_both_arms_is_everyone() -> None:
    text = "Inclusion Criteria:\n\n* Adult\n\nBoth arms:\n\n* ECOG 0-1\n"

    assert [c.scope for c in split_eligibility(text)] == ["", "", ""]


def test_a_primary_study_heading_opens_its_section() -> None:
    text = (
        "Primary Study Inclusion Criteria:\n* Adult\n\n"
        "Primary Study Exclusion Criteria:\n* Pregnant\n"
    )

    assert [(kind, line) for kind, _, line in rows(text)] == [
        ("inclusion", "Primary Study Inclusion Criteria:"),
        ("inclusion", "Adult"),
        ("exclusion", "Primary Study Exclusion Criteria:"),
        ("exclusion", "Pregnant"),
    ]


def test_each_cohorts_own_sections_keep_its_label() -> None:
    text = (
        "Arm A (Sarcoma) Inclusion Criteria\n\n"
        "1. ECOG 0-1.\n"
        "2. Measurable disease.\n\n"
        "Exclusion Criteria\n"
        "1. Prior anthracycline.\n\n"
        "Arm B (Mesothelioma) Inclusion Criteria\n\n"
        "1. ECOG 0-2.\n\n"
        "Exclusion Criteria\n\n"
        "1. Prior anthracycline.\n"
    )
    found = split_eligibility(text)

    assert [(c.kind, c.scope, c.text) for c in found] == [
        ("inclusion", "Arm A (Sarcoma)", "Arm A (Sarcoma) Inclusion Criteria"),
        ("inclusion", "Arm A (Sarcoma)", "ECOG 0-1."),
        ("inclusion", "Arm A (Sarcoma)", "Measurable disease."),
        # Every arm excludes it in the same words: it is everyone's.
        ("exclusion", "", "Prior anthracycline."),
        ("inclusion", "Arm B (Mesothelioma)", "Arm B (Mesothelioma) Inclusion Criteria"),
        ("inclusion", "Arm B (Mesothelioma)", "ECOG 0-2."),
        ("exclusion", "", "Prior anthracycline."),
    ]
    # Repeated lines are stored twice: no two lines share a kind and a number.
    keys = [(c.kind, c.line) for c in found]
    assert len(keys) == len(set(keys))


def test_exclusions_after_several_cohort_inclusions_are_everyones() -> None:
    text = (
        "Cohort 1 Inclusion Criteria:\n* ECOG 0-1\n\n"
        "Cohort 2 Inclusion Criteria:\n* ECOG 0-2\n\n"
        "Exclusion Criteria:\n* Active hepatitis B\n"
    )

    assert rows(text)[-1] == ("exclusion", "", "Active hepatitis B")
    assert rows(text)[1] == ("inclusion", "Cohort 1", "ECOG 0-1")


def test_a_section_numbered_again_follows_on() -> None:
    text = (
        "Inclusion Criteria:\n1. Age >= 18\n2. ECOG 0-1\n\n"
        "Exclusion Criteria:\n1. Pregnancy\n\n"
        "Inclusion Criteria:\n1. Age >= 18\n\n"
        "Exclusion Criteria:\n1. Pregnancy\n"
    )
    found = split_eligibility(text)

    assert [(c.kind, c.line, c.text) for c in found] == [
        ("inclusion", 1, "Age >= 18"),
        ("inclusion", 2, "ECOG 0-1"),
        ("exclusion", 1, "Pregnancy"),
        ("inclusion", 3, "Age >= 18"),
        ("exclusion", 2, "Pregnancy"),
    ]


def test_a_line_every_cohort_repeats_is_compared_without_its_final_stop() -> None:
    text = (
        "Part 1 Inclusion Criteria\n* Life expectancy of at least 3 months\n\n"
        "Exclusion Criteria\n* Pregnancy\n\n"
        "Part 2 Inclusion Criteria\n* Life expectancy of at least 3 months.\n\n"
        "Exclusion Criteria\n* Pregnancy or breastfeeding\n"
    )
    found = {(c.kind, c.text): c.scope for c in split_eligibility(text)}

    assert found[("inclusion", "Life expectancy of at least 3 months.")] == ""
    assert found[("exclusion", "Pregnancy")] == "Part 1"


def test_a_colon_less_cohort_heading_after_common_lines_scopes_what_follows() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "1. Age 18 or over\n2. ECOG 0 or 1\n\n"
        "Phase II - CLL cohort\n\n"
        "1. Relapsed CLL after one prior line\n2. ECOG 0 to 2\n\n"
        "Exclusion Criteria:\n\n"
        "1. Pregnant\n\n"
        "Dose Expansion Cohort B\n\n"
        "1. Prior anti-PD-1 therapy\n"
    )

    assert rows(text) == [
        ("inclusion", "", "Age 18 or over"),
        ("inclusion", "", "ECOG 0 or 1"),
        ("inclusion", "Phase II - CLL cohort", "Phase II - CLL cohort"),
        ("inclusion", "Phase II - CLL cohort", "Relapsed CLL after one prior line"),
        ("inclusion", "Phase II - CLL cohort", "ECOG 0 to 2"),
        ("exclusion", "", "Pregnant"),
        ("exclusion", "Dose Expansion Cohort B", "Dose Expansion Cohort B"),
        ("exclusion", "Dose Expansion Cohort B", "Prior anti-PD-1 therapy"),
    ]


def test_a_colon_less_cohort_heading_naming_its_tumour_type_scopes_what_follows() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "1. Age 18 or over\n2. ECOG 0 or 1\n\n"
        "Cohort A NSCLC\n\n"
        "1. At least 2 prior lines of systemic therapy\n\n"
        "Cohort B (prior cranial radiation)\n\n"
        "1. No more than 1 prior line\n\n"
        "Cohort C will enrol 20 patients\n"
    )

    assert rows(text) == [
        ("inclusion", "", "Age 18 or over"),
        ("inclusion", "", "ECOG 0 or 1"),
        ("inclusion", "Cohort A NSCLC", "Cohort A NSCLC"),
        ("inclusion", "Cohort A NSCLC", "At least 2 prior lines of systemic therapy"),
        ("inclusion", "Cohort B (prior cranial radiation)", "Cohort B (prior cranial radiation)"),
        ("inclusion", "Cohort B (prior cranial radiation)", "No more than 1 prior line"),
        # a sentence about a cohort is no heading: it stays a line of the cohort before it
        ("inclusion", "Cohort B (prior cranial radiation)", "Cohort C will enrol 20 patients"),
    ]


def test_colon_less_lines_that_only_look_like_cohort_headings_stay_plain() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "Solid tumour cohorts\n\n"  # titles the whole list: nothing for everyone before it
        "* Age 18 or over\n\n"
        "Eastern Cooperative Oncology Group performance status 0-1\n\n"
        "* Adequate organ function\n"
    )

    assert {row[1] for row in rows(text)} == {""}


def test_exclusion_headings_with_other_qualifiers_or_a_section_number() -> None:
    for heading in (
        "Abbreviated Exclusion Criteria:",
        "Select Exclusion Criteria:",
        "Most important exclusion criteria:",
        "4.1.2 Exclusion Criteria",
        "Exclusion Criteria All Parts",
        "COMMON Exclusion Criteria Applicable to all 3 cohorts",
        "Exclusion -",
        "EXCLUSION",
        "Exclusions:",
    ):
        text = f"Inclusion Criteria:\n\n* Adult\n\n{heading}\n\n* Pregnant\n"

        assert [(kind, scope) for kind, scope, _ in rows(text)][-1] == ("exclusion", ""), heading


def test_a_numbered_line_naming_the_criteria_is_not_a_heading() -> None:
    text = (
        "Exclusion Criteria:\n\n"
        "1. Pregnant\n"
        "2. Additional exclusion criteria for DDI cohort: contraindication to itraconazole\n"
    )

    assert rows(text) == [
        ("exclusion", "", "Pregnant"),
        (
            "exclusion",
            "DDI cohort",
            "Additional exclusion criteria for DDI cohort: contraindication to itraconazole",
        ),
    ]


def test_a_tumour_specific_heading_is_that_cohorts_section() -> None:
    text = (
        "Melanoma-specific inclusion criteria:\n\n* Cutaneous melanoma\n\n"
        "Inclusion criteria applicable across cohorts:\n\n* ECOG 0-1\n\n"
        "Melanoma-specific exclusion criteria:\n\n* Prior BRAF inhibitor\n\n"
        "Exclusion criteria applicable across cohorts:\n\n* Pregnant\n"
    )

    assert [row for row in rows(text) if "criteria" not in row[2]] == [
        ("inclusion", "Melanoma-specific", "Cutaneous melanoma"),
        ("inclusion", "", "ECOG 0-1"),
        ("exclusion", "Melanoma-specific", "Prior BRAF inhibitor"),
        ("exclusion", "", "Pregnant"),
    ]


def test_a_donor_bullet_heading_scopes_the_donors_lines() -> None:
    text = (
        "Inclusion Criteria:\n\n- Recipient Inclusion Criteria\n\n- ECOG 0-2\n\n"
        "- Donor Inclusion Criteria\n\n- ECOG 0 or 1\n\nExclusion Criteria:\n\n"
        "- Recipient Exclusion Criteria\n\n- Pregnant\n"
    )

    assert [row for row in rows(text) if "Criteria" not in row[2]] == [
        ("inclusion", "", "ECOG 0-2"),
        ("inclusion", "Donor Inclusion Criteria", "ECOG 0 or 1"),
        ("exclusion", "", "Pregnant"),
    ]


def test_a_disease_specific_heading_is_everyones() -> None:
    text = (
        "Exclusion Criteria:\n\nDisease-specific exclusion criteria:\n\n"
        "* Uncontrolled brain metastases\n\nOther exclusion criteria:\n\n* Pregnant\n"
    )

    assert [row for row in rows(text) if "criteria" not in row[2]] == [
        ("exclusion", "", "Uncontrolled brain metastases"),
        ("exclusion", "", "Pregnant"),
    ]


def test_a_line_repeated_under_every_phase_sub_heading_is_everyones() -> None:
    text = (
        "Exclusion Criteria:\n\nPhase I:\n\n- Active infection\n\n- Pregnant women\n\n"
        "Phase II:\n\n- Active infection\n\n- Pregnant women\n\n"
        "- More than 2 prior chemotherapy regimens\n"
    )

    assert [row for row in rows(text) if not row[2].endswith(":")] == [
        ("exclusion", "", "Active infection"),
        ("exclusion", "", "Pregnant women"),
        ("exclusion", "", "Active infection"),
        ("exclusion", "", "Pregnant women"),
        ("exclusion", "Phase II", "More than 2 prior chemotherapy regimens"),
    ]


def test_a_medication_specific_heading_is_everyones() -> None:
    text = (
        "Exclusion Criteria:\n\n* Pregnant\n\nMedication Specific Exclusion Criterion:\n\n"
        "* History of primary immunodeficiency\n"
    )

    assert [row for row in rows(text) if "Criteri" not in row[2]] == [
        ("exclusion", "", "Pregnant"),
        ("exclusion", "", "History of primary immunodeficiency"),
    ]


def test_additional_criteria_for_a_named_group_of_participants_are_scoped() -> None:
    text = (
        "Inclusion Criteria:\n\n* ECOG 0-1\n\n"
        "Additional Inclusion Criteria for HNSCC Participants\n\n* Progression after platinum\n"
    )

    assert rows(text)[-1] == ("inclusion", "HNSCC Participants", "Progression after platinum")


def test_a_heading_naming_everyone_gives_no_scope() -> None:
    text = (
        "Key Inclusion Criteria (applicable to all participants and all cohorts):\n\n"
        "* ECOG 0-1\n\n"
        "Exclusion Criteria:\n\n"
        "Unless otherwise specified, the exclusion criteria are common to both Phase 1 and "
        "Phase 2a:\n\n"
        "* Pregnant\n"
    )

    assert {row[1] for row in rows(text)} == {""}


def test_a_parenthesised_group_label_opens_a_line() -> None:
    text = (
        "Inclusion Criteria:\n\n(for all Groups)\n\n1. Age 18 or over\n\n"
        "(for Group II) On anti-PD-1\n"
    )

    assert rows(text)[-1] == ("inclusion", "Group II", "(for Group II) On anti-PD-1")


def test_a_heading_naming_its_cohort_after_a_dash() -> None:
    text = (
        "Inclusion Criteria:\n\n* ECOG 0-1\n\n"
        "Inclusion Criteria - Cohort 2 only\n\n* Progression on anti-PD-1\n"
    )

    assert rows(text)[-1] == ("inclusion", "Cohort 2 only", "Progression on anti-PD-1")


def test_a_heading_run_into_the_sentence_after_it() -> None:
    text = (
        "Inclusion Criteria\n\n1. Age 18 or over\n\n"
        "Exclusion Criteria A participant is not eligible if any of the following apply.\n\n"
        "1. Pregnant\n\n"
        "Stage II - Cohort B (Uveal Melanoma) Specific Exclusion Criteria The following "
        "criteria apply to Cohort B only.\n\n"
        "1. Brain metastases\n"
    )

    assert [(kind, scope) for kind, scope, _ in rows(text)] == [
        ("inclusion", ""),
        ("exclusion", ""),
        ("exclusion", ""),
        ("exclusion", "Stage II - Cohort B (Uveal Melanoma) Specific"),
        ("exclusion", "Stage II - Cohort B (Uveal Melanoma) Specific"),
    ]


def test_inline_numbered_items_in_one_paragraph_are_lines_of_their_own() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "1\\. Age 18 or older. 2. Histologically confirmed melanoma per RECIST version 1.1. "
        "3. ECOG 0-1; 4. Life expectancy of at least 3 months.\n\n"
        "Exclusion Criteria:\n\n"
        "1. Toxicity not resolved to grade 2. Patients with alopecia are eligible.\n"
        "2. Brain metastases (1. untreated; 2. symptomatic).\n"
    )
    criteria = split_eligibility(text)
    assert [(c.kind, c.line, c.text) for c in criteria] == [
        ("inclusion", 1, "Age 18 or older."),
        ("inclusion", 2, "Histologically confirmed melanoma per RECIST version 1.1."),
        ("inclusion", 3, "ECOG 0-1;"),
        ("inclusion", 4, "Life expectancy of at least 3 months."),
        ("exclusion", 1, "Toxicity not resolved to grade 2. Patients with alopecia are eligible."),
        ("exclusion", 2, "Brain metastases (1. untreated; 2. symptomatic)."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "1. ECOG performance status of 0, 1 or 2. Life expectancy over 3 months.",
        "1. Adequate function: 1. ANC >= 1.5. 2. Platelets >= 100.",
        "1. Adverse events per CTCAE v5.0. See Section 5.1. 3. Other.",
        "1. Treatment ended on 01.02.2020. 2.5 mg daily is allowed.",
    ],
)
def test_numbers_that_do_not_follow_on_after_a_stop_never_split(line: str) -> None:
    criteria = split_eligibility(f"Inclusion Criteria:\n\n{line}\n")
    assert len(criteria) == 1


def test_a_bulleted_sub_heading_for_a_later_step_scopes_the_bullets_after_it() -> None:
    text = (
        "Inclusion Criteria:\n\n-  Assigned to the sub-study\n\n"
        "-  STEP 2 CROSSOVER RE-REGISTRATION:\n\n"
        "-  Progressed on the control arm\n\n-  No chemotherapy within 21 days\n\n"
        "Exclusion Criteria:\n\n-  Pregnant\n"
    )

    assert rows(text) == [
        ("inclusion", "", "Assigned to the sub-study"),
        ("inclusion", "STEP 2 CROSSOVER RE-REGISTRATION", "STEP 2 CROSSOVER RE-REGISTRATION:"),
        ("inclusion", "STEP 2 CROSSOVER RE-REGISTRATION", "Progressed on the control arm"),
        ("inclusion", "STEP 2 CROSSOVER RE-REGISTRATION", "No chemotherapy within 21 days"),
        ("exclusion", "", "Pregnant"),
    ]


def test_a_bullet_ending_with_a_colon_that_is_a_sentence_scopes_nothing() -> None:
    text = (
        "Inclusion Criteria:\n\n-  Patients in Part 2 must have one of the following:\n\n"
        "-  Prior platinum\n\n-  ECOG 0-1\n"
    )

    assert [scope for _kind, scope, _text in rows(text)] == ["", "", ""]


@pytest.mark.parametrize(
    "heading", ["Inclusion Criteria for Crossover:", "Inclusion Criteria for Open-Label Extension:"]
)
def test_a_section_for_the_crossover_or_the_extension_is_scoped(heading: str) -> None:
    text = f"Inclusion Criteria:\n\n* Adult\n\n{heading}\n\n* Progressed on placebo\n"

    assert rows(text)[-1][1] != ""


@pytest.mark.parametrize(
    ("line", "scope"),
    [
        ("No prior chemotherapy for metastatic disease (phase II)", "phase II"),
        ("Measurable disease (Part 2 only).", "Part 2 only"),
        ("At least 4 weeks since prior chemotherapy (phase I portion)", "phase I portion"),
        ("Melanoma (phase I and II)", ""),
        ("ECOG 0-1 (see Appendix A)", ""),
    ],
)
def test_a_label_closing_a_line_is_its_scope(line: str, scope: str) -> None:
    assert rows(f"Inclusion Criteria:\n\n-  {line}\n")[0][1] == scope


def wrapped(paragraph: str, indent: int = 8) -> str:
    """A paragraph as older registry records wrap it: at column 99, every line indented."""
    return textwrap.fill(
        paragraph, width=99, initial_indent=" " * indent, subsequent_indent=" " * indent
    )


FIRST = (
    "All patients must have a diagnosis of metastatic infiltrating carcinoma of the breast "
    "confirmed by pathology. No chemotherapy, radiotherapy or hormonal therapy may have been "
    "given within the 4 weeks before the first dose of the study drug, and patients must have "
    "recovered from the side effects of any earlier treatment."
)
SECOND = (
    "Patients may be newly diagnosed with metastatic breast carcinoma or known to have had "
    "breast carcinoma treated before, provided that the metastatic disease has been confirmed."
)
EXCLUDED = (
    "Pregnant or breastfeeding women, or women of childbearing potential who will not use an "
    "effective method of contraception while they take part in the study"
)
WRAPPED = (
    "        Inclusion Criteria:\n\n"
    f"{wrapped(FIRST)}\n\n{wrapped(SECOND)}\n"
    "        Age of 18 years or more\n"
    "        ECOG performance status 0-1\n\n"
    "        Exclusion Criteria:\n\n"
    f"          -  {wrapped(EXCLUDED, indent=13).lstrip()}\n"
)


def test_a_paragraph_wrapped_at_a_fixed_column_is_one_line() -> None:
    assert WRAPPED.count("\n") > 12  # the paragraphs do span several lines

    assert (
        rows(WRAPPED)
        == rows(WRAPPED.strip())
        == [
            ("inclusion", "", FIRST),
            ("inclusion", "", SECOND),
            ("inclusion", "", "Age of 18 years or more"),
            ("inclusion", "", "ECOG performance status 0-1"),
            ("exclusion", "", EXCLUDED),
        ]
    )


def test_short_lines_of_a_wrapped_text_stay_apart() -> None:
    text = (
        "        Inclusion Criteria:\n\n"
        "        Histologically confirmed non-small cell lung cancer of stage IIIB or stage IV\n"
        "        ECOG performance status 0-1\n"
        "        adequate organ function\n"
    )

    assert [row[2] for row in rows(text)] == [
        "Histologically confirmed non-small cell lung cancer of stage IIIB or stage IV",
        "ECOG performance status 0-1",
        "adequate organ function",
    ]


def test_an_unindented_text_is_never_unwrapped() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "Histologically confirmed non-small cell lung cancer, stage IIIB or stage IV, measurable\n"
        "disease\n"
    )

    assert [row[2] for row in rows(text)] == [
        "Histologically confirmed non-small cell lung cancer, stage IIIB or stage IV, measurable",
        "disease",
    ]


def test_a_list_run_into_one_paragraph_with_dashes_is_one_line_per_dash() -> None:
    text = (
        "Inclusion Criteria: - Age >= 18 years; - Written informed consent; - ECOG performance "
        "status of 0 or 1; At least 1 measurable lesion, - Not previously irradiated; - Adequate "
        "organ function. Exclusion Criteria: - Brain metastases; - Pregnancy; - Known HIV infection"
    )

    assert rows(text) == [
        ("inclusion", "", "Inclusion Criteria: - Age >= 18 years;"),
        ("inclusion", "", "Written informed consent;"),
        ("inclusion", "", "ECOG performance status of 0 or 1; At least 1 measurable lesion,"),
        ("inclusion", "", "Not previously irradiated;"),
        ("inclusion", "", "Adequate organ function."),
        ("exclusion", "", "Exclusion Criteria: - Brain metastases;"),
        ("exclusion", "", "Pregnancy;"),
        ("exclusion", "", "Known HIV infection"),
    ]


def test_a_dash_inside_a_sentence_splits_nothing() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Prior therapy allowed - Patients may have had chemotherapy; - not more than two lines\n"
        "* Stage III - IV disease, - including recurrent disease\n"
    )

    assert [row[2] for row in rows(text)] == [
        "Prior therapy allowed - Patients may have had chemotherapy; - not more than two lines",
        "Stage III - IV disease, - including recurrent disease",
    ]


def test_a_line_whose_subject_is_one_cohorts_patients_is_scoped_to_it() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Eligible Phase 2 patients in cohorts B1 to B3 are adults with measurable disease per "
        "RECIST 1.1\n\n"
        "* Patients enrolled in Part 2 must be willing to undergo a biopsy\n\n"
        "* Patients in all cohorts must have ECOG 0-1\n"
    )

    assert [c.scope for c in split_eligibility(text)] == ["cohorts B1 to B3", "Part 2", ""]


@pytest.mark.parametrize(
    ("line", "scope"),
    [
        ("Phase 1 ONLY: confirmed advanced solid tumours, no standard therapy", "Phase 1"),
        ("Phase II: confirmed pleural mesothelioma, not amenable to resection", "Phase II"),
        ("Phase 2 only: measurable disease per RECIST 1.1", "Phase 2"),
        ("Phase 2 trials of the study drug: none allowed before", ""),
        ("Phase 3 study participation in the past year", ""),
    ],
)
def test_a_line_opening_with_a_phase_label_is_that_phases(line: str, scope: str) -> None:
    assert rows(f"Inclusion Criteria:\n\n1. Age 18 or older\n2. {line}\n")[1][1] == scope


def test_a_sub_heading_naming_both_phases_of_the_trial_is_everyones() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "Phase I and Phase II portions of the study:\n\n"
        "  -  18 years of age or older\n\n"
        "  -  Karnofsky performance score of at least 80\n\n"
        "Phase I only:\n\n"
        "  -  A companion living with the patient during the study\n\n"
        "Exclusion Criteria:\n\n"
        "Phase 1 and 2:\n\n"
        "  -  Known allergy to the study drug\n"
    )

    assert [(c.kind, c.scope) for c in split_eligibility(text)] == [
        ("inclusion", ""),
        ("inclusion", ""),
        ("inclusion", ""),
        ("inclusion", "Phase I only"),
        ("inclusion", "Phase I only"),
        ("exclusion", ""),
        ("exclusion", ""),
    ]


def test_additional_criteria_for_a_named_arm_without_a_colon_are_that_arms() -> None:
    text = (
        "Exclusion Criteria:\n\n"
        "1. Other invasive malignancy within 2 years\n\n"
        "Additional Exclusion Criteria for Arm A\n\n"
        "1. Requires continuous supplemental oxygen\n\n"
        "Additional Exclusion Criteria for Arm B\n\n"
        "1. History of seizures\n"
    )

    assert [(c.scope, c.text) for c in split_eligibility(text)] == [
        ("", "Other invasive malignancy within 2 years"),
        ("Arm A", "Additional Exclusion Criteria for Arm A"),
        ("Arm A", "Requires continuous supplemental oxygen"),
        ("Arm B", "Additional Exclusion Criteria for Arm B"),
        ("Arm B", "History of seizures"),
    ]


@pytest.mark.parametrize(
    ("line", "scope"),
    [
        ("Dose escalation cohort C: at most 2 prior lines", "Dose escalation cohort C"),
        ("Expansion part 2 only: measurable disease per RECIST 1.1", "Expansion part 2"),
        ("Dose escalation is guided by toxicity: see the protocol", ""),
    ],
)
def test_a_dose_escalation_or_expansion_cohort_label_opening_a_line_is_its_scope(
    line: str, scope: str
) -> None:
    assert rows(f"Inclusion Criteria:\n\n1. Age 18 or older\n2. {line}\n")[1][1] == scope


def test_a_cohort_bullet_under_a_bullet_is_a_line_of_its_own() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "  -  Melanoma of stage IIA to IV in the cohorts below:\n\n"
        "       -  Cohort 1 (Advanced): unresectable stage III or IV melanoma\n\n"
        "       -  Cohort 2 (Adjuvant): stage IIB-IV melanoma resected\n\n"
        "  -  ECOG performance status of 0 or 1\n"
    )

    assert rows(text) == [
        ("inclusion", "", "Melanoma of stage IIA to IV in the cohorts below:"),
        (
            "inclusion",
            "Cohort 1 (Advanced)",
            "Cohort 1 (Advanced): unresectable stage III or IV melanoma",
        ),
        ("inclusion", "Cohort 2 (Adjuvant)", "Cohort 2 (Adjuvant): stage IIB-IV melanoma resected"),
        ("inclusion", "", "ECOG performance status of 0 or 1"),
    ]


def test_a_part_label_closing_a_nested_bullet_is_not_the_parents() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "  -  Diagnosis of B-cell leukaemia\n\n"
        "       -  In first relapse (part A or B)\n\n"
        "       -  In early relapse < 36 months from diagnosis (part B only)\n\n"
        "  -  WBC <= 50,000/mm^3 (part A only [closed to accrual])\n"
    )

    assert rows(text) == [
        ("inclusion", "", "Diagnosis of B-cell leukaemia; In first relapse (part A or B)"),
        ("inclusion", "part B only", "In early relapse < 36 months from diagnosis (part B only)"),
        ("inclusion", "part A only", "WBC <= 50,000/mm^3 (part A only [closed to accrual])"),
    ]


def test_a_topic_sub_heading_keeps_the_sections_cohort() -> None:
    text = (
        "Inclusion Criteria for Part 2B only:\n\n"
        "  -  As listed for Part 1, except criterion 2:\n\n"
        "Histologically confirmed diagnosis of:\n\n"
        "  -  endometrial cancer\n"
        "  -  Measurable disease per RECIST 1.1\n\n"
        "Exclusion Criteria:\n\n"
        "  -  HIV infection\n"
    )

    assert [row[:2] for row in rows(text)] == [
        ("inclusion", "Part 2B only"),
        ("inclusion", "Part 2B only"),
        ("inclusion", "Part 2B only"),
        ("inclusion", "Part 2B only"),
        ("inclusion", "Part 2B only"),
        ("exclusion", ""),
    ]


@pytest.mark.parametrize(
    ("label", "scope"),
    [
        ("Cohort 2 (NSCLC):", "Cohort 2 (NSCLC)"),
        ("   Dose expansion cohort only:", "Dose expansion cohort only"),
    ],
)
def test_a_cohort_label_right_under_a_bullet_opens_its_lines(label: str, scope: str) -> None:
    text = f"Inclusion Criteria:\n\n* Age >= 18\n* ECOG 0-1\n{label}\n* Measurable disease\n"

    assert rows(text) == [
        ("inclusion", "", "Age >= 18"),
        ("inclusion", "", "ECOG 0-1"),
        ("inclusion", scope, label.strip()),
        ("inclusion", scope, "Measurable disease"),
    ]


def test_a_cohort_label_under_a_numbered_item_ends_at_the_next_item() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "1. Advanced NSCLC meeting the following:\n\n"
        "   Cohort A participants:\n"
        "   * EGFR exon 20 insertion\n\n"
        "2. Measurable disease per RECIST 1.1\n"
    )

    assert [row[1] for row in rows(text)] == ["", "Cohort A participants", ""]


@pytest.mark.parametrize(
    ("line", "scope"),
    [
        (
            "Dose escalation cohort: solid tumour treatable with pembrolizumab",
            "Dose escalation cohort",
        ),
        ("SCLC cohort: small cell lung cancer after platinum", "SCLC cohort"),
        (
            "For the Dose Escalation period, no prior anti-CD20 radioimmunotherapy",
            "Dose Escalation period",
        ),
        ("For patients included in cohort 4: WHO grade 3 carcinoma", "cohort 4"),
        ("Patients of cohort 1 with active bleeding", "cohort 1"),
        ("Prior anti-HER3 antibody (dose escalation only)", "dose escalation only"),
        (
            "Must have received lenalidomide for the phase II part. Any line for phase I.",
            "phase II part",
        ),
        ("Must have measurable disease for Part A, any disease for Part B", "Part B"),
    ],
)
def test_a_line_naming_one_cohort_is_that_cohorts(line: str, scope: str) -> None:
    assert rows(f"Inclusion Criteria:\n\n* Age >= 18\n* {line}\n")[1] == ("inclusion", scope, line)


def test_a_sentence_for_one_part_is_a_line_of_its_own() -> None:
    text = (
        "Inclusion Criteria:\n\n* Tumour tissue available. For Phase 2 Part 2 - CCND1 amplified.\n"
    )

    assert rows(text) == [
        ("inclusion", "", "Tumour tissue available."),
        ("inclusion", "Phase 2 Part 2", "For Phase 2 Part 2 - CCND1 amplified."),
    ]


def test_every_cohort_of_one_part_is_that_parts_and_both_parts_are_everyones() -> None:
    text = (
        "Inclusion Criteria for all cohorts of Dose Expansion only:\n\n"
        "1. Prior platinum-based chemotherapy\n\n"
        "Exclusion Criteria for Dose Escalation and Dose Expansion:\n\n"
        "1. Small cell histology\n"
    )

    assert [row[:2] for row in rows(text)] == [
        ("inclusion", "Dose Expansion only"),  # the heading, kept as a line
        ("inclusion", "Dose Expansion only"),
        ("exclusion", ""),
        ("exclusion", ""),
    ]


def test_the_donors_lines_are_the_donors() -> None:
    text = (
        "Exclusion Criteria:\n\n"
        "  -  Active infection\n\n"
        "Donor Selection:\n\n"
        "  -  Not pregnant or lactating\n"
    )

    assert rows(text) == [
        ("exclusion", "", "Active infection"),
        ("exclusion", "Donor Selection", "Donor Selection:"),
        ("exclusion", "Donor Selection", "Not pregnant or lactating"),
    ]


def test_a_list_run_in_with_glued_dashes_is_one_line_per_dash() -> None:
    text = (
        "Inclusion Criteria:- Ovarian cancer measurable by CT- No radiation therapy in last "
        "4 weeks- No chemotherapy in last 24 weeks Exclusion Criteria:- Active infection- "
        "Pregnant or breast feeding"
    )

    assert [(kind, line) for kind, _scope, line in rows(text)] == [
        ("inclusion", "Inclusion Criteria:- Ovarian cancer measurable by CT"),
        ("inclusion", "No radiation therapy in last 4 weeks"),
        ("inclusion", "No chemotherapy in last 24 weeks"),
        ("exclusion", "Exclusion Criteria:- Active infection"),
        ("exclusion", "Pregnant or breast feeding"),
    ]


def test_part_labels_with_paragraphs_under_a_numbered_item_end_at_the_next_item() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "1. Criteria for each part of the study:\n\n"
        "   Part 1:\n\n"
        "   Solid tumour without standard therapy.\n\n"
        "   Part 2A and 2B:\n\n"
        "   Acute myeloid leukaemia.\n"
        "2. ECOG performance status of 0 or 1\n"
    )

    assert [row[1] for row in rows(text)][-1] == ""


def test_a_heading_that_says_what_follows_opens_its_section() -> None:
    text = (
        "Inclusion Criteria include:\n\n"
        "* Age >= 18 years\n\n"
        "Exclusion Criteria include:\n\n"
        "* Pregnant or nursing females.\n"
        "* Poorly controlled hypertension\n"
    )

    assert rows(text) == [
        ("inclusion", "", "Inclusion Criteria include:"),
        ("inclusion", "", "Age >= 18 years"),
        ("exclusion", "", "Exclusion Criteria include:"),
        ("exclusion", "", "Pregnant or nursing females."),
        ("exclusion", "", "Poorly controlled hypertension"),
    ]


def test_an_inclusion_heading_for_a_later_step_opens_that_steps_section() -> None:
    text = (
        "Exclusion Criteria for the Induction Phase:\n\n"
        "* Prior chemotherapy\n\n"
        "Inclusion criteria at Randomization for the Maintenance Phase:\n\n"
        "* Documented tumour response after induction\n"
    )

    step = "at Randomization for the Maintenance Phase"
    assert rows(text)[-2:] == [
        ("inclusion", step, "Inclusion criteria at Randomization for the Maintenance Phase:"),
        ("inclusion", step, "Documented tumour response after induction"),
    ]


def test_a_sentence_after_the_heading_words_is_no_heading() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Inclusion criteria concerning creatinine clearance are not required for cohort 2\n"
    )

    assert [kind for kind, _scope, _line in rows(text)] == ["inclusion"]


def test_tumour_type_sub_headings_of_a_basket_scope_their_lines() -> None:
    text = (
        "Exclusion Criteria:\n\n"
        "Lung Cancer (NSCLC):\n\n"
        "1. Symptomatic brain metastases\n"
        "2. Another malignancy within 2 years\n\n"
        "Prostate Cancer:\n\n"
        "1. Known metastases in the brain\n"
        "2. Another malignancy within 2 years\n"
    )

    assert rows(text) == [
        ("exclusion", "Lung Cancer (NSCLC)", "Lung Cancer (NSCLC):"),
        ("exclusion", "Lung Cancer (NSCLC)", "Symptomatic brain metastases"),
        ("exclusion", "", "Another malignancy within 2 years"),
        ("exclusion", "Prostate Cancer", "Prostate Cancer:"),
        ("exclusion", "Prostate Cancer", "Known metastases in the brain"),
        ("exclusion", "", "Another malignancy within 2 years"),
    ]


def test_one_tumour_type_heading_alone_titles_its_list() -> None:
    text = "Inclusion Criteria:\n\nBreast Cancer:\n\n1. Stage III or IV\n2. ECOG 0-1\n"

    assert {scope for _kind, scope, _line in rows(text)} == {""}


def test_numbers_run_on_without_a_stop_split_when_they_follow_on() -> None:
    text = (
        "Exclusion Criteria:\n\n"
        "1. Prior therapy\n"
        "2. Historical radiotherapy of chest 3. Active bleeding before treatment 4. Pregnant\n"
    )

    assert [line for _kind, _scope, line in rows(text)] == [
        "Prior therapy",
        "Historical radiotherapy of chest",
        "Active bleeding before treatment",
        "Pregnant",
    ]


def test_a_number_after_a_word_that_takes_one_never_splits() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "1. Performance status of 0, 1 or 2. Life expectancy of 3 months\n"
        "2. Progression in Phase 3. Patients with stable disease are eligible\n"
    )

    assert len(rows(text)) == 2


def test_nested_bullets_under_a_bulleted_part_heading_are_lines_of_that_part() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Part 1:\n\n"
        "  * Advanced solid malignancy\n"
        "  * Age >= 18 years\n"
        "* Part 2:\n\n"
        "  * Stage IV NSCLC\n"
        "  * Age >= 18 years\n"
    )

    assert rows(text) == [
        ("inclusion", "Part 1", "Part 1:"),
        ("inclusion", "Part 1", "Advanced solid malignancy"),
        ("inclusion", "", "Age >= 18 years"),
        ("inclusion", "Part 2", "Part 2:"),
        ("inclusion", "Part 2", "Stage IV NSCLC"),
        ("inclusion", "", "Age >= 18 years"),
    ]


def test_a_label_naming_every_part_of_the_text_is_everyones() -> None:
    text = (
        "Key Inclusion Criteria (Part 1 and Part 2):\n\n"
        "* ECOG 0-2\n\n"
        "Key Exclusion Criteria (Part 1 and Part 2):\n\n"
        "* Symptomatic brain metastases\n"
    )

    assert {scope for _kind, scope, _line in rows(text)} == {""}


def test_a_named_portion_with_its_part_in_brackets_scopes_its_line() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Dose Confirmation portion (Part 2): have advanced renal cell carcinoma\n"
        "* ECOG 0-1\n"
    )

    assert [scope for _kind, scope, _line in rows(text)] == [
        "Dose Confirmation portion (Part 2)",
        "",
    ]


def test_a_bulleted_part_heading_offering_a_choice_stays_one_line() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Cohort 2, one of the following:\n\n"
        "  * Stage IV NSCLC\n"
        "  * Stage IV SCLC\n"
        "* ECOG 0-1\n"
    )

    assert len(rows(text)) == 2


def test_patient_and_donor_headings_open_their_sections() -> None:
    text = (
        "Patient Inclusion Criteria:\n\n"
        "* Age 14-60 years\n"
        "Patient Exclusion Criteria:\n\n"
        "* HIV-positive patients\n"
        "Donor Exclusion Criteria:\n\n"
        "* Pregnant or breastfeeding female\n"
    )

    assert [(kind, scope) for kind, scope, _line in rows(text) if "Criteria" not in _line] == [
        ("inclusion", ""),
        ("exclusion", ""),
        ("exclusion", "Donor Exclusion Criteria"),
    ]


def test_named_cohorts_closing_a_line_scope_it() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "- Sorafenib was the only systemic therapy (Main Global and ME2 Cohorts only).\n"
        "- At most 2 prior regimens (OLE Cohort only).\n"
        "- Archival tissue available (cohort 1 and 2 only).\n"
        "- ECOG 0-1 (all cohorts only)\n\n"
        "Exclusion Criteria:\n\n"
        "- Liver transplant (Main Global cohorts only; may be eligible for OLE cohort).\n"
        "- Prior immunotherapy with any of the following (OLE cohort only):\n\n"
        "    - Any grade neurologic irAE\n"
    )

    assert [scope for _kind, scope, _line in rows(text)] == [
        "Main Global and ME2 Cohorts only",
        "OLE Cohort only",
        "cohort 1 and 2 only",
        "",
        "Main Global cohorts only",
        "OLE cohort only",
    ]


def test_eligible_phase_patients_are_that_phases() -> None:
    text = (
        "Key Inclusion Criteria:\n\n"
        "* Eligible Phase 1 patients are adults who have a confirmed solid tumour.\n"
        "* Eligible Part 1 and Part 2 patients in Cohort M8 are adults who have mCRPC.\n"
        "* All patients will have ECOG performance status of <= 1.\n"
    )

    assert [scope for _kind, scope, _line in rows(text)] == ["Phase 1", "Cohort M8", ""]


def test_a_sub_heading_for_phase_i_and_ii_of_the_study_is_everyones() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "For Phase II of the study:\n\n"
        "  -  Confirmed breast cancer.\n\n"
        "For phase I and II of the study:\n\n"
        "  -  Patients aged >= 18 years.\n"
        "  -  Patients recruited to Phase I, cohort I must not be suitable for doxorubicin.\n"
        "  -  Only for phase I, patients must not have received more than 300 mg/m2.\n"
    )

    assert [scope for _kind, scope, _line in rows(text)][-3:] == [
        "",
        "Phase I, cohort I",
        "phase I",
    ]


def test_a_later_sentence_for_the_phase_ii_portion_is_a_line_of_its_own() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "1. Patients aged 15 to 60 years are eligible. For the Phase II portion of the study, "
        "patients must be chemo-naive. In the Phase I portion, relapsed AML is also eligible.\n"
        "2. Ability to take oral medication.\n"
    )

    assert rows(text) == [
        ("inclusion", "", "Patients aged 15 to 60 years are eligible."),
        (
            "inclusion",
            "Phase II",
            "For the Phase II portion of the study, patients must be chemo-naive.",
        ),
        ("inclusion", "Phase I", "In the Phase I portion, relapsed AML is also eligible."),
        ("inclusion", "", "Ability to take oral medication."),
    ]


def test_a_bulleted_heading_for_one_cohorts_criteria_scopes_its_bullets() -> None:
    text = (
        "Key Exclusion Criteria:\n\n"
        "1. Other Exclusions\n\n"
        "   * General Exclusions:\n\n"
        "     * Compliance: unwilling to comply.\n"
        "   * Additional Exclusions for Cohort M6 (mCRPC) Only:\n\n"
        "     * Bone-only Disease: patients with bone-only disease.\n"
        "2. Additional Exclusion Criteria for Cohort M8 (Enzalutamide Combination in mCRPC) "
        "only:\n\n"
        "   * Biochemical recurrence only.\n"
        "   * Seizure History: history of seizure.\n"
    )

    got = rows(text)
    assert got[0][1] == ""
    assert [scope for _kind, scope, line in got if "Bone-only" in line] == ["Cohort M6 (mCRPC)"]
    assert [(scope, line) for _kind, scope, line in got if "Biochemical" in line] == [
        ("Cohort M8 (Enzalutamide Combination in mCRPC)", "Biochemical recurrence only.")
    ]
    assert [scope for _kind, scope, line in got if "Seizure" in line] == [
        "Cohort M8 (Enzalutamide Combination in mCRPC)"
    ]


def test_a_lettered_item_of_a_numbered_list_is_a_line_of_its_own() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "  1. Confirmation of one of the following (Arms A, B and D):\n\n"
        "       -  Relapsed AML.\n\n"
        "       -  Myelodysplasia with symptomatic anaemia.\n\n"
        "          1a. Confirmation of one of the following (Arm C):\n\n"
        "       -  Untreated AML.\n\n"
        "  2. ECOG 0-2\n"
    )

    assert rows(text) == [
        (
            "inclusion",
            "Arms A, B and D",
            "Confirmation of one of the following (Arms A, B and D): Relapsed AML. "
            "Myelodysplasia with symptomatic anaemia.",
        ),
        (
            "inclusion",
            "Arm C",
            "1a. Confirmation of one of the following (Arm C): Untreated AML.",
        ),
        ("inclusion", "", "ECOG 0-2"),
    ]


def test_a_line_opening_with_the_group_it_is_for_is_that_groups() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* In the Phase II portion, subjects must have disease which lacks PTEN expression.\n"
        "* For Part 2 only - advanced NSCLC that progressed after platinum.\n"
        "* In dose-escalation accrual, patients may have un-measurable disease.\n"
        "* In the Phase I portion of this study patients may have had prior chemotherapy.\n"
        "* For Cohort 1 of this study, eligible patients met the original criteria.\n"
        "* In stage IV disease, a biopsy is required.\n"
    )

    assert [scope for _kind, scope, _line in rows(text)] == [
        "Phase II",
        "Part 2",
        "dose-escalation",
        "Phase I",
        "Cohort 1",
        "",
    ]


def test_a_value_for_each_part_closing_the_line_is_everyones() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* WHO performance status 0-1 (Part A) or 0-2 (Part B)\n"
        "* No prior chemotherapy for metastatic disease (Phase II)\n"
    )

    assert [scope for _kind, scope, _line in rows(text)] == ["", "Phase II"]


def test_cohort_labels_above_their_section_headings_scope_both_sections() -> None:
    text = (
        "Cohort A:\n\n"
        "Inclusion Criteria:\n\n* Age 18 or older\n* Prior platinum\n\n"
        "Exclusion Criteria:\n\n* Prior PD-1 inhibitor\n\n"
        "Cohort B:\n\n"
        "Inclusion Criteria:\n\n* Age 18 or older\n* No prior platinum\n\n"
        "Exclusion Criteria:\n\n* Active hepatitis B\n"
    )

    found = [(kind, scope, line) for kind, scope, line in rows(text) if not line.endswith(":")]
    assert found == [
        ("inclusion", "", "Age 18 or older"),
        ("inclusion", "Cohort A", "Prior platinum"),
        ("exclusion", "Cohort A", "Prior PD-1 inhibitor"),
        ("inclusion", "", "Age 18 or older"),
        ("inclusion", "Cohort B", "No prior platinum"),
        ("exclusion", "Cohort B", "Active hepatitis B"),
    ]


def test_one_cohort_label_above_a_heading_scopes_only_that_section() -> None:
    text = (
        "Substudy B Only:\n\nInclusion Criteria:\n\n* Prior platinum\n\n"
        "Exclusion Criteria:\n\n* Active hepatitis B\n"
    )

    assert [(kind, scope) for kind, scope, line in rows(text) if not line.endswith(":")] == [
        ("inclusion", "Substudy B Only"),
        ("exclusion", ""),
    ]


def test_a_phase_in_brackets_opening_a_line_is_that_phases() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Age 18 or older\n"
        "* (Phase 1) Any solid tumour\n"
        "* (Phase 2 only) Measurable disease per RECIST 1.1\n"
        "* (Phase 1/2) ECOG 0-1\n"
    )

    assert [scope for _kind, scope, _line in rows(text)] == ["", "Phase 1", "Phase 2", ""]


def test_a_phase_part_closing_a_line_in_brackets_with_for_is_that_phases() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Adults aged 65 or more\n"
        "* Relapsed after one earlier regimen (for phase I part)\n"
        "* No earlier chemotherapy at all (for the phase II part)\n"
        "* Blood counts adequate (for phase 2 part only)\n"
    )

    assert [scope for _kind, scope, _line in rows(text)] == [
        "",
        "phase I part",
        "phase II part",
        "phase 2 part only",
    ]


def test_a_list_stem_naming_a_class_group_is_no_cohort_heading() -> None:
    text = (
        "Inclusion Criteria:\n\n* Confirmed disease\n\n"
        "Exclusion Criteria:\n\n"
        "* Disease of WHO Groups 2 or 3\n"
        "* Any of the following WHO Group 1 forms:\n\n"
        "  * form linked to infection\n"
        "  * form linked to liver disease\n"
        "* Pregnancy\n"
    )

    assert [(kind, scope) for kind, scope, _line in rows(text)] == [
        ("inclusion", ""),
        ("exclusion", ""),
        ("exclusion", ""),
        ("exclusion", ""),
    ]


def test_a_lead_in_naming_an_arm_and_closing_on_only_is_that_arms() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Advanced solid tumour\n"
        "* Drug Z tablets (Arm A) dose finding only: Patients must agree to a fresh biopsy.\n"
        "* Women only: negative pregnancy test\n"
    )

    assert [scope for _kind, scope, _line in rows(text)] == [
        "",
        "Drug Z tablets (Arm A) dose finding",
        "",
    ]


def test_a_label_in_square_brackets_scopes_its_line_or_the_lines_under_it() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Age 18 or older\n"
        "* \\[Biopsy Part\\] A lesion that can be biopsied\n"
        "* \\[Note\\] Local laboratory results are accepted\n\n"
        "Exclusion Criteria:\n\n"
        "* Heart failure\n\n"
        "\\[Expansion Part\\]\n\n"
        "* Earlier treatment with a drug of the same class\n\n"
        "\\[All Parts\\]\n\n"
        "* Pregnancy\n"
    )

    assert [(kind, scope) for kind, scope, _line in rows(text)] == [
        ("inclusion", ""),
        ("inclusion", "Biopsy Part"),
        ("inclusion", ""),
        ("exclusion", ""),
        ("exclusion", "Expansion Part"),
        ("exclusion", "Expansion Part"),
        ("exclusion", ""),
        ("exclusion", ""),
    ]


def test_labels_after_a_stems_colon_split_the_line_by_group() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "1. Age 18 or older\n"
        "2. Lesions: Phase Ia (Part A): one assessable lesion; Phase Ia (Part B)/Phase Ib: one "
        "measurable lesion\n"
        "3. Cohort 1: Part A: a fresh biopsy\n"
    )

    assert [(scope, line) for _kind, scope, line in rows(text)] == [
        ("", "Age 18 or older"),
        ("", "Lesions:"),
        ("Phase Ia (Part A)", "Phase Ia (Part A): one assessable lesion;"),
        ("Phase Ia (Part B)/Phase Ib", "Phase Ia (Part B)/Phase Ib: one measurable lesion"),
        ("Cohort 1", "Cohort 1: Part A: a fresh biopsy"),
    ]


def test_a_sentence_saying_which_cohorts_its_rule_holds_for_is_theirs() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Age 18 or older\n"
        "* A fresh biopsy is required for Parts B and C.\n\n"
        "Exclusion Criteria:\n\n"
        "* Earlier checkpoint inhibitors are inadmissible to Cohort 2 and Cohort 4.\n"
        "* Earlier treatment in Arm A of this study\n"
    )

    assert [(kind, scope) for kind, scope, _line in rows(text)] == [
        ("inclusion", ""),
        ("inclusion", "Parts B and C"),
        ("exclusion", "Cohort 2 and Cohort 4"),
        ("exclusion", ""),
    ]


@pytest.mark.parametrize("bullet", ["•", "·", "▪", "+", "*", "-"])
def test_a_bulleted_section_heading_still_opens_its_section(bullet: str) -> None:
    text = (
        f"{bullet} Inclusion Criteria:\n\n  * Age 18 or older\n  * ECOG 0-1\n\n"
        f"{bullet} Exclusion Criteria:\n\n  * Active hepatitis B\n  * Pregnancy\n"
    )

    assert [(kind, line) for kind, _scope, line in rows(text)] == [
        ("inclusion", "Age 18 or older"),
        ("inclusion", "ECOG 0-1"),
        ("exclusion", "Active hepatitis B"),
        ("exclusion", "Pregnancy"),
    ]
