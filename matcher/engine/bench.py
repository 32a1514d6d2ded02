"""A synthetic catalogue and a benchmark: ranking must cost no more than a bare loop.

The target: ranking one profile against N trials of about 25 criteria costs no more than a
bare Python loop doing one integer comparison per criterion of the same catalogue; planning the
next question for a half-answered profile stays well under 50 ms at 10,000 trials.
Run `python -m matcher.engine.bench [N]` to print the numbers.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

from matcher.engine import reasons
from matcher.engine.answers import Answers, validate_answers
from matcher.engine.bench_texts import criterion_text
from matcher.engine.catalogue import Catalogue
from matcher.engine.conditions import ConditionTree
from matcher.engine.criteria import Criterion, parse_criterion
from matcher.engine.evaluation import TrialSpec
from matcher.engine.planning import plan_questions
from matcher.engine.vocabulary import FLAG_KEYS, TREATMENT_CATEGORIES

AS_OF = date(2026, 12, 1)

# 30 codes: SOLID, 7 groups, 22 more specific codes (OncoTree-like).
SYNTHETIC_TREE: dict[str, str | None] = {
    "SOLID": None,
    "HEAD_NECK": "SOLID",
    "NPC": "HEAD_NECK",
    "HNSC": "HEAD_NECK",
    "SGC": "HEAD_NECK",
    "LUNG": "SOLID",
    "NSCLC": "LUNG",
    "LUAD": "NSCLC",
    "LUSC": "NSCLC",
    "SCLC": "LUNG",
    "BREAST": "SOLID",
    "BRCA": "BREAST",
    "IDC": "BRCA",
    "ILC": "BRCA",
    "GI": "SOLID",
    "COADREAD": "GI",
    "STAD": "GI",
    "ESCA": "GI",
    "PAAD": "GI",
    "LIHC": "GI",
    "GU": "SOLID",
    "PRAD": "GU",
    "BLCA": "GU",
    "RCC": "GU",
    "GYN": "SOLID",
    "OV": "GYN",
    "UCEC": "GYN",
    "CESC": "GYN",
    "SKIN": "SOLID",
    "MEL": "SKIN",
}

_INCLUSION_FLAGS = (
    "histology_confirmed",
    "organ_function_adequate",
    "tissue_sample_available",
    "contraception_willing",
)

REALISTIC_PROFILE: dict[str, object] = {
    "age": 52,
    "sex": "male",
    "diagnosis": "NPC",
    "histology_confirmed": True,
    "disease_status": ["recurrent", "metastatic"],
    "prior_systemic_lines": 2,
    "prior_therapies": ["platinum_chemotherapy", "pd1_pdl1_inhibitor"],
    "ecog": 1,
    "last_treatment": {
        "chemotherapy": (AS_OF - timedelta(days=40)).isoformat(),
        "immunotherapy": (AS_OF - timedelta(days=20)).isoformat(),
        "radiotherapy": "never",
    },
    "measurable_disease": True,
    "life_expectancy_months": 12,
    "tissue_sample_available": True,
    "cns_metastases_active": False,
    "tuberculosis_active": False,
    "hbv_hcv_active": False,
    "transplant": False,
    "immunodeficiency_hiv": False,
}


# Midway through the questionnaire: the first screens answered, one of them "I'm not sure".
PARTIAL_PROFILE: dict[str, object] = {
    key: REALISTIC_PROFILE[key]
    for key in ("diagnosis", "disease_status", "age", "sex", "prior_systemic_lines")
}
PARTIAL_ASKED: tuple[str, ...] = (*PARTIAL_PROFILE, "prior_therapies")


class _Builder:
    """Builds criteria through the parser, once per distinct (kind, type, params)."""

    def __init__(self) -> None:
        self.cache: dict[str, Criterion] = {}

    def __call__(self, kind: str, type_: str, params: dict[str, object], text: str) -> Criterion:
        key = json.dumps([kind, type_, params, text], sort_keys=True)
        criterion = self.cache.get(key)
        if criterion is None:
            criterion = parse_criterion(kind, type_, params, text)
            self.cache[key] = criterion
        return criterion


def synthetic_catalogue(n_trials: int, seed: int = 0) -> tuple[list[TrialSpec], ConditionTree]:
    """Return `n_trials` trials of about 25 criteria (all 12 types) and their condition tree."""
    rng = random.Random(seed)
    build = _Builder()
    trials = []
    for number in range(n_trials):
        key = f"SYN{number:06d}"
        # The wording draws from a generator of its own: parameters never depend on it.
        trials.append(_synthetic_trial(key, rng, build, random.Random(f"{seed}/{key}")))
    return trials, ConditionTree(SYNTHETIC_TREE)


def _synthetic_trial(
    key: str, rng: random.Random, build: _Builder, words: random.Random
) -> TrialSpec:
    codes = list(SYNTHETIC_TREE)
    groups = [code for code, parent in SYNTHETIC_TREE.items() if parent == "SOLID"]
    criteria: list[Criterion] = []

    def add(kind: str, type_: str, params: dict[str, object], text: str = "") -> None:
        criteria.append(build(kind, type_, params, text or criterion_text(type_, params, words)))

    listed = rng.sample(codes[1:], rng.choice((1, 1, 1, 2, 3)))
    if rng.random() < 0.05:
        listed = ["SOLID"]
    exclude: list[str] = []
    if rng.random() < 0.3:
        group = rng.choice(groups)
        children = [
            code
            for code, parent in SYNTHETIC_TREE.items()
            if parent == group and code not in listed
        ]
        if children and (group in listed or listed == ["SOLID"]):
            exclude = [rng.choice(children)]
    add("inclusion", "diagnosis", {"codes": listed, "exclude_codes": exclude})
    add(
        "inclusion",
        "age",
        {"min": rng.choice((18, 18, 18, 16, 21)), "max": rng.choice((None, None, 65, 75, 80))},
    )
    if rng.random() < 0.1:
        add("inclusion", "sex", {"allowed": [rng.choice(("female", "male"))]})
    statuses = rng.choice(
        (["recurrent", "metastatic"], ["metastatic"], ["locally_advanced", "metastatic"])
    )
    add("inclusion", "disease_status", {"any_of": statuses})
    if rng.random() < 0.7:
        add(
            "inclusion",
            "prior_lines",
            {"min": rng.choice((0, 1, 1, 2)), "max": rng.choice((None, 2, 3, 5))},
        )
    if rng.random() < 0.2:
        add("exclusion", "prior_lines", {"min": rng.choice((3, 4, 5))})
    if rng.random() < 0.6:
        add(
            "inclusion",
            "prior_therapy",
            {"therapy": rng.choice(("platinum_chemotherapy", "pd1_pdl1_inhibitor"))},
        )
    if rng.random() < 0.6:
        therapy = rng.choice(
            ("anti_pdl1_adc", "topoisomerase_inhibitor_adc", "taxane", "anti_egfr")
        )
        add("exclusion", "prior_therapy", {"therapy": therapy})
    add("inclusion", "ecog", {"min": 0, "max": rng.choice((1, 1, 2))})
    for category in rng.sample(TREATMENT_CATEGORIES, rng.randint(4, 6)):
        kind = rng.choice(("inclusion", "exclusion"))
        add(kind, "washout", {"category": category, "days": rng.choice((7, 14, 21, 28, 28, 42))})
    if rng.random() < 0.8:
        add("inclusion", "life_expectancy", {"min_months": rng.choice((3, 3, 6, 12))})
    if rng.random() < 0.8:
        add("inclusion", "measurable_disease", {})
    for flag in rng.sample(_INCLUSION_FLAGS, rng.randint(2, 3)):
        add("inclusion", "flag", {"question": flag})
    for flag in rng.sample(FLAG_KEYS, rng.randint(7, 10)):
        add("exclusion", "flag", {"question": flag})
    for _line in range(rng.randint(1, 3)):
        add(rng.choice(("inclusion", "exclusion")), "text", {})
    return TrialSpec(key, tuple(criteria))


def text_statistics(trials: list[TrialSpec]) -> dict[str, float]:
    """The criteria's wording: mean and median length in UTF-8 bytes, and the share of distinct
    lines (real protocols: about 135 and 95 bytes, nearly every line its trial's own)."""
    texts = [criterion.text for trial in trials for criterion in trial.criteria]
    sizes = [len(text.encode()) for text in texts]
    return {
        "text_bytes_mean": statistics.mean(sizes),
        "text_bytes_median": statistics.median(sizes),
        "text_distinct_share": len(set(texts)) / len(texts),
    }


def _median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _baseline(table: list[tuple[int, ...]], answer: int) -> int:
    """One integer comparison per criterion: the cost to beat."""
    hits = 0
    for values in table:
        for value in values:
            if value <= answer:
                hits += 1
    return hits


def run_benchmark(n_trials: int, repeats: int = 5) -> dict[str, float | int]:
    """Time ranking one realistic profile against a synthetic catalogue, against the baseline."""
    trials, tree = synthetic_catalogue(n_trials)
    start = time.perf_counter()
    catalogue = Catalogue(trials, tree)
    build_seconds = time.perf_counter() - start
    answers: Answers = validate_answers(REALISTIC_PROFILE)
    table = [tuple(len(c.text) for c in trial.criteria) for trial in trials]

    def rank_top() -> object:
        return catalogue.rank(answers, as_of=AS_OF, limit=20)

    def rank_all() -> object:
        return catalogue.rank(answers, as_of=AS_OF, explain=False)

    for builder in reasons.MEMOIZED:
        builder.cache_clear()
    start = time.perf_counter()
    rank_top()  # the first call also fills the memoized reasons
    cold_rank_seconds = time.perf_counter() - start
    rank_seconds = _median_seconds(rank_top, repeats)
    rank_all_seconds = _median_seconds(rank_all, repeats)
    baseline_seconds = _median_seconds(lambda: _baseline(table, 20), repeats)
    partial = validate_answers(PARTIAL_PROFILE)

    def plan() -> object:
        return plan_questions(catalogue, partial, as_of=AS_OF, asked=PARTIAL_ASKED)

    plan()  # the first plan builds the catalogue's read table once
    plan_seconds = _median_seconds(plan, repeats)
    return {
        "trials": len(trials),
        "criteria": sum(len(trial.criteria) for trial in trials),
        "build_seconds": build_seconds,
        "cold_rank_seconds": cold_rank_seconds,
        "median_rank_seconds": rank_seconds,
        "median_rank_all_seconds": rank_all_seconds,
        "median_baseline_seconds": baseline_seconds,
        "ratio": rank_seconds / baseline_seconds,
        "ratio_all": rank_all_seconds / baseline_seconds,
        "plan_seconds": plan_seconds,
        **text_statistics(trials),
    }


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for name, value in run_benchmark(size).items():
        print(f"{name}: {value:.6f}" if isinstance(value, float) else f"{name}: {value}")
