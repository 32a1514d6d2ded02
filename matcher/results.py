"""Results as people read them: trials grouped by verdict, reasons that decide first.

This module only arranges what the engine decided; it decides nothing itself. A catalogue may
hold thousands of trials, so each group shows its count and one page of its best trials
(`PER_GROUP`), and only the trials on that page are explained criterion by criterion. The
not-eligible group is listed only when asked for. Given where the person is, each card shows
its nearest recruiting site; with a reach, the trials beyond it are set apart (`out_of_reach`)
before the groups are counted and paged.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy

from matcher import engine
from matcher.catalogue import PublishedCatalogue, TrialSummary
from matcher.engine.places import Point
from matcher.questions import QUESTIONS
from trials.models import TRANSLATION_HTML_LANG, Local, translated_texts
from trials.places import NearestSite, nearest_recruiting_sites

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
# Each status in words that fit the kind of criterion: a met exclusion is not "met" but
# "does not apply to you", so that nothing that is fine reads like a rejection.
STATUS_TITLES = {
    ("inclusion", engine.Status.PASS): pgettext_lazy("criterion status", "You meet this"),
    ("inclusion", engine.Status.FAIL): pgettext_lazy("criterion status", "You do not meet this"),
    ("inclusion", engine.Status.UNKNOWN): pgettext_lazy("criterion status", "To check"),
    ("exclusion", engine.Status.PASS): pgettext_lazy("criterion status", "Does not apply to you"),
    ("exclusion", engine.Status.FAIL): pgettext_lazy("criterion status", "Applies to you"),
    ("exclusion", engine.Status.UNKNOWN): pgettext_lazy("criterion status", "To check"),
}
# Clinicians read terms: an inclusion is met or not, an exclusion is present or absent.
CLINICIAN_STATUS_TITLES = {
    ("inclusion", engine.Status.PASS): pgettext_lazy("criterion status", "Met"),
    ("inclusion", engine.Status.FAIL): pgettext_lazy("criterion status", "Not met"),
    ("inclusion", engine.Status.UNKNOWN): pgettext_lazy("criterion status", "To check"),
    ("exclusion", engine.Status.PASS): pgettext_lazy("criterion status", "Absent"),
    ("exclusion", engine.Status.FAIL): pgettext_lazy("criterion status", "Present"),
    ("exclusion", engine.Status.UNKNOWN): pgettext_lazy("criterion status", "To check"),
}
KIND_TITLES = {
    "inclusion": pgettext_lazy("criterion kind", "Requirement"),
    "exclusion": pgettext_lazy("criterion kind", "Exclusion"),
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
    text_lang: str = "en"  # the HTML language of `text`: the protocol's, or a translation's


@dataclass
class TrialCard:
    """One trial's result for the page. What it takes to explain it (the engine's evaluation,
    then each criterion's reason worded in the active language) is worked out when first read:
    a card whose HTML is kept (`render_card`) needs neither."""

    trial: TrialSummary
    verdict: engine.Verdict
    title: str
    icon: str
    spec: engine.TrialSpec
    audience: engine.Audience = engine.Audience.PATIENT
    # What the result is worked out from, when it was not given (see `result`).
    answers: engine.Answers | None = None
    as_of: datetime.date | None = None
    tree: engine.ConditionTree | None = None
    nearest: NearestSite | None = None
    translated_title: str = ""  # the site's translation of the title, on a Chinese page
    translation_missing: bool = False  # a Chinese page, and nobody has translated the trial
    # The site's translations of protocol lines, by the criterion's position in the result.
    translated_texts: dict[int, str] = field(default_factory=dict)
    _result: engine.TrialResult | None = field(default=None, repr=False, compare=False)
    _counts: tuple[int, int, int] | None = field(default=None, repr=False, compare=False)
    _lines: tuple[str, list[CriterionLine]] | None = field(default=None, repr=False, compare=False)

    @property
    def result(self) -> engine.TrialResult:
        """The engine's explained result (evaluated on first read)."""
        result = self._result
        if result is None:
            assert self.answers is not None
            assert self.as_of is not None
            assert self.tree is not None
            result = self._result = engine.evaluate_trial(
                self.spec, self.answers, as_of=self.as_of, tree=self.tree
            )
        return result

    @property
    def score_percent(self) -> int:
        return round(self.result.score * 100)

    @property
    def eligible_from(self) -> datetime.date | None:
        return self.result.eligible_from

    def _count(self) -> tuple[int, int, int]:
        """(met, checkable, to check) among the computable criteria."""
        counts = self._counts
        if counts is None:
            met = checkable = to_check = 0
            for item in self.result.criteria:
                if item.criterion.type != engine.CriterionType.TEXT:
                    checkable += 1
                    if item.status == engine.Status.PASS:
                        met += 1
                    elif item.status == engine.Status.UNKNOWN:
                        to_check += 1
            counts = self._counts = (met, checkable, to_check)
        return counts

    @property
    def met(self) -> int:
        """Computable criteria that do not stand in the way."""
        return self._count()[0]

    @property
    def checkable(self) -> int:
        """Computable criteria: what can be answered here."""
        return self._count()[1]

    @property
    def to_check(self) -> int:
        return self._count()[2]

    @property
    def team_checks(self) -> int:
        """Criteria only the study team can check (text)."""
        return len(self.spec.criteria) - self._count()[1]

    @property
    def summary_only(self) -> bool:
        return self.spec.coverage == engine.Coverage.SUMMARY

    @property
    def read_automatically(self) -> bool:
        return self.spec.read_automatically

    @property
    def criteria(self) -> list[CriterionLine]:
        """Every criterion's line, in the engine's order (built once per language)."""
        language = get_language() or ""
        built = self._lines
        if built is None or built[0] != language:
            built = self._lines = (language, _lines_of(self))
        return built[1]

    @property
    def deciding(self) -> list[CriterionLine]:
        """The reasons that decide: the fails, else the computable criteria left to check."""
        lines = self.criteria
        fails = [line for line in lines if line.status == engine.Status.FAIL]
        unknowns = [
            line for line in lines if line.status == engine.Status.UNKNOWN and line.computable
        ]
        return (fails or unknowns)[:3]

    @property
    def local_title(self) -> Local:
        """The title in the page's language when translated, else the registry's."""
        if self.translated_title:
            return Local(self.translated_title, TRANSLATION_HTML_LANG)
        return Local(self.trial.brief_title, self.trial.source_language)

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


