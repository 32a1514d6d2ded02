"""No word of a corpus record's eligibility text is lost on import.

Each record of tests/fixtures/ctgov/corpus is imported into the database; its stored criteria
(the protocol lines, in order, each once) must hold every word of the source text as often as
the source has it. Bullets and numbering, the "Inclusion Criteria:" / "Exclusion Criteria:"
heading words and Markdown backslash escapes are not words (nor is numbering inside a line,
"... or older. 2. Histologically ...", or "... of chest 4. Active ..." after a "3.", which the
splitter turns into lines of their own).
Today some records lose words (preambles and sub-headings the splitter keeps only in the
eligibility text, "Inclusion:" style headings it does not know): they are listed in
KNOWN_LOSSES, and the test holds that list exact, so that a fix shows up as a failure asking
for the record to leave the list.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from trials.importers.ctgov import read_ctgov
from trials.importers.eligibility import unescape
from trials.importers.store import save_records
from trials.models import EligibilityCriterion

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "ctgov" / "corpus"
FILES = {path.stem: path for path in sorted(CORPUS.glob("*/NCT*.json"))}

# Records that lose words today, and what they lose (the words the check reports).
KNOWN_LOSSES: dict[str, str] = {}

_HEADING_WORDS = {"key", "main", "inclusion", "exclusion", "criteria", "criterion"}
_HEADING_LINE = re.compile(
    r"^\W*(?:(?:key|main)\s+)?(?:inclusion|exclusion)(?:\s+criteria)?\b[^.;]{0,40}[:：]?\W*$",
    re.IGNORECASE,
)
_BULLETS = re.compile(r"^\s*(?:(?:[*\-•·▪+]|\d+[.)]|[a-zA-Z][.)]|[ivxIVX]{1,4}[.)])\s*)+")
_WORD = re.compile(r"\w+")
# Numbering inside a line: "... 18 or older. 2. Histologically confirmed ...".
_INLINE_NUMBERING = re.compile(r"(?<=[.;；。]\s)\d{1,2}\.\s+(?=[A-Z(\"“≥≤])")


# The same without the stop ("... of chest 4. Active bleeding 5. ..."), after the number before.
_RUN_ON_NUMBER = re.compile(r"(?<=[\w)\]%]\s)(\d{1,2})\.\s+(?=[A-Z(\"“≥≤])")


def _run_on_numbering(line: str) -> str:
    """The line less numbers that follow on from one before them in it ("1. ... 2. ...")."""
    return _RUN_ON_NUMBER.sub(
        lambda match: (
            " "
            if re.search(rf"(?<!\d){int(match.group(1)) - 1}\.\s", line[: match.start()])
            else match.group(0)
        ),
        line,
    )


def words(text: str) -> Counter[str]:
    """The words of an eligibility text, less bullets, numbering and heading words."""
    counted: Counter[str] = Counter()
    for line in unescape(text).splitlines():
        line = _INLINE_NUMBERING.sub(" ", _BULLETS.sub("", _run_on_numbering(line)))
        found = [word.lower() for word in _WORD.findall(line)]
        if _HEADING_LINE.match(line):
            found = [word for word in found if word not in _HEADING_WORDS]
        counted.update(found)
    return counted


def stored_words(nct_id: str) -> Counter[str]:
    """The words of the stored protocol lines, each line counted once."""
    lines: dict[tuple[str, int | None, str], None] = {}
    for criterion in EligibilityCriterion.objects.filter(trial__nct_id=nct_id).order_by("order"):
        lines.setdefault((criterion.kind, criterion.line, criterion.text), None)
    counted: Counter[str] = Counter()
    for _kind, _line, text in lines:
        counted.update(words(text))
    return counted


def lost_words(nct_id: str) -> list[str]:
    path = FILES[nct_id]
    (record,) = read_ctgov(json.loads(path.read_text(encoding="utf-8")), path.name)
    save_records([record])
    source = words(record.eligibility_text or "")
    return sorted((source - stored_words(nct_id)).elements())


def test_the_known_losses_are_corpus_records() -> None:
    assert set(KNOWN_LOSSES) <= set(FILES)


@pytest.mark.django_db
@pytest.mark.parametrize("nct_id", sorted(FILES))
def test_every_word_of_the_eligibility_text_is_in_the_stored_lines(nct_id: str) -> None:
    lost = lost_words(nct_id)

    if nct_id in KNOWN_LOSSES:
        assert lost, f"{nct_id} no longer loses words: remove it from KNOWN_LOSSES"
    else:
        assert not lost, f"{nct_id} loses {lost}"
