"""POST /api/v1/match answers what the plain way of matching gives, byte for byte.

The view ranks with the compiled catalogue, judges a criterion shared by trials on the page
once and writes the JSON piece by piece. Here every published trial is judged on its own
(`evaluate_trial`), sorted by the contract's order, paged, and written with the standard JSON
encoder, reasons rendered afresh: the two must be the same bytes.
"""

from __future__ import annotations

import datetime
import gzip
import json
import random
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from matcher import engine
from matcher.api import render_reason
from matcher.catalogue import published_catalogue
from matcher.engine import reasons
from matcher.engine.bench import REALISTIC_PROFILE, SYNTHETIC_TREE
from matcher.synthetic import publish_synthetic_trials
from tests.unit.engine.factories import random_profile
from trials.models import CatalogueVersion, EligibilityCriterion, Trial

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 12, 1)


@pytest.fixture
def varied_trials(db: None) -> None:
    """Synthetic trials, a few of them summaries, with some criteria scoped or unreviewed and
    some protocol texts in Chinese."""
    pks = publish_synthetic_trials(90, seed=11)
    rng = random.Random(11)
    Trial.objects.filter(pk__in=rng.sample(pks, 9)).update(
        eligibility_coverage=Trial.Coverage.SUMMARY
    )
    rows = list(EligibilityCriterion.objects.filter(trial_id__in=pks).order_by("pk"))
    changed = []
    for row in rng.sample(rows, len(rows) // 10):
        match rng.randrange(3):
            case 0:
                row.scope = "Part B"
            case 1:
                row.reviewed = False
            case _:
                row.text = "既往接受过抗PD-1治疗。"
        changed.append(row)
    EligibilityCriterion.objects.bulk_update(changed, ["scope", "reviewed", "text"])
    # A short trial that the fuller profiles meet in full.
    adults = Trial.objects.create(slug="adults", brief_title="Adults", published=True)
    for order, (type_, params, text) in enumerate(
        [("age", {"min": 18, "max": None}, "Aged 18 or over."), ("text", {}, "Signed consent.")]
    ):
        EligibilityCriterion.objects.create(
            trial=adults, kind="inclusion", type=type_, params=params, text=text, order=order
        )
    CatalogueVersion.bump()


def plain_answer(payload: dict[str, Any]) -> bytes:
    """The match answer by definition, for a payload without a location."""
    catalogue = published_catalogue(fresh=True)
    answers = engine.validate_answers(payload["answers"])
    as_of = datetime.date.fromisoformat(payload["as_of"])
    audience = engine.Audience(payload.get("audience", "patient"))
    limit, offset = payload.get("limit", 50), payload.get("offset", 0)
    tree = catalogue.engine.tree
    # The wording as stored, by row id (the compiled criteria carry none).
    texts = dict(EligibilityCriterion.objects.values_list("pk", "text"))
    judged = [
        engine.evaluate_trial(trial, answers, as_of=as_of, tree=tree)
        for trial in catalogue.engine.trials
    ]
    judged.sort(
        key=lambda r: (
            engine.VERDICT_ORDER.index(r.verdict),
            not r.trial.recruiting,
            -r.score,
            r.trial.key,
        )
    )

    def reason(message: engine.Message) -> str:
        return message.render(
            audience, translate=gettext, format_date=lambda d: date_format(d, "DATE_FORMAT")
        )

    def iso(day: datetime.date | None) -> str | None:
        return day.isoformat() if day else None

    results = []
    for result in judged[offset : offset + limit]:
        summary = catalogue.trials[result.trial.key]
        results.append(
            {
                "trial": result.trial.key,
                "title": summary.brief_title,
                "verdict": result.verdict.value,
                "score": round(result.score, 4),
                "eligible_from": iso(result.eligible_from),
                "coverage": result.trial.coverage.value,
                "read_automatically": result.trial.read_automatically,
                "nearest_site": None,
                "criteria": [
                    {
                        "id": summary.criterion_id(number),
                        "kind": item.criterion.kind.value,
                        "type": item.criterion.type.value,
                        "status": item.status.value,
                        "reason": reason(item.reason),
                        "text": texts[summary.criterion_ids[number]],
                        "eligible_from": iso(item.eligible_from),
                        "reviewed": item.criterion.reviewed,
                        "scope": item.criterion.scope,
                    }
                    for number, item in enumerate(result.criteria)
                ],
            }
        )
    body = {
        "as_of": as_of.isoformat(),
        "total": len(judged),
        "counts": {
            verdict.value: sum(r.verdict == verdict for r in judged)
            for verdict in engine.VERDICT_ORDER
        },
        "offset": offset,
        "limit": limit,
        "results": results,
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def payloads() -> list[dict[str, Any]]:
    rng = random.Random(5)
    profiles = [REALISTIC_PROFILE, {}, {"diagnosis": "LUNG"}]
    profiles += [random_profile(rng, list(SYNTHETIC_TREE), AS_OF) for _ in range(5)]
    pages = [{}, {"limit": 7, "offset": 3}, {"limit": 500}, {"limit": 20, "offset": 80}]
    return [
        {
            "answers": profile,
            "as_of": AS_OF.isoformat(),
            "audience": audience,
            **pages[(number + audiences) % len(pages)],
        }
        for number, profile in enumerate(profiles)
        for audiences, audience in enumerate(("patient", "clinician"))
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_answer_is_the_plain_ranking_judged_trial_by_trial(
    client: Client, varied_trials, language: str
):
    verdicts: set[str] = set()
    for payload in payloads():
        response = client.post(
            "/api/v1/match",
            json.dumps(payload),
            content_type="application/json",
            headers={"accept-language": language},
        )
        assert response.status_code == 200
        with translation.override(language):
            expected = plain_answer(payload)
        assert response.content == expected, payload
        verdicts.update(r["verdict"] for r in response.json()["results"])
    assert verdicts == {verdict.value for verdict in engine.Verdict}


def test_the_answer_is_gzipped_for_clients_that_accept_it(client: Client, varied_trials):
    payload = json.dumps({"answers": REALISTIC_PROFILE, "as_of": AS_OF.isoformat()})
    plain = client.post("/api/v1/match", payload, content_type="application/json")
    packed = client.post(
        "/api/v1/match",
        payload,
        content_type="application/json",
        headers={"accept-encoding": "br, gzip"},
    )
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 5
    assert gzip.decompress(packed.content) == plain.content
    # Short answers (errors) go as they are.
    refused = client.post(
        "/api/v1/match", "{}", content_type="application/json", headers={"accept-encoding": "gzip"}
    )
    assert refused.status_code == 400
    assert "Content-Encoding" not in refused


def test_a_reason_kept_by_identity_follows_audience_and_language():
    message = reasons.flag_reason(engine.Kind.EXCLUSION, "transplant", False)
    assert reasons.flag_reason(engine.Kind.EXCLUSION, "transplant", False) is message  # memoized
    seen = set()
    for _ in range(2):
        for language in ("en", "zh-hans"):
            for audience in engine.Audience:
                with translation.override(language):
                    expected = message.render(audience, translate=gettext)
                    assert render_reason(message, audience) == expected
                    assert render_reason(message, audience, language) == expected
                seen.add(expected)
    assert len(seen) == 4


def test_criteria_worded_differently_share_one_criterion(varied_trials):
    catalogue = published_catalogue(fresh=True)
    first: dict[tuple[object, ...], tuple[engine.Criterion, str]] = {}
    reworded = 0
    for trial in catalogue.engine.trials:
        texts = catalogue.trials[trial.key].criterion_texts()
        assert len(texts) == len(trial.criteria)
        for criterion, text in zip(trial.criteria, texts, strict=True):
            params = json.dumps(criterion.params_dict(), sort_keys=True)
            rule = (criterion.kind, criterion.type, params, criterion.scope, criterion.reviewed)
            seen, seen_text = first.setdefault(rule, (criterion, text))
            assert seen is criterion
            assert criterion.text == ""
            reworded += seen_text != text
    assert reworded > 50  # the Chinese lines, among others
