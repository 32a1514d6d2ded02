"""Washouts per treatment class, from lines shaped like the registry's (see washouts.py)."""

from __future__ import annotations

from typing import Any

import pytest

from trials.importers.extraction import propose_criteria, read_line, read_washout_params
from trials.importers.records import CriterionRecord
from trials.importers.washouts import BROAD as BROAD_CLASSES


def washouts(text: str, kind: str = "exclusion") -> dict[str, dict[str, Any]]:
    return {params["category"]: params for params in read_washout_params(kind, text)}


def test_a_longer_window_for_checkpoint_inhibitors_is_a_washout_not_a_ban() -> None:
    text = (
        "Prior anticancer therapy within 4 weeks (8 weeks for immune checkpoint inhibitors) "
        "before the first dose"
    )

    read = washouts(text)
    proposals = read_line("exclusion", text)

    assert read["chemotherapy"]["days"] == 28
    assert read["immunotherapy"]["days"] == 56
    assert not [p for p in proposals if p.type == "prior_therapy"]


@pytest.mark.parametrize(
    "text",
    [
        "Platinum-free interval should be >= 6 months from the last dose of platinum-based "
        "chemotherapy",
        "Disease-free interval of more than 12 months after adjuvant chemotherapy",
        "Disease progression within 6 months of completing adjuvant chemotherapy",
    ],
)
def test_intervals_and_progression_windows_are_not_washouts(text: str) -> None:
    assert washouts(text, "inclusion") == {}
    assert washouts(text, "exclusion") == {}


def test_a_stability_window_for_brain_metastases_is_not_a_surgery_washout() -> None:
    text = (
        "Brain metastases are excluded unless treated with surgery or radiotherapy and stable "
        "for at least 4 weeks after treatment"
    )

    assert washouts(text) == {}


def test_a_date_in_may_and_a_permitted_biopsy_leave_the_surgery_washout() -> None:
    assert washouts("Major surgery within 28 days (biopsies are permitted)") == {
        "major_surgery": {"category": "major_surgery", "days": 28}
    }
    assert (
        washouts("Major surgery within 4 weeks of enrolment (protocol of 5 May 2023)")[
            "major_surgery"
        ]["days"]
        == 28
    )


def test_a_permission_is_not_a_washout_but_a_refusal_is() -> None:
    assert washouts("Palliative radiotherapy within 2 weeks is allowed") == {}
    assert washouts("Use of an investigational drug within 30 days is not allowed") == {
        "investigational": {"category": "investigational", "days": 30}
    }


def test_e_g_does_not_end_the_sentence() -> None:
    text = "Major surgery (e.g. laparotomy) or radiotherapy, e.g. to the chest, within 4 weeks"

    assert set(washouts(text)) == {"major_surgery", "radiotherapy"}


@pytest.mark.parametrize(
    ("text", "category", "days"),
    [
        ("More than 4 weeks must have elapsed since prior chemotherapy", "chemotherapy", 28),
        ("At least 14 days after the last dose of radiotherapy", "radiotherapy", 14),
        ("Completed palliative radiotherapy within 7 days of the first dose", "radiotherapy", 7),
        ("Temozolomide within past 3 weeks", "chemotherapy", 21),
    ],
)
def test_elapsed_after_and_palliative_windows_are_read(text: str, category: str, days: int) -> None:
    assert washouts(text)[category]["days"] == days


def test_whichever_is_shorter_makes_the_window_an_upper_bound() -> None:
    read = washouts(
        "Systemic anticancer therapy within 4 weeks or 5 half-lives, whichever is shorter"
    )

    assert read["chemotherapy"] == {"category": "chemotherapy", "days": 28, "bound": "at_most"}


def test_whichever_is_longer_keeps_the_weeks_and_names_the_half_lives() -> None:
    read = washouts("Investigational drug within 30 days or 5 half-lives, whichever is longer")

    assert read["investigational"]["days"] == 30
    assert "bound" not in read["investigational"]
    assert read["investigational"]["exceptions"]


def test_a_per_class_exception_is_kept_in_words() -> None:
    read = washouts(
        "Major surgery within 28 days, except prostate biopsy; chemotherapy within 4 weeks "
        "(6 weeks for nitrosoureas)"
    )

    assert read["major_surgery"]["exceptions"] == ["except prostate biopsy"]
    assert read["chemotherapy"]["days"] == 28
    assert "6 weeks for nitrosoureas" in read["chemotherapy"]["exceptions"]


@pytest.mark.parametrize(
    "text",
    [
        "Radiotherapy > 30 Gy to the lung within 6 months of the first dose",
        "Unstable dose of thyroid hormone therapy within 6 months",
        "Contraception for 180 days after the last dose of chemotherapy",
    ],
)
def test_dose_limits_stable_doses_and_contraception_are_not_washouts(text: str) -> None:
    assert washouts(text) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Systemic treatment with a strong CYP 3A4 inhibitor within 14 days prior to Day 1",
        "Prior stem cell transplantation or adoptive cell immunotherapy within 24 months",
        "Treatment with an osteoclast-targeted therapy (bisphosphonate) within 4 weeks",
        "Myocardial infarction or coronary artery bypass graft surgery within 3 months",
        "Cardiac surgery or coronary stenting within 6 months",
    ],
)
def test_drug_interactions_transplants_and_cardiac_events_are_not_washouts(text: str) -> None:
    assert washouts(text) == {}


def test_a_trial_of_an_investigational_biologic_is_an_investigational_washout() -> None:
    read = washouts(
        "Participation in any clinical study with an investigational drug, biologic, or device "
        "within 1 month prior to enrolment"
    )

    assert set(read) == {"investigational"}


def test_a_permission_after_an_elapsed_window_is_a_washout() -> None:
    read = washouts(
        "Prior radiotherapy is allowed if more than 14 days have elapsed between the end of "
        "treatment and randomization",
        "inclusion",
    )

    assert read == {"radiotherapy": {"category": "radiotherapy", "days": 14}}


@pytest.mark.parametrize(
    ("text", "category", "days"),
    [
        ("Major surgery <= 28 days from Cycle 1 Day 1", "major_surgery", 28),
        ("Use of first-generation AR inhibitors within 28 days before first dose", "hormonal", 28),
    ],
)
def test_more_window_spellings(text: str, category: str, days: int) -> None:
    assert washouts(text)[category]["days"] == days


def test_a_pcr_test_is_not_radiotherapy() -> None:
    assert washouts("Positive SARS-CoV-2 RT-PCR test within 7 days before enrolment") == {}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Systemic therapy within 4 weeks before the first dose", "chemotherapy"),
        ("Receipt of an investigational vaccine within 28 days", "investigational"),
    ],
)
def test_bare_systemic_therapy_and_investigational_vaccines_are_washouts(
    text: str, category: str
) -> None:
    assert category in washouts(text)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # Treatments a broad term lists, in parentheses or after "including".
        (
            "Antitumor therapy (chemotherapy, targeted therapy, immunotherapy, or radiotherapy) "
            "within 4 weeks before the first dose",
            "exclusion",
            {"chemotherapy": 28, "radiotherapy": 28, "targeted_small_molecule": 28},
        ),
        (
            "Received systemic anti-tumor therapy within 4 weeks before the first dose, including "
            "chemotherapy, radiotherapy, immunotherapy, and hormonal therapy",
            "exclusion",
            {"chemotherapy": 28, "radiotherapy": 28, "hormonal": 28},
        ),
        # A class adjective names that class only.
        ("Received any hormonal anticancer therapy within 2 weeks", "exclusion", {"hormonal": 14}),
        # Drugs and drug groups by name.
        (
            "Treatment with a PARP inhibitor within 14 days",
            "exclusion",
            {"targeted_small_molecule": 14},
        ),
        (
            "Treatment with abiraterone or enzalutamide within 4 weeks",
            "exclusion",
            {"hormonal": 28},
        ),
        ("Treatment with bevacizumab within 4 weeks", "exclusion", {"biologic": 28}),
        ("Received pembrolizumab within 4 weeks", "exclusion", {"immunotherapy": 28}),
        # Half-lives first, the window in parentheses, a washout per class.
        (
            "Received anticancer therapy within 5 half-lives or 4 weeks, whichever is shorter",
            "exclusion",
            {"chemotherapy": 28},
        ),
        (
            "Recent major surgery (within 4 weeks prior to enrollment)",
            "exclusion",
            {"major_surgery": 28},
        ),
        (
            "Any investigational drug within the 4-week period before",
            "exclusion",
            {"investigational": 28},
        ),
        ("Prior chemotherapy within twenty eight days", "exclusion", {"chemotherapy": 28}),
        ("Chemotherapy during the previous 4 weeks", "exclusion", {"chemotherapy": 28}),
        (
            "Prior treatment within 4 weeks with any anticancer therapy",
            "exclusion",
            {"chemotherapy": 28, "biologic": 28},
        ),
        ("Treatment with an unlicensed drug within 28 days", "exclusion", {"investigational": 28}),
        (
            "Participation in another interventional study within 30 days",
            "exclusion",
            {"investigational": 30},
        ),
        (
            "Treatment in another therapeutic trial within the last 4 weeks",
            "exclusion",
            {"investigational": 28},
        ),
        (
            "Treatment with any other drug under investigation within 30 days",
            "exclusion",
            {"investigational": 30},
        ),
        (
            "Time since last anticancer therapy >= 21 days",
            "inclusion",
            {"chemotherapy": 21, "immunotherapy": 21},
        ),
        (
            "Wash-out period: chemotherapy 3 weeks, radiotherapy 2 weeks",
            "inclusion",
            {"chemotherapy": 21, "radiotherapy": 14},
        ),
        (
            "Previous chemotherapy must be completed 4 weeks before enrolment",
            "inclusion",
            {"chemotherapy": 28},
        ),
        (
            "Washout period of 4 weeks for chemotherapy and 2 weeks for radiotherapy",
            "inclusion",
            {"chemotherapy": 28, "radiotherapy": 14},
        ),
        (
            "Must be at least 3 weeks from last chemotherapy and 2 weeks from radiotherapy",
            "inclusion",
            {"chemotherapy": 21, "radiotherapy": 14},
        ),
        (
            "Patients must be at least 28 days from any major surgery",
            "inclusion",
            {"major_surgery": 28},
        ),
        (
            "Prior radiotherapy is allowed if completed at least 2 weeks prior to enrollment",
            "inclusion",
            {"radiotherapy": 14},
        ),
    ],
)
def test_more_registry_wordings_give_washouts(
    text: str, kind: str, expected: dict[str, int]
) -> None:
    read = washouts(text, kind)
    assert {category: read[category]["days"] for category in expected} == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Stereotactic radiosurgery within 7 days prior to study entry", "major_surgery"),
        ("Not fit for initiation of adjuvant treatment within 6 weeks of surgery", "major_surgery"),
        (
            "Has had radiation therapy (or other non-systemic therapy) within 2 weeks",
            "chemotherapy",
        ),
        ("Systemic therapy with immune checkpoint inhibitors within 28 days", "chemotherapy"),
        ("Received any hormonal anticancer therapy within 2 weeks", "chemotherapy"),
        ("Treatment with infliximab or tocilizumab within 28 days", "biologic"),
        (
            "Disease progression > 4 weeks since the last flutamide and > 6 weeks since the last "
            "bicalutamide",
            "hormonal",
        ),
        (
            "Prior ruxolitinib, if both of the following conditions are met: exposure within 120 "
            "days prior to Day 1 and a total duration over 90 days",
            "targeted_small_molecule",
        ),
    ],
)
def test_words_that_name_no_washout_of_that_class(text: str, absent: str) -> None:
    assert absent not in washouts(text, "exclusion")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A window of one without its number.
        ("Took part in another clinical trial in the past month", {"investigational": 30}),
        ("Major surgery within a month before the first dose", {"major_surgery": 30}),
        # Comparison words.
        ("Major surgery less than or equal to 28 days from Cycle 1 Day 1", {"major_surgery": 28}),
        # Cancer-directed therapy is every systemic class.
        (
            "Any tumour-directed therapy within 21 days of enrolment",
            {
                "chemotherapy": 21,
                "immunotherapy": 21,
                "biologic": 21,
                "targeted_small_molecule": 21,
            },
        ),
        ("Received surgical treatment (except biopsy) within 4 weeks", {"major_surgery": 28}),
        ("Laparotomy or thoracotomy within 4 weeks", {"major_surgery": 28}),
        ("Used any other test drug in the 4 weeks before screening", {"investigational": 28}),
        ("Use of any other experimental medication within 30 days", {"investigational": 30}),
        ("Treatment with an unregistered drug within 3 months", {"investigational": 90}),
        ("Prior IMP within 30 days of randomisation", {"investigational": 30}),
        ("Took part in an interventional trial within 30 days", {"investigational": 30}),
        ("Participation in a drug or device trial in the last 30 days", {"investigational": 30}),
        (
            "The time from the last dose of an investigational agent is < 28 days",
            {"investigational": 28},
        ),
        ("Treatment with a bispecific antibody within 28 days", {"biologic": 28}),
    ],
)
def test_windows_of_one_comparison_words_and_class_names(
    text: str, expected: dict[str, int]
) -> None:
    read = washouts(text)
    assert {category: params["days"] for category, params in read.items()} == expected


def test_an_antibody_against_a_checkpoint_is_immunotherapy_not_a_biologic() -> None:
    read = washouts("Received an anti-PD-1 or anti-CTLA-4 monoclonal antibody within 6 weeks")

    assert set(read) == {"immunotherapy"}
    assert read["immunotherapy"]["days"] == 42


def test_a_washout_period_between_the_treatment_and_randomisation() -> None:
    read = washouts(
        "Adjuvant chemotherapy must be completed; a washout period of at least 3 weeks is "
        "required between the last chemotherapy dose and randomisation",
        "inclusion",
    )

    assert read == {"chemotherapy": {"category": "chemotherapy", "days": 21}}


def test_each_window_keeps_the_treatments_of_its_own_predicate() -> None:
    read = washouts(
        "Had surgery within 2 weeks of the first dose, or has "
        "had radiotherapy to the chest of more than 30 gray within 6 months"
    )

    assert read == {"major_surgery": {"category": "major_surgery", "days": 14}}


@pytest.mark.parametrize(
    "text",
    [
        "Patients scheduled for major surgery within 4 weeks of registration",
        "Brain metastases treated with stereotactic radiotherapy less than 14 days before "
        "enrolment",
        "Brain metastases unless the last radiotherapy to the brain metastases ended more "
        "than 4 weeks before enrolment",
    ],
)
def test_treatments_to_come_and_brain_metastasis_windows_are_not_washouts(text: str) -> None:
    assert washouts(text) == {}


def test_a_lead_in_window_applies_to_each_item_of_its_list() -> None:
    read = washouts(
        "Received any of the following within 21 days before the first dose: cytotoxic "
        "chemotherapy; a tyrosine kinase inhibitor; major surgery"
    )

    assert {category: params["days"] for category, params in read.items()} == {
        "chemotherapy": 21,
        "targeted_small_molecule": 21,
        "major_surgery": 21,
    }


def test_items_with_their_own_windows_under_a_lead_in() -> None:
    read = washouts(
        "Wash-out before the first dose as follows: 3 weeks for chemotherapy; radiotherapy - 2 "
        "weeks; investigational agents: 30 days",
        "inclusion",
    )

    assert {category: params["days"] for category, params in read.items()} == {
        "chemotherapy": 21,
        "radiotherapy": 14,
        "investigational": 30,
    }


@pytest.mark.parametrize(
    "text",
    [
        "Any of the following within 6 months before enrolment: myocardial infarction; "
        "cardiac surgery",
        "The following are allowed within 2 weeks of the first dose: palliative radiotherapy",
    ],
)
def test_lead_in_lists_of_events_or_permissions_are_not_washouts(text: str) -> None:
    assert washouts(text) == {}


def test_a_recency_list_in_an_inclusion_is_not_a_washout() -> None:
    text = "Must have received the following within 6 months: chemotherapy; radiotherapy"

    assert washouts(text, "inclusion") == {}


def test_a_half_life_window_filed_under_inclusion_is_still_a_washout() -> None:
    read = washouts(
        "Prior systemic anticancer therapy within 3 weeks; any experimental drug within 3 "
        "weeks or 5 half-lives, whichever is shorter",
        "inclusion",
    )

    assert read["chemotherapy"]["days"] == 21
    assert read["investigational"] == {
        "category": "investigational",
        "days": 21,
        "bound": "at_most",
    }


def test_classes_listed_in_passing_share_a_later_window_for_previous_therapies() -> None:
    read = washouts(
        "No ongoing anticancer treatment, including chemotherapy, endocrine therapy or "
        "radiotherapy. At least 4 weeks must have passed since previous anticancer therapy."
    )

    assert read["hormonal"]["days"] == 28
    assert read["radiotherapy"]["days"] == 28
    assert read["chemotherapy"]["days"] == 28


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Recovered from surgery, with at least 21 days elapsed between the operation's "
            "surgery and registration",
            {"major_surgery": 21},
        ),
        (
            "Earlier radiotherapy is permitted provided it ended at least 3 weeks before enrolment",
            {"radiotherapy": 21},
        ),
        (
            "Patients may have had previous chemotherapy if it was completed more than 4 weeks "
            "before the first dose",
            {"chemotherapy": 28},
        ),
    ],
)
def test_elapsed_between_and_conditional_permissions_in_inclusions(
    text: str, expected: dict[str, int]
) -> None:
    read = washouts(text, "inclusion")
    assert {category: params["days"] for category, params in read.items()} == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chemotherapy or radiotherapy for the primary tumour within 6 months before diagnosis",
        "Radiotherapy within 8 weeks to the only site of measurable disease",
        "Symptomatic brain metastases. At least 2 weeks must have elapsed between the end of "
        "whole brain radiotherapy and enrolment",
    ],
)
def test_windows_anchored_elsewhere_or_in_a_brain_metastasis_rule_are_not_washouts(
    text: str,
) -> None:
    assert washouts(text) == {}


def test_a_brain_metastasis_named_as_an_example_of_surgery_leaves_the_washout() -> None:
    text = "Major surgery (e.g. removal of a brain metastasis) within 6 weeks of randomisation"

    assert washouts(text)["major_surgery"]["days"] == 42


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "Biologic (anti-neoplastic agent): at least 7 days since the last dose of a "
            "biologic agent",
            "inclusion",
            {"biologic": 7},
        ),
        (
            "Radiation: at least 14 days since local palliative XRT",
            "inclusion",
            {"radiotherapy": 14},
        ),
        (
            "Chemotherapy within 3 weeks or targeted drugs within 2 weeks before enrolment",
            "exclusion",
            {"chemotherapy": 21, "targeted_small_molecule": 14},
        ),
        (
            "Received an investigational drug during the month before inclusion",
            "exclusion",
            {"investigational": 30},
        ),
    ],
)
def test_class_definitions_xrt_targeted_drugs_and_the_month_before(
    text: str, kind: str, expected: dict[str, int]
) -> None:
    read = washouts(text, kind)
    assert {category: params["days"] for category, params in read.items()} == expected


def test_a_lead_in_without_treatment_words_needs_items_that_are_all_treatments() -> None:
    assert washouts(
        "Any of the following within 14 days before the first dose: chemotherapy (e.g. "
        "cisplatin); major surgery"
    ) == {
        "chemotherapy": {"category": "chemotherapy", "days": 14},
        "major_surgery": {"category": "major_surgery", "days": 14},
    }
    assert washouts("Any of the following in the past 6 months: severe infection; surgery") == {}


def test_a_minimum_duration_list_reads_each_class_and_keeps_wide_fields_as_exceptions() -> None:
    text = (
        "Must meet the following minimum time from prior anticancer therapy before enrolment: "
        "Myelosuppressive chemotherapy: >= 14 days after the last dose; Antibodies: >= 28 days "
        "must have elapsed from infusion of the last dose of antibody, and toxicity related to "
        "it must be grade 1 or less; Radiotherapy: >= 14 days "
        "after local radiotherapy; >= 90 days after total body or craniospinal irradiation"
    )

    read = washouts(text, "inclusion")

    assert {category: params["days"] for category, params in read.items()} == {
        "chemotherapy": 14,
        "biologic": 28,
        "radiotherapy": 14,
    }
    assert read["radiotherapy"]["exceptions"] == [
        ">= 90 days after total body or craniospinal irradiation"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Positive hepatitis C antibody test within 28 days of enrolment",
        "Known allergy to antibodies within 6 months",
    ],
)
def test_antibody_tests_and_reactions_are_no_biologic_washout(text: str) -> None:
    assert "biologic" not in washouts(text)


def test_a_window_from_the_date_of_randomisation_counts_back_from_the_study() -> None:
    assert washouts("Major surgery within 21 days from the date of randomisation") == {
        "major_surgery": {"category": "major_surgery", "days": 21}
    }


