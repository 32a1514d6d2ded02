"""Criterion types and the one parser that validates them.

A criterion is a `kind` (inclusion or exclusion), a `type`, typed `params` and the protocol
`text` it came from. The admin, the importers, the seed loader and the API all build criteria
through `parse_criterion`, so a criterion that exists is a valid one. The parser changes
nothing silently: a lower-case code or a float where an int belongs is an error, not a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum

from matcher.engine.answers import CODE_PATTERN
from matcher.engine.vocabulary import (
    BOOL_KEYS,
    DISEASE_STATUSES,
    SEXES,
    THERAPY_CODES,
    TREATMENT_CATEGORIES,
)

MAX_WASHOUT_DAYS = 3650


class Kind(StrEnum):
    INCLUSION = "inclusion"
    EXCLUSION = "exclusion"


class CriterionType(StrEnum):
    AGE = "age"
    SEX = "sex"
    DIAGNOSIS = "diagnosis"
    DISEASE_STATUS = "disease_status"
    PRIOR_LINES = "prior_lines"
    PRIOR_THERAPY = "prior_therapy"
    ECOG = "ecog"
    WASHOUT = "washout"
    LIFE_EXPECTANCY = "life_expectancy"
    MEASURABLE_DISEASE = "measurable_disease"
    FLAG = "flag"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class RangeParams:
    """Inclusive bounds for `age`, `prior_lines` and `ecog`; `None` is unbounded."""

    min: int | None = None
    max: int | None = None


@dataclass(frozen=True, slots=True)
class SexParams:
    allowed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DiagnosisParams:
    codes: tuple[str, ...]
    exclude_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DiseaseStatusParams:
    any_of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PriorTherapyParams:
    therapy: str


@dataclass(frozen=True, slots=True)
class WashoutParams:
    category: str
    days: int


@dataclass(frozen=True, slots=True)
class LifeExpectancyParams:
    min_months: int


@dataclass(frozen=True, slots=True)
class FlagParams:
    question: str


@dataclass(frozen=True, slots=True)
class NoParams:
    """The params of `measurable_disease` and `text`: none."""


type Params = (
    RangeParams
    | SexParams
    | DiagnosisParams
    | DiseaseStatusParams
    | PriorTherapyParams
    | WashoutParams
    | LifeExpectancyParams
    | FlagParams
    | NoParams
)


@dataclass(frozen=True, slots=True)
class Criterion:
    """One protocol line: what it checks (`type`, `params`) and the words it came from."""

    id: int | str | None
    kind: Kind
    type: CriterionType
    params: Params
    text: str = ""

    def params_dict(self) -> dict[str, object]:
        """Return the params as JSON-able data, the form `parse_criterion` reads."""
        return {
            f.name: list(value) if isinstance(value, tuple) else value
            for f in fields(self.params)
            for value in (getattr(self.params, f.name),)
        }

    @property
    def answer_key(self) -> str | None:
        """The answer this criterion reads (a washout reads `last_treatment`); None for text."""
        if isinstance(self.params, FlagParams):
            return self.params.question
        return _ANSWER_KEYS.get(self.type)


_ANSWER_KEYS: dict[CriterionType, str] = {
    CriterionType.AGE: "age",
    CriterionType.SEX: "sex",
    CriterionType.DIAGNOSIS: "diagnosis",
    CriterionType.DISEASE_STATUS: "disease_status",
    CriterionType.PRIOR_LINES: "prior_systemic_lines",
    CriterionType.PRIOR_THERAPY: "prior_therapies",
    CriterionType.ECOG: "ecog",
    CriterionType.WASHOUT: "last_treatment",
    CriterionType.LIFE_EXPECTANCY: "life_expectancy_months",
    CriterionType.MEASURABLE_DISEASE: "measurable_disease",
}


class CriterionError(ValueError):
    """An invalid criterion; `errors` maps "kind", "type", "params" or "params.<name>"."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


_PARAM_NAMES: dict[CriterionType, tuple[str, ...]] = {
    CriterionType.AGE: ("min", "max"),
    CriterionType.SEX: ("allowed",),
    CriterionType.DIAGNOSIS: ("codes", "exclude_codes"),
    CriterionType.DISEASE_STATUS: ("any_of",),
    CriterionType.PRIOR_LINES: ("min", "max"),
    CriterionType.PRIOR_THERAPY: ("therapy",),
    CriterionType.ECOG: ("min", "max"),
    CriterionType.WASHOUT: ("category", "days"),
    CriterionType.LIFE_EXPECTANCY: ("min_months",),
    CriterionType.MEASURABLE_DISEASE: (),
    CriterionType.FLAG: ("question",),
    CriterionType.TEXT: (),
}

_RANGE_LIMITS: dict[CriterionType, tuple[int, int]] = {
    CriterionType.AGE: (0, 120),
    CriterionType.PRIOR_LINES: (0, 50),
    CriterionType.ECOG: (0, 4),
}


