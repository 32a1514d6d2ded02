"""The JSON API answers every error as JSON in the documented shape, whatever the cause:
`{"errors": {"<field>": ["message"]}}` with the status the OpenAPI document gives."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

API_PATHS = ["/api/v1/trials", "/api/v1/trials/NCT06839066", "/api/v1/questions", "/api/v1/match"]


def assert_errors(response: Any, status: int, key: str) -> dict[str, list[str]]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    errors: dict[str, list[str]] = response.json()["errors"]
    assert key in errors, errors
    assert all(isinstance(m, str) and m for messages in errors.values() for m in messages)
    return errors


def post(client: Client, body: str | bytes, content_type: str = "application/json") -> Any:
    return client.post("/api/v1/match", data=body, content_type=content_type)


def test_a_deeply_nested_body_is_a_400_not_a_server_error(client: Client):
    body = "[" * 2000 + "]" * 2000
    assert len(body) < 5000
    assert_errors(post(client, body), 400, "body")


def test_a_nested_answer_below_the_parser_limit_is_refused_too(client: Client):
    nested = "[" * 900 + "]" * 900
    body = '{"answers": {"disease_status": ' + nested + "}}"
    assert_errors(post(client, body), 400, "body")


@pytest.mark.parametrize("field", ["as_of", "limit", "audience"])
def test_null_is_refused_where_the_schema_does_not_allow_it(
    client: Client, seeded_catalogue, field: str
):
    errors = assert_errors(post(client, json.dumps({"answers": {}, field: None})), 400, field)
    assert "null" in errors[field][0]


def test_an_unknown_diagnosis_code_is_refused_with_a_clear_message(
    client: Client, seeded_catalogue
):
    errors = assert_errors(
        post(client, json.dumps({"answers": {"diagnosis": "NOSUCH"}})), 400, "answers.diagnosis"
    )
    assert "NOSUCH" in errors["answers.diagnosis"][0]
    assert "/api/v1/questions" in errors["answers.diagnosis"][0]
    assert post(client, json.dumps({"answers": {"diagnosis": "NPC"}})).status_code == 200


@pytest.mark.parametrize("path", API_PATHS)
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "QUERY", "OPTIONS"])
def test_undeclared_methods_are_405_json_with_an_allow_header(path: str, method: str):
    client = Client(enforce_csrf_checks=True)
    response = client.generic(method, path, data=b"{}", content_type="application/json")
    assert_errors(response, 405, "method")
    expected = {"POST"} if path.endswith("/match") else {"GET", "HEAD"}
    assert set(response["Allow"].replace(" ", "").split(",")) == expected


def test_get_on_the_match_endpoint_is_405_json(client: Client):
    response = client.get("/api/v1/match")
    assert_errors(response, 405, "method")
    assert response["Allow"] == "POST"


def test_an_oversize_body_is_413_json(client: Client):
    body = json.dumps({"answers": {"diagnosis": "x" * 3_000_000}})
    assert_errors(post(client, body), 413, "body")


def test_a_body_over_the_api_limit_is_413_json(client: Client):
    body = json.dumps({"answers": {"diagnosis": "x" * 100_000}})
    assert_errors(post(client, body), 413, "body")


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json-patch+json",
        "application/json; charset=latin-1",
    ],
)
def test_the_body_must_be_declared_as_json(client: Client, seeded_catalogue, content_type: str):
    response = post(client, json.dumps({"answers": {}}), content_type=content_type)
    assert_errors(response, 415, "content_type")


def test_json_with_a_utf8_charset_is_accepted(client: Client, seeded_catalogue):
    response = post(client, json.dumps({"answers": {}}), "application/json; charset=UTF-8")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b'{"answers": {}, "audience": "\xff"}',
        b'{"answers": {}, "audience": "\xed\xa0\x80"}',  # an encoded lone surrogate
        json.dumps({"answers": {}}).encode("utf-16"),
    ],
)
def test_a_body_that_is_not_utf8_is_a_400(client: Client, seeded_catalogue, body: bytes):
    errors = assert_errors(post(client, body), 400, "body")
    assert "UTF-8" in errors["body"][0]


def test_whole_numbers_written_with_a_decimal_point_are_whole_numbers(
    client: Client, seeded_catalogue
):
    body = '{"answers": {"age": 52.0, "ecog": 1e0}, "limit": 2.0}'
    response = post(client, body)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == 2
    assert_errors(post(client, '{"answers": {"age": 52.5}}'), 400, "answers.age")


def test_an_unknown_api_path_is_404_json_whatever_the_method(client: Client):
    assert_errors(client.get("/api/v1/nothing-here"), 404, "path")
    assert_errors(Client(enforce_csrf_checks=True).delete("/api/v1/a/b"), 404, "path")


def test_an_unexpected_failure_is_a_500_json_error(client: Client, monkeypatch):
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("matcher.api.published_catalogue", broken)
    client.raise_request_exception = False
    errors = assert_errors(post(client, json.dumps({"answers": {}})), 500, "server")
    assert "boom" not in json.dumps(errors)


def test_the_openapi_document_says_what_is_accepted(client: Client, seeded_catalogue):
    document = client.get("/api/v1/openapi.json").json()
    match = document["paths"]["/match"]["post"]
    assert {"200", "400", "413", "415"} <= set(match["responses"])
    # A method a path does not declare is answered 405 with an Allow header: described once.
    assert "405" in document["components"]["responses"]["MethodNotAllowed"]["description"]
    assert "MethodNotAllowed" in document["info"]["description"]
    request = document["components"]["schemas"]["MatchRequest"]["properties"]
    for field in ("as_of", "limit", "audience"):
        assert "null" not in json.dumps(request[field])
    diagnosis = document["components"]["schemas"]["Answers"]["properties"]["diagnosis"]
    assert {"NPC", "HEAD_NECK", None} <= set(diagnosis["enum"])
