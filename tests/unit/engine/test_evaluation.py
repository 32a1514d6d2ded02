from __future__ import annotations

from datetime import date

import pytest

from matcher.engine import (
    Audience,
    Criterion,
    Status,
    Verdict,
    criterion_status,
    evaluate_criterion,
    evaluate_trial,
)

from .factories import AS_OF, TREE, answers, criterion, days_ago, trial

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN

INCLUSIONS = [
    # (criterion, answers, status)
    (criterion("age", min=18, max=75), {"age": 18}, PASS),
    (criterion("age", min=18, max=75), {"age": 75}, PASS),
    (criterion("age", min=18, max=75), {"age": 17}, FAIL),
    (criterion("age", min=18, max=75), {"age": 76}, FAIL),
    (criterion("age", min=18, max=75), {}, UNKNOWN),
    (criterion("age", min=18), {"age": 120}, PASS),
    (criterion("age", max=65), {"age": 66}, FAIL),
    (criterion("sex", allowed=["female"]), {"sex": "female"}, PASS),
    (criterion("sex", allowed=["female"]), {"sex": "male"}, FAIL),
    (criterion("sex", allowed=["female", "male"]), {"sex": "male"}, PASS),
    (criterion("sex", allowed=["female"]), {}, UNKNOWN),
    (criterion("diagnosis", codes=["NPC"]), {"diagnosis": "NPC"}, PASS),
    (criterion("diagnosis", codes=["SOLID"]), {"diagnosis": "NPC"}, PASS),
    (criterion("diagnosis", codes=["NPC"]), {"diagnosis": "HNSC"}, FAIL),
    (criterion("diagnosis", codes=["NPC"]), {"diagnosis": "HEAD_NECK"}, UNKNOWN),
    (criterion("diagnosis", codes=["NPC"]), {"diagnosis": "SOLID"}, UNKNOWN),
    (criterion("diagnosis", codes=["NPC"]), {"diagnosis": "XYZ"}, FAIL),
    (criterion("diagnosis", codes=["XYZ"]), {"diagnosis": "XYZ"}, PASS),
    (criterion("diagnosis", codes=["NPC"]), {}, UNKNOWN),
    (
        criterion("diagnosis", codes=["HEAD_NECK"], exclude_codes=["NPC"]),
        {"diagnosis": "NPC"},
        FAIL,
    ),
    (
        criterion("diagnosis", codes=["HEAD_NECK"], exclude_codes=["NPC"]),
        {"diagnosis": "HNSC"},
        PASS,
    ),
    (
        criterion("diagnosis", codes=["HEAD_NECK"], exclude_codes=["NPC"]),
        {"diagnosis": "HEAD_NECK"},
        UNKNOWN,
    ),
    (
        criterion("disease_status", any_of=["recurrent", "metastatic"]),
        {"disease_status": ["metastatic"]},
        PASS,
    ),
    (criterion("disease_status", any_of=["recurrent"]), {"disease_status": ["localized"]}, FAIL),
    (criterion("disease_status", any_of=["recurrent"]), {"disease_status": []}, FAIL),
    (criterion("disease_status", any_of=["recurrent"]), {}, UNKNOWN),
    (criterion("prior_lines", min=2), {"prior_systemic_lines": 2}, PASS),
    (criterion("prior_lines", min=2), {"prior_systemic_lines": 1}, FAIL),
    (criterion("prior_lines", max=2), {"prior_systemic_lines": 3}, FAIL),
    (criterion("prior_lines", min=0, max=0), {"prior_systemic_lines": 0}, PASS),
    (criterion("prior_lines", min=2), {}, UNKNOWN),
    (
        criterion("prior_therapy", therapy="platinum_chemotherapy"),
        {"prior_therapies": ["platinum_chemotherapy"]},
        PASS,
    ),
    (
        criterion("prior_therapy", therapy="platinum_chemotherapy"),
        {"prior_therapies": ["taxane"]},
        FAIL,
    ),
    (criterion("prior_therapy", therapy="platinum_chemotherapy"), {"prior_therapies": []}, FAIL),
    (criterion("prior_therapy", therapy="platinum_chemotherapy"), {}, UNKNOWN),
    (criterion("ecog", min=0, max=1), {"ecog": 0}, PASS),
    (criterion("ecog", min=0, max=1), {"ecog": 1}, PASS),
    (criterion("ecog", min=0, max=1), {"ecog": 2}, FAIL),
    (criterion("ecog", min=0, max=1), {}, UNKNOWN),
    (criterion("life_expectancy", min_months=3), {"life_expectancy_months": 3}, PASS),
    (criterion("life_expectancy", min_months=3), {"life_expectancy_months": 2}, FAIL),
    (criterion("life_expectancy", min_months=3), {}, UNKNOWN),
    (criterion("measurable_disease"), {"measurable_disease": True}, PASS),
    (criterion("measurable_disease"), {"measurable_disease": False}, FAIL),
    (criterion("measurable_disease"), {}, UNKNOWN),
    (criterion("flag", question="histology_confirmed"), {"histology_confirmed": True}, PASS),
    (criterion("flag", question="histology_confirmed"), {"histology_confirmed": False}, FAIL),
    (criterion("flag", question="histology_confirmed"), {}, UNKNOWN),
    (criterion("text"), {"age": 40}, UNKNOWN),
]

