"""Ranking a whole catalogue for one profile, faster than looking at every criterion.

Results are sorted by verdict (likely, possibly, later, not), then recruiting trials first,
then score (highest first), then trial key. The verdicts and scores are exactly those of
`evaluate_trial`; only the work differs.

How: every computable criterion reads one answer ("feature": the age, one flag, the last date
of one treatment category..., or a flag together with the answers naming its exceptions), and
the values of that answer fall into a few classes within which the criterion's status cannot
change (ages between two thresholds of the catalogue, a flag's yes / no / unknown, elapsed days
between two washout lengths...). A trial known only from a summary starts with one unknown, so
it is never likely eligible. At construction, each
distinct criterion is evaluated once per class of its feature (with `criterion_status`, the
engine's own rule) and the results are summed, per feature and class, into one big integer
holding a lane per trial with four counters: passes, unknowns, washout fails, other fails.
Each class's difference from the base is kept zlib-compressed (most trials have no criterion of
a given feature, so most lanes are zero), and unpacked when a profile's answers fall into that
class; the most recently used ones stay unpacked within a memory budget.
Ranking a profile then costs one class lookup and one big-integer addition per feature, one
decode of the lanes, and a sort of the trials that can come first; full explanations (with
reasons) are built only for the trials returned.
"""

from __future__ import annotations

import heapq
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction
from itertools import compress
from types import MappingProxyType
from typing import Any, overload

from matcher.engine.answers import Answers, LastTreatment
from matcher.engine.conditions import ConditionTree
from matcher.engine.criteria import (
    Criterion,
    CriterionType,
    DiagnosisParams,
    FlagParams,
    LifeExpectancyParams,
    Params,
    PriorTherapyParams,
    RangeParams,
    WashoutParams,
)
from matcher.engine.evaluation import (
    VERDICT_ORDER,
    Coverage,
    Status,
    TrialResult,
    TrialSpec,
    Verdict,
    criterion_status,
    evaluate_trial,
    washout_end,
)
from matcher.engine.vocabulary import DISEASE_STATUSES, NEVER, SEXES

_REFERENCE_DAY = date(2001, 1, 1)  # the as_of that washout classes are compiled against
_NONE = Answers()
_LATER = VERDICT_ORDER.index(Verdict.LATER)
_ZERO_ONLY = bytes([1] + [0] * 255)  # a translation table: 1 for a zero byte, else 0

type _Classify = Callable[[Answers, date], int]


def _answering(key: str, value: object) -> Answers:
    """Return answers with only `key` given."""
    changes: dict[str, Any] = {key: value}
    return replace(_NONE, **changes)


class _Feature:
    """One answer read by some criteria: how to class its value, and each class's answers.

    `narrow`, when given, names for one criterion the classes whose status may differ from the
    reference class's; the others share the reference status without being evaluated.
    """

    __slots__ = ("classify", "narrow", "reference", "representatives")

    def __init__(
        self,
        classify: _Classify,
        representatives: Sequence[Answers],
        reference: int = 0,
        narrow: Callable[[Criterion], Iterable[int]] | None = None,
    ) -> None:
        self.classify = classify
        self.representatives = representatives
        self.reference = reference  # the class whose statuses go into the base
        self.narrow = narrow


def _feature_of(criterion: Criterion) -> tuple[str, str] | None:
    match criterion.type, criterion.params:
        case CriterionType.AGE, _:
            return "range", "age"
        case CriterionType.PRIOR_LINES, _:
            return "range", "prior_systemic_lines"
        case CriterionType.ECOG, _:
            return "range", "ecog"
        case CriterionType.LIFE_EXPECTANCY, _:
            return "range", "life_expectancy_months"
        case CriterionType.SEX, _:
            return "sex", ""
        case CriterionType.DIAGNOSIS, _:
            return "diagnosis", ""
        case CriterionType.DISEASE_STATUS, _:
            return "disease_status", ""
        case CriterionType.PRIOR_THERAPY, PriorTherapyParams(therapy):
            return "therapy", therapy
        case CriterionType.WASHOUT, WashoutParams(category):
            return "washout", category
        case CriterionType.MEASURABLE_DISEASE, _:
            return "bool", "measurable_disease"
        case CriterionType.FLAG, FlagParams(question, except_if) if except_if:
            # Reads the flag and its exceptions together.
            return "bools", "|".join((question, *except_if))
        case CriterionType.FLAG, FlagParams(question):
            return "bool", question
        case _:
            return None