@dataclass(frozen=True)
class DoctorQuestion:
    text: str
    trials: int  # how many trials still possible read the answer


@dataclass(frozen=True)
class DoctorTopic:
    title: str
    questions: list[DoctorQuestion]


@dataclass
class DoctorQuestions:
    """The questions for the doctor: those that decide the most trials first, the rest by topic."""

    first: list[DoctorQuestion] = field(default_factory=list)
    more: list[DoctorTopic] = field(default_factory=list)

    @property
    def more_count(self) -> int:
        return sum(len(topic.questions) for topic in self.more)

    def __bool__(self) -> bool:
        return bool(self.first)

    def as_list(self) -> list[str]:
        """Every question, the first ones first, then by topic."""
        return [q.text for q in self.first] + [q.text for t in self.more for q in t.questions]


@dataclass
class Results:
    groups: list[VerdictGroup]
    count: int
    counts: dict[str, int] = field(default_factory=dict)
    out_of_reach: list[TrialCard] = field(default_factory=list)  # the first page of them
    out_of_reach_count: int = 0
    max_km: int | None = None
    located: bool = False  # distances were worked out from where the person is
    # How to work out the questions for the doctor, when a page shows them (the clinician
    # page does not).
    ask_doctor: Callable[[], DoctorQuestions] = field(default=DoctorQuestions, repr=False)

    @cached_property
    def doctor_questions(self) -> DoctorQuestions:
        return self.ask_doctor()

    @property
    def questions_for_doctor(self) -> list[str]:
        """The questions for the doctor as one list, those that decide the most trials first."""
        return self.doctor_questions.as_list()


_REASONS: dict[tuple[object, ...], SafeString] = {}
_REASONS_MAX = 50_000
_QUOTE_START, _QUOTE_END = "\ue000", "\ue001"  # private-use marks, never in a message


