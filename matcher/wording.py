"""Answers in words: what a person answered, as a page or an email shows it to people.

The saved-result pages and the coordinators' pre-screen summary both read it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext

from matcher import engine
from matcher.forms import term, upper_first
from matcher.questions import ECOG_HELP
from trials.models import Condition


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
