"""Planning the questionnaire: ask only what can change a verdict, what decides most first."""

from __future__ import annotations

import random
from datetime import date

import pytest

from matcher.engine import (
    FLAG_KEYS,
    TREATMENT_CATEGORIES,
    Answers,
    Catalogue,
    Plan,
    Step,
    StepKind,
    TrialSpec,
    Verdict,
    evaluate_trial,
    plan_questions,
    validate_answers,
)
from matcher.engine.bench import AS_OF as BENCH_AS_OF
from matcher.engine.bench import SYNTHETIC_TREE, run_benchmark, synthetic_catalogue

from .factories import AS_OF, TREE, answers, criterion, days_ago, random_profile, trial
from .test_hlx43 import FITTING, HLX43


def plan(
    trials: list[TrialSpec], given: Answers | None = None, asked: tuple[str, ...] = ()
) -> Plan:
    return plan_questions(Catalogue(trials, TREE), given or Answers(), as_of=AS_OF, asked=asked)


def step_ids(
    trials: list[TrialSpec], given: Answers | None = None, asked: tuple[str, ...] = ()
) -> list[str]:
    """Every step the plan would propose, in order, if each were met with "I'm not sure"."""
    catalogue = Catalogue(trials, TREE)
    seen = list(asked)
    while step := plan_questions(catalogue, given or Answers(), as_of=AS_OF, asked=seen).next:
        seen.append(step.id)
    return seen[len(asked) :]


def flag(question: str, kind: str = "exclusion"):
    return criterion("flag", kind, question=question)


def washout(category: str, days: int = 28):
    return criterion("washout", category=category, days=days)


NPC_ONLY = criterion("diagnosis", codes=["NPC"])
LUNG_ONLY = criterion("diagnosis", codes=["LUNG"])
ADULT = criterion("age", min=18)
ECOG_01 = criterion("ecog", max=1)
MALE = criterion("sex", allowed=["male"])


@pytest.mark.parametrize(
    ("trials", "expected"),
    [
        # One trial: the clinical order.
        ([trial("A", ECOG_01, MALE, ADULT)], ["age", "sex", "ecog"]),
        # What could change more trials comes first.
        ([trial("A", ADULT), trial("B", ECOG_01), trial("C", ECOG_01)], ["ecog", "age"]),
        # ...except the diagnosis, which always comes first when it matters.
        (
            [trial("A", ADULT), trial("B", ADULT), trial("C", ADULT, NPC_ONLY)],
            ["diagnosis", "age"],
        ),
        (
            [
                trial(
                    "A",
                    criterion("life_expectancy", min_months=3),
                    flag("organ_function_adequate", "inclusion"),
                    flag("transplant"),
                    washout("chemotherapy"),
                    criterion("measurable_disease"),
                    flag("histology_confirmed", "inclusion"),
                    flag("tissue_sample_available", "inclusion"),
                    flag("contraception_willing", "inclusion"),
                    flag("autoimmune_active", "inclusion"),
                    criterion("prior_therapy", therapy="taxane"),
                    criterion("prior_lines", min=1),
                    criterion("disease_status", any_of=["metastatic"]),
                )
            ],
            [
                "disease_status",
                "prior_systemic_lines",
                "prior_therapies",
                "histology_confirmed",
                "measurable_disease",
                "last_treatment",
                "checklist",
                "organ_function_adequate",
                "tissue_sample_available",
                "contraception_willing",
                "autoimmune_active",  # a flag only used as an inclusion is asked on its own
                "life_expectancy_months",
            ],
        ),
        # A key no trial reads is never proposed; text lines read nothing.
        ([trial("A", ADULT, criterion("text", text="Consent."))], ["age"]),
        ([trial("A", criterion("text")), trial("B")], []),
    ],
)
def test_steps_come_in_order_of_trials_decided_then_clinical_order(trials, expected):
    assert step_ids(trials) == expected


def test_diagnosis_first_even_when_another_key_decides_more():
    trials = [trial("A", NPC_ONLY), *(trial(f"B{n}", ECOG_01, ADULT) for n in range(5))]
    result = plan(trials)
    assert result.next == Step(StepKind.SINGLE, ("diagnosis",))
    assert result.remaining == 3


