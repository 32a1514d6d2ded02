"""Keys for kept renderings of reasons: equal for equal messages, apart for different ones."""

from __future__ import annotations

import datetime

import pytest

from matcher.engine import Label, Message, Quote, message_key

AGE = Message("Your answer: %(age)s.", "Age: %(age)s.", {"age": 52})


def test_equal_messages_have_equal_keys():
    again = Message("Your answer: %(age)s.", "Age: %(age)s.", {"age": 52})
    assert message_key(again) == message_key(AGE)
    assert hash(message_key(again)) == hash(message_key(AGE))


def test_messages_of_one_template_hash_apart():
    keys = {message_key(Message(AGE.patient, AGE.clinician, {"age": age})) for age in range(200)}
    assert len(keys) == 200
    assert len({hash(key) for key in keys}) > 190  # not one hash for the whole template


def test_a_quote_and_plain_words_are_kept_apart():
    quoted = Message("%(words)s", "%(words)s", {"words": Quote("ECOG")})
    plain = Message("%(words)s", "%(words)s", {"words": "ECOG"})
    assert message_key(quoted) != message_key(plain)


def test_nested_messages_labels_dates_and_lists():
    inner = Message("since %(day)s", "since %(day)s", {"day": datetime.date(2026, 1, 2)})
    outer = Message(
        "%(what)s %(when)s %(items)s",
        "%(what)s %(when)s %(items)s",
        {"what": Label("a", "b"), "when": inner, "items": (Label("c", "d"), "e")},
    )
    other_day = Message("since %(day)s", "since %(day)s", {"day": datetime.date(2026, 1, 3)})
    changed = Message(outer.patient, outer.clinician, {**outer.params, "when": other_day})
    assert message_key(outer) == message_key(Message(outer.patient, outer.clinician, outer.params))
    assert message_key(outer) != message_key(changed)


def test_a_parameter_that_cannot_be_hashed_makes_an_unhashable_key():
    odd = Message("%(x)s", "%(x)s", {"x": {"not": "hashable"}})
    with pytest.raises(TypeError):
        hash(message_key(odd))
