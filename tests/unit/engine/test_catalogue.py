from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from matcher.engine import (
    ANSWER_KEYS,
    VERDICT_ORDER,
    Answers,
    Catalogue,
    ConditionTree,
    Status,
    TrialResult,
    TrialSpec,
    Verdict,
    WashoutParams,
    evaluate_trial,
    rank_trials,
    unanswered_keys,
    validate_answers,
)
from matcher.engine.bench import AS_OF as BENCH_AS_OF
from matcher.engine.bench import SYNTHETIC_TREE, synthetic_catalogue

from .factories import AS_OF, TREE, answers, criterion, days_ago, random_profile, trial

SMALL = [
    trial("B-possible", criterion("age", min=18), criterion("ecog", max=1)),
    trial("A-possible", criterion("age", min=18), criterion("ecog", max=1)),
    trial("C-likely", criterion("age", min=18), criterion("text")),
    trial("D-not", criterion("age", max=30), criterion("ecog", max=1)),
    trial(
        "E-later", criterion("age", min=18), criterion("washout", category="chemotherapy", days=28)
    ),
    trial(
        "F-not-better",
        criterion("age", max=30),
        criterion("age", min=18),
        criterion("sex", allowed=["male"]),
    ),
    trial("G-empty"),
]
GIVEN = answers(age=40, sex="male", last_treatment={"chemotherapy": days_ago(7)})


def summary(results: list[TrialResult]) -> list[tuple[str, Verdict, float, date | None]]:
    return [(r.trial.key, r.verdict, r.score, r.eligible_from) for r in results]


def reference(trials: list[TrialSpec], given: Answers, tree: ConditionTree, as_of: date = AS_OF):
    """The ranking by definition: evaluate every trial, sort by verdict, score, key."""
    results = [evaluate_trial(t, given, as_of=as_of, tree=tree) for t in trials]
    results.sort(key=lambda r: (VERDICT_ORDER.index(r.verdict), -r.score, r.trial.key))
    return results


def test_rank_orders_by_verdict_then_score_then_key():
    ranked = Catalogue(SMALL, TREE).rank(GIVEN, as_of=AS_OF)
    assert summary(ranked) == [
        ("C-likely", Verdict.LIKELY, 1.0, None),
        ("G-empty", Verdict.LIKELY, 1.0, None),
        ("A-possible", Verdict.POSSIBLY, 0.5, None),
        ("B-possible", Verdict.POSSIBLY, 0.5, None),
        ("E-later", Verdict.LATER, 0.5, date(2026, 12, 22)),
        ("F-not-better", Verdict.NOT, 2 / 3, None),
        ("D-not", Verdict.NOT, 0.0, None),
    ]
    assert all(len(r.criteria) == len(r.trial.criteria) for r in ranked)


@pytest.mark.parametrize(
    ("limit", "explain", "keys"),
    [
        (
            None,
            True,
            ["C-likely", "G-empty", "A-possible", "B-possible", "E-later", "F-not-better", "D-not"],
        ),
        (
            None,
            False,
            ["C-likely", "G-empty", "A-possible", "B-possible", "E-later", "F-not-better", "D-not"],
        ),
        (3, True, ["C-likely", "G-empty", "A-possible"]),
        (3, False, ["C-likely", "G-empty", "A-possible"]),
        (6, False, ["C-likely", "G-empty", "A-possible", "B-possible", "E-later", "F-not-better"]),
        (
            50,
            False,
            ["C-likely", "G-empty", "A-possible", "B-possible", "E-later", "F-not-better", "D-not"],
        ),
        (0, True, []),
    ],
)
def test_rank_limit_and_explain(limit, explain, keys):
    ranked = Catalogue(SMALL, TREE).rank(GIVEN, as_of=AS_OF, limit=limit, explain=explain)
    assert [r.trial.key for r in ranked] == keys
    for result in ranked:
        assert len(result.criteria) == (len(result.trial.criteria) if explain else 0)


def test_rank_refuses_a_negative_limit():
    with pytest.raises(ValueError, match="limit"):
        Catalogue(SMALL, TREE).rank(GIVEN, as_of=AS_OF, limit=-1)