EXCLUSIONS = [
    (
        criterion("flag", "exclusion", question="tuberculosis_active"),
        {"tuberculosis_active": True},
        FAIL,
    ),
    (
        criterion("flag", "exclusion", question="tuberculosis_active"),
        {"tuberculosis_active": False},
        PASS,
    ),
    (criterion("flag", "exclusion", question="tuberculosis_active"), {}, UNKNOWN),
    (
        criterion("prior_therapy", "exclusion", therapy="anti_pdl1_adc"),
        {"prior_therapies": ["anti_pdl1_adc"]},
        FAIL,
    ),
    (
        criterion("prior_therapy", "exclusion", therapy="anti_pdl1_adc"),
        {"prior_therapies": []},
        PASS,
    ),
    (criterion("prior_therapy", "exclusion", therapy="anti_pdl1_adc"), {}, UNKNOWN),
    (criterion("diagnosis", "exclusion", codes=["HNSC"]), {"diagnosis": "HNSC"}, FAIL),
    (criterion("diagnosis", "exclusion", codes=["HEAD_NECK"]), {"diagnosis": "NPC"}, FAIL),
    (criterion("diagnosis", "exclusion", codes=["HNSC"]), {"diagnosis": "NPC"}, PASS),
    (criterion("diagnosis", "exclusion", codes=["HNSC"]), {"diagnosis": "HEAD_NECK"}, UNKNOWN),
    (criterion("diagnosis", "exclusion", codes=["HNSC"]), {}, UNKNOWN),
    (criterion("age", "exclusion", min=76), {"age": 80}, FAIL),
    (criterion("age", "exclusion", min=76), {"age": 50}, PASS),
    (criterion("age", "exclusion", min=76), {}, UNKNOWN),
    (criterion("ecog", "exclusion", min=2), {"ecog": 2}, FAIL),
    (criterion("ecog", "exclusion", min=2), {"ecog": 1}, PASS),
    (criterion("prior_lines", "exclusion", min=3), {"prior_systemic_lines": 3}, FAIL),
    (criterion("prior_lines", "exclusion", min=3), {"prior_systemic_lines": 2}, PASS),
    (criterion("sex", "exclusion", allowed=["female"]), {"sex": "female"}, FAIL),
    (criterion("sex", "exclusion", allowed=["female"]), {"sex": "male"}, PASS),
    (
        criterion("disease_status", "exclusion", any_of=["localized"]),
        {"disease_status": ["localized"]},
        FAIL,
    ),
    (criterion("disease_status", "exclusion", any_of=["localized"]), {"disease_status": []}, PASS),
    (
        criterion("life_expectancy", "exclusion", min_months=12),
        {"life_expectancy_months": 24},
        FAIL,
    ),
    (criterion("life_expectancy", "exclusion", min_months=12), {"life_expectancy_months": 6}, PASS),
    (criterion("measurable_disease", "exclusion"), {"measurable_disease": True}, FAIL),
    (criterion("measurable_disease", "exclusion"), {"measurable_disease": False}, PASS),
    (criterion("text", "exclusion"), {}, UNKNOWN),
]


