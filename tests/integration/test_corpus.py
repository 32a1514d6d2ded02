"""The labelled corpus of real ClinicalTrials.gov records: its shape, its split, its labels.

See tests/fixtures/ctgov/corpus/README.md. Pure Python: no database.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from trials.importers.ctgov import read_ctgov
from trials.importers.scoring import LABEL_KEYS, WASHOUT_CATEGORIES
from trials.reference import CONDITIONS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "ctgov" / "corpus"
REAL = ROOT / "tests" / "fixtures" / "ctgov" / "real"
LABELS: dict[str, dict[str, Any]] = json.loads((CORPUS / "labels.json").read_text("utf-8"))
CODES: dict[str, dict[str, Any]] = json.loads((CORPUS / "condition_codes.json").read_text("utf-8"))
FILES = {path.stem: path for path in sorted(CORPUS.glob("*/NCT*.json"))}
SPLIT_SEED = "trialcompass-corpus-2026"
HOLDOUT_SHARE = 0.38
MINIMUM_RECORDS = 150

# NCT IDs kept for an independent evaluation must appear nowhere in the project, not even in
# this test: it holds the first 16 hex digits of each ID's SHA-256.
RESERVED_SHA256 = frozenset(
    {
        "bf5436dd43a913b0",
        "855e5055d10e0916",
        "fb1b7a7e4a9e6d80",
        "7275704255a0cd70",
        "d418b0bfe379519f",
        "d845c3703fd606f3",
        "4bce8bf2535b77aa",
        "c831c949335ee160",
        "9a6f3351d46e5cbc",
        "683d2e290daca422",
        "06800c120da264e6",
        "555ee8cb41a2bb2a",
        "b1598bd8ac717d86",
        "a2ba2fdc19f2f883",
        "dcccfd59ef2105f1",
        "580707d40401c58d",
        "03deb2c1315c9f43",
        "893e158a2fe38cb3",
        "d191bf14e2b9ed18",
        "d03dc4ccf3bf4c9d",
        "6e0a4ed03fea4f87",
        "6710efb2cf97ed33",
        "5db9a206f273585e",
        "4140eff8c5221177",
        "3f9d4d041bbf3ba1",
        "cf608c554a1c037d",
        "9b744f3119f148f5",
        "31b76d0b37214459",
        "3f52b804bd0933aa",
        "74288c8babd3742f",
        "4ae6be582c4c95fa",
    }
)
SCANNED = ("tests", "seeds", "trials", "matcher", "docs")
NCT = re.compile(r"NCT\d{8}")


def drawn_split(nct_id: str) -> str:
    """The seeded draw: a fixed share of records by the hash of the seed and the NCT ID.

    The records the extraction was first tuned on (tests/fixtures/ctgov/real) are all dev.
    """
    if (REAL / f"{nct_id}.json").exists():
        return "dev"
    digest = hashlib.sha256(f"{SPLIT_SEED}:{nct_id}".encode()).hexdigest()
    return "holdout" if int(digest[:8], 16) / 2**32 < HOLDOUT_SHARE else "dev"


def test_no_reserved_nct_id_appears_in_the_project() -> None:
    found: set[str] = set()
    for folder in SCANNED:
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            for nct_id in set(NCT.findall(text)):
                if hashlib.sha256(nct_id.encode()).hexdigest()[:16] in RESERVED_SHA256:
                    found.add(f"{path.relative_to(ROOT)}: {nct_id}")

    assert len(RESERVED_SHA256) == 31
    assert not found, sorted(found)


def test_the_corpus_has_enough_records_each_labelled_once() -> None:
    assert len(FILES) >= MINIMUM_RECORDS
    assert set(LABELS) == set(FILES)
    assert len(list(CORPUS.glob("*/NCT*.json"))) == len(FILES)  # no ID in both parts


def test_the_split_is_the_seeded_draw_and_about_one_third_holdout() -> None:
    parts = {nct_id: path.parent.name for nct_id, path in FILES.items()}

    assert {nct_id: drawn_split(nct_id) for nct_id in parts} == parts
    holdout = sum(part == "holdout" for part in parts.values())
    assert 0.25 <= holdout / len(parts) <= 0.4
    assert {path.stem for path in REAL.glob("NCT*.json")} <= {
        nct_id for nct_id, part in parts.items() if part == "dev"
    }


@pytest.mark.parametrize("nct_id", sorted(FILES))
def test_each_record_is_one_oncology_study_named_by_its_nct_id(nct_id: str) -> None:
    path = FILES[nct_id]
    data = json.loads(path.read_text(encoding="utf-8"))
    (record,) = read_ctgov(data, path.name)

    assert record.nct_id == nct_id
    assert len(record.eligibility_text or "") >= 200
    assert record.criteria


@pytest.mark.parametrize("nct_id", sorted(LABELS))
def test_each_label_states_every_field(nct_id: str) -> None:
    label = LABELS[nct_id]
    washouts = {f"washout_{category}" for category in WASHOUT_CATEGORIES}

    assert set(label) == set(LABEL_KEYS)
    assert label["sex"] in {"ALL", "FEMALE", "MALE"}
    assert label["ecog"] is None or (
        len(label["ecog"]) == 2 and 0 <= label["ecog"][0] <= label["ecog"][1] <= 4
    )
    assert isinstance(label["diagnosis"], list)
    assert set(label["diagnosis"]) <= set(CODES)
    for name in washouts | {"age_min", "age_max", "prior_lines_min", "prior_lines_max"}:
        assert label[name] is None or (isinstance(label[name], int) and label[name] >= 0), name
    assert label["measurable_disease"] in {True, False, None}


def test_condition_codes_hang_from_the_tree_and_have_both_names() -> None:
    tree = {code for code, *_ in CONDITIONS}

    for code, row in CODES.items():
        assert set(row) == {"parent", "name_en", "name_zh"}, code
        assert row["parent"] is None or row["parent"] in tree | set(CODES), code
        assert row["name_en"], code
        assert re.search(r"[\u4e00-\u9fff]", row["name_zh"]), code
        existing = [c for c in CONDITIONS if c[0] == code]
        if existing:  # a code already in the tree keeps its parent and names
            assert (row["parent"], row["name_en"], row["name_zh"]) == existing[0][1:], code
