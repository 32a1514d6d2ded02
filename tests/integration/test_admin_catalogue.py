"""Curators' admin: criteria are validated through the engine's parser, with a clear message."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from trials.models import EligibilityCriterion, Trial

pytestmark = pytest.mark.django_db

INLINES = ["criteria", "interventions", "outcomes", "sites", "faqs"]


def add_trial_data(criterion: dict[str, str]) -> dict[str, str]:
    data = {
        "brief_title": "A test trial",
        "slug": "a-test-trial",
        "phase": "PHASE2",
        "overall_status": "RECRUITING",
        "eligibility_coverage": "full",
        "condition_terms": "[]",
    }
    for prefix in INLINES:
        data |= {
            f"{prefix}-TOTAL_FORMS": "1" if prefix == "criteria" else "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data |= {f"criteria-0-{key}": value for key, value in criterion.items()}
    return data


@pytest.fixture
def curator(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("curator", "curator@example.org", "x"))
    return client


def test_admin_saves_a_valid_criterion(curator: Client):
    response = curator.post(
        "/admin/trials/trial/add/",
        add_trial_data(
            {
                "kind": "inclusion",
                "type": "ecog",
                "params": json.dumps({"min": 0, "max": 1}),
                "text": "ECOG 0-1",
                "order": "1",
            }
        ),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    criterion = EligibilityCriterion.objects.get()
    assert criterion.params == {"min": 0, "max": 1}
    assert criterion.scope == ""


def test_admin_saves_a_scoped_criterion_and_the_engine_reads_its_scope(curator: Client):
    response = curator.post(
        "/admin/trials/trial/add/",
        add_trial_data(
            {
                "kind": "inclusion",
                "type": "ecog",
                "params": json.dumps({"min": 0, "max": 1}),
                "text": "Part 2: ECOG 0-1",
                "scope": "Part 2",
                "order": "1",
            }
        ),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    criterion = EligibilityCriterion.objects.get()
    assert criterion.scope == "Part 2"
    assert criterion.to_engine().scope == "Part 2"
    assert criterion.to_engine().reviewed is False
    assert criterion.trial.to_engine().coverage == "full"


@pytest.mark.parametrize(
    ("criterion", "message"),
    [
        ({"type": "ecog", "params": json.dumps({"min": 3, "max": 1})}, "min"),
        ({"type": "ecog", "params": json.dumps({"min": 9})}, "min"),
        (
            {"type": "washout", "params": json.dumps({"category": "acupuncture", "days": 7})},
            "category",
        ),
        ({"type": "flag", "params": json.dumps({"question": "likes_cats"})}, "question"),
        ({"type": "age", "params": json.dumps({"min": "eighteen"})}, "min"),
        ({"type": "text", "params": json.dumps({"surprise": 1})}, "surprise"),
    ],
)
def test_admin_rejects_bad_params_with_a_clear_message(curator: Client, criterion, message):
    data = add_trial_data(
        {"kind": "inclusion", "text": "A protocol line", "order": "1", **criterion}
    )
    response = curator.post("/admin/trials/trial/add/", data)
    assert response.status_code == 200
    assert not Trial.objects.exists()
    errors = " ".join(
        str(e)
        for form in response.context["inline_admin_formsets"][0].formset.errors
        for e in form.get("params", [])
    )
    assert message in errors, errors


def test_admin_trial_list_and_change_page_render(curator: Client, seeded_catalogue):
    assert curator.get("/admin/trials/trial/").status_code == 200
    trial = Trial.objects.get(nct_id="NCT06839066")
    response = curator.get(f"/admin/trials/trial/{trial.pk}/change/")
    assert response.status_code == 200
    assert "Shanghai Henlius Biotech" in response.content.decode()
