"""The JSON API v1: trials, questions and matching.

Every error is JSON in one shape, `{"errors": {"<key>": ["message"]}}`: an invalid request is
answered 400, a body too large 413, a body that is not declared as JSON 415, a method the path
does not have 405 (with an Allow header), an unknown path 404, and anything unexpected 500.
"""

from __future__ import annotations

import datetime
import functools
import gzip
import json
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from matcher import engine
from matcher.catalogue import published_catalogue
from matcher.engine import places as engine_places
from matcher.openapi import openapi_document
from matcher.questions import question_catalogue
from trials.models import Condition, Trial
from trials.places import NearestSite, locate, nearest_recruiting_sites

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# No request needs more than a few levels (an object of answers holding a list); deeper
# bodies are refused before anything walks them recursively.
MAX_BODY_DEPTH = 16
# Top-level fields of POST /api/v1/match that may be null (the OpenAPI document says which).
NULLABLE_MATCH_FIELDS: frozenset[str] = frozenset()

type ApiView = Callable[..., JsonResponse]


class ApiError(Exception):
    """A request the API refuses, with its HTTP status and errors keyed by field."""

    def __init__(self, status: int, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.status = status
        self.errors = errors


def api_endpoint(*methods: str) -> Callable[[ApiView], ApiView]:
    """Serve an API view for `methods` only, answering every failure as JSON errors.

    The API takes no form posts and authenticates no write with a cookie, so CSRF does not
    apply: without this, an undeclared method would meet the CSRF check's HTML page first.
    """
    allowed = [method.upper() for method in methods]
    if "GET" in allowed and "HEAD" not in allowed:
        allowed.append("HEAD")

    def decorate(view: ApiView) -> ApiView:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
            if request.method not in allowed:
                response = _errors(
                    {
                        "method": [
                            gettext("This address accepts only %(methods)s.")
                            % {"methods": ", ".join(allowed)}
                        ]
                    },
                    405,
                )
                response["Allow"] = ", ".join(allowed)
                return response
            try:
                return view(request, *args, **kwargs)
            except ApiError as error:
                return _errors(error.errors, error.status)
            except RequestDataTooBig:
                return _errors({"body": [_too_large()]}, 413)
            except (OperationalError, InterfaceError):
                logger.exception("The database is unavailable")
                response = _errors(
                    {"server": [gettext("The service is unavailable; try again in a minute.")]},
                    503,
                )
                response["Retry-After"] = "60"
                return response
            except Exception:
                logger.exception("Unexpected error in the JSON API")
                return _errors({"server": [gettext("Something went wrong on our side.")]}, 500)

        return wrapper

    return decorate


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other address under /api/v1/, whatever the method."""
    return _errors({"path": [gettext("There is nothing at this address.")]}, 404)


def _too_large() -> str:
    return gettext("The request is too large (at most %(size)d KB).") % {
        "size": MAX_BODY_BYTES // 1024
    }


def _whole_or_float(text: str) -> int | float:
    """A JSON number with a fraction or exponent: 52.0 is the whole number 52, as in JSON Schema."""
    number = float(text)
    return int(number) if number.is_integer() else number


def _depth(value: object) -> int:
    """How deeply arrays and objects nest in `value`, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_BODY_DEPTH:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _is_chunked(request: HttpRequest) -> bool:
    """A body sent in chunks, without a Content-Length (the WSGI server undoes the chunking)."""
    encoding = str(request.META.get("HTTP_TRANSFER_ENCODING", "")).lower()
    return "chunked" in encoding and not request.META.get("CONTENT_LENGTH")


def _raw_body(request: HttpRequest) -> bytes:
    """The request's body, also when it comes chunked, at most the limit."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise ApiError(413, {"body": [_too_large()]})
    if not _is_chunked(request):
        return request.body
    # Django reads only Content-Length bytes (none here): read the stream to its end.
    stream = request.META["wsgi.input"]
    parts: list[bytes] = []
    size = 0
    while size <= MAX_BODY_BYTES:
        part = stream.read(MAX_BODY_BYTES + 1 - size)
        if not part:
            break
        parts.append(part)
        size += len(part)
    if size > MAX_BODY_BYTES:
        raise ApiError(413, {"body": [_too_large()]})
    return b"".join(parts)


def read_json_body(request: HttpRequest) -> object:
    """The request's JSON body: declared application/json, UTF-8, not too large or deep."""
    if not _is_chunked(request) and request.META.get("CONTENT_LENGTH") in {None, "", "0"}:
        raise ApiError(400, {"body": [gettext("Send a JSON object as the body.")]})
    charset = (request.content_params or {}).get("charset", "utf-8").lower()
    if request.content_type != "application/json" or charset not in {"utf-8", "utf8"}:
        raise ApiError(
            415,
            {"content_type": [gettext("Send the body as application/json in UTF-8.")]},
        )
    raw = _raw_body(request)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, {"body": [gettext("The body is not valid UTF-8.")]}) from None
    try:
        payload = json.loads(text, parse_float=_whole_or_float)
    except RecursionError:
        raise ApiError(400, {"body": [_too_deep()]}) from None
    except ValueError:
        raise ApiError(400, {"body": [gettext("The body is not valid JSON.")]}) from None
    if _depth(payload) > MAX_BODY_DEPTH:
        raise ApiError(400, {"body": [_too_deep()]})
    return payload


