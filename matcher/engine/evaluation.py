"""Evaluating criteria and trials: three-valued statuses, verdicts and scores.

Per criterion, `pass` means it does not stand in the way, `fail` that it rules the person out,
`unknown` that it was not answered or cannot be computed. A missing answer never fails.

Exclusion criteria state what rules a person out, so for every type but two an exclusion is
its inclusion evaluation inverted (pass <-> fail, unknown stays): exclusion `flag` fails on
yes, exclusion `prior_therapy` fails if the person had it, exclusion `age` {min: 76} fails at
76 and over. The two exceptions:
- `washout` means the same in both kinds. Protocols word washouts as exclusions ("chemotherapy
  within 4 weeks before the first dose"), so an exclusion washout {chemotherapy, 28} rules out
  a dose in the last 28 days, exactly like the inclusion "at least 28 days since"; inverting it
  would rule out everyone treated long ago. Either way a failing washout is fixed by time and
  carries `eligible_from`.
- `text` is always unknown ("the study team will check this").

Per trial, the verdict is `not_eligible` when a criterion other than a washout fails,
`eligible_later` when only washouts fail (from the latest of their dates), `possibly_eligible`
when nothing fails but a computable criterion is unknown, and `likely_eligible` otherwise (text
criteria never stop it). The score is the share of computable (non-text) criteria that pass;
a trial with no computable criterion scores 1.0, matching its vacuous `likely_eligible`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from matcher.engine import reasons
from matcher.engine.answers import Answers
from matcher.engine.conditions import ConditionTree, DiagnosisMatch
from matcher.engine.criteria import (
    Criterion,
    CriterionType,
    DiagnosisParams,
    DiseaseStatusParams,
    FlagParams,
    Kind,
    LifeExpectancyParams,
    NoParams,
    PriorTherapyParams,
    RangeParams,
    SexParams,
    WashoutParams,
)
from matcher.engine.messages import Message


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    LIKELY = "likely_eligible"
    POSSIBLY = "possibly_eligible"
    LATER = "eligible_later"
    NOT = "not_eligible"


VERDICT_ORDER: tuple[Verdict, ...] = (Verdict.LIKELY, Verdict.POSSIBLY, Verdict.LATER, Verdict.NOT)


@dataclass(frozen=True, slots=True)
class CriterionResult:
    criterion: Criterion
    status: Status
    reason: Message
    eligible_from: date | None = None


@dataclass(frozen=True, slots=True)
class TrialSpec:
    """What the engine needs of a trial: a key (NCT ID or slug) and its criteria."""

    key: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class TrialResult:
    trial: TrialSpec
    verdict: Verdict
    score: float
    eligible_from: date | None
    criteria: tuple[CriterionResult, ...]


_INVERTED = {Status.PASS: Status.FAIL, Status.FAIL: Status.PASS, Status.UNKNOWN: Status.UNKNOWN}

_DIAGNOSIS_STATUS = {
    DiagnosisMatch.LISTED: Status.PASS,
    DiagnosisMatch.EXCLUDED: Status.FAIL,
    DiagnosisMatch.MAYBE_EXCLUDED: Status.UNKNOWN,
    DiagnosisMatch.BROADER: Status.UNKNOWN,
    DiagnosisMatch.OTHER: Status.FAIL,
}


def _yes(value: bool | None) -> Status:
    if value is None:
        return Status.UNKNOWN
    return Status.PASS if value else Status.FAIL


def _assess(
    criterion: Criterion, answers: Answers, as_of: date, tree: ConditionTree, explain: bool
) -> tuple[Status, Message | None, date | None]:
    """Return the inclusion-sense status, the reason when `explain`, and any eligible_from."""
    kind = criterion.kind
    match criterion.type, criterion.params:
        case CriterionType.AGE, RangeParams() as bounds:
            return _assess_range(criterion, answers.age, bounds, explain)
        case CriterionType.PRIOR_LINES, RangeParams() as bounds:
            return _assess_range(criterion, answers.prior_systemic_lines, bounds, explain)
        case CriterionType.ECOG, RangeParams() as bounds:
            return _assess_range(criterion, answers.ecog, bounds, explain)
        case CriterionType.SEX, SexParams(allowed):
            sex = answers.sex
            status = Status.UNKNOWN if sex is None else _yes(sex in allowed)
            reason = reasons.sex_reason(kind, allowed, sex) if explain else None
            return status, reason, None
        case CriterionType.DIAGNOSIS, DiagnosisParams(codes, exclude_codes) as params:
            code = answers.diagnosis
            found = None if code is None else tree.match(code, codes, exclude_codes)
            status = Status.UNKNOWN if found is None else _DIAGNOSIS_STATUS[found]
            reason = reasons.diagnosis_reason(kind, params, code, found) if explain else None
            return status, reason, None
        case CriterionType.DISEASE_STATUS, DiseaseStatusParams(any_of):
            given = answers.disease_status
            status = Status.UNKNOWN if given is None else _yes(not set(given).isdisjoint(any_of))
            reason = reasons.disease_status_reason(kind, any_of, given) if explain else None
            return status, reason, None
        case CriterionType.PRIOR_THERAPY, PriorTherapyParams(therapy):
            therapies = answers.prior_therapies
            had = None if therapies is None else therapy in therapies
            reason = reasons.prior_therapy_reason(kind, therapy, had) if explain else None
            return _yes(had), reason, None
        case CriterionType.WASHOUT, WashoutParams(category, days):
            return _assess_washout(category, days, answers, as_of, explain)
        case CriterionType.LIFE_EXPECTANCY, LifeExpectancyParams(min_months):
            months = answers.life_expectancy_months
            status = Status.UNKNOWN if months is None else _yes(months >= min_months)
            reason = reasons.life_expectancy_reason(kind, min_months, months) if explain else None
            return status, reason, None
        case CriterionType.MEASURABLE_DISEASE, NoParams():
            value = answers.measurable_disease
            reason = reasons.flag_reason(kind, "measurable_disease", value) if explain else None
            return _yes(value), reason, None
        case CriterionType.FLAG, FlagParams(question):
            value = answers.flag(question)
            reason = reasons.flag_reason(kind, question, value) if explain else None
            return _yes(value), reason, None
        case CriterionType.TEXT, NoParams():
            return Status.UNKNOWN, reasons.STUDY_TEAM_CHECKS, None
        case _:
            raise TypeError(f"{criterion.type} criterion with {criterion.params!r}")


def _assess_range(
    criterion: Criterion, value: int | None, bounds: RangeParams, explain: bool
) -> tuple[Status, Message | None, date | None]:
    if value is None:
        status = Status.UNKNOWN
    elif (bounds.min is not None and value < bounds.min) or (
        bounds.max is not None and value > bounds.max
    ):
        status = Status.FAIL
    else:
        status = Status.PASS
    if not explain:
        return status, None, None
    return status, reasons.range_reason(criterion.type, criterion.kind, bounds, value), None


def _assess_washout(
    category: str, days: int, answers: Answers, as_of: date, explain: bool
) -> tuple[Status, Message | None, date | None]:
    last = None if answers.last_treatment is None else answers.last_treatment.get(category)
    if last is None:
        reason = reasons.washout_unknown_reason(category, days) if explain else None
        return Status.UNKNOWN, reason, None
    if not isinstance(last, date):  # NEVER
        reason = reasons.washout_never_reason(category, days) if explain else None
        return Status.PASS, reason, None
    if last > as_of:
        reason = reasons.washout_future_reason(category, days, last, as_of) if explain else None
        return Status.UNKNOWN, reason, None
    if (as_of - last).days >= days:
        reason = reasons.washout_passed_reason(category, days, last) if explain else None
        return Status.PASS, reason, None
    eligible_from = washout_end(last, days)
    reason = (
        reasons.washout_waiting_reason(category, days, last, eligible_from) if explain else None
    )
    return Status.FAIL, reason, eligible_from


def washout_end(last: date, days: int) -> date:
    """Return the first day a washout of `days` after `last` is over (at most date.max)."""
    try:
        return last + timedelta(days=days)
    except OverflowError:
        return date.max


def _in_kind(criterion: Criterion, status: Status) -> Status:
    """Turn an inclusion-sense status into the criterion's own (see the module docstring)."""
    if criterion.kind == Kind.EXCLUSION and criterion.type != CriterionType.WASHOUT:
        return _INVERTED[status]
    return status


