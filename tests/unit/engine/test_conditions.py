from __future__ import annotations

import pytest

from matcher.engine import ConditionTree, DiagnosisMatch

from .factories import TREE


@pytest.mark.parametrize(
    ("code", "ancestors"),
    [
        ("NPC", ("NPC", "HEAD_NECK", "SOLID")),
        ("LUAD", ("LUAD", "NSCLC", "LUNG", "SOLID")),
        ("SOLID", ("SOLID",)),
        ("XYZ", ("XYZ",)),
    ],
)
def test_ancestors_start_with_the_code_itself(code, ancestors):
    assert TREE.ancestors(code) == ancestors


@pytest.mark.parametrize(("code", "known"), [("NPC", True), ("SOLID", True), ("XYZ", False)])
def test_is_known(code, known):
    assert TREE.is_known(code) is known


@pytest.mark.parametrize(
    ("code", "descendants"),
    [
        ("HEAD_NECK", {"NPC", "HNSC"}),
        ("LUNG", {"NSCLC", "LUAD"}),
        ("NPC", set()),
        ("XYZ", set()),
    ],
)
def test_descendants_exclude_the_code_itself(code, descendants):
    assert TREE.descendants(code) == descendants


def test_a_parent_missing_from_the_keys_becomes_a_root():
    tree = ConditionTree({"NPC": "HEAD_NECK"})
    assert tree.ancestors("NPC") == ("NPC", "HEAD_NECK")
    assert tree.is_known("HEAD_NECK")


@pytest.mark.parametrize(
    "parents", [{"A": "A"}, {"A": "B", "B": "A"}, {"A": "B", "B": "C", "C": "A"}]
)
def test_a_cycle_is_refused(parents):
    with pytest.raises(ValueError, match="cycle"):
        ConditionTree(parents)


@pytest.mark.parametrize(
    ("code", "codes", "exclude_codes", "expected"),
    [
        ("NPC", ["NPC"], [], DiagnosisMatch.LISTED),
        ("NPC", ["SOLID"], [], DiagnosisMatch.LISTED),
        ("NPC", ["HEAD_NECK", "LUNG"], [], DiagnosisMatch.LISTED),
        ("HNSC", ["NPC"], [], DiagnosisMatch.OTHER),
        ("LUAD", ["HEAD_NECK"], [], DiagnosisMatch.OTHER),
        ("HEAD_NECK", ["NPC"], [], DiagnosisMatch.BROADER),
        ("SOLID", ["NPC"], [], DiagnosisMatch.BROADER),
        ("NPC", ["HEAD_NECK"], ["NPC"], DiagnosisMatch.EXCLUDED),
        ("NPC", ["SOLID"], ["HEAD_NECK"], DiagnosisMatch.EXCLUDED),
        ("HNSC", ["HEAD_NECK"], ["NPC"], DiagnosisMatch.LISTED),
        ("HEAD_NECK", ["HEAD_NECK"], ["NPC"], DiagnosisMatch.MAYBE_EXCLUDED),
        ("SOLID", ["HEAD_NECK"], ["NPC"], DiagnosisMatch.BROADER),
        ("XYZ", ["NPC"], [], DiagnosisMatch.OTHER),
        ("XYZ", ["XYZ"], [], DiagnosisMatch.LISTED),
        ("NPC", ["XYZ"], [], DiagnosisMatch.OTHER),
    ],
)
def test_match_places_a_diagnosis_against_listed_codes(code, codes, exclude_codes, expected):
    assert TREE.match(code, codes, exclude_codes) == expected
