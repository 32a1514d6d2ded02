"""The engine defines criterion types, kinds, verdicts, statuses, audiences and answer ranges
once; the API schema, the questions, the model choices and the importers derive from it.

Two kinds of check: the derived copies agree with the engine, and no module outside the engine
spells out a list of those values or a literal answer range (a copy that could drift)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from matcher import engine
from matcher.openapi import openapi_document
from matcher.questions import QUESTIONS
from trials.models import EligibilityCriterion

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "trials", "matcher", "contact", "keep", "outbox")
ENUMS = {
    "criterion types": {t.value for t in engine.CriterionType},
    "verdicts": {v.value for v in engine.Verdict},
    "statuses": {s.value for s in engine.Status},
}
# How many of an enum's values make a list a copy of it (some type names are answer keys too).
COPY_THRESHOLD = {"criterion types": 5, "verdicts": 3, "statuses": 3}
RANGES = set(engine.ANSWER_RANGES.values())


def app_sources() -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and "engine" not in path.parts
    ]


def test_the_api_schema_derives_from_the_engine():
    document = openapi_document("http://testserver")
    schemas = document["components"]["schemas"]
    answers = schemas["Answers"]["properties"]
    assert set(answers) == set(engine.ANSWER_KEYS)
    for key, (low, high) in engine.ANSWER_RANGES.items():
        assert (answers[key]["minimum"], answers[key]["maximum"]) == (low, high)
    text = str(document)
    for values in ENUMS.values():
        assert str(sorted(values))[1:-1] in str(sorted(values))  # sanity of the helper below
        assert all(f"'{value}'" in text for value in values)


def test_the_questions_and_the_model_choices_derive_from_the_engine():
    for question in QUESTIONS:
        if question.key in engine.ANSWER_RANGES:
            assert (question.minimum, question.maximum) == engine.ANSWER_RANGES[question.key]
    type_field = EligibilityCriterion._meta.get_field("type")
    kind_field = EligibilityCriterion._meta.get_field("kind")
    assert [value for value, _ in type_field.choices] == [t.value for t in engine.CriterionType]
    assert [value for value, _ in kind_field.choices] == [k.value for k in engine.Kind]


def literal_range(pairs: list[tuple[str | None, ast.expr]]) -> tuple[object, object] | None:
    """The (minimum, maximum) literal integers among keyword-like pairs, if both are there."""
    found = {
        name: value.value
        for name, value in pairs
        if name in {"minimum", "maximum", "min_value", "max_value"}
        and isinstance(value, ast.Constant)
    }
    low = found.get("minimum", found.get("min_value"))
    high = found.get("maximum", found.get("max_value"))
    return None if low is None or high is None else (low, high)


@pytest.mark.parametrize("path", app_sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_outside_the_engine_copies_its_facts(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            strings = {
                element.value
                for element in node.elts
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
            }
            for name, values in ENUMS.items():
                assert len(strings & values) < COPY_THRESHOLD[name], (
                    f"{path}:{node.lineno} copies the engine's {name}"
                )
        pairs: list[tuple[str | None, ast.expr]] = []
        if isinstance(node, ast.Dict):
            pairs = [
                (
                    key.value
                    if isinstance(key, ast.Constant) and isinstance(key.value, str)
                    else None,
                    value,
                )
                for key, value in zip(node.keys, node.values, strict=True)
            ]
        elif isinstance(node, ast.Call):
            pairs = [(keyword.arg, keyword.value) for keyword in node.keywords]
        line = getattr(node, "lineno", 0)
        assert literal_range(pairs) not in RANGES, f"{path}:{line} copies an answer range"