def test_agents_not_known_to_be_myelosuppressive_are_no_class_of_their_own() -> None:
    text = "Anti-cancer agents not known to be myelosuppressive: >= 7 days after the last dose"

    assert washouts(text, "inclusion") == {}


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "Chemotherapy, radiotherapy or major surgery within the preceding 3 weeks",
            "exclusion",
            {"chemotherapy": 21, "radiotherapy": 21, "major_surgery": 21},
        ),
        (
            "Patients treated with chemotherapy must have completed it at least 3 weeks earlier",
            "inclusion",
            {"chemotherapy": 21},
        ),
        (
            "Use of a drug that has not received regulatory approval within 30 days",
            "exclusion",
            {"investigational": 30},
        ),
    ],
)
def test_preceding_earlier_and_unapproved_drugs(
    text: str, kind: str, expected: dict[str, int]
) -> None:
    read = washouts(text, kind)
    assert {category: params["days"] for category, params in read.items()} == expected


def test_biological_therapies_in_the_plural_and_an_exception_that_ends_at_its_verb() -> None:
    read = washouts(
        "Cytotoxic and biological therapies other than trastuzumab should be stopped 3 weeks "
        "prior to the start of radiotherapy"
    )

    assert read["biologic"] == {
        "category": "biologic",
        "days": 21,
        "exceptions": ["other than trastuzumab"],
    }
    assert read["chemotherapy"]["days"] == 21


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Any anti-lymphoma therapy within 21 days before the first dose",
            {
                "chemotherapy": 21,
                "immunotherapy": 21,
                "biologic": 21,
                "targeted_small_molecule": 21,
            },
        ),
        ("Cytarabine or azacitidine within 14 days of Day 1", {"chemotherapy": 14}),
        ("Chemoradiotherapy within 4 weeks", {"chemotherapy": 28, "radiotherapy": 28}),
        ("Brachytherapy within 2 weeks before enrolment", {"radiotherapy": 14}),
        ("Venetoclax within 7 days before enrolment", {"targeted_small_molecule": 7}),
        ("Treatment with an oral SERD such as elacestrant within 14 days", {"hormonal": 14}),
    ],
)
def test_blood_cancer_therapy_and_more_drug_names(text: str, expected: dict[str, int]) -> None:
    read = washouts(text)
    assert {category: params["days"] for category, params in read.items()} == expected


def test_an_exception_before_the_window_or_in_a_parenthesis_is_kept() -> None:
    before = washouts("Major surgery, other than diagnostic surgery, within 4 weeks of Day 1")
    inside = washouts("Radiotherapy within 3 weeks (except palliative radiotherapy to bone)")

    assert before["major_surgery"] == {
        "category": "major_surgery",
        "days": 28,
        "exceptions": ["other than diagnostic surgery"],
    }
    assert inside["radiotherapy"]["exceptions"] == ["except palliative radiotherapy to bone"]


@pytest.mark.parametrize(
    "text",
    [
        "Enrolment in another clinical trial within 30 days after the end of this study",
        "Major surgery within 28 days after the last dose of study treatment is planned",
    ],
)
def test_a_window_after_the_study_ends_is_no_washout(text: str) -> None:
    assert washouts(text) == {}


def test_an_inclusion_line_that_rules_patients_out_is_read_as_an_exclusion() -> None:
    text = "Patients who received chemotherapy within 3 weeks of enrolment are not eligible"

    assert washouts(text, "inclusion") == {"chemotherapy": {"category": "chemotherapy", "days": 21}}
    assert washouts("Patients who received chemotherapy within 3 months", "inclusion") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prior chemotherapy (last dose within 3 weeks of enrolment)", {"chemotherapy": 21}),
        ("Radiotherapy (< 2 weeks prior to Day 1)", {"radiotherapy": 14}),
        ("Recent chemotherapy (i.e. within 21 days)", {"chemotherapy": 21}),
    ],
)
def test_more_windows_in_parentheses(text: str, expected: dict[str, int]) -> None:
    read = washouts(text)
    assert {category: params["days"] for category, params in read.items()} == expected


def test_other_spellings_of_whichever_is_shorter_or_longer() -> None:
    shorter = washouts("Investigational agent within 4 weeks or 5 half-lives, whichever is less")
    longer = washouts("Investigational agent within 4 weeks or 5 half-lives, whichever is greater")

    assert shorter["investigational"]["bound"] == "at_most"
    assert "bound" not in longer["investigational"]
    assert longer["investigational"]["exceptions"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Received chemotherapy or participated in another clinical trial within 28 days",
            {"chemotherapy", "investigational"},
        ),
        (
            "Radiotherapy or an investigational drug in another clinical study within 4 weeks",
            {"radiotherapy", "investigational"},
        ),
        (
            "Participation in any clinical study with an investigational drug or biologic within "
            "1 month",
            {"investigational"},
        ),
    ],
)
def test_treatments_named_beside_a_trial_keep_their_classes(text: str, expected: set[str]) -> None:
    assert set(washouts(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chemotherapy-induced neuropathy of grade 2 or more within 3 months",
        "Immune-related adverse events from checkpoint inhibitors within 6 months",
        "Hospital admission for complications of chemotherapy within 4 weeks",
        "More than 2 prior lines of chemotherapy within the last 12 months",
    ],
)
def test_harms_and_counts_of_a_treatment_are_not_its_washout(text: str) -> None:
    assert washouts(text) == {}


def test_recovery_after_the_treatment_ends_its_words() -> None:
    read = washouts(
        "At least 3 weeks since the last chemotherapy and recovered from its side effects",
        "inclusion",
    )

    assert read == {"chemotherapy": {"category": "chemotherapy", "days": 21}}


def test_a_required_stop_before_the_study_is_a_washout_in_an_exclusion_too() -> None:
    assert washouts("Endocrine therapy must be stopped at least 2 weeks before Day 1") == {
        "hormonal": {"category": "hormonal", "days": 14}
    }
    assert washouts("Chemotherapy completed more than 12 months before enrolment") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Within 3 weeks before the first dose of study drug, the patient received "
            "chemotherapy or radiotherapy",
            {"chemotherapy": 21, "radiotherapy": 21},
        ),
        (
            "Within 4 weeks prior to randomisation took part in another clinical trial",
            {"investigational": 28},
        ),
        ("Within 6 months before the start of radiotherapy, a myocardial infarction", {}),
    ],
)
def test_a_window_that_opens_the_line(text: str, expected: dict[str, int]) -> None:
    read = washouts(text)
    assert {category: params["days"] for category, params in read.items()} == expected


def test_a_time_frame_listed_after_the_colon_belongs_to_the_lead_in() -> None:
    read = washouts(
        "Participation in another clinical study with an investigational product within the "
        "following time frame before the first dose: 30 days, 5 half-lives or twice the "
        "duration of its biological effect, whichever is longer"
    )

    assert read["investigational"]["days"] == 30
    assert read["investigational"]["exceptions"] == ["or 5 half-lives if longer"]


def test_bare_upper_bounds_are_windows_but_durations_are_not() -> None:
    read = washouts("Chemotherapy <= 3 weeks, radiotherapy <= 2 weeks, major surgery <= 4 weeks")

    assert {category: params["days"] for category, params in read.items()} == {
        "chemotherapy": 21,
        "radiotherapy": 14,
        "major_surgery": 28,
    }
    assert washouts("Chemotherapy duration < 6 weeks") == {}
    assert washouts("Treated with chemotherapy for < 6 weeks") == {}


@pytest.mark.parametrize(
    "text",
    [
        "Premenopausal women must be receiving a GnRH agonist started at least 4 weeks before "
        "the first dose",
        "Androgen deprivation therapy must have been initiated at least 12 weeks before "
        "randomisation",
        "Must be on androgen deprivation therapy for at least 12 weeks before enrolment",
    ],
)
def test_a_therapy_to_be_on_is_not_a_washout(text: str) -> None:
    assert washouts(text, "inclusion") == {}


def test_off_therapy_for_a_time_is_a_washout() -> None:
    read = washouts("Off all chemotherapy for at least 3 weeks before the first dose", "inclusion")

    assert read == {"chemotherapy": {"category": "chemotherapy", "days": 21}}


def test_only_the_sentence_that_rules_patients_out_is_read_as_an_exclusion() -> None:
    read = washouts(
        "Chemotherapy must have been completed at least 4 weeks before enrolment. Patients who "
        "had radiotherapy within 2 weeks are excluded",
        "inclusion",
    )

    assert {category: params["days"] for category, params in read.items()} == {
        "chemotherapy": 28,
        "radiotherapy": 14,
    }


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # A biliary stent is no cardiac procedure.
        (
            "Anti-tumour therapy such as chemotherapy or biliary stent placement within 4 weeks",
            "exclusion",
            {
                "chemotherapy": 28,
                "immunotherapy": 28,
                "biologic": 28,
                "targeted_small_molecule": 28,
            },
        ),
        # Surgery may be the study's own start: a window before it stays a washout.
        ("Chemotherapy within 4 weeks before surgery", "exclusion", {"chemotherapy": 28}),
        # A systemic class next to brain metastases is a washout all the same.
        (
            "Anticancer therapy or radiotherapy for brain metastases within 3 weeks",
            "exclusion",
            {
                "chemotherapy": 21,
                "immunotherapy": 21,
                "biologic": 21,
                "targeted_small_molecule": 21,
                "radiotherapy": 21,
            },
        ),
        # Past and future together: the past treatment counts.
        (
            "Has received or will receive chemotherapy within 3 weeks before the first dose",
            "exclusion",
            {"chemotherapy": 21},
        ),
        # A harm named far from the window, and "tumour-related" therapy.
        (
            "Unresolved toxicity of earlier treatment to grade 2 or higher, or any tumour-related "
            "radiotherapy within 2 weeks",
            "exclusion",
            {"radiotherapy": 14},
        ),
        (
            "Patients receiving chemotherapy must have completed it at least 3 weeks before "
            "enrolment",
            "inclusion",
            {"chemotherapy": 21},
        ),
        (
            "Radiotherapy (or any other anticancer therapy) within 2 weeks",
            "exclusion",
            {
                "radiotherapy": 14,
                "chemotherapy": 14,
                "immunotherapy": 14,
                "biologic": 14,
                "targeted_small_molecule": 14,
            },
        ),
    ],
)
def test_narrow_readings_do_not_hide_a_washout(
    text: str, kind: str, expected: dict[str, int]
) -> None:
    read = washouts(text, kind)
    assert {category: params["days"] for category, params in read.items()} == expected


def test_a_list_with_a_serial_comma_after_since_keeps_its_last_item() -> None:
    read = washouts(
        "At least 4 weeks must have elapsed since the last chemotherapy, immunotherapy, and "
        "radiotherapy",
        "inclusion",
    )

    assert set(read) == {"chemotherapy", "immunotherapy", "radiotherapy"}


def test_anticancer_or_investigational_drugs_share_one_window() -> None:
    read = washouts(
        "Previous anti-cancer or investigational drug/device treatment within 4 weeks of the "
        "first dose of study drug."
    )

    assert {category: params["days"] for category, params in read.items()} == {
        "chemotherapy": 28,
        "immunotherapy": 28,
        "biologic": 28,
        "targeted_small_molecule": 28,
        "investigational": 28,
    }


def test_an_exception_with_a_bracket_inside_is_kept() -> None:
    read = washouts(
        "Received chemotherapy or biological cancer therapy (excluding anti-PD(L)1 mAb, "
        "ipilimumab, and BRAF TKI regimen) within 14 days of first dose"
    )

    assert read["biologic"]["days"] == 14
    assert read["biologic"]["exceptions"] == [
        "excluding anti-pd(l)1 mab, ipilimumab, and braf tki regimen"
    ]


# Wording classes found by reading the proposals on registry records outside the corpus.


def test_the_words_after_a_colon_name_what_the_next_window_is_for() -> None:
    text = (
        "Cytotoxic or immune therapy within 21 days of the first infusion: for mitomycin C "
        "within 6 weeks of the first infusion"
    )

    read = washouts(text)

    assert read["chemotherapy"]["days"] == 21
    assert read["immunotherapy"]["days"] == 21
    assert "investigational" not in read
    assert "biologic" not in read


def test_a_washout_list_after_a_colon_does_not_borrow_the_lead_in_subject() -> None:
    text = (
        "For those treated with other systemic therapies the washout is as follows: those who "
        "had intrathecal treatment must have had their last dose >= 10 days before day 1"
    )

    assert washouts(text, "inclusion") == {}


@pytest.mark.parametrize(
    "text",
    [
        "Active autoimmune disease treated within the last 3 months with biologic "
        "disease-modifying drugs such as etanercept",
        "Men who intend to father a child during the study or within 4 months after the last "
        "dose of docetaxel",
        "Radiation to the index lesion within 8 weeks of screening",
    ],
)
def test_autoimmune_treatment_family_plans_and_one_lesion_are_not_washouts(text: str) -> None:
    assert washouts(text) == {}


def test_a_note_for_one_cohort_inside_a_line_leaves_the_general_window() -> None:
    text = (
        "Prior chemotherapy or radiotherapy within 3 weeks before day 1. Note: participants in "
        "arm B must have finished chemoradiation 4-10 weeks before day 1."
    )

    read = washouts(text)

    assert read["chemotherapy"]["days"] == 21
    assert read["radiotherapy"]["days"] == 21


def test_checkpoint_antibodies_listed_with_and_are_immunotherapy_only() -> None:
    text = (
        "Therapy with anti-PD-1, anti-CTLA-4, and anti-PD-L1 therapeutic antibodies within 10 "
        "weeks of enrolment"
    )

    assert set(washouts(text)) == {"immunotherapy"}


def test_a_narrower_group_with_a_longer_window_is_an_exception() -> None:
    text = (
        "At least 4 weeks since the last systemic anticancer treatment, or at least 8 weeks "
        "since antibody-drug conjugates or radiopharmaceuticals"
    )

    read = washouts(text, "inclusion")

    assert read["biologic"]["days"] == 28
    assert any("8" in words or "56" in words for words in read["biologic"]["exceptions"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Earlier treatment with a checkpoint inhibitor is permitted provided an 8-week "
            "washout has been respected",
            {"immunotherapy": 56},
        ),
        (
            "Patients previously given anti-PD-L1 antibodies are eligible if it has been at "
            "least 3 months since their last infusion",
            {"immunotherapy": 90},
        ),
        (
            "Prior radiotherapy is acceptable provided that it ended >= 10 days before "
            "registration",
            {"radiotherapy": 10},
        ),
        (
            "Participants may have had MEK inhibitors if > 3 weeks have passed since the last "
            "tablet",
            {"targeted_small_molecule": 21},
        ),
        (
            "Participants who took a BTK inhibitor and stopped it > 2 weeks before screening "
            "are eligible",
            {"targeted_small_molecule": 14},
        ),
        ("Prior use of sunitinib is permissible following a washout of 12 days", None),
    ],
)
def test_a_treatment_admitted_once_a_window_has_passed_is_a_washout(
    text: str, expected: dict[str, int] | None
) -> None:
    read = {category: params["days"] for category, params in washouts(text, "inclusion").items()}

    assert read == (expected or {"targeted_small_molecule": 12})


def test_a_treatment_admitted_within_a_window_is_still_a_permission() -> None:
    assert washouts("Palliative radiotherapy within 7 days of day 1 is permitted") == {}
    assert (
        washouts(
            "Prior immunotherapy is allowed if disease progression occurred at least 8 weeks "
            "after the last dose",
            "inclusion",
        )
        == {}
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Any lymphoma therapy within 8 weeks of enrolment", set(BROAD_CLASSES)),
        ("Any anti-tumour-directed drug treatment within 14 days", set(BROAD_CLASSES)),
        (
            "Systemic immunostimulatory agents such as interleukin-2 within 4 weeks",
            {"immunotherapy"},
        ),
        ("Immune therapy within 3 weeks before leukapheresis", {"immunotherapy"}),
        ("Receipt of a drug under development within 30 days of day 1", {"investigational"}),
    ],
)
def test_more_names_for_the_classes(text: str, expected: set[str]) -> None:
    assert set(washouts(text)) == expected


def test_a_class_labelled_before_a_washout_heading() -> None:
    assert washouts("Cytotoxic chemotherapy: washout period 2 weeks before apheresis") == {
        "chemotherapy": {"category": "chemotherapy", "days": 14}
    }


def test_a_half_life_alternative_between_the_window_and_before() -> None:
    text = (
        "Previous immunotherapy or radiotherapy must have been completed at least 4 weeks or at "
        "least 5 half-lives, whichever is shorter, before the first dose"
    )

    read = washouts(text, "inclusion")

    assert read["immunotherapy"] == {"category": "immunotherapy", "days": 28, "bound": "at_most"}
    assert read["radiotherapy"]["days"] == 28


def test_a_requirement_joined_after_the_treatment_ends_its_words() -> None:
    text = (
        "Those treated with a checkpoint inhibitor must have at least 5 weeks from the last "
        "infusion of anti-PD-L1 antibody and documented radiological progression before enrolment"
    )

    assert washouts(text, "inclusion") == {
        "immunotherapy": {"category": "immunotherapy", "days": 35}
    }


def test_a_wait_before_the_study_is_a_washout() -> None:
    text = (
        "Participants treated with an experimental agent in an earlier trial must wait 21 days "
        "or 5 half-lives, whichever is shorter, before randomisation"
    )

    assert washouts(text)["investigational"] == {
        "category": "investigational",
        "days": 21,
        "bound": "at_most",
    }


def test_a_note_that_permits_is_read_apart_from_the_window() -> None:
    text = (
        "Received an investigational drug within 30 days of day 1 Note: those in the follow-up "
        "part of another study may take part if 30 days have passed"
    )

    assert washouts(text)["investigational"]["days"] == 30


def test_a_permission_inside_an_exception_leaves_the_window() -> None:
    text = (
        "Investigational agents used within 3 weeks before day 1, except for people with "
        "hepatitis C who may continue their antiviral medicine"
    )

    assert washouts(text)["investigational"]["days"] == 21


def test_a_window_between_the_verb_and_the_trial() -> None:
    text = (
        "Has taken part, within 28 days before the first dose, in another interventional "
        "study of a drug or device"
    )

    assert washouts(text)["investigational"]["days"] == 28


def test_including_but_not_limited_to_lists_classes_and_is_no_exception() -> None:
    text = (
        "Any anticancer treatment in the past month, including but not limited to "
        "chemotherapy, radiotherapy or hormone therapy"
    )

    read = washouts(text)

    assert read["radiotherapy"] == {"category": "radiotherapy", "days": 30}
    assert "exceptions" not in read["chemotherapy"]


def test_a_metastatic_lesion_is_not_a_brain_metastasis() -> None:
    text = (
        "If palliative radiotherapy to a metastatic bone lesion was given, it must have been "
        "completed at least 10 days before day 1"
    )

    assert washouts(text, "inclusion") == {"radiotherapy": {"category": "radiotherapy", "days": 10}}


def test_windows_given_per_subgroup_are_not_everyones() -> None:
    text = (
        "Prior radiotherapy: For participants with spinal disease: at least 3 weeks since the "
        "last fraction. For participants with visceral disease: at least 1 week since the last "
        "fraction."
    )

    assert washouts(text, "inclusion") == {}


def test_a_wide_field_window_in_the_same_clause_is_an_exception() -> None:
    text = (
        "Palliative radiotherapy within 1 week or radiotherapy to more than 25% of the bone "
        "marrow within 3 weeks before day 1"
    )

    read = washouts(text)

    assert read["radiotherapy"]["days"] == 7
    assert read["radiotherapy"]["exceptions"]


def test_a_narrower_group_in_its_own_item_is_an_exception() -> None:
    text = (
        "Any of the following before day 1: systemic anticancer therapy within 2 weeks; "
        "antibody-drug conjugates within 8 weeks"
    )

    read = washouts(text)

    assert read["biologic"]["days"] == 14
    assert read["chemotherapy"]["days"] == 14


def test_the_last_dose_of_the_antibody_named_before_keeps_its_class() -> None:
    text = (
        "Participants previously given an anti-PD-L1 antibody must have at least 6 weeks from "
        "the last dose of antibody before they can be enrolled"
    )

    assert washouts(text, "inclusion") == {
        "immunotherapy": {"category": "immunotherapy", "days": 42}
    }


def test_clauses_joined_by_or_share_the_refusal_that_ends_them() -> None:
    text = (
        "Participants given palliative radiotherapy within 1 week before day 1; or radiotherapy "
        "to more than 25% of the bone marrow within 3 weeks before day 1 are not eligible"
    )

    read = washouts(text, "inclusion")

    assert read["radiotherapy"]["days"] == 7


def test_a_washout_heading_without_a_label_takes_no_class_from_its_sentence() -> None:
    text = (
        "Those on earlier systemic therapy need a minimum washout period of: 3 weeks or 5 "
        "half-lives from any study drug; 1 week from hormonal agents"
    )

    assert "chemotherapy" not in washouts(text, "inclusion")


