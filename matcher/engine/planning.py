"""Planning the questionnaire: which question to ask next, and how many may be left.

One question per screen, and only questions that matter. The candidates are the trials the
current answers do not rule out (any verdict but `not_eligible`; `eligible_later` stays in). A
step can change a verdict when some candidate has a computable (non-`text`) criterion reading
one of the step's answers and that answer is still missing; a missing answer is always
`unknown`, and only an answer can turn it into a pass or a fail. Other steps are skipped, and a
diagnosis not mapped to any code reads no answer (it stays for the study team to check).

The steps:
- `SINGLE`: one answer key (`age`, `diagnosis`, ..., or one inclusion yes/no key such as
  `histology_confirmed`); a flag that no candidate uses as an exclusion is asked on its own.
- `CHECKLIST`: "Do any of these apply to you?", the missing exclusion flags (`FLAG_KEYS` that
  some candidate uses in an exclusion `flag` criterion), in `FLAG_KEYS` order, on one screen.
- `DATES`: `last_treatment`, for the categories that some candidate has a washout for and that
  are still unanswered, in `TREATMENT_CATEGORIES` order.
- Follow-ups (`SINGLE`): an exception a flag criterion names in `except_if` ("except radically
  treated early-stage cancers"), asked only once the flag's answer would rule the person out
  (yes to an exclusion), and then straight away, before any other step but the diagnosis.

A step the person has seen (`asked`, by step id) is never proposed again, even if they answered
"I'm not sure". Once the checklist has been seen, no flag that some trial of the catalogue uses
as an exclusion is proposed again, not even on its own (it may have been on that screen); a flag
that no trial excludes on could not have been, so it is still asked on its own if it matters. A
flag seen on its own is not listed on the checklist. Once the dates have been seen, no category
is asked again.

Order: `diagnosis` first whenever it can still change a verdict (it decides the most trials
and it is how people think about their illness); then the step that could change the most
candidates; ties follow a clinical order: disease_status, age, sex, prior_systemic_lines,
prior_therapies, ecog, histology_confirmed, measurable_disease, the dates, the checklist,
organ_function_adequate, tissue_sample_available, contraception_willing, flags asked on their
own (in `FLAG_KEYS` order), life_expectancy_months last. `remaining` counts every step that
could still change a verdict (the checklist and the dates count one each), so it is an
estimate: an answer that rules trials out can make later steps unnecessary.

How it stays fast: once per catalogue, each answer key, exclusion flag and washout category gets
an integer holding one byte per trial (1 when the trial's computable criteria read it); a plan
then costs one `Catalogue.candidates` pass and a few big-integer ANDs and popcounts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import reduce
from operator import or_
from typing import Any
from weakref import WeakKeyDictionary

from matcher.engine.answers import Answers
from matcher.engine.catalogue import Catalogue
from matcher.engine.criteria import (
    Criterion,
    DiagnosisParams,
    FlagParams,
    Kind,
    WashoutParams,
)
from matcher.engine.evaluation import TrialSpec
from matcher.engine.vocabulary import EXCEPTION_KEYS, FLAG_KEYS, TREATMENT_CATEGORIES

CHECKLIST = "checklist"
LAST_TREATMENT = "last_treatment"

# The tie-break order of step ids (see the module docstring).
STEP_ORDER: tuple[str, ...] = (
    "diagnosis",
    "disease_status",
    "age",
    "sex",
    "prior_systemic_lines",
    "prior_therapies",
    "ecog",
    "histology_confirmed",
    "measurable_disease",
    LAST_TREATMENT,
    CHECKLIST,
    *EXCEPTION_KEYS,
    "organ_function_adequate",
    "tissue_sample_available",
    "contraception_willing",
    *FLAG_KEYS,
    "life_expectancy_months",
)
_RANK = {step_id: number for number, step_id in enumerate(STEP_ORDER)}
_FLAGS = frozenset(FLAG_KEYS)


class StepKind(StrEnum):
    SINGLE = "single"
    CHECKLIST = "checklist"
    DATES = "dates"


@dataclass(frozen=True, slots=True)
class Step:
    """One questionnaire screen: its answer keys and, for the dates, the categories to ask."""

    kind: StepKind
    keys: tuple[str, ...]
    categories: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Return the stable identifier used in URLs and the session."""
        match self.kind:
            case StepKind.SINGLE:
                return self.keys[0]
            case StepKind.CHECKLIST:
                return CHECKLIST
            case StepKind.DATES:
                return LAST_TREATMENT


