from __future__ import annotations

import pytest

from matcher.engine import (
    BOOL_KEYS,
    Criterion,
    CriterionError,
    CriterionType,
    DiagnosisParams,
    FlagParams,
    Kind,
    NoParams,
    RangeParams,
    WashoutParams,
    parse_criterion,
)

VALID = [
    ("inclusion", "age", {"min": 18}),
    ("inclusion", "age", {"min": 18, "max": 75}),
    ("exclusion", "age", {"min": None, "max": 17}),
    ("inclusion", "sex", {"allowed": ["female"]}),
    ("inclusion", "diagnosis", {"codes": ["NPC"]}),
    ("inclusion", "diagnosis", {"codes": ["HEAD_NECK", "LUNG"], "exclude_codes": ["NPC"]}),
    ("inclusion", "disease_status", {"any_of": ["recurrent", "metastatic"]}),
    ("inclusion", "prior_lines", {"min": 2}),
    ("exclusion", "prior_lines", {"min": 0, "max": 0}),
    ("inclusion", "prior_therapy", {"therapy": "platinum_chemotherapy"}),
    ("exclusion", "prior_therapy", {"therapy": "anti_pdl1_adc"}),
    ("inclusion", "ecog", {"min": 0, "max": 1}),
    ("inclusion", "washout", {"category": "chemotherapy", "days": 28}),
    ("exclusion", "washout", {"category": "tcm_antitumor", "days": 0}),
    ("inclusion", "life_expectancy", {"min_months": 3}),
    ("inclusion", "measurable_disease", {}),
    ("inclusion", "measurable_disease", None),
    ("inclusion", "flag", {"question": "histology_confirmed"}),
    ("exclusion", "flag", {"question": "tuberculosis_active"}),
    ("inclusion", "text", {}),
    ("inclusion", "age", {"min_months": 6}),
    ("inclusion", "age", {"min": 18, "max_months": 900}),
    ("inclusion", "diagnosis", {"codes": [], "terms": ["Desmoplastic small round cell tumour"]}),
    ("inclusion", "diagnosis", {"codes": ["SOLID"], "terms": ["solid tumours"]}),
    (
        "exclusion",
        "flag",
        {
            "question": "other_malignancy_within_2y",
            "except_if": ["histology_confirmed"],
            "exceptions": ["carcinoma in situ of the cervix"],
        },
    ),
    (
        "exclusion",
        "washout",
        {
            "category": "chemotherapy",
            "days": 28,
            "exceptions": ["nitrosoureas: 6 weeks"],
            "bound": "at_most",
        },
    ),
]


@pytest.mark.parametrize(("kind", "type_", "params"), VALID)
def test_parser_accepts_valid_criteria_and_round_trips_params(kind, type_, params):
    parsed = parse_criterion(kind, type_, params, "protocol line", id=7)
    assert parsed.kind == kind
    assert parsed.type == type_
    assert parsed.text == "protocol line"
    assert parsed.id == 7
    again = parse_criterion(kind, type_, parsed.params_dict(), "protocol line", id=7)
    assert again == parsed


def test_parser_covers_every_criterion_type():
    assert {type_ for _, type_, _ in VALID} == set(CriterionType)


@pytest.mark.parametrize(
    ("type_", "params", "expected"),
    [
        ("age", {"min": 18}, RangeParams(18, None)),
        ("diagnosis", {"codes": ["NPC"]}, DiagnosisParams(("NPC",), ())),
        ("washout", {"category": "chemotherapy", "days": 28}, WashoutParams("chemotherapy", 28)),
        ("flag", {"question": "transplant"}, FlagParams("transplant")),
        ("text", None, NoParams()),
    ],
)
def test_parser_builds_typed_params(type_, params, expected):
    assert parse_criterion("inclusion", type_, params).params == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (RangeParams(None, 75), {"min": None, "max": 75}),
        (DiagnosisParams(("NPC",), ("HNSC",)), {"codes": ["NPC"], "exclude_codes": ["HNSC"]}),
        (NoParams(), {}),
        (RangeParams(None, None, 6), {"min": None, "max": None, "min_months": 6}),
        (
            DiagnosisParams((), (), ("sarcoma",)),
            {"codes": [], "exclude_codes": [], "terms": ["sarcoma"]},
        ),
        (FlagParams("transplant"), {"question": "transplant"}),
        (
            FlagParams("autoimmune_active", ("histology_confirmed",), ("vitiligo",)),
            {
                "question": "autoimmune_active",
                "except_if": ["histology_confirmed"],
                "exceptions": ["vitiligo"],
            },
        ),
        (WashoutParams("chemotherapy", 28), {"category": "chemotherapy", "days": 28}),
        (
            WashoutParams("chemotherapy", 28, ("palliative",), "at_most"),
            {
                "category": "chemotherapy",
                "days": 28,
                "exceptions": ["palliative"],
                "bound": "at_most",
            },
        ),
    ],
)
def test_params_dict_is_json_data(params, expected):
    built = Criterion(None, Kind.INCLUSION, CriterionType.AGE, params)
    assert built.params_dict() == expected