def test_a_washout_period_after_the_treatment_in_one_sentence() -> None:
    assert washouts("Earlier radiotherapy with a washout period of >= 10 days", "inclusion") == {
        "radiotherapy": {"category": "radiotherapy", "days": 10}
    }


@pytest.mark.parametrize(
    "text",
    [
        "A history of antibody-mediated allograft rejection within 6 months of screening",
        "No other malignancies for which systemic therapy was given within 12 months",
    ],
)
def test_rejection_and_another_cancers_treatment_are_not_washouts(text: str) -> None:
    assert washouts(text) == {}


def test_classes_an_exception_names_are_left_out_of_a_broad_window() -> None:
    text = (
        "Any prior anticancer therapy, with the exception of chemotherapy or anti-PD-1 therapy, "
        "within 5 weeks of the first dose"
    )

    read = washouts(text)

    assert "chemotherapy" not in read
    assert "immunotherapy" not in read
    assert read["targeted_small_molecule"]["days"] == 35


def test_a_window_that_must_have_elapsed_before_the_study() -> None:
    text = (
        "Systemic anticancer therapy within 2 weeks before day 1. For those given monoclonal "
        "antibodies, at least 4 weeks must have elapsed before day 1."
    )

    read = washouts(text)

    assert read["biologic"]["days"] == 28
    assert read["chemotherapy"]["days"] == 14


def test_a_washout_clause_after_a_permission_takes_its_treatments() -> None:
    text = "Earlier systemic immunotherapy is allowed; washout period of 21 days since last dose"

    assert washouts(text, "inclusion") == {
        "immunotherapy": {"category": "immunotherapy", "days": 21}
    }


def test_a_labelled_window_with_a_half_life_alternative_before_the_start() -> None:
    text = "Investigational agents: 3 weeks or 5 half-lives, whichever is shorter before apheresis"

    assert washouts(text)["investigational"]["days"] == 21


def test_target_therapy_is_a_targeted_class() -> None:
    text = "Participants who stopped target therapy > 2 months before inclusion are eligible"

    assert washouts(text, "inclusion") == {
        "targeted_small_molecule": {"category": "targeted_small_molecule", "days": 60}
    }


def test_a_situation_after_an_exception_lead_is_its_class_window() -> None:
    # Nitrosoureas are a narrower group of chemotherapy (the general window stays, the longer
    # one an exception); "small-molecule targeted drugs" are the whole targeted class, whose
    # own window the situation gives.
    text = (
        "Chemotherapy, targeted therapy or other anticancer therapy within 4 weeks before the "
        "first dose, except in the following situations: nitrosoureas within 6 weeks before the "
        "first dose; small-molecule targeted drugs within 2 weeks before the first dose"
    )

    read = washouts(text)
    assert read["targeted_small_molecule"]["days"] == 14
    assert read["chemotherapy"]["days"] == 28
    assert any("nitrosoureas" in words for words in read["chemotherapy"]["exceptions"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Adjuvant anti-PD-1 therapy, unless it was completed more than 8 weeks before "
            "registration",
            {"immunotherapy": 56},
        ),
        # Months after an adjuvant treatment are a relapse-free interval, not a washout.
        (
            "Adjuvant anti-PD-1 therapy, unless it was completed more than 4 months before "
            "registration",
            {},
        ),
        (
            "Those who had adjuvant BRAF inhibitors are eligible unless the last dose was within "
            "8 weeks of day 1",
            {"targeted_small_molecule": 56},
        ),
        (
            "Any earlier systemic therapy for sarcoma, unless given in the adjuvant setting and "
            "completed more than 12 months before registration",
            {},
        ),
        (
            "Adjuvant checkpoint inhibitors unless received more than 6 months prior to the "
            "initial diagnosis of metastatic disease",
            {},
        ),
    ],
)
def test_a_treatment_ruled_out_unless_a_window_has_passed(
    text: str, expected: dict[str, int]
) -> None:
    read = {category: params["days"] for category, params in washouts(text).items()}

    assert read == expected


def test_must_cease_and_not_allowed_for_are_windows_before_the_study() -> None:
    assert washouts(
        "Radiotherapy and chemotherapy must cease 21 days before apheresis", "inclusion"
    ) == {
        "radiotherapy": {"category": "radiotherapy", "days": 21},
        "chemotherapy": {"category": "chemotherapy", "days": 21},
    }
    assert set(
        washouts("Anticancer drugs were not allowed for 3 weeks before the infusion", "inclusion")
    ) == set(BROAD_CLASSES)


def test_the_study_drug_after_a_window_is_not_the_treatment_washed_out() -> None:
    text = (
        "Patients with glioma may be considered unless a tumour haemorrhage occurred within 3 "
        "weeks of the first dose of nivolumab"
    )

    assert washouts(text) == {}


def test_a_broad_term_in_an_exception_with_its_own_window_leaves_the_classes() -> None:
    text = (
        "Chemotherapy or other anticancer therapy completed < 4 weeks before the first dose "
        "(exceptions: small-molecule anticancer therapy completed > 10 days before the first "
        "dose)"
    )

    assert washouts(text)["chemotherapy"]["days"] == 28


@pytest.mark.parametrize(
    "text",
    [
        "Treatment with anti-CTLA-4 (cytotoxic T-lymphocyte antigen 4) antibodies within 5 weeks",
        "Any toxicity of earlier systemic therapy must have resolved to grade 1 at least 2 weeks "
        "before enrolment",
        "Radiation to the liver of more than 40Gy within 3 months of day 1",
        "Granulocyte colony-stimulating factor or other biologic response modifiers within 2 "
        "weeks of day 1",
        "Systemic glucocorticoids or other immune modulating agents in the last 2 months",
        "Active infection within 2 weeks or antibiotics within 1 week before the first IMP "
        "administration",
    ],
)
def test_wordings_that_name_no_cancer_treatment_window(text: str) -> None:
    read = washouts(text, "inclusion" if text.startswith("Any toxicity") else "exclusion")

    assert set(read) <= {"immunotherapy"}


def test_non_cytotoxic_agents_and_excluded_parentheses_are_not_listed_classes() -> None:
    assert set(washouts("Non-cytotoxic or targeted drugs within 3 weeks of day 1")) == {
        "targeted_small_molecule"
    }
    read = washouts(
        "Chemotherapy or biological cancer therapy (not including anti-PD-1 immunotherapy) "
        "within 3 weeks of day 1"
    )
    assert "immunotherapy" not in read


@pytest.mark.parametrize(
    "text",
    [
        "Any other systemic intervention for the lung cancer within 3 weeks of the first dose",
        "Receipt of systemic or intralesional therapy for the current cancer within 21 days",
        "Tumour-targeting treatments of any kind must be stopped 21 days before the first dose",
    ],
)
def test_broad_wordings_for_systemic_cancer_therapy_set_the_four_systemic_classes(
    text: str,
) -> None:
    kind = "inclusion" if "must be stopped" in text else "exclusion"
    read = washouts(text, kind)

    assert {category: read[category]["days"] for category in BROAD_CLASSES} == dict.fromkeys(
        BROAD_CLASSES, 21
    )
    assert "hormonal" not in read
    assert "radiotherapy" not in read


def test_a_systemic_intervention_for_infection_or_a_non_systemic_one_is_no_washout() -> None:
    assert not washouts("Systemic treatment for infection within 14 days before enrolment")
    assert not washouts("Non-systemic intervention for the tumour within 14 days")


def test_items_run_together_with_a_pregnancy_item_keep_their_own_washouts() -> None:
    text = (
        "History of psychiatric illness; Underwent major surgery within 21 days before the first "
        "dose; Took part in another interventional trial within 30 days before the first dose; "
        "Pregnant or lactating women, or a positive pregnancy test at screening"
    )

    read = {
        p.params["category"]: p.params["days"]
        for p in read_line("exclusion", text)
        if p.type == "washout"
    }

    assert read == {"major_surgery": 21, "investigational": 30}


def test_a_contraception_period_after_the_last_dose_is_still_no_washout() -> None:
    text = (
        "Women of childbearing potential must use contraception until 6 months after the last "
        "dose of chemotherapy; a negative pregnancy test within 7 days before the first dose"
    )

    assert not [p for p in read_line("inclusion", text) if p.type == "washout"]
    assert not [p for p in read_line("exclusion", text) if p.type == "washout"]


def test_examples_after_a_stray_semicolon_keep_the_window_with_its_treatment() -> None:
    text = (
        "Prior therapy with PD-1 or PD-L1 blocking antibodies; (including pembrolizumab) within "
        "21 days before the first dose"
    )
    proposals = read_line("exclusion", text)

    assert washouts(text)["immunotherapy"]["days"] == 21
    assert not [p for p in proposals if p.type == "prior_therapy"]


def test_a_class_with_its_own_window_in_a_parenthesis_after_no_class_is_read() -> None:
    text = (
        "Systemic immune-modulating drugs within 7 days before the first dose (immunotherapy "
        "within 6 weeks)"
    )

    assert {c: w["days"] for c, w in washouts(text).items()} == {"immunotherapy": 42}


@pytest.mark.parametrize(
    "text",
    [
        # a progression window, a permission and two windows in one parenthesis stay unread
        "No systemic therapy for advanced disease (adjuvant immunotherapy allowed if relapse "
        "occurred at least 6 months after its end)",
        "Anticoagulants within 7 days (radiotherapy may be given within 2 weeks)",
    ],
)
def test_a_parenthesis_after_no_class_gives_no_window_unless_it_is_a_plain_one(
    text: str,
) -> None:
    read = washouts(text)

    assert "immunotherapy" not in read
    assert "radiotherapy" not in read


def test_lower_bounds_per_class_in_a_parenthesis_after_a_recovery_rule() -> None:
    text = (
        "Participants who had an operation must have recovered before enrolment (and no less "
        "than 21 days for major surgery and 7 days for minor surgery)"
    )

    read = washouts(text, "inclusion")

    assert read["major_surgery"]["days"] == 21
    assert read["minor_surgery"]["days"] == 7


def test_biotherapy_is_a_biologic_and_an_investigation_drug_is_investigational() -> None:
    read = washouts("Biotherapy or an investigation drug within 3 weeks before the first dose")

    assert read["biologic"]["days"] == 21
    assert read["investigational"]["days"] == 21
    assert "chemotherapy" not in read
    assert not washouts("Laboratory investigation within 14 days before the first dose")


@pytest.mark.parametrize(
    "text",
    [
        "Patients who received anti-PD-1 in the past are eligible if it has been at least 6 months "
        "since the last anti-PD-1 dose",
        "No prior checkpoint inhibitor for metastatic disease. Adjuvant checkpoint inhibitors are "
        "allowed if the last dose was given >= 6 months before enrolment",
        "Prior adjuvant chemotherapy is allowed if more than 12 months have elapsed",
    ],
)
def test_a_systemic_treatment_admitted_months_later_is_a_recency_rule(text: str) -> None:
    # A relapse-free interval after the treatment, not a washout (drugs clear in weeks).
    assert washouts(text, "inclusion") == {}


def test_a_short_admission_window_and_radiotherapy_stay_washouts() -> None:
    assert washouts(
        "Prior immunotherapy is allowed if more than 4 weeks have elapsed", "inclusion"
    ) == {"immunotherapy": {"category": "immunotherapy", "days": 28}}
    assert washouts(
        "Prior radiotherapy to the chest is allowed if more than 6 months have elapsed", "inclusion"
    ) == {"radiotherapy": {"category": "radiotherapy", "days": 180}}


def test_a_class_own_window_beats_a_broad_term_in_the_same_line() -> None:
    text = (
        "Any anti-tumour therapy within 4 weeks before the first dose; small-molecule tyrosine "
        "kinase inhibitors within 2 weeks before the first dose"
    )

    read = {category: params["days"] for category, params in washouts(text).items()}
    assert read["targeted_small_molecule"] == 14
    assert read["chemotherapy"] == read["immunotherapy"] == read["biologic"] == 28


def test_a_broad_term_does_not_lengthen_a_class_own_window() -> None:
    text = (
        "Kinase inhibitors within 7 days before the first dose; any other anticancer therapy "
        "within 21 days before the first dose"
    )

    read = {category: params["days"] for category, params in washouts(text).items()}
    assert read["targeted_small_molecule"] == 7
    assert read["chemotherapy"] == 21


def test_an_immunosuppressant_admitted_after_a_window_is_no_washout() -> None:
    text = (
        "Participants with a history of immunosuppressant (infliximab etc) use can be allowed if "
        "the last dose was given >= 3 months prior to treatment when used for conditions other "
        "than ICI-induced toxicity"
    )

    assert washouts(text, "inclusion") == {}


def test_a_class_own_window_in_the_same_clause_beats_the_broad_term() -> None:
    text = (
        "Received chemotherapy, immunotherapy and other anti-tumor therapy within 21 days before "
        "the first dose, or received small molecule targeted drugs within 14 days before the "
        "first dose"
    )

    read = {category: params["days"] for category, params in washouts(text).items()}
    assert read["targeted_small_molecule"] == 14
    assert read["chemotherapy"] == read["biologic"] == 21


@pytest.mark.parametrize(
    "text",
    [
        "Patients who received adjuvant immunotherapy within 6 months prior to curative treatment",
        "Platinum-based chemotherapy in the non-metastatic setting within 12 months prior to "
        "randomization",
    ],
)
def test_months_since_an_earlier_setting_treatment_are_no_washout(text: str) -> None:
    assert washouts(text) == {}


def test_months_without_a_setting_and_weeks_after_adjuvant_stay_washouts() -> None:
    assert washouts("Received cytotoxic chemotherapy within the last 6 months") == {
        "chemotherapy": {"category": "chemotherapy", "days": 180}
    }
    assert washouts("Adjuvant chemotherapy within 4 weeks before the first dose") == {
        "chemotherapy": {"category": "chemotherapy", "days": 28}
    }


def test_classes_excluded_at_any_time_have_no_window() -> None:
    text = (
        "Subject has been administered prior chemotherapy or immunotherapy at any time, and any "
        "radiation therapy within 4 weeks prior to consent"
    )

    assert washouts(text) == {"radiotherapy": {"category": "radiotherapy", "days": 28}}


def test_no_later_than_months_after_a_start_is_no_washout() -> None:
    text = "Inclusion no later than 9 months after start of treatment with ipilimumab-nivolumab"

    assert washouts(text) == {}


def test_a_window_from_the_start_of_study_treatment_after_completion_is_a_washout() -> None:
    text = (
        "Patients must have completed prior chemotherapy at least 4 weeks from the start of "
        "study treatment"
    )

    assert washouts(text, "inclusion")["chemotherapy"]["days"] == 28


def test_must_have_completed_treatments_before_in_an_exclusion_is_a_washout() -> None:
    text = (
        "For treatment enrollment the patient must have completed all prior cancer treatments "
        "> 28 days prior to vaccine administration with the exception of adjuvant immunotherapy."
    )

    read = washouts(text)

    assert read["chemotherapy"]["days"] == 28
    assert read["biologic"]["days"] == 28
    assert "immunotherapy" not in read


def test_vaccine_therapy_listed_with_cancer_therapies_leaves_their_window() -> None:
    text = (
        "Chemotherapy, radiation, gene therapy, vaccine therapy, or anti-cancer antibodies "
        "within 28 days of Cycle 1 Day 1"
    )

    read = washouts(text)

    assert read["chemotherapy"]["days"] == 28
    assert read["radiotherapy"]["days"] == 28
    assert read["biologic"]["days"] == 28
    assert washouts("Live vaccine within 30 days prior to the first dose") == {}


def test_a_window_in_a_parenthesis_after_previous_is_the_clause_window() -> None:
    read = washouts("Previous (one month) or concurrent chemotherapy or radiotherapy.")

    assert read["chemotherapy"]["days"] == 30
    assert read["radiotherapy"]["days"] == 30
    both = washouts("Previous (one month) or concurrent chemotherapy; surgery within 2 weeks")
    assert both["chemotherapy"]["days"] == 30
    assert both["major_surgery"]["days"] == 14


def test_windows_given_respectively_pair_with_the_classes_in_order() -> None:
    text = (
        "Prior chemotherapy and immunotherapy are allowed provided a wash-out period of 21 "
        "days, or 7 days, respectively"
    )

    read = washouts(text, "inclusion")

    assert read["chemotherapy"]["days"] == 21
    assert read["immunotherapy"]["days"] == 7
    recency = (
        "Patients must have received radiotherapy and chemotherapy within 6 and 12 months, "
        "respectively"
    )
    assert washouts(recency, "inclusion") == {}


def test_a_time_interval_since_the_last_treatment_is_a_washout_not_a_free_interval() -> None:
    text = (
        "Patients who have received systemic drug therapy, radiotherapy, or local liver "
        "treatment, with a time interval of less than 1 month since the last systemic treatment"
    )

    assert washouts(text)["chemotherapy"]["days"] == 30
    assert washouts("Platinum-free interval of less than 6 months since the last platinum") == {}


def test_a_washout_period_counted_from_the_last_treatment() -> None:
    text = (
        "There is at least a 6 month wash out period from the last date radiation was received "
        "to assess for radiation toxicity."
    )
    assert {c: w["days"] for c, w in washouts(text, "inclusion").items()} == {"radiotherapy": 180}
    assert (
        washouts("At least a 4 week washout period from the last chemotherapy", "inclusion")[
            "chemotherapy"
        ]["days"]
        == 28
    )


def test_an_inclusion_saying_the_window_since_prior_treatment_is_past() -> None:
    text = (
        "Prior anti-tumor treatment (including chemical/ radiotherapy, targeted therapy) was over "
        "4 weeks and was recovered to grade 1 from the side effects of prior treatment."
    )
    read = washouts(text, "inclusion")
    assert {c: w["days"] for c, w in read.items()} == {
        **dict.fromkeys(BROAD_CLASSES, 28),
        "radiotherapy": 28,
    }
    # Only an inclusion says so; an interval from the diagnosis is none.
    assert washouts("Time from diagnosis was more than 4 weeks", "inclusion") == {}


def test_treatments_listed_after_a_broad_term_the_window_counts_from() -> None:
    text = (
        "At least 4 weeks from any anticancer treatment (cytotoxic chemotherapy, signal "
        "transduction inhibitors, immunotherapy or radiation)"
    )
    read = washouts(text, "inclusion")
    assert read["radiotherapy"]["days"] == 28
    assert read["chemotherapy"]["days"] == 28
    plain = washouts(
        "At least 4 weeks since any anticancer therapy (patients on steroids)", "inclusion"
    )
    assert "radiotherapy" not in plain


def test_a_steroid_in_the_list_leaves_the_other_treatments_window() -> None:
    text = (
        "Patients who have received cytostatic chemotherapy, glucocorticoids, or immune "
        "modulatory agents (including low-dose methotrexate) during the last 3 months are not "
        "eligible."
    )
    assert {c: w["days"] for c, w in washouts(text).items()} == {"chemotherapy": 90}
    listed = "Received chemotherapy, radiation therapy, or steroids within 14 days"
    assert set(washouts(listed)) == {"chemotherapy", "radiotherapy"}
    # A steroid window alone, or one tied to the chemotherapy, stays no washout.
    assert washouts("Steroids within 14 days") == {}
    assert washouts("Chemotherapy requiring corticosteroid premedication within 14 days") == {}


# Old registry records: one sub-heading per class under "PRIOR CONCURRENT THERAPY:" -----------


def _under_headings(*texts: str) -> dict[str, dict[str, Any]]:
    criteria = propose_criteria(
        [CriterionRecord("inclusion", text, line=n) for n, text in enumerate(texts, 1)],
        registry_ages=False,
    )
    return {c.params["category"]: c.params for c in criteria if c.type == "washout"}


def test_a_class_subheading_names_the_class_of_a_bare_window_under_it() -> None:
    read = _under_headings(
        "PRIOR CONCURRENT THERAPY:",
        "Biologic therapy",
        "More than 4 weeks since prior",
        "Chemotherapy",
        "See Disease Characteristics",
        "At least 3 weeks since prior (6 weeks for mitomycin or nitrosoureas)",
        "Surgery:",
        "At least 2 weeks since prior and recovered",
    )

    assert read["biologic"]["days"] == 28
    assert read["chemotherapy"]["days"] == 21
    assert read["chemotherapy"]["exceptions"] == ["6 weeks for mitomycin or nitrosoureas"]
    assert read["major_surgery"]["days"] == 14
    assert set(read) == {"biologic", "chemotherapy", "major_surgery"}


def test_a_drug_of_no_known_class_takes_its_subheadings_class() -> None:
    read = _under_headings(
        "Biologic therapy:",
        "At least 4 weeks since prior interferon alfa",
        "Chemotherapy:",
        "At least 6 weeks since prior lomustine",
    )

    assert read == {
        "biologic": {"category": "biologic", "days": 28},
        "chemotherapy": {"category": "chemotherapy", "days": 42},
    }