@dataclass(frozen=True, slots=True)
class Plan:
    """The next step (None when nothing left can change a verdict) and the counts to show."""

    next: Step | None
    remaining: int
    candidates: int
    total: int


class _Reads:
    """Per answer key, exclusion flag and washout category: one byte per trial, 1 if read."""

    __slots__ = ("excludes", "followups", "keys", "washouts")

    def __init__(self, trials: tuple[TrialSpec, ...]) -> None:
        count = len(trials)
        keys: dict[str, bytearray] = {}
        excludes: dict[str, bytearray] = {}
        washouts: dict[str, bytearray] = {}
        # (exception key, flag, the flag answer that makes the exception matter) -> trials
        followups: dict[tuple[str, str, bool], bytearray] = {}
        # What each criterion marks is worked out once per criterion object (trials built from
        # a parse cache share them): a list of (table, name) to mark for each trial holding it.
        marks: dict[int, tuple[tuple[dict[Any, bytearray], Any], ...]] = {}
        for index, trial in enumerate(trials):
            for criterion in trial.criteria:
                slots = marks.get(id(criterion))
                if slots is None:
                    slots = marks[id(criterion)] = _marks(
                        criterion, keys, excludes, washouts, followups
                    )
                for table, name in slots:
                    lane = table.get(name)
                    if lane is None:
                        lane = table[name] = bytearray(count)
                    lane[index] = 1
        del marks

        def lanes(table: dict[str, bytearray], order: Iterable[str]) -> dict[str, int]:
            return {name: int.from_bytes(table[name], "little") for name in order if name in table}

        self.keys = lanes(keys, STEP_ORDER)
        self.excludes = lanes(excludes, FLAG_KEYS)
        self.washouts = lanes(washouts, TREATMENT_CATEGORIES)
        self.followups = {
            slot: int.from_bytes(table, "little") for slot, table in sorted(followups.items())
        }


def _marks(
    criterion: Criterion,
    keys: dict[str, bytearray],
    excludes: dict[str, bytearray],
    washouts: dict[str, bytearray],
    followups: dict[tuple[str, str, bool], bytearray],
) -> tuple[tuple[dict[Any, bytearray], Any], ...]:
    """The read tables a criterion marks for its trial, and under which name."""
    key = criterion.answer_key
    if key is None:
        return ()
    if isinstance(criterion.params, DiagnosisParams) and not (
        criterion.params.codes or criterion.params.exclude_codes
    ):
        return ()  # not mapped to a code: no answer can change it
    found: list[tuple[dict[Any, bytearray], Any]] = []
    if isinstance(criterion.params, FlagParams):
        trigger = criterion.kind == Kind.EXCLUSION
        for exception in criterion.params.except_if:
            found.append((followups, (exception, key, trigger)))
    if isinstance(criterion.params, WashoutParams):
        found.append((washouts, criterion.params.category))
    else:
        if criterion.kind == Kind.EXCLUSION and key in _FLAGS:
            found.append((excludes, key))
        found.append((keys, key))
    return tuple(found)


_READS: WeakKeyDictionary[Catalogue, _Reads] = WeakKeyDictionary()
_READS_LOCK = threading.Lock()


def _reads(catalogue: Catalogue) -> _Reads:
    """Return the catalogue's read table, built on first use."""
    with _READS_LOCK:
        reads = _READS.get(catalogue)
        if reads is None:
            reads = _READS[catalogue] = _Reads(catalogue.trials)
        return reads


