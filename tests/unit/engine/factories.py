"""Small typed factories for engine tests: criteria, answers, trials and random profiles."""

from __future__ import annotations

import random
from datetime import date, timedelta

from matcher.engine import (
    BOOL_KEYS,
    DISEASE_STATUSES,
    FLAG_KEYS,
    SEXES,
    THERAPY_CODES,
    TREATMENT_CATEGORIES,
    Answers,
    ConditionTree,
    Criterion,
    TrialSpec,
    parse_criterion,
    validate_answers,
)

AS_OF = date(2026, 12, 1)

TREE = ConditionTree(
    {
        "SOLID": None,
        "HEAD_NECK": "SOLID",
        "NPC": "HEAD_NECK",
        "HNSC": "HEAD_NECK",
        "LUNG": "SOLID",
        "NSCLC": "LUNG",
        "LUAD": "NSCLC",
    }
)


def criterion(type_: str, kind: str = "inclusion", text: str = "", **params: object) -> Criterion:
    """Return a criterion built through the parser."""
    return parse_criterion(kind, type_, params, text)


def answers(**given: object) -> Answers:
    """Return validated answers."""
    return validate_answers(given)


def trial(key: str, *criteria: Criterion) -> TrialSpec:
    """Return a trial with these criteria."""
    return TrialSpec(key, criteria)


def days_ago(days: int, as_of: date = AS_OF) -> str:
    """Return the ISO date `days` before `as_of`."""
    return (as_of - timedelta(days=days)).isoformat()


def random_profile(rng: random.Random, codes: list[str], as_of: date = AS_OF) -> dict[str, object]:
    """Return a JSON profile; answers are often missing, and values sit on typical thresholds."""
    answered = rng.random()
    profile: dict[str, object] = {}

    def maybe(key: str, value: object) -> None:
        if rng.random() < answered:
            profile[key] = value

    maybe("age", rng.choice((15, 16, 17, 18, 21, 45, 52, 64, 65, 66, 75, 76, 80, 81)))
    maybe("sex", rng.choice(SEXES))
    maybe("diagnosis", rng.choice([*codes, "UNLISTED"]))
    maybe("histology_confirmed", rng.random() < 0.9)
    maybe("disease_status", rng.sample(DISEASE_STATUSES, rng.randint(0, 2)))
    maybe("prior_systemic_lines", rng.randint(0, 6))
    maybe("prior_therapies", rng.sample(THERAPY_CODES, rng.randint(0, 3)))
    maybe("ecog", rng.choice((0, 0, 1, 1, 2, 3)))
    maybe("life_expectancy_months", rng.choice((0, 2, 3, 5, 6, 11, 12, 24)))
    last: dict[str, str | None] = {}
    for category in TREATMENT_CATEGORIES:
        roll = rng.random()
        if roll < 0.3:
            continue
        if roll < 0.45:
            last[category] = "never"
        elif roll < 0.5:
            last[category] = (as_of + timedelta(days=rng.randint(1, 3))).isoformat()
        elif roll < 0.55:
            last[category] = None
        else:
            elapsed = rng.choice((0, 6, 7, 8, 13, 14, 20, 21, 27, 28, 29, 41, 42, 43, 200))
            last[category] = days_ago(elapsed, as_of)
    maybe("last_treatment", last)
    for key in BOOL_KEYS:
        # Mostly the answer that keeps a person in, so that every verdict shows up.
        maybe(key, rng.random() < (0.1 if key in FLAG_KEYS else 0.9))
    return profile
