"""Results as people read them: trials grouped by verdict, reasons that decide first.

This module only arranges what the engine decided; it decides nothing itself. A catalogue may
hold thousands of trials, so each group shows its count and one page of its best trials
(`PER_GROUP`), and only the trials on that page are explained criterion by criterion. The
not-eligible group is listed only when asked for.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext_lazy

from matcher import engine
from matcher.catalogue import PublishedCatalogue, TrialSummary
from matcher.questions import QUESTIONS

QUESTION_LABELS = {question.key: question for question in QUESTIONS}
PER_GROUP = 10

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


@dataclass
class TrialCard:
    trial: TrialSummary
    verdict: engine.Verdict
    title: str
    icon: str
    score_percent: int
    eligible_from: datetime.date | None
    result: engine.TrialResult
    deciding: list[CriterionLine] = field(default_factory=list)
    criteria: list[CriterionLine] = field(default_factory=list)
    to_check: int = 0
    team_checks: int = 0

    @property
    def checklist(self) -> SafeString:
        """Every criterion as an HTML list (see `checklist_html`)."""
        return checklist_html(self.criteria, self.trial.source_language)

    @property
    def can_contact(self) -> bool:
        return self.verdict != engine.Verdict.NOT


@dataclass
class VerdictGroup:
    """One verdict's trials: how many there are, and the page of them that is shown."""

    verdict: engine.Verdict
    title: str
    icon: str
    cards: list[TrialCard]
    count: int = 0
    page: int = 1
    pages: int = 1
    first: int = 1  # the position of the first card shown, from 1
    listed: bool = True  # False: the not-eligible group, counted but not listed until asked

    @property
    def collapsed(self) -> bool:
        return self.verdict == engine.Verdict.NOT

    @property
    def last(self) -> int:
        return self.first + len(self.cards) - 1

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.listed and self.page < self.pages else None

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.listed and self.page > 1 else None


@dataclass
class Results:
    groups: list[VerdictGroup]
    questions_for_doctor: list[str]
    count: int
    counts: dict[str, int] = field(default_factory=dict)


_REASONS: dict[tuple[engine.Message, engine.Audience, str], str] = {}
_REASONS_MAX = 50_000


def render_reason(message: engine.Message, audience: engine.Audience) -> str:
    """A reason in the active language, dates written the way the language writes them.

    Trials share most reasons word for word, so each rendering is kept (per audience and
    language) rather than translated again for every trial on every page.
    """
    key = (message, audience, get_language() or "")
    text = _REASONS.get(key)
    if text is None:
        if len(_REASONS) >= _REASONS_MAX:
            _REASONS.clear()
        text = _REASONS[key] = message.render(
            audience, translate=gettext, format_date=lambda d: date_format(d, "DATE_FORMAT")
        )
    return text


def _line(
    item: engine.CriterionResult, audience: engine.Audience, titles: Mapping[engine.Status, str]
) -> CriterionLine:
    return CriterionLine(
        kind=item.criterion.kind.value,
        status=item.status,
        status_title=titles[item.status],
        reason=render_reason(item.reason, audience),
        text=item.criterion.text,
        computable=item.criterion.type != engine.CriterionType.TEXT,
    )


def checklist_html(lines: list[CriterionLine], text_language: str) -> SafeString:
    """Every criterion of a card as an HTML list.

    Built here rather than in the template: a page holds hundreds of these lines, and the
    template engine costs several times more per line than string formatting.
    """
    needed, rules_out = gettext("Needed"), gettext("Rules out")
    wording = escape(gettext("Protocol wording:"))
    language = escape(text_language)
    items = [
        f'<li class="status-{line.status}"><span class="status-label">'
        f"{escape(line.status_title)}</span> "
        f'<span class="criterion-kind">{needed if line.kind == "inclusion" else rules_out}'
        f"</span><p>{escape(line.reason)}</p>"
        f'<p class="protocol-text"><span class="visually-hidden">{wording}</span> '
        f'“<span lang="{language}">{escape(line.text)}</span>”</p></li>'
        for line in lines
    ]
    return mark_safe(f'<ol class="criteria-check">{"".join(items)}</ol>')  # escaped above