@pytest.mark.parametrize(("rule", "given", "status"), INCLUSIONS + EXCLUSIONS)
def test_criterion_status(rule: Criterion, given, status):
    result = evaluate_criterion(rule, answers(**given), as_of=AS_OF, tree=TREE)
    assert result.status == status
    assert result.eligible_from is None
    assert criterion_status(rule, answers(**given), as_of=AS_OF, tree=TREE) == status
    for audience in Audience:
        rendered = result.reason.render(audience)
        assert rendered
        assert "%(" not in rendered


def test_every_type_is_tested_with_pass_fail_and_unknown():
    seen = {(rule.type, status) for rule, _, status in INCLUSIONS}
    for rule, _, _ in INCLUSIONS:
        expected = {UNKNOWN} if rule.type == "text" else {PASS, FAIL, UNKNOWN}
        assert {status for type_, status in seen if type_ == rule.type} >= expected


@pytest.mark.parametrize("kind", ["inclusion", "exclusion"])
@pytest.mark.parametrize(
    ("as_of", "last", "days", "status", "eligible_from"),
    [
        (AS_OF, days_ago(28), 28, PASS, None),
        (AS_OF, days_ago(29), 28, PASS, None),
        (AS_OF, days_ago(27), 28, FAIL, date(2026, 12, 2)),
        (AS_OF, "2026-11-07", 28, FAIL, date(2026, 12, 5)),
        (AS_OF, days_ago(0), 0, PASS, None),
        (AS_OF, days_ago(0), 1, FAIL, date(2026, 12, 2)),
        (AS_OF, "2026-11-20", 14, FAIL, date(2026, 12, 4)),
        (date(2027, 1, 2), "2026-12-20", 14, FAIL, date(2027, 1, 3)),
        (date(2028, 2, 28), "2028-02-01", 28, FAIL, date(2028, 2, 29)),
        (date(2028, 2, 29), "2028-02-01", 28, PASS, None),
        (date(2027, 3, 1), "2027-02-01", 28, PASS, None),
        (date(9999, 12, 31), "9999-12-30", 28, FAIL, date(9999, 12, 31)),
        (AS_OF, "never", 28, PASS, None),
        (AS_OF, "2026-12-02", 28, UNKNOWN, None),
        (AS_OF, None, 28, UNKNOWN, None),
    ],
)
def test_washout(kind, as_of, last, days, status, eligible_from):
    rule = criterion("washout", kind, category="chemotherapy", days=days)
    given = answers(last_treatment={"chemotherapy": last, "radiotherapy": "never"})
    result = evaluate_criterion(rule, given, as_of=as_of, tree=TREE)
    assert (result.status, result.eligible_from) == (status, eligible_from)


@pytest.mark.parametrize(
    "given", [{}, {"last_treatment": {}}, {"last_treatment": {"biologic": "never"}}]
)
def test_washout_without_that_treatment_is_unknown(given):
    rule = criterion("washout", category="chemotherapy", days=28)
    assert evaluate_criterion(rule, answers(**given), as_of=AS_OF, tree=TREE).status == UNKNOWN


def test_washout_reasons_read_plainly_for_patients_and_tersely_for_clinicians():
    rule = criterion("washout", category="chemotherapy", days=28)
    given = answers(last_treatment={"chemotherapy": "2026-11-07"})
    reason = evaluate_criterion(rule, given, as_of=AS_OF, tree=TREE).reason
    assert reason.render() == (
        "You told us your last chemotherapy was on 2026-11-07; this study asks for at least 28 "
        "days since then, so you may become eligible from 2026-12-05."
    )
    assert reason.render(Audience.CLINICIAN) == (
        "Last chemotherapy 2026-11-07; washout 28 d required; eligible from 2026-12-05."
    )
    assert reason.render(format_date=lambda day: f"{day.day} {day:%B %Y}") == (
        "You told us your last chemotherapy was on 7 November 2026; this study asks for at "
        "least 28 days since then, so you may become eligible from 5 December 2026."
    )


def test_a_future_treatment_date_asks_to_check_the_date():
    rule = criterion("washout", category="radiotherapy", days=28)
    given = answers(last_treatment={"radiotherapy": "2026-12-24"})
    result = evaluate_criterion(rule, given, as_of=AS_OF, tree=TREE)
    assert result.status == UNKNOWN
    assert "check the date" in result.reason.render()