def plan_questions(
    catalogue: Catalogue, answers: Answers, *, as_of: date, asked: Iterable[str] = ()
) -> Plan:
    """Return the next step worth asking, an estimate of the steps left, and the counts."""
    reads = _reads(catalogue)
    open_ = catalogue.open_bytes(answers, as_of=as_of)
    done = frozenset(asked)
    # (-trials it could change, tie-break, step)
    options: list[tuple[int, int, Step]] = []
    followups: dict[str, int] = {}

    def offer(step: Step, lanes: Iterable[int]) -> None:
        trials = (reduce(or_, lanes, 0) & open_).bit_count()
        if trials:
            options.append((-trials, _RANK.get(step.id, len(_RANK)), step))

    def missing(key: str) -> bool:
        return key not in done and getattr(answers, key) is None

    excluded = reads.excludes  # the flags some trial excludes on: checklist material
    checklist: tuple[str, ...] = ()
    if CHECKLIST not in done:
        checklist = tuple(
            flag for flag, lanes in excluded.items() if missing(flag) and lanes & open_
        )
        if checklist:
            offer(Step(StepKind.CHECKLIST, checklist), (reads.keys[flag] for flag in checklist))
    for key, lanes in reads.keys.items():
        if missing(key) and key not in checklist and not (CHECKLIST in done and key in excluded):
            offer(Step(StepKind.SINGLE, (key,)), (lanes,))
    if LAST_TREATMENT not in done:
        given = answers.last_treatment or {}
        categories = tuple(
            category
            for category, lanes in reads.washouts.items()
            if category not in given and lanes & open_
        )
        if categories:
            step = Step(StepKind.DATES, (LAST_TREATMENT,), categories)
            offer(step, (reads.washouts[category] for category in categories))

    for (exception, flag, trigger), lanes in reads.followups.items():
        if missing(exception) and answers.flag(flag) is trigger:
            followups[exception] = followups.get(exception, 0) | lanes
    for exception, lanes in followups.items():
        if exception not in {step.id for _, _, step in options}:
            offer(Step(StepKind.SINGLE, (exception,)), (lanes,))

    options.sort(
        key=lambda option: (
            option[2].id != "diagnosis",
            option[2].id not in followups,
            option[0],
            option[1],
        )
    )
    return Plan(
        next=options[0][2] if options else None,
        remaining=len(options),
        candidates=open_.bit_count(),
        total=len(catalogue),
    )


def unanswered_keys(catalogue: Catalogue, answers: Answers, *, as_of: date) -> list[str]:
    """Return the missing answers that some trial not ruled out reads, in `STEP_ORDER`.

    `last_treatment` counts as missing when a washout category some such trial reads is not
    given. The same tables as `plan_questions`: no criterion is looked at per call.
    """
    reads = _reads(catalogue)
    open_ = catalogue.open_bytes(answers, as_of=as_of)
    found = {key for key, lanes in reads.keys.items() if lanes & open_}
    # A yes (or no) that an exception would undo: the exception is what is still missing.
    found.update(
        exception
        for (exception, flag, trigger), lanes in reads.followups.items()
        if lanes & open_ and answers.flag(flag) is trigger
    )
    missing = [key for key in STEP_ORDER if key in found and getattr(answers, key) is None]
    given = answers.last_treatment or {}
    if any(category not in given and lanes & open_ for category, lanes in reads.washouts.items()):
        missing.append(LAST_TREATMENT)
        missing.sort(key=lambda key: _RANK[key])
    return missing


def unanswered_reach(
    catalogue: Catalogue, answers: Answers, *, as_of: date
) -> list[tuple[str, int]]:
    """Return `unanswered_keys` with how many trials not ruled out read each, most first.

    Ties keep `STEP_ORDER`. This is what a list of questions for the doctor is sorted by: the
    answer that decides the most trials first.
    """
    reads = _reads(catalogue)
    open_ = catalogue.open_bytes(answers, as_of=as_of)
    lanes: dict[str, int] = {}
    for key, read in reads.keys.items():
        if read & open_ and getattr(answers, key) is None:
            lanes[key] = read & open_
    for (exception, flag, trigger), read in reads.followups.items():
        if read & open_ and answers.flag(flag) is trigger and getattr(answers, exception) is None:
            lanes[exception] = lanes.get(exception, 0) | (read & open_)
    given = answers.last_treatment or {}
    for category, read in reads.washouts.items():
        if category not in given and read & open_:
            lanes[LAST_TREATMENT] = lanes.get(LAST_TREATMENT, 0) | (read & open_)
    counted = [(key, trials.bit_count()) for key, trials in lanes.items()]
    return sorted(counted, key=lambda item: (-item[1], _RANK.get(item[0], len(_RANK))))


def warm_plans(catalogue: Catalogue) -> None:
    """Build the catalogue's read tables now (say, off the request path) rather than later."""
    _reads(catalogue)