def _too_deep() -> str:
    return gettext("The body nests arrays or objects too deeply (at most %(depth)d levels).") % {
        "depth": MAX_BODY_DEPTH
    }


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


@api_endpoint("GET")
def trial_list(request: HttpRequest) -> JsonResponse:
    """Published trials: recruiting ones first (then not yet recruiting, then the rest), each
    group in the order they were added."""
    trials = (
        Trial.objects.published().prefetch_related("conditions").order_by("pk").recruiting_first()
    )
    return JsonResponse([_trial_summary(trial) for trial in trials], safe=False)


@api_endpoint("GET")
def trial_detail(request: HttpRequest, key: str) -> JsonResponse:
    """One trial with its criteria; unpublished trials only for staff who may view trials."""
    trials = Trial.objects.prefetch_related("conditions", "criteria")
    if not (request.user.is_staff and request.user.has_perm("trials.view_trial")):
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
            "coverage": trial.eligibility_coverage,
            "read_automatically": trial.read_automatically,
            "criteria": [
                {
                    "id": criterion.pk,
                    "kind": criterion.kind,
                    "type": criterion.type,
                    "params": criterion.params,
                    "text": criterion.text,
                    "reviewed": criterion.reviewed,
                    "scope": criterion.scope or None,
                }
                for criterion in trial.criteria.all()
            ],
        }
    )


@api_endpoint("GET")
def questions(request: HttpRequest) -> JsonResponse:
    """The question catalogue, worded in the language asked for (`?lang=en|zh-hans`)."""
    lang = request.GET.get("lang", translation.get_language() or "en").lower()
    if lang not in {"en", "zh-hans"}:
        return _errors({"lang": [gettext("Choose en or zh-hans.")]})
    with translation.override(lang):
        return JsonResponse({"lang": lang, "questions": question_catalogue()})


def _parse_match_request(
    payload: object, tree: engine.ConditionTree
) -> tuple[engine.Answers, datetime.date, int, int, engine.Audience]:
    """Validate the body of POST /api/v1/match, raising AnswerError on any problem.

    A diagnosis is a code of the condition tree: the compiled catalogue's tree answers for the
    codes it knows, and the database for a code added since that tree was built.
    """
    if not isinstance(payload, dict):
        raise engine.AnswerError({"body": [gettext("The body must be a JSON object.")]})
    errors: dict[str, list[str]] = {}
    unknown = sorted(
        set(payload) - {"answers", "as_of", "limit", "offset", "audience", *PLACE_FIELDS}
    )
    for key in unknown:
        errors[key] = [gettext("Unknown field.")]
    for key, value in payload.items():
        if value is None and key not in NULLABLE_MATCH_FIELDS and key != "answers":
            errors.setdefault(key, [gettext("This field cannot be null; leave it out instead.")])
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
    diagnosis = answers.diagnosis if answers is not None else None
    if (
        diagnosis is not None
        and not tree.is_known(diagnosis)
        and not Condition.objects.filter(code=diagnosis).exists()
    ):
        errors["answers.diagnosis"] = [
            gettext(
                "There is no condition with the code %(code)s; the diagnosis question of "
                "/api/v1/questions lists the codes."
            )
            % {"code": diagnosis}
        ]
    if errors or answers is None:
        raise engine.AnswerError(errors)
    return answers, as_of, limit, offset, audience


PLACE_FIELDS = ("location", "max_distance_km")
MAX_DISTANCE_KM = 20_100  # half the Earth's circumference: anywhere


def _parse_place(
    payload: object,
) -> tuple[dict[str, list[str]], bool, engine_places.Point | None, float | None]:
    """`location` and `max_distance_km` of a match request: (errors, whether a location was
    given, where it is if known, reach)."""
    if not isinstance(payload, dict):
        return {}, False, None, None
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
            # A well-formed place the gazetteer does not know is not an error: the answer says
            # `location_found: false` and leaves distances out, rather than refusing the match.
            found = locate(country, city)
            if found is not None:
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
    located = payload.get("location") is not None
    return errors, located, origin, None if reach is None else float(reach)


