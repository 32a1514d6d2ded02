"""The Simplified Chinese catalogue is complete, consistent, and compiled from its source."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path
from typing import Any

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def po_entries() -> list[dict[str, Any]]:
    """Entries of django.po as dicts: flags, msgid, msgid_plural, msgstr (list)."""
    entries = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, Any] = {"flags": "", "msgstr": []}
        current = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] = line
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if current == "msgstr":
                    entry["msgstr"][-1] += value
                else:
                    entry[current] += value
            else:
                key, _, rest = line.partition(" ")
                value = ast.literal_eval(rest)
                if key.startswith("msgstr"):
                    current = "msgstr"
                    entry["msgstr"].append(value)
                else:
                    current = key
                    entry[key] = value
        if "msgid" in entry:
            entries.append(entry)
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = [e for e in po_entries() if e["msgid"]]
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in str(e["flags"])]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_match():
    for entry in po_entries():
        # Chinese has one plural form, used for every count: it takes the plural's placeholders.
        expected = set(PLACEHOLDER.findall(str(entry.get("msgid_plural") or entry["msgid"])))
        for translation in entry["msgstr"]:
            if entry["msgid"]:
                assert set(PLACEHOLDER.findall(translation)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po_entries():
        if entry["msgid"] and "msgid_plural" not in entry:
            context = entry.get("msgctxt")
            found = (
                compiled.pgettext(context, entry["msgid"])
                if context
                else compiled.gettext(entry["msgid"])
            )
            assert found == entry["msgstr"][0], "django.mo is stale: run make messages"
