"""The patient profile: its answer keys, validated strictly.

Every answer may be missing, which means "I don't know" (`None` here, absent or `null` in JSON).
A present answer must have exactly the contract's type: a bool is not an int, "18" is not 18,
a date is "YYYY-MM-DD". Every bad key is reported at once, nested ones as
"last_treatment.<category>", so that an API can answer 400 with all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from types import MappingProxyType
from typing import Literal

from matcher.engine.vocabulary import (
    BOOL_KEYS,
    DISEASE_STATUSES,
    NEVER,
    SEXES,
    THERAPY_CODES,
    TREATMENT_CATEGORIES,
)

CODE_PATTERN = re.compile(r"[A-Z0-9_]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

type LastTreatment = date | Literal["never"]


class AnswerError(ValueError):
    """Answers that break the contract; `errors` maps each bad key to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Answers:
    """One patient's answers; `None` everywhere means "I don't know"."""

    age: int | None = None
    sex: str | None = None
    diagnosis: str | None = None
    histology_confirmed: bool | None = None
    disease_status: tuple[str, ...] | None = None
    prior_systemic_lines: int | None = None
    prior_therapies: tuple[str, ...] | None = None
    ecog: int | None = None
    last_treatment: Mapping[str, LastTreatment] | None = field(default=None, hash=False)
    measurable_disease: bool | None = None
    life_expectancy_months: int | None = None
    organ_function_adequate: bool | None = None
    tissue_sample_available: bool | None = None
    contraception_willing: bool | None = None
    cns_metastases_active: bool | None = None
    other_malignancy_within_2y: bool | None = None
    prior_grade3_irae: bool | None = None
    uncontrolled_effusion: bool | None = None
    major_vessel_invasion: bool | None = None
    ild_or_pneumonitis: bool | None = None
    uncontrolled_cardiovascular: bool | None = None
    transplant: bool | None = None
    active_infection_iv_antibiotics: bool | None = None
    strong_cyp_modulators: bool | None = None
    systemic_steroids: bool | None = None
    autoimmune_active: bool | None = None
    live_vaccine_recent: bool | None = None
    hypersensitivity_biologics: bool | None = None
    tuberculosis_active: bool | None = None
    immunodeficiency_hiv: bool | None = None
    hbv_hcv_active: bool | None = None
    pregnant_or_breastfeeding: bool | None = None
    curative_local_therapy_candidate: bool | None = None

    def to_dict(self) -> dict[str, object]:
        """Return the JSON form, answered keys only (a missing key means "I don't know")."""
        data: dict[str, object] = {}
        for name in ANSWER_KEYS:
            value = getattr(self, name)
            match value:
                case None:
                    continue
                case tuple():
                    data[name] = list(value)
                case Mapping():
                    data[name] = {
                        category: last if last == NEVER else last.isoformat()
                        for category, last in value.items()
                    }
                case _:
                    data[name] = value
        return data

    def flag(self, key: str) -> bool | None:
        """Return the yes/no answer named `key`."""
        value: bool | None = getattr(self, key)
        return value


ANSWER_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Answers))


class _Invalid(Exception):
    """One bad value; the message says what is expected."""


def _int_in(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if type(value) is not int:
            raise _Invalid(f"Enter a whole number from {low} to {high}.")
        if not low <= value <= high:
            raise _Invalid(f"Enter a number from {low} to {high}.")
        return value

    return check


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise _Invalid("Answer true or false.")
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str) or value not in choices:
            raise _Invalid(f"Choose one of: {', '.join(choices)}.")
        return value

    return check


def _choices(choices: tuple[str, ...]) -> Callable[[object], tuple[str, ...]]:
    def check(value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise _Invalid(f"Give a list of any of: {', '.join(choices)}.")
        for item in value:
            if not isinstance(item, str) or item not in choices:
                raise _Invalid(f"The value {item!r} is not one of: {', '.join(choices)}.")
        if len(set(value)) != len(value):
            raise _Invalid("Give each choice only once.")
        return tuple(value)

    return check


def _code(value: object) -> str:
    if not isinstance(value, str) or not CODE_PATTERN.fullmatch(value):
        raise _Invalid('Give a condition code in capitals, such as "NPC".')
    return value


def parse_iso_date(value: object) -> date:
    """Return the date written "YYYY-MM-DD", or raise ValueError."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(value)
    return date.fromisoformat(value)


def _last_treatment(value: object, errors: dict[str, list[str]]) -> Mapping[str, LastTreatment]:
    if not isinstance(value, Mapping):
        errors["last_treatment"] = ["Give an object mapping each treatment to a date or never."]
        return {}
    last: dict[str, LastTreatment] = {}
    for category, when in value.items():
        key = f"last_treatment.{category}"
        if category not in TREATMENT_CATEGORIES:
            errors[key] = [f"Unknown treatment; use one of: {', '.join(TREATMENT_CATEGORIES)}."]
        elif when is None:
            continue
        elif when == NEVER:
            last[category] = NEVER
        else:
            try:
                last[category] = parse_iso_date(when)
            except ValueError:
                errors[key] = ['Give a date as YYYY-MM-DD, or "never".']
    return MappingProxyType(last)


# The whole-number answers and their inclusive ranges: the API schema, the questions and the
# importers read them from here.
ANSWER_RANGES: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "age": (0, 120),
        "prior_systemic_lines": (0, 50),
        "ecog": (0, 4),
        "life_expectancy_months": (0, 600),
    }
)

_VALIDATORS: dict[str, Callable[[object], object]] = {
    **{key: _int_in(low, high) for key, (low, high) in ANSWER_RANGES.items()},
    "sex": _choice(SEXES),
    "diagnosis": _code,
    "disease_status": _choices(DISEASE_STATUSES),
    "prior_therapies": _choices(THERAPY_CODES),
    **dict.fromkeys(BOOL_KEYS, _bool),
}


def validate_answers(data: object) -> Answers:
    """Return the answers in `data` (a JSON object), or raise AnswerError naming each bad key."""
    if not isinstance(data, Mapping):
        raise AnswerError({"__all__": ["Answers must be a JSON object."]})
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {}
    for key, value in data.items():
        if not isinstance(key, str) or key not in ANSWER_KEYS:
            errors[str(key)] = ["Unknown answer key."]
        elif value is None:
            continue
        elif key == "last_treatment":
            values[key] = _last_treatment(value, errors)
        else:
            try:
                values[key] = _VALIDATORS[key](value)
            except _Invalid as invalid:
                errors[key] = [str(invalid)]
    if errors:
        raise AnswerError(errors)
    return Answers(**values)  # type: ignore[arg-type]