def test_rank_trials_is_a_one_off_catalogue():
    assert summary(rank_trials(SMALL, GIVEN, as_of=AS_OF, tree=TREE, limit=2)) == summary(
        Catalogue(SMALL, TREE).rank(GIVEN, as_of=AS_OF, limit=2)
    )


def test_an_empty_catalogue_ranks_nothing():
    assert Catalogue([], TREE).rank(GIVEN, as_of=AS_OF) == []


def test_repeated_criteria_count_each_time():
    twice = trial("T", criterion("age", min=18), criterion("age", min=18), criterion("ecog", max=1))
    [result] = Catalogue([twice], TREE).rank(answers(age=40), as_of=AS_OF, explain=False)
    assert (result.verdict, result.score) == (Verdict.POSSIBLY, 2 / 3)


def test_a_trial_with_more_than_255_criteria_is_ranked_exactly():
    many = [criterion("age", min=18)] * 200 + [criterion("ecog", max=1)] * 100
    trials = [trial("LONG", *many), *SMALL]
    for given in (answers(age=40), answers(age=40, ecog=1), answers(age=10, ecog=1), answers()):
        assert summary(Catalogue(trials, TREE).rank(given, as_of=AS_OF, explain=False)) == summary(
            reference(trials, given, TREE)
        )


# The synthetic trials are long, so random profiles rarely pass all of them: add short ones.
SHORT = [
    trial("SHORT-0"),
    trial("SHORT-1", criterion("age", min=18), criterion("text")),
    trial("SHORT-2", criterion("flag", "exclusion", question="transplant")),
    trial(
        "SHORT-3",
        criterion("diagnosis", codes=["SOLID"], exclude_codes=["NPC"]),
        criterion("washout", category="chemotherapy", days=14),
    ),
]
SYNTHETIC_TRIALS, SYNTHETIC_TREE_OBJECT = synthetic_catalogue(120, seed=7)
SYNTHETIC = SYNTHETIC_TRIALS + SHORT
SYNTHETIC_CATALOGUE = Catalogue(SYNTHETIC, SYNTHETIC_TREE_OBJECT)


@pytest.mark.parametrize("seed", range(4))
def test_fast_ranking_matches_evaluate_trial_on_random_profiles(seed: int) -> None:
    rng = random.Random(seed)
    verdicts: Counter[Verdict] = Counter()
    for _ in range(40):
        given = validate_answers(random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF))
        expected = summary(reference(SYNTHETIC, given, SYNTHETIC_TREE_OBJECT, BENCH_AS_OF))
        fast = SYNTHETIC_CATALOGUE.rank(given, as_of=BENCH_AS_OF, explain=False)
        assert summary(fast) == expected
        top = SYNTHETIC_CATALOGUE.rank(given, as_of=BENCH_AS_OF, limit=5)
        assert summary(top) == expected[:5]
        verdicts.update(verdict for _, verdict, _, _ in expected)
    assert set(verdicts) == set(Verdict)  # the profiles exercise every verdict


def test_compressed_deltas_rank_the_same_whichever_are_kept_unpacked() -> None:
    catalogue = Catalogue(SYNTHETIC, SYNTHETIC_TREE_OBJECT)
    packed = [delta for _, deltas in catalogue._features for delta in deltas if delta]
    assert packed  # the catalogue's answers do change statuses
    assert all(isinstance(part, bytes) for delta in packed for part in delta)
    catalogue._unpacked_room = 2  # forget all but the last two unpacked deltas
    rng = random.Random(7)
    for _ in range(25):
        given = validate_answers(random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF))
        catalogue._last = None
        expected = summary(reference(SYNTHETIC, given, SYNTHETIC_TREE_OBJECT, BENCH_AS_OF))
        assert summary(catalogue.rank(given, as_of=BENCH_AS_OF, explain=False)) == expected
        assert len(catalogue._unpacked) <= 2


