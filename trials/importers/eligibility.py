"""Split an eligibility text into one `text` criterion per protocol line.

The rule: "Inclusion Criteria:" and "Exclusion Criteria:" headings (any case, optionally "Key
...", colon optional) open a section. In a section with bullets (`*`, `-`, `•`, `+`, or `1.` /
`1)` numbers) each top-level bullet is a criterion; a bullet indented deeper than the first one
is appended to its parent ("Adequate organ function: ANC >= 1.5; platelets >= 100"), a line
without a bullet continues the line before it, and lines before the first bullet are a
preamble that stays in the eligibility text only. In a section without bullets each non-blank
line is a criterion. A text without any heading is read as one inclusion section.

Texts are kept as given except the bullet or "N. " number, the surrounding whitespace, and
Markdown backslash escapes (`\\>=` -> `>=`). A numbered line keeps its number as `line`;
otherwise `line` is the criterion's position in its section, from 1. Every criterion is of type
`text` and unreviewed: a curator or the extraction step types it later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trials.importers.records import CriterionRecord

_HEADING = re.compile(r"^\s*(?:key\s+)?(inclusion|exclusion)\s+criteria\s*:?\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^(\s*)(?:[*\-•+]|(\d+)[.)])\s+(.*?)\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>=~|^&])")


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes: `\\>=` -> `>=`, `\\<` -> `<`, `\\*` -> `*`."""
    return _ESCAPE.sub(r"\1", text)


@dataclass
class _Item:
    text: str
    number: int | None

    def append(self, text: str, *, nested: bool) -> None:
        """Add a continuation line (a space) or a nested bullet (a semicolon unless punctuated)."""
        punctuated = self.text.endswith((":", ";", ",", "."))
        separator = "; " if nested and not punctuated else " "
        self.text = f"{self.text}{separator}{text}"


def _section_items(lines: list[str]) -> list[_Item]:
    if not any(_BULLET.match(line) for line in lines):
        return [_Item(line.strip(), None) for line in lines if line.strip()]
    items: list[_Item] = []
    top_indent: int | None = None
    for line in lines:
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        if bullet is None:
            if items:
                items[-1].append(line.strip(), nested=False)
            continue
        indent = len(bullet.group(1).expandtabs(4))
        number = int(bullet.group(2)) if bullet.group(2) else None
        text = bullet.group(3)
        if items and top_indent is not None and indent > top_indent:
            items[-1].append(text, nested=True)
            continue
        top_indent = indent if top_indent is None else min(top_indent, indent)
        items.append(_Item(text, number))
    return items


def split_eligibility(text: str) -> tuple[CriterionRecord, ...]:
    """One unreviewed `text` criterion per protocol line, inclusion and exclusion."""
    lines = text.splitlines()
    has_headings = any(_HEADING.match(line) for line in lines)
    sections: list[tuple[str, list[str]]] = [] if has_headings else [("inclusion", [])]
    for line in lines:
        if heading := _HEADING.match(line):
            sections.append((heading.group(1).lower(), []))
        elif sections:
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
