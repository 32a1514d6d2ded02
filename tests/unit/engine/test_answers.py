from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.engine import (
    ANSWER_KEYS,
    BOOL_KEYS,
    EXCEPTION_KEYS,
    FLAG_KEYS,
    THERAPY_CODES,
    TREATMENT_CATEGORIES,
    AnswerError,
    Answers,
    validate_answers,
)

FULL_PROFILE: dict[str, object] = {
    "age": 52,
    "sex": "male",
    "diagnosis": "NPC",
    "histology_confirmed": True,
    "disease_status": ["recurrent", "metastatic"],
    "prior_systemic_lines": 2,
    "prior_therapies": ["platinum_chemotherapy", "pd1_pdl1_inhibitor"],
    "ecog": 1,
    "last_treatment": {"chemotherapy": "2026-11-07", "radiotherapy": "never"},
    "measurable_disease": True,
    "life_expectancy_months": 12,
    "organ_function_adequate": True,
    "tissue_sample_available": False,
    "contraception_willing": True,
    **dict.fromkeys(FLAG_KEYS, False),
    "other_malignancy_curatively_treated": True,
    "steroids_low_dose_or_local_only": False,
    "autoimmune_thyroid_or_diabetes_controlled": True,
}


def test_answer_keys_are_the_contract_keys():
    assert set(ANSWER_KEYS) == set(FULL_PROFILE)


def test_each_exception_follows_a_flag_and_is_a_yes_no_answer():
    assert set(EXCEPTION_KEYS.values()) <= set(FLAG_KEYS)
    assert set(EXCEPTION_KEYS) <= set(BOOL_KEYS) - set(FLAG_KEYS)
    with pytest.raises(AnswerError) as raised:
        validate_answers({"other_malignancy_curatively_treated": "yes"})
    assert set(raised.value.errors) == {"other_malignancy_curatively_treated"}
    assert len(BOOL_KEYS) == len(FLAG_KEYS) + 5 + len(EXCEPTION_KEYS)


def test_valid_profile_round_trips_through_to_dict():
    parsed = validate_answers(FULL_PROFILE)
    assert parsed.age == 52
    assert parsed.disease_status == ("recurrent", "metastatic")
    assert parsed.last_treatment == {"chemotherapy": date(2026, 11, 7), "radiotherapy": "never"}
    assert parsed.to_dict() == FULL_PROFILE
    assert validate_answers(parsed.to_dict()) == parsed


@pytest.mark.parametrize(
    "data",
    [{}, {"age": None}, dict.fromkeys(ANSWER_KEYS)],
)
def test_missing_and_null_answers_mean_unknown(data):
    assert validate_answers(data) == Answers()
    assert Answers().to_dict() == {}


def test_null_treatment_date_means_unknown():
    parsed = validate_answers({"last_treatment": {"chemotherapy": None, "biologic": "never"}})
    assert parsed.last_treatment == {"biologic": "never"}


def test_answers_are_read_only_and_hashable():
    parsed = validate_answers(FULL_PROFILE)
    with pytest.raises(AttributeError):
        parsed.age = 60
    with pytest.raises(TypeError):
        parsed.last_treatment["chemotherapy"] = "never"
    assert hash(parsed) == hash(validate_answers(FULL_PROFILE))


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        ({"height": 170}, {"height"}),
        ({"age": True}, {"age"}),
        ({"age": "52"}, {"age"}),
        ({"age": 52.0}, {"age"}),
        ({"age": -1}, {"age"}),
        ({"age": 121}, {"age"}),
        ({"ecog": 5}, {"ecog"}),
        ({"ecog": False}, {"ecog"}),
        ({"prior_systemic_lines": 51}, {"prior_systemic_lines"}),
        ({"prior_systemic_lines": -1}, {"prior_systemic_lines"}),
        ({"life_expectancy_months": 601}, {"life_expectancy_months"}),
        ({"sex": "other"}, {"sex"}),
        ({"sex": "Female"}, {"sex"}),
        ({"diagnosis": "npc"}, {"diagnosis"}),
        ({"diagnosis": 5}, {"diagnosis"}),
        ({"disease_status": "metastatic"}, {"disease_status"}),
        ({"disease_status": ["spread"]}, {"disease_status"}),
        ({"disease_status": ["metastatic", "metastatic"]}, {"disease_status"}),
        ({"prior_therapies": ["chemo"]}, {"prior_therapies"}),
        ({"prior_therapies": "taxane"}, {"prior_therapies"}),
        ({"measurable_disease": "yes"}, {"measurable_disease"}),
        ({"tuberculosis_active": 1}, {"tuberculosis_active"}),
        ({"last_treatment": "2026-01-01"}, {"last_treatment"}),
        ({"last_treatment": ["chemotherapy"]}, {"last_treatment"}),
        ({"last_treatment": {"chemotherapy": "2026-13-01"}}, {"last_treatment.chemotherapy"}),
        ({"last_treatment": {"chemotherapy": "01/11/2026"}}, {"last_treatment.chemotherapy"}),
        ({"last_treatment": {"chemotherapy": "20261107"}}, {"last_treatment.chemotherapy"}),
        ({"last_treatment": {"chemotherapy": 20261107}}, {"last_treatment.chemotherapy"}),
        ({"last_treatment": {"chemotherapy": "Never"}}, {"last_treatment.chemotherapy"}),
        ({"last_treatment": {"surgery": "2026-01-01"}}, {"last_treatment.surgery"}),
        (
            {"age": "old", "sex": "x", "flying": True, "last_treatment": {"hormonal": "soon"}},
            {"age", "sex", "flying", "last_treatment.hormonal"},
        ),
    ],
)
def test_bad_answers_name_every_bad_key(data, keys):
    with pytest.raises(AnswerError) as raised:
        validate_answers(data)
    assert set(raised.value.errors) == keys
    for messages in raised.value.errors.values():
        assert all(message[0].isupper() and message.endswith(".") for message in messages)


@pytest.mark.parametrize("data", [None, [], "age=52", 52])
def test_answers_must_be_an_object(data):
    with pytest.raises(AnswerError) as raised:
        validate_answers(data)
    assert set(raised.value.errors) == {"__all__"}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from([*ANSWER_KEYS, "unknown_key"])
VALUES = (
    JSON
    | st.sampled_from(["female", "NPC", "never", "2026-02-29", "2028-02-29", "metastatic"])
    | st.lists(st.sampled_from([*THERAPY_CODES, "recurrent", "nope"]), max_size=3)
    | st.dictionaries(
        st.sampled_from([*TREATMENT_CATEGORIES, "nope"]),
        st.sampled_from(["never", "2026-11-07", "2026-02-30", None, 3]),
        max_size=3,
    )
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_validation_never_fails_other_than_with_answer_error(data):
    try:
        parsed = validate_answers(data)
    except AnswerError as error:
        errors = error.errors
    else:
        errors = {}
        assert validate_answers(parsed.to_dict()) == parsed
    assert all(isinstance(key, str) and messages for key, messages in errors.items())
