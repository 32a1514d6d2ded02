"""Hostile and random payloads at the JSON API: every answer is a 200 or a 400, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.engine import ANSWER_KEYS, TREATMENT_CATEGORIES

pytestmark = pytest.mark.django_db

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
dates = st.dates().map(lambda d: d.isoformat()) | st.just("never") | st.text(max_size=12)
answer_values = (
    json_scalars
    | st.lists(
        st.sampled_from(["recurrent", "metastatic", "gone", "NPC"]) | json_scalars, max_size=4
    )
    | st.dictionaries(st.sampled_from([*TREATMENT_CATEGORIES, "acupuncture"]), dates, max_size=4)
)
answers = st.dictionaries(st.sampled_from([*ANSWER_KEYS, "unknown_key"]), answer_values, max_size=8)
payloads = st.fixed_dictionaries(
    {"answers": answers},
    optional={
        "as_of": st.dates().map(lambda d: d.isoformat()) | json_scalars,
        "limit": st.integers(-5, 2000) | json_scalars,
        "offset": st.integers(-5, 2000) | json_scalars,
        "audience": st.sampled_from(["patient", "clinician"]) | json_scalars,
    },
)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check(response: Any) -> None:
    assert response.status_code in {200, 400}, response.content[:500]
    body = response.json()
    if response.status_code == 400:
        assert body["errors"]
        for key, messages in body["errors"].items():
            assert isinstance(key, str)
            assert messages
            assert all(isinstance(m, str) and m for m in messages)
    else:
        assert {"as_of", "total", "counts", "results"} <= set(body)


@FUZZ
@given(payload=payloads)
def test_shaped_payloads_never_fail(client: Client, seeded_catalogue, payload):
    check(client.post("/api/v1/match", data=json.dumps(payload), content_type="application/json"))


@FUZZ
@given(payload=json_values)
def test_arbitrary_json_never_fails(client: Client, payload):
    check(client.post("/api/v1/match", data=json.dumps(payload), content_type="application/json"))


@FUZZ
@given(body=st.binary(max_size=200))
def test_arbitrary_bytes_never_fail(client: Client, body: bytes):
    check(client.post("/api/v1/match", data=body, content_type="application/json"))


@FUZZ
@given(
    key=st.text(min_size=1, max_size=40).filter(
        lambda k: "/" not in k and "?" not in k and "#" not in k
    )
)
def test_arbitrary_trial_keys_are_found_or_404(client: Client, seeded_catalogue, key: str):
    from urllib.parse import quote

    response = client.get("/api/v1/trials/" + quote(key, safe=""))
    assert response.status_code in {200, 404}


def test_oversized_body_is_refused_cleanly(client: Client):
    body = json.dumps({"answers": {"diagnosis": "x" * 100_000}})
    response = client.post("/api/v1/match", data=body, content_type="application/json")
    assert response.status_code == 413
    assert "body" in response.json()["errors"]
