"""The questionnaire's state: changes made from "Check your answers", and answers kept after
going Back, stay open to change."""

from __future__ import annotations

from typing import Any

from matcher import engine
from matcher.session import ANSWER_KEYS, Questionnaire


def single(key: str) -> engine.Step:
    return engine.Step(engine.StepKind.SINGLE, (key,))


def answered(*steps: tuple[engine.Step, dict[str, Any]]) -> Questionnaire:
    questionnaire = Questionnaire()
    for step, updates in steps:
        questionnaire.record(step, updates)
    return questionnaire


def test_answering_an_earlier_step_again_forgets_the_later_steps_but_not_their_answers():
    questionnaire = answered(
        (single("diagnosis"), {"diagnosis": "NPC"}),
        (single("age"), {"age": 52}),
        (single("ecog"), {"ecog": None}),
    )
    questionnaire.record(single("diagnosis"), {"diagnosis": "NPC"})
    assert questionnaire.asked == ["diagnosis"]
    assert questionnaire.answers == {"diagnosis": "NPC", "age": 52}
    # The age is still shown and can be changed; the unsure ecog has nothing to show.
    assert [step.id for step in questionnaire.answered_steps()] == ["diagnosis", "age"]
    assert questionnaire.editable_step("age") == single("age")
    assert questionnaire.editable_step("ecog") is None


def test_a_change_from_check_keeps_the_steps_after_it():
    questionnaire = answered(
        (single("diagnosis"), {"diagnosis": "NPC"}),
        (single("age"), {"age": 52}),
        (single("ecog"), {"ecog": None}),
    )
    questionnaire.record(single("diagnosis"), {"diagnosis": "BREAST"}, keep_later=True)
    assert questionnaire.asked == ["diagnosis", "age", "ecog"]
    assert questionnaire.answers["diagnosis"] == "BREAST"
    assert [step.id for step in questionnaire.answered_steps()] == ["diagnosis", "age", "ecog"]


def test_dates_kept_after_going_back_reopen_with_their_categories():
    questionnaire = Questionnaire(
        answers={"last_treatment": {"chemotherapy": "never", "radiotherapy": "2026-01-02"}}
    )
    step = questionnaire.editable_step("last_treatment")
    assert step == engine.Step(
        engine.StepKind.DATES, ("last_treatment",), ("chemotherapy", "radiotherapy")
    )


def test_unknown_or_empty_steps_cannot_be_opened():
    questionnaire = Questionnaire(answers={"age": 40})
    assert questionnaire.editable_step("checklist") is None  # never shown
    assert questionnaire.editable_step("nonsense") is None
    assert questionnaire.editable_step("last_treatment") is None


def test_every_answer_key_has_a_place_in_the_order():
    assert sorted(ANSWER_KEYS) == sorted(engine.ANSWER_KEYS)
    assert ANSWER_KEYS[0] == "diagnosis"