def test_a_class_label_before_a_bare_window_on_one_line() -> None:
    assert (
        _under_headings("Chemotherapy: More than 3 weeks since prior")["chemotherapy"]["days"] == 21
    )


@pytest.mark.parametrize(
    "texts",
    [
        # a supportive drug under the biologic sub-heading is no cancer therapy
        ("Biologic therapy", "At least 1 week since prior filgrastim (G-CSF)"),
        # another sub-heading ends the class's lines
        ("Chemotherapy", "Other", "At least 4 weeks since prior therapy"),
        ("Chemotherapy", "Performance status", "At least 2 weeks since prior"),
        # a bare window with no sub-heading names no class
        ("At least 4 weeks since prior",),
        ("Chemotherapy", "At least 4 weeks since prior and no concurrent sargramostim"),
    ],
)
def test_no_class_without_a_class_subheading_over_the_window(texts: tuple[str, ...]) -> None:
    assert _under_headings(*texts) == {}


def test_a_named_class_under_another_subheading_keeps_its_own_class() -> None:
    read = _under_headings("Biologic therapy", "At least 4 weeks since prior immunotherapy")

    assert set(read) == {"immunotherapy"}


def test_a_longer_window_for_part_of_the_class_named_outside_is_its_exception() -> None:
    read = washouts(
        "At least 4 weeks since prior immunotherapy (6 weeks for anti-CTLA-4 antibodies)",
        "inclusion",
    )

    assert read["immunotherapy"]["days"] == 28
    assert read["immunotherapy"]["exceptions"] == ["6 weeks for anti-ctla-4 antibodies"]


@pytest.mark.parametrize(
    "text",
    [
        "More than 6 months since prior chemotherapy (systemic chemotherapy stratum)",
        "Must meet one of the two following categories: sensitive disease (prior chemotherapy "
        "completed at least 90 days before registration) OR refractory disease",
    ],
)
def test_a_window_for_one_stratum_or_one_alternative_is_no_washout(text: str) -> None:
    assert _under_headings(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Received checkpoint blockade therapy within the preceding 12 weeks",
            {"immunotherapy": 84},
        ),
        (
            "Pazopanib or cediranib within 14 days before the first dose",
            {"targeted_small_molecule": 14},
        ),
        (
            "No kinase inhibitors may have been administered within 3 weeks before the first dose",
            {"targeted_small_molecule": 21},
        ),
        (
            "Has received the following treatments within 4 weeks of registration: chemotherapy; "
            "high doses of systemic corticosteroids; growth factors; targeted therapies for "
            "mutated BRAF",
            {"chemotherapy": 28, "targeted_small_molecule": 28},
        ),
        ("Immunostimulatory agents for non-malignant conditions within 6 weeks", {}),
    ],
)
def test_more_treatment_names_refusals_and_lists_with_supportive_items(
    text: str, expected: dict[str, int]
) -> None:
    assert {category: p["days"] for category, p in washouts(text).items()} == expected


def test_a_clause_giving_one_class_its_own_window_after_the_general_one() -> None:
    read = washouts(
        "Prior chemotherapy or other anticancer agents within 21 days; and/or 4 weeks for "
        "immunotherapy, before the first dose"
    )

    assert read["chemotherapy"]["days"] == 21
    assert read["immunotherapy"]["days"] == 28


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Prior therapy (chemotherapy, radiotherapy, or surgery) must have been completed at "
            "least 3 weeks before study entry",
            {"chemotherapy": 21, "radiotherapy": 21, "major_surgery": 21},
        ),
        ("At least 3 half-lives or 28 days since prior monoclonal antibody", {"biologic": 28}),
        ("At least 8 weeks since prior radioimmunotherapy", {}),
    ],
)
def test_a_therapy_noun_with_its_classes_half_lives_first_and_radioimmunotherapy(
    text: str, expected: dict[str, int]
) -> None:
    assert {c: p["days"] for c, p in washouts(text, "inclusion").items()} == expected


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "inclusion",
            "Patients must be >= 4 weeks from monoclonal antibody therapy and >= 2 weeks from "
            "sunitinib or everolimus",
            {"biologic": 28, "targeted_small_molecule": 14},
        ),
        (
            "exclusion",
            "Antibodies given for direct anti-neoplastic treatment within 4 weeks",
            {"biologic": 28},
        ),
        (
            "exclusion",
            "Recent (within 10 days before the first dose of bevacizumab) use of aspirin, or "
            "recent (within 10 days before the first dose of bevacizumab) use of clopidogrel",
            {},
        ),
        (
            "exclusion",
            "Cytotoxic or targeted small molecule therapy within at least 2 weeks",
            {"chemotherapy": 14, "targeted_small_molecule": 14},
        ),
    ],
)
def test_from_a_class_a_purpose_the_study_drug_and_within_at_least(
    kind: str, text: str, expected: dict[str, int]
) -> None:
    assert {c: p["days"] for c, p in washouts(text, kind).items()} == expected


def test_a_class_label_before_a_negated_receipt_names_the_class() -> None:
    text = "Myelosuppressive chemotherapy: must not have received within 2 weeks of study entry"

    assert washouts(text, "exclusion")["chemotherapy"]["days"] == 14
    assert _under_headings(text)["chemotherapy"]["days"] == 14


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "inclusion",
            "Eligible patients must not have been on prior chemotherapy or biological therapy for "
            "at least 3 weeks before study entry",
            {"chemotherapy": 21, "biologic": 21},
        ),
        (
            "exclusion",
            "An investigational anti-cancer drug within 28 days",
            {"investigational": 28},
        ),
        (
            "exclusion",
            "For prior monoclonal antibodies the interval must be at least 28 days prior to the "
            "first dose of study drug",
            {"biologic": 28},
        ),
        ("exclusion", "The required washout period prior to starting olaparib is 2 weeks", {}),
        ("inclusion", "Platinum-free interval should be >= 6 months from the last platinum", {}),
    ],
)
def test_off_a_therapy_an_investigational_drug_an_interval_and_the_study_drug(
    kind: str, text: str, expected: dict[str, int]
) -> None:
    assert {c: p["days"] for c, p in washouts(text, kind).items()} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the class's own words in the parenthesis: its own longer window
        (
            "Another investigational drug or biological agent within 4 weeks (6 weeks for "
            "biological agents)",
            {"biologic": 42, "investigational": 28},
        ),
        # coordinated with "or", the broad term still counts
        (
            "Any conventional or investigational anticancer therapy within 21 days",
            {c: 21 for c in BROAD_CLASSES} | {"investigational": 21},
        ),
        ("Pleurodesis without anti-neoplastic agents: 2 weeks before registration", {}),
        (
            "Chemotherapy or other anticancer therapeutics within 4 weeks",
            dict.fromkeys(BROAD_CLASSES, 28),
        ),
        # "hormonal anti-cancer therapy" is no systemic class
        (
            "Received prior hormonal anti-cancer therapy, except for <= 14 days of tamoxifen",
            {},
        ),
    ],
)
def test_broad_terms_bounded_by_their_neighbours(text: str, expected: dict[str, int]) -> None:
    read = {c: p["days"] for c, p in washouts(text).items() if c != "hormonal"}

    assert read == expected


def test_a_heading_before_a_class_label_does_not_hide_its_window() -> None:
    text = (
        "Must meet the following with respect to prior cancer therapy and stem cell "
        "transplants: Myelosuppressive chemotherapy: at least 3 weeks must have elapsed since "
        "the completion of myelosuppressive chemotherapy"
    )

    assert washouts(text, "inclusion")["chemotherapy"]["days"] == 21


def test_a_broad_window_not_otherwise_specified_leaves_a_class_its_own() -> None:
    read = _under_headings(
        "No EGFR TKI within 8 days of the first dose",
        "No other anticancer therapy not otherwise specified within 21 days of the first dose",
    )

    assert read["targeted_small_molecule"]["days"] == 8
    assert read["chemotherapy"]["days"] == 21


@pytest.mark.parametrize(
    "text",
    [
        "Inability to interrupt aspirin or other NSAIDs for 2 days before, the day of, and 2 days "
        "after the dose of pemetrexed",
        "Aspirin above 325 mg/day within 10 days before the first dose",
    ],
)
def test_pausing_aspirin_around_the_study_drug_is_no_washout(text: str) -> None:
    assert washouts(text) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Adjuvant chemotherapy or RT is permitted if it has been elapsed for >= 12 months prior to "
        "disease progression.",
        "Definitive radiotherapy was allowed if the last treatment was more than 12 months after "
        "disease recurrence.",
        "Prior curative surgery at least 3 months prior to the nodal recurrence",
    ],
)
def test_a_window_counted_from_a_named_disease_event_is_no_washout(text: str) -> None:
    assert washouts(text, "inclusion") == {}
    assert washouts(text) == {}


def test_a_window_in_parentheses_after_recently_is_the_clause_window() -> None:
    text = "Currently or recently (within 30 days before enrolment) taking part in another study."
    assert washouts(text)["investigational"]["days"] == 30


def test_a_required_gap_from_the_first_dose_in_an_exclusion_is_a_washout() -> None:
    text = "The last dose of an investigational agent must be greater than 4 weeks from day 1."
    assert washouts(text)["investigational"]["days"] == 28


def test_extensive_or_marrow_share_radiotherapy_is_the_general_windows_exception() -> None:
    text = (
        "Received > 30% bone marrow or extensive radiation within 28 days before the first dose; "
        "local radiotherapy within 7 days before the first dose."
    )
    read = washouts(text)
    assert read["radiotherapy"]["days"] == 7
    assert read["radiotherapy"]["exceptions"]


def test_a_chemotherapy_example_of_local_cns_treatment_stays_in_the_cns_rule() -> None:
    text = (
        "Unstable brain metastases; patients who received local radiotherapy or other local CNS "
        "treatment (e.g., intrathecal chemotherapy) within 14 days before the first dose."
    )
    assert washouts(text) == {}


def test_local_treatment_under_a_treated_cns_metastases_lead_is_the_cns_rule() -> None:
    text = (
        "Patients with treated central nervous system (CNS) metastases are eligible provided "
        "they meet all of the following: no progression in the CNS; minimum of 2 weeks between "
        "completion of radiotherapy and Cycle 1 Day 1"
    )
    assert washouts(text) == {}
    plain = "Any of the following within 4 weeks before the first dose: radiotherapy; major surgery"
    assert set(washouts(plain)) == {"radiotherapy", "major_surgery"}


def test_re_irradiation_at_the_target_lesion_sites_is_no_washout() -> None:
    text = "At least 50 days since the last irradiation at target lesion sites"
    assert washouts(text, "inclusion") == {}
    assert washouts("At least 50 days since the last irradiation", "inclusion")


def test_each_item_of_a_list_keeps_its_own_lower_bound_window() -> None:
    text = (
        "Prior systemic anticancer therapy completed >= 3 weeks, major surgery >= 2 weeks and "
        "radiation therapy >= 4 weeks prior to enrolment"
    )
    read = {c: w["days"] for c, w in washouts(text, "inclusion").items()}
    assert read["major_surgery"] == 14
    assert read["radiotherapy"] == 28
    assert read["chemotherapy"] == 21


def test_a_condition_in_parentheses_is_no_window_of_its_own() -> None:
    text = (
        "At least 28 days have elapsed by the time of randomisation since the last irradiation "
        "(if palliative radiotherapy was given within 2 weeks, toxicities must have resolved)"
    )
    assert washouts(text, "inclusion")["radiotherapy"]["days"] == 28


def test_brain_named_only_to_widen_or_set_aside_leaves_the_radiotherapy_window() -> None:
    assert washouts("At least 10 days since prior radiotherapy (including brain)", "inclusion")
    text = (
        "Radiation to lesions outside the central nervous system (CNS) completed at least 2 "
        "weeks before"
    )
    assert washouts(text, "inclusion")["radiotherapy"]["days"] == 14
    cns = "At least 2 weeks since prior whole-brain radiotherapy for CNS metastases"
    assert washouts(cns, "inclusion") == {}


def test_minor_procedures_allowed_after_the_window_leave_the_major_surgery_washout() -> None:
    text = (
        "Major surgery within 30 days of the first dose, minor procedures such as biopsies are "
        "allowed"
    )
    assert washouts(text)["major_surgery"]["days"] == 30
    assert washouts("Palliative radiotherapy within 2 weeks is allowed") == {}


def test_up_to_months_of_a_treatment_is_its_duration_not_a_window() -> None:
    text = (
        "Prior radiation therapy or surgery for metastatic disease (the following exceptions are "
        "permitted): up to 3 months of ADT or orchiectomy prior to day 1"
    )
    assert washouts(text) == {}


def test_an_earlier_settings_radiotherapy_admitted_after_months_is_no_washout() -> None:
    text = (
        "Prior definitive chemoradiation for locally advanced disease is permitted as long as "
        "the last radiation occurred at least 6 months prior to enrolment."
    )
    assert washouts(text, "inclusion") == {}
    palliative = "Palliative radiation is also allowed, as long as it has been >= 4 weeks since it"
    assert washouts(palliative, "inclusion")["radiotherapy"]["days"] == 28


def test_brain_radiotherapy_admitted_after_a_window_is_the_cns_rule() -> None:
    text = "Patients with prior WBRT or SRS are eligible, provided >= 4 weeks have passed since it"
    assert washouts(text, "inclusion") == {}
    line = (
        "Previous brain metastases are allowed if asymptomatic; radiation treatment must be "
        "completed >= 14 days before enrolment"
    )
    assert washouts(line, "inclusion") == {}


def test_a_class_label_before_an_elapsed_window_and_a_recovery_names_the_class() -> None:
    text = "Radiotherapy: at least 4 weeks must have elapsed and toxicities resolved prior to entry"
    assert washouts(text, "inclusion")["radiotherapy"]["days"] == 28


def test_ultraviolet_radiation_is_no_radiotherapy_and_investigation_therapy_is_read() -> None:
    skin = "Psoriasis not requiring psoralen plus ultraviolet A radiation within the last 12 months"
    assert "radiotherapy" not in washouts(skin)
    text = "Treated with any investigation therapy within 1 month prior to screening"
    assert washouts(text)["investigational"]["days"] == 30


def test_a_second_window_for_other_classes_after_an_elapsed_window() -> None:
    text = (
        "At least 1 week must have elapsed from the time of a minor surgery, and at least 8 weeks "
        "for major surgery or radiation therapy"
    )
    read = {c: w["days"] for c, w in washouts(text, "inclusion").items()}
    assert read == {"minor_surgery": 7, "major_surgery": 56, "radiotherapy": 56}


def test_the_study_start_between_an_elapsed_window_and_since() -> None:
    text = (
        "At least 4 weeks must have elapsed prior to commencement of treatment since prior "
        "investigational drug"
    )
    assert washouts(text, "inclusion")["investigational"]["days"] == 28


def test_a_wash_out_before_the_start_for_a_named_treatment() -> None:
    text = "A wash out of at least 2 weeks before start of study drug for radiation is required."
    assert washouts(text)["radiotherapy"]["days"] == 14


def test_a_treatment_planned_within_months_is_no_washout() -> None:
    text = (
        "Radiation therapy within 2 weeks before consent, and those for whom radiation therapy is "
        "planned within 6 months of consent"
    )
    assert washouts(text)["radiotherapy"]["days"] == 14


def test_a_treatment_allowed_a_lower_bound_before_the_start_is_a_washout() -> None:
    text = "Radiation to bone metastases is allowed >= 14 days before starting study treatment"
    assert washouts(text, "inclusion")["radiotherapy"]["days"] == 14
    text = "At least 14 days must elapse from the completion of radiation therapy prior to entry"
    assert washouts(text, "inclusion")["radiotherapy"]["days"] == 14


def test_eligible_to_enrol_weeks_after_completing_an_investigational_agent() -> None:
    text = (
        "Other concurrent investigational agents (subjects are eligible to enrol 4 weeks after "
        "completion of prior investigational agent)"
    )
    assert washouts(text)["investigational"]["days"] == 28


def test_an_allowed_treatment_completed_before_the_diagnosis_of_recurrence_is_no_washout() -> None:
    text = (
        "Radiation as part of adjuvant therapy is allowed as long as completed at least 4 weeks "
        "prior to diagnosis of recurrent disease."
    )
    assert washouts(text, "inclusion") == {}
    plain = "Prior radiotherapy is allowed if completed at least 4 weeks prior to the first dose"
    assert washouts(plain, "inclusion")["radiotherapy"]["days"] == 28


def test_off_a_treatment_for_weeks_before_the_start_is_a_washout() -> None:
    text = (
        "Patients should be off all prior chemotherapy or radiotherapy for 3 weeks prior to entry"
    )
    read = {c: w["days"] for c, w in washouts(text, "inclusion").items()}
    assert read == {"chemotherapy": 21, "radiotherapy": 21}


def test_months_since_an_earlier_settings_treatment_and_a_lesions_own_radiotherapy() -> None:
    text = (
        "Treatment-free for at least 6 months since last chemoradiotherapy, among those treated "
        "with curative intent for limited-stage disease"
    )
    assert washouts(text, "inclusion") == {}
    lesion = (
        "At least one measurable lesion per RECIST 1.1 which has not received radiotherapy "
        "<= 3 months"
    )
    assert "radiotherapy" not in washouts(lesion, "inclusion")
    assert "radiotherapy" not in washouts(lesion)


def test_non_cns_palliative_radiotherapy_in_a_brain_metastases_line_is_a_washout() -> None:
    text = (
        "Prior palliative radiotherapy to non-CNS lesions must have been completed at least 2 "
        "weeks prior to treatment. Patients are eligible if CNS metastases are adequately treated."
    )
    assert washouts(text, "inclusion")["radiotherapy"]["days"] == 14


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 6 months since prior cancer treatment (surgery, radiation, and/or "
            "chemotherapy)",
            {"major_surgery": 180, "radiotherapy": 180, "chemotherapy": 180},
        ),
        (
            "Systemic anticancer therapy (chemotherapy or immunotherapy) within 21 days",
            {"chemotherapy": 21, "immunotherapy": 21},
        ),
        # examples leave the broad term whole
        (
            "Anticancer therapy (e.g. chemotherapy) within 4 weeks",
            dict.fromkeys(BROAD_CLASSES, 28),
        ),
    ],
)
def test_a_broad_term_whose_parenthesis_lists_its_classes_means_those(
    text: str, expected: dict[str, int]
) -> None:
    assert {c: p["days"] for c, p in washouts(text).items()} == expected


def test_the_shorter_of_two_windows_is_an_upper_bound() -> None:
    read = washouts(
        "Investigational agents within the shorter of 3 half-lives or 6 weeks before the first dose"
    )

    assert read["investigational"] == {
        "category": "investigational",
        "days": 42,
        "bound": "at_most",
    }


def test_recovery_of_the_patient_after_the_window_is_no_treatment() -> None:
    text = (
        "Earlier radiotherapy is permitted. A minimum of 3 weeks must have elapsed since the end "
        "of radiation and the patient must have recovered from its side effects before entry"
    )

    assert {c: p["days"] for c, p in washouts(text, "inclusion").items()} == {"radiotherapy": 21}


def test_previous_allowed_therapies_are_described_not_permitted() -> None:
    text = (
        "Any previous allowed chemotherapy or radiotherapy must have been completed at least 3 "
        "weeks before the first dose of study drug"
    )

    assert {c: p["days"] for c, p in washouts(text, "inclusion").items()} == {
        "chemotherapy": 21,
        "radiotherapy": 21,
    }


def test_radiotherapy_for_advanced_or_metastatic_disease_keeps_its_long_window() -> None:
    assert {
        c: p["days"]
        for c, p in washouts(
            "At least 6 months since any radiotherapy for locally advanced or metastatic disease",
            "inclusion",
        ).items()
    } == {"radiotherapy": 180}
    # an earlier setting's radiotherapy months ago is a relapse-free interval
    assert (
        washouts("At least 6 months since radiotherapy for locally advanced disease", "inclusion")
        == {}
    )


@pytest.mark.parametrize(
    "text",
    [
        "Major trauma or surgery in the past 14 days before day 1 with wound healing incomplete",
        "Surgery within 3 weeks of the first dose with incomplete wound healing",
        "Has undergone surgery within 28 days of randomisation and has not fully recovered",
    ],
)
def test_a_surgery_window_for_those_not_yet_healed_is_no_washout(text: str) -> None:
    assert "major_surgery" not in washouts(text)


def test_a_surgery_window_or_unhealed_wounds_stays_a_washout() -> None:
    assert washouts("Major surgery within 3 weeks or any unhealed wound") == {
        "major_surgery": {"category": "major_surgery", "days": 21}
    }


