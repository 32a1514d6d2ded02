"""A pre-screen summary for a study team: the answers and one trial's per-criterion result.

Built only when the person chooses to attach it to a contact request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from matcher import engine, session
from trials.models import Trial, condition_tree


def prescreen_summary(request: HttpRequest, trial: Trial) -> dict[str, Any] | None:
    """The session's answers and this trial's result, JSON-ready; None when nothing was answered."""
    questionnaire = session.load(request)
    if not questionnaire.answers:
        return None
    as_of = session.as_of()
    result = engine.evaluate_trial(
        trial.to_engine(),
        questionnaire.engine_answers(),
        as_of=as_of,
        tree=condition_tree(),
    )
    # The study team reads clinical wording: "reason" in English, and "reasons" in each of the
    # site's languages, for whichever language the coordinator reads the summary in.
    criteria = [
        {
            "id": item.criterion.id,
            "kind": item.criterion.kind.value,
            "type": item.criterion.type.value,
            "status": item.status.value,
            "answer_key": item.criterion.answer_key,
            "reason": _render(item.reason, "en"),
            "reasons": {code: _render(item.reason, code) for code, _name in settings.LANGUAGES},
            "text": item.criterion.text,
            "eligible_from": item.eligible_from.isoformat() if item.eligible_from else None,
        }
        for item in result.criteria
    ]
    return {
        "as_of": as_of.isoformat(),
        "mode": questionnaire.mode,
        "answers": questionnaire.answers,
        "answered_on": questionnaire.answered_on,
        "trial": result.trial.key,
        "verdict": result.verdict.value,
        "score": round(result.score, 4),
        "eligible_from": result.eligible_from.isoformat() if result.eligible_from else None,
        "criteria": criteria,
    }


def _render(reason: engine.Message, language: str) -> str:
    with translation.override(language):
        return reason.render(engine.Audience.CLINICIAN, translation.gettext)
