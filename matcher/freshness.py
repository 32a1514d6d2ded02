"""How long an answer can be trusted: the freshness windows, in one table.

Protocols judge some facts "at screening": the ECOG grade and the blood tests within 7 days
before the first dose, the scans that show measurable disease within 28 days (4 weeks). An
answer given longer ago than its window is not silently trusted when a saved result is viewed
later: the answer, and every criterion that reads it, is marked "please re-check", with the
date the answer was given.

| answer key                       | window  | why                                               |
|----------------------------------|---------|---------------------------------------------------|
| `ecog`                           | 7 days  | "ECOG 0-1 within 7 days before the first dose"    |
| `organ_function_adequate`        | 7 days  | screening blood tests, usually within 7 days      |
| `measurable_disease`             | 28 days | baseline scans within 4 weeks (RECIST 1.1)        |
| `disease_status`                 | 28 days | follows the same scans                            |
| `life_expectancy_months`         | 28 days | a clinician's estimate at screening               |
| `prior_systemic_lines`           | 28 days | a new line may have started since                 |
| `prior_therapies`                | 28 days | a new treatment may have started since            |
| `last_treatment`                 | 28 days | "never" or a date may no longer be the latest     |
| every flag (`cns_metastases_active`, ...) | 28 days | exclusion conditions come and go         |

Facts that do not change (diagnosis, sex, a confirmed histology, a tissue sample, willingness
to use contraception) and age (a saved result is judged on its own date) have no window.

Standard library only: this module is used by the saved-result pages and unit-tested alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from matcher.engine.vocabulary import EXCEPTION_KEYS, FLAG_KEYS

SCREENING_DAYS = 7
SCANS_DAYS = 28

WINDOWS: Mapping[str, int] = MappingProxyType(
    {
        "ecog": SCREENING_DAYS,
        "organ_function_adequate": SCREENING_DAYS,
        "measurable_disease": SCANS_DAYS,
        "disease_status": SCANS_DAYS,
        "life_expectancy_months": SCANS_DAYS,
        "prior_systemic_lines": SCANS_DAYS,
        "prior_therapies": SCANS_DAYS,
        "last_treatment": SCANS_DAYS,
        **dict.fromkeys(FLAG_KEYS, SCANS_DAYS),
        # An exception ages with the flag it qualifies.
        **dict.fromkeys(EXCEPTION_KEYS, SCANS_DAYS),
    }
)


@dataclass(frozen=True, slots=True)
class Recheck:
    """An answer to check again: when it was given (None if unknown) and its window in days."""

    key: str
    answered_on: datetime.date | None
    window_days: int


def window_days(key: str) -> int | None:
    """The number of days an answer to `key` can be trusted, or None when it does not age."""
    return WINDOWS.get(key)


def parse_day(value: object) -> datetime.date | None:
    """An ISO date from stored data, or None when it is missing or unreadable."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def needs_recheck(key: str, answered_on: datetime.date | None, today: datetime.date) -> bool:
    """True when an answer given on `answered_on` is older than its window on `today`.

    The day it was given counts as day 0, so an ECOG given 7 days ago is still fresh and one
    given 8 days ago is not. An answer without a date is not trusted where a window applies.
    """
    days = window_days(key)
    if days is None:
        return False
    if answered_on is None:
        return True
    return (today - answered_on).days > days


def rechecks(
    answers: Mapping[str, object], answered_on: Mapping[str, object], today: datetime.date
) -> dict[str, Recheck]:
    """The given answers that need checking again on `today`, by key."""
    found = {}
    for key in answers:
        day = parse_day(answered_on.get(key))
        if needs_recheck(key, day, today):
            found[key] = Recheck(key, day, WINDOWS[key])
    return found