@pytest.mark.parametrize(
    "text",
    [
        "At least 3 weeks since any major operation unless completely recovered",
        "Over 2 weeks since radiation (unless its acute toxicities have resolved)",
    ],
)
def test_a_window_waived_once_recovered_is_no_washout(text: str) -> None:
    assert washouts(text, "inclusion") == {}


def test_a_class_window_in_a_parenthesis_after_a_bare_bound_is_read() -> None:
    text = "Cytotoxic chemotherapy or radiation =< 14 days (=< 4 weeks for antibodies) before day 1"

    assert {c: p["days"] for c, p in washouts(text).items()} == {
        "chemotherapy": 14,
        "radiotherapy": 14,
        "biologic": 28,
    }


def test_a_surgery_that_may_be_required_later_leaves_the_window() -> None:
    text = (
        "Subjects who underwent major surgery within 3 weeks of the first dose, or subjects who "
        "may require major surgery while on study"
    )

    assert washouts(text) == {"major_surgery": {"category": "major_surgery", "days": 21}}


def test_calendar_weeks_and_days_are_weeks_and_days() -> None:
    assert {
        c: p["days"]
        for c, p in washouts("Radiotherapy or chemotherapy within 3 calendar weeks").items()
    } == {"radiotherapy": 21, "chemotherapy": 21}


# Old-layout blocks run together, interaction items, study-start anchors ---------------------


def test_a_prior_therapy_block_run_together_on_one_line_is_read_item_by_item() -> None:
    read = _under_headings(
        "PRIOR CONCURRENT THERAPY: Biologic therapy: More than 3 weeks since prior "
        "immunotherapy At least 1 week since prior sargramostim No concurrent immunotherapy "
        "Chemotherapy: No more than 1 prior regimen for advanced disease At least 3 weeks "
        "since prior (6 weeks for mitomycin) No concurrent chemotherapy Radiotherapy: At least "
        "2 weeks since prior radiotherapy No concurrent radiotherapy except palliative "
        "radiotherapy to a painful bone lesion if the disease is not progressing Surgery: At "
        "least 3 weeks since prior major surgery Other: At least 4 weeks since prior "
        "investigational drugs"
    )

    assert read["immunotherapy"]["days"] == 21
    assert "biologic" not in read  # the line names its own class
    assert read["chemotherapy"]["days"] == 21
    assert read["radiotherapy"]["days"] == 14
    assert read["major_surgery"]["days"] == 21
    assert read["investigational"]["days"] == 28


def test_a_drug_interaction_item_leaves_the_other_items_of_the_list() -> None:
    read = washouts(
        "Use of potent CYP3A4 inhibitors or CYP3A4 inducers, or receipt of chemotherapy or "
        "radiotherapy within 10 days before randomisation"
    )

    assert read["chemotherapy"]["days"] == 10
    assert read["radiotherapy"]["days"] == 10
    assert washouts("Strong CYP3A4 inducers within 14 days before the first dose") == {}


def test_an_investigational_systemic_anticancer_agent_is_investigational_only() -> None:
    read = washouts("Any investigational systemic anticancer drug within 3 weeks of enrolment")

    assert set(read) == {"investigational"}


def test_a_last_dose_at_least_n_from_the_time_of_randomisation_is_a_washout() -> None:
    assert (
        washouts(
            "The last dose of cytotoxic chemotherapy must be at least 21 days from time "
            "of randomisation"
        )["chemotherapy"]["days"]
        == 21
    )
    assert (
        washouts("Last dose of cetuximab must be at least 6 weeks from the time of registration")[
            "biologic"
        ]["days"]
        == 42
    )


def test_a_list_item_for_low_platelets_does_not_hide_the_lead_ins_window() -> None:
    read = washouts(
        "The following were given within 3 weeks before the first dose: EGFR TKI treatment, "
        "hormone antitumour treatment, cytokines (such as interferon, excluding IL-11 for "
        "thrombocytopenia)."
    )

    assert read["targeted_small_molecule"]["days"] == 21
    assert read["hormonal"]["days"] == 21


def test_a_semicolon_inside_a_short_parenthesis_ends_no_clause() -> None:
    read = washouts(
        "Patients given standard chemotherapy (capecitabine in the expansion; any other in "
        "escalation) within 28 days or an investigational drug within 30 days"
    )

    assert read["chemotherapy"]["days"] == 28
    assert read["investigational"]["days"] == 30


def test_a_window_under_one_tumours_sub_heading_is_that_tumours_only() -> None:
    from trials.importers.synonyms import Diagnosis

    lines = [
        ("exclusion", "Gastric Cancer:"),
        ("exclusion", "Chemotherapy or radiotherapy within 4 weeks before enrolment."),
        ("exclusion", "Pancreatic Cancer:"),
        ("exclusion", "Any prior treatment with gemcitabine."),
        ("exclusion", "Other exclusion criteria for all patients:"),
        ("exclusion", "Immunotherapy within 3 weeks before enrolment."),
    ]
    criteria = propose_criteria(
        [CriterionRecord(kind, text, line=n) for n, (kind, text) in enumerate(lines, 1)],
        registry_ages=False,
        diagnosis=Diagnosis(("STAD", "PAAD"), ("Gastric Cancer", "Pancreatic Cancer")),
    )
    read = {c.params["category"]: c.params for c in criteria if c.type == "washout"}

    assert set(read) == {"immunotherapy"}
    assert read["immunotherapy"]["days"] == 21


def test_a_washout_table_after_as_follows_and_a_semicolon_is_read() -> None:
    read = washouts(
        "Washout from the last prior therapy as follows; Chemotherapy 3 weeks Cetuximab 6 weeks "
        "Immunotherapy and Biologic therapy 2 weeks",
        "inclusion",
    )

    assert read["chemotherapy"]["days"] == 21
    assert read["biologic"]["days"] == 42
    assert read["immunotherapy"]["days"] == 14


def test_a_bare_endocrine_item_of_a_broad_terms_list_is_hormonal_therapy() -> None:
    read = washouts(
        "Previous antitumour therapy (including endocrine, chemo/radiotherapy or targeted "
        "therapy) ended more than 3 weeks earlier",
        "inclusion",
    )

    assert read["hormonal"]["days"] == 21
    assert read["chemotherapy"]["days"] == 21
    assert washouts("Uncontrolled cardiac, endocrine or renal disease within 6 months") == {}


def test_a_window_after_the_verb_and_before_a_comma_names_what_follows() -> None:
    read = washouts(
        "Has had within 21 days immediately before the first dose, any cancer therapy "
        "(chemotherapy, immunotherapy or radiotherapy)."
    )

    assert read["chemotherapy"]["days"] == 21
    assert read["immunotherapy"]["days"] == 21


def test_the_numbered_items_of_an_allowed_list_give_no_washout() -> None:
    criteria = propose_criteria(
        [
            CriterionRecord(
                "exclusion",
                "Prior therapy for the leukaemia, except for the following, which are allowed:",
                line=5,
            ),
            CriterionRecord("exclusion", "Hydroxyurea to lower the white count", line=1),
            CriterionRecord(
                "exclusion", "A single cycle of decitabine within 4 weeks before enrolment", line=2
            ),
            CriterionRecord(
                "exclusion", "Investigational drugs within 30 days before screening", line=6
            ),
        ],
        registry_ages=False,
    )
    read = {c.params["category"]: c.params for c in criteria if c.type == "washout"}

    assert read == {"investigational": {"category": "investigational", "days": 30}}


def test_non_cytotoxic_agents_written_as_one_word_are_no_chemotherapy() -> None:
    read = washouts("More than 7 days since prior noncytotoxic agents", "inclusion")

    assert "chemotherapy" not in read


def test_a_drug_interaction_window_on_systemic_treatment_is_no_washout() -> None:
    text = (
        "Systemic treatment, within 14 days before the first dose, with strong inhibitors of "
        "cytochrome P3A (CYP3A) such as clarithromycin or itraconazole"
    )

    assert washouts(text) == {}


def test_a_window_written_in_the_days_before_the_first_dose() -> None:
    assert washouts("Chemotherapy in the 4 weeks immediately prior to the first dose") == {
        "chemotherapy": {"category": "chemotherapy", "days": 28}
    }
    assert washouts(
        "Participation in another therapeutic clinical trial concurrently or in the 28 days "
        "prior randomization"
    ) == {"investigational": {"category": "investigational", "days": 28}}


def test_another_clinical_investigation_and_lhrh_agonists_name_their_classes() -> None:
    assert washouts("Took part in another clinical investigation within 30 days of enrolment") == {
        "investigational": {"category": "investigational", "days": 30}
    }
    assert washouts("Luteinizing hormone-releasing hormone agonists within 4 weeks of entry") == {
        "hormonal": {"category": "hormonal", "days": 28}
    }


def test_less_than_a_window_since_chemotherapy_or_not_recovered_is_a_washout() -> None:
    text = (
        "Less than 14 days have elapsed since the last chemotherapy treatment or the patient "
        "has not recovered from treatment-related toxicity"
    )

    assert washouts(text)["chemotherapy"]["days"] == 14


def test_drugs_own_windows_in_a_parenthesis_leave_the_general_window() -> None:
    text = (
        "Anti-tumour therapy within 28 days of the start of treatment (within 6 or 4 weeks for "
        "bicalutamide or flutamide, respectively)"
    )

    assert {category: washout["days"] for category, washout in washouts(text).items()} == {
        category: 28 for category in BROAD_CLASSES
    }


def test_completed_for_at_least_a_window_before_the_first_dose() -> None:
    text = "Must have completed all previous anticancer therapy for at least 2 weeks prior to day 1"

    assert washouts(text, "inclusion")["chemotherapy"]["days"] == 14


def test_a_bare_prior_therapy_takes_the_classes_its_parenthesis_lists() -> None:
    text = "At least 4 weeks since last prior therapy (including surgery, chemotherapy)"

    assert washouts(text, "inclusion")["chemotherapy"]["days"] == 28
    assert washouts("Prior therapy within 4 weeks (including steroids)") == {}


def test_non_investigational_cancer_therapies_are_the_approved_ones() -> None:
    read = washouts("Non-investigational cancer therapies within 14 days before the first dose")

    assert read["targeted_small_molecule"]["days"] == 14


def test_chemoembolization_and_investigational_biologics_are_not_systemic_classes() -> None:
    text = "Prior transarterial chemo-embolization at least 28 days prior to protocol therapy"

    assert "chemotherapy" not in washouts(text, "inclusion")
    assert washouts("Used any investigational drugs, biologics, or devices within 30 days") == {
        "investigational": {"category": "investigational", "days": 30}
    }
    assert "biologic" in washouts("Investigational drugs or biologic therapy within 30 days")


def test_the_length_of_a_course_an_exception_allows_is_no_washout() -> None:
    text = (
        "Any prior hormonal therapy for advanced disease, except for <= 14 days of tamoxifen "
        "prior to randomization"
    )

    assert washouts(text) == {}


def test_a_recent_treatment_whose_window_comes_first() -> None:
    text = (
        "Current or recent (within 30 days of first dosing) treatment with another "
        "investigational drug"
    )

    assert washouts(text) == {"investigational": {"category": "investigational", "days": 30}}


def test_recovered_and_at_least_a_window_from_a_class() -> None:
    text = "Must have recovered from toxicities and be >= 28 days from any prior immunotherapy"

    assert washouts(text, "inclusion") == {
        "immunotherapy": {"category": "immunotherapy", "days": 28}
    }


def test_off_a_class_for_a_window_without_the_studys_start() -> None:
    text = "Patients must be off all cytotoxic chemotherapy for at least 3 weeks"

    assert washouts(text, "inclusion")["chemotherapy"]["days"] == 21
    assert washouts("Patients must be off steroids for at least 3 weeks", "inclusion") == {}


def test_half_lives_or_days_whichever_longer_since_a_class() -> None:
    text = "At least 5 half-lives or 14 days, whichever is longer, since any prior targeted therapy"

    assert washouts(text, "inclusion")["targeted_small_molecule"]["days"] == 14


def test_a_window_for_the_expansion_cohort_only_is_not_for_everyone() -> None:
    text = "Patients in the expansion cohort must not have received targeted therapy within 14 days"

    assert washouts(text) == {}
    both = (
        "Patients in the dose escalation and expansion cohorts must not have received targeted "
        "therapy within 14 days"
    )
    assert washouts(both)["targeted_small_molecule"]["days"] == 14


def test_follow_up_visits_after_radiotherapy_are_no_washout() -> None:
    text = (
        "Any condition that would keep the patient from follow-up at 6 and 12 months "
        "post-radiotherapy"
    )

    assert washouts(text) == {}


def test_a_maximum_interval_after_surgery_leaves_the_minimum_as_the_washout() -> None:
    text = "At least 4 weeks but no more than 12 months post surgical resection."

    assert washouts(text, "inclusion")["major_surgery"]["days"] == 28


def test_examples_in_a_parenthesis_after_the_window_add_their_classes() -> None:
    text = (
        "Received anticancer therapies within 4 weeks of day 1 of the study drug (including "
        "chemotherapy, radiation therapy, antibody based therapy, etc.)"
    )

    read = washouts(text)

    assert read["radiotherapy"]["days"] == 28
    assert read["chemotherapy"]["days"] == 28


def test_a_vascular_event_listed_with_surgery_leaves_the_surgery_window() -> None:
    read = washouts("Stroke, major surgery, or another serious injury within 4 weeks of entry")

    assert read["major_surgery"]["days"] == 28
    assert washouts("Myocardial infarction, stroke or cardiac surgery within 6 months") == {}


def test_a_window_of_receiving_a_treatment_names_it_after_the_window() -> None:
    read = washouts("Patients within 8 weeks of receiving external beam irradiation.")

    assert read["radiotherapy"]["days"] == 56


def test_in_previous_weeks_without_the_article_is_a_window() -> None:
    proposals = read_line("inclusion", "No major operation in previous 4 weeks")

    assert [p.params for p in proposals if p.type == "washout"] == [
        {"category": "major_surgery", "days": 28}
    ]


def test_a_vaccine_listed_with_surgery_leaves_the_surgery_window() -> None:
    read = washouts("Received major surgery, vaccines, or chemotherapy within 4 weeks of entry")

    assert read["major_surgery"]["days"] == 28
    assert read["chemotherapy"]["days"] == 28
    assert washouts("Live vaccines within 30 days of the first dose") == {}


def test_bypass_surgery_beside_cardiac_events_is_no_washout() -> None:
    assert washouts("Myocardial infarction, stroke, or bypass surgery within 6 months") == {}


def test_a_longer_whole_brain_window_is_the_exception_of_the_general_one() -> None:
    line = (
        "Radiation therapy within 2 weeks of study entry. Whole brain radiation must have been "
        "completed at least 4 weeks before study entry."
    )

    read = washouts(line)

    assert read["radiotherapy"]["days"] == 14


def test_a_vaccine_window_counted_from_the_study_drug_is_no_washout_of_it() -> None:
    text = (
        "Live attenuated vaccination administered within 30 days prior to registration or "
        "within 30 days of receiving durvalumab."
    )

    assert washouts(text) == {}


def test_examples_of_a_later_item_are_not_the_windows_classes() -> None:
    text = (
        "Use of any experimental therapy within 3 weeks prior to baseline evaluations, Other "
        "anticancer treatment (such as chemotherapy, radiation, or biologic therapies) while "
        "receiving therapy in this study"
    )

    assert set(washouts(text)) == {"investigational"}


def test_a_hold_around_the_study_drug_is_no_washout() -> None:
    text = (
        "IV bisphosphonates will be withheld for 2 weeks prior and 6 weeks after dasatinib "
        "administration due to risk of hypocalcaemia"
    )

    assert washouts(text) == {}


def test_a_window_left_unread_keeps_its_treatment_from_the_next_window() -> None:
    read = washouts("Major surgery with 28 days or minor surgery within 14 days of the first dose")

    assert "major_surgery" not in read
    assert read["minor_surgery"]["days"] == 14
    read = washouts("Chemotherapy or RT 4 weeks, or immunotherapy within 2 weeks of entry")

    assert set(read) == {"immunotherapy"}


def test_a_dose_naming_the_radiotherapy_leaves_its_window() -> None:
    line = "Radiotherapy with >= 45 Gy completed at least 8 weeks prior to registration"

    assert washouts(line, "inclusion")["radiotherapy"]["days"] == 56
    assert washouts("RT with 30 Gy within 6 weeks of the first dose")["radiotherapy"]["days"] == 42
    # a dose to a site is a dose limit, no washout
    assert washouts("Radiotherapy with > 30 Gy to the lung within 6 months") == {}


def test_weeks_elapsed_between_a_treatment_and_the_start_are_a_lower_bound() -> None:
    line = "Prior RT excluded unless 6 weeks have elapsed between completion of XRT and start"

    assert washouts(line)["radiotherapy"]["days"] == 42
    line = "No prior RT unless 6 weeks have elapsed between completion of XRT and start of therapy"
    assert washouts(line, "inclusion")["radiotherapy"]["days"] == 42


def test_a_single_drug_excepted_from_anticancer_therapy_keeps_its_class_window() -> None:
    read = washouts(
        "Approved cancer therapies or radiation therapy within 14 days before the first dose, "
        "with the exception of hydroxyurea."
    )

    assert read["chemotherapy"]["days"] == 14
    assert read["chemotherapy"]["exceptions"] == ["with the exception of hydroxyurea"]
    assert read["targeted_small_molecule"]["days"] == 14


def test_a_class_excepted_from_anticancer_therapy_still_has_no_window() -> None:
    read = washouts("Any anticancer therapy, except chemotherapy, within 3 weeks before entry")

    assert "chemotherapy" not in read
    assert read["immunotherapy"]["days"] == 21


def test_standard_or_investigational_treatment_for_the_cancer_is_every_systemic_class() -> None:
    read = washouts(
        "Receiving any other standard or investigational treatment for their cancer within the "
        "past 2 weeks before the start of study treatment"
    )

    assert {category: params["days"] for category, params in read.items()} == {
        **dict.fromkeys(BROAD_CLASSES, 14),
        "investigational": 14,
    }
    assert list(washouts("Radiation treatment for the cancer within 4 weeks")) == ["radiotherapy"]


def test_a_greater_or_equal_sign_written_as_a_superscript_three() -> None:
    assert washouts("³ 4 weeks since prior chemotherapy", "inclusion") == {
        "chemotherapy": {"category": "chemotherapy", "days": 28}
    }
    assert washouts("HBV DNA > 1 x 10³ copies/mL within 4 weeks") == {}


@pytest.mark.parametrize(
    "text",
    [
        "Women who must not breastfeed for 180 days after the last dose of docetaxel",
        "Intends to breast-feed through 120 days after the last dose of pembrolizumab",
        "Unwilling to use contraception for 6 months after the final dose of gemcitabine",
        "Unwilling to avoid grapefruit for 6 months after the last dose of paclitaxel",
    ],
)
def test_a_time_after_the_last_dose_of_study_treatment_is_no_washout(text: str) -> None:
    assert washouts(text) == {}
    assert washouts(text, "inclusion") == {}


def test_a_window_since_the_last_dose_of_a_prior_therapy_is_still_a_washout() -> None:
    text = "Must be at least 4 weeks after the last dose of chemotherapy"

    assert washouts(text, "inclusion") == {"chemotherapy": {"category": "chemotherapy", "days": 28}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Targeted therapy with monoclonal antibodies within 4 weeks", ["biologic"]),
        ("Targeted agents such as bevacizumab or cetuximab within 28 days", ["biologic"]),
        ("Monoclonal antibody targeted therapy within 3 months", ["biologic"]),
        ("Antibody-drug conjugate targeted therapy within 4 weeks", ["biologic"]),
        ("PD-1 targeted therapy within 4 weeks", ["immunotherapy"]),
        ("Immune checkpoint targeted therapy within 4 weeks", ["immunotherapy"]),
    ],
)
def test_targeted_said_of_antibodies_is_no_small_molecule_window(
    text: str, expected: list[str]
) -> None:
    assert list(washouts(text)) == expected


def test_targeted_agents_with_a_kinase_inhibitor_among_the_examples_stay_small_molecules() -> None:
    read = washouts("Targeted agents such as bevacizumab or erlotinib within 28 days")

    assert read["targeted_small_molecule"]["days"] == 28
    assert read["biologic"]["days"] == 28


def test_anticancer_treatment_with_named_classes_means_those_classes() -> None:
    read = washouts(
        "Received anticancer treatment with immune checkpoint inhibitors, etc. within 28 days"
    )

    assert list(read) == ["immunotherapy"]
    assert set(washouts("Anticancer treatment with drug therapy within 14 days")) == set(
        BROAD_CLASSES
    )


