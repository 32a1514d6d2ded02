"""Load the site's own translations of trial texts from files (`seeds/translations/*.yaml`).

A file holds one trial's Simplified Chinese texts, found by the trial's slug:

    trial: hlx43-recurrent-metastatic-npc
    title: ...
    official_title: ...
    summary: ...
    description: ...
    sites: {"<facility as registered>": "<translated name>"}
    criteria:
      inclusion: {1: "<line 1, translated>", ...}
      exclusion: {1: ...}

A translation only fills what is empty: a text a curator has written or changed in the admin is
never overwritten, and the English fields are never touched. Loading the same files twice
changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import yaml
from django.db import transaction

from .models import TRANSLATION_LANGUAGE, EligibilityCriterion, Site, Trial

TRIAL_FIELDS = {
    "title": "translated_title",
    "official_title": "translated_official_title",
    "summary": "translated_summary",
    "description": "translated_description",
}
KEYS = frozenset({"trial", "sites", "criteria", *TRIAL_FIELDS})


class TranslationProblem(Exception):
    """A translation file that cannot be read: names the file and what is wrong."""


@dataclass
class Loaded:
    trial: str
    filled: int  # texts written (empty before)
    kept: int  # texts already there (a curator's), left as they are


def translation_files(folder: str) -> list[str]:
    """The translation files of a folder, in name order (none when it has no such folder)."""
    if not os.path.isdir(folder):
        return []
    return [
        os.path.join(folder, name)
        for name in sorted(os.listdir(folder))
        if name.endswith((".yaml", ".yml"))
    ]


def load_translation_file(path: str) -> Loaded | None:
    """Fill a trial's empty translations from one file; None when the trial is not there."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise TranslationProblem(f"{path}: cannot be read ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("trial"), str):
        raise TranslationProblem(f"{path}: expected a mapping with the trial's slug under 'trial'")
    if unknown := sorted(set(data) - KEYS, key=str):
        raise TranslationProblem(f"{path}: unknown key {unknown[0]!r}")
    trial = Trial.objects.filter(slug=data["trial"]).first()
    if trial is None:
        return None
    loaded = Loaded(trial=trial.slug, filled=0, kept=0)
    with transaction.atomic():
        _fill(trial, {TRIAL_FIELDS[k]: v for k, v in data.items() if k in TRIAL_FIELDS}, loaded)
        for facility, name in (data.get("sites") or {}).items():
            for site in Site.objects.filter(trial=trial, facility=facility):
                _fill(site, {"translated_facility": name}, loaded)
        for kind, lines in (data.get("criteria") or {}).items():
            for line, text in (lines or {}).items():
                for criterion in EligibilityCriterion.objects.filter(
                    trial=trial, kind=kind, line=line
                ):
                    _fill(criterion, {"translated_text": text}, loaded)
    return loaded


def _fill(obj: Any, values: dict[str, Any], loaded: Loaded) -> None:
    translation = obj.translations.filter(language_code=TRANSLATION_LANGUAGE).first()
    if translation is None:
        translation = obj.translations.model(master=obj, language_code=TRANSLATION_LANGUAGE)
    changed = False
    for name, value in values.items():
        text = str(value or "").strip()
        if not text:
            continue
        if getattr(translation, name):
            loaded.kept += 1
            continue
        setattr(translation, name, text)
        loaded.filled += 1
        changed = True
    if changed:
        translation.save()
