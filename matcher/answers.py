"""Answers in words: one answer as a person reads it, and the "Check your answers" summary.

`describe_answer` words one stored answer in the active language (saved results and their
report use it too). `summary_rows` lists a questionnaire's screens in the order they were
answered, each with its question, the answer in words and the step to open to change it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext

from matcher import engine
from matcher.engine import vocabulary
from matcher.forms import term, upper_first
from matcher.questions import ECOG_HELP, step_wording
from trials.models import Condition

PLACE_STEP = "place"


def describe_answer(key: str, value: Any, audience: engine.Audience) -> str:
    """One answer in words, in the active language."""
    match key:
        case "sex":
            return upper_first(term(engine.SEX_LABELS[value], audience))
        case "diagnosis":
            condition = Condition.objects.filter(code=value).first()
            return condition.display_name if condition else str(value)
        case "disease_status":
            return upper_first(
                gettext(", ").join(term(engine.DISEASE_STATUS_LABELS[v], audience) for v in value)
            ) or gettext("None of these")
        case "prior_therapies":
            if not value:
                return gettext("None of these")
            return upper_first(
                gettext(", ").join(term(engine.THERAPY_LABELS[v], audience) for v in value)
            )
        case "ecog":
            if audience == engine.Audience.CLINICIAN:
                return f"ECOG {value}"
            return f"{value}: {ECOG_HELP[int(value)]}"
        case "last_treatment":
            parts = []
            for category, last in value.items():
                when = (
                    gettext("never")
                    if last == engine.NEVER
                    else date_format(datetime.date.fromisoformat(last), "DATE_FORMAT")
                )
                parts.append(
                    f"{upper_first(term(engine.TREATMENT_LABELS[category], audience))}: {when}"
                )
            return "; ".join(parts)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return str(value)


@dataclass(frozen=True)
class SummaryRow:
    """One line of "Check your answers": a screen, its answer in words, where to change it."""

    step_id: str
    question: str
    answer: str
    unsure: bool = False


def step_answer(step: engine.Step, answers: dict[str, Any]) -> tuple[str, bool]:
    """A screen's answer in words for the patient, and whether it was "I'm not sure"."""
    patient = engine.Audience.PATIENT
    unsure = gettext("I'm not sure")
    if step.kind == engine.StepKind.CHECKLIST:
        ticked = [key for key in step.keys if answers.get(key) is True]
        if ticked:
            labels = [upper_first(term(vocabulary.FLAG_LABELS[key])) for key in ticked]
            return gettext(", ").join(labels), False
        if step.keys and all(answers.get(key) is False for key in step.keys):
            return gettext("None of these apply to me"), False
        return unsure, True
    key = step.keys[0]
    value = answers.get(key)
    if value is None or (key == "last_treatment" and not value):
        return unsure, True
    return describe_answer(key, value, patient), False


def summary_rows(steps: list[engine.Step], answers: dict[str, Any]) -> list[SummaryRow]:
    """The rows for `steps` (in the order given), worded in the active language."""
    rows = []
    for step in steps:
        answer, unsure = step_answer(step, answers)
        rows.append(SummaryRow(step.id, step_wording(step)[0], answer, unsure))
    return rows


def place_answer(country: str, city: str, max_km: int | None, countries: dict[str, str]) -> str:
    """Where the person is and how far they can travel, in words."""
    if not city:
        return gettext("Not given")
    where = gettext("%(city)s, %(country)s") % {
        "city": city,
        "country": countries.get(country, country),
    }
    reach = gettext("up to %(km)s km") % {"km": max_km} if max_km else gettext("any distance")
    return gettext("%(where)s; %(reach)s") % {"where": where, "reach": reach}