def test_a_broad_term_after_an_investigational_item_keeps_every_systemic_class() -> None:
    read = washouts(
        "Any cytotoxic chemotherapy, investigational agents or other anticancer drugs from an "
        "earlier treatment regimen or clinical study within 14 days of the first dose"
    )

    assert {category: params["days"] for category, params in read.items()} == {
        **dict.fromkeys(BROAD_CLASSES, 14),
        "investigational": 14,
    }
    assert set(washouts("Investigational agents in another clinical study within 28 days")) == {
        "investigational"
    }


def test_weeks_off_a_treatment_count_since_that_treatment() -> None:
    text = "Patients must be > 3 weeks off cytotoxic chemotherapy and > 2 weeks off radiotherapy"

    assert washouts(text, "inclusion") == {
        "chemotherapy": {"category": "chemotherapy", "days": 21},
        "radiotherapy": {"category": "radiotherapy", "days": 14},
    }


def test_a_short_interval_since_a_treatment_is_a_washout_unlike_a_free_interval() -> None:
    assert washouts("Less than a four week interval since the last chemotherapy") == {
        "chemotherapy": {"category": "chemotherapy", "days": 28}
    }
    assert washouts("Treatment-free interval of less than 6 months since chemotherapy") == {}
    text = (
        "Less than a 12 week interval since radiotherapy unless there is histological "
        "confirmation of recurrent tumour"
    )
    assert washouts(text) == {}


def test_regimens_with_delayed_toxicity_name_which_chemotherapy_the_window_is_for() -> None:
    assert washouts("Chemotherapy regimens with delayed toxicity within the last 4 weeks") == {
        "chemotherapy": {"category": "chemotherapy", "days": 28}
    }
    assert washouts("Chemotherapy-induced neuropathy within the last 4 weeks") == {}


def test_a_day_count_washout_before_what_it_is_for() -> None:
    read = washouts(
        "Has not yet completed a 14 day washout period for any earlier systemic anticancer "
        "therapies (30 days for prior bevacizumab)"
    )

    assert read["chemotherapy"]["days"] == 14
    assert read["immunotherapy"]["days"] == 14
    # one drug's longer window is the class window's exception (the general window is labelled)
    assert read["biologic"]["days"] == 14
    assert any("bevacizumab" in words for words in read["biologic"]["exceptions"])


def test_the_interval_from_prior_treatment_for_a_class_is_its_washout() -> None:
    text = (
        "The interval from prior treatment to the time of study drug administration is at least "
        "14 days for antineoplastic agents other than the study drug"
    )

    read = washouts(text, "inclusion")

    assert {category: params["days"] for category, params in read.items()} == dict.fromkeys(
        BROAD_CLASSES, 14
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Received any earlier therapy for CLL within 28 days before study entry", "exclusion"),
        ("Patients must be off all prior therapy for CML for 2 weeks before entry", "inclusion"),
    ],
)
def test_a_therapy_named_by_the_blood_cancer_it_treats_is_every_systemic_class(
    text: str, kind: str
) -> None:
    assert set(washouts(text, kind)) == set(BROAD_CLASSES)
    assert washouts("Any therapy for melanoma-associated uveitis within 4 weeks") == {}


def test_n_or_more_weeks_off_a_treatment_is_at_least_that_long() -> None:
    text = "For cytotoxic therapies, patients should be off treatment for 3 or more weeks."

    assert washouts(text, "inclusion") == {"chemotherapy": {"category": "chemotherapy", "days": 21}}
    assert washouts("Received 3 or more months of ADT before randomisation") == {}


def test_classes_a_next_sentence_excepts_leave_the_broad_window() -> None:
    text = (
        "Patients must be off all prior therapy for CML for 2 weeks before study start. "
        "Exceptions to these are hydroxyurea and TKIs, which should be stopped 48 hours before."
    )

    read = washouts(text, "inclusion")

    assert read["chemotherapy"]["days"] == 14
    assert "targeted_small_molecule" not in read


def test_a_window_in_one_lettered_item_is_that_items_only() -> None:
    text = (
        "Before the first dose: a) has received cytotoxic chemotherapy for metastatic disease, "
        "b) has received antineoplastic biological therapy, c) had major surgery (< 3 weeks "
        "before the first dose)"
    )

    assert washouts(text) == {"major_surgery": {"category": "major_surgery", "days": 21}}
    assert set(
        washouts("Any of the following within 4 weeks: a) chemotherapy, b) radiotherapy")
    ) == {
        "chemotherapy",
        "radiotherapy",
    }


def test_an_inclusion_opening_with_weeks_from_the_last_treatment_is_a_washout() -> None:
    text = "Four weeks from last chemotherapy or two weeks from last radiotherapy"

    assert washouts(text, "inclusion") == {
        "chemotherapy": {"category": "chemotherapy", "days": 28},
        "radiotherapy": {"category": "radiotherapy", "days": 14},
    }
    assert washouts("Relapse within 6 months or 4 weeks from last chemotherapy", "inclusion") == {}


def test_a_figure_followed_by_or_more_is_a_lower_bound() -> None:
    text = (
        "2 weeks or more must have elapsed from the time of major surgery or radiation therapy "
        "prior to the day of registration"
    )

    assert washouts(text, "inclusion") == {
        "major_surgery": {"category": "major_surgery", "days": 14},
        "radiotherapy": {"category": "radiotherapy", "days": 14},
    }
    assert washouts("Stable effusion for 2 weeks or more after drainage", "inclusion") == {}


def test_a_recovery_requirement_without_the_article_closes_the_treatment() -> None:
    text = (
        "Prior radiation is permitted; however, at least two weeks must have elapsed since the "
        "completion of prior radiation therapy and patients must have recovered from all "
        "associated toxicities at the time of registration"
    )

    assert washouts(text, "inclusion") == {"radiotherapy": {"category": "radiotherapy", "days": 14}}


def test_an_interval_that_must_have_elapsed_since_a_treatment_is_its_window() -> None:
    text = (
        "An interval of at least 3 months must have elapsed since the completion of the most "
        "recent course of radiation therapy"
    )

    assert washouts(text, "inclusion") == {"radiotherapy": {"category": "radiotherapy", "days": 90}}
    assert (
        washouts(
            "A platinum-free interval of at least 6 months must have elapsed since the last "
            "platinum",
            "inclusion",
        )
        == {}
    )


def test_a_treatment_permitted_a_week_since_completion_without_a_verb() -> None:
    assert washouts("Prior XRT permitted if >= 1 week since completion", "inclusion") == {
        "radiotherapy": {"category": "radiotherapy", "days": 7}
    }
    assert washouts("Prior chemotherapy not permitted if less than 4 weeks since completion") == {}


def test_may_not_register_within_a_time_after_a_treatment_is_its_window() -> None:
    assert washouts(
        "Patients receiving prior radiation cannot register within 7 days after completion of "
        "radiation, and must have resolved adverse events attributed to radiation",
        "inclusion",
    ) == {"radiotherapy": {"category": "radiotherapy", "days": 7}}
    assert washouts(
        "Patients may not begin protocol therapy within 7 days of major surgery", "inclusion"
    ) == {"major_surgery": {"category": "major_surgery", "days": 7}}
    assert washouts("Study therapy cannot be started within 28 days of initiating it") == {}


def test_a_required_recovery_long_before_the_start_among_the_exclusions_is_a_window() -> None:
    text = "Patients must have recovered from a major surgery at least 14 days prior to enrolment"

    assert washouts(text, "exclusion") == {
        "major_surgery": {"category": "major_surgery", "days": 14}
    }


@pytest.mark.parametrize(
    "text",
    [
        # Only those not yet recovered are ruled out.
        "Radiation therapy within 2 weeks prior to enrolment and not recovered to baseline from "
        "any adverse event due to radiation",
        "Major surgery, other than diagnostic surgery, within 4 weeks prior to Day 1, without "
        "complete recovery",
        # An operation to come.
        "Intent to perform surgery or biopsy within 7 days of the start of study treatment",
        # A hold of the study drug around an operation.
        "The study drug must be stopped 7 days before (when possible) until 7 days after major "
        "surgery, and 3 days before until 3 days after minor surgery",
    ],
)
def test_windows_for_the_unrecovered_operations_to_come_and_holds_are_no_washouts(
    text: str,
) -> None:
    assert washouts(text) == {}


def test_weeks_away_from_a_treatment_are_a_window_since_it() -> None:
    read = washouts(
        "Patients should be at least 2 weeks away from previous chemotherapy or radiotherapy",
        "inclusion",
    )

    assert read["chemotherapy"]["days"] == 14
    assert read["radiotherapy"]["days"] == 14
    assert (
        washouts(
            "Cancer that at the time of recurrence is at least 6 months away from last "
            "chemotherapy",
            "inclusion",
        )
        == {}
    )


@pytest.mark.parametrize(
    ("text", "category", "days"),
    [
        (
            "No chemotherapy, biological, or radiation therapy in the 21 days before enrolment",
            "biologic",
            21,
        ),
        (
            "No immunotherapy, biologic therapy, hormonal, or molecular targeted therapy within "
            "prior 2 weeks",
            "hormonal",
            14,
        ),
        (
            "No chemo, radiotherapy, biologic, hormonal, or investigational drug therapy within "
            "28 days prior to study entry",
            "hormonal",
            28,
        ),
    ],
)
def test_a_bare_class_adjective_in_a_list_shares_the_last_items_noun(
    text: str, category: str, days: int
) -> None:
    assert washouts(text)[category]["days"] == days


def test_a_bare_hormonal_before_contraception_names_no_class() -> None:
    assert washouts("Use of hormonal or barrier methods of contraception within 4 weeks") == {}


def test_no_treatment_is_allowed_within_a_window_is_a_refusal() -> None:
    assert washouts("No hormonal therapy is allowed within 1 week of starting study treatment") == {
        "hormonal": {"category": "hormonal", "days": 7}
    }


def test_cycle_1_day_1_is_the_start_not_a_window_of_one_day() -> None:
    read = washouts(
        "Current or recent (within 4 weeks prior to Cycle 1 Day 1) treatment with another "
        "investigational product"
    )

    assert read == {"investigational": {"category": "investigational", "days": 28}}


def test_a_window_written_as_a_period_before_the_start() -> None:
    read = washouts(
        "Treatment with any investigational product in the 30 days period before inclusion"
    )

    assert read["investigational"]["days"] == 30


def test_a_window_opening_with_in_the_weeks_prior_names_what_follows() -> None:
    read = washouts(
        "In the 4 weeks prior to the first dose of study treatment, participants had used other "
        "anticancer drugs"
    )

    assert set(read) == set(BROAD_CLASSES)
    assert {washout["days"] for washout in read.values()} == {28}


def test_therapies_discontinued_for_at_least_a_window_with_a_parenthesis_before_the_start() -> None:
    read = washouts(
        "Have discontinued all previous therapies for cancer, including chemotherapy, "
        "radiotherapy, cancer-related hormonal therapy, or other investigational therapy for at "
        "least 30 days (6 weeks for mitomycin C or nitrosoureas) prior to enrolment",
        "inclusion",
    )

    assert read["hormonal"]["days"] == 30
    assert read["investigational"]["days"] == 30
    assert read["targeted_small_molecule"]["days"] == 30


def test_windows_listed_after_a_recovery_lead_are_washouts() -> None:
    read = washouts(
        "Must have recovered from the toxic effects of prior therapy: 28 days from any "
        "investigational agent, 4 weeks (28 days) from prior cytotoxic therapy",
        "inclusion",
    )

    assert read["investigational"]["days"] == 28
    assert read["chemotherapy"]["days"] == 28


def test_flares_of_another_condition_needing_a_biologic_are_no_washout() -> None:
    text = (
        "No acute exacerbations of the underlying skin condition requiring methotrexate, "
        "retinoids, biologic agents or oral corticosteroids within the previous 12 months"
    )

    assert washouts(text, "inclusion") == {}
    assert washouts(text, "exclusion") == {}


def test_therapy_directed_at_the_malignancy_is_every_systemic_class() -> None:
    read = washouts(
        "Any prior therapy directed at the malignancy, including biologic agents, must have been "
        "discontinued at least three weeks prior to study entry",
        "inclusion",
    )

    assert set(read) == set(BROAD_CLASSES)
    assert {washout["days"] for washout in read.values()} == {21}


def test_willing_to_stop_a_therapy_for_a_window_before_the_start_is_a_washout() -> None:
    read = washouts(
        "Patients currently on endocrine therapy must be willing to stop endocrine therapy for 2 "
        "weeks prior to starting the study",
        "inclusion",
    )

    assert read == {"hormonal": {"category": "hormonal", "days": 14}}
    assert washouts("Patients must stop aspirin for 7 days before surgery", "inclusion") == {}


def test_a_growth_factor_receptor_inhibitor_is_no_growth_factor() -> None:
    assert washouts(
        "Treatment with epidermal growth factor receptor tyrosine kinase inhibitors within 14 days"
    ) == {"targeted_small_molecule": {"category": "targeted_small_molecule", "days": 14}}
    assert washouts(
        "Prior treatment with epidermal growth factor receptor (EGFR) inhibitors and bevacizumab "
        "is allowed, provided at least 4 weeks has elapsed",
        "inclusion",
    ) == {"biologic": {"category": "biologic", "days": 28}}
    assert washouts("Haematopoietic growth factors within 14 days") == {}


def test_a_parenthesis_of_windows_per_class_split_by_a_semicolon_stays_in_its_clause() -> None:
    read = washouts(
        "Systemic anticancer treatment <2 weeks before the first dose (<4 weeks for antibody-based "
        "therapy including antibody-drug conjugates; <=8 weeks for cell-based therapy)"
    )

    assert read["chemotherapy"]["days"] == 14
    assert read["biologic"]["days"] == 28


def test_a_window_or_longer_after_a_treatment_is_a_lower_bound() -> None:
    assert washouts("28 days or longer after any investigational agent") == {
        "investigational": {"category": "investigational", "days": 28}
    }


def test_no_treatment_that_will_be_allowed_within_a_window_is_a_refusal() -> None:
    read = washouts(
        "No treatment with chemotherapy or trastuzumab will be allowed within four weeks of "
        "registration"
    )

    assert {category: washout["days"] for category, washout in read.items()} == {
        "chemotherapy": 28,
        "biologic": 28,
    }
    assert washouts("Concurrent chemotherapy will be allowed within the study") == {}


def test_a_tumour_vaccine_named_as_an_example_of_immunotherapy_keeps_its_window() -> None:
    assert washouts(
        "Immunotherapy: at least 6 weeks since the completion of any immunotherapy, e.g. tumor "
        "vaccines",
        "inclusion",
    ) == {"immunotherapy": {"category": "immunotherapy", "days": 42}}
    assert washouts("Live attenuated vaccine within 30 days of the first dose") == {}


def test_must_not_have_received_within_a_window_among_the_inclusions_is_a_washout() -> None:
    assert washouts(
        "Myelosuppressive chemotherapy: patients must not have received myelosuppressive therapy "
        "within 3 weeks of entry onto this study",
        "inclusion",
    ) == {"chemotherapy": {"category": "chemotherapy", "days": 21}}
    assert washouts(
        "Patients should not have received radiotherapy within 2 weeks before registration",
        "inclusion",
    ) == {"radiotherapy": {"category": "radiotherapy", "days": 14}}
    # a recency the study asks for stays no washout
    assert washouts("Patients must have received chemotherapy within 6 months", "inclusion") == {}


def test_a_treatment_free_interval_of_weeks_for_a_class_is_a_washout() -> None:
    read = washouts(
        "A treatment-free interval of at least three weeks for cytotoxic therapies or radiation "
        "therapy prior to the first treatment on this study",
        "inclusion",
    )

    assert {category: washout["days"] for category, washout in read.items()} == {
        "chemotherapy": 21,
        "radiotherapy": 21,
    }
    # months without treatment tell platinum-sensitive disease apart: no washout
    text = "Treatment-free interval of at least 6 months from the last platinum-based chemotherapy"
    assert washouts(text, "inclusion") == {}


def test_a_longer_window_for_one_site_in_a_parenthesis_is_an_exception() -> None:
    read = washouts("Any radiotherapy within 2 weeks before registration (4 weeks for brain RT)")

    assert read["radiotherapy"]["days"] == 14
    assert read["radiotherapy"]["exceptions"] == ["4 weeks for brain rt"]


def test_surgery_on_one_organ_is_no_major_surgery_washout() -> None:
    assert washouts("Surgical interventions of the CNS, eyes or ears within 6 months") == {}
    assert washouts("Major surgery within 28 days or brain surgery within 3 months") == {
        "major_surgery": {"category": "major_surgery", "days": 28}
    }


def test_an_inclusion_saying_who_should_be_excluded_is_a_washout() -> None:
    text = (
        "Patients with a major surgical procedure within 28 days before therapy should be excluded"
    )

    assert washouts(text, "inclusion") == {
        "major_surgery": {"category": "major_surgery", "days": 28}
    }


def test_a_course_that_would_otherwise_have_been_given_is_no_washout() -> None:
    text = "Patients who would otherwise have undergone primary surgery within 2 weeks of dosing"

    assert washouts(text) == {}


def test_a_minimum_that_must_elapse_after_an_admitted_treatment_is_its_washout() -> None:
    read = washouts(
        "Prior radiotherapy is permitted provided toxicities resolved. A minimum of 21 days must "
        "have elapsed unless the radiotherapy was palliative",
        "inclusion",
    )

    assert read == {
        "radiotherapy": {
            "category": "radiotherapy",
            "days": 21,
            "exceptions": ["unless the radiotherapy was palliative"],
        }
    }


def test_semicolons_inside_a_long_aside_without_a_window_end_no_clause() -> None:
    text = (
        "At least 2 weeks since prior definitive or palliative radiotherapy (prior radiotherapy "
        "allowed with curative intent for limited stage disease; prophylactic cranial "
        "radiotherapy; or palliative radiotherapy at relapse)"
    )

    assert washouts(text, "inclusion") == {"radiotherapy": {"category": "radiotherapy", "days": 14}}


def test_a_line_of_treatment_intervals_gives_each_item_its_window() -> None:
    read = washouts(
        "Toxicity of prior therapy recovered, nitrosourea treatment interval >= 6 weeks; other "
        "cytotoxic drugs, radiotherapy or surgery for >= 4 weeks; EGFR TKIs for >= 2 weeks",
        "inclusion",
    )

    assert {category: params["days"] for category, params in read.items()} == {
        "chemotherapy": 28,
        "radiotherapy": 28,
        "major_surgery": 28,
        "targeted_small_molecule": 14,
    }
    # a platinum-free interval opens no such line
    assert washouts("Platinum-free interval >= 6 months; chemotherapy for >= 4 weeks") == {}


def test_a_wide_field_or_radionuclide_window_on_its_own_line_is_an_exception() -> None:
    lines = [
        ("inclusion", "At least 2 weeks since prior local palliative radiotherapy"),
        ("inclusion", "At least 3 months since prior total-body or craniospinal irradiation"),
        ("exclusion", "Systemic radiotherapy with radium-223 within 24 weeks before dosing"),
    ]
    criteria = propose_criteria(
        [CriterionRecord(kind, text, line=n) for n, (kind, text) in enumerate(lines, 1)],
        registry_ages=False,
    )
    read = [c for c in criteria if c.type == "washout"]

    assert [(c.params["category"], c.params["days"]) for c in read] == [("radiotherapy", 14)]
    assert len(read[0].params["exceptions"]) == 2
    assert [c.type for c in criteria if c.line != 1] == ["text", "text"]
    # alone, the wide-field window is the radiotherapy window
    alone = propose_criteria([CriterionRecord(*lines[1], line=1)], registry_ages=False)
    assert [c.params["days"] for c in alone if c.type == "washout"] == [90]


def test_a_lower_bound_prior_a_treatment_without_from_is_a_washout() -> None:
    read = washouts("Patients must be >= 4 weeks prior radiation or chemotherapy", "inclusion")

    assert {category: params["days"] for category, params in read.items()} == {
        "radiotherapy": 28,
        "chemotherapy": 28,
    }


def test_a_narrower_group_in_a_parenthesis_before_the_window_keeps_the_general_window() -> None:
    read = washouts(
        "Systemic anti-tumour therapy within 4 weeks before grouping, including cytotoxic "
        "therapy, immunotherapy (or have used mitomycin C) within 6 weeks before the first dose"
    )

    assert read["chemotherapy"]["days"] == 28
    assert read["immunotherapy"]["days"] == 28
    assert "mitomycin" in read["chemotherapy"]["exceptions"][0]


def test_a_planned_therapy_counted_back_from_the_start_is_past_treatment() -> None:
    read = washouts(
        "Planned systemic anti-tumour therapy within 4 weeks before grouping or during the study"
    )

    assert read["chemotherapy"]["days"] == 28
    assert read["immunotherapy"]["days"] == 28
    assert washouts("Patients scheduled for surgery within 4 weeks") == {}


