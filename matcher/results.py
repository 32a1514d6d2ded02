"""Results as people read them: trials grouped by verdict, reasons that decide first.

This module only arranges what the engine decided; it decides nothing itself.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext_lazy

from matcher import engine
from matcher.catalogue import PublishedCatalogue
from matcher.engine.places import Point
from matcher.questions import QUESTIONS
from trials.models import Trial
from trials.places import NearestSite, nearest_recruiting_sites

QUESTION_LABELS = {question.key: question for question in QUESTIONS}

VERDICT_TITLES = {
    engine.Verdict.LIKELY: pgettext_lazy("verdict", "Likely eligible"),
    engine.Verdict.POSSIBLY: pgettext_lazy("verdict", "Possibly eligible"),
    engine.Verdict.LATER: pgettext_lazy("verdict", "May be eligible later"),
    engine.Verdict.NOT: pgettext_lazy("verdict", "Not eligible"),
}
VERDICT_ICONS = {
    engine.Verdict.LIKELY: "✓",
    engine.Verdict.POSSIBLY: "?",
    engine.Verdict.LATER: "→",
    engine.Verdict.NOT: "✕",
}
STATUS_TITLES = {
    engine.Status.PASS: pgettext_lazy("criterion status", "Met"),
    engine.Status.FAIL: pgettext_lazy("criterion status", "Not met"),
    engine.Status.UNKNOWN: pgettext_lazy("criterion status", "To check"),
}


@dataclass
class CriterionLine:
    kind: str
    status: engine.Status
    status_title: str
    reason: str
    text: str
    computable: bool
    scope: str | None = None


@dataclass
class TrialCard:
    trial: Trial
    verdict: engine.Verdict
    title: str
    icon: str
    score_percent: int
    eligible_from: datetime.date | None
    deciding: list[CriterionLine] = field(default_factory=list)
    criteria: list[CriterionLine] = field(default_factory=list)
    to_check: int = 0
    team_checks: int = 0
    summary_only: bool = False
    read_automatically: bool = False
    nearest: NearestSite | None = None

    @property
    def can_contact(self) -> bool:
        return self.verdict != engine.Verdict.NOT


@dataclass
class VerdictGroup:
    verdict: engine.Verdict
    title: str
    icon: str
    cards: list[TrialCard]


@dataclass
class Results:
    groups: list[VerdictGroup]
    questions_for_doctor: list[str]
    count: int
    out_of_reach: list[TrialCard] = field(default_factory=list)
    max_km: int | None = None
    located: bool = False  # distances were worked out from where the person is


_QUOTE_START, _QUOTE_END = "\ue000", "\ue001"  # private-use marks, never in a message


def render_reason(message: engine.Message, audience: engine.Audience, language: str) -> SafeString:
    """The reason as HTML: words quoted from the protocol are marked with their language."""
    text = message.render(
        audience,
        translate=gettext,
        format_date=lambda d: date_format(d, "DATE_FORMAT"),
        quote=lambda words: f"{_QUOTE_START}{words}{_QUOTE_END}",
    )
    html = str(escape(text))
    html = html.replace(_QUOTE_START, f'<span lang="{escape(language)}">')
    return mark_safe(html.replace(_QUOTE_END, "</span>"))  # every other character is escaped


def _line(item: engine.CriterionResult, audience: engine.Audience, language: str) -> CriterionLine:
    return CriterionLine(
        kind=item.criterion.kind.value,
        status=item.status,
        status_title=str(STATUS_TITLES[item.status]),
        reason=render_reason(item.reason, audience, language),
        text=item.criterion.text,
        computable=item.criterion.type != engine.CriterionType.TEXT,
        scope=item.criterion.scope,
    )


def _answered(answers: engine.Answers, key: str, params: engine.Params) -> bool:
    """Whether the answer a criterion reads was given (for a washout: its category's date)."""
    if isinstance(params, engine.WashoutParams):
        return params.category in (answers.last_treatment or {})
    return getattr(answers, key) is not None


def arrange(
    ranked: list[engine.TrialResult],
    catalogue: PublishedCatalogue,
    audience: engine.Audience,
    answers: engine.Answers | None = None,
) -> Results:
    """Group ranked results by verdict and gather what to ask the doctor.

    With the `answers`, the questions leave out what was answered (a line for one cohort stays
    unknown whatever the answer) and add the exceptions a yes is waiting on.
    """
    groups: dict[engine.Verdict, list[TrialCard]] = {verdict: [] for verdict in VERDICT_TITLES}
    unknown_keys: list[str] = []
    for result in ranked:
        trial = catalogue.trials[result.trial.key]
        lines = [_line(item, audience, trial.source_language) for item in result.criteria]
        fails = [line for line in lines if line.status == engine.Status.FAIL]
        unknowns = [
            line for line in lines if line.status == engine.Status.UNKNOWN and line.computable
        ]
        card = TrialCard(
            trial=trial,
            verdict=result.verdict,
            title=str(VERDICT_TITLES[result.verdict]),
            icon=VERDICT_ICONS[result.verdict],
            score_percent=round(result.score * 100),
            eligible_from=result.eligible_from,
            deciding=(fails or unknowns)[:3],
            criteria=lines,
            to_check=len(unknowns),
            team_checks=sum(1 for line in lines if not line.computable),
            summary_only=result.trial.coverage == engine.Coverage.SUMMARY,
            read_automatically=result.trial.read_automatically,
        )
        groups[result.verdict].append(card)
        if result.verdict != engine.Verdict.NOT:
            for item in result.criteria:
                key = item.criterion.answer_key
                params = item.criterion.params
                if isinstance(params, engine.DiagnosisParams) and not params.codes:
                    continue  # not mapped: no answer decides it, the study team checks
                if item.status != engine.Status.UNKNOWN or not key:
                    continue
                wanted = [key]
                if answers is not None:
                    if isinstance(params, engine.FlagParams) and answers.flag(key) is not None:
                        wanted = list(params.except_if)
                    wanted = [name for name in wanted if not _answered(answers, name, params)]
                unknown_keys.extend(name for name in wanted if name not in unknown_keys)
    questions = []
    for key in unknown_keys:
        question = QUESTION_LABELS[key]
        label = str(question.label)
        if "%(condition)s" in label:
            label = label % {
                "condition": engine.FLAG_LABELS[key].render(engine.Audience.PATIENT, gettext)
            }
        questions.append(label)
    return Results(
        groups=[
            VerdictGroup(verdict, str(VERDICT_TITLES[verdict]), VERDICT_ICONS[verdict], cards)
            for verdict, cards in groups.items()
            if cards
        ],
        questions_for_doctor=questions,
        count=len(ranked),
    )


def add_distances(results: Results, origin: Point, max_km: int | None) -> None:
    """Give each card its nearest recruiting site; with a reach, set apart the trials beyond.

    Trials with no recruiting site within `max_km` are not hidden: they move to
    `results.out_of_reach`, which the page shows after the others.
    """
    cards = [card for group in results.groups for card in group.cards]
    nearest = nearest_recruiting_sites([card.trial.pk for card in cards], origin)
    for card in cards:
        card.nearest = nearest.get(card.trial.pk)
    results.max_km, results.located = max_km, True
    if max_km is None:
        return
    for group in results.groups:
        beyond = [c for c in group.cards if c.nearest is None or c.nearest.distance_km > max_km]
        group.cards = [card for card in group.cards if card not in beyond]
        results.out_of_reach.extend(beyond)
    results.groups = [group for group in results.groups if group.cards]
