"""A shared pre-screen summary as coordinators read it, in the reader's language.

The summary is stored as data (`matcher.prescreen.prescreen_summary`): answer keys, values,
statuses. Here it becomes one row per criterion: the protocol's wording, the question the
person was asked, their answer in words and when they gave it, and the result in words. A
sentence shared by several criteria is written once, under the table, instead of in each row.
The admin page and both parts of the email (HTML, and plain text) show the same rows.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext, pgettext

from matcher import engine, freshness
from matcher.answers import describe_answer
from matcher.questions import QUESTIONS, worded
from matcher.results import CLINICIAN_STATUS_TITLES, VERDICT_TITLES

QUESTION_BY_KEY = {question.key: question for question in QUESTIONS}
ORDER = {question.key: index for index, question in enumerate(QUESTIONS)}


@dataclass(frozen=True)
class CriterionRow:
    kind: str  # "Needed" or "Rules out"
    text: str  # the protocol's own wording, as given
    question: str  # empty when the criterion reads no answer
    answer: str
    answered_on: str
    status: str  # pass, fail or unknown: for the stylesheet only
    result: str  # "Met", "Not met" or "To check"
    reason: str  # empty when the sentence is one of the shared notes
    note: int | None = None  # the number of the shared note that explains the result


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str
    answered_on: str


@dataclass(frozen=True)
class Note:
    number: int
    text: str
    count: int


@dataclass
class PrescreenTable:
    verdict: str
    judged_on: str
    eligible_from: str
    answered_as: str
    counts: str
    criteria: list[CriterionRow] = field(default_factory=list)
    other_answers: list[AnswerRow] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def _day(value: object) -> str:
    day = freshness.parse_day(value)
    return date_format(day, "DATE_FORMAT") if day else ""


def _audience(summary: dict[str, Any]) -> engine.Audience:
    try:
        return engine.Audience(summary.get("mode") or "patient")
    except ValueError:
        return engine.Audience.PATIENT


def _question(key: str, audience: engine.Audience) -> str:
    question = QUESTION_BY_KEY.get(key)
    if question is None:
        return ""
    label = question.label
    if audience == engine.Audience.CLINICIAN and question.clinician_label:
        label = question.clinician_label
    return worded(label, key, audience)


def _answer(key: str, value: Any, audience: engine.Audience) -> str:
    if value is None:
        return gettext("Not answered")
    try:
        return describe_answer(key, value, audience)
    except (KeyError, ValueError, TypeError, AttributeError):
        # An answer stored before its vocabulary changed: shown as it was stored.
        return str(value)


def _reason(criterion: dict[str, Any]) -> str:
    reasons = criterion.get("reasons")
    language = get_language() or "en"
    if isinstance(reasons, dict):
        for code in (language, language.split("-")[0], "en"):
            if reasons.get(code):
                return str(reasons[code])
    return str(criterion.get("reason") or "")


def _status(value: object) -> engine.Status:
    try:
        return engine.Status(str(value))
    except ValueError:
        return engine.Status.UNKNOWN


def _verdict(value: object) -> str:
    try:
        return str(VERDICT_TITLES[engine.Verdict(str(value))])
    except ValueError:
        return ""


def readable_summary(summary: dict[str, Any]) -> PrescreenTable:
    """The summary's rows in the active language (see the module's docstring)."""
    audience = _audience(summary)
    stored_answers = summary.get("answers")
    answers: dict[str, Any] = stored_answers if isinstance(stored_answers, dict) else {}
    answered_on = summary.get("answered_on")
    answered_on = answered_on if isinstance(answered_on, dict) else {}
    criteria = [c for c in summary.get("criteria") or [] if isinstance(c, dict)]

    reasons = [_reason(criterion) for criterion in criteria]
    repeated = [text for text, count in Counter(reasons).items() if text and count > 1]
    notes = [
        Note(number, text, reasons.count(text)) for number, text in enumerate(repeated, start=1)
    ]
    note_numbers = {note.text: note.number for note in notes}

    rows = []
    read_keys = set()
    for criterion, reason in zip(criteria, reasons, strict=True):
        key = criterion.get("answer_key") or ""
        read_keys.add(key)
        status = _status(criterion.get("status"))
        asked = key in QUESTION_BY_KEY
        rows.append(
            CriterionRow(
                kind=gettext("Needed")
                if criterion.get("kind") == "inclusion"
                else gettext("Rules out"),
                text=str(criterion.get("text") or ""),
                question=_question(key, audience) if asked else "",
                answer=_answer(key, answers.get(key), audience) if asked else "",
                answered_on=_day(answered_on.get(key)) if key in answers else "",
                status=status.value,
                result=str(
                    CLINICIAN_STATUS_TITLES[
                        (
                            "inclusion" if criterion.get("kind") == "inclusion" else "exclusion",
                            status,
                        )
                    ]
                ),
                reason="" if reason in note_numbers else reason,
                note=note_numbers.get(reason),
            )
        )
    other = [
        AnswerRow(
            question=_question(key, audience),
            answer=_answer(key, value, audience),
            answered_on=_day(answered_on.get(key)),
        )
        for key, value in sorted(answers.items(), key=lambda item: ORDER.get(item[0], len(ORDER)))
        if key not in read_keys and key in QUESTION_BY_KEY
    ]
    statuses = Counter(row.status for row in rows)
    counts = gettext("%(met)s met, %(not_met)s not met, %(to_check)s to check") % {
        "met": statuses[engine.Status.PASS],
        "not_met": statuses[engine.Status.FAIL],
        "to_check": statuses[engine.Status.UNKNOWN],
    }
    return PrescreenTable(
        verdict=_verdict(summary.get("verdict")),
        judged_on=_day(summary.get("as_of")),
        eligible_from=_day(summary.get("eligible_from")),
        answered_as=gettext("A clinician, with clinical questions")
        if audience == engine.Audience.CLINICIAN
        else gettext("The person, with questions in plain words"),
        counts=counts,
        criteria=rows,
        other_answers=other,
        notes=notes,
    )


# The plain-text part of the email: the same rows as a table of fixed-width columns.


def _width(text: str) -> int:
    """Columns the text takes in a fixed-width font (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _tokens(text: str) -> list[str]:
    """Words with their following space; each wide character is a word of its own."""
    tokens: list[str] = []
    current = ""
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            if current:
                tokens.append(current)
            tokens.append(char)
            current = ""
        elif char == " ":
            tokens.append(current + " ")
            current = ""
        else:
            current += char
    if current:
        tokens.append(current)
    return tokens


def wrap(text: str, width: int) -> list[str]:
    """The text in lines of at most `width` columns (a longer word is cut)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        start = len(lines)
        line = ""
        for token in _tokens(paragraph):
            while _width(token.rstrip()) > width:  # a word longer than the column
                room = width - _width(line)
                if room <= 0:
                    lines.append(line.rstrip())
                    line, room = "", width
                cut = ""
                for char in token:
                    if _width(cut + char) > room:
                        break
                    cut += char
                if not cut and not line:
                    cut = token[0]  # a column narrower than one wide character
                lines.append(line + cut)
                line, token = "", token[len(cut) :]
            if _width((line + token).rstrip()) > width:
                lines.append(line.rstrip())
                line = ""
            line += token
        if line.strip() or len(lines) == start:
            lines.append(line.rstrip())
    return lines


def text_table(headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """A table for a plain-text email: wrapped cells between | separators, a rule per row."""
    rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"

    def block(cells: list[str]) -> list[str]:
        wrapped = [wrap(cell, width) for cell, width in zip(cells, widths, strict=True)]
        height = max(len(lines) for lines in wrapped)
        out = []
        for index in range(height):
            parts = []
            for lines, width in zip(wrapped, widths, strict=True):
                text = lines[index] if index < len(lines) else ""
                parts.append(" " + text + " " * (width - _width(text)) + " ")
            out.append("|" + "|".join(parts) + "|")
        return out

    lines = [rule, *block(headers), rule.replace("-", "=")]
    for row in rows:
        lines.extend(block(row))
        lines.append(rule)
    return "\n".join(lines)


def as_text(table: PrescreenTable) -> str:
    """The summary for the plain-text part of the email."""
    given = pgettext("answer", "given %(date)s")
    criteria = text_table(
        [gettext("Criterion"), gettext("Question and answer"), gettext("Result")],
        [
            [
                f"{row.kind}: {row.text}",
                "\n".join(
                    part
                    for part in (
                        row.question,
                        row.answer and "→ " + row.answer,
                        row.answered_on and "(" + given % {"date": row.answered_on} + ")",
                    )
                    if part
                )
                or "-",
                row.result
                + (f"\n{row.reason}" if row.reason else "")
                + (f" [{row.note}]" if row.note else ""),
            ]
            for row in table.criteria
        ],
        [30, 26, 18],
    )
    parts = [criteria]
    if table.notes:
        parts.append(
            "\n".join(
                f"[{note.number}] "
                + ngettext(
                    "%(count)s criterion: %(text)s", "%(count)s criteria: %(text)s", note.count
                )
                % {"count": note.count, "text": note.text}
                for note in table.notes
            )
        )
    if table.other_answers:
        parts.append(
            gettext("Other answers")
            + "\n"
            + text_table(
                [gettext("Question"), gettext("Answer"), gettext("Given on")],
                [[row.question, row.answer, row.answered_on or "-"] for row in table.other_answers],
                [34, 24, 14],
            )
        )
    return "\n\n".join(parts)
