"""Score the criteria proposed from ClinicalTrials.gov records against a labelled reading.

`score_paths(records, labels)` reads each study the way `import_trials` does (`read_ctgov`:
eligibility split into protocol lines, typed criteria proposed, registry age and sex limits),
without touching the database, turns the proposed criteria back into the label fields, and
counts, per field, true positives, false positives and false negatives.

The labels (see tests/fixtures/ctgov/corpus/README.md) hold one object per NCT ID; `null` means
the record does not state the field for every participant. Per field and record, with L the
label and P the value read from the proposals (`None` when nothing was proposed):

- L and P both stated and equal: one TP;
- both stated and different: one FP and one FN (a wrong value is a wrong proposal and a miss);
- L null, P stated: one FP;
- L stated, P null: one FN;
- both null: nothing is counted.

`diagnosis` is a list of condition codes and is counted per code: a proposed code in the label
is a TP, a proposed code not in it an FP, a labelled code not proposed an FN (an empty label
means "any cancer": every proposed code is an FP). Codes are compared exactly (a parent code is
not its child). `diagnosis` is read from `diagnosis` criteria (params `{"codes": [...]}`);
`diagnosis_conditions` scores, against the same label, the condition codes the importer sets
on the trial from the registry's condition names (the synonym table).

How the proposals become label fields:

- age: inclusion `age` criteria, params `min`/`max` in years and, when given, `min_months`/
  `max_months`; several are intersected. A label `age_min` of 0 is no lower limit (null).
- sex: a `sex` criterion allowing one sex gives FEMALE or MALE; a label ALL is null.
- ecog: the allowed range [min, max]: an inclusion `{min, max}` allows min..max (missing bounds
  0 and 4), an exclusion `{min: k}` rules out k and over (allows 0..k-1); several intersect.
- measurable_disease: an inclusion `measurable_disease` criterion is true. A label `false`
  (evaluable or biochemical disease is enough) counts as null.
- prior_lines_min/max: inclusion `prior_lines` bounds; an exclusion's range is who is ruled
  out (exclusion `{min: k}` allows at most k-1, `{max: k}` requires at least k+1).
- life_expectancy_months: the largest `life_expectancy` `min_months`.
- washout_<category>: `washout` criteria of either kind, params `{"category", "days"}`; the
  longest per category. Categories: chemotherapy, immunotherapy, biologic,
  targeted_small_molecule, hormonal, radiotherapy, major_surgery, investigational.
- the common exclusions: exclusion `flag` criteria whose `question` is the field name.

Unknown criterion types and params are ignored, so the extractor can grow without breaking
the scorer. Precision is TP / (TP + FP) and recall TP / (TP + FN), `None` when undefined.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trials.importers.ctgov import read_ctgov
from trials.importers.records import CriterionRecord, ImportProblem, TrialRecord

WASHOUT_CATEGORIES = (
    "chemotherapy",
    "immunotherapy",
    "biologic",
    "targeted_small_molecule",
    "hormonal",
    "radiotherapy",
    "major_surgery",
    "investigational",
)
EXCLUSION_FLAGS = (
    "cns_metastases_active",
    "immunodeficiency_hiv",
    "hbv_hcv_active",
    "pregnant_or_breastfeeding",
    "autoimmune_active",
)
SCALAR_FIELDS = (
    "age_min",
    "age_max",
    "age_min_months",
    "age_max_months",
    "sex",
    "ecog",
    "measurable_disease",
    "prior_lines_min",
    "prior_lines_max",
    "life_expectancy_months",
    *(f"washout_{category}" for category in WASHOUT_CATEGORIES),
    *EXCLUSION_FLAGS,
)
CODE_FIELDS = ("diagnosis", "diagnosis_conditions")
FIELDS = (*SCALAR_FIELDS, *CODE_FIELDS)
# Every label object has these keys (plus `notes`); `diagnosis_conditions` reuses `diagnosis`.
LABEL_KEYS = (*SCALAR_FIELDS, "diagnosis", "notes")


@dataclass
class FieldScore:
    """Counts for one field over every scored record, and the records it got wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return round(self.tp / (self.tp + self.fp), 4) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return round(self.tp / (self.tp + self.fn), 4) if self.tp + self.fn else None


