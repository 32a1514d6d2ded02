"""The OpenAPI 3.1 description of the JSON API v1, built from the engine's vocabularies."""

from __future__ import annotations

from typing import Any

from matcher import engine
from matcher.engine import vocabulary

VERDICTS = [verdict.value for verdict in engine.VERDICT_ORDER]
CRITERION_TYPES = [criterion_type.value for criterion_type in engine.CriterionType]
AUDIENCES = [audience.value for audience in engine.Audience]
KINDS = [kind.value for kind in engine.Kind]
STATUSES = [status.value for status in engine.Status]


def _answers_schema() -> dict[str, Any]:
    date_or_never = {
        "anyOf": [{"type": "string", "format": "date"}, {"const": "never"}, {"type": "null"}]
    }
    properties: dict[str, Any] = {
        "sex": {"enum": [*vocabulary.SEXES, None]},
        "diagnosis": {"type": ["string", "null"], "description": "A code of the condition tree."},
        "disease_status": {
            "type": ["array", "null"],
            "items": {"enum": list(vocabulary.DISEASE_STATUSES)},
        },
        "prior_therapies": {
            "type": ["array", "null"],
            "items": {"enum": list(vocabulary.THERAPY_CODES)},
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
    return {
        "type": "object",
        "description": "Every answer is optional; a missing or null answer means 'I don't know'.",
        "properties": properties,
        "additionalProperties": False,
    }


def openapi_document(server_url: str) -> dict[str, Any]:
    """The document, with the server's own URL."""
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
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Trial matching API",
            "version": "1",
            "description": "Published cancer trials, their structured eligibility criteria, and "
            "matching of a patient's answers against them.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/trials": {
                "get": {
                    "summary": "Published trials",
                    "responses": {
                        "200": {
                            "description": "Every published trial.",
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
                                            "reviewed": {"type": "boolean"},
                                        },
                                    },
                                }
                            },
                        },
                    ]
                },
                "Answers": _answers_schema(),
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
                    },
                    "required": ["answers"],
                    "additionalProperties": False,
                },
                "MatchResponse": {
                    "type": "object",
                    "required": ["as_of", "total", "counts", "results"],
                    "properties": {
                        "as_of": {"type": "string", "format": "date"},
                        "total": {
                            "type": "integer",
                            "minimum": 0,
                            "description": "How many published trials were ranked.",
                        },
                        "counts": {
                            "type": "object",
                            "description": "How many trials have each verdict.",
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
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            }
        },
    }