def render_reason(message: engine.Message, audience: engine.Audience, language: str) -> SafeString:
    """The reason as HTML in the active language; words quoted from the protocol are marked
    with the protocol's `language`, dates written the way the active language writes them.

    Trials share most reasons word for word, so each rendering is kept (per audience and
    languages) rather than translated again for every trial on every page.
    """
    key: tuple[object, ...] = (
        engine.message_key(message),
        audience,
        get_language() or "",
        language,
    )
    try:
        html = _REASONS.get(key)
    except TypeError:  # a parameter that cannot be hashed
        key = (message, *key[1:])
        html = _REASONS.get(key)
    if html is None:
        if len(_REASONS) >= _REASONS_MAX:
            _REASONS.clear()
        text = message.render(
            audience,
            translate=gettext,
            format_date=lambda d: date_format(d, "DATE_FORMAT"),
            quote=lambda words: f"{_QUOTE_START}{words}{_QUOTE_END}",
        )
        marked = str(escape(text)).replace(_QUOTE_START, f'<span lang="{escape(language)}">')
        # every other character is escaped
        html = _REASONS[key] = mark_safe(marked.replace(_QUOTE_END, "</span>"))
    return html


def _line(
    item: engine.CriterionResult,
    text: str,
    audience: engine.Audience,
    titles: Mapping[tuple[str, engine.Status], str],
    language: str,
) -> CriterionLine:
    kind = item.criterion.kind.value
    return CriterionLine(
        kind=kind,
        status=item.status,
        status_title=titles[kind, item.status],
        reason=render_reason(item.reason, audience, language),
        text=text,
        computable=item.criterion.type != engine.CriterionType.TEXT,
        scope=item.criterion.scope,
        text_lang=language,
    )


def checklist_html(lines: list[CriterionLine], text_language: str) -> SafeString:
    """Every criterion of a card as an HTML list, the markup of `_result_card.html`'s lines.

    Built here rather than in the template: a page holds hundreds of these lines, and the
    template engine costs several times more per line than string formatting. (Reports that
    mark answers to re-check use the template's own lines.)
    """
    needed, rules_out = (escape(str(KIND_TITLES[kind])) for kind in ("inclusion", "exclusion"))
    wording = escape(gettext("Protocol wording:"))
    only_for = gettext("Only for: %(scope)s")
    items = []
    previous = None
    for line in lines:
        language = escape(line.text_lang or text_language)
        scope = (
            f'<span class="criterion-scope">{escape(only_for % {"scope": line.scope})}</span>'
            if line.scope
            else ""
        )
        items.append(
            f'<li class="status-{line.status}"><span class="status-label">'
            f"{escape(line.status_title)}</span> "
            f'<span class="criterion-kind">{needed if line.kind == "inclusion" else rules_out}'
            f"</span>{scope}<p>{conditional_escape(line.reason)}</p>"
            # A sentence that gave several criteria in a row is quoted under the first only.
            + (
                f'<p class="protocol-text"><span class="visually-hidden">{wording}</span> '
                f'“<span lang="{language}">{escape(line.text)}</span>”</p>'
                if line.text != previous
                else ""
            )
            + "</li>"
        )
        previous = line.text
    return mark_safe("".join(items))  # escaped above


_CARDS: dict[
    tuple[object, ...], tuple[engine.TrialSpec, engine.ConditionTree | None, SafeString]
] = {}
_CARDS_MAX = 5_000
# What kept cards may take of a worker's memory (their HTML, in characters): a card with its
# checklist is some 5,000 characters, so about 3,000 cards.
_CARDS_SIZE = 16_000_000
_cards_size = 0