@pytest.mark.parametrize(
    ("question", "label"),
    [("tuberculosis_active", "active tuberculosis"), ("hbv_hcv_active", "active hepatitis B or C")],
)
def test_exclusion_flag_reasons_name_the_condition(question, label):
    rule = criterion("flag", "exclusion", question=question)
    reason = evaluate_criterion(rule, answers(**{question: True}), as_of=AS_OF, tree=TREE).reason
    assert reason.render() == f"This study does not take people with {label}. You answered yes."


def test_text_criteria_are_for_the_study_team():
    rule = criterion("text", text="Investigator's judgement.")
    result = evaluate_criterion(rule, answers(), as_of=AS_OF, tree=TREE)
    assert result.reason.render() == "The study team will check this."


def test_patient_reasons_avoid_codes_and_clinician_reasons_show_them():
    rule = criterion("diagnosis", codes=["HEAD_NECK"], exclude_codes=["NPC"])
    reason = evaluate_criterion(rule, answers(diagnosis="HNSC"), as_of=AS_OF, tree=TREE).reason
    assert reason.render() == "This study is for the type of cancer you told us about."
    assert reason.render(Audience.CLINICIAN) == "Diagnosis HNSC; eligible: HEAD_NECK except NPC."


def test_reasons_are_translated_template_by_template():
    rule = criterion("age", min=18)
    reason = evaluate_criterion(rule, answers(age=16), as_of=AS_OF, tree=TREE).reason
    catalogue = {
        "%(rule)s %(fact)s": "%(rule)s%(fact)s",
        "This study is for people aged %(min)s or older.": "本研究适用于%(min)s岁及以上的人。",
        "Your answer: %(answer)s.": "您的回答：%(answer)s。",
    }
    assert reason.render(translate=lambda s: catalogue.get(s, s)) == (
        "本研究适用于18岁及以上的人。您的回答：16。"
    )


ALL_PASS = [
    criterion("age", min=18),
    criterion("flag", "exclusion", question="transplant"),
    criterion("text", text="Signed consent."),
]
GIVEN = {
    "age": 40,
    "transplant": False,
    "last_treatment": {"chemotherapy": days_ago(10), "biologic": days_ago(5)},
}


@pytest.mark.parametrize(
    ("criteria", "verdict", "score", "eligible_from"),
    [
        (ALL_PASS, Verdict.LIKELY, 1.0, None),
        ([*ALL_PASS, criterion("ecog", max=1)], Verdict.POSSIBLY, 2 / 3, None),
        (
            [*ALL_PASS, criterion("washout", category="chemotherapy", days=28)],
            Verdict.LATER,
            2 / 3,
            date(2026, 12, 19),
        ),
        (
            [
                *ALL_PASS,
                criterion("washout", category="chemotherapy", days=28),
                criterion("washout", "exclusion", category="biologic", days=28),
                criterion("ecog", max=1),
            ],
            Verdict.LATER,
            2 / 5,
            date(2026, 12, 24),
        ),
        (
            [
                *ALL_PASS,
                criterion("washout", category="chemotherapy", days=28),
                criterion("age", max=30),
            ],
            Verdict.NOT,
            2 / 4,
            None,
        ),
        ([*ALL_PASS, criterion("age", max=30), criterion("ecog", max=1)], Verdict.NOT, 2 / 4, None),
        ([criterion("text"), criterion("text", "exclusion")], Verdict.LIKELY, 1.0, None),
        ([], Verdict.LIKELY, 1.0, None),
    ],
)
def test_trial_verdict_and_score(criteria, verdict, score, eligible_from):
    result = evaluate_trial(trial("T", *criteria), answers(**GIVEN), as_of=AS_OF, tree=TREE)
    assert (result.verdict, result.score, result.eligible_from) == (verdict, score, eligible_from)
    assert len(result.criteria) == len(criteria)


def test_text_unknowns_do_not_stop_likely_but_other_unknowns_do():
    unknown_text = evaluate_trial(trial("T", *ALL_PASS), answers(**GIVEN), as_of=AS_OF, tree=TREE)
    assert [c.status for c in unknown_text.criteria] == [PASS, PASS, UNKNOWN]
    assert unknown_text.verdict == Verdict.LIKELY
    missing_age = evaluate_trial(
        trial("T", *ALL_PASS), answers(transplant=False), as_of=AS_OF, tree=TREE
    )
    assert missing_age.verdict == Verdict.POSSIBLY