def test_treatments_named_by_what_they_are_for_are_every_systemic_class() -> None:
    read = washouts(
        "Any treatment specifically for systemic tumor control given within 3 weeks before "
        "the initiation of therapy; within 6 weeks for nitrosoureas or mitomycin C"
    )
    assert {category: washout["days"] for category, washout in read.items()} == dict.fromkeys(
        BROAD_CLASSES, 21
    )
    read = washouts(
        "Previous treatment intended to have antitumor effects within 14 days before the start"
    )
    assert read["chemotherapy"]["days"] == 14
    assert read["immunotherapy"]["days"] == 14


def test_a_local_anticancer_therapy_is_no_systemic_class() -> None:
    assert washouts("Any local anticancer therapy within 4 weeks prior to baseline") == {}


def test_a_window_that_admits_an_exception_rules_nothing_out() -> None:
    assert (
        washouts(
            "No prior chemotherapy for metastatic disease except before or after surgery, "
            "which was completed 6 months before enrollment"
        )
        == {}
    )


def test_items_after_permitted_exceptions_give_no_washout() -> None:
    assert (
        washouts(
            "Any prior pharmacotherapy for metastatic disease (the following exceptions are "
            "permitted): up to 6 cycles of docetaxel completed within 2 months of day 1"
        )
        == {}
    )


def test_a_dose_limit_of_one_drug_is_no_class_washout() -> None:
    assert washouts("Cytarabine regimen in excess of 2 g/m2/day within 6 months of entry") == {}


def test_the_setting_a_therapy_was_for_is_no_relapse_window() -> None:
    read = washouts(
        "Must not have received any systemic therapy for recurrent disease within 3 weeks (6 "
        "weeks if a nitrosourea)"
    )
    assert read["chemotherapy"]["days"] == 21
    assert read["immunotherapy"]["days"] == 21
    assert washouts("Relapse within 6 months after chemotherapy for recurrent disease") == {}
    read = washouts(
        "In the absence of rapidly progressing disease, the interval from prior treatment to "
        "study drug administration should be at least 2 weeks for cytotoxic agents",
        "inclusion",
    )
    assert read == {"chemotherapy": {"category": "chemotherapy", "days": 14}}


def test_immunotherapy_for_a_condition_other_than_cancer_is_no_washout() -> None:
    assert (
        washouts("Immunotherapy for non-cancer related treatment within < 4 weeks of day 1") == {}
    )
    assert washouts("Immunotherapy within 4 weeks of the first dose") == {
        "immunotherapy": {"category": "immunotherapy", "days": 28}
    }


def days_of(text: str, kind: str = "exclusion") -> dict[str, int]:
    return {category: washout["days"] for category, washout in washouts(text, kind).items()}


def test_a_treatment_admitted_once_discontinued_for_a_time_is_a_washout_of_it() -> None:
    assert days_of(
        "Patients treated with EGFR tyrosine kinase inhibitors as their only systemic treatment "
        "are eligible, provided this treatment has been discontinued for >= 4 weeks.",
        "inclusion",
    ) == {"targeted_small_molecule": 28}
    # admitted within a time stays a permission
    assert days_of("Prior TKI therapy is allowed if given within 4 weeks", "inclusion") == {}


def test_off_a_treatment_for_more_than_a_time_is_a_washout() -> None:
    assert days_of(
        "Patients must have been off previous anti-androgen therapy for more than 4 weeks.",
        "inclusion",
    ) == {"hormonal": 28}


def test_a_drug_without_regulatory_approval_after_the_window_is_investigational() -> None:
    text = (
        "Have received treatment within 28 days of the initial dose of study drug with a drug "
        "that has not received regulatory approval for any indication."
    )
    assert days_of(text) == {"investigational": 28}
    # an inclusion's "within" is a recency requirement
    assert days_of(text, "inclusion") == {}


def test_a_second_window_of_a_parenthesis_cut_at_its_semicolon_is_its_class() -> None:
    read = days_of(
        "Chemotherapy or an investigational agent within 4 weeks of study drug (within 6 weeks "
        "for nitrosoureas; within 2 weeks of small molecule targeted therapies)."
    )

    assert read["targeted_small_molecule"] == 14
    assert read["chemotherapy"] == 28
    # a window before the study's start names no class
    assert "targeted_small_molecule" not in days_of(
        "Chemotherapy within 4 weeks (within 6 weeks for nitrosoureas; within 2 weeks of the "
        "first dose for palliative radiotherapy)."
    )


def test_a_treatment_for_the_cancer_named_by_its_code_is_every_systemic_class() -> None:
    read = days_of(
        "Discontinuation of all therapy for the treatment of iNHL or CLL >= 4 weeks prior to Day 1",
        "inclusion",
    )
    assert {category: read.get(category) for category in BROAD_CLASSES} == dict.fromkeys(
        BROAD_CLASSES, 28
    )
    assert days_of("At least 21 days from prior treatment for NSCLC", "inclusion") == dict.fromkeys(
        BROAD_CLASSES, 21
    )


def test_another_cancers_own_treatment_in_an_exception_list_is_no_washout() -> None:
    assert (
        days_of(
            "Skin-limited Kaposi sarcoma that has not required systemic treatment within 6 months "
            "prior to study enrollment"
        )
        == {}
    )


def test_a_minimum_interval_before_the_first_dose_since_a_treatment_is_a_washout() -> None:
    assert days_of(
        "A minimum interval of four weeks prior to the first dose of study drug must have elapsed "
        "since receipt of any investigational therapy or any other chemotherapy",
        "inclusion",
    ) == {"chemotherapy": 28, "investigational": 28}


def test_a_window_period_before_the_administration_it_is_for_is_a_washout() -> None:
    assert days_of(
        "Concomitant or within 4-week period administration of any other experimental drug under "
        "investigation."
    ) == {"investigational": 28}


def test_a_lead_in_since_prior_treatment_with_gives_its_window_to_each_item() -> None:
    read = days_of(
        "At least 3 weeks since prior treatment with: Chemotherapy (at least 6 weeks for "
        "nitrosoureas); Other signal transduction inhibitors and monoclonal antibodies; "
        "Systemic hormonal anti-cancer therapy; Any experimental therapy",
        "inclusion",
    )

    assert read == {
        "chemotherapy": 21,
        "biologic": 21,
        "targeted_small_molecule": 21,
        "hormonal": 21,
        "investigational": 21,
    }


def test_less_than_a_window_between_registration_and_a_treatment_is_a_washout() -> None:
    assert days_of(
        "Less than 4 weeks between registration and the last receipt of chemotherapy, "
        "biotherapy, radiotherapy or major surgery"
    ) == {"chemotherapy": 28, "biologic": 28, "radiotherapy": 28, "major_surgery": 28}


def test_anti_cancer_written_apart_is_the_broad_term() -> None:
    assert days_of("Concurrent anti cancer treatment within the last 4 weeks") == dict.fromkeys(
        BROAD_CLASSES, 28
    )
    assert days_of("Anti tumor necrosis factor agents within 4 weeks") == {}


def test_the_last_treatment_after_a_broad_term_is_that_treatment() -> None:
    assert days_of(
        "Received at least one anti-cancer treatment (including chemotherapy, biological or "
        "endocrine treatment). And the last treatment must be at least four weeks before study "
        "enrollment.",
        "inclusion",
    ) == {**dict.fromkeys(BROAD_CLASSES, 28), "hormonal": 28}
    # a recency the study asks for stays none
    assert (
        days_of(
            "Patients must have received prior anti-cancer therapy. The last treatment must be "
            "within 6 months before enrolment.",
            "inclusion",
        )
        == {}
    )


def test_a_window_for_the_patients_of_some_blood_cancers_only_is_none_for_everyone() -> None:
    assert days_of("ALL or AML subject has received acute anti-cancer therapy within 14 days") == {}
    assert days_of("CML, CLL or MDS subjects has received anti-cancer therapy within 28 days") == {}
    # "all" as a word is everyone
    assert days_of("All patients: chemotherapy within 3 weeks") == {"chemotherapy": 21}


def test_with_the_exclusion_of_is_an_exception_inside_a_broad_window() -> None:
    assert days_of(
        "Treatment with an investigational product or device, or anti-neoplastic therapy (with "
        "the exclusion of hormone therapy where the therapy will continue at a standard dose) "
        "within 28 days prior to the first dose of study drug"
    ) == {**dict.fromkeys(BROAD_CLASSES, 28), "investigational": 28}


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "Potentially effective therapy for renal cell cancer (RCC) within four weeks of the "
            "time the patient receives T-cell transfer",
            "exclusion",
            dict.fromkeys(BROAD_CLASSES, 28),
        ),
        (
            "Last treatment for multiple myeloma not within 21 days prior to study treatment "
            "initiation",
            "exclusion",
            dict.fromkeys(BROAD_CLASSES, 21),
        ),
        (
            "CLL therapy, major surgery, or irradiation for CLL was completed > 4 weeks before "
            "registration",
            "inclusion",
            {**dict.fromkeys(BROAD_CLASSES, 28), "major_surgery": 28, "radiotherapy": 28},
        ),
        (
            "At least 4 weeks must have elapsed from any prior surgery, radiation, hormonal or "
            "other drug therapy for their cancer",
            "inclusion",
            {
                **dict.fromkeys(BROAD_CLASSES, 28),
                "major_surgery": 28,
                "radiotherapy": 28,
                "hormonal": 28,
            },
        ),
        (
            "Any treatment specific for tumor control within 3 weeks of study drugs (within 6 "
            "wks for nitrosoureas or mitomycin C)",
            "exclusion",
            dict.fromkeys(BROAD_CLASSES, 21),
        ),
    ],
)
def test_a_treatment_named_by_the_cancer_it_treats_is_every_systemic_class(
    text: str, kind: str, expected: dict[str, int]
) -> None:
    assert days_of(text, kind) == expected


def test_another_cancers_treatment_is_no_washout() -> None:
    assert days_of("Prior treatment for a second cancer within 3 years") == {}
    assert days_of("Any treatment for basal cell carcinoma within 4 weeks") == {}


def test_an_immunosuppressant_item_leaves_the_other_items_their_window() -> None:
    assert days_of(
        "Treatment with cytotoxic chemotherapy, radiation or immunosuppressive therapy within "
        "the 30 days (42 days for nitrosoureas and/or mitomycin C) of the scout infusion"
    ) == {"chemotherapy": 30, "radiotherapy": 30}
    # a list of immune drugs only is no cancer washout
    assert (
        days_of(
            "Chronic systemic immune therapy or immunosuppressant medication other than steroids "
            "within the last 6 weeks"
        )
        == {}
    )


def test_intrathecal_chemotherapy_leaves_the_systemic_window_its_chemotherapy() -> None:
    assert days_of(
        "Patients must not have received any systemic therapy for leptomeningeal disease within "
        "3 wks (6 wks if a nitrosourea), intrathecal chemotherapy within 1 wk, or irradiation "
        "within 8 wks prior to treatment"
    ) == {**dict.fromkeys(BROAD_CLASSES, 21), "radiotherapy": 56}


def test_any_prior_therapy_completed_before_the_study_is_every_systemic_class() -> None:
    assert days_of(
        "Any prior therapy should have been completed >= 2 weeks prior to start of study therapy.",
        "inclusion",
    ) == dict.fromkeys(BROAD_CLASSES, 14)
    assert days_of(
        "Other previous treatments should have been completed 3 weeks before inclusion in the "
        "study",
        "inclusion",
    ) == dict.fromkeys(BROAD_CLASSES, 21)
    # months after prior therapy are a relapse-free interval
    assert (
        days_of("Prior therapy must have been completed at least 6 months before", "inclusion")
        == {}
    )


def test_a_window_that_must_have_elapsed_for_a_treatment_is_counted_since_it() -> None:
    found = washouts(
        "Radiation therapy (XRT): >= 2 weeks must have elapsed for local palliative XRT (small "
        "port) and enrollment on study; at least 24 weeks must have elapsed since radiation if "
        "prior total body irradiation (TBI) or craniospinal XRT has been administered",
        "inclusion",
    )
    assert found["radiotherapy"]["days"] == 14
    assert "craniospinal" in found["radiotherapy"]["exceptions"][0]
    # the group the window is for is no treatment
    assert (
        days_of("6 months must have elapsed for patients with prior transplant", "inclusion") == {}
    )


def test_a_treatment_admitted_with_a_bare_or_but_window_is_a_washout() -> None:
    assert days_of(
        "Prior radiotherapy is allowed if 14 days from first dose of study drug and toxicity is "
        "resolved",
        "inclusion",
    ) == {"radiotherapy": 14}
    assert days_of(
        "Patient may have received previous radiation therapy, but it must have been completed at "
        "least 21 days prior to registration",
        "inclusion",
    ) == {"radiotherapy": 21}
    assert days_of(
        "Previous radiation therapy for palliation of cord compression is permitted provided last "
        "dose is given 14 days prior to initiation of chemotherapy",
        "inclusion",
    ) == {"radiotherapy": 14}
    # a window counted from the diagnosis stays none
    assert days_of("Prior surgery is allowed if 6 months from diagnosis", "inclusion") == {}
    assert days_of("Prior chemotherapy is allowed if completed 6 months before diagnosis") == {}


def test_a_completed_treatment_with_a_bare_figure_before_the_start_is_a_lower_bound() -> None:
    assert days_of(
        "Completed any major surgery 4 weeks from registration and any minor surgery 2 weeks "
        "from registration",
        "inclusion",
    ) == {"major_surgery": 28}
    assert days_of("Completed adjuvant chemotherapy within 6 months", "inclusion") == {}
    # a window with a top is a required interval, no washout
    assert (
        days_of("Completed radiotherapy within 2 to 6 weeks prior to randomization", "inclusion")
        == {}
    )


def test_an_exceptions_heading_gives_a_class_its_own_window() -> None:
    assert days_of(
        "Prior anti-cancer therapy within 30 days prior to first dose. Exceptions: Subjects who "
        "received conventional chemotherapy are eligible if at least 14 days have elapsed."
    ) == {**dict.fromkeys(BROAD_CLASSES, 30), "chemotherapy": 14}


def test_a_disease_groups_window_is_none_for_everyone() -> None:
    assert (
        days_of(
            "Solid tumor patients: >= 21 days after the last dose of cytotoxic chemotherapy",
            "inclusion",
        )
        == {}
    )


def test_a_steroid_named_as_an_example_leaves_the_chemotherapy_window() -> None:
    assert days_of(
        "Chemotherapy, including steroid therapy dose as defined above, within 3 weeks prior to "
        "first dose"
    ) == {"chemotherapy": 21}


def test_a_broad_term_after_an_investigational_item_is_its_own_disjunct() -> None:
    assert days_of(
        "Participation in another clinical trial and/or use of investigational agents or "
        "concurrent anti cancer treatment within the last 4 weeks of registration"
    ) == {**dict.fromkeys(BROAD_CLASSES, 28), "investigational": 28}


def test_a_gap_between_the_study_start_and_the_last_therapy_is_a_washout() -> None:
    assert days_of(
        "At least 14 days between ibrutinib initiation and last cancer therapy", "inclusion"
    ) == dict.fromkeys(BROAD_CLASSES, 14)


def test_classes_listed_after_the_window_of_a_broad_term_share_it() -> None:
    assert days_of(
        "Prior anticancer therapy within the last 3 weeks of study dosing including chemotherapy, "
        "radiotherapy, endocrine therapy or immunotherapy"
    ) == {**dict.fromkeys(BROAD_CLASSES, 21), "radiotherapy": 21, "hormonal": 21}
    found = days_of(
        "Has undergone within 28 days prior to first dose of study drug, any cancer therapy "
        "(major surgery, chemotherapy, radiation therapy or hormonal therapy)."
    )
    assert found["radiotherapy"] == 28
    assert found["major_surgery"] == 28
    assert found["hormonal"] == 28


def test_a_systemic_radiotherapy_window_beside_the_general_one_is_its_exception() -> None:
    lines = [
        ("exclusion", "Radiotherapy (teletherapy or brachytherapy) within 28 days before day 1"),
        ("exclusion", "Systemic radiotherapy (Sm-153, Sr-89) within 56 days before study day 1."),
    ]
    criteria = propose_criteria(
        [CriterionRecord(kind, text, line=n) for n, (kind, text) in enumerate(lines, 1)],
        registry_ages=False,
    )
    read = [c for c in criteria if c.type == "washout"]

    assert [(c.params["category"], c.params["days"]) for c in read] == [("radiotherapy", 28)]
    assert "Sm-153" in read[0].params["exceptions"][0]


def test_a_class_adjective_before_anticancer_drugs_names_that_class_only() -> None:
    assert days_of(
        "Treated with anticancer immunotherapies or other immunostimulatory anticancer drugs "
        "(interferons, interleukins, thymosin) within 3 months before the first dose"
    ) == {"immunotherapy": 90}
    assert days_of(
        "Chemotherapy within 2 weeks, or investigative anticancer therapeutics within 4 weeks, "
        "before the first dose"
    ) == {"chemotherapy": 14, "investigational": 28}


def test_a_count_of_investigational_agents_is_no_washout() -> None:
    assert days_of(
        "Participation in another investigational drug trial within 30 days prior to Day 1 or "
        "exposure to more than three new investigational agents within 12 months prior to Day 1"
    ) == {"investigational": 30}


def test_progressive_disease_written_pd_is_a_progression_window() -> None:
    assert (
        days_of("Not refractory to rituximab (refractory = PD under treatment or within 6 months)")
        == {}
    )
    assert days_of("Anti-PD-1 therapy within 4 weeks") == {"immunotherapy": 28}


@pytest.mark.parametrize(
    "text",
    [
        "Treatment with a proteasome inhibitor within 60 days prior to the first dose",
        "HDAC inhibitor within 60 days",
        "Prior vorinostat within 60 days",
        "MET inhibitor within 60 days",
        "BCR-ABL inhibitors within 60 days",
    ],
)
def test_small_molecule_enzyme_inhibitors_are_targeted(text: str) -> None:
    assert days_of(text) == {"targeted_small_molecule": 60}


def test_an_exception_for_contraception_leaves_the_hormonal_window() -> None:
    line = (
        "Treatment with systemic hormonal therapy within 3 weeks prior to start of protocol "
        "therapy, with the exception of: Hormonal therapy for appetite stimulation or "
        "contraception; Nasal, ophthalmic, inhaled and topical steroid preparations"
    )
    assert {p.params["category"]: p.params["days"] for p in read_line("exclusion", line)} == {
        "hormonal": 21
    }


def test_a_class_window_on_its_own_line_keeps_it_against_a_broad_term_on_another() -> None:
    lines = [
        "The last systemic anti-tumor treatment (chemotherapy, immunotherapy, biological "
        "agents, etc.) was received within 3 weeks before the first administration.",
        "TKI treatment within 2 weeks before the first administration.",
    ]
    criteria = propose_criteria(
        [CriterionRecord("exclusion", text, line=n) for n, text in enumerate(lines, 1)],
        registry_ages=False,
    )
    read = {c.params["category"]: c.params["days"] for c in criteria if c.type == "washout"}
    assert read["targeted_small_molecule"] == 14
    assert read["biologic"] == read["chemotherapy"] == 21
    # a drug named alone is no class words: the broad window stays the class's
    lines[1] = "Osimertinib within 8 days before the first administration."
    criteria = propose_criteria(
        [CriterionRecord("exclusion", text, line=n) for n, text in enumerate(lines, 1)],
        registry_ages=False,
    )
    days = [
        c.params["days"]
        for c in criteria
        if c.type == "washout" and c.params["category"] == "targeted_small_molecule"
    ]
    assert sorted(days) == [8, 21]


def test_a_drug_not_approved_in_one_country_is_not_investigational() -> None:
    assert days_of(
        "Use of bicalutamide or nilutamide (not approved in Japan) within 6 weeks before the "
        "first drug administration"
    ) == {"hormonal": 42}
    assert days_of("Treatment with a drug not approved in any indication within 28 days") == {
        "investigational": 28
    }


def test_antineoplastic_treatment_with_glucocorticoids_is_a_steroid_item() -> None:
    assert days_of(
        "Treatment with any investigational products, systemic antineoplastic treatment, or "
        "antineoplastic treatment with glucocorticoids within 21 days preceding the first dose"
    ) == {**dict.fromkeys(BROAD_CLASSES, 21), "investigational": 21}


def test_a_lower_bound_from_investigational_or_anticancer_therapy() -> None:
    assert days_of("≥ 4 weeks from other investigational anticancer therapy", "inclusion") == {
        "investigational": 28
    }
    assert days_of("At least 3 weeks from any anticancer therapy", "inclusion") == dict.fromkeys(
        BROAD_CLASSES, 21
    )


def test_hormones_listed_among_anticancer_treatments_are_hormonal() -> None:
    assert days_of(
        "Anticancer treatment (eg, chemotherapy, cytokines, or hormones) within 28 days before "
        "the first dose"
    ) == {**dict.fromkeys(BROAD_CLASSES, 28), "hormonal": 28}
    assert days_of("Thyroid hormones within 4 weeks") == {}


