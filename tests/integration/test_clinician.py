"""Clinician mode: one page, results that update with htmx, a full-page post without it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from matcher.engine import FLAG_KEYS

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}

HLX43_FIT: dict[str, Any] = {
    "age": "61",
    "sex": "female",
    "diagnosis": "NPC",
    "histology_confirmed": "yes",
    "disease_status": ["recurrent", "metastatic"],
    "measurable_disease": "yes",
    "prior_systemic_lines": "2",
    "prior_therapies": ["platinum_chemotherapy", "pd1_pdl1_inhibitor", "gemcitabine"],
    "ecog": "0",
    "life_expectancy_months": "9",
    "organ_function_adequate": "yes",
    "tissue_sample_available": "yes",
    "contraception_willing": "yes",
    "last_chemotherapy": "2026-01-10",
    "last_immunotherapy": "2026-01-10",
    **{
        f"never_{c}": "on"
        for c in [
            "biologic",
            "radiotherapy",
            "major_surgery",
            "minor_surgery",
            "hormonal",
            "targeted_small_molecule",
            "tcm_antitumor",
            "investigational",
        ]
    },
    "exclusions_others_absent": "on",
}


def verdict_of(response: Any, key: str) -> str:
    return next(
        card.verdict.value
        for group in response.context["results"].groups
        for card in group.cards
        if card.trial.key == key
    )


def test_clinician_page_has_every_group(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "clinician"})
    body = client.get("/match/clinician/").content.decode()
    for legend in ["Diagnosis and disease status", "Treatment history", "Exclusion checklist"]:
        assert legend in body
    assert 'type="date"' in body
    assert "Fill in what you know" in body


def test_full_page_post_redirects_and_shows_results(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "clinician"})
    response = client.post("/match/clinician/", HLX43_FIT)
    assert response.status_code == 302
    page = client.get("/match/clinician/")
    assert verdict_of(page, "NCT06839066") == "likely_eligible"
    # The form shows what was entered.
    assert page.context["form"].initial["diagnosis"] == "NPC"
    assert page.context["form"].initial["exclusions_others_absent"] is True


def test_htmx_post_returns_only_the_results_partial(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "clinician"})
    response = client.post("/match/clinician/", {**HLX43_FIT, "ecog": "2"}, headers=HTMX)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    body = response.content.decode()
    assert "<html" not in body
    assert "<form" not in body
    assert response.templates[0].name == "results"
    assert response.context["results"].counts["not_eligible"] >= 1
    # The not-eligible group is counted, and listed with its reasons on demand.
    assert "List them with their reasons" in body
    listed = client.get("/match/clinician/?group=not_eligible", headers=HTMX)
    assert "<html" not in listed.content.decode()
    assert verdict_of(listed, "NCT06839066") == "not_eligible"
    assert "ECOG" in listed.content.decode()


def test_clinician_reasons_use_clinical_terms(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", {**HLX43_FIT, "last_chemotherapy": "2026-11-10"})
    body = client.get("/match/results/").content.decode()
    assert "washout 28 d required" in body


def test_present_exclusion_rules_out_and_others_stay_unknown_without_the_tick(
    client: Client, seeded_catalogue
):
    client.post("/match/begin/", {"mode": "clinician"})
    data = {k: v for k, v in HLX43_FIT.items() if k != "exclusions_others_absent"}
    client.post("/match/clinician/", data)
    assert verdict_of(client.get("/match/clinician/"), "NCT06839066") == "possibly_eligible"
    client.post("/match/clinician/", {**data, "exclusions_present": ["tuberculosis_active"]})
    ruled_out = client.get("/match/clinician/?group=not_eligible")
    assert verdict_of(ruled_out, "NCT06839066") == "not_eligible"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", "200"),
        ("age", "abc"),
        ("ecog", "9"),
        ("diagnosis", "NOPE"),
        ("last_chemotherapy", "2099-01-01"),
        ("last_chemotherapy", "not a date"),
        ("exclusions_present", "likes_cats"),
        ("disease_status", "gone"),
    ],
)
def test_bad_values_get_messages_not_errors(client: Client, seeded_catalogue, field, value):
    client.post("/match/begin/", {"mode": "clinician"})
    response = client.post("/match/clinician/", {**HLX43_FIT, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "Please check your answer" in response.content.decode()
    htmx = client.post("/match/clinician/", {**HLX43_FIT, field: value}, headers=HTMX)
    assert htmx.status_code == 200
    assert "Some answers need checking" in htmx.content.decode()


def test_every_exclusion_flag_is_on_the_form(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "clinician"})
    form = client.get("/match/clinician/").context["form"]
    assert [value for value, _ in form.fields["exclusions_present"].choices] == list(FLAG_KEYS)