@pytest.mark.parametrize(
    ("given", "expected", "candidates"),
    [
        ({}, ["diagnosis", "age", "sex", "ecog"], 2),
        ({"diagnosis": "NPC"}, ["ecog"], 1),  # the lung trial's sex no longer counts
        ({"diagnosis": "LUAD"}, ["age", "sex"], 1),  # a descendant of LUNG
        ({"diagnosis": "HNSC"}, [], 0),
        ({"diagnosis": "SOLID"}, ["age", "sex", "ecog"], 2),  # broader: both stay unknown
        ({"age": 12}, ["diagnosis", "ecog"], 1),
    ],
)
def test_a_ruled_out_trial_no_longer_counts(given, expected, candidates):
    trials = [trial("NPC", NPC_ONLY, ECOG_01), trial("LUNG", LUNG_ONLY, ADULT, MALE)]
    assert step_ids(trials, answers(**given)) == expected
    assert plan(trials, answers(**given)).candidates == candidates


@pytest.mark.parametrize(
    ("given", "asked", "expected"),
    [
        ({}, (), ["checklist", "age", "last_treatment", "contraception_willing", "transplant"]),
        ({}, ("age",), ["checklist", "last_treatment", "contraception_willing", "transplant"]),
        ({}, ("last_treatment",), ["checklist", "age", "contraception_willing", "transplant"]),
        ({}, ("checklist",), ["age", "last_treatment", "contraception_willing", "transplant"]),
        # A flag seen on its own is not listed again on the checklist.
        ({}, ("transplant", "hbv_hcv_active"), ["age", "last_treatment", "contraception_willing"]),
        # Trial A is out, so B alone reads hbv_hcv_active, as an inclusion: it may have been on
        # the checklist already, so it does not come back on its own.
        ({"age": 10}, ("checklist",), ["transplant"]),
        # No candidate excludes on it now: an inclusion, asked on its own.
        ({"age": 10}, (), ["transplant", "hbv_hcv_active"]),
        # An id that is no step changes nothing.
        (
            {},
            ("unknown_step",),
            ["checklist", "age", "last_treatment", "contraception_willing", "transplant"],
        ),
    ],
)
def test_asked_steps_are_never_proposed_again(given, asked, expected):
    trials = [
        trial(
            "A",
            ADULT,
            washout("chemotherapy"),
            flag("hbv_hcv_active"),
            flag("contraception_willing", "inclusion"),
        ),
        trial("B", flag("transplant", "inclusion"), flag("hbv_hcv_active", "inclusion")),
    ]
    # "I'm not sure" leaves the answer missing: having been asked is what counts.
    assert step_ids(trials, answers(**given), asked) == expected


@pytest.mark.parametrize(
    ("trials", "given", "checklist"),
    [
        # Only exclusion flags, in FLAG_KEYS order; inclusion keys are single steps.
        (
            [trial("A", flag("hbv_hcv_active"), flag("transplant"), flag("histology_confirmed"))],
            {},
            ("transplant", "hbv_hcv_active"),
        ),
        # Only flags some candidate uses: the lung trial is ruled out.
        (
            [
                trial("NPC", NPC_ONLY, flag("transplant")),
                trial("LUNG", LUNG_ONLY, flag("tuberculosis_active")),
            ],
            {"diagnosis": "NPC"},
            ("transplant",),
        ),
        # Answered flags are not listed.
        (
            [trial("A", flag("transplant"), flag("hbv_hcv_active"))],
            {"transplant": False},
            ("hbv_hcv_active",),
        ),
        # A flag used both ways joins the checklist when a candidate excludes on it...
        (
            [
                trial("A", flag("transplant", "inclusion")),
                trial("B", flag("transplant"), flag("hbv_hcv_active")),
            ],
            {},
            ("transplant", "hbv_hcv_active"),
        ),
        # ...but not when only a ruled-out trial does.
        (
            [
                trial("A", flag("transplant", "inclusion")),
                trial("B", LUNG_ONLY, flag("transplant"), flag("hbv_hcv_active")),
            ],
            {"diagnosis": "NPC"},
            None,
        ),
    ],
)
def test_the_checklist_groups_the_exclusion_flags_candidates_use(trials, given, checklist):
    steps = {}
    catalogue = Catalogue(trials, TREE)
    seen: list[str] = []
    while step := plan_questions(catalogue, answers(**given), as_of=AS_OF, asked=seen).next:
        steps[step.id] = step
        seen.append(step.id)
    if checklist is None:
        assert "checklist" not in steps
    else:
        assert steps["checklist"] == Step(StepKind.CHECKLIST, checklist)
        assert not set(checklist) & set(steps)  # never also asked on their own