@pytest.mark.parametrize("seed", range(3))
def test_a_missing_answer_never_rules_a_trial_out(seed):
    rng = random.Random(100 + seed)
    nobody = Answers()
    assert all(
        r.verdict != Verdict.NOT
        for r in SYNTHETIC_CATALOGUE.rank(nobody, as_of=BENCH_AS_OF, explain=False)
    )
    for _ in range(25):
        profile = random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF)
        full = SYNTHETIC_CATALOGUE.rank(validate_answers(profile), as_of=BENCH_AS_OF, explain=False)
        key = rng.choice(ANSWER_KEYS)
        dropped = {name: value for name, value in profile.items() if name != key}
        fewer = SYNTHETIC_CATALOGUE.rank(
            validate_answers(dropped), as_of=BENCH_AS_OF, explain=False
        )
        before = {r.trial.key: r.verdict for r in full}
        for result in fewer:
            if before[result.trial.key] != Verdict.NOT:
                assert result.verdict != Verdict.NOT


@pytest.mark.parametrize("as_of", [date(2026, 12, 1), date(2027, 1, 15), date(2028, 2, 29)])
def test_washout_classes_follow_the_assessment_date(as_of):
    trials = [
        trial("W7", criterion("washout", category="chemotherapy", days=7)),
        trial("W28", criterion("washout", category="chemotherapy", days=28)),
        trial("W28X", criterion("washout", "exclusion", category="chemotherapy", days=28)),
    ]
    catalogue = Catalogue(trials, TREE)
    for elapsed in (-1, 0, 6, 7, 8, 27, 28, 29):
        given = answers(last_treatment={"chemotherapy": days_ago(elapsed, as_of)})
        assert summary(catalogue.rank(given, as_of=as_of, explain=False)) == summary(
            reference(trials, given, TREE, as_of)
        )


def test_codes_unknown_to_the_tree_stand_alone():
    trials = [
        trial("X", criterion("diagnosis", codes=["RARE1"])),
        trial("N", criterion("diagnosis", codes=["NPC"])),
    ]
    catalogue = Catalogue(trials, TREE)
    for code in ("RARE1", "RARE2", "NPC", "SOLID"):
        given = answers(diagnosis=code)
        assert summary(catalogue.rank(given, as_of=AS_OF)) == summary(
            reference(trials, given, TREE)
        )


@pytest.mark.parametrize("seed", range(3))
def test_grouping_by_verdict_keeps_the_rank_order(seed: int) -> None:
    rng = random.Random(200 + seed)
    for _ in range(20):
        given = validate_answers(random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF))
        ranked = SYNTHETIC_CATALOGUE.rank(given, as_of=BENCH_AS_OF, explain=False)
        groups = SYNTHETIC_CATALOGUE.by_verdict(given, as_of=BENCH_AS_OF)
        assert list(groups) == list(VERDICT_ORDER)
        assert [trial.key for trials in groups.values() for trial in trials] == [
            result.trial.key for result in ranked
        ]
        for verdict, trials in groups.items():
            assert all(
                result.verdict == verdict
                for result in ranked
                if result.trial.key in {trial.key for trial in trials}
            )


def test_the_last_profiles_groups_are_kept() -> None:
    catalogue = Catalogue(SYNTHETIC, SYNTHETIC_TREE_OBJECT)
    rng = random.Random(11)
    given, other = (
        validate_answers(random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF)) for _ in range(2)
    )
    first = catalogue.by_verdict(given, as_of=BENCH_AS_OF)
    ruled_out = list(first[Verdict.NOT])  # put in order once
    first[Verdict.LIKELY] = []  # a caller's own copy of the groups
    again = catalogue.by_verdict(validate_answers(given.to_dict()), as_of=BENCH_AS_OF)
    assert again[Verdict.NOT] is first[Verdict.NOT]
    assert list(again[Verdict.NOT]) == ruled_out
    ranked = catalogue.rank(given, as_of=BENCH_AS_OF, explain=False)
    assert [trial.key for trials in again.values() for trial in trials] == [
        result.trial.key for result in ranked
    ]
    elsewhere = catalogue.by_verdict(other, as_of=BENCH_AS_OF)
    assert elsewhere[Verdict.NOT] is not first[Verdict.NOT]
    later = catalogue.by_verdict(given, as_of=date(2030, 1, 1))
    assert later[Verdict.NOT] is not first[Verdict.NOT]


