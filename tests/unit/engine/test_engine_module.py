from __future__ import annotations

import hashlib
import json
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
from matcher.engine.bench import run_benchmark, synthetic_catalogue, text_statistics

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


# The parameters, kinds and types of the first 300 synthetic trials as they were before the
# criteria had protocol-like wording: the wording must not move them.
SYNTHETIC_SHAPE_SHA256 = "15fc88b7378a5ba258895da87c47c8306eed84a4d422c5c877d46a0ff9aa27ec"


def test_synthetic_wording_leaves_the_parameters_as_they_were():
    trials, _ = synthetic_catalogue(300, seed=0)
    shape = [
        [t.key, [[c.kind.value, c.type.value, c.params_dict()] for c in t.criteria]] for t in trials
    ]
    digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()
    assert digest == SYNTHETIC_SHAPE_SHA256


def test_synthetic_wording_is_as_long_and_varied_as_protocol_lines():
    trials, _ = synthetic_catalogue(1000)
    numbers = text_statistics(trials)
    print(numbers)  # pytest -s shows them
    assert 120 <= numbers["text_bytes_mean"] <= 150
    assert 85 <= numbers["text_bytes_median"] <= 110
    assert numbers["text_distinct_share"] > 0.8
    first = trials[0]
    ecog = next(c for c in first.criteria if c.type == CriterionType.ECOG)
    assert str(ecog.params_dict()["max"]) in ecog.text
    assert all(c.text.endswith(".") and c.text[0].isupper() for c in first.criteria)


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
        "text_bytes_mean",
        "text_bytes_median",
    }
    assert numbers["ratio"] > 0
    assert numbers["text_bytes_mean"] > 100