def test_the_checklist_counts_as_one_step_for_every_trial_reading_its_flags():
    trials = [
        trial("A", flag("transplant", "inclusion")),
        trial("B", flag("hbv_hcv_active")),
        trial("C", flag("transplant")),
        trial("D", ADULT),
        trial("E", ADULT),
    ]
    result = plan(trials)
    assert result.next == Step(StepKind.CHECKLIST, ("transplant", "hbv_hcv_active"))
    assert result.remaining == 2


@pytest.mark.parametrize(
    ("given", "categories"),
    [
        ({}, ("chemotherapy", "radiotherapy", "hormonal", "investigational")),
        ({"diagnosis": "NPC"}, ("chemotherapy", "hormonal")),
        (
            {"diagnosis": "NPC", "last_treatment": {"chemotherapy": "never"}},
            ("hormonal",),
        ),
        (
            {"diagnosis": "NPC", "last_treatment": {"chemotherapy": "never", "hormonal": "never"}},
            None,
        ),
        # A washout that only puts a trial off keeps it a candidate.
        (
            {"diagnosis": "NPC", "last_treatment": {"chemotherapy": days_ago(3)}},
            ("hormonal",),
        ),
    ],
)
def test_dates_list_only_the_categories_candidates_have_a_washout_for(given, categories):
    trials = [
        trial("NPC", NPC_ONLY, washout("hormonal", 14), washout("chemotherapy")),
        trial("LUNG", LUNG_ONLY, washout("investigational"), washout("radiotherapy")),
    ]
    steps = [
        step
        for step in iter_steps(Catalogue(trials, TREE), answers(**given))
        if step.kind == StepKind.DATES
    ]
    if categories is None:
        assert steps == []
    else:
        assert steps == [Step(StepKind.DATES, ("last_treatment",), categories)]
        assert list(categories) == sorted(categories, key=TREATMENT_CATEGORIES.index)


def iter_steps(catalogue: Catalogue, given: Answers) -> list[Step]:
    seen: list[str] = []
    steps = []
    while step := plan_questions(catalogue, given, as_of=AS_OF, asked=seen).next:
        steps.append(step)
        seen.append(step.id)
    return steps


@pytest.mark.parametrize(
    ("given", "asked", "remaining"),
    [
        ({}, (), 5),  # age, sex, dates, checklist, organ function
        ({"age": 40}, (), 4),
        ({"age": 40}, ("checklist", "sex"), 2),
        ({"age": 40, "sex": "male", "organ_function_adequate": True}, ("checklist",), 1),
        ({"age": 10}, (), 3),  # trial A is out: age, sex and organ function stay for B
    ],
)
def test_remaining_counts_the_steps_that_could_still_change_a_verdict(given, asked, remaining):
    trials = [
        trial(
            "A",
            criterion("age", max=65),
            MALE,
            flag("transplant"),
            flag("hbv_hcv_active"),
            washout("chemotherapy"),
            washout("radiotherapy"),
        ),
        trial("B", ADULT, MALE, flag("organ_function_adequate", "inclusion")),
    ]
    result = plan(trials, answers(**given), asked)
    assert result.remaining == remaining
    assert result.next is not None