def render_card(
    card: TrialCard, *, heading: str, contact: bool = False, located: bool = False
) -> SafeString:
    """The card as `matcher/_result_card.html` renders it, reused while it would read the same.

    A card shows its trial (the compiled catalogue's own objects, replaced when it is rebuilt),
    and what these answers make of it: the verdict, the score and each criterion's status and
    reason, and the site's translation of its texts. When all of that, the nearest site and the
    language are as before, so is the HTML:
    paging back, reloading, and the clinician page redrawing its results after each change
    mostly show cards already rendered.
    """
    nearest = card.nearest
    shown = (
        get_language() or "",
        get_current_timezone_name(),
        heading,
        contact,
        located,
        None
        if nearest is None
        else (nearest.site.pk, nearest.site.facility, nearest.site.city, nearest.distance_km),
        # A curator's translation is read per request, not compiled: its words are part of
        # the key, so an edited translation shows at once.
        card.translated_title,
        card.translation_missing,
        tuple(card.translated_texts.items()),
        # Patients and clinicians read the statuses in different words.
        card.audience,
    )
    missed: list[tuple[tuple[object, ...], engine.ConditionTree | None]] = []
    html = None
    key: tuple[object, ...]
    if card.tree is not None:
        # First without evaluating: the same trial, tree, answers and day give the same card.
        key = (id(card.spec), card.trial, shown, "answers", id(card.tree), card.answers, card.as_of)
        html = _kept(key, card.spec, card.tree, missed)
    if html is None:
        # Then by outcome: other answers often leave a trial's statuses and reasons as they
        # were (the clinician page redraws its results after each change).
        result = card.result
        outcome = tuple((item.status, item.reason) for item in result.criteria)
        key = (id(card.spec), card.trial, shown, "result", result.verdict, result.score)
        key = (*key, result.eligible_from, outcome)
        html = _kept(key, card.spec, None, missed)
    if html is None:
        html = card_html(card, heading=heading, contact=contact, located=located)
    global _cards_size
    if missed:
        if len(_CARDS) + len(missed) > _CARDS_MAX or _cards_size + len(html) > _CARDS_SIZE:
            _CARDS.clear()
            _cards_size = 0
        for missing, tree in missed:  # one HTML under each of its keys
            _CARDS[missing] = (card.spec, tree, html)
        _cards_size += len(html)
    return html


