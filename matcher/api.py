"""The JSON API v1: trials, questions and matching.

Every invalid request is answered with HTTP 400 and `{"errors": {"<key>": ["message"]}}`.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST, require_safe

from matcher import engine
from matcher.catalogue import published_catalogue
from matcher.openapi import openapi_document
from matcher.questions import question_catalogue
from matcher.results import render_reason
from trials.models import Trial

MAX_BODY_BYTES = 64 * 1024
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def _errors(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def _trial_summary(trial: Trial) -> dict[str, Any]:
    return {
        "id": trial.key,
        "nct_id": trial.nct_id,
        "title": trial.brief_title,
        "phase": trial.phase,
        "status": trial.overall_status,
        "conditions": [condition.code for condition in trial.conditions.all()],
    }


@require_safe
def trial_list(request: HttpRequest) -> JsonResponse:
    """Published trials."""
    trials = Trial.objects.published().prefetch_related("conditions").order_by("pk")
    return JsonResponse([_trial_summary(trial) for trial in trials], safe=False)


@require_safe
def trial_detail(request: HttpRequest, key: str) -> JsonResponse:
    """One trial with its criteria; unpublished trials only for logged-in staff."""
    trials = Trial.objects.prefetch_related("conditions", "criteria")
    if not (request.user.is_authenticated and request.user.is_staff):
        trials = trials.published()
    lookup = {"nct_id": key.upper()} if key.upper().startswith("NCT") else {"slug": key}
    trial = trials.filter(**lookup).first()
    if trial is None:
        return _errors(
            {"trial": [gettext("There is no published trial with this identifier.")]}, 404
        )
    return JsonResponse(
        {
            **_trial_summary(trial),
            "slug": trial.slug,
            "sponsor": trial.sponsor,
            "published": trial.published,
            "minimum_age_years": trial.minimum_age_years,
            "maximum_age_years": trial.maximum_age_years,
            "sex": trial.sex,
            "criteria": [
                {
                    "id": criterion.pk,
                    "kind": criterion.kind,
                    "type": criterion.type,
                    "params": criterion.params,
                    "text": criterion.text,
                    "reviewed": criterion.reviewed,
                }
                for criterion in trial.criteria.all()
            ],
        }
    )


@require_safe
def questions(request: HttpRequest) -> JsonResponse:
    """The question catalogue, worded in the language asked for (`?lang=en|zh-hans`)."""
    lang = request.GET.get("lang", translation.get_language() or "en").lower()
    if lang not in {"en", "zh-hans"}:
        return _errors({"lang": [gettext("Choose en or zh-hans.")]})
    with translation.override(lang):
        return JsonResponse({"lang": lang, "questions": question_catalogue()})


def _parse_match_request(
    request: HttpRequest,
) -> tuple[engine.Answers, datetime.date, int, int, engine.Audience]:
    """Read and validate the body of POST /api/v1/match, raising AnswerError on any problem."""
    if len(request.body) > MAX_BODY_BYTES:
        raise engine.AnswerError({"body": [gettext("The request is too large.")]})
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise engine.AnswerError({"body": [gettext("The body is not valid JSON.")]}) from None
    if not isinstance(payload, dict):
        raise engine.AnswerError({"body": [gettext("The body must be a JSON object.")]})
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(payload) - {"answers", "as_of", "limit", "offset", "audience"})
    for key in unknown:
        errors[key] = [gettext("Unknown field.")]
    as_of = timezone.localdate()
    if payload.get("as_of") is not None:
        raw = payload["as_of"]
        try:
            if not isinstance(raw, str) or len(raw) != 10:
                raise ValueError
            as_of = datetime.date.fromisoformat(raw)
        except ValueError:
            errors["as_of"] = [gettext("Give a date as YYYY-MM-DD.")]
    limit = payload.get("limit")
    if limit is None:
        limit = DEFAULT_LIMIT
    elif isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = [gettext("Give a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}]
    offset = payload.get("offset")
    if offset is None:
        offset = 0
    elif isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        errors["offset"] = [gettext("Give a whole number, 0 or more.")]
    audience = engine.Audience.PATIENT
    if payload.get("audience") is not None:
        try:
            audience = engine.Audience(payload["audience"])
        except (ValueError, TypeError):
            errors["audience"] = [gettext("Choose patient or clinician.")]
    answers: engine.Answers | None = None
    if "answers" not in payload:
        errors["answers"] = [gettext("This field is required.")]
    else:
        try:
            answers = engine.validate_answers(payload["answers"])
        except engine.AnswerError as error:
            errors.update(
                {
                    f"answers.{key}" if key != "answers" else key: list(messages)
                    for key, messages in error.errors.items()
                }
            )
    if errors or answers is None:
        raise engine.AnswerError(errors)
    return answers, as_of, limit, offset, audience


@csrf_exempt
@gzip_page  # JSON of reasons compresses about tenfold; it carries no secret to guess at
@require_POST
def match(request: HttpRequest) -> JsonResponse:
    """Rank every published trial for one set of answers; return one page of the ranking."""
    try:
        answers, as_of, limit, offset, audience = _parse_match_request(request)
    except engine.AnswerError as error:
        return _errors(error.errors)
    catalogue = published_catalogue()
    by_verdict = catalogue.engine.by_verdict(answers, as_of=as_of)
    ranked = [trial for trials in by_verdict.values() for trial in trials]
    page = [
        engine.evaluate_trial(trial, answers, as_of=as_of, tree=catalogue.engine.tree)
        for trial in ranked[offset : offset + limit]
    ]
    return JsonResponse(
        {
            "as_of": as_of.isoformat(),
            "total": len(ranked),
            "counts": {verdict.value: len(trials) for verdict, trials in by_verdict.items()},
            "offset": offset,
            "limit": limit,
            "results": [
                {
                    "trial": result.trial.key,
                    "title": catalogue.trials[result.trial.key].brief_title,
                    "verdict": result.verdict.value,
                    "score": round(result.score, 4),
                    "eligible_from": _iso(result.eligible_from),
                    "criteria": [
                        {
                            "id": catalogue.trials[result.trial.key].criterion_id(number),
                            "kind": item.criterion.kind.value,
                            "type": item.criterion.type.value,
                            "status": item.status.value,
                            "reason": render_reason(item.reason, audience),
                            "text": item.criterion.text,
                            "eligible_from": _iso(item.eligible_from),
                        }
                        for number, item in enumerate(result.criteria)
                    ],
                }
                for result in page
            ],
        },
        # Compact and in UTF-8: a page of 50 explained trials is mostly reasons and protocol text.
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3.1 description of this API."""
    return JsonResponse(openapi_document(request.build_absolute_uri("/api/v1")))