def criterion_status(
    criterion: Criterion, answers: Answers, *, as_of: date, tree: ConditionTree
) -> Status:
    """Return the criterion's status for these answers, without building a reason."""
    status, _, _ = _assess(criterion, answers, as_of, tree, explain=False)
    return _in_kind(criterion, status)


def evaluate_criterion(
    criterion: Criterion, answers: Answers, *, as_of: date, tree: ConditionTree
) -> CriterionResult:
    """Return the criterion's status for these answers, with a reason."""
    status, reason, eligible_from = _assess(criterion, answers, as_of, tree, explain=True)
    assert reason is not None
    return CriterionResult(criterion, _in_kind(criterion, status), reason, eligible_from)


def evaluate_trial(
    trial: TrialSpec, answers: Answers, *, as_of: date, tree: ConditionTree
) -> TrialResult:
    """Return the trial's verdict, score and every criterion's result for these answers."""
    results = tuple(
        evaluate_criterion(criterion, answers, as_of=as_of, tree=tree)
        for criterion in trial.criteria
    )
    computable = passed = 0
    fails = washout_fails = unknowns = 0
    eligible_from: date | None = None
    for result in results:
        if result.criterion.type == CriterionType.TEXT:
            continue
        computable += 1
        match result.status:
            case Status.PASS:
                passed += 1
            case Status.UNKNOWN:
                unknowns += 1
            case Status.FAIL if result.eligible_from is not None:
                washout_fails += 1
                if eligible_from is None or result.eligible_from > eligible_from:
                    eligible_from = result.eligible_from
            case Status.FAIL:
                fails += 1
    if fails:
        verdict, eligible_from = Verdict.NOT, None
    elif washout_fails:
        verdict = Verdict.LATER
    else:
        verdict = Verdict.POSSIBLY if unknowns else Verdict.LIKELY
    score = passed / computable if computable else 1.0
    return TrialResult(trial, verdict, score, eligible_from, results)