_REASONS: dict[tuple[object, ...], str] = {}
_REASONS_MAX = 50_000
# Reasons whose builder is memoized come back as the very same object request after request:
# those are found by identity, without working out the message's key. Each entry holds its
# message, so no other object can take its id while the entry lasts.
_REASONS_BY_IDENTITY: dict[tuple[int, engine.Audience, str], tuple[engine.Message, str]] = {}
_REASONS_BY_IDENTITY_MAX = 5_000


def render_reason(
    message: engine.Message, audience: engine.Audience, language: str | None = None
) -> str:
    """A reason in the active language, dates written the way the language writes them.

    Trials share most reasons word for word, and a page of 50 trials holds over a thousand:
    each rendering is kept (per audience and language) rather than translated again.
    """
    if language is None:
        language = translation.get_language() or ""
    same = (id(message), audience, language)
    kept = _REASONS_BY_IDENTITY.get(same)
    if kept is not None and kept[0] is message:
        return kept[1]
    key: tuple[object, ...] = (engine.message_key(message), audience, language)
    try:
        text = _REASONS.get(key)
    except TypeError:  # a parameter that cannot be hashed
        key = (message, audience, language)
        text = _REASONS.get(key)
    if text is None:
        if len(_REASONS) >= _REASONS_MAX:
            _REASONS.clear()
        text = _REASONS[key] = message.render(
            audience, translate=gettext, format_date=lambda d: date_format(d, "DATE_FORMAT")
        )
    if len(_REASONS_BY_IDENTITY) >= _REASONS_BY_IDENTITY_MAX:
        _REASONS_BY_IDENTITY.clear()
    _REASONS_BY_IDENTITY[same] = (message, text)
    return text


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# A page of 50 explained trials (350 to 530 KB of JSON, with short or real-length protocol lines)
# compresses at level 3 in half the time level 6 takes or less, to 1.2 to 1.5 times its bytes
# (94 against 76 KB with real-length lines): the server saves more than the wire pays.
_GZIP_LEVEL = 3


