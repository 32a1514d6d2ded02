"""A cancer that came back may be the advanced disease a trial asks for: never a fail on that."""

from __future__ import annotations

import pytest

from matcher.engine import Audience, Status, Verdict, evaluate_criterion, evaluate_trial

from .factories import AS_OF, TREE, answers, criterion, trial

ADVANCED = ["locally_advanced", "metastatic"]


@pytest.mark.parametrize(
    ("kind", "any_of", "given", "status"),
    [
        ("inclusion", ADVANCED, ["recurrent"], Status.UNKNOWN),
        ("inclusion", ["metastatic"], ["recurrent"], Status.UNKNOWN),
        ("inclusion", ADVANCED, ["recurrent", "metastatic"], Status.PASS),
        ("inclusion", ADVANCED, ["localized"], Status.FAIL),
        ("inclusion", ["recurrent", "metastatic"], ["recurrent"], Status.PASS),
        ("inclusion", ["localized"], ["recurrent"], Status.FAIL),
        ("exclusion", ["metastatic"], ["recurrent"], Status.UNKNOWN),
        ("exclusion", ["localized"], ["recurrent"], Status.PASS),
    ],
)
def test_a_recurrence_is_unknown_against_advanced_disease(kind, any_of, given, status):
    rule = criterion("disease_status", kind, any_of=any_of)
    result = evaluate_criterion(rule, answers(disease_status=given), as_of=AS_OF, tree=TREE)
    assert result.status == status


def test_recurrent_only_is_not_ruled_out_of_an_advanced_solid_tumour_trial():
    advanced = trial("IBB", criterion("disease_status", any_of=ADVANCED))
    result = evaluate_trial(advanced, answers(disease_status=["recurrent"]), as_of=AS_OF, tree=TREE)
    assert result.verdict == Verdict.POSSIBLY


def test_the_reason_says_a_recurrence_may_count_and_to_ask():
    rule = criterion("disease_status", any_of=ADVANCED)
    reason = evaluate_criterion(
        rule, answers(disease_status=["recurrent"]), as_of=AS_OF, tree=TREE
    ).reason
    patient = reason.render(Audience.PATIENT)
    assert "may count as advanced" in patient
    assert "ask your doctor or the study team" in patient
    assert "check whether the recurrence" in reason.render(Audience.CLINICIAN)
