"""Coverage and provenance through pages and API: summaries, automatic reading, scopes,
unmapped diagnoses, protocol exceptions, and trials the conditions rule out."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from trials.models import Condition, EligibilityCriterion, Trial

from .test_api import HLX43, THIRD_LINE_NPC
from .test_questionnaire import THIRD_LINE_NPC as THIRD_LINE_NPC_FORM
from .test_questionnaire import walk

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ctgov"
IAE = "iae0972-chemotherapy-rm-hnscc-npc"
IBB = "ibb0979-advanced-solid-tumours"
SUMMARY_NOTE = "Only a summary of who can take part is published for this trial"
READ_NOTE = "Criteria read automatically from the registry; the study team has the final word."


def match(client: Client, answers: dict[str, Any], **extra: Any) -> dict[str, dict[str, Any]]:
    response = client.post(
        "/api/v1/match",
        json.dumps({"answers": answers, "as_of": "2026-11-21", **extra}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {result["trial"]: result for result in response.json()["results"]}


def registry_trial(
    slug: str, *criteria: dict[str, Any], codes: tuple[str, ...] = (), status: str = "RECRUITING"
) -> Trial:
    """A published registry-style trial whose criteria were read automatically."""
    trial = Trial.objects.create(
        slug=slug,
        brief_title=f"Trial {slug}",
        overall_status=status,
        published=True,
        nct_id=None,
    )
    trial.conditions.set(Condition.objects.filter(code__in=codes))
    for order, values in enumerate(criteria, start=1):
        EligibilityCriterion.objects.create(trial=trial, order=order, **values)
    return trial


def diagnosis(codes: list[str], terms: list[str] | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"codes": codes}
    if terms:
        params["terms"] = terms
    return {"kind": "inclusion", "type": "diagnosis", "params": params, "text": "Diagnosis."}


# --- coverage -----------------------------------------------------------------------------


def test_summary_trials_are_at_most_possible_in_the_api_and_say_so(
    client: Client, seeded_catalogue
):
    results = match(client, {**THIRD_LINE_NPC, "prior_systemic_lines": 1})
    assert results[IAE]["coverage"] == "summary"
    assert results[IAE]["verdict"] == "possibly_eligible"
    assert results[IBB]["coverage"] == "summary"
    assert results[HLX43]["coverage"] == "full"
    newborn = match(client, {"age": 0})
    assert newborn[IAE]["verdict"] != "likely_eligible"
    assert newborn[IBB]["verdict"] != "likely_eligible"


def test_results_trial_and_print_pages_say_only_a_summary_is_published(
    client: Client, seeded_catalogue
):
    walk(client, THIRD_LINE_NPC_FORM)
    results = client.get("/match/results/").content.decode()
    assert results.count(SUMMARY_NOTE) == 2  # IAE0972 and IBB0979, not HLX43
    page = client.get(f"/trials/{IBB}/").content.decode()
    assert SUMMARY_NOTE in page
    assert "What the summary says about who can take part" in page
    assert "The source lists no exclusion criteria." not in page
    assert (
        SUMMARY_NOTE not in client.get("/trials/hlx43-recurrent-metastatic-npc/").content.decode()
    )
    saved = client.post("/match/results/save/", {"note": "", "consent": "on"})
    assert saved.status_code == 302
    token = saved["Location"].rstrip("/").split("/")[-1]
    printed = client.get(f"/saved/{token}/print/").content.decode()
    assert printed.count(SUMMARY_NOTE) == 2


def test_the_summary_note_is_translated(client: Client, seeded_catalogue):
    page = client.get(f"/trials/{IBB}/", headers={"accept-language": "zh-hans"})
    assert "本试验只公布了参加条件的摘要" in page.content.decode()


# --- provenance and scope ------------------------------------------------------------------


def test_unreviewed_computable_criteria_are_marked_read_automatically(client: Client, db):
    registry_trial(
        "auto",
        {**diagnosis(["NPC"]), "reviewed": True},
        {"kind": "inclusion", "type": "ecog", "params": {"max": 1}, "text": "ECOG 0-1"},
        codes=("NPC",),
    )
    registry_trial(
        "curated",
        {**diagnosis(["NPC"]), "reviewed": True},
        {"kind": "inclusion", "type": "text", "params": {}, "text": "Consent."},
        codes=("NPC",),
    )
    results = match(client, {"diagnosis": "NPC", "ecog": 0})
    assert results["auto"]["read_automatically"] is True
    assert [c["reviewed"] for c in results["auto"]["criteria"]] == [True, False]
    assert results["curated"]["read_automatically"] is False  # an unreviewed text line is fine
    detail = client.get("/api/v1/trials/auto").json()
    assert detail["read_automatically"] is True
    assert READ_NOTE in client.get("/trials/auto/").content.decode()
    assert READ_NOTE not in client.get("/trials/curated/").content.decode()
    client.post("/match/begin/", {"mode": "patient"})
    client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"})
    assert client.get("/match/results/").content.decode().count(READ_NOTE) == 1


def test_a_scoped_criterion_never_rules_out_and_shows_its_scope(client: Client, db):
    registry_trial(
        "parts",
        {
            "kind": "inclusion",
            "type": "age",
            "params": {"max": 30},
            "text": "Part 2: aged 30 or younger",
            "scope": "Part 2",
            "reviewed": True,
        },
        {"kind": "inclusion", "type": "ecog", "params": {"max": 1}, "text": "ECOG 0-1"},
    )
    result = match(client, {"age": 60, "ecog": 0})["parts"]
    assert result["verdict"] == "possibly_eligible"
    age = result["criteria"][0]
    assert (age["status"], age["scope"]) == ("unknown", "Part 2")
    assert "Part 2" in age["reason"]
    assert result["criteria"][1]["scope"] is None
    assert client.get("/api/v1/trials/parts").json()["criteria"][0]["scope"] == "Part 2"
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", {"age": "60", "ecog": "0"})
    page = client.get("/match/clinician/").content.decode()
    assert "Only for: Part 2" in page
    assert '<span lang="en">Part 2</span>' in page  # protocol words keep their language


# --- diagnosis -----------------------------------------------------------------------------


def test_an_unmapped_diagnosis_is_for_the_study_team_not_any_cancer(client: Client, db):
    registry_trial("rare", diagnosis([], ["chordoma of the skull base"]))
    result = match(client, {"diagnosis": "NPC"})["rare"]
    assert result["verdict"] == "possibly_eligible"
    line = result["criteria"][0]
    assert line["status"] == "unknown"
    assert "chordoma of the skull base" in line["reason"]
    assert match(client, {})["rare"]["verdict"] == "possibly_eligible"


@pytest.mark.parametrize(
    ("codes", "patient"),
    [(["SOLID"], "LYMPH"), (["SOLID"], "HODGKIN"), (["LUNG"], "NPC")],
)
def test_a_patient_outside_the_trials_conditions_is_not_eligible(
    client: Client, db, codes: list[str], patient: str
):
    if not Condition.objects.filter(code=patient).exists():
        Condition.objects.create(
            code=patient, name="Hodgkin lymphoma", parent=Condition.objects.get(code="LYMPH")
        )
    registry_trial("narrow", diagnosis(codes, ["the registry's conditions"]), codes=tuple(codes))
    assert match(client, {"diagnosis": patient})["narrow"]["verdict"] == "not_eligible"
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", {"diagnosis": patient})
    # The not-eligible group is listed when asked for.
    results = client.get("/match/clinician/?group=not_eligible").context["results"]
    verdicts = {card.trial.slug: group.verdict for group in results.groups for card in group.cards}
    assert verdicts["narrow"] == "not_eligible"


def test_import_publish_keeps_a_trial_with_unmapped_conditions_waiting(tmp_path: Path, db):
    study = json.loads((FIXTURES / "single_study.json").read_text())
    section = study.get("protocolSection", study)
    section["identificationModule"]["nctId"] = "NCT09900077"
    section["conditionsModule"]["conditions"] = ["Zzyzx Syndrome"]
    # The title names no condition either (a title saying "solid tumours" would map to SOLID).
    section["identificationModule"]["briefTitle"] = "A first-in-human study of Example-303"
    section["identificationModule"].pop("officialTitle", None)
    # Nor does the eligibility text (a line opening with "solid tumour" would map to SOLID).
    eligibility = section["eligibilityModule"]
    eligibility["eligibilityCriteria"] = eligibility["eligibilityCriteria"].replace(
        "Locally advanced or metastatic solid tumour", "Zzyzx syndrome"
    )
    path = tmp_path / "NCT09900077.json"
    path.write_text(json.dumps(study))
    stdout = io.StringIO()
    call_command("import_trials", str(path), "--publish", stdout=stdout)
    trial = Trial.objects.get(nct_id="NCT09900077")
    assert trial.published is False
    assert "map to no condition code" in stdout.getvalue()
    assert "Zzyzx Syndrome" in stdout.getvalue()


# --- ranking -------------------------------------------------------------------------------


def test_recruiting_trials_come_first_within_a_verdict(client: Client, db):
    ecog = {"kind": "inclusion", "type": "ecog", "params": {"max": 1}, "text": "ECOG"}
    registry_trial("a-completed", ecog, status="COMPLETED")
    registry_trial("b-recruiting", ecog)
    response = client.post(
        "/api/v1/match",
        json.dumps({"answers": {"ecog": 0}}),
        content_type="application/json",
    )
    assert [r["trial"] for r in response.json()["results"]] == ["b-recruiting", "a-completed"]


# --- exceptions ----------------------------------------------------------------------------


def test_the_questionnaire_asks_an_exception_right_after_its_flag(client: Client, seeded_catalogue):
    profile = {**THIRD_LINE_NPC_FORM, "other_malignancy_within_2y": "yes"}
    profile["other_malignancy_curatively_treated"] = "yes"
    steps = [step.id for step in walk(client, profile)]
    checklist = steps.index("checklist")
    assert steps[checklist + 1] == "other_malignancy_curatively_treated"
    assert "steroids_low_dose_or_local_only" not in steps  # no steroids ticked
    results = client.get("/match/results/").context["results"]
    verdicts = {card.trial.key: group.verdict for group in results.groups for card in group.cards}
    assert verdicts[HLX43] != "not_eligible"


def test_without_the_flag_the_exception_is_never_asked(client: Client, seeded_catalogue):
    steps = [step.id for step in walk(client, THIRD_LINE_NPC_FORM)]
    follow_ups = {
        "other_malignancy_curatively_treated",
        "autoimmune_thyroid_or_diabetes_controlled",
    }
    assert not follow_ups & set(steps)


def test_the_follow_up_is_worded_in_chinese(client: Client, seeded_catalogue):
    response = client.get("/api/v1/questions?lang=zh-hans")
    questions = {q["key"]: q for q in response.json()["questions"]}
    assert questions["other_malignancy_curatively_treated"]["label"] == (
        "那种其他癌症是否在早期发现，并以根治为目的进行了治疗？"
    )
    assert questions["steroids_low_dose_or_local_only"]["clinician_label"].startswith("类固醇")


def test_the_clinician_page_asks_the_exceptions(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "clinician"})
    page = client.get("/match/clinician/").content.decode()
    assert "Exceptions the protocol allows" in page
    assert 'name="other_malignancy_curatively_treated"' in page
    data = {
        "age": "52",
        "diagnosis": "NPC",
        "exclusions_present": ["autoimmune_active"],
        "autoimmune_thyroid_or_diabetes_controlled": "no",
    }
    client.post("/match/clinician/", data)
    results = client.get("/match/clinician/?group=not_eligible").context["results"]
    verdicts = {card.trial.key: group.verdict for group in results.groups for card in group.cards}
    assert verdicts[HLX43] == "not_eligible"
    client.post("/match/clinician/", {**data, "autoimmune_thyroid_or_diabetes_controlled": "yes"})
    results = client.get("/match/clinician/").context["results"]
    verdicts = {card.trial.key: group.verdict for group in results.groups for card in group.cards}
    assert verdicts[HLX43] == "possibly_eligible"


def test_the_api_takes_the_exception_answers(client: Client, seeded_catalogue):
    flagged = {**THIRD_LINE_NPC, "systemic_steroids": True}
    assert match(client, flagged)[HLX43]["verdict"] == "possibly_eligible"
    allowed = {**flagged, "steroids_low_dose_or_local_only": True}
    assert match(client, allowed)[HLX43]["verdict"] == "likely_eligible"
    refused = {**flagged, "steroids_low_dose_or_local_only": False}
    assert match(client, refused)[HLX43]["verdict"] == "not_eligible"
    bad = client.post(
        "/api/v1/match",
        json.dumps({"answers": {"steroids_low_dose_or_local_only": "yes"}}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "answers.steroids_low_dose_or_local_only" in bad.json()["errors"]


def test_openapi_describes_coverage_provenance_scope_and_the_new_answers(client: Client, db):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    result = schemas["MatchResponse"]["properties"]["results"]["items"]["properties"]
    assert result["coverage"]["enum"] == ["full", "summary"]
    assert result["read_automatically"]["type"] == "boolean"
    criterion = result["criteria"]["items"]["properties"]
    assert {"reviewed", "scope"} <= set(criterion)
    detail = schemas["TrialDetail"]["allOf"][1]["properties"]
    assert {"coverage", "read_automatically"} <= set(detail)
    assert "scope" in detail["criteria"]["items"]["properties"]
    answers = schemas["Answers"]["properties"]
    for key in (
        "other_malignancy_curatively_treated",
        "steroids_low_dose_or_local_only",
        "autoimmune_thyroid_or_diabetes_controlled",
    ):
        assert answers[key]["type"] == ["boolean", "null"]


def test_the_doctor_questions_ask_the_exception_a_yes_waits_on(client: Client, seeded_catalogue):
    profile = {**THIRD_LINE_NPC_FORM, "systemic_steroids": "yes"}
    walk(client, profile)  # the follow-up is met with "I'm not sure"
    questions = client.get("/match/results/").context["results"].questions_for_doctor
    assert any(
        question.startswith("Do you take steroids only at a low dose") for question in questions
    )
    assert not any("steroid tablets" in question for question in questions)  # answered: yes
