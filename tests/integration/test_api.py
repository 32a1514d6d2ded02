"""The JSON API v1 through the test client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from matcher.synthetic import publish_synthetic_trials
from trials.models import Trial

pytestmark = pytest.mark.django_db

HLX43 = "NCT06839066"

THIRD_LINE_NPC: dict[str, Any] = {
    "age": 52,
    "sex": "male",
    "diagnosis": "NPC",
    "histology_confirmed": True,
    "disease_status": ["recurrent", "metastatic"],
    "prior_systemic_lines": 2,
    "prior_therapies": ["platinum_chemotherapy", "pd1_pdl1_inhibitor"],
    "ecog": 1,
    "last_treatment": {
        "chemotherapy": "2026-09-01",
        "immunotherapy": "2026-09-01",
        "radiotherapy": "never",
        "major_surgery": "never",
        "minor_surgery": "never",
        "biologic": "never",
        "hormonal": "never",
        "targeted_small_molecule": "never",
        "tcm_antitumor": "never",
    },
    "measurable_disease": True,
    "life_expectancy_months": 12,
    "organ_function_adequate": True,
    "tissue_sample_available": True,
    "contraception_willing": True,
    **{
        flag: False
        for flag in [
            "cns_metastases_active",
            "other_malignancy_within_2y",
            "prior_grade3_irae",
            "uncontrolled_effusion",
            "major_vessel_invasion",
            "ild_or_pneumonitis",
            "uncontrolled_cardiovascular",
            "transplant",
            "active_infection_iv_antibiotics",
            "strong_cyp_modulators",
            "systemic_steroids",
            "autoimmune_active",
            "live_vaccine_recent",
            "hypersensitivity_biologics",
            "tuberculosis_active",
            "immunodeficiency_hiv",
            "hbv_hcv_active",
            "pregnant_or_breastfeeding",
            "curative_local_therapy_candidate",
        ]
    },
}


def post_match(client: Client, payload: object) -> Any:
    return client.post(
        "/api/v1/match",
        data=payload if isinstance(payload, (str, bytes)) else json.dumps(payload),
        content_type="application/json",
    )


def result_for(response: Any, key: str) -> dict[str, Any]:
    return next(r for r in response.json()["results"] if r["trial"] == key)


def test_trial_list_has_the_contract_fields(client: Client, seeded_catalogue):
    response = client.get("/api/v1/trials")
    assert response.status_code == 200
    trials = {t["id"]: t for t in response.json()}
    assert set(trials) == {
        HLX43,
        "iae0972-chemotherapy-rm-hnscc-npc",
        "ibb0979-advanced-solid-tumours",
    }
    assert trials[HLX43] == {
        "id": HLX43,
        "nct_id": HLX43,
        "title": Trial.objects.get(nct_id=HLX43).brief_title,
        "phase": "PHASE2",
        "status": "RECRUITING",
        "conditions": ["NPC"],
    }


@pytest.mark.parametrize("key", [HLX43, "nct06839066", "hlx43-recurrent-metastatic-npc"])
def test_trial_detail_by_nct_id_or_slug(client: Client, seeded_catalogue, key: str):
    response = client.get(f"/api/v1/trials/{key}")
    assert response.status_code == 200
    criteria = response.json()["criteria"]
    assert len(criteria) == 44
    assert set(criteria[0]) == {"id", "kind", "type", "params", "text", "reviewed", "scope"}
    assert {c["type"] for c in criteria} >= {"age", "diagnosis", "washout", "flag", "text", "ecog"}
    assert all(c["reviewed"] for c in criteria)


def test_unpublished_trial_answers_only_to_staff(client: Client, seeded_catalogue):
    Trial.objects.filter(nct_id=HLX43).update(published=False)
    assert client.get(f"/api/v1/trials/{HLX43}").status_code == 404
    assert HLX43 not in {t["id"] for t in client.get("/api/v1/trials").json()}
    curator = User.objects.create_user("curator", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_trial"))
    client.force_login(curator)
    assert client.get(f"/api/v1/trials/{HLX43}").status_code == 200


def test_unknown_trial_is_404_json(client: Client, seeded_catalogue):
    assert client.get("/api/v1/trials/NCT00000000").status_code == 404


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_questions_cover_every_answer_key(client: Client, seeded_catalogue, lang: str):
    from matcher.engine import ANSWER_KEYS

    response = client.get(f"/api/v1/questions?lang={lang}")
    assert response.status_code == 200
    questions = response.json()["questions"]
    assert [q["key"] for q in questions] == list(ANSWER_KEYS)
    ecog = next(q for q in questions if q["key"] == "ecog")
    assert len(ecog["choices"]) == 5
    diagnosis = next(q for q in questions if q["key"] == "diagnosis")
    assert {"value": "NPC", "parent": "HEAD_NECK"}.items() <= next(
        c for c in diagnosis["choices"] if c["value"] == "NPC"
    ).items()


def test_questions_reject_an_unknown_language(client: Client):
    response = client.get("/api/v1/questions?lang=fr")
    assert response.status_code == 400
    assert "lang" in response.json()["errors"]


def test_match_third_line_npc_is_likely_eligible_for_hlx43(client: Client, seeded_catalogue):
    response = post_match(client, {"answers": THIRD_LINE_NPC, "as_of": "2026-11-21"})
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2026-11-21"
    hlx = result_for(response, HLX43)
    assert hlx["verdict"] == "likely_eligible"
    assert hlx["score"] == 1.0
    assert hlx["eligible_from"] is None
    assert set(hlx["criteria"][0]) == {
        "id",
        "kind",
        "type",
        "status",
        "reason",
        "text",
        "eligible_from",
        "reviewed",
        "scope",
    }
    assert hlx["coverage"] == "full"
    assert hlx["read_automatically"] is False
    assert {c["status"] for c in hlx["criteria"] if c["type"] == "text"} == {"unknown"}
    # Results hold every published trial, best first.
    assert len(body["results"]) == 3
    order = ["likely_eligible", "possibly_eligible", "eligible_later", "not_eligible"]
    ranks = [order.index(r["verdict"]) for r in body["results"]]
    assert ranks == sorted(ranks)
    # Two failed lines is within IAE0972's "≤2 lines"; IBB0979 wants locally advanced or metastatic.
    assert (
        result_for(response, "iae0972-chemotherapy-rm-hnscc-npc")["verdict"] == "possibly_eligible"
    )  # summary only


def test_recent_chemotherapy_makes_hlx43_eligible_later(client: Client, seeded_catalogue):
    answers = {
        **THIRD_LINE_NPC,
        "last_treatment": {**THIRD_LINE_NPC["last_treatment"], "chemotherapy": "2026-11-07"},
    }
    hlx = result_for(post_match(client, {"answers": answers, "as_of": "2026-11-21"}), HLX43)
    assert hlx["verdict"] == "eligible_later"
    assert hlx["eligible_from"] == "2026-12-05"
    washout = next(c for c in hlx["criteria"] if c["status"] == "fail")
    assert washout["type"] == "washout"
    assert washout["eligible_from"] == "2026-12-05"
    assert "5 December 2026" in washout["reason"]


def test_clinician_audience_gets_clinical_wording(client: Client, seeded_catalogue):
    answers = {**THIRD_LINE_NPC, "ecog": 3}
    hlx = result_for(
        post_match(client, {"answers": answers, "as_of": "2026-11-21", "audience": "clinician"}),
        HLX43,
    )
    assert hlx["verdict"] == "not_eligible"
    ecog = next(c for c in hlx["criteria"] if c["type"] == "ecog")
    assert ecog["status"] == "fail"
    assert "ECOG" in ecog["reason"]


def test_empty_answers_never_rule_a_trial_out(client: Client, seeded_catalogue):
    response = post_match(client, {"answers": {}})
    assert response.status_code == 200
    assert {r["verdict"] for r in response.json()["results"]} == {"possibly_eligible"}


def test_limit_returns_the_best_first(client: Client, seeded_catalogue):
    response = post_match(client, {"answers": THIRD_LINE_NPC, "limit": 1})
    assert [r["trial"] for r in response.json()["results"]] == [
        r["trial"] for r in post_match(client, {"answers": THIRD_LINE_NPC}).json()["results"]
    ][:1]


def test_pages_of_the_ranking_add_up_to_the_whole_with_total_and_counts(
    client: Client, seeded_catalogue
):
    whole = post_match(client, {"answers": THIRD_LINE_NPC, "as_of": "2026-11-21"}).json()
    assert whole["total"] == 3
    assert whole["offset"] == 0
    assert whole["limit"] == 50
    assert sum(whole["counts"].values()) == 3
    assert set(whole["counts"]) == {
        "likely_eligible",
        "possibly_eligible",
        "eligible_later",
        "not_eligible",
    }
    assert whole["counts"]["likely_eligible"] == sum(
        1 for r in whole["results"] if r["verdict"] == "likely_eligible"
    )
    pages = [
        post_match(
            client,
            {"answers": THIRD_LINE_NPC, "as_of": "2026-11-21", "limit": 2, "offset": offset},
        ).json()
        for offset in (0, 2, 4)
    ]
    assert [len(page["results"]) for page in pages] == [2, 1, 0]
    assert all(page["total"] == 3 and page["counts"] == whole["counts"] for page in pages)
    assert [r for page in pages for r in page["results"]] == whole["results"]


def test_the_default_page_is_50_trials(client: Client, seeded_catalogue):
    publish_synthetic_trials(60)
    body = post_match(client, {"answers": {"diagnosis": "NPC"}}).json()
    assert body["total"] == 63
    assert len(body["results"]) == 50
    rest = post_match(client, {"answers": {"diagnosis": "NPC"}, "offset": 50}).json()
    assert len(rest["results"]) == 13
    keys = [r["trial"] for r in body["results"] + rest["results"]]
    assert len(set(keys)) == 63


@pytest.mark.parametrize(
    ("payload", "error_key"),
    [
        ("not json", "body"),
        ("[1, 2]", "body"),
        ({}, "answers"),
        ({"answers": {"age": "52"}}, "answers.age"),
        ({"answers": {"age": True}}, "answers.age"),
        ({"answers": {"age": 300}}, "answers.age"),
        ({"answers": {"ecog": 7}}, "answers.ecog"),
        ({"answers": {"shoe_size": 9}}, "answers.shoe_size"),
        (
            {"answers": {"last_treatment": {"chemotherapy": "yesterday"}}},
            "answers.last_treatment.chemotherapy",
        ),
        (
            {"answers": {"last_treatment": {"acupuncture": "never"}}},
            "answers.last_treatment.acupuncture",
        ),
        ({"answers": {"disease_status": ["gone"]}}, "answers.disease_status"),
        ({"answers": [], "as_of": "2026-02-30"}, "as_of"),
        ({"answers": {}, "limit": 0}, "limit"),
        ({"answers": {}, "limit": "5"}, "limit"),
        ({"answers": {}, "limit": 501}, "limit"),
        ({"answers": {}, "limit": True}, "limit"),
        ({"answers": {}, "offset": -1}, "offset"),
        ({"answers": {}, "offset": "2"}, "offset"),
        ({"answers": {}, "offset": 1.5}, "offset"),
        ({"answers": {}, "audience": "robot"}, "audience"),
        ({"answers": {}, "extra": 1}, "extra"),
    ],
)
def test_invalid_match_payloads_are_400_with_field_errors(
    client: Client, seeded_catalogue, payload, error_key
):
    response = post_match(client, payload)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(
        key == error_key or key.startswith(error_key + ".") or key.startswith(error_key + "[")
        for key in errors
    ), errors
    assert all(isinstance(m, str) and m for messages in errors.values() for m in messages)


def test_match_rejects_get(client: Client):
    assert client.get("/api/v1/match").status_code == 405


def test_openapi_document_describes_every_path(client: Client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/trials", "/trials/{key}", "/questions", "/match"}


def test_unknown_trial_answers_json(client: Client, seeded_catalogue):
    response = client.get("/api/v1/trials/no-such-trial")
    assert response.status_code == 404
    assert "trial" in response.json()["errors"]


def test_match_criteria_carry_their_row_ids_in_protocol_order(client: Client, seeded_catalogue):
    hlx = result_for(post_match(client, {"answers": {}}), HLX43)
    trial = Trial.objects.get(nct_id=HLX43)
    expected = trial.to_engine().criteria
    assert [c["id"] for c in hlx["criteria"]] == [criterion.id for criterion in expected]
    assert [c["text"] for c in hlx["criteria"]] == [criterion.text for criterion in expected]