def card_html(card: TrialCard, *, heading: str, contact: bool, located: bool) -> SafeString:
    """`matcher/_result_card.html` without report lines, re-checks or `open`, written here.

    The same markup, character for character (a test renders both ways): a page that shows
    cards not rendered before writes each several times faster than through the template.
    """

    def value(item: object) -> str:  # as {{ item }} writes it
        shown = localize(item)
        return str(conditional_escape(shown if isinstance(shown, str) else str(shown)))

    def words(message: str) -> str:  # as {% translate %} writes it
        return str(conditional_escape(gettext(message)))

    trial = card.trial
    title = card.local_title
    parts = [
        f'\n<li class="card result-card" id="trial-{value(trial.key)}">\n'
        f'  <p class="badge badge-{value(card.verdict)}"><span aria-hidden="true">'
        f"{value(card.icon)}</span> {value(card.title)}</p>\n"
        f'  <{value(heading)} class="card-title"><a href="{value(trial.get_absolute_url())}" '
        f'lang="{value(title.lang)}">{value(title)}</a></{value(heading)}>\n  '
    ]
    if card.translated_title:
        note = "Texts translated by this site; the English protocol is authoritative."
        parts.append(f'<p class="note note-translation">{words(note)}</p>')
    elif card.translation_missing:
        note = "Not translated into Chinese yet: shown in English."
        parts.append(f'<p class="note note-translation">{words(note)}</p>')
    nct = f"{value(trial.nct_id)} · " if trial.nct_id else ""
    parts.append(
        f'\n  <p class="meta">{nct}{value(trial.get_phase_display())} · '
        f"{value(trial.get_overall_status_display())}</p>\n  \n\n"
    )
    if card.summary_only:
        note = (
            "Only a summary of who can take part is published for this trial, not the full "
            "inclusion and exclusion criteria: at best it can show as possibly eligible, and "
            "the study team will check the rest."
        )
        parts.append(f'\n  <p class="note note-coverage">{words(note)}</p>\n')
    parts.append("\n")
    if card.read_automatically:
        note = "Criteria read automatically from the registry; the study team has the final word."
        parts.append(f'\n  <p class="note note-provenance">{words(note)}</p>\n')
    parts.append("\n\n  ")
    nearest = card.nearest
    if nearest is not None:
        sentence = gettext("Nearest recruiting site: %(facility)s, %(city)s, about %(km)s km away")
        data = {
            "facility": value(nearest.site.facility),
            "city": value(nearest.site.city),
            "km": value(floatformat(nearest.distance_km, "0")),
        }
        parts.append(f'\n    <p class="nearest-site">{sentence % data}</p>\n  ')
    elif located:
        parts.append(
            f'\n    <p class="nearest-site">{words("No recruiting site with a known place.")}'
            "</p>\n  "
        )
    parts.append("\n  ")
    if card.checkable:
        points = ngettext(
            "%(met)s of %(counter)s point that can be checked here",
            "%(met)s of %(counter)s points that can be checked here",
            card.checkable,
        ) % {"met": value(card.met), "counter": value(card.checkable)}
        pk = value(trial.pk)
        parts.append(
            f'\n    <div class="score">\n      <label for="score-{pk}">'
            f"{words('Criteria met so far')}</label>\n"
            f'      <meter id="score-{pk}" min="0" max="{value(card.checkable)}" '
            f'value="{value(card.met)}">{points}</meter>\n'
            f"      <span>{points}</span>\n    </div>\n  "
        )
    parts.append("\n  ")
    if card.verdict == engine.Verdict.LATER and card.eligible_from:
        day = value(date_filter(card.eligible_from, "DATE_FORMAT"))
        later = gettext("May become eligible from %(date)s.") % {"date": day}
        parts.append(f'\n    <p class="later-date"><strong>{later}</strong></p>\n  ')
    parts.append("\n  ")
    deciding = card.deciding
    if deciding:
        items = "".join(
            f'<li class="status-{value(line.status)}"><span class="status-label">'
            f"{value(line.status_title)}:</span> {value(line.reason)}</li>"
            for line in deciding
        )
        parts.append(f'\n    <ul class="deciding">\n      {items}\n    </ul>\n  ')
    parts.append("\n  ")
    if card.team_checks and card.verdict != engine.Verdict.NOT:
        checks = ngettext(
            "The study team will also check %(counter)s point that cannot be answered here.",
            "The study team will also check %(counter)s points that cannot be answered here.",
            card.team_checks,
        ) % {"counter": value(card.team_checks)}
        parts.append(f'\n    <p class="hint">{checks}</p>\n  ')
    count = len(card.criteria)
    see_all = ngettext("See all %(counter)s criterion", "See all %(counter)s criteria", count) % {
        "counter": value(count)
    }
    parts.append(
        "\n  \n  "
        f'<details class="criteria-details">\n    <summary>{see_all}</summary>\n'
        '    <ol class="criteria-check">\n      \n        '
        f"{value(card.checklist)}\n      \n    </ol>\n  </details>\n  "
    )
    if contact and card.can_contact:
        site = f"&amp;site={value(nearest.site.pk)}" if nearest is not None else ""
        url = value(reverse("contact:contact", args=[trial.slug]))
        parts.append(
            f'\n    <p class="actions"><a class="button" href="{url}?from=result{site}">'
            f"{words('Contact the study team')}</a></p>\n  "
        )
    parts.append("\n</li>\n")
    return mark_safe("".join(parts))  # every value escaped above


def _kept(
    key: tuple[object, ...],
    spec: engine.TrialSpec,
    tree: engine.ConditionTree | None,
    missed: list[tuple[tuple[object, ...], engine.ConditionTree | None]],
) -> SafeString | None:
    """A kept card's HTML under `key`, or None (and the key noted in `missed`)."""
    try:
        found = _CARDS.get(key)
    except TypeError:  # something unhashable: not kept
        return None
    # The trial (and tree) are kept with the HTML, so their ids cannot name others meanwhile.
    if found is not None and found[0] is spec and found[1] is tree:
        return found[2]
    missed.append((key, tree))
    return None


def _lines_of(card: TrialCard) -> list[CriterionLine]:
    table = CLINICIAN_STATUS_TITLES if card.audience == engine.Audience.CLINICIAN else STATUS_TITLES
    titles = {key: str(title) for key, title in table.items()}
    language, translated = card.trial.source_language, card.translated_texts
    # The compiled criteria carry no wording: the summary holds it, in the same order.
    texts = card.trial.criterion_texts()
    lines = [
        _line(item, text, card.audience, titles, language)
        for item, text in zip(card.result.criteria, texts, strict=True)
    ]
    for index, text in translated.items():
        lines[index].text, lines[index].text_lang = text, TRANSLATION_HTML_LANG
    return lines