def _range_feature(attribute: str, params: Iterable[Params]) -> _Feature:
    edges: set[int] = set()
    for bounds in params:
        match bounds:
            case RangeParams(low, high, low_months, high_months):
                if low is not None:
                    edges.add(low)
                if high is not None:
                    edges.add(high + 1)
                # A limit in months changes the status of whole years only around it.
                for months in (low_months, high_months):
                    if months is not None:
                        edges.update((months // 12, months // 12 + 1))
            case LifeExpectancyParams(min_months):
                edges.add(min_months)
    breaks = sorted(edges)

    def classify(answers: Answers, as_of: date) -> int:
        value: int | None = getattr(answers, attribute)
        return 0 if value is None else 1 + bisect_right(breaks, value)

    samples = [breaks[0] - 1 if breaks else 0, *breaks]
    return _Feature(classify, [_NONE, *(_answering(attribute, value) for value in samples)])


def _sex_feature() -> _Feature:
    classes = {sex: index for index, sex in enumerate(SEXES, start=1)}
    other = len(SEXES) + 1

    def classify(answers: Answers, as_of: date) -> int:
        sex = answers.sex
        return 0 if sex is None else classes.get(sex, other)

    values = [*SEXES, ""]
    return _Feature(classify, [_NONE, *(replace(_NONE, sex=sex) for sex in values)])


def _disease_status_feature() -> _Feature:
    bits = {status: 1 << index for index, status in enumerate(DISEASE_STATUSES)}

    def classify(answers: Answers, as_of: date) -> int:
        given = answers.disease_status
        if given is None:
            return 0
        return 1 + sum(bits.get(status, 0) for status in set(given))

    subsets = [
        tuple(status for status, bit in bits.items() if mask & bit)
        for mask in range(1 << len(DISEASE_STATUSES))
    ]
    return _Feature(classify, [_NONE, *(replace(_NONE, disease_status=s) for s in subsets)])


def _therapy_feature(therapy: str) -> _Feature:
    def classify(answers: Answers, as_of: date) -> int:
        therapies = answers.prior_therapies
        if therapies is None:
            return 0
        return 1 if therapy in therapies else 2

    had = replace(_NONE, prior_therapies=(therapy,))
    return _Feature(classify, [_NONE, had, replace(_NONE, prior_therapies=())])


def _washout_feature(category: str, params: Iterable[Params]) -> _Feature:
    breaks = sorted({p.days for p in params if isinstance(p, WashoutParams)})

    def classify(answers: Answers, as_of: date) -> int:
        given = answers.last_treatment
        last = None if given is None else given.get(category)
        if last is None:
            return 0
        if not isinstance(last, date):  # NEVER
            return 1
        if last > as_of:
            return 2
        return 3 + bisect_right(breaks, (as_of - last).days)

    def last_treatment(last: LastTreatment) -> Answers:
        return replace(_NONE, last_treatment=MappingProxyType({category: last}))

    elapsed = [breaks[0] - 1, *breaks]
    representatives = [
        _NONE,
        last_treatment(NEVER),
        last_treatment(_REFERENCE_DAY + timedelta(days=1)),
        *(last_treatment(_REFERENCE_DAY - timedelta(days=days)) for days in elapsed),
    ]
    return _Feature(classify, representatives)


def _bool_feature(key: str) -> _Feature:
    def classify(answers: Answers, as_of: date) -> int:
        value = answers.flag(key)
        return 0 if value is None else 1 if value else 2

    return _Feature(classify, [_NONE, _answering(key, True), _answering(key, False)])


def _bools_feature(keys: tuple[str, ...]) -> _Feature:
    """Several yes/no answers read together: one class per combination of yes, no, unknown."""

    def classify(answers: Answers, as_of: date) -> int:
        klass = 0
        for key in keys:
            value = answers.flag(key)
            klass = 3 * klass + (0 if value is None else 1 if value else 2)
        return klass

    representatives = []
    for klass in range(3 ** len(keys)):
        values: dict[str, Any] = {}
        rest = klass
        for key in reversed(keys):
            rest, digit = divmod(rest, 3)
            if digit:
                values[key] = digit == 1
        representatives.append(replace(_NONE, **values))
    return _Feature(classify, representatives)


def _diagnosis_feature(tree: ConditionTree, params: Iterable[Params]) -> _Feature:
    # Only codes related to a listed code can differ from an unrelated code ("").
    related: set[str] = set()
    for listed in params:
        if isinstance(listed, DiagnosisParams):
            for code in (*listed.codes, *listed.exclude_codes):
                related.update(tree.ancestors(code))
                related.update(tree.descendants(code))
    codes = sorted(related)
    classes = {code: index for index, code in enumerate(codes, start=2)}

    def classify(answers: Answers, as_of: date) -> int:
        code = answers.diagnosis
        return 0 if code is None else classes.get(code, 1)

    representatives = [_NONE, *(replace(_NONE, diagnosis=code) for code in ["", *codes])]

    def narrow(criterion: Criterion) -> Iterable[int]:
        # A code unrelated to this criterion's own codes is judged like an unrelated code.
        own: set[int] = {0, 1}
        if isinstance(criterion.params, DiagnosisParams):
            for code in (*criterion.params.codes, *criterion.params.exclude_codes):
                own.update(classes[c] for c in tree.ancestors(code) if c in classes)
                own.update(classes[c] for c in tree.descendants(code) if c in classes)
        return sorted(own)

    return _Feature(classify, representatives, reference=1, narrow=narrow)


class Catalogue:
    """Trials compiled once for ranking many profiles."""

    def __init__(self, trials: Iterable[TrialSpec], tree: ConditionTree) -> None:
        self.tree = tree
        self.trials: tuple[TrialSpec, ...] = tuple(sorted(trials, key=lambda trial: trial.key))
        self._keys = [trial.key for trial in self.trials]  # to find a trial's index
        count = len(self.trials)

        # Distinct computable criteria, and how often each trial has each.
        distinct: dict[tuple[object, ...], int] = {}
        # Catalogues built from a parse cache share params objects between trials; keying on
        # identity first skips hashing the same frozen params (and enums) again and again.
        by_identity: dict[tuple[int, int, int, bool], int] = {}
        examples: list[Criterion] = []
        # Per distinct criterion: the trials, once per use (machine integers, not objects).
        occurrences: list[array[int]] = []
        self._computable: list[int] = []
        self._washouts: list[tuple[tuple[str, int], ...]] = []
        # Trials built from a parse cache share criterion objects: what a criterion adds to a
        # lane (its distinct number, or -1 for text; its washout) is worked out once per object.
        seen: dict[int, tuple[int, tuple[str, int] | None]] = {}
        washout_lists: dict[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]] = {}
        for index, trial in enumerate(self.trials):
            computable = 0
            washouts: list[tuple[str, int]] = []
            for criterion in trial.criteria:
                known = seen.get(id(criterion))
                if known is None:
                    known = seen[id(criterion)] = self._distinct(
                        criterion, distinct, by_identity, examples, occurrences
                    )
                number, washout = known
                if number < 0:
                    continue
                computable += 1
                if washout is not None:
                    washouts.append(washout)
                occurrences[number].append(index)
            self._computable.append(computable)
            # Trials share their washout lists as they share criteria: one tuple for each.
            washout_tuple = tuple(washouts)
            self._washouts.append(washout_lists.setdefault(washout_tuple, washout_tuple))
        del seen, washout_lists

        # A trial known only from a summary carries one standing unknown: never likely.
        summary = [
            index for index, trial in enumerate(self.trials) if trial.coverage == Coverage.SUMMARY
        ]

        # Lane layout: four counters of `width` bits per trial.
        most = max(self._computable, default=0) + (1 if summary else 0)
        width = 8 if most < 1 << 8 else 16
        if most >= 1 << 16:
            raise ValueError("A trial has more than 65535 computable criteria.")
        self._counter_bytes = width // 8
        self._lane_bytes = 4 * self._counter_bytes
        self._typecode = next(code for code in "BHILQ" if array(code).itemsize == self._lane_bytes)
        self._pass_mask = (1 << width) - 1
        self._fail_unit = 1 << (3 * width)
        self._class_bounds = (1 << width, 1 << (2 * width), self._fail_unit)
        units = {Status.PASS: 1, Status.UNKNOWN: 1 << width, Status.FAIL: self._fail_unit}
        washout_units = {**units, Status.FAIL: 1 << (2 * width)}

        # Sort keys: verdict class, then recruiting first, then score rank, then trial index
        # (the key order).
        fractions = sorted(
            {Fraction(1)}
            | {Fraction(p, c) for c in set(self._computable) if c for p in range(c + 1)},
            reverse=True,
        )
        rank = {fraction: number for number, fraction in enumerate(fractions)}
        index_bits = max(count.bit_length(), 1)
        self._index_mask = (1 << index_bits) - 1
        recruiting_shift = index_bits + max(len(fractions).bit_length(), 1)
        self._class_shift = recruiting_shift + 1
        self._class_offsets = tuple(verdict << self._class_shift for verdict in range(4))
        tables: dict[tuple[int, bool], tuple[int, ...]] = {}
        for c, recruiting in {
            (c, t.recruiting) for c, t in zip(self._computable, self.trials, strict=True)
        }:
            scores = [Fraction(p, c) for p in range(c + 1)] if c else [Fraction(1)]
            later = 0 if recruiting else 1 << recruiting_shift
            tables[c, recruiting] = tuple(later | rank[score] << index_bits for score in scores)
        self._rank_tables = [
            tables[c, trial.recruiting]
            for c, trial in zip(self._computable, self.trials, strict=True)
        ]

        # Group the distinct criteria by feature and compile each feature.
        by_feature: dict[tuple[str, str], list[int]] = {}
        for number, criterion in enumerate(examples):
            feature_key = _feature_of(criterion)
            if feature_key is not None:
                by_feature.setdefault(feature_key, []).append(number)
        base_lanes = array(self._typecode, bytes(self._lane_bytes * count))
        features: list[tuple[_Classify, tuple[_Packed | None, ...]]] = []
        for (kind, name), numbers in by_feature.items():
            params = [examples[number].params for number in numbers]
            match kind:
                case "range":
                    feature = _range_feature(name, params)
                case "sex":
                    feature = _sex_feature()
                case "diagnosis":
                    feature = _diagnosis_feature(tree, params)
                case "disease_status":
                    feature = _disease_status_feature()
                case "therapy":
                    feature = _therapy_feature(name)
                case "washout":
                    feature = _washout_feature(name, params)
                case "bools":
                    feature = _bools_feature(tuple(name.split("|")))
                case _:
                    feature = _bool_feature(name)
            # What each class adds to the base, as gains and losses (each lane-wise at least
            # zero, so each compresses well: most trials have no criterion of this feature).
            # They are summed lane by lane over the trials that have each criterion, which
            # are few, rather than as integers as wide as the catalogue.
            gains: dict[int, array[int]] = {}
            losses: dict[int, array[int]] = {}
            for number in numbers:
                criterion = examples[number]
                unit = washout_units if criterion.type == CriterionType.WASHOUT else units
                where = occurrences[number]
                if feature.narrow is None:
                    statuses = [
                        criterion_status(criterion, answers, as_of=_REFERENCE_DAY, tree=tree)
                        for answers in feature.representatives
                    ]
                else:
                    shared = criterion_status(
                        criterion,
                        feature.representatives[feature.reference],
                        as_of=_REFERENCE_DAY,
                        tree=tree,
                    )
                    statuses = [shared] * len(feature.representatives)
                    for klass in feature.narrow(criterion):
                        statuses[klass] = criterion_status(
                            criterion,
                            feature.representatives[klass],
                            as_of=_REFERENCE_DAY,
                            tree=tree,
                        )
                reference = unit[statuses[feature.reference]]
                _add(base_lanes, where, reference)
                for klass, status in enumerate(statuses):
                    step = unit[status] - reference
                    if step > 0:
                        if klass not in gains:
                            gains[klass] = array(self._typecode, bytes(self._lane_bytes * count))
                        _add(gains[klass], where, step)
                    elif step < 0:
                        if klass not in losses:
                            losses[klass] = array(self._typecode, bytes(self._lane_bytes * count))
                        _add(losses[klass], where, -step)
            packed = tuple(
                _pack_lanes(gains.get(klass), losses.get(klass))
                for klass in range(len(feature.representatives))
            )
            features.append((feature.classify, packed))
            del gains, losses
        if summary:
            _add(base_lanes, summary, units[Status.UNKNOWN])
        self._base = _as_int(base_lanes)
        self._features = tuple(features)
        self._last: tuple[date, Answers, list[int], list[int]] | None = None
        self._last_groups: tuple[date, Answers, dict[Verdict, Sequence[TrialSpec]]] | None = None
        self._last_open: tuple[list[int], int] | None = None
        # Unpacked deltas, the most recently used first out last, within a memory budget.
        self._unpacked: dict[int, int] = {}
        self._unpacked_room = max(4, _UNPACKED_BYTES // max(self._lane_bytes * count, 1))

    @staticmethod
    def _distinct(
        criterion: Criterion,
        distinct: dict[tuple[object, ...], int],
        by_identity: dict[tuple[int, int, int, bool], int],
        examples: list[Criterion],
        occurrences: list[array[int]],
    ) -> tuple[int, tuple[str, int] | None]:
        """The criterion's distinct number (-1 for text) and the washout it may fail on."""
        if criterion.type == CriterionType.TEXT:
            return -1, None
        washout = None
        # A scoped washout never fails (see evaluation), so it never sets a date.
        if isinstance(criterion.params, WashoutParams) and criterion.scope is None:
            washout = (criterion.params.category, criterion.params.days)
        scoped = criterion.scope is None
        identity = (id(criterion.kind), id(criterion.type), id(criterion.params), scoped)
        number = by_identity.get(identity, -1)
        if number < 0:
            key = (criterion.kind, criterion.type, criterion.params, scoped)
            number = by_identity[identity] = distinct.setdefault(key, len(distinct))
        if number == len(examples):
            examples.append(criterion)
            occurrences.append(array("l"))
        return number, washout

    def __len__(self) -> int:
        return len(self.trials)

    def _lanes(self, answers: Answers, as_of: date) -> list[int]:
        return self._profile(answers, as_of)[0]

    def _profile(self, answers: Answers, as_of: date) -> tuple[list[int], list[int]]:
        """The lanes of every trial, and the indices of the trials not ruled out."""
        # A page asks several questions of one profile (rank, plan, what is still unknown):
        # the last profile's lanes are kept. One tuple, replaced whole: safe across threads.
        last = self._last
        if last is not None and last[0] == as_of and last[1] == answers:
            return last[2], last[3]
        lanes, hopeful = self._compute_lanes(answers, as_of)
        self._last = (as_of, answers, lanes, hopeful)
        return lanes, hopeful

    def _compute_lanes(self, answers: Answers, as_of: date) -> tuple[list[int], list[int]]:
        total = self._base
        for classify, deltas in self._features:
            packed = deltas[classify(answers, as_of)]
            if packed is not None:
                total += self._unpack(packed)
        raw = total.to_bytes(len(self.trials) * self._lane_bytes, "little")
        lanes = array(self._typecode)
        lanes.frombytes(raw)
        if sys.byteorder == "big":
            lanes.byteswap()
        everyone = range(len(self.trials))
        if self._counter_bytes == 1:
            # The fail counter is each lane's last byte: the trials where it is zero.
            hopeful = list(compress(everyone, raw[3 :: self._lane_bytes].translate(_ZERO_ONLY)))
        else:
            hopeful = list(compress(everyone, map(self._fail_unit.__gt__, lanes)))
        return lanes.tolist(), hopeful

    def _unpack(self, packed: _Packed) -> int:
        """The delta as an integer; the most recently used ones are kept unpacked."""
        kept = self._unpacked
        key = id(packed)  # the catalogue holds every packed delta, so ids stay theirs
        delta = kept.pop(key, None)
        if delta is None:
            gain, loss = packed
            delta = _unpacked(gain) - _unpacked(loss)
            while len(kept) >= self._unpacked_room:
                try:
                    del kept[next(iter(kept))]  # the least recently used
                except (StopIteration, KeyError, RuntimeError):  # another thread got there
                    break
        kept[key] = delta  # now the most recently used
        return delta

    def candidates(self, answers: Answers, *, as_of: date) -> list[bool]:
        """Return, per trial in `trials` order, whether it is not ruled out (not_eligible)."""
        # Only a fail other than a washout's reaches the top counter of a lane.
        return list(map(self._fail_unit.__gt__, self._lanes(answers, as_of)))

    def open_bytes(self, answers: Answers, *, as_of: date) -> int:
        """`candidates` as one integer, a byte per trial (1: not ruled out), in `trials` order.

        A page plans its questions and lists what is still unknown for the same profile: the
        last profile's is kept with its lanes.
        """
        lanes = self._lanes(answers, as_of)
        last = self._last_open
        if last is not None and last[0] is lanes:
            return last[1]
        found = int.from_bytes(bytes(map(self._fail_unit.__gt__, lanes)), "little")
        self._last_open = (lanes, found)
        return found

    def rank(
        self,
        answers: Answers,
        *,
        as_of: date,
        limit: int | None = None,
        explain: bool = True,
    ) -> list[TrialResult]:
        """Return the trials' results, best first; with `limit`, only the first ones."""
        if limit is not None and limit < 0:
            raise ValueError("The limit must not be negative.")
        lanes = self._lanes(answers, as_of)
        bounds, offsets, tables = self._class_bounds, self._class_offsets, self._rank_tables
        mask = self._pass_mask
        everyone: Iterable[int] = range(len(lanes))
        if limit is None or limit >= len(lanes):
            keys = [
                offsets[bisect_right(bounds, lane)] | tables[index][lane & mask] | index
                for index, lane in enumerate(lanes)
            ]
            keys.sort()
        else:
            # Trials that nothing but a washout rules out come first; look at them only.
            hopeful = self._profile(answers, as_of)[1]
            candidates = hopeful if len(hopeful) >= limit else everyone
            keys = heapq.nsmallest(
                limit,
                [
                    offsets[bisect_right(bounds, lanes[index])]
                    | tables[index][lanes[index] & mask]
                    | index
                    for index in candidates
                ],
            )
        if explain:
            return [
                evaluate_trial(
                    self.trials[key & self._index_mask], answers, as_of=as_of, tree=self.tree
                )
                for key in keys
            ]
        return self._unexplained(keys, lanes, answers, as_of)

    def by_verdict(self, answers: Answers, *, as_of: date) -> dict[Verdict, Sequence[TrialSpec]]:
        """Return every trial grouped by verdict, each group in rank order, unexplained.

        The same order as `rank`, without building a result per trial: a caller shows counts
        and explains only the page of trials it displays (with `evaluate_trial`). Most trials
        of a large catalogue are ruled out for any one profile, and pages list those only on
        demand: that group is counted at once but put in order only when it is read. The last
        profile's groups are kept, like its lanes: paging through them sorts nothing again.
        """
        last = self._last_groups
        if last is not None and last[0] == as_of and last[1] == answers:
            return dict(last[2])
        lanes, hopeful = self._profile(answers, as_of)
        bounds, offsets, tables = self._class_bounds, self._class_offsets, self._rank_tables
        mask = self._pass_mask
        keys = [
            offsets[bisect_right(bounds, lanes[index])] | tables[index][lanes[index] & mask] | index
            for index in hopeful
        ]
        keys.sort()
        groups: list[list[TrialSpec]] = [[] for _ in VERDICT_ORDER[:-1]]
        trials, shift, index_mask = self.trials, self._class_shift, self._index_mask
        for key in keys:
            groups[key >> shift].append(trials[key & index_mask])
        ruled_out = _RuledOut(self, lanes, len(lanes) - len(hopeful))
        grouped: dict[Verdict, Sequence[TrialSpec]] = dict(
            zip(VERDICT_ORDER, [*groups, ruled_out], strict=True)
        )
        self._last_groups = (as_of, answers, grouped)
        return dict(grouped)

    def outcomes(
        self, trials: Iterable[TrialSpec], answers: Answers, *, as_of: date
    ) -> list[TrialResult]:
        """Return the verdict, score and eligible_from that `evaluate_trial` gives each of these
        trials (of this catalogue), read from the lanes: results without criteria (`()`), for
        a caller that explains the criteria its own way."""
        lanes = self._lanes(answers, as_of)
        bounds, shift = self._class_bounds, self._class_shift
        keys = []
        for trial in trials:
            index = bisect_left(self._keys, trial.key)
            if index == len(self._keys) or self.trials[index] is not trial:
                raise ValueError(f"The trial {trial.key!r} is not this catalogue's.")
            keys.append(bisect_right(bounds, lanes[index]) << shift | index)
        return self._unexplained(keys, lanes, answers, as_of)

    def _unexplained(
        self, keys: list[int], lanes: list[int], answers: Answers, as_of: date
    ) -> list[TrialResult]:
        """Return results without criteria, straight from the sort keys and lanes."""
        trials, computable = self.trials, self._computable
        index_mask, pass_mask, shift = self._index_mask, self._pass_mask, self._class_shift
        results = []
        for key in keys:
            index = key & index_mask
            klass = key >> shift
            count = computable[index]
            results.append(
                TrialResult(
                    trials[index],
                    VERDICT_ORDER[klass],
                    (lanes[index] & pass_mask) / count if count else 1.0,
                    self._eligible_from(index, answers, as_of) if klass == _LATER else None,
                    (),
                )
            )
        return results

    def _eligible_from(self, index: int, answers: Answers, as_of: date) -> date | None:
        """Return the latest date a failing washout of the trial passes."""
        given = answers.last_treatment or {}
        latest = None
        for category, days in self._washouts[index]:
            last = given.get(category)
            if isinstance(last, date) and last <= as_of and (as_of - last).days < days:
                passes = washout_end(last, days)
                if latest is None or passes > latest:
                    latest = passes
        return latest


# A delta kept compressed: its gains and its losses, each little-endian bytes through zlib.
type _Packed = tuple[bytes, bytes]
# How much memory unpacked deltas may keep (the common answers' deltas stay unpacked).
_UNPACKED_BYTES = 8 * 1024 * 1024


def _add(lanes: array[int], where: Iterable[int], step: int) -> None:
    """Add `step` to the lane of each trial index in `where` (once per time it is there)."""
    for index in where:
        lanes[index] += step


def _as_int(lanes: array[int]) -> int:
    """Lanes as one integer, the first lane in the lowest bits."""
    if sys.byteorder == "big":
        lanes = array(lanes.typecode, lanes)
        lanes.byteswap()
    return int.from_bytes(lanes.tobytes(), "little")


def _pack_lanes(gain: array[int] | None, loss: array[int] | None) -> _Packed | None:
    """Compress a delta given as its gains and losses, lane by lane (None: it adds nothing).

    A delta is as wide as the catalogue, but most of its lanes are zero: compressed it takes
    a tenth of the memory or less, and a profile unpacks only the deltas of its own answers.
    """
    if gain is None and loss is None:
        return None
    return (
        zlib.compress(_lane_bytes(gain), 1) if gain is not None else b"",
        zlib.compress(_lane_bytes(loss), 1) if loss is not None else b"",
    )


def _lane_bytes(lanes: array[int]) -> bytes:
    """Lanes as `int.to_bytes(..., "little")` writes the integer they stand for."""
    if sys.byteorder == "big":
        lanes = array(lanes.typecode, lanes)
        lanes.byteswap()
    return lanes.tobytes()


def _unpacked(part: bytes) -> int:
    return int.from_bytes(zlib.decompress(part), "little") if part else 0


class _RuledOut(Sequence[TrialSpec]):
    """The not-eligible group of `by_verdict`: its size at once; which trials, in rank order,
    only when read."""

    __slots__ = ("_catalogue", "_count", "_lanes", "_ordered")

    def __init__(self, catalogue: Catalogue, lanes: list[int], count: int) -> None:
        self._catalogue = catalogue
        self._lanes = lanes
        self._count = count
        self._ordered: list[TrialSpec] | None = None

    def _trials(self) -> list[TrialSpec]:
        ordered = self._ordered
        if ordered is None:
            catalogue, lanes = self._catalogue, self._lanes
            tables, mask = catalogue._rank_tables, catalogue._pass_mask
            ruled_out = compress(range(len(lanes)), map(catalogue._fail_unit.__le__, lanes))
            keys = sorted(tables[index][lanes[index] & mask] | index for index in ruled_out)
            trials, index_mask = catalogue.trials, catalogue._index_mask
            ordered = self._ordered = [trials[key & index_mask] for key in keys]
            self._lanes = []  # no longer needed
        return ordered

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> TrialSpec: ...
    @overload
    def __getitem__(self, index: slice) -> list[TrialSpec]: ...
    def __getitem__(self, index: int | slice) -> TrialSpec | list[TrialSpec]:
        return self._trials()[index]

    def __iter__(self) -> Iterator[TrialSpec]:
        return iter(self._trials())


def rank_trials(
    trials: Iterable[TrialSpec],
    answers: Answers,
    *,
    as_of: date,
    tree: ConditionTree,
    limit: int | None = None,
) -> list[TrialResult]:
    """Rank the trials for these answers, best first (builds a throwaway Catalogue)."""
    return Catalogue(trials, tree).rank(answers, as_of=as_of, limit=limit)
