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

Refinement for disease status: a cancer that came back after treatment (`recurrent`) is often
also locally advanced or metastatic, and many people know only that it came back. So an answer
with `recurrent` and none of the statuses a criterion lists is unknown, not a fail, when the
criterion asks for (or excludes) `locally_advanced` or `metastatic` disease: "recurrent or
metastatic" and "advanced" are how protocols group these patients, and only the doctor or the
study team can say whether this recurrence counts.

Refinements for coverage and provenance:
- A diagnosis with no mapped code (only the source's `terms`) is always unknown, never "any
  cancer": the study team checks whether the person's cancer fits. An excluded code still
  rules out.
- An age limit in months is compared soundly with an age in whole years: someone aged N is
  between N and N+1, so a limit that falls inside that year is unknown.
- A flag whose answer would rule the person out is not a fail while an exception may apply:
  a yes to any `except_if` answer passes, an unanswered one is unknown, and exceptions that
  cannot be asked (`exceptions` words) make it unknown for the study team to check.
- A washout's `exceptions` and `bound: "at_most"` only change the reason: the days stay the
  latest the person may have to wait, so a fail is still "eligible later".
- A criterion with a `scope` (one cohort, part or arm) never rules anyone out, since we do not
  know which part a person would join: its fail becomes unknown.

Per trial, the verdict is `not_eligible` when a criterion other than a washout fails,
`eligible_later` when only washouts fail (from the latest of their dates), `possibly_eligible`
when nothing fails but a computable criterion is unknown, and `likely_eligible` otherwise (text
criteria never stop it). A trial known only from a summary (`coverage` "summary") is at most
`possibly_eligible`: the criteria we hold are not all the protocol's.

The score is the share of computable (non-text) criteria that pass; a trial with no computable
criterion scores 1.0, matching its vacuous `likely_eligible`.
"""

from __future__ import annotations

from collections.abc import Iterable
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
from matcher.engine.vocabulary import recurrence_may_count


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


class Coverage(StrEnum):
    """How much of a trial's eligibility the criteria hold."""

    FULL = "full"  # the protocol's inclusion and exclusion lists
    SUMMARY = "summary"  # only what a summary states: at most possibly eligible


@dataclass(frozen=True, slots=True)
class TrialSpec:
    """What the engine needs of a trial: a key (NCT ID or slug), its criteria, their coverage.

    `recruiting` trials sort before the others with the same verdict.
    """

    key: str
    criteria: tuple[Criterion, ...]
    coverage: Coverage = Coverage.FULL
    recruiting: bool = True

    @property
    def read_automatically(self) -> bool:
        """Whether some computable criterion was read from the text and not yet reviewed."""
        return any(
            not criterion.reviewed and criterion.type != CriterionType.TEXT
            for criterion in self.criteria
        )


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
            if bounds.min_months is not None or bounds.max_months is not None:
                return _assess_age_months(criterion, answers.age, bounds, explain)
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
        case CriterionType.DIAGNOSIS, DiagnosisParams(codes, exclude_codes) as params if not codes:
            # Not mapped to a code: only an excluded code can decide; the rest is for the team.
            code = answers.diagnosis
            excluded = code is not None and tree.match(code, exclude_codes) == (
                DiagnosisMatch.LISTED
            )
            status = Status.FAIL if excluded else Status.UNKNOWN
            reason = reasons.unmapped_diagnosis_reason(kind, params, excluded) if explain else None
            return status, reason, None
        case CriterionType.DIAGNOSIS, DiagnosisParams(codes, exclude_codes) as params:
            code = answers.diagnosis
            found = None if code is None else tree.match(code, codes, exclude_codes)
            status = Status.UNKNOWN if found is None else _DIAGNOSIS_STATUS[found]
            reason = reasons.diagnosis_reason(kind, params, code, found) if explain else None
            return status, reason, None
        case CriterionType.DISEASE_STATUS, DiseaseStatusParams(any_of):
            given = answers.disease_status
            status = _disease_status(given, any_of)
            reason = reasons.disease_status_reason(kind, any_of, given) if explain else None
            return status, reason, None
        case CriterionType.PRIOR_THERAPY, PriorTherapyParams(therapy):
            therapies = answers.prior_therapies
            had = None if therapies is None else therapy in therapies
            reason = reasons.prior_therapy_reason(kind, therapy, had) if explain else None
            return _yes(had), reason, None
        case CriterionType.WASHOUT, WashoutParams() as washout:
            return _assess_washout(washout, answers, as_of, explain)
        case CriterionType.LIFE_EXPECTANCY, LifeExpectancyParams(min_months):
            months = answers.life_expectancy_months
            status = Status.UNKNOWN if months is None else _yes(months >= min_months)
            reason = reasons.life_expectancy_reason(kind, min_months, months) if explain else None
            return status, reason, None
        case CriterionType.MEASURABLE_DISEASE, NoParams():
            value = answers.measurable_disease
            reason = reasons.flag_reason(kind, "measurable_disease", value) if explain else None
            return _yes(value), reason, None
        case CriterionType.FLAG, FlagParams(question, except_if, exceptions) if (
            except_if or exceptions
        ):
            return _assess_flag_exceptions(criterion, answers, explain)
        case CriterionType.FLAG, FlagParams(question):
            value = answers.flag(question)
            reason = reasons.flag_reason(kind, question, value) if explain else None
            return _yes(value), reason, None
        case CriterionType.TEXT, NoParams():
            return Status.UNKNOWN, reasons.STUDY_TEAM_CHECKS, None
        case _:
            raise TypeError(f"{criterion.type} criterion with {criterion.params!r}")


def _disease_status(given: tuple[str, ...] | None, any_of: tuple[str, ...]) -> Status:
    """Whether the cancer has one of the statuses (a recurrence may be the advanced one asked)."""
    if given is None:
        return Status.UNKNOWN
    if not set(given).isdisjoint(any_of):
        return Status.PASS
    if recurrence_may_count(given, any_of):
        return Status.UNKNOWN
    return Status.FAIL


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


def _within(low: int, high: int, minimum: int | None, maximum: int | None) -> Status:
    """Whether every value of low..high is within the bounds (pass), none is (fail), or some."""
    if (minimum is not None and high < minimum) or (maximum is not None and low > maximum):
        return Status.FAIL
    if (minimum is not None and low < minimum) or (maximum is not None and high > maximum):
        return Status.UNKNOWN
    return Status.PASS


def _assess_age_months(
    criterion: Criterion, age: int | None, bounds: RangeParams, explain: bool
) -> tuple[Status, Message | None, date | None]:
    """An age limit in months: someone aged N years is 12N to 12N+11 months old."""
    status: Status
    if age is None:
        status = Status.UNKNOWN
    else:
        years = _within(age, age, bounds.min, bounds.max)
        months = _within(12 * age, 12 * age + 11, bounds.min_months, bounds.max_months)
        statuses = {years, months}
        if Status.FAIL in statuses:
            status = Status.FAIL
        elif Status.UNKNOWN in statuses:
            status = Status.UNKNOWN
        else:
            status = Status.PASS
    if not explain:
        return status, None, None
    straddles = age is not None and status == Status.UNKNOWN
    return status, reasons.age_months_reason(criterion.kind, bounds, age, straddles), None


def _assess_flag_exceptions(
    criterion: Criterion, answers: Answers, explain: bool
) -> tuple[Status, Message | None, date | None]:
    """A flag with exceptions: what would rule the person out waits on the exceptions."""
    params = criterion.params
    assert isinstance(params, FlagParams)
    value = answers.flag(params.question)
    inclusion = criterion.kind == Kind.INCLUSION
    own = Status.UNKNOWN if value is None else _yes(value == inclusion)  # in the kind's sense
    excepted = tuple(answers.flag(key) for key in params.except_if)
    status: Status
    if own != Status.FAIL:
        status = own
    elif True in excepted:
        status = Status.PASS
    elif None in excepted or params.exceptions:
        status = Status.UNKNOWN
    else:
        status = Status.FAIL
    reason = None
    if explain:
        reason = reasons.flag_exception_reason(
            criterion.kind, params, value, excepted if own == Status.FAIL else None
        )
    # Back to the inclusion sense that `_in_kind` expects.
    return (status if inclusion else _INVERTED[status]), reason, None


def _assess_washout(
    params: WashoutParams, answers: Answers, as_of: date, explain: bool
) -> tuple[Status, Message | None, date | None]:
    status, reason, eligible_from = _assess_washout_days(
        params.category, params.days, answers, as_of, explain
    )
    if reason is not None and (params.exceptions or params.bound):
        reason = reasons.washout_qualified_reason(reason, params, status == Status.FAIL)
    return status, reason, eligible_from


def _assess_washout_days(
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
    status = _in_kind(criterion, status)
    if criterion.scope is not None and status == Status.FAIL:
        return Status.UNKNOWN
    return status


def evaluate_criterion(
    criterion: Criterion, answers: Answers, *, as_of: date, tree: ConditionTree
) -> CriterionResult:
    """Return the criterion's status for these answers, with a reason."""
    status, reason, eligible_from = _assess(criterion, answers, as_of, tree, explain=True)
    assert reason is not None
    status = _in_kind(criterion, status)
    if criterion.scope is not None and status == Status.FAIL:
        # We do not know which part of the study the person would join.
        reason = reasons.scoped_reason(reason, criterion.scope)
        return CriterionResult(criterion, Status.UNKNOWN, reason, None)
    return CriterionResult(criterion, status, reason, eligible_from)


def evaluate_trial(
    trial: TrialSpec, answers: Answers, *, as_of: date, tree: ConditionTree
) -> TrialResult:
    """Return the trial's verdict, score and every criterion's result for these answers."""
    results = tuple(
        evaluate_criterion(criterion, answers, as_of=as_of, tree=tree)
        for criterion in trial.criteria
    )
    return _trial_result(trial, results)


def evaluate_trials(
    trials: Iterable[TrialSpec], answers: Answers, *, as_of: date, tree: ConditionTree
) -> list[TrialResult]:
    """Return `evaluate_trial` of each trial, judging each criterion object only once.

    Trials compiled from a catalogue share one object per distinct criterion, and a page of
    trials repeats most of them (the same age limit, flag or washout in trial after trial):
    each is judged, with its reason, once per call. A criterion's result depends only on the
    criterion and the answers, so the results are those of `evaluate_trial`; trials that share
    a criterion share its `CriterionResult` object.
    """
    judged: dict[int, CriterionResult] = {}
    page = []
    for trial in trials:
        results = []
        for criterion in trial.criteria:
            result = judged.get(id(criterion))
            if result is None:
                result = judged[id(criterion)] = evaluate_criterion(
                    criterion, answers, as_of=as_of, tree=tree
                )
            results.append(result)
        page.append(_trial_result(trial, tuple(results)))
    return page


def _trial_result(trial: TrialSpec, results: tuple[CriterionResult, ...]) -> TrialResult:
    """Return the verdict and score that the criteria's results give the trial."""
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
        capped = unknowns or trial.coverage == Coverage.SUMMARY
        verdict = Verdict.POSSIBLY if capped else Verdict.LIKELY
    score = passed / computable if computable else 1.0
    return TrialResult(trial, verdict, score, eligible_from, results)