def card_for(
    result: engine.TrialResult, catalogue: PublishedCatalogue, audience: engine.Audience
) -> TrialCard:
    """One explained result as a card."""
    return TrialCard(
        trial=catalogue.trials[result.trial.key],
        verdict=result.verdict,
        title=str(VERDICT_TITLES[result.verdict]),
        icon=VERDICT_ICONS[result.verdict],
        spec=result.trial,
        audience=audience,
        _result=result,
    )


def _card(
    spec: engine.TrialSpec,
    verdict: engine.Verdict,
    catalogue: PublishedCatalogue,
    audience: engine.Audience,
    answers: engine.Answers,
    as_of: datetime.date,
) -> TrialCard:
    """A card for a trial the ranking put under `verdict`, explained only when read."""
    return TrialCard(
        trial=catalogue.trials[spec.key],
        verdict=verdict,
        title=str(VERDICT_TITLES[verdict]),
        icon=VERDICT_ICONS[verdict],
        spec=spec,
        audience=audience,
        answers=answers,
        as_of=as_of,
        tree=catalogue.engine.tree,
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
    origin: Point | None = None,
    max_km: int | None = None,
) -> Results:
    """Rank every trial, group by verdict, and explain one page of each listed group.

    `pages` names the page wanted per verdict (default: the first); the not-eligible group is
    listed only when `pages` names it. With an `origin`, each card shows its nearest recruiting
    site; with a reach (`max_km`) too, the trials with no recruiting site within it are not
    hidden but set apart, and the groups count and page only the others.
    """
    pages = pages or {}
    by_verdict = catalogue.engine.by_verdict(answers, as_of=as_of)
    nearest: dict[int, NearestSite] = {}
    beyond: list[engine.TrialSpec] = []
    if origin is not None and max_km is not None:
        summaries = catalogue.trials
        nearest = nearest_recruiting_sites(
            [summaries[trial.key].pk for trials in by_verdict.values() for trial in trials],
            origin,
        )

        def within(trial: engine.TrialSpec) -> bool:
            found = nearest.get(summaries[trial.key].pk)
            return found is not None and found.distance_km <= max_km

        for verdict, trials in by_verdict.items():
            beyond.extend(trial for trial in trials if not within(trial))
            by_verdict[verdict] = [trial for trial in trials if within(trial)]

    def cards_for(trials: Sequence[engine.TrialSpec]) -> list[TrialCard]:
        return [
            card_for(
                engine.evaluate_trial(trial, answers, as_of=as_of, tree=catalogue.engine.tree),
                catalogue,
                audience,
            )
            for trial in trials
        ]

    def cards_under(verdict: engine.Verdict, trials: Sequence[engine.TrialSpec]) -> list[TrialCard]:
        return [_card(trial, verdict, catalogue, audience, answers, as_of) for trial in trials]

    groups = []
    for verdict, trials in by_verdict.items():
        if not trials:
            continue
        count = len(trials)
        last_page = max(1, -(-count // per_group))
        page = min(pages.get(verdict, 1), last_page)
        listed = verdict != engine.Verdict.NOT or verdict in pages
        shown = trials[(page - 1) * per_group : page * per_group] if listed else []
        groups.append(
            VerdictGroup(
                verdict,
                str(VERDICT_TITLES[verdict]),
                VERDICT_ICONS[verdict],
                cards_under(verdict, shown),
                count=count,
                page=page,
                pages=last_page,
                first=(page - 1) * per_group + 1,
                listed=listed,
            )
        )
    results = Results(
        groups=groups,
        count=len(catalogue.engine),
        counts={verdict.value: len(trials) for verdict, trials in by_verdict.items()},
        out_of_reach=cards_for(beyond[:per_group]),
        out_of_reach_count=len(beyond),
        max_km=max_km if origin is not None else None,
        located=origin is not None,
        ask_doctor=lambda: doctor_questions(catalogue, answers, as_of),
    )
    translate_cards(
        [card for group in results.groups for card in group.cards] + results.out_of_reach
    )
    if origin is not None:
        cards = [card for group in results.groups for card in group.cards]
        cards += results.out_of_reach
        missing = [card.trial.pk for card in cards if card.trial.pk not in nearest]
        if missing:
            nearest.update(nearest_recruiting_sites(missing, origin))
        for card in cards:
            card.nearest = nearest.get(card.trial.pk)
    return results


# Not repeated as a question for the doctor: the questionnaire asks it gently, as optional,
# and the study team talks about it with the doctor.
NOT_FOR_THE_DOCTOR_LIST = frozenset({"life_expectancy_months"})
FIRST_QUESTIONS = 5
DOCTOR_TOPICS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "cancer",
        frozenset(
            {
                "diagnosis",
                "histology_confirmed",
                "disease_status",
                "measurable_disease",
                "tissue_sample_available",
            }
        ),
    ),
    ("treatment", frozenset({"prior_systemic_lines", "prior_therapies", "last_treatment"})),
)
TOPIC_TITLES = {
    "cancer": pgettext_lazy("questions for the doctor", "About your cancer"),
    "treatment": pgettext_lazy("questions for the doctor", "About your treatments so far"),
    "health": pgettext_lazy("questions for the doctor", "About your health"),
}


