"""Split an eligibility text into one `text` criterion per protocol line.

The rule: "Inclusion Criteria:" and "Exclusion Criteria:" headings (any case, optionally "Key
...", a leading "-" or Markdown emphasis, colon optional, ASCII or full-width) open a section.
Lines before the first heading are an inclusion section when they hold bullets ("Subjects must
meet all the following inclusion criteria:" then bullets, then "Exclusion Criteria"). In a
section with bullets (`*`, `-`, `•`, `+`, or `1.` / `1)` numbers) each top-level bullet is a
criterion; a bullet indented deeper than the first one is appended to its parent ("Adequate
organ function: ANC >= 1.5; platelets >= 100"), a line without a bullet continues the line
before it, and lines before the first bullet are a preamble that stays in the eligibility text
only. So does an unindented sub-heading after a blank line ("Part 1 cohorts ONLY:"). A section
whose only top-level bullet wraps all the others ("* • The patient must ...", then indented
bullets) is read as if the inner bullets were top-level. In a section without bullets each
non-blank line is a criterion. A text without any heading is read as one inclusion section.

Texts are kept as given except the bullet or "N. " number (also one written after the bullet,
"* 1\\. Age ..."), a doubled bullet, the surrounding whitespace, and Markdown backslash
escapes (`\\>=` -> `>=`). A numbered line keeps its number as `line`; otherwise `line` is the
criterion's position in its section, from 1. Every criterion is of type `text` and
unreviewed: the extraction step (`extraction.py`) proposes types, a curator reviews them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trials.importers.records import CriterionRecord

_HEADING = re.compile(
    r"^\s*[-*#_\s]*(?:key\s+)?(inclusion|exclusion)\s+criteria\s*[:：]?[\s*_]*$", re.IGNORECASE
)
_BULLET = re.compile(r"^(\s*)(?:[*\-•+]|(\d+)[.)]|(?:[a-zA-Z]|[ivxIVX]{2,4})[.)])\s+(.*?)\s*$")
# A number written after the bullet ("* 1\. Voluntary ...") or a doubled bullet ("* • The").
_INNER_NUMBER = re.compile(r"^(\d+)[.)]\s+(.*)$")
_INNER_BULLET = re.compile(r"^[•·▪]\s*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>=~|^&])")


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes: `\\>=` -> `>=`, `\\<` -> `<`, `\\*` -> `*`."""
    return _ESCAPE.sub(r"\1", text)


@dataclass
class _Item:
    text: str
    number: int | None
    children: int = 0

    def append(self, text: str, *, nested: bool) -> None:
        """Add a continuation line (a space) or a nested bullet (a semicolon unless punctuated)."""
        punctuated = self.text.endswith((":", ";", ",", "."))
        separator = "; " if nested and not punctuated else " "
        self.text = f"{self.text}{separator}{text}"


def _is_subheading(line: str, previous_blank: bool, top_indent: int | None) -> bool:
    """An unindented line after a blank line, ending with a colon: "Part 1 cohorts ONLY:"."""
    indent = len(line) - len(line.lstrip())
    return (
        previous_blank
        and line.rstrip().endswith((":", "："))
        and (top_indent is None or indent <= top_indent)
    )


def _bullet_items(lines: list[str], *, flatten: bool) -> list[_Item]:
    items: list[_Item] = []
    top_indent: int | None = None
    previous_blank = True
    current: _Item | None = None
    for line in lines:
        if not line.strip():
            previous_blank = True
            continue
        bullet = _BULLET.match(line)
        if bullet is None:
            if _is_subheading(line, previous_blank, top_indent):
                current = None  # stays in the eligibility text only
            elif current is not None:
                current.append(line.strip(), nested=False)
            previous_blank = False
            continue
        previous_blank = False
        indent = len(bullet.group(1).expandtabs(4))
        number = int(bullet.group(2)) if bullet.group(2) else None
        text = _INNER_BULLET.sub("", bullet.group(3))
        if inner := _INNER_NUMBER.match(unescape(text)):
            number, text = number or int(inner.group(1)), inner.group(2)
        if items and top_indent is not None and indent > top_indent and not flatten:
            items[-1].append(text, nested=True)
            items[-1].children += 1
            current = items[-1]
            continue
        if top_indent is None or not flatten:
            top_indent = indent if top_indent is None else min(top_indent, indent)
        current = _Item(text, number)
        items.append(current)
    return items


def _section_items(lines: list[str]) -> list[_Item]:
    if not any(_BULLET.match(line) for line in lines):
        return [_Item(line.strip(), None) for line in lines if line.strip()]
    items = _bullet_items(lines, flatten=False)
    if len(items) == 1 and items[0].children >= 2:
        # One wrapper bullet holding every criterion: the inner bullets are the criteria.
        return _bullet_items(lines, flatten=True)
    return items


def split_eligibility(text: str) -> tuple[CriterionRecord, ...]:
    """One unreviewed `text` criterion per protocol line, inclusion and exclusion."""
    lines = text.splitlines()
    sections: list[tuple[str, list[str]]] = [("inclusion", [])]
    before_first_heading = True
    for line in lines:
        if heading := _HEADING.match(line):
            if before_first_heading and not any(_BULLET.match(item) for item in sections[0][1]):
                # Text before the first heading without bullets is a preamble (or nothing).
                sections = []
            before_first_heading = False
            sections.append((heading.group(1).lower(), []))
        else:
            sections[-1][1].append(line)
    criteria: list[CriterionRecord] = []
    for kind, section_lines in sections:
        for position, item in enumerate(_section_items(section_lines), start=1):
            criteria.append(
                CriterionRecord(
                    kind=kind,
                    text=unescape(item.text),
                    line=item.number if item.number is not None else position,
                )
            )
    return tuple(criteria)
