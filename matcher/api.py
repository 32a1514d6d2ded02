"""The JSON API v1: trials, questions and matching.

Every invalid request is answered with HTTP 400 and `{"errors": {"<key>": ["message"]}}`.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from matcher import engine
from matcher.catalogue import published_catalogue
from matcher.engine import places as engine_places
from matcher.openapi import openapi_document
from matcher.questions import question_catalogue
from trials.models import Trial
from trials.places import locate, nearest_recruiting_sites

MAX_BODY_BYTES = 64 * 1024
MAX_LIMIT = 1000


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
) -> tuple[engine.Answers, datetime.date, int | None, engine.Audience]:
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
    unknown = sorted(set(payload) - {"answers", "as_of", "limit", "audience", *PLACE_FIELDS})
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
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT
    ):
        errors["limit"] = [gettext("Give a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}]
        limit = None
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
    return answers, as_of, limit, audience


PLACE_FIELDS = ("location", "max_distance_km")
MAX_DISTANCE_KM = 20_100  # half the Earth's circumference: anywhere


def _parse_place(
    request: HttpRequest,
) -> tuple[dict[str, list[str]], engine_places.Point | None, float | None]:
    """`location` and `max_distance_km` of a match request: (errors, origin, reach)."""
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return {}, None, None  # reported by _parse_match_request
    if not isinstance(payload, dict):
        return {}, None, None
    errors: dict[str, list[str]] = {}
    origin: engine_places.Point | None = None
    match payload.get("location"):
        case None:
            pass
        case {"lat": lat, "lon": lon, **rest} if not rest:
            try:
                if isinstance(lat, bool) or isinstance(lon, bool):
                    raise TypeError
                origin = engine_places.Point(float(lat), float(lon))
            except (TypeError, ValueError):
                errors["location"] = [
                    gettext("Give lat from -90 to 90 and lon from -180 to 180, in degrees.")
                ]
        case {"country": str(country), "city": str(city), **rest} if not rest:
            found = locate(country, city)
            if found is None:
                errors["location"] = [
                    gettext(
                        "We could not find this city in this country. Check the spelling, "
                        "or give a larger city nearby."
                    )
                ]
            else:
                origin = found.point
        case _:
            errors["location"] = [
                gettext('Give {"lat", "lon"} or {"country", "city"} (ISO country code).')
            ]
    reach = payload.get("max_distance_km")
    if reach is not None:
        if (
            isinstance(reach, bool)
            or not isinstance(reach, int | float)
            or not 0 < reach <= MAX_DISTANCE_KM
        ):
            errors["max_distance_km"] = [
                gettext("Give a distance in km from 1 to %(max)d.") % {"max": MAX_DISTANCE_KM}
            ]
            reach = None
        elif "location" not in payload:
            errors["max_distance_km"] = [gettext("A distance needs a location.")]
    return errors, origin, None if reach is None else float(reach)


def render_reason(message: engine.Message, audience: engine.Audience) -> str:
    """A reason in the active language, dates written the way the language writes them."""
    return message.render(
        audience, translate=gettext, format_date=lambda d: date_format(d, "DATE_FORMAT")
    )


@csrf_exempt
@require_POST
def match(request: HttpRequest) -> JsonResponse:
    """Rank every published trial for one set of answers."""
    errors: dict[str, list[str]] = {}
    try:
        answers, as_of, limit, audience = _parse_match_request(request)
    except engine.AnswerError as error:
        errors.update(error.errors)
    place_errors, origin, max_distance_km = _parse_place(request)
    errors.update(place_errors)
    if errors:
        return _errors(errors)
    catalogue = published_catalogue()
    results = catalogue.engine.rank(
        answers, as_of=as_of, limit=None if max_distance_km is not None else limit
    )
    nearest = (
        nearest_recruiting_sites((catalogue.trials[r.trial.key].pk for r in results), origin)
        if origin is not None
        else {}
    )
    extra: dict[str, Any] = {}
    if max_distance_km is not None:
        within = [
            result
            for result in results
            if (found := nearest.get(catalogue.trials[result.trial.key].pk)) is not None
            and found.distance_km <= max_distance_km
        ]
        extra["out_of_reach"] = len(results) - len(within)
        results = within[:limit] if limit is not None else within
    return JsonResponse(
        {
            "as_of": as_of.isoformat(),
            **extra,
            "results": [
                {
                    "trial": result.trial.key,
                    "title": catalogue.trials[result.trial.key].brief_title,
                    "verdict": result.verdict.value,
                    "score": round(result.score, 4),
                    "eligible_from": _iso(result.eligible_from),
                    "nearest_site": (
                        found.as_json()
                        if (found := nearest.get(catalogue.trials[result.trial.key].pk))
                        else None
                    ),
                    "criteria": [
                        {
                            "id": item.criterion.id,
                            "kind": item.criterion.kind.value,
                            "type": item.criterion.type.value,
                            "status": item.status.value,
                            "reason": render_reason(item.reason, audience),
                            "text": item.criterion.text,
                            "eligible_from": _iso(item.eligible_from),
                        }
                        for item in result.criteria
                    ],
                }
                for result in results
            ],
        }
    )


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3.1 description of this API."""
    return JsonResponse(openapi_document(request.build_absolute_uri("/api/v1")))