def test_a_window_before_with_and_the_treatments_after_it() -> None:
    assert days_of(
        "Prior treatment within 4 weeks before the first drug administration with "
        "immunotherapy, antiandrogen or investigational treatment"
    ) == {"immunotherapy": 28, "hormonal": 28, "investigational": 28}


def test_a_window_waived_once_recovery_has_occurred_is_none() -> None:
    assert (
        days_of(
            "Treatment with any investigational agents or chemotherapy agents in the last 21 days "
            "before study entry, unless full recovery from side effects has occurred"
        )
        == {}
    )


def test_a_window_for_a_share_of_the_active_marrow_is_the_general_windows_exception() -> None:
    lines = [
        ("exclusion", "Radiotherapy within 14 days before the first dose of study drug."),
        (
            "exclusion",
            "Prior treatment with radiation therapy involving >= 25% of the hematopoietically "
            "active bone marrow within 42 days before the first dose of study drug.",
        ),
    ]
    criteria = propose_criteria(
        [CriterionRecord(kind, text, line=n) for n, (kind, text) in enumerate(lines, 1)],
        registry_ages=False,
    )
    read = [c for c in criteria if c.type == "washout"]

    assert [(c.params["category"], c.params["days"]) for c in read] == [("radiotherapy", 14)]
    assert len(read[0].params["exceptions"]) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the recovery of what the treatment caused ends the treatment's words
        (
            "At least 4 weeks must have elapsed from completion of the radiation therapy and all "
            "signs of toxicity must have resolved",
            {"radiotherapy": 28},
        ),
        # "at least a N week interval from"
        (
            "There must be at least a 3 month interval from the completion of the most recent "
            "course of radiation therapy",
            {"radiotherapy": 90},
        ),
        # a window in brackets after the treatment recovered from
        (
            "Must have recovered from prior radiation therapy (at least 3 weeks)",
            {"radiotherapy": 21},
        ),
        (
            "Fully recovered from any previous surgery (at least 4 weeks since major surgery)",
            {"major_surgery": 28},
        ),
        # "previously" for before; "&" for and
        ("Completed prior chemotherapy a minimum of 4 weeks previously", {"chemotherapy": 28}),
        (
            "At least 3 wks must have elapsed since surgery & patients must have recovered from "
            "all associated toxicities",
            {"major_surgery": 21},
        ),
    ],
)
def test_windows_since_a_treatment_in_other_words(text: str, expected: dict[str, int]) -> None:
    assert days_of(text, "inclusion") == expected


def test_a_disjunct_window_from_its_own_treatment_keeps_the_wide_field_as_exception() -> None:
    text = (
        "Radiation Therapy: within 60 days from prior total body irradiation, craniospinal "
        "radiation and/or >= 50% radiation of the pelvis, or within 14 days from local palliative "
        "radiation therapy (small port)."
    )
    (read,) = read_washout_params("exclusion", text)

    assert (read["category"], read["days"]) == ("radiotherapy", 14)
    assert "total body irradiation" in read["exceptions"][0]


def test_a_half_life_alternative_in_times_before_from_is_read() -> None:
    assert days_of(
        "Monoclonal antibodies and investigational drugs: At least 21 days or 5 times the "
        "half-life (whichever is shorter) from prior treatment with monoclonal antibodies or any "
        "investigational drug must have elapsed before the first study drug."
    ) == {"biologic": 21, "investigational": 21}


def test_experimental_anticancer_therapy_is_investigational_only() -> None:
    assert days_of(
        "Any chemotherapy, radiation therapy, or experimental antineoplastic therapy within 4 "
        "weeks of first dose of study drug"
    ) == {"chemotherapy": 28, "radiotherapy": 28, "investigational": 28}
    # "standard or experimental" names every systemic class and the investigational one
    assert days_of(
        "Prior anticancer treatment, standard or experimental, within 4 weeks prior to the first "
        "dose"
    ) == {**dict.fromkeys(BROAD_CLASSES, 28), "investigational": 28}


def test_non_systemic_anticancer_therapy_is_no_systemic_class() -> None:
    assert days_of(
        "Any non-systemic anti-cancer therapy which has not been cleared from the body by the "
        "time of starting study treatment Radiation therapy within 4 weeks prior to starting "
        "study treatment"
    ) == {"radiotherapy": 28}


def test_a_narrow_group_window_gives_no_window_to_a_class_only_a_broad_term_named() -> None:
    assert days_of(
        "Treatment in the 14 days prior to randomization with any cancer therapy (tumor "
        "embolization, chemotherapy, immunotherapy, biological therapy, or hormonal therapy) or "
        "treatment with mitomycin within 6 weeks prior to randomization."
    ) == {"chemotherapy": 14, "immunotherapy": 14, "biologic": 14, "hormonal": 14}


def test_a_drug_named_as_an_interacting_one_gives_no_washout() -> None:
    assert (
        days_of(
            "Concomitant use of known strong (eg. phenobarbital, enzalutamide, phenytoin) or "
            "moderate CYP3A inducers (eg. bosentan, efavirenz). The required washout period prior "
            "to starting olaparib is 5 weeks for enzalutamide or phenobarbital and 3 weeks for "
            "other agents."
        )
        == {}
    )


def test_a_biologic_that_is_a_growth_factor_is_no_washout() -> None:
    assert days_of("Received a biologic (G-CSF, GM-CSF or erythropoietin) within 28 days") == {}
    assert days_of("Received a biologic (bevacizumab) within 28 days") == {"biologic": 28}


def test_a_bare_hormone_item_in_a_list_is_hormonal() -> None:
    assert days_of(
        "Patients who have had immunotherapy, hormone, chemotherapy or radiotherapy within 4 "
        "weeks prior to entering the study"
    ) == {"immunotherapy": 28, "hormonal": 28, "chemotherapy": 28, "radiotherapy": 28}


def test_may_not_be_receiving_within_a_window_is_a_refusal() -> None:
    assert days_of(
        "May not be receiving any other investigational agents within 4 weeks of starting the "
        "study treatment and during the study period."
    ) == {"investigational": 28}


def test_one_drug_of_a_class_with_a_longer_window_in_a_parenthesis_is_an_exception() -> None:
    found = washouts(
        "Has not yet completed a 14 day washout period for any previous anti-cancer systemic "
        "therapies (30 days for prior bevacizumab)"
    )
    assert found["biologic"]["days"] == 14
    assert any("bevacizumab" in words for words in found["biologic"]["exceptions"])


def test_windows_after_a_cohort_only_label_are_that_cohorts() -> None:
    assert (
        days_of(
            "Compliance: Patients who are unwilling to comply are excluded. Additional Exclusions "
            "for Cohort M6 (mCRPC) Only: Prostate Cancer Treatments: Patients who have received "
            "first-generation androgen receptor antagonists (e.g., bicalutamide) within 4 weeks."
        )
        == {}
    )


def test_one_drugs_window_beside_the_class_window_of_the_line_is_its_exception() -> None:
    found = washouts(
        "At least 4 weeks from last cancer therapy (or 6 weeks from previous mitomycin C; 2 weeks "
        "from previous biological therapy; 8 weeks from previous bevacizumab)",
        "inclusion",
    )
    assert found["biologic"]["days"] == 14
    assert any("bevacizumab" in words for words in found["biologic"]["exceptions"])


def test_a_window_binding_only_those_without_progression_is_no_washout() -> None:
    assert (
        days_of("Receipt of a monoclonal antibody within 3 months without evidence of progression.")
        == {}
    )


def test_an_investigational_drug_device_or_biologic_is_investigational_only() -> None:
    assert days_of(
        "Use of an investigational drug/device/biologic within 28 days of Study Day 0"
    ) == {"investigational": 28}


def test_may_not_have_received_within_a_window_is_a_refusal() -> None:
    assert days_of(
        "Individuals may not have received systemic anticancer treatment within the previous "
        "6 weeks",
        "inclusion",
    ) == dict.fromkeys(BROAD_CLASSES, 42)


def test_anticancer_treatment_with_biological_drugs_is_a_biologic_window() -> None:
    assert days_of(
        "Has had prior anti-cancer treatment with biological drugs, or other investigational "
        "agents within 28 days; or received chemotherapy, TKI or targeted therapies within 14 "
        "days prior to enrollment"
    ) == {
        "biologic": 28,
        "investigational": 28,
        "chemotherapy": 14,
        "targeted_small_molecule": 14,
    }


def test_items_after_the_following_which_are_allowed_are_permissions() -> None:
    assert (
        days_of(
            "Previous chemotherapy for AML except for the following, which are allowed: "
            "Hydroxyurea for cytoreduction; One course of hypomethylating agent therapy within "
            "30 days prior to enrollment"
        )
        == {}
    )


def test_regional_chemotherapy_with_a_longer_window_is_an_exception() -> None:
    read = washouts(
        "Chemotherapy or other systemic cancer therapy within 4 weeks of initial study "
        "treatment, or regional chemotherapy (limb infusion or perfusion) within 12 weeks of "
        "initial study treatment"
    )

    assert read["chemotherapy"]["days"] == 28
    assert read["immunotherapy"]["days"] == 28


def test_drugs_named_one_by_one_with_a_longer_window_are_an_exception() -> None:
    read = washouts(
        "At least 21 days must have passed from previous systemic therapy. Prior treatment with "
        "cisplatin and/or pemetrexed is allowed, but at least 3 months must have passed since "
        "the last dose.",
        "inclusion",
    )

    assert read["chemotherapy"]["days"] == 21
    assert any("pemetrexed" in words for words in read["chemotherapy"]["exceptions"])


def test_certain_types_of_cancer_therapy_name_no_class() -> None:
    assert (
        days_of(
            "The subject has received certain types of cancer therapy within 3 weeks before "
            "starting"
        )
        == {}
    )


def test_anticancer_treatment_with_a_list_ending_in_drug_therapy_is_every_drug() -> None:
    assert days_of(
        "Patients who have received anticancer treatment with surgical therapy, radiation "
        "therapy, and/or drug therapy within 14 days before enrollment"
    ) == {**dict.fromkeys(BROAD_CLASSES, 14), "radiotherapy": 14}


def test_a_narrower_group_window_joined_by_or_within_is_an_exception() -> None:
    read = washouts(
        "Treatment with cytotoxic agents within the last 4 weeks, or within the last 6 weeks "
        "for agents such as mitomycin."
    )

    assert read["chemotherapy"]["days"] == 28
    assert (
        days_of(
            "Treatment with cytotoxic agents within the last 3 or 4 weeks, depending on the "
            "usual frequency of the regimen, or within the last 6 weeks for agents such as "
            "mitomycin"
        )
        == {}
    )


def test_immuno_with_the_noun_shared_after_the_list_is_immunotherapy() -> None:
    assert days_of(
        "Has received chemo-, immuno-, or radiotherapy within the last 4 weeks prior to entry"
    ) == {"chemotherapy": 28, "immunotherapy": 28, "radiotherapy": 28}
    assert days_of("Chemo- or immuno-therapy within 3 weeks") == {
        "chemotherapy": 21,
        "immunotherapy": 21,
    }


def test_a_progression_without_a_window_leaves_the_washout_after_it() -> None:
    assert days_of(
        "Disease progression after standard second-line therapy, and more than 2 weeks since "
        "the end of the last antitumor treatment;",
        "inclusion",
    ) == dict.fromkeys(BROAD_CLASSES, 14)
    assert (
        days_of(
            "Disease progression within 6 months after chemotherapy, and at least 4 weeks since "
            "chemotherapy",
            "inclusion",
        )
        == {}
    )


def test_growth_factors_and_immunosuppressants_in_a_list_leave_the_other_windows() -> None:
    assert days_of(
        "Patients must not have received chemotherapy, cancer immunosuppressive therapy, growth "
        "factors (except erythropoietin), or investigational agents within 28 days before first "
        "dose of test article.",
        "inclusion",
    ) == {"chemotherapy": 28, "investigational": 28}


def test_a_steroid_item_with_its_exception_and_a_hedged_therapy_leave_chemotherapy() -> None:
    assert days_of(
        "Concomitant medications that include corticosteroids (except as premedication for "
        "blood products), chemotherapy, or other therapy that is or may be active against "
        "myeloma within 2 weeks prior to Cycle 1 Day 1"
    ) == {"chemotherapy": 14}


def test_months_since_chemotherapy_beside_none_for_advanced_disease_is_relapse_free() -> None:
    assert (
        days_of(
            "At least 12 months since prior chemotherapy; No prior chemotherapy for advanced "
            "disease",
            "inclusion",
        )
        == {}
    )
    assert days_of(
        "At least 4 weeks since prior chemotherapy; No prior chemotherapy for advanced disease",
        "inclusion",
    ) == {"chemotherapy": 28}


def test_a_local_therapy_dated_by_systemic_therapy_is_no_systemic_window() -> None:
    assert (
        days_of(
            "Hepatic locoregional therapy following prior systemic therapy or within 28 days "
            "prior to randomization."
        )
        == {}
    )


def test_surgery_with_unhealed_wounds_after_a_sign_is_no_washout() -> None:
    assert days_of("Surgery < 3 weeks before day 1 with incomplete wound healing") == {}
    assert days_of("Surgery <= 3 weeks before day 1") == {"major_surgery": 21}


def test_the_study_drug_named_as_the_investigational_agent_is_no_class() -> None:
    assert "investigational" not in days_of(
        "Earlier treatment with the investigational agent within 3 months of enrolment"
    )
    assert days_of("Any investigational agent within 3 months of enrolment") == {
        "investigational": 90
    }


def test_two_windows_paired_respectively_keep_the_shorter() -> None:
    assert days_of(
        "Any unapproved drug within 7 or 28 days before enrolment for a non-cytotoxic or "
        "cytotoxic agent, respectively"
    ) == {"investigational": 7}


def test_radiotherapy_in_the_conditions_on_brain_metastases_is_no_washout() -> None:
    assert (
        days_of(
            "Uncontrolled brain metastases. Such patients must be asymptomatic, off steroids and "
            "at least 4 weeks past the end of radiotherapy"
        )
        == {}
    )


def test_months_since_one_named_drug_are_no_washout_of_its_class() -> None:
    assert days_of("Prior treatment with irinotecan within 6 months before enrolment") == {}
    assert days_of("Received pemetrexed or sorafenib within the previous 10 weeks") == {}
    # (a short window for one drug is a washout all the same)
    assert days_of("Temozolomide within the past 3 weeks") == {"chemotherapy": 21}


def test_a_progression_after_the_window_leaves_the_window_since_the_treatment() -> None:
    got = read_washout_params(
        "inclusion",
        "At least 28 days since prior anti-androgens (42 days for nilutamide) or hormonal "
        "therapy and demonstrated progression since they were stopped",
    )
    assert [(p["category"], p["days"]) for p in got] == [("hormonal", 28)]


def test_a_window_since_any_prior_therapy_is_every_systemic_class() -> None:
    assert days_of(
        "At least 3 weeks must have elapsed since completion of any prior therapy", "inclusion"
    ) == dict.fromkeys(BROAD_CLASSES, 21)
    assert days_of("At least 6 months since the last prior treatment", "inclusion") == {}
    assert days_of(
        "Prior chemotherapy or radiotherapy with at least 3 weeks since the last treatment",
        "inclusion",
    ) == {"chemotherapy": 21, "radiotherapy": 21}


def test_any_agent_with_antitumour_activity_is_every_systemic_class() -> None:
    assert days_of("Any other drug with anticancer activity within 3 weeks of day 1") == (
        dict.fromkeys(BROAD_CLASSES, 21)
    )


def test_a_hyphenated_target_therapy_and_a_bare_targeted_item_are_small_molecules() -> None:
    assert days_of("Chemotherapy, target-therapy or an investigational drug within 21 days") == {
        "chemotherapy": 21,
        "targeted_small_molecule": 21,
        "investigational": 21,
    }
    assert days_of("Chemotherapy, biologic, targeted, or radiotherapy within 2 weeks") == {
        "chemotherapy": 14,
        "biologic": 14,
        "targeted_small_molecule": 14,
        "radiotherapy": 14,
    }
    # (a target named before the hyphen is the antibody's, not a small molecule)
    assert days_of("HER2-targeted, or EGFR-directed antibodies within 3 weeks") == {"biologic": 21}


def test_a_therapy_used_as_cancer_therapy_is_its_own_class_only() -> None:
    assert days_of("Radiation therapy as cancer therapy within 3 weeks of day 1") == {
        "radiotherapy": 21
    }
    assert days_of("Hormone therapy as an anticancer treatment within 2 weeks of day 1") == {
        "hormonal": 14
    }
    assert days_of("Herbal remedies intended as anti-tumour therapy within 10 days") == {}
    # (a drug of no class given as anticancer therapy is still every systemic class)
    assert days_of("Any drug given as anticancer therapy within 3 weeks") == dict.fromkeys(
        BROAD_CLASSES, 21
    )


def test_a_permission_in_parenthesis_with_its_own_window_names_no_treatment() -> None:
    assert days_of(
        "Cytotoxic drugs or antibodies within 3 weeks (gefitinib taken in the last 3 weeks is "
        "permitted)"
    ) == {"chemotherapy": 21, "biologic": 21}
    # (one that is not allowed keeps its drug)
    assert days_of("Sunitinib within 10 days (sunitinib within 3 weeks is not allowed)") == {
        "targeted_small_molecule": 10
    }


def test_painkillers_held_around_a_chemotherapy_dose_are_no_chemotherapy_washout() -> None:
    assert (
        days_of(
            "Unable or unwilling to stop NSAIDs for 5 days before and 2 days after each dose of "
            "pemetrexed"
        )
        == {}
    )
    assert (
        days_of(
            "People on anti-inflammatory painkillers who are unable to stop them for the 3 days "
            "prior to and the 2 days after pemetrexed"
        )
        == {}
    )


def test_a_drug_or_investigational_anticancer_agents_are_no_approved_class() -> None:
    got = days_of(
        "Cytotoxic therapy: at least 2 weeks (3 weeks for cisplatin or investigational "
        "anti-cancer agents) must have elapsed before day 1"
    )
    assert set(got) <= {"chemotherapy", "investigational"}
    assert days_of("Any standard or investigational anticancer agent within 3 weeks") == {
        **dict.fromkeys(BROAD_CLASSES, 21),
        "investigational": 21,
    }


def test_a_window_since_a_qualified_radiotherapy_counts_from_it() -> None:
    assert days_of("At least 3 weeks from focal radiation", "inclusion") == {"radiotherapy": 21}
    assert days_of(">= 2 weeks from local palliative radiotherapy", "inclusion") == {
        "radiotherapy": 14
    }
    # (a stability window after the radiotherapy stays none)
    assert days_of("Lesions stable for at least 4 weeks from stereotactic radiation") == {}


def test_a_treatment_window_with_an_investigational_product_after_it_is_investigational() -> None:
    assert days_of(
        "Has had treatment within 30 days of the first dose with an investigational drug or an "
        "unapproved use of a device"
    ) == {"investigational": 30}
    assert days_of(
        "Received therapy in the last 21 days with an experimental agent before enrolment"
    ) == {"investigational": 21}


def test_an_investigational_agent_after_another_treatments_window_keeps_its_own() -> None:
    assert days_of(
        "Prior chemotherapy treatment within 2 weeks before day 1 or prior treatment with an "
        "investigational agent within 5 weeks before day 1"
    ) == {"chemotherapy": 14, "investigational": 35}


def test_a_minimum_without_of_before_a_window_since_a_drug_is_a_lower_bound() -> None:
    assert days_of("Minimum 10 days since the last dose of lapatinib", "inclusion") == {
        "targeted_small_molecule": 10
    }
    assert days_of("At least 5 days of washout period from prior osimertinib", "inclusion") == {
        "targeted_small_molecule": 5
    }


def test_a_window_after_a_recovery_with_and_is_a_requirement_of_its_own() -> None:
    assert days_of(
        "Side effects of earlier treatment resolved to grade 1 and minimum 10 days of washout "
        "from previous afatinib",
        "inclusion",
    ) == {"targeted_small_molecule": 10}
    # (the harm as the subject of the window stays none)
    assert (
        days_of(
            "Any toxicity from earlier treatment must have resolved at least 3 weeks before day 1",
            "inclusion",
        )
        == {}
    )


def test_a_targeted_treatment_or_targeted_anticancer_therapy_is_a_small_molecule() -> None:
    assert days_of("Targeted treatment within 10 days of the first dose") == {
        "targeted_small_molecule": 10
    }
    assert days_of("Previous targeted antitumor drugs within 3 weeks before enrolment") == {
        "targeted_small_molecule": 21
    }
    # (a non-targeted treatment names no targeted drug)
    assert days_of("Non-targeted treatment within 10 days of the first dose") == {}