def test_open_bytes_are_the_candidates_one_byte_each() -> None:
    catalogue = Catalogue(SYNTHETIC, SYNTHETIC_TREE_OBJECT)
    rng = random.Random(5)
    for _ in range(10):
        given = validate_answers(random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF))
        candidates = catalogue.candidates(given, as_of=BENCH_AS_OF)
        expected = int.from_bytes(bytes(candidates), "little")
        assert catalogue.open_bytes(given, as_of=BENCH_AS_OF) == expected
        assert catalogue.open_bytes(given, as_of=BENCH_AS_OF) is catalogue._last_open[1]  # type: ignore[index]


@pytest.mark.parametrize("seed", range(3))
def test_unanswered_keys_are_the_missing_answers_of_trials_not_ruled_out(seed: int) -> None:
    rng = random.Random(300 + seed)
    for _ in range(20):
        given = validate_answers(random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF))
        expected = set()
        for result in SYNTHETIC_CATALOGUE.rank(given, as_of=BENCH_AS_OF):
            if result.verdict == Verdict.NOT:
                continue
            for item in result.criteria:
                key = item.criterion.answer_key
                if key is None or item.status != Status.UNKNOWN:
                    continue
                if key == "last_treatment":
                    params = item.criterion.params
                    assert isinstance(params, WashoutParams)
                    if params.category not in (given.last_treatment or {}):
                        expected.add(key)
                elif getattr(given, key) is None:
                    expected.add(key)
        found = unanswered_keys(SYNTHETIC_CATALOGUE, given, as_of=BENCH_AS_OF)
        assert set(found) == expected
        assert len(found) == len(set(found))


def test_a_trial_with_hundreds_of_criteria_is_grouped_like_the_others() -> None:
    # Over 255 computable criteria: the counters are 16 bits wide instead of 8.
    ages = [criterion("age", min=18 + n % 3) for n in range(260)]
    trials = [
        trial("LONG-PASS", *ages),
        trial("LONG-FAIL", *ages, criterion("age", max=30)),
        *SMALL,
    ]
    catalogue = Catalogue(trials, TREE)
    assert catalogue._counter_bytes == 2
    for given in (GIVEN, answers(age=19), answers()):
        expected = reference(trials, given, TREE)
        groups = catalogue.by_verdict(given, as_of=AS_OF)
        assert [t.key for group in groups.values() for t in group] == [
            r.trial.key for r in expected
        ]
        assert {verdict: len(group) for verdict, group in groups.items()} == {
            verdict: sum(r.verdict == verdict for r in expected) for verdict in VERDICT_ORDER
        }
        assert summary(catalogue.rank(given, as_of=AS_OF, limit=3)) == summary(expected[:3])


@pytest.mark.parametrize("seed", range(3))
def test_outcomes_read_from_the_lanes_are_those_of_evaluate_trial(seed: int) -> None:
    rng = random.Random(400 + seed)
    trials = list(SYNTHETIC_CATALOGUE.trials)
    for _ in range(10):
        given = validate_answers(random_profile(rng, list(SYNTHETIC_TREE), BENCH_AS_OF))
        chosen = rng.sample(trials, 60)
        outcomes = SYNTHETIC_CATALOGUE.outcomes(chosen, given, as_of=BENCH_AS_OF)
        expected = [
            evaluate_trial(t, given, as_of=BENCH_AS_OF, tree=SYNTHETIC_CATALOGUE.tree)
            for t in chosen
        ]
        assert summary(outcomes) == summary(expected)
        assert all(outcome.criteria == () for outcome in outcomes)


def test_outcomes_refuse_a_trial_of_another_catalogue() -> None:
    catalogue = Catalogue(SMALL, TREE)
    stranger = trial("A-possible", criterion("age", min=18))  # same key, not the same trial
    with pytest.raises(ValueError, match="A-possible"):
        catalogue.outcomes([stranger], GIVEN, as_of=AS_OF)
    with pytest.raises(ValueError, match="Z-unknown"):
        catalogue.outcomes([trial("Z-unknown")], GIVEN, as_of=AS_OF)