def gzipped(view: ApiView) -> ApiView:
    """Compress the view's answer when the client accepts gzip, as Django's GZipMiddleware does
    but at `_GZIP_LEVEL`. JSON of reasons compresses about fifteenfold, and it carries no secret
    to guess at (no token, nothing from a cookie), so the answer is not padded against BREACH."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        response = view(request, *args, **kwargs)
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = gzip.compress(response.content, compresslevel=_GZIP_LEVEL, mtime=0)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = "gzip"
        return response

    return wrapper


@api_endpoint("POST")
@gzipped
def match(request: HttpRequest) -> JsonResponse:
    """Rank every published trial for one set of answers; return one page of the ranking.

    With `max_distance_km`, the trials with no recruiting site within reach are left out
    before counting and paging: `total` and `counts` describe the trials within reach.
    """
    payload = read_json_body(request)
    catalogue = published_catalogue()
    errors: dict[str, list[str]] = {}
    try:
        answers, as_of, limit, offset, audience = _parse_match_request(
            payload, catalogue.engine.tree
        )
    except engine.AnswerError as error:
        errors.update(error.errors)
    place_errors, located, origin, max_distance_km = _parse_place(payload)
    errors.update(place_errors)
    if errors:
        return _errors(errors)
    by_verdict = catalogue.engine.by_verdict(answers, as_of=as_of)
    summaries = catalogue.trials
    nearest: dict[int, NearestSite] = {}
    extra: dict[str, Any] = {}
    if located:
        extra["location_found"] = origin is not None
    if max_distance_km is not None and origin is not None:
        reach = max_distance_km
        nearest = nearest_recruiting_sites(
            (summaries[trial.key].pk for trials in by_verdict.values() for trial in trials), origin
        )

        def within(trial: engine.TrialSpec) -> bool:
            found = nearest.get(summaries[trial.key].pk)
            return found is not None and found.distance_km <= reach

        everyone = sum(len(trials) for trials in by_verdict.values())
        by_verdict = {
            verdict: [trial for trial in trials if within(trial)]
            for verdict, trials in by_verdict.items()
        }
        extra["out_of_reach"] = everyone - sum(len(trials) for trials in by_verdict.values())
    # The page, read group by group: a group before it is only counted, never put in order.
    total = sum(len(trials) for trials in by_verdict.values())
    wanted: list[engine.TrialSpec] = []
    skip = offset
    for trials in by_verdict.values():
        if len(wanted) >= limit:
            break
        if skip >= len(trials):
            skip -= len(trials)
            continue
        wanted.extend(trials[skip : skip + limit - len(wanted)])
        skip = 0
    # Verdicts and scores come from the ranking. A criterion's status and reason depend only
    # on its kind, type, params and scope, which trials share far more often than their
    # wording: each judgement is made and encoded once for the page.
    page = catalogue.engine.outcomes(wanted, answers, as_of=as_of)
    if origin is not None and max_distance_km is None:
        nearest = nearest_recruiting_sites((summaries[r.trial.key].pk for r in page), origin)
    language = translation.get_language() or ""
    head = {
        "as_of": as_of.isoformat(),
        **extra,
        "total": total,
        "counts": {verdict.value: len(trials) for verdict, trials in by_verdict.items()},
        "offset": offset,
        "limit": limit,
    }
    tree = catalogue.engine.tree
    judged: dict[tuple[int, int, int, str | None, bool], tuple[bytes, bytes]] = {}
    results = []
    for result in page:
        summary = summaries[result.trial.key]
        found = nearest.get(summary.pk)
        criteria = result.trial.criteria
        rows: Sequence[int | None] = summary.criterion_ids
        if len(rows) != len(criteria):  # not expected: a row id for every criterion
            rows = [summary.criterion_id(number) for number in range(len(criteria))]
        items = []
        texts = summary.criterion_texts()  # the compiled criteria carry no wording
        for row, criterion, text in zip(rows, criteria, texts, strict=True):
            # The params object stands for its value: catalogues share one per distinct value.
            same = (
                id(criterion.params),
                id(criterion.kind),
                id(criterion.type),
                criterion.scope,
                criterion.reviewed,
            )
            judgement = judged.get(same)
            if judgement is None:
                item = engine.evaluate_criterion(criterion, answers, as_of=as_of, tree=tree)
                judgement = judged[same] = _judgement_json(item, audience, language)
            items.append(
                b'{"id":%s,%s"text":%s%s'
                % (
                    b"null" if row is None else b"%d" % row,
                    judgement[0],
                    orjson.dumps(text),
                    judgement[1],
                )
            )
        trial = orjson.dumps(
            {
                "trial": result.trial.key,
                "title": summary.brief_title,
                "verdict": result.verdict.value,
                "score": round(result.score, 4),
                "eligible_from": _iso(result.eligible_from),
                "coverage": result.trial.coverage.value,
                "read_automatically": result.trial.read_automatically,
                "nearest_site": found.as_json() if found else None,
            }
        )
        results.append(b'%s,"criteria":[%s]}' % (trial[:-1], b",".join(items)))
    return CompactJsonResponse(
        b'%s,"results":[%s]}' % (orjson.dumps(head)[:-1], b",".join(results))
    )


def _judgement_json(
    item: engine.CriterionResult, audience: engine.Audience, language: str
) -> tuple[bytes, bytes]:
    """A criterion's JSON object but for its `id` and `text`, encoded in two parts: the members
    between them (`kind` to `reason`, then a comma) and those after `text` (from the comma
    before `eligible_from` to the closing brace)."""
    criterion = item.criterion
    before = orjson.dumps(
        {
            "kind": criterion.kind.value,
            "type": criterion.type.value,
            "status": item.status.value,
            "reason": render_reason(item.reason, audience, language),
        }
    )
    after = orjson.dumps(
        {
            "eligible_from": _iso(item.eligible_from),
            "reviewed": criterion.reviewed,
            "scope": criterion.scope,
        }
    )
    return before[1:-1] + b",", b"," + after[1:]


class CompactJsonResponse(JsonResponse):
    """JSON without spaces and in UTF-8, encoded by orjson: a page of 50 explained trials is
    about 1,300 criteria, which the standard encoder takes several times longer to write.

    The same text as `json.dumps(data, separators=(",", ":"), ensure_ascii=False)`. Given
    bytes, they are that text already.
    """

    def __init__(self, data: dict[str, Any] | bytes, **kwargs: Any) -> None:
        kwargs.setdefault("content_type", "application/json")
        content = data if isinstance(data, bytes) else orjson.dumps(data)
        HttpResponse.__init__(self, content=content, **kwargs)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


@api_endpoint("GET")
def openapi(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3.1 description of this API."""
    return JsonResponse(
        openapi_document(
            request.build_absolute_uri("/api/v1"),
            condition_codes=sorted(Condition.objects.values_list("code", flat=True)),
        )
    )
