"""The questionnaire's state, kept in the server-side session and nowhere else.

Only this module reads or writes `request.session["matcher"]`. It holds the mode (patient or
clinician), the answers in the JSON form of the API (validated through the engine on every
read, so a stale or tampered session can never reach the engine), the date each answer was
given, and the steps already shown, in order (which is also what Back walks through).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from matcher import engine

SESSION_KEY = "matcher"


class Mode:
    """The questionnaire's two modes: the engine's audiences."""

    PATIENT = engine.Audience.PATIENT.value
    CLINICIAN = engine.Audience.CLINICIAN.value
    ALL = tuple(audience.value for audience in engine.Audience)


@dataclass
class Questionnaire:
    """One person's questionnaire in progress."""

    mode: str = Mode.PATIENT
    answers: dict[str, Any] = field(default_factory=dict)
    answered_on: dict[str, str] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    shown: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def audience(self) -> engine.Audience:
        return engine.Audience(self.mode)

    @property
    def started(self) -> bool:
        return bool(self.asked or self.answers)

    def engine_answers(self) -> engine.Answers:
        """The answers as the engine reads them."""
        return engine.validate_answers(self.answers)

    def step(self, step_id: str) -> engine.Step | None:
        """A step shown before, as it was shown (for Back)."""
        shown = self.shown.get(step_id)
        if step_id not in self.asked or not isinstance(shown, dict):
            return None
        try:
            return engine.Step(
                kind=engine.StepKind(shown["kind"]),
                keys=tuple(shown["keys"]),
                categories=tuple(shown.get("categories", ())),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def snapshot(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Copies of the answers and of the dates they were given, for saving elsewhere."""
        answered_on = {k: day for k, day in self.answered_on.items() if k in self.answers}
        return dict(self.answers), answered_on

    def record(self, step: engine.Step, updates: dict[str, Any]) -> None:
        """Store a step's answers (None removes one: "I'm not sure") and mark the step asked."""
        step_id = step.id
        today = timezone.localdate().isoformat()
        for key, value in updates.items():
            if value is None:
                self.answers.pop(key, None)
                self.answered_on.pop(key, None)
            else:
                self.answers[key] = value
                self.answered_on[key] = today
        if step_id in self.asked:
            # Answering an earlier step again forgets what came after it: the plan may differ.
            for later in self.asked[self.asked.index(step_id) + 1 :]:
                self.shown.pop(later, None)
            del self.asked[self.asked.index(step_id) + 1 :]
        else:
            self.asked.append(step_id)
        self.shown[step_id] = {
            "kind": step.kind.value,
            "keys": list(step.keys),
            "categories": list(step.categories),
        }

    def replace_answers(self, answers: dict[str, Any]) -> None:
        """Take a whole set of answers at once (clinician mode)."""
        today = timezone.localdate().isoformat()
        self.answered_on = {
            key: self.answered_on.get(key, today) if self.answers.get(key) == value else today
            for key, value in answers.items()
        }
        self.answers = dict(answers)


def load(request: HttpRequest) -> Questionnaire:
    """The questionnaire in this session; a fresh one when there is none or it is unreadable."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return Questionnaire()

    def mapping(name: str) -> dict[str, Any]:
        value = data.get(name)
        return value if isinstance(value, dict) else {}

    asked = data.get("asked")
    mode = data.get("mode")
    questionnaire = Questionnaire(
        mode=mode if isinstance(mode, str) and mode in Mode.ALL else Mode.PATIENT,
        answers=mapping("answers"),
        answered_on=mapping("answered_on"),
        asked=[s for s in asked if isinstance(s, str)] if isinstance(asked, list) else [],
        shown=mapping("shown"),
    )
    try:
        questionnaire.engine_answers()
    except engine.AnswerError:
        # Answers saved under older rules: start again rather than guess.
        return Questionnaire(mode=questionnaire.mode)
    return questionnaire


def save(request: HttpRequest, questionnaire: Questionnaire) -> None:
    """Keep the questionnaire in the session."""
    request.session[SESSION_KEY] = {
        "mode": questionnaire.mode,
        "answers": questionnaire.answers,
        "answered_on": questionnaire.answered_on,
        "asked": questionnaire.asked,
        "shown": questionnaire.shown,
    }


def start(request: HttpRequest, mode: str) -> Questionnaire:
    """Forget any earlier answers and begin again in `mode`."""
    questionnaire = Questionnaire(mode=mode if mode in Mode.ALL else Mode.PATIENT)
    save(request, questionnaire)
    return questionnaire


def clear(request: HttpRequest) -> None:
    """Forget the questionnaire."""
    request.session.pop(SESSION_KEY, None)


def as_of() -> datetime.date:
    """The day eligibility is judged on."""
    return timezone.localdate()