@pytest.mark.parametrize(
    ("given", "verdicts", "candidates"),
    [
        (
            {
                "age": 40,
                "ecog": 1,
                "diagnosis": "NPC",
                "last_treatment": {"chemotherapy": "never"},
                "transplant": False,
            },
            {"A": Verdict.LIKELY, "B": Verdict.NOT, "C": Verdict.LIKELY},
            2,
        ),
        (
            {
                "age": 40,
                "ecog": 1,
                "diagnosis": "NPC",
                "last_treatment": {"chemotherapy": days_ago(3)},
                "transplant": False,
            },
            {"A": Verdict.LATER, "B": Verdict.NOT, "C": Verdict.LIKELY},
            2,
        ),
        (
            {"age": 12, "ecog": 3, "diagnosis": "LUAD", "transplant": True},
            {"A": Verdict.NOT, "B": Verdict.NOT, "C": Verdict.NOT},
            0,
        ),
    ],
)
def test_nothing_is_left_when_every_relevant_answer_is_given(given, verdicts, candidates):
    trials = [
        trial("A", NPC_ONLY, ADULT, washout("chemotherapy"), criterion("text")),
        trial("B", LUNG_ONLY, ECOG_01, MALE),
        trial("C", ECOG_01, flag("transplant")),
    ]
    given_answers = answers(**given)
    assert plan(trials, given_answers) == Plan(
        next=None, remaining=0, candidates=candidates, total=3
    )
    for spec in trials:
        result = evaluate_trial(spec, given_answers, as_of=AS_OF, tree=TREE)
        assert result.verdict == verdicts[spec.key]


def test_an_empty_catalogue_has_nothing_to_ask():
    assert plan([], answers(age=40)) == Plan(next=None, remaining=0, candidates=0, total=0)


def test_a_catalogue_of_trials_without_computable_criteria_has_nothing_to_ask():
    trials = [trial("A", criterion("text")), trial("B")]
    assert plan(trials) == Plan(next=None, remaining=0, candidates=2, total=2)


@pytest.mark.parametrize(
    ("step", "step_id"),
    [
        (Step(StepKind.SINGLE, ("ecog",)), "ecog"),
        (Step(StepKind.CHECKLIST, ("transplant", "hbv_hcv_active")), "checklist"),
        (Step(StepKind.DATES, ("last_treatment",), ("chemotherapy",)), "last_treatment"),
    ],
)
def test_step_ids_are_stable(step, step_id):
    assert step.id == step_id


SYNTHETIC_TRIALS, SYNTHETIC_TREE_OBJECT = synthetic_catalogue(150, seed=11)
SYNTHETIC = Catalogue(SYNTHETIC_TRIALS, SYNTHETIC_TREE_OBJECT)


@pytest.mark.parametrize("seed", range(3))
def test_catalogue_candidates_are_the_trials_not_ruled_out(seed):
    rng = random.Random(seed)
    for _ in range(30):
        given = validate_answers(random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF))
        expected = [
            evaluate_trial(t, given, as_of=BENCH_AS_OF, tree=SYNTHETIC_TREE_OBJECT).verdict
            != Verdict.NOT
            for t in SYNTHETIC.trials
        ]
        assert SYNTHETIC.candidates(given, as_of=BENCH_AS_OF) == expected


def answer(step: Step, profile: dict[str, object], given: dict[str, object]) -> None:
    """Answer a step from the profile; a key the profile lacks stays "I'm not sure"."""
    match step.kind:
        case StepKind.SINGLE | StepKind.CHECKLIST:
            for key in step.keys:
                if key in profile:
                    given[key] = profile[key]
        case StepKind.DATES:
            known = profile.get("last_treatment") or {}
            assert isinstance(known, dict)
            given["last_treatment"] = {c: known[c] for c in step.categories if c in known}


def walk(
    catalogue: Catalogue, profile: dict[str, object], as_of: date
) -> tuple[list[Step], Plan, Answers]:
    """Take plan.next until nothing is left, answering from the profile."""
    given: dict[str, object] = {}
    steps: list[Step] = []
    while (
        result := plan_questions(
            catalogue, validate_answers(given), as_of=as_of, asked=[s.id for s in steps]
        )
    ).next:
        assert result.next.id not in {s.id for s in steps}
        assert len(steps) < 40, "the walk does not end"
        steps.append(result.next)
        answer(result.next, profile, given)
    return steps, result, validate_answers(given)