def card_for(
    result: engine.TrialResult, catalogue: PublishedCatalogue, audience: engine.Audience
) -> TrialCard:
    """One explained result as a card: the deciding reasons first, then every criterion."""
    titles = {status: str(title) for status, title in STATUS_TITLES.items()}
    lines = [_line(item, audience, titles) for item in result.criteria]
    fails = [line for line in lines if line.status == engine.Status.FAIL]
    unknowns = [line for line in lines if line.status == engine.Status.UNKNOWN and line.computable]
    return TrialCard(
        trial=catalogue.trials[result.trial.key],
        verdict=result.verdict,
        title=str(VERDICT_TITLES[result.verdict]),
        icon=VERDICT_ICONS[result.verdict],
        score_percent=round(result.score * 100),
        eligible_from=result.eligible_from,
        result=result,
        deciding=(fails or unknowns)[:3],
        criteria=lines,
        to_check=len(unknowns),
        team_checks=sum(1 for line in lines if not line.computable),
    )


def page_request(query: Mapping[str, str]) -> dict[engine.Verdict, int]:
    """Read `?group=<verdict>&page=<n>` leniently: anything unreadable means page 1."""
    try:
        verdict = engine.Verdict(query.get("group", ""))
    except ValueError:
        return {}
    page = query.get("page", "1")
    number = int(page) if page.isdigit() and len(page) < 7 else 1
    return {verdict: max(number, 1)}


def arrange(
    catalogue: PublishedCatalogue,
    answers: engine.Answers,
    *,
    as_of: datetime.date,
    audience: engine.Audience,
    pages: Mapping[engine.Verdict, int] | None = None,
    per_group: int = PER_GROUP,
) -> Results:
    """Rank every trial, group by verdict, and explain one page of each listed group.

    `pages` names the page wanted per verdict (default: the first); the not-eligible group is
    listed only when `pages` names it.
    """
    pages = pages or {}
    by_verdict = catalogue.engine.by_verdict(answers, as_of=as_of)
    groups = []
    for verdict, trials in by_verdict.items():
        if not trials:
            continue
        count = len(trials)
        last_page = max(1, -(-count // per_group))
        page = min(pages.get(verdict, 1), last_page)
        listed = verdict != engine.Verdict.NOT or verdict in pages
        shown = trials[(page - 1) * per_group : page * per_group] if listed else []
        cards = [
            card_for(
                engine.evaluate_trial(trial, answers, as_of=as_of, tree=catalogue.engine.tree),
                catalogue,
                audience,
            )
            for trial in shown
        ]
        groups.append(
            VerdictGroup(
                verdict,
                str(VERDICT_TITLES[verdict]),
                VERDICT_ICONS[verdict],
                cards,
                count=count,
                page=page,
                pages=last_page,
                first=(page - 1) * per_group + 1,
                listed=listed,
            )
        )
    return Results(
        groups=groups,
        questions_for_doctor=questions_for_doctor(catalogue, answers, as_of),
        count=len(catalogue.engine),
        counts={verdict.value: len(trials) for verdict, trials in by_verdict.items()},
    )


def questions_for_doctor(
    catalogue: PublishedCatalogue, answers: engine.Answers, as_of: datetime.date
) -> list[str]:
    """The questions whose answers some trial not ruled out still needs."""
    questions = []
    for key in engine.unanswered_keys(catalogue.engine, answers, as_of=as_of):
        question = QUESTION_LABELS[key]
        label = str(question.label)
        if "%(condition)s" in label:
            label = label % {
                "condition": engine.FLAG_LABELS[key].render(engine.Audience.PATIENT, gettext)
            }
        questions.append(label)
    return questions
