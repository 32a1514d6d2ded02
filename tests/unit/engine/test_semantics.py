"""Coverage and provenance rules: scopes, summaries, unmapped diagnoses, limits in months,
exceptions to flags and washouts, and recruiting trials first."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest

from matcher.engine import (
    VERDICT_ORDER,
    Answers,
    Audience,
    Catalogue,
    ConditionTree,
    Coverage,
    Criterion,
    Status,
    TrialSpec,
    Verdict,
    evaluate_criterion,
    evaluate_trial,
    plan_questions,
    validate_answers,
)

from .factories import AS_OF, TREE, answers, criterion, days_ago, random_profile, trial

TREE_WITH_LYMPHOMA = ConditionTree(
    {
        "SOLID": None,
        "LYMPH": None,
        "HEAD_NECK": "SOLID",
        "NPC": "HEAD_NECK",
        "LUNG": "SOLID",
        "HODGKIN": "LYMPH",
    }
)


def status(crit: Criterion, given: Answers, tree: ConditionTree = TREE) -> Status:
    return evaluate_criterion(crit, given, as_of=AS_OF, tree=tree).status


def reason(crit: Criterion, given: Answers, audience: Audience = Audience.PATIENT) -> str:
    return evaluate_criterion(crit, given, as_of=AS_OF, tree=TREE).reason.render(audience)


def scoped(crit: Criterion, scope: str) -> Criterion:
    return replace(crit, scope=scope)


# --- scope -----------------------------------------------------------------------------------


def test_a_scoped_criterion_never_rules_out_but_still_passes():
    part2 = scoped(criterion("age", min=18), "Part 2 (dose expansion)")
    assert status(part2, answers(age=12)) == Status.UNKNOWN
    assert status(part2, answers(age=40)) == Status.PASS
    assert "Part 2 (dose expansion)" in reason(part2, answers(age=12))
    assert "Part 2 (dose expansion)" in reason(part2, answers(age=12), Audience.CLINICIAN)
    result = evaluate_trial(trial("T", part2), answers(age=12), as_of=AS_OF, tree=TREE)
    assert result.verdict == Verdict.POSSIBLY


def test_a_scoped_washout_sets_no_date_and_a_scoped_exclusion_flag_is_unknown():
    wash = scoped(criterion("washout", category="chemotherapy", days=28), "Cohort B")
    result = evaluate_criterion(
        wash, answers(last_treatment={"chemotherapy": days_ago(3)}), as_of=AS_OF, tree=TREE
    )
    assert (result.status, result.eligible_from) == (Status.UNKNOWN, None)
    flag = scoped(criterion("flag", "exclusion", question="transplant"), "Arm A")
    assert status(flag, answers(transplant=True)) == Status.UNKNOWN
    assert status(flag, answers(transplant=False)) == Status.PASS


# --- coverage --------------------------------------------------------------------------------


def test_a_summary_trial_is_at_most_possibly_eligible():
    adult = criterion("age", min=18)
    full = TrialSpec("F", (adult,))
    summary = TrialSpec("S", (adult,), coverage=Coverage.SUMMARY)
    fits = answers(age=40)
    assert evaluate_trial(full, fits, as_of=AS_OF, tree=TREE).verdict == Verdict.LIKELY
    capped = evaluate_trial(summary, fits, as_of=AS_OF, tree=TREE)
    assert (capped.verdict, capped.score) == (Verdict.POSSIBLY, 1.0)
    too_young = evaluate_trial(summary, answers(age=10), as_of=AS_OF, tree=TREE)
    assert too_young.verdict == Verdict.NOT
    empty = TrialSpec("E", (), coverage=Coverage.SUMMARY)
    assert evaluate_trial(empty, Answers(), as_of=AS_OF, tree=TREE).verdict == Verdict.POSSIBLY


# --- diagnosis -------------------------------------------------------------------------------


def test_an_unmapped_diagnosis_is_unknown_for_everyone_and_names_its_terms():
    unmapped = criterion("diagnosis", codes=[], terms=["desmoid tumour"])
    for given in (Answers(), answers(diagnosis="NPC"), answers(diagnosis="LUNG")):
        assert status(unmapped, given) == Status.UNKNOWN
    assert reason(unmapped, answers(diagnosis="NPC")) == (
        "This trial is for desmoid tumour; the study team will check whether your cancer fits."
    )
    result = evaluate_trial(trial("U", unmapped), answers(diagnosis="NPC"), as_of=AS_OF, tree=TREE)
    assert result.verdict == Verdict.POSSIBLY


def test_an_unmapped_diagnosis_still_rules_out_an_excluded_code():
    unmapped = criterion("diagnosis", codes=[], exclude_codes=["NPC"], terms=["head and neck"])
    assert status(unmapped, answers(diagnosis="NPC")) == Status.FAIL
    assert status(unmapped, answers(diagnosis="HNSC")) == Status.UNKNOWN


@pytest.mark.parametrize(
    ("codes", "diagnosis"), [(["SOLID"], "LYMPH"), (["SOLID"], "HODGKIN"), (["LUNG"], "NPC")]
)
def test_a_diagnosis_outside_the_listed_codes_is_not_eligible(codes, diagnosis):
    spec = trial("T", criterion("diagnosis", codes=codes, terms=["the registry's words"]))
    given = answers(diagnosis=diagnosis)
    result = evaluate_trial(spec, given, as_of=AS_OF, tree=TREE_WITH_LYMPHOMA)
    assert result.verdict == Verdict.NOT
    ranked = Catalogue([spec], TREE_WITH_LYMPHOMA).rank(given, as_of=AS_OF)
    assert ranked[0].verdict == Verdict.NOT


# --- age in months ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "age", "expected"),
    [
        ({"min_months": 6}, 0, Status.UNKNOWN),  # 0 to 11 months old
        ({"min_months": 6}, 1, Status.PASS),
        ({"min_months": 12}, 0, Status.FAIL),
        ({"min_months": 12}, 1, Status.PASS),
        ({"min_months": 18}, 0, Status.FAIL),
        ({"min_months": 18}, 1, Status.UNKNOWN),
        ({"min_months": 18}, 2, Status.PASS),
        ({"max_months": 18}, 0, Status.PASS),
        ({"max_months": 18}, 1, Status.UNKNOWN),
        ({"max_months": 18}, 2, Status.FAIL),
        ({"max_months": 23}, 1, Status.PASS),
        ({"min": 1, "max_months": 30}, 0, Status.FAIL),
        ({"min": 1, "max_months": 30}, 2, Status.UNKNOWN),
        ({"min_months": 6}, None, Status.UNKNOWN),
    ],
)
def test_an_age_limit_in_months_is_compared_soundly_with_whole_years(params, age, expected):
    given = Answers(age=age)
    assert status(criterion("age", **params), given) == expected
    inverted = {Status.PASS: Status.FAIL, Status.FAIL: Status.PASS}.get(expected, expected)
    assert status(criterion("age", "exclusion", **params), given) == inverted


def test_an_age_in_months_explains_itself():
    six_months = criterion("age", min_months=6)
    assert reason(six_months, answers(age=0)) == (
        "This study is for people at least 6 months old. Your answer: 0. Your age in months "
        "decides this; the study team will check."
    )
    assert reason(six_months, answers(age=0), Audience.CLINICIAN) == "Age 0; required >= 6 mo."


# --- flag exceptions -------------------------------------------------------------------------

MALIGNANCY = criterion(
    "flag",
    "exclusion",
    question="other_malignancy_within_2y",
    except_if=["other_malignancy_curatively_treated"],
)
VESSELS = criterion(
    "flag",
    "exclusion",
    question="major_vessel_invasion",
    exceptions=["investigators confirm no impact on trial participation"],
)


@pytest.mark.parametrize(
    ("flag", "exception", "expected"),
    [
        (None, None, Status.UNKNOWN),
        (None, True, Status.UNKNOWN),
        (False, None, Status.PASS),
        (True, True, Status.PASS),
        (True, None, Status.UNKNOWN),
        (True, False, Status.FAIL),
    ],
)
def test_an_exception_that_can_be_asked_decides_a_yes(flag, exception, expected):
    given = Answers(other_malignancy_within_2y=flag, other_malignancy_curatively_treated=exception)
    assert status(MALIGNANCY, given) == expected


def test_an_inclusion_flag_with_an_exception_reads_the_other_way():
    consent = criterion(
        "flag", question="contraception_willing", except_if=["other_malignancy_curatively_treated"]
    )
    assert status(consent, Answers(contraception_willing=True)) == Status.PASS
    assert status(consent, Answers(contraception_willing=False)) == Status.UNKNOWN
    refused = Answers(contraception_willing=False, other_malignancy_curatively_treated=False)
    assert status(consent, refused) == Status.FAIL


def test_exceptions_that_cannot_be_asked_turn_a_yes_into_unknown_with_their_words():
    assert status(VESSELS, answers(major_vessel_invasion=False)) == Status.PASS
    assert status(VESSELS, answers(major_vessel_invasion=True)) == Status.UNKNOWN
    words = "investigators confirm no impact on trial participation"
    assert words in reason(VESSELS, answers(major_vessel_invasion=True))
    assert words in reason(VESSELS, answers(major_vessel_invasion=True), Audience.CLINICIAN)


def test_exception_reasons_say_what_happened():
    applies = answers(other_malignancy_within_2y=True, other_malignancy_curatively_treated=True)
    assert reason(MALIGNANCY, applies) == (
        "This study does not take people with another cancer in the last 2 years. Your answer: "
        "yes, but the study makes an exception for another cancer found at an early stage and "
        "treated to cure it, and you told us that applies to you."
    )
    unanswered = answers(other_malignancy_within_2y=True)
    assert "tell us whether that applies to you" in reason(MALIGNANCY, unanswered)
    denied = answers(other_malignancy_within_2y=True, other_malignancy_curatively_treated=False)
    assert "does not apply to you" in reason(MALIGNANCY, denied)
    assert reason(MALIGNANCY, answers(other_malignancy_within_2y=False)) == (
        "This study does not take people with another cancer in the last 2 years. You answered no."
    )


# --- washout exceptions and upper bounds ------------------------------------------------------


def test_an_upper_bound_washout_still_waits_but_says_it_may_be_shorter():
    bounded = criterion(
        "washout",
        category="chemotherapy",
        days=28,
        bound="at_most",
        exceptions=["palliative bone radiotherapy"],
    )
    given = answers(last_treatment={"chemotherapy": days_ago(10)})
    result = evaluate_criterion(bounded, given, as_of=AS_OF, tree=TREE)
    assert result.status == Status.FAIL
    assert result.eligible_from == AS_OF + timedelta(days=18)
    text = result.reason.render()
    assert "5 half-lives" in text
    assert "palliative bone radiotherapy" in text
    done = answers(last_treatment={"chemotherapy": days_ago(40)})
    passed = evaluate_criterion(bounded, done, as_of=AS_OF, tree=TREE)
    assert passed.status == Status.PASS
    assert "5 half-lives" not in passed.reason.render()
    verdict = evaluate_trial(trial("W", bounded), given, as_of=AS_OF, tree=TREE).verdict
    assert verdict == Verdict.LATER


# --- ranking: recruiting first, and the fast ranking agrees with the rules --------------------


def test_recruiting_trials_come_first_within_a_verdict_then_score():
    adult = criterion("age", min=18)
    ecog = criterion("ecog", max=1)
    trials = [
        TrialSpec("A-closed-best", (adult, ecog), recruiting=False),
        TrialSpec("B-open-half", (adult, ecog), recruiting=True),
        TrialSpec("C-open-best", (adult,), recruiting=True),
        TrialSpec("D-closed-likely", (adult,), recruiting=False),
    ]
    ranked = Catalogue(trials, TREE).rank(answers(age=40), as_of=AS_OF)
    assert [(r.trial.key, r.verdict) for r in ranked] == [
        ("C-open-best", Verdict.LIKELY),
        ("D-closed-likely", Verdict.LIKELY),
        ("B-open-half", Verdict.POSSIBLY),
        ("A-closed-best", Verdict.POSSIBLY),
    ]


SEMANTIC = [
    trial("months-min", criterion("age", min_months=6), criterion("ecog", max=1)),
    trial("months-max", criterion("age", "exclusion", max_months=30)),
    TrialSpec("summary", (criterion("age", min=18),), coverage=Coverage.SUMMARY),
    TrialSpec("summary-empty", (), coverage=Coverage.SUMMARY, recruiting=False),
    TrialSpec("closed", (criterion("sex", allowed=["male"]),), recruiting=False),
    trial("unmapped", criterion("diagnosis", codes=[], terms=["sarcoma"])),
    trial("unmapped-not-npc", criterion("diagnosis", codes=[], exclude_codes=["NPC"], terms=["x"])),
    trial("malignancy", MALIGNANCY, criterion("age", min=18)),
    trial("vessels", VESSELS),
    trial(
        "steroids",
        criterion(
            "flag",
            "exclusion",
            question="systemic_steroids",
            except_if=["steroids_low_dose_or_local_only"],
            exceptions=["contrast prophylaxis"],
        ),
    ),
    trial("scoped", scoped(criterion("age", max=30), "Part 1"), criterion("ecog", max=2)),
    trial(
        "scoped-washout",
        scoped(criterion("washout", category="chemotherapy", days=28), "Cohort B"),
        criterion("washout", category="chemotherapy", days=14, bound="at_most"),
    ),
]


def reference(trials: list[TrialSpec], given: Answers) -> list[tuple[str, Verdict, float]]:
    results = [evaluate_trial(t, given, as_of=AS_OF, tree=TREE) for t in trials]
    results.sort(
        key=lambda r: (
            VERDICT_ORDER.index(r.verdict),
            not r.trial.recruiting,
            -r.score,
            r.trial.key,
        )
    )
    return [(r.trial.key, r.verdict, r.score) for r in results]


@pytest.mark.parametrize("seed", range(3))
def test_fast_ranking_follows_the_new_rules_on_random_profiles(seed):
    rng = random.Random(seed)
    catalogue = Catalogue(SEMANTIC, TREE)
    verdicts: Counter[Verdict] = Counter()
    for _ in range(80):
        profile = random_profile(rng, list(TREE.codes), AS_OF)
        profile["age"] = rng.choice((None, 0, 1, 2, 3, 17, 18, 30, 31, 40))
        given = validate_answers(profile)
        expected = reference(SEMANTIC, given)
        fast = catalogue.rank(given, as_of=AS_OF, explain=False)
        assert [(r.trial.key, r.verdict, r.score) for r in fast] == expected
        explained = catalogue.rank(given, as_of=AS_OF, limit=4)
        assert [(r.trial.key, r.verdict, r.score) for r in explained] == expected[:4]
        verdicts.update(verdict for _, verdict, _ in expected)
    assert set(verdicts) == set(Verdict)


# --- planning --------------------------------------------------------------------------------


def test_an_exception_is_asked_right_after_a_yes_to_its_flag_and_only_then():
    trials = [trial("M", MALIGNANCY, criterion("ecog", max=1), criterion("age", min=18))]
    catalogue = Catalogue(trials, TREE)

    def next_step(given: Answers, asked: tuple[str, ...] = ()) -> str | None:
        step = plan_questions(catalogue, given, as_of=AS_OF, asked=asked).next
        return None if step is None else step.id

    assert next_step(Answers()) != "other_malignancy_curatively_treated"
    said_yes = answers(other_malignancy_within_2y=True)
    assert next_step(said_yes, ("checklist",)) == "other_malignancy_curatively_treated"
    said_no = answers(other_malignancy_within_2y=False)
    assert next_step(said_no, ("checklist",)) in {"age", "ecog"}
    both = answers(other_malignancy_within_2y=True, other_malignancy_curatively_treated=True)
    assert next_step(both, ("checklist",)) in {"age", "ecog"}


def test_an_unmapped_diagnosis_does_not_ask_for_the_diagnosis():
    unmapped = trial("U", criterion("diagnosis", codes=[], terms=["sarcoma"]))
    plan = plan_questions(Catalogue([unmapped], TREE), Answers(), as_of=AS_OF)
    assert plan.next is None
    mapped = trial("M", criterion("diagnosis", codes=["NPC"]))
    step = plan_questions(Catalogue([mapped], TREE), Answers(), as_of=AS_OF).next
    assert step is not None
    assert step.id == "diagnosis"


def test_protocol_words_are_quoted_so_pages_can_mark_their_language():
    given = answers(major_vessel_invasion=True)
    message = evaluate_criterion(VESSELS, given, as_of=AS_OF, tree=TREE).reason
    marked = message.render(quote=lambda words: f"[{words}]")
    assert "[investigators confirm no impact on trial participation]" in marked
    assert message.render() == marked.replace("[", "").replace("]", "")