@pytest.mark.parametrize("seed", range(3))
def test_a_walk_ends_with_the_verdicts_of_the_whole_profile(seed):
    # Skipping a step never hides a verdict: the trials still open at the end have every
    # answer they read, and an answer only ever rules a trial out, never back in.
    rng = random.Random(50 + seed)
    for _ in range(8):
        profile = random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF)
        steps, final, given = walk(SYNTHETIC, profile, BENCH_AS_OF)
        assert len({step.id for step in steps}) == len(steps)
        full = validate_answers(profile)
        for spec in SYNTHETIC.trials:
            walked = evaluate_trial(spec, given, as_of=BENCH_AS_OF, tree=SYNTHETIC_TREE_OBJECT)
            whole = evaluate_trial(spec, full, as_of=BENCH_AS_OF, tree=SYNTHETIC_TREE_OBJECT)
            if whole.verdict == Verdict.NOT:
                assert walked.verdict == Verdict.NOT
            else:
                assert (walked.verdict, walked.score) == (whole.verdict, whole.score)
        assert final.candidates == sum(
            r.verdict != Verdict.NOT for r in SYNTHETIC.rank(full, as_of=BENCH_AS_OF, explain=False)
        )
        assert final.total == len(SYNTHETIC.trials)


NPC_THIRD_LINE = {**FITTING, "prior_systemic_lines": 2}
DECOYS = [
    trial("LUNG-1", LUNG_ONLY, ADULT, MALE, flag("ild_or_pneumonitis")),
    trial("HNSC-1", criterion("diagnosis", codes=["HNSC"]), washout("investigational")),
    trial("NPC-1L", NPC_ONLY, criterion("prior_lines", max=0), ECOG_01),
]


def test_a_third_line_npc_patient_walks_hlx43_once_through():
    catalogue = Catalogue([HLX43, *DECOYS], TREE)
    first = plan_questions(catalogue, Answers(), as_of=AS_OF)
    assert (first.candidates, first.total) == (4, 4)
    steps, final, given = walk(catalogue, NPC_THIRD_LINE, AS_OF)
    # Every computable line of HLX43 needs its answer to be "likely": 14 screens, not 44. The
    # prior lines come second: they also decide NPC-1L, still open after the diagnosis.
    assert [step.id for step in steps] == [
        "diagnosis",
        "prior_systemic_lines",
        "disease_status",
        "age",
        "prior_therapies",
        "ecog",
        "histology_confirmed",
        "measurable_disease",
        "last_treatment",
        "checklist",
        "organ_function_adequate",
        "tissue_sample_available",
        "contraception_willing",
        "life_expectancy_months",
    ]
    assert final == Plan(next=None, remaining=0, candidates=1, total=4)
    by_id = {step.id: step for step in steps}
    assert by_id["checklist"].keys == FLAG_KEYS
    assert set(by_id["last_treatment"].categories) == {
        "major_surgery",
        "radiotherapy",
        "chemotherapy",
        "immunotherapy",
        "biologic",
        "hormonal",
        "targeted_small_molecule",
        "tcm_antitumor",
        "minor_surgery",
    }
    assert evaluate_trial(HLX43, given, as_of=AS_OF, tree=TREE).verdict == Verdict.LIKELY
    assert [
        r.trial.key for r in catalogue.rank(given, as_of=AS_OF) if r.verdict != "not_eligible"
    ] == ["NCT06839066"]


@pytest.mark.parametrize("profile", [NPC_THIRD_LINE, {}])  # {}: "I'm not sure" to everything
def test_the_estimate_falls_by_one_per_screen_for_a_single_trial(profile):
    catalogue = Catalogue([HLX43], TREE)
    given: dict[str, object] = {}
    asked: list[str] = []
    remaining = []
    while step := (
        result := plan_questions(catalogue, validate_answers(given), as_of=AS_OF, asked=asked)
    ).next:
        remaining.append(result.remaining)
        asked.append(step.id)
        answer(step, profile, given)
    assert remaining == list(range(14, 0, -1))


def test_the_benchmark_times_planning():
    numbers = run_benchmark(50, repeats=1)
    assert numbers["plan_seconds"] > 0
