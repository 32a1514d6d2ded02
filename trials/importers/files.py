"""Turn the command's paths into trial records: expand folders, pick a reader per file.

A folder means every importable file in it (`.txt`, `.json`, `.yaml`, `.yml`), in name order,
not recursing; other files (README.md) are ignored. A `.json` file whose top level is an object
with a "trial" key is a structured seed file; any other JSON is ClinicalTrials.gov API v2 (a
study, a list of studies, or `{"studies": [...]}`). YAML files are always structured seed files.
A `.txt` document that a structured file of the same run names as its `document` is read only
through that file, so a folder of documents and their structured files gives one trial each.
Everything is read before anything is written, and no database is touched here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

import yaml

from trials.importers.ctgov import read_ctgov
from trials.importers.records import ImportProblem, TrialRecord
from trials.importers.seed_text import parse_seed_text, read_text_file
from trials.importers.structured import document_path, read_structured

IMPORTABLE_SUFFIXES = (".txt", ".json", ".yaml", ".yml")


def expand_paths(paths: Sequence[str]) -> list[str]:
    """The files to read, in order: folders expanded (name order), each file once."""
    files: list[str] = []
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            names = sorted(
                name
                for name in os.listdir(path)
                if name.lower().endswith(IMPORTABLE_SUFFIXES)
                and os.path.isfile(os.path.join(path, name))
            )
            if not names:
                raise ImportProblem(
                    path, None, "the folder holds no importable file (.txt, .json, .yaml or .yml)"
                )
            found = [os.path.join(path, name) for name in names]
        elif os.path.isfile(path):
            if not path.lower().endswith(IMPORTABLE_SUFFIXES):
                raise ImportProblem(
                    path,
                    None,
                    "this is not an importable file (expected .txt, .json, .yaml or .yml)",
                )
            found = [path]
        else:
            raise ImportProblem(path, None, "there is no such file or folder")
        for file in found:
            if (real := os.path.realpath(file)) not in seen:
                seen.add(real)
                files.append(file)
    return files


def load_data(path: str) -> Any:
    """The decoded content of a JSON or YAML file; a syntax error names the line."""
    text = read_text_file(path)
    if path.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportProblem(
                path,
                f"line {error.lineno}, column {error.colno}",
                f"the file is not valid JSON ({error.msg})",
            ) from error
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        reason = getattr(error, "problem", None) or "a syntax error"
        raise ImportProblem(path, where, f"the file is not valid YAML ({reason})") from error


def is_structured(path: str, data: Any) -> bool:
    """YAML, or JSON whose top level is an object with a "trial" key (CT.gov never has one)."""
    if not path.lower().endswith(".json"):
        return True
    return isinstance(data, dict) and "trial" in data


def read_paths(paths: Sequence[str]) -> list[TrialRecord]:
    """Every trial record the paths hold; any problem stops the whole run."""
    files = expand_paths(paths)
    data: dict[str, Any] = {
        file: load_data(file) for file in files if not file.lower().endswith(".txt")
    }
    consumed: set[str] = set()
    for file, content in data.items():
        if is_structured(file, content) and (document := document_path(content, file)):
            consumed.add(os.path.realpath(document))
    records: list[TrialRecord] = []
    for file in files:
        if file.lower().endswith(".txt"):
            if os.path.realpath(file) not in consumed:
                records.append(parse_seed_text(read_text_file(file), file))
        elif is_structured(file, data[file]):
            records.append(read_structured(data[file], file))
        else:
            records.extend(read_ctgov(data[file], file))
    check_unique(records)
    return records


def check_unique(records: Sequence[TrialRecord]) -> None:
    """Two records of one run must not name the same trial."""
    seen: dict[str, TrialRecord] = {}
    for record in records:
        keys = [f"NCT ID {record.nct_id}"] if record.nct_id else []
        keys.append(f"slug {record.slug}")
        for key in keys:
            if (first := seen.get(key)) is not None:
                field = "nct_id" if key.startswith("NCT") else "slug"
                raise ImportProblem(
                    record.source, field, f"the {key} is also imported from {first.source}"
                )
            seen[key] = record