@pytest.mark.parametrize(
    ("kind", "type_", "params", "keys"),
    [
        ("include", "age", {"min": 18}, {"kind"}),
        (None, "age", {"min": 18}, {"kind"}),
        ("inclusion", "blood_pressure", {}, {"type"}),
        ("inclusion", 3, {}, {"type"}),
        ("maybe", "nothing", {}, {"kind", "type"}),
        ("inclusion", "age", "min=18", {"params"}),
        ("inclusion", "age", [18], {"params"}),
        ("inclusion", "age", {}, {"params"}),
        ("inclusion", "age", {"min": None, "max": None}, {"params"}),
        ("inclusion", "age", {"min": True}, {"params.min"}),
        ("inclusion", "age", {"min": "18"}, {"params.min"}),
        ("inclusion", "age", {"min": 18.0}, {"params.min"}),
        ("inclusion", "age", {"min": -1}, {"params.min"}),
        ("inclusion", "age", {"max": 121}, {"params.max"}),
        ("inclusion", "age", {"min": 70, "max": 18}, {"params"}),
        ("inclusion", "age", {"minimum": 18}, {"params.minimum", "params"}),
        ("inclusion", "age", {"min": 18, "unit": "years"}, {"params.unit"}),
        ("inclusion", "ecog", {"max": 5}, {"params.max"}),
        ("inclusion", "prior_lines", {"min": 51}, {"params.min"}),
        ("inclusion", "sex", {}, {"params.allowed"}),
        ("inclusion", "sex", {"allowed": []}, {"params.allowed"}),
        ("inclusion", "sex", {"allowed": "female"}, {"params.allowed"}),
        ("inclusion", "sex", {"allowed": ["other"]}, {"params.allowed"}),
        ("inclusion", "sex", {"allowed": ["female", "female"]}, {"params.allowed"}),
        ("inclusion", "diagnosis", {}, {"params.codes"}),
        ("inclusion", "diagnosis", {"codes": []}, {"params.codes"}),
        ("inclusion", "diagnosis", {"codes": ["npc"]}, {"params.codes"}),
        ("inclusion", "diagnosis", {"codes": [" NPC"]}, {"params.codes"}),
        ("inclusion", "diagnosis", {"codes": [7]}, {"params.codes"}),
        ("inclusion", "diagnosis", {"codes": ["NPC", "NPC"]}, {"params.codes"}),
        (
            "inclusion",
            "diagnosis",
            {"codes": ["NPC"], "exclude_codes": "HNSC"},
            {"params.exclude_codes"},
        ),
        ("inclusion", "diagnosis", {"codes": ["NPC"], "exclude_codes": ["NPC"]}, {"params"}),
        ("inclusion", "disease_status", {"any_of": ["spread"]}, {"params.any_of"}),
        ("inclusion", "disease_status", {"any_of": []}, {"params.any_of"}),
        ("inclusion", "prior_therapy", {}, {"params.therapy"}),
        ("inclusion", "prior_therapy", {"therapy": "chemo"}, {"params.therapy"}),
        ("inclusion", "prior_therapy", {"therapy": ["taxane"]}, {"params.therapy"}),
        ("inclusion", "washout", {"category": "surgery", "days": 28}, {"params.category"}),
        ("inclusion", "washout", {"category": "chemotherapy"}, {"params.days"}),
        ("inclusion", "washout", {"category": "chemotherapy", "days": -1}, {"params.days"}),
        ("inclusion", "washout", {"category": "chemotherapy", "days": True}, {"params.days"}),
        ("inclusion", "washout", {"category": "chemotherapy", "days": 3651}, {"params.days"}),
        ("inclusion", "washout", {"days": 28}, {"params.category"}),
        ("inclusion", "life_expectancy", {"min_months": 601}, {"params.min_months"}),
        ("inclusion", "life_expectancy", {"min_months": "3"}, {"params.min_months"}),
        ("inclusion", "life_expectancy", {}, {"params.min_months"}),
        ("inclusion", "flag", {"question": "age"}, {"params.question"}),
        ("inclusion", "flag", {"question": "tb"}, {"params.question"}),
        ("inclusion", "flag", {}, {"params.question"}),
        ("inclusion", "measurable_disease", {"recist": True}, {"params.recist"}),
        ("inclusion", "text", {"text": "x"}, {"params.text"}),
        ("inclusion", "age", {"min_months": -1}, {"params.min_months"}),
        ("inclusion", "age", {"min_months": 6.5}, {"params.min_months"}),
        ("inclusion", "age", {"min_months": 24, "max_months": 12}, {"params"}),
        ("inclusion", "ecog", {"max": 1, "max_months": 2}, {"params.max_months"}),
        ("inclusion", "diagnosis", {"terms": []}, {"params.codes"}),
        ("inclusion", "diagnosis", {"codes": [], "terms": [""]}, {"params.terms"}),
        (
            "inclusion",
            "diagnosis",
            {"codes": [], "terms": "sarcoma"},
            {"params.terms", "params.codes"},
        ),
        ("inclusion", "diagnosis", {"codes": [], "terms": ["a", "a"]}, {"params.terms"}),
        ("inclusion", "diagnosis", {"codes": [], "terms": ["x" * 301]}, {"params.terms"}),
        (
            "exclusion",
            "flag",
            {"question": "transplant", "except_if": ["tb"]},
            {"params.except_if"},
        ),
        (
            "exclusion",
            "flag",
            {"question": "transplant", "except_if": ["transplant"]},
            {"params.except_if"},
        ),
        ("exclusion", "flag", {"question": "transplant", "exceptions": [3]}, {"params.exceptions"}),
        (
            "exclusion",
            "washout",
            {"category": "chemotherapy", "days": 28, "bound": "at_least"},
            {"params.bound"},
        ),
        (
            "exclusion",
            "washout",
            {"category": "chemotherapy", "days": 28, "exceptions": ["  "]},
            {"params.exceptions"},
        ),
    ],
)
def test_parser_rejects_bad_criteria_naming_each_bad_part(kind, type_, params, keys):
    with pytest.raises(CriterionError) as raised:
        parse_criterion(kind, type_, params)
    assert set(raised.value.errors) == keys
    for messages in raised.value.errors.values():
        assert messages
        assert all(message[0].isupper() and message.endswith(".") for message in messages)