def read_records(paths: Sequence[str | Path]) -> list[TrialRecord]:
    """The studies in these files; a folder means its NCT*.json files, in name order."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(sorted(path.glob("NCT*.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise ImportProblem(str(path), None, "no such file or folder")
    records: list[TrialRecord] = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ImportProblem(str(path), None, f"not readable JSON ({error})") from error
        records.extend(read_ctgov(data, str(path)))
    return records


def read_labels(path: str | Path) -> dict[str, dict[str, Any]]:
    """The label objects by NCT ID (keys starting with "_" are comments)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(str(path), None, f"not readable JSON ({error})") from error
    if not isinstance(data, dict):
        raise ImportProblem(str(path), None, "the labels must be one object keyed by NCT ID")
    labels: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if not isinstance(value, dict):
            raise ImportProblem(str(path), key, "a label must be an object")
        labels[key] = value
    return labels


def _intersect(
    ranges: Iterable[tuple[int | None, int | None]],
) -> tuple[int | None, int | None] | None:
    low: int | None = None
    high: int | None = None
    seen = False
    for range_low, range_high in ranges:
        seen = True
        if range_low is not None:
            low = range_low if low is None else max(low, range_low)
        if range_high is not None:
            high = range_high if high is None else min(high, range_high)
    return (low, high) if seen else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def read_proposals(record: TrialRecord) -> dict[str, Any]:
    """The label fields as the proposed criteria of one record state them."""
    criteria: Sequence[CriterionRecord] = record.criteria or ()
    got: dict[str, Any] = dict.fromkeys(FIELDS)

    ages = [c.params for c in criteria if c.type == "age" and c.kind == "inclusion"]
    for unit, low_key, high_key in (("", "min", "max"), ("_months", "min_months", "max_months")):
        bounds = _intersect((_int(p.get(low_key)), _int(p.get(high_key))) for p in ages)
        if bounds is not None:
            got[f"age_min{unit}"] = bounds[0] or None  # 0 is no lower limit
            got[f"age_max{unit}"] = bounds[1]

    for c in criteria:
        allowed = c.params.get("allowed")
        if c.type == "sex" and c.kind == "inclusion" and isinstance(allowed, list):
            if len(allowed) == 1 and str(allowed[0]).upper() in {"FEMALE", "MALE"}:
                got["sex"] = str(allowed[0]).upper()
            break

    ecog_ranges: list[tuple[int | None, int | None]] = []
    for c in criteria:
        if c.type != "ecog":
            continue
        low, high = _int(c.params.get("min")), _int(c.params.get("max"))
        if c.kind == "inclusion":
            ecog_ranges.append((low or 0, 4 if high is None else high))
        elif low is not None and high is None:
            ecog_ranges.append((0, low - 1))
    if (ecog := _intersect(ecog_ranges)) is not None:
        got["ecog"] = list(ecog)

    if any(c.type == "measurable_disease" and c.kind == "inclusion" for c in criteria):
        got["measurable_disease"] = True

    lines: list[tuple[int | None, int | None]] = []
    for c in criteria:
        if c.type != "prior_lines":
            continue
        low, high = _int(c.params.get("min")), _int(c.params.get("max"))
        if c.kind == "exclusion":  # an exclusion's range is who is ruled out
            low, high = (
                (high + 1 if high is not None else None),
                (low - 1 if low is not None else None),
            )
        lines.append((low, high))
    if (prior := _intersect(lines)) is not None:
        got["prior_lines_min"], got["prior_lines_max"] = prior

    months = [
        m
        for c in criteria
        if c.type == "life_expectancy" and (m := _int(c.params.get("min_months"))) is not None
    ]
    if months:
        got["life_expectancy_months"] = max(months)

    for c in criteria:
        category, days = c.params.get("category"), _int(c.params.get("days"))
        if c.type == "washout" and category in WASHOUT_CATEGORIES and days is not None:
            key = f"washout_{category}"
            got[key] = max(days, got[key] or 0)

    for c in criteria:
        question = c.params.get("question")
        if c.type == "flag" and c.kind == "exclusion" and question in EXCLUSION_FLAGS:
            got[question] = True

    codes: list[str] = []
    for c in criteria:
        if c.type == "diagnosis" and c.kind == "inclusion":
            given = c.params.get("codes")
            if isinstance(given, list):
                codes.extend(str(code) for code in given if code)
    got["diagnosis"] = sorted(set(codes)) or None
    got["diagnosis_conditions"] = sorted(set(record.condition_codes or ())) or None
    return got


