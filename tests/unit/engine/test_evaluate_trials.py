"""Judging a page of trials at once gives what judging each trial alone gives."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from matcher.engine import (
    ConditionTree,
    Coverage,
    CriterionResult,
    TrialSpec,
    Verdict,
    evaluate_trial,
    evaluate_trials,
    parse_criterion,
    validate_answers,
)
from matcher.engine.bench import AS_OF, SYNTHETIC_TREE, synthetic_catalogue

from .factories import random_profile


def varied_catalogue(seed: int) -> tuple[list[TrialSpec], ConditionTree]:
    """Synthetic trials sharing criterion objects, with some summaries, cohort-scoped and
    unreviewed criteria, and some trials holding copies rather than the shared objects."""
    rng = random.Random(seed)
    trials, tree = synthetic_catalogue(150, seed=seed)
    varied = []
    for spec in trials:
        criteria = list(spec.criteria)
        for number, criterion in enumerate(criteria):
            roll = rng.random()
            if roll < 0.05:
                criteria[number] = replace(criterion, scope="Cohort B")
            elif roll < 0.1:
                criteria[number] = replace(criterion, reviewed=False)
            elif roll < 0.15:
                # An equal criterion, but its own object: judged again, with the same result.
                criteria[number] = parse_criterion(
                    criterion.kind, criterion.type, criterion.params_dict(), criterion.text
                )
        coverage = Coverage.SUMMARY if rng.random() < 0.1 else Coverage.FULL
        varied.append(replace(spec, criteria=tuple(criteria), coverage=coverage))
    # Short trials that a fairly complete profile meets in full.
    adults = parse_criterion("inclusion", "age", {"min": 18, "max": None}, "Aged 18 or over.")
    checked = parse_criterion("inclusion", "text", {}, "Adequate organ function.")
    varied += [TrialSpec("ADULTS", (adults, checked)), TrialSpec("ADULTS-TEXT", (checked, adults))]
    return varied, tree


@pytest.mark.parametrize("seed", range(4))
def test_a_page_judged_at_once_is_each_trial_judged_alone(seed: int) -> None:
    trials, tree = varied_catalogue(seed)
    rng = random.Random(1000 + seed)
    verdicts: set[Verdict] = set()
    for _ in range(15):
        given = validate_answers(random_profile(rng, list(SYNTHETIC_TREE), AS_OF))
        page = evaluate_trials(trials, given, as_of=AS_OF, tree=tree)
        alone = [evaluate_trial(trial, given, as_of=AS_OF, tree=tree) for trial in trials]
        assert page == alone
        # Reasons too: rendered, they read the same (a Message compares its parameters).
        assert [item.reason.render() for result in page for item in result.criteria] == [
            item.reason.render() for result in alone for item in result.criteria
        ]
        verdicts.update(result.verdict for result in page)
    assert verdicts == set(Verdict)  # the catalogue is varied enough to reach every verdict


def test_trials_that_share_a_criterion_share_its_result() -> None:
    trials, tree = synthetic_catalogue(40, seed=7)
    given = validate_answers({"age": 52, "diagnosis": "NPC"})
    page = evaluate_trials(trials, given, as_of=AS_OF, tree=tree)
    results: dict[int, CriterionResult] = {}
    for result in page:
        for item in result.criteria:
            assert results.setdefault(id(item.criterion), item) is item
    assert len(results) < sum(len(result.criteria) for result in page)  # criteria repeat


def test_an_empty_page_and_an_empty_trial() -> None:
    tree = ConditionTree(SYNTHETIC_TREE)
    given = validate_answers({})
    assert evaluate_trials([], given, as_of=AS_OF, tree=tree) == []
    empty = TrialSpec("EMPTY", ())
    (result,) = evaluate_trials([empty], given, as_of=AS_OF, tree=tree)
    assert result == evaluate_trial(empty, given, as_of=AS_OF, tree=tree)
    assert (result.verdict, result.score) == (Verdict.LIKELY, 1.0)
