"""The OpenAPI 3.1 description of the JSON API v1, built from the engine's vocabularies.

It says exactly what the API accepts: a field that may be null says so, and every error answer
an operation can give is listed with its status (the same `Errors` shape for all of them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matcher import engine
from matcher.engine import vocabulary

VERDICTS = [verdict.value for verdict in engine.VERDICT_ORDER]
CRITERION_TYPES = [criterion_type.value for criterion_type in engine.CriterionType]
AUDIENCES = [audience.value for audience in engine.Audience]
LOCATION_SCHEMA = {
    "oneOf": [
        {
            "type": "object",
            "properties": {
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
            },
            "required": ["lat", "lon"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {
                "country": {"type": "string", "description": "ISO 3166 alpha-2 code"},
                "city": {"type": "string", "description": "English or Chinese name"},
            },
            "required": ["country", "city"],
            "additionalProperties": False,
        },
    ]
}
NEAREST_SITE_SCHEMA = {
    "type": ["object", "null"],
    "description": "The nearest recruiting site to the location (null without one).",
    "properties": {
        "facility": {"type": "string"},
        "city": {"type": "string"},
        "country": {"type": "string"},
        "status": {"type": "string"},
        "distance_km": {"type": "number"},
    },
}
KINDS = [kind.value for kind in engine.Kind]
STATUSES = [status.value for status in engine.Status]


def _answers_schema(condition_codes: Sequence[str] | None) -> dict[str, Any]:
    date_or_never = {
        "anyOf": [{"type": "string", "format": "date"}, {"const": "never"}, {"type": "null"}]
    }
    properties: dict[str, Any] = {
        "sex": {"enum": [*vocabulary.SEXES, None]},
        "diagnosis": (
            {"enum": [*condition_codes, None], "description": "A code of the condition tree."}
            if condition_codes is not None
            else {"type": ["string", "null"], "description": "A code of the condition tree."}
        ),
        "disease_status": {
            "type": ["array", "null"],
            "items": {"enum": list(vocabulary.DISEASE_STATUSES)},
            "uniqueItems": True,
        },
        "prior_therapies": {
            "type": ["array", "null"],
            "items": {"enum": list(vocabulary.THERAPY_CODES)},
            "uniqueItems": True,
        },
        "last_treatment": {
            "type": ["object", "null"],
            "properties": {category: date_or_never for category in vocabulary.TREATMENT_CATEGORIES},
            "additionalProperties": False,
        },
    }
    for key, (low, high) in engine.ANSWER_RANGES.items():
        properties[key] = {"type": ["integer", "null"], "minimum": low, "maximum": high}
    for key in vocabulary.BOOL_KEYS:
        properties[key] = {"type": ["boolean", "null"]}
    for key, flag in vocabulary.EXCEPTION_KEYS.items():
        properties[key]["description"] = (
            f"An exception some protocols make to `{flag}`: true means it applies, so a yes to "
            f"`{flag}` does not rule the person out of those trials."
        )
    return {
        "type": "object",
        "description": "Every answer is optional; a missing or null answer means 'I don't know'.",
        "properties": properties,
        "additionalProperties": False,
    }


COVERAGE = {
    "enum": ["full", "summary"],
    "description": (
        "summary: only a summary of the eligibility is published, so the trial is at most "
        "possibly_eligible; full: the protocol's inclusion and exclusion lists."
    ),
}
READ_AUTOMATICALLY = {
    "type": "boolean",
    "description": (
        "Some computable criterion was read automatically from the registry text and not yet "
        "reviewed by a curator: the study team has the final word."
    ),
}
REVIEWED = {"type": "boolean", "description": "A curator checked the criterion's type and params."}
SCOPE = {
    "type": ["string", "null"],
    "description": (
        "null when the criterion applies to everyone, else the cohort, part or arm it applies "
        "to; a scoped criterion never rules anyone out (its fail is reported as unknown)."
    ),
}


# The error answers each operation may give besides its own (the body's ones only with a body).
REQUEST_BODY_ERRORS = {
    "400": "The request is invalid; each key names what is wrong.",
    "413": "The body is larger than the API accepts.",
    "415": "The body is not declared as application/json in UTF-8.",
}
METHOD_NOT_ALLOWED = (
    "405: this path does not have the method; the Allow header lists the ones it has."
)


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


def _add_error_responses(document: dict[str, Any]) -> None:
    """List on every operation the JSON errors it can answer with."""
    for operations in document["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            if "requestBody" in operation:
                for status, description in REQUEST_BODY_ERRORS.items():
                    responses.setdefault(status, _error_response(description))
            if "404" in responses:
                responses["404"].setdefault("content", _error_response("")["content"])


def openapi_document(
    server_url: str, *, condition_codes: Sequence[str] | None = None
) -> dict[str, Any]:
    """The document, with the server's own URL (and the condition codes a diagnosis may be)."""
    errors = {
        "description": "The request is invalid; each key names what is wrong.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }
    trial_summary = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "description": "The NCT ID, or the slug when unregistered."},
            "nct_id": {"type": ["string", "null"]},
            "title": {"type": "string"},
            "phase": {"type": "string"},
            "status": {"type": "string"},
            "conditions": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["id", "nct_id", "title", "phase", "status", "conditions"],
    }
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Trial matching API",
            "version": "1",
            "description": "Published cancer trials, their structured eligibility criteria, and "
            "matching of a patient's answers against them. Every error is JSON in the `Errors` "
            "shape; a method a path does not list is answered as `MethodNotAllowed` says.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/trials": {
                "get": {
                    "summary": "Published trials",
                    "responses": {
                        "200": {
                            "description": (
                                "Every published trial: recruiting ones first, then those not "
                                "yet recruiting, then the rest."
                            ),
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/TrialSummary"},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/trials/{key}": {
                "get": {
                    "summary": "One trial with its criteria",
                    "description": "Unpublished trials answer only to a logged-in staff session.",
                    "parameters": [
                        {
                            "name": "key",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": "NCT ID or slug.",
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The trial.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/TrialDetail"}
                                }
                            },
                        },
                        "404": {"description": "No such published trial."},
                    },
                }
            },
            "/questions": {
                "get": {
                    "summary": "The question catalogue",
                    "parameters": [
                        {
                            "name": "lang",
                            "in": "query",
                            "schema": {"enum": ["en", "zh-hans"]},
                        }
                    ],
                    "responses": {
                        "200": {"description": "Every question, worded in the language."},
                        "400": errors,
                    },
                }
            },
            "/match": {
                "post": {
                    "summary": "Rank the published trials for one set of answers",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/MatchRequest"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "One page (`offset` .. `offset + limit`) of every "
                            "published trial in rank order, best first, with the total and the "
                            "count per verdict.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/MatchResponse"}
                                }
                            },
                        },
                        "400": errors,
                    },
                }
            },
        },
        "components": {
            "responses": {"MethodNotAllowed": _error_response(METHOD_NOT_ALLOWED)},
            "schemas": {
                "Errors": {
                    "type": "object",
                    "properties": {
                        "errors": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        }
                    },
                    "required": ["errors"],
                },
                "TrialSummary": trial_summary,
                "TrialDetail": {
                    "allOf": [
                        {"$ref": "#/components/schemas/TrialSummary"},
                        {
                            "type": "object",
                            "properties": {
                                "coverage": COVERAGE,
                                "read_automatically": READ_AUTOMATICALLY,
                                "criteria": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "kind": {"enum": KINDS},
                                            "type": {"enum": CRITERION_TYPES},
                                            "params": {"type": "object"},
                                            "text": {"type": "string"},
                                            "reviewed": REVIEWED,
                                            "scope": SCOPE,
                                        },
                                    },
                                },
                            },
                        },
                    ]
                },
                "Answers": _answers_schema(condition_codes),
                "MatchRequest": {
                    "type": "object",
                    "properties": {
                        "answers": {"$ref": "#/components/schemas/Answers"},
                        "as_of": {
                            "type": "string",
                            "format": "date",
                            "description": "Default: today.",
                        },
                        "limit": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": 500,
                            "default": 50,
                            "description": "How many results to return.",
                        },
                        "offset": {
                            "type": "integer",
                            "minimum": 0,
                            "default": 0,
                            "description": "How many results of the ranking to skip.",
                        },
                        "audience": {"enum": AUDIENCES, "default": engine.Audience.PATIENT.value},
                        "location": LOCATION_SCHEMA,
                        "max_distance_km": {
                            "type": "number",
                            "exclusiveMinimum": 0,
                            "maximum": 20100,
                            "description": "Needs a location; leaves out trials beyond reach.",
                        },
                    },
                    "required": ["answers"],
                    "dependentRequired": {"max_distance_km": ["location"]},
                    "additionalProperties": False,
                },
                "MatchResponse": {
                    "type": "object",
                    "required": ["as_of", "total", "counts", "results"],
                    "properties": {
                        "as_of": {"type": "string", "format": "date"},
                        "location_found": {
                            "type": "boolean",
                            "description": (
                                "Present when a location was given: false when the city is "
                                "not in the site's gazetteer, and then no distance is used."
                            ),
                        },
                        "out_of_reach": {
                            "type": "integer",
                            "description": "With max_distance_km: trials left out as too far.",
                        },
                        "total": {
                            "type": "integer",
                            "minimum": 0,
                            "description": (
                                "How many published trials were ranked (with max_distance_km: "
                                "those within reach)."
                            ),
                        },
                        "counts": {
                            "type": "object",
                            "description": (
                                "How many trials have each verdict (with max_distance_km: "
                                "within reach)."
                            ),
                            "properties": {
                                verdict: {"type": "integer", "minimum": 0} for verdict in VERDICTS
                            },
                            "required": VERDICTS,
                        },
                        "offset": {"type": "integer", "minimum": 0},
                        "limit": {"type": "integer", "minimum": 1, "maximum": 500},
                        "results": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "trial": {"type": "string"},
                                    "title": {"type": "string"},
                                    "verdict": {"enum": VERDICTS},
                                    "score": {"type": "number", "minimum": 0, "maximum": 1},
                                    "eligible_from": {"type": ["string", "null"], "format": "date"},
                                    "coverage": COVERAGE,
                                    "read_automatically": READ_AUTOMATICALLY,
                                    "nearest_site": NEAREST_SITE_SCHEMA,
                                    "criteria": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "id": {"type": ["integer", "null"]},
                                                "kind": {"enum": KINDS},
                                                "type": {"enum": CRITERION_TYPES},
                                                "status": {"enum": STATUSES},
                                                "reason": {"type": "string"},
                                                "text": {"type": "string"},
                                                "eligible_from": {
                                                    "type": ["string", "null"],
                                                    "format": "date",
                                                },
                                                "reviewed": REVIEWED,
                                                "scope": SCOPE,
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    }
    _add_error_responses(document)
    return document