def expected(label: Mapping[str, Any]) -> dict[str, Any]:
    """The label fields in the form `read_proposals` gives, null where nothing is expected."""
    want: dict[str, Any] = {name: label.get(name) for name in SCALAR_FIELDS}
    if want["age_min"] == 0:
        want["age_min"] = None
    if want["age_min_months"] == 0:
        want["age_min_months"] = None
    if want["sex"] == "ALL":
        want["sex"] = None
    for name in ("measurable_disease", *EXCLUSION_FLAGS):
        if want[name] is not True:
            want[name] = None
    if want["ecog"] is not None:
        want["ecog"] = list(want["ecog"])
    diagnosis = label.get("diagnosis")
    codes = sorted(set(diagnosis)) if isinstance(diagnosis, list) else None
    want["diagnosis"] = want["diagnosis_conditions"] = codes
    return want


def score(
    records: Iterable[TrialRecord], labels: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """Per-field precision and recall of the proposals against the labels, as one JSON object."""
    scores = {name: FieldScore() for name in FIELDS}
    scored: list[str] = []
    unlabelled: list[str] = []
    for record in records:
        nct_id = record.nct_id or record.slug
        if nct_id not in labels:
            unlabelled.append(nct_id)
            continue
        scored.append(nct_id)
        got, want = read_proposals(record), expected(labels[nct_id])
        for name in SCALAR_FIELDS:
            _count(scores[name], nct_id, want[name], got[name])
        for name in CODE_FIELDS:
            _count_codes(scores[name], nct_id, want[name], got[name])
    result: dict[str, Any] = {
        "records": len(scored),
        "fields": {
            name: {
                "precision": s.precision,
                "recall": s.recall,
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }
            for name, s in scores.items()
        },
        "misses": {name: s.misses for name, s in scores.items() if s.misses},
    }
    if unlabelled:
        result["unlabelled"] = unlabelled
    return result


def _count(score: FieldScore, nct_id: str, want: Any, got: Any) -> None:
    if want is None and got is None:
        return
    if want == got:
        score.tp += 1
        return
    score.fp += got is not None
    score.fn += want is not None
    score.misses.append({"nct_id": nct_id, "expected": want, "got": got})


def _count_codes(score: FieldScore, nct_id: str, want: Any, got: Any) -> None:
    wanted, proposed = set(want or ()), set(got or ())
    score.tp += len(wanted & proposed)
    score.fp += len(proposed - wanted)
    score.fn += len(wanted - proposed)
    if wanted != proposed:
        score.misses.append({"nct_id": nct_id, "expected": sorted(wanted), "got": sorted(proposed)})


def score_paths(records: Sequence[str | Path], labels: str | Path) -> dict[str, Any]:
    """Read the labels, then the studies, and score (see the module docstring). The labels go
    first: a bad labels file is reported at once, not after every study has been read."""
    labelled = read_labels(labels)
    return score(read_records(records), labelled)