def _question_text(key: str) -> str:
    label = str(QUESTION_LABELS[key].label)
    if "%(condition)s" in label:
        label = label % {
            "condition": engine.FLAG_LABELS[key].render(engine.Audience.PATIENT, gettext)
        }
    return label


def _topic(key: str) -> str:
    return next((topic for topic, keys in DOCTOR_TOPICS if key in keys), "health")


def doctor_questions(
    catalogue: PublishedCatalogue, answers: engine.Answers, as_of: datetime.date
) -> DoctorQuestions:
    """The questions whose answers some trial not ruled out still needs, those that decide the
    most trials first (`FIRST_QUESTIONS` of them); the others grouped by topic."""
    reach = [
        (key, DoctorQuestion(_question_text(key), trials))
        for key, trials in engine.unanswered_reach(catalogue.engine, answers, as_of=as_of)
        if key not in NOT_FOR_THE_DOCTOR_LIST
    ]
    first = [question for _, question in reach[:FIRST_QUESTIONS]]
    rest = reach[FIRST_QUESTIONS:]
    more = []
    for topic in TOPIC_TITLES:
        questions = [question for key, question in rest if _topic(key) == topic]
        if questions:
            more.append(DoctorTopic(str(TOPIC_TITLES[topic]), questions))
    return DoctorQuestions(first=first, more=more)


def translate_cards(cards: list[TrialCard]) -> None:
    """On a Chinese page, show the site's translations of the cards' titles and protocol lines
    where a curator has written them (the protocol's English otherwise)."""
    if not cards:
        return
    ids = {
        id(card): [card.trial.criterion_id(index) for index in range(len(card.spec.criteria))]
        for card in cards
    }
    titles, texts = translated_texts(
        [card.trial.pk for card in cards],
        [pk for row_ids in ids.values() for pk in row_ids if pk is not None],
    )
    chinese = (get_language() or "").lower().startswith("zh")
    for card in cards:
        card.translated_title = titles.get(card.trial.pk, "")
        card.translation_missing = chinese and not card.translated_title
        card.translated_texts = {
            index: text
            for index, pk in enumerate(ids[id(card)])
            if pk is not None and (text := texts.get(pk))
        }
        card._lines = None  # built again with the translations


def questions_for_doctor(
    catalogue: PublishedCatalogue, answers: engine.Answers, as_of: datetime.date
) -> list[str]:
    """The questions for the doctor as one list, those that decide the most trials first."""
    return doctor_questions(catalogue, answers, as_of).as_list()


def information_needed(
    catalogue: PublishedCatalogue, answers: engine.Answers, as_of: datetime.date
) -> list[str]:
    """`questions_for_doctor` in clinical terms: the data items some trial not ruled out still
    needs, as the clinician page labels them."""
    items = []
    for key in engine.unanswered_keys(catalogue.engine, answers, as_of=as_of):
        question = QUESTION_LABELS[key]
        label = str(question.clinician_label or question.label)
        if "%(condition)s" in label:
            label = label % {
                "condition": engine.FLAG_LABELS[key].render(engine.Audience.CLINICIAN, gettext)
            }
        items.append(label)
    return items
