"""The questionnaire's state, kept in the server-side session and nowhere else.

Only this module reads or writes `request.session["matcher"]`. It holds the mode (patient or
clinician), the answers in the JSON form of the API (validated through the engine on every
read, so a stale or tampered session can never reach the engine), the date each answer was
given, and the steps already shown, in order (which is also what Back walks through). Beside
it, `request.session["matcher_place"]` holds where the person is and how far they can travel,
and `request.session["matcher_results_page"]` which page of results they looked at last (so a
trial's page can lead back to it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from matcher import engine
from matcher.engine import places as engine_places
from matcher.engine import planning

SESSION_KEY = "matcher"
# Every answer key, in the questionnaire's order (the planner's tie-break order).
ANSWER_KEYS: tuple[str, ...] = tuple(
    key for key in planning.STEP_ORDER if key in engine.ANSWER_KEYS
) + tuple(key for key in engine.ANSWER_KEYS if key not in planning.STEP_ORDER)


class Mode:
    """The questionnaire's two modes: the engine's audiences."""

    PATIENT = engine.Audience.PATIENT.value
    CLINICIAN = engine.Audience.CLINICIAN.value
    ALL = tuple(audience.value for audience in engine.Audience)


@dataclass(frozen=True)
class Progress:
    """Where a screen stands in the questionnaire."""

    number: int  # this screen's number, from 1
    total: int  # about how many screens in all, as the plan sees it now
    previous: str | None  # the step Back goes to

    @property
    def left(self) -> int:
        """Screens still to answer, this one included."""
        return self.total - self.number + 1


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

    def editable_step(self, step_id: str) -> engine.Step | None:
        """A step to open again: one shown before, or one whose answer is still kept.

        Going Back and answering an earlier step again forgets the steps after it, but not
        their answers: those stay open to change from "Check your answers".
        """
        shown = self.step(step_id)
        if shown is not None:
            return shown
        if step_id == planning.LAST_TREATMENT:
            given = self.answers.get(step_id)
            if isinstance(given, dict) and given:
                return engine.Step(engine.StepKind.DATES, (step_id,), tuple(given))
            return None
        if step_id in ANSWER_KEYS and step_id in self.answers:
            return engine.Step(engine.StepKind.SINGLE, (step_id,))
        return None

    def answered_steps(self) -> list[engine.Step]:
        """Every screen with something to show on "Check your answers", in the order asked.

        The steps shown (in order), then any answer kept from a step no longer in that order.
        """
        steps = [step for step in map(self.step, self.asked) if step is not None]
        covered = {key for step in steps for key in step.keys}
        for key in ANSWER_KEYS:
            if key in self.answers and key not in covered:
                extra = self.editable_step(key)
                if extra is not None:
                    steps.append(extra)
        return steps

    def progress(self, step_id: str, remaining: int) -> Progress:
        """The progress of showing `step_id` when the plan has `remaining` questions to ask.

        A step shown before (Back) keeps its number; a new one comes after every step asked.
        """
        if step_id in self.asked:
            done = self.asked.index(step_id)
            previous = self.asked[done - 1] if done else None
        else:
            done = len(self.asked)
            previous = self.asked[-1] if self.asked else None
        total = max(len(self.asked) + remaining, done + 1)
        return Progress(number=done + 1, total=total, previous=previous)

    def snapshot(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Copies of the answers and of the dates they were given, for saving elsewhere."""
        answered_on = {k: day for k, day in self.answered_on.items() if k in self.answers}
        return dict(self.answers), answered_on

    def record(
        self, step: engine.Step, updates: dict[str, Any], *, keep_later: bool = False
    ) -> None:
        """Store a step's answers (None removes one: "I'm not sure") and mark the step asked.

        `keep_later` (a change made from "Check your answers") keeps the steps asked after
        this one, so the person is not walked through them again.
        """
        step_id = step.id
        today = timezone.localdate().isoformat()
        for key, value in updates.items():
            if value is None:
                self.answers.pop(key, None)
                self.answered_on.pop(key, None)
            else:
                self.answers[key] = value
                self.answered_on[key] = today
        if step_id in self.asked and keep_later:
            pass
        elif step_id in self.asked:
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
    """Forget the questionnaire and the place."""
    request.session.pop(SESSION_KEY, None)
    request.session.pop(PLACE_KEY, None)
    request.session.pop(RESULTS_PAGE_KEY, None)


def as_of() -> datetime.date:
    """The day eligibility is judged on."""
    return timezone.localdate()


PLACE_KEY = "matcher_place"


@dataclass(frozen=True)
class Place:
    """Where the person is and how far they can travel (`max_km` None: any distance)."""

    country: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    max_km: int | None = None
    asked: bool = False

    @property
    def origin(self) -> engine_places.Point | None:
        if self.lat is None or self.lon is None:
            return None
        try:
            return engine_places.Point(self.lat, self.lon)
        except ValueError:
            return None


def load_place(request: HttpRequest) -> Place:
    """The place given in this session (an empty, unasked one when there is none)."""
    data = request.session.get(PLACE_KEY)
    if not isinstance(data, dict):
        return Place()
    try:
        place = Place(
            country=str(data.get("country") or ""),
            city=str(data.get("city") or ""),
            lat=None if data.get("lat") is None else float(data["lat"]),
            lon=None if data.get("lon") is None else float(data["lon"]),
            max_km=None if data.get("max_km") is None else int(data["max_km"]),
            asked=bool(data.get("asked")),
        )
    except (TypeError, ValueError):
        return Place()
    return place


def save_place(request: HttpRequest, place: Place) -> None:
    """Keep the place in the session, beside the questionnaire."""
    request.session[PLACE_KEY] = {
        "country": place.country,
        "city": place.city,
        "lat": place.lat,
        "lon": place.lon,
        "max_km": place.max_km,
        "asked": True,
    }


RESULTS_PAGE_KEY = "matcher_results_page"
RESULTS_VIEWS = ("matcher:results", "matcher:clinician")


@dataclass(frozen=True)
class ResultsPage:
    """The results page last shown: which view, and the group paged within it, if any."""

    view: str = "matcher:results"
    group: str = ""
    page: int = 1

    def query(self) -> str:
        """The page's query string (`?group=<verdict>&page=<n>`), or "" for the first pages."""
        if not self.group:
            return ""
        return f"?group={self.group}" + (f"&page={self.page}" if self.page > 1 else "")


def remember_results_page(
    request: HttpRequest, view: str, pages: dict[engine.Verdict, int]
) -> None:
    """Note which results page was shown (`pages` as `matcher.results.page_request` reads it).

    Written only when it changed: most views of the results page change nothing.
    """
    group, page = next(iter(pages.items()), (None, 1))
    value = {"view": view, "group": group.value if group else "", "page": page}
    if request.session.get(RESULTS_PAGE_KEY) != value:
        request.session[RESULTS_PAGE_KEY] = value


def results_page(request: HttpRequest) -> ResultsPage:
    """The results page this session showed last (the first page of results when none)."""
    data = request.session.get(RESULTS_PAGE_KEY)
    if not isinstance(data, dict):
        return ResultsPage()
    view, group, page = data.get("view"), data.get("group"), data.get("page")
    try:
        verdict = engine.Verdict(group).value if group else ""
    except ValueError:
        verdict = ""
    return ResultsPage(
        view=view if view in RESULTS_VIEWS else "matcher:results",
        group=verdict,
        page=page if isinstance(page, int) and 1 <= page < 1_000_000 else 1,
    )