class _Params:
    """Reads named values out of a params object, collecting an error per bad one."""

    def __init__(self, data: Mapping[str, object], errors: dict[str, list[str]]) -> None:
        self.data = data
        self.errors = errors

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(f"params.{name}", []).append(message)

    def int(self, name: str, low: int, high: int, *, required: bool = True) -> int | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self.error(name, "This parameter is required.")
            return None
        if type(value) is not int:
            self.error(name, f"Give a whole number from {low} to {high}.")
            return None
        if not low <= value <= high:
            self.error(name, f"Give a number from {low} to {high}.")
            return None
        return value

    def choice(self, name: str, choices: tuple[str, ...]) -> str:
        value = self.data.get(name)
        if value is None:
            self.error(name, "This parameter is required.")
        elif not isinstance(value, str) or value not in choices:
            self.error(name, f"Choose one of: {', '.join(choices)}.")
        else:
            return value
        return ""

    def strings(
        self,
        name: str,
        *,
        choices: tuple[str, ...] | None = None,
        required: bool = True,
    ) -> tuple[str, ...]:
        value = self.data.get(name)
        if value is None:
            if required:
                self.error(name, "This parameter is required.")
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.error(name, "Give a list of strings.")
            return ()
        if required and not value:
            self.error(name, "Give at least one value.")
        if len(set(value)) != len(value):
            self.error(name, "Give each value only once.")
        for item in value:
            if choices is not None and item not in choices:
                self.error(name, f"The value {item!r} is not one of: {', '.join(choices)}.")
            elif choices is None and not CODE_PATTERN.fullmatch(item):
                self.error(
                    name, f'The code {item!r} is not valid: use capitals, digits and "_" ("NPC").'
                )
        return tuple(value)


def _parse_params(
    type_: CriterionType, data: Mapping[str, object], errors: dict[str, list[str]]
) -> Params:
    read = _Params(data, errors)
    match type_:
        case CriterionType.AGE | CriterionType.PRIOR_LINES | CriterionType.ECOG:
            low, high = _RANGE_LIMITS[type_]
            minimum = read.int("min", low, high, required=False)
            maximum = read.int("max", low, high, required=False)
            if data.get("min") is None and data.get("max") is None:
                errors.setdefault("params", []).append("Give a minimum, a maximum or both.")
            if minimum is not None and maximum is not None and minimum > maximum:
                errors.setdefault("params", []).append(
                    "The minimum must not be greater than the maximum."
                )
            return RangeParams(minimum, maximum)
        case CriterionType.SEX:
            return SexParams(read.strings("allowed", choices=SEXES))
        case CriterionType.DIAGNOSIS:
            codes = read.strings("codes")
            exclude_codes = read.strings("exclude_codes", required=False)
            if set(codes) & set(exclude_codes):
                errors.setdefault("params", []).append("A code cannot be both listed and excluded.")
            return DiagnosisParams(codes, exclude_codes)
        case CriterionType.DISEASE_STATUS:
            return DiseaseStatusParams(read.strings("any_of", choices=DISEASE_STATUSES))
        case CriterionType.PRIOR_THERAPY:
            return PriorTherapyParams(read.choice("therapy", THERAPY_CODES))
        case CriterionType.WASHOUT:
            category = read.choice("category", TREATMENT_CATEGORIES)
            days = read.int("days", 0, MAX_WASHOUT_DAYS)
            return WashoutParams(category, days or 0)
        case CriterionType.LIFE_EXPECTANCY:
            return LifeExpectancyParams(read.int("min_months", 0, 600) or 0)
        case CriterionType.FLAG:
            return FlagParams(read.choice("question", BOOL_KEYS))
        case CriterionType.MEASURABLE_DISEASE | CriterionType.TEXT:
            return NoParams()


def parse_criterion(
    kind: object,
    type: object,
    params: object,
    text: object = "",
    id: object = None,
) -> Criterion:
    """Return the criterion, or raise CriterionError naming every bad part."""
    errors: dict[str, list[str]] = {}
    if kind not in tuple(Kind):
        errors["kind"] = ['The kind must be "inclusion" or "exclusion".']
    if type not in tuple(CriterionType):
        errors["type"] = [f"Unknown criterion type; use one of: {', '.join(CriterionType)}."]
    if not isinstance(text, str):
        errors["text"] = ["The text must be a string."]
    if id is not None and (isinstance(id, bool) or not isinstance(id, int | str)):
        errors["id"] = ["The id must be a number, a string or null."]
    data: object = {} if params is None else params
    parsed: Params | None = None
    if not isinstance(data, Mapping) or not all(isinstance(name, str) for name in data):
        errors["params"] = ["The parameters must be a JSON object."]
    elif "type" not in errors:
        type_ = CriterionType(str(type))
        for name in data:
            if name not in _PARAM_NAMES[type_]:
                errors[f"params.{name}"] = [f'A "{type_}" criterion has no parameter "{name}".']
        parsed = _parse_params(type_, data, errors)
    if errors or parsed is None:
        raise CriterionError(errors)
    return Criterion(
        id=id,  # type: ignore[arg-type]
        kind=Kind(str(kind)),
        type=CriterionType(str(type)),
        params=parsed,
        text=str(text),
    )
