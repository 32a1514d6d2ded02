from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import matcher.engine
from matcher.engine import (
    BOOL_KEYS,
    FLAG_LABELS,
    THERAPY_CODES,
    THERAPY_LABELS,
    TREATMENT_CATEGORIES,
    TREATMENT_LABELS,
    Audience,
    CriterionType,
    Label,
    Message,
)
from matcher.engine.bench import run_benchmark, synthetic_catalogue

ROOT = Path(__file__).resolve().parents[3]


def test_engine_imports_only_the_standard_library():
    script = (
        "import sys; before = set(sys.modules); import matcher.engine, matcher.engine.bench; "
        "print(' '.join(sorted({name.split('.')[0] for name in set(sys.modules) - before})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    imported = set(done.stdout.split())
    assert "matcher" in imported
    assert not {name for name in imported if name.startswith("django")}
    assert imported - set(sys.stdlib_module_names) == {"matcher"}


def test_every_public_name_is_exported():
    for name in matcher.engine.__all__:
        assert hasattr(matcher.engine, name)


@pytest.mark.parametrize(
    ("table", "keys"),
    [
        (FLAG_LABELS, BOOL_KEYS),
        (THERAPY_LABELS, THERAPY_CODES),
        (TREATMENT_LABELS, TREATMENT_CATEGORIES),
    ],
)
def test_every_choice_has_a_label_for_each_audience(table, keys):
    assert set(table) == set(keys)
    for label in table.values():
        assert label.patient
        assert label.clinician
    assert len({label.patient for label in table.values()}) == len(keys)


@pytest.mark.parametrize(
    ("message", "audience", "expected"),
    [
        (
            Message("Hello %(name)s.", "Hi %(name)s.", {"name": "Ann"}),
            Audience.PATIENT,
            "Hello Ann.",
        ),
        (
            Message("Hello %(name)s.", "Hi %(name)s.", {"name": "Ann"}),
            Audience.CLINICIAN,
            "Hi Ann.",
        ),
        (Message("No placeholders.", "None."), Audience.PATIENT, "No placeholders."),
        (
            Message("%(terms)s.", "%(terms)s.", {"terms": (Label("a", "A"), Label("b", "B"))}),
            Audience.CLINICIAN,
            "A, B.",
        ),
        (
            Message("%(inner)s!", "%(inner)s?", {"inner": Message("p %(x)s", "c %(x)s", {"x": 1})}),
            Audience.CLINICIAN,
            "c 1?",
        ),
    ],
)
def test_message_render(message, audience, expected):
    assert message.render(audience) == expected


def test_render_translates_templates_and_labels():
    message = Message(
        "You had %(what)s.", "Had %(what)s.", {"what": Label("chemotherapy", "chemo")}
    )
    zh = {"You had %(what)s.": "您接受过%(what)s。", "chemotherapy": "化疗"}
    assert message.render(translate=lambda s: zh.get(s, s)) == "您接受过化疗。"


def test_synthetic_catalogue_uses_every_criterion_type():
    trials, tree = synthetic_catalogue(60)
    assert len(trials) == 60
    assert len(tree.codes) == 30
    assert {c.type for t in trials for c in t.criteria} == set(CriterionType)
    assert 20 <= sum(len(t.criteria) for t in trials) / len(trials) <= 30
    assert synthetic_catalogue(60)[0] == trials  # seeded


def test_run_benchmark_reports_its_numbers():
    numbers = run_benchmark(200, repeats=1)
    assert numbers["trials"] == 200
    assert set(numbers) >= {
        "trials",
        "criteria",
        "median_rank_seconds",
        "median_rank_all_seconds",
        "median_baseline_seconds",
        "ratio",
    }
    assert numbers["ratio"] > 0