@pytest.mark.parametrize(
    ("text", "id_", "key"),
    [(5, None, "text"), ("", True, "id"), ("", 1.5, "id")],
)
def test_parser_rejects_bad_text_or_id(text, id_, key):
    with pytest.raises(CriterionError) as raised:
        parse_criterion("inclusion", "text", {}, text, id=id_)
    assert set(raised.value.errors) == {key}


@pytest.mark.parametrize("question", BOOL_KEYS)
def test_flag_accepts_every_yes_no_answer_key(question):
    assert parse_criterion("exclusion", "flag", {"question": question}).params == FlagParams(
        question
    )


@pytest.mark.parametrize(
    ("type_", "params", "key"),
    [
        ("age", {"min": 18}, "age"),
        ("prior_lines", {"min": 2}, "prior_systemic_lines"),
        ("prior_therapy", {"therapy": "taxane"}, "prior_therapies"),
        ("washout", {"category": "chemotherapy", "days": 28}, "last_treatment"),
        ("life_expectancy", {"min_months": 3}, "life_expectancy_months"),
        ("flag", {"question": "tuberculosis_active"}, "tuberculosis_active"),
        ("text", {}, None),
    ],
)
def test_a_criterion_names_the_answer_it_reads(type_, params, key):
    assert parse_criterion("inclusion", type_, params).answer_key == key


@pytest.mark.parametrize(
    ("scope", "expected"), [(None, None), ("", None), ("  ", None), ("Part 2 ", "Part 2")]
)
def test_scope_is_none_for_everyone_else_the_cohort_name(scope, expected):
    parsed = parse_criterion("inclusion", "age", {"min": 18}, scope=scope)
    assert parsed.scope == expected


def test_reviewed_is_carried_and_defaults_to_not_reviewed():
    assert parse_criterion("inclusion", "age", {"min": 18}).reviewed is False
    assert parse_criterion("inclusion", "age", {"min": 18}, reviewed=True).reviewed is True


@pytest.mark.parametrize(("scope", "reviewed", "key"), [(3, False, "scope"), (None, 1, "reviewed")])
def test_parser_rejects_bad_scope_or_reviewed(scope, reviewed, key):
    with pytest.raises(CriterionError) as raised:
        parse_criterion("inclusion", "text", {}, scope=scope, reviewed=reviewed)
    assert set(raised.value.errors) == {key}


def test_optional_params_are_left_out_of_params_dict_until_set():
    plain = parse_criterion("exclusion", "flag", {"question": "transplant"})
    assert plain.params_dict() == {"question": "transplant"}
    assert plain.params == FlagParams("transplant", (), ())
    words = parse_criterion(
        "exclusion", "flag", {"question": "transplant", "exceptions": ["  corneal graft "]}
    )
    assert words.params_dict() == {"question": "transplant", "exceptions": ["corneal graft"]}


def test_unmapped_diagnosis_keeps_its_terms_and_no_code():
    parsed = parse_criterion("inclusion", "diagnosis", {"codes": [], "terms": ["chordoma"]})
    assert parsed.params == DiagnosisParams((), (), ("chordoma",))
    assert parsed.answer_key == "diagnosis"
