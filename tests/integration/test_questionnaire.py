"""The patient questionnaire and the results through the test client, with and without htmx."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from matcher import engine

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
PLACE = "/match/question/place/"

THIRD_LINE_NPC = {
    "diagnosis": "NPC",
    "disease_status": ["recurrent", "metastatic"],
    "prior_systemic_lines": "2",
    "age": "52",
    "prior_therapies": ["platinum_chemotherapy", "pd1_pdl1_inhibitor"],
    "ecog": "1",
    "histology_confirmed": "yes",
    "measurable_disease": "yes",
    "organ_function_adequate": "yes",
    "tissue_sample_available": "yes",
    "contraception_willing": "yes",
    "life_expectancy_months": "12",
}


def answer_for(step: engine.Step, profile: dict[str, Any]) -> dict[str, Any]:
    """What a person with `profile` posts on `step`."""
    data: dict[str, Any] = {"step": step.id}
    if step.kind == engine.StepKind.CHECKLIST:
        ticked = [key for key in step.keys if profile.get(key) == "yes"]
        data |= {"answer": ticked} if ticked else {"none": "on"}
    elif step.kind == engine.StepKind.DATES:
        had = []
        for category in step.categories:
            last = profile.get("last_treatment", {}).get(category, "never")
            if last != "never":
                had.append(category)
                year, month, day = last.split("-")
                data |= {
                    f"{category}_day": day,
                    f"{category}_month": str(int(month)),
                    f"{category}_year": year,
                }
        data |= {"had": had} if had else {"none": "on"}
    else:
        key = step.keys[0]
        if key in profile:
            data["answer"] = profile[key]
        elif key in {
            "age",
            "prior_systemic_lines",
            "life_expectancy_months",
            "diagnosis",
            "disease_status",
            "prior_therapies",
        }:
            data["unsure"] = "1"
        else:
            data["answer"] = "unsure"
    return data


def walk(
    client: Client, profile: dict[str, Any], headers: dict[str, str] | None = None
) -> list[engine.Step]:
    """Answer every question the site asks; return the steps in the order asked.

    Without htmx every answer is a post and a redirect; with htmx the post answers with the
    next question's partial. The last question, where the person is, is skipped; then comes
    "Check your answers" (an HX-Redirect with htmx).
    """
    htmx = bool(headers)
    client.post("/match/begin/", {"mode": "patient"})
    steps: list[engine.Step] = []
    response = client.get("/match/question/", headers=headers or {})
    for _ in range(40):
        at_place = response.status_code == 302 and response["Location"] == PLACE
        if at_place or (response.context and response.context.get("step_id") == "place"):
            done = client.post(PLACE, {"skip": "1"}, headers=headers or {})
            location = done.get("HX-Redirect") if htmx else done["Location"]
            assert location == "/match/check/"
            return steps
        step = response.context["step"]
        assert step.id not in [s.id for s in steps], f"{step.id} asked twice"
        steps.append(step)
        response = client.post("/match/question/", answer_for(step, profile), headers=headers or {})
        if htmx:
            assert response.status_code == 200
            assert "<html" not in response.content.decode()
        else:
            assert response.status_code == 302, response.context["form"].errors
            response = client.get("/match/question/")
    raise AssertionError("the questionnaire did not finish")


def verdicts(client: Client) -> dict[str, str]:
    # The not-eligible group is listed only on demand.
    response = client.get("/match/results/?group=not_eligible")
    assert response.status_code == 200
    return {
        card.trial.key: card.verdict.value
        for group in response.context["results"].groups
        for card in group.cards
    }


def test_start_page_offers_both_modes_and_explains_privacy(client: Client):
    body = client.get("/match/").content.decode()
    assert "I am a patient or carer" in body
    assert "I am a clinician" in body
    assert "Your answers stay private" in body


def test_clear_hlx43_fit_finishes_within_15_questions(client: Client, seeded_catalogue):
    steps = walk(client, THIRD_LINE_NPC)
    assert len(steps) <= 15
    assert steps[0].keys == ("diagnosis",)
    # No seed trial reads sex, so it is never asked.
    assert "sex" not in [s.id for s in steps]
    assert verdicts(client)["NCT06839066"] == "likely_eligible"


def test_an_excluded_patient_skips_what_no_longer_matters(client: Client, seeded_catalogue):
    # Breast cancer rules out HLX43 and IAE0972; only IBB0979 (solid tumours) remains.
    steps = walk(
        client,
        {"diagnosis": "BREAST", "disease_status": ["metastatic"], "prior_systemic_lines": "1"},
    )
    asked = [s.id for s in steps]
    assert asked == ["diagnosis", "disease_status", "prior_systemic_lines"]
    assert verdicts(client) == {
        "ibb0979-advanced-solid-tumours": "possibly_eligible",  # only its summary is published
        "NCT06839066": "not_eligible",
        "iae0972-chemotherapy-rm-hnscc-npc": "not_eligible",
    }


def test_a_patient_unsure_of_everything_still_gets_results(client: Client, seeded_catalogue):
    steps = walk(client, {})
    assert len(steps) <= 15
    assert set(verdicts(client).values()) == {"possibly_eligible"}


def test_htmx_gets_the_partial_and_responses_vary(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "patient"})
    full = client.get("/match/question/")
    partial = client.get("/match/question/", headers=HTMX)
    assert "HX-Request" in full["Vary"]
    assert "HX-Request" in partial["Vary"]
    assert "<html" in full.content.decode()
    assert "<html" not in partial.content.decode()
    assert 'id="question-panel"' in partial.content.decode()
    assert full.templates[0].name == "matcher/question.html"
    # The partial is the page's own `question` partial, not a separate template.
    assert partial.templates[0].name == "question"
    assert "base.html" not in [t.name for t in partial.templates]
    # The same walk works over htmx.
    steps = walk(client, THIRD_LINE_NPC, headers=HTMX)
    assert len(steps) <= 15
    assert verdicts(client)["NCT06839066"] == "likely_eligible"


def test_an_invalid_answer_gets_a_message_and_keeps_the_question(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "patient"})
    client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"})
    client.post("/match/question/", {"step": "disease_status", "answer": ["recurrent"]})
    response = client.post("/match/question/", {"step": "prior_systemic_lines", "answer": "-3"})
    assert response.status_code == 200
    assert response.context["step"].id == "prior_systemic_lines"
    assert "Please check your answer" in response.content.decode()
    assert "Enter a number of treatment lines from 0 to 50." in response.content.decode()
    response = client.post("/match/question/", {"step": "prior_systemic_lines", "answer": "two"})
    body = response.content.decode()
    assert "Enter the number of treatment lines as a whole number, for example 2." in body
    assert "Enter a whole number." not in body


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "That month has no day 31"),
        ("1", "1", "2099", "The date is in the future"),
        ("1", "", "2026", "Choose the month."),
    ],
)
def test_dates_are_checked(client: Client, seeded_catalogue, day, month, year, message):
    client.post("/match/begin/", {"mode": "patient"})
    for _step in walk_until(client, "last_treatment"):
        pass
    response = client.post(
        "/match/question/",
        {
            "step": "last_treatment",
            "had": ["chemotherapy"],
            "chemotherapy_day": day,
            "chemotherapy_month": month,
            "chemotherapy_year": year,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Ensure this value" not in response.content.decode()
    assert "Enter a whole number." not in response.content.decode()


def walk_until(client: Client, step_id: str):
    for _ in range(20):
        step = client.get("/match/question/").context["step"]
        if step.id == step_id:
            return
        yield step
        client.post("/match/question/", answer_for(step, THIRD_LINE_NPC))


def test_recent_chemotherapy_gives_a_date(client: Client, seeded_catalogue):
    from django.utils import timezone

    recent = (timezone.localdate() - __import__("datetime").timedelta(days=7)).isoformat()
    walk(client, {**THIRD_LINE_NPC, "last_treatment": {"chemotherapy": recent}})
    response = client.get("/match/results/")
    hlx = next(
        c
        for g in response.context["results"].groups
        for c in g.cards
        if c.trial.key == "NCT06839066"
    )
    assert hlx.verdict == engine.Verdict.LATER
    assert "May become eligible from" in response.content.decode()


def test_back_shows_the_earlier_answer_and_changing_it_replans(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "patient"})
    client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"})
    # The old Back link (?step=) leads to the step's own address.
    assert client.get("/match/question/?step=diagnosis")["Location"] == "/match/question/diagnosis/"
    back = client.get("/match/question/diagnosis/")
    assert back.context["step"].id == "diagnosis"
    assert back.context["form"].initial == {"answer": "NPC"}
    client.post("/match/question/", {"step": "diagnosis", "answer": "LYMPH"})
    # Lymphoma: no seed trial remains, so there is nothing left to ask but where the person is.
    assert client.get("/match/question/")["Location"] == PLACE
    assert set(verdicts(client).values()) == {"not_eligible"}


@pytest.mark.parametrize(
    "data",
    [
        {"step": "ecog", "answer": "1"},  # not asked yet: out of order
        {"step": "nonsense", "answer": "x"},
        {"step": "diagnosis", "answer": "NOT_A_CODE"},
        {"step": "diagnosis", "answer": "NPC\x00"},
        {"answer": "NPC"},
        {},
    ],
)
def test_tampered_or_stale_posts_never_fail(client: Client, seeded_catalogue, data):
    client.post("/match/begin/", {"mode": "patient"})
    response = client.post("/match/question/", data)
    assert response.status_code in {200, 302}
    assert client.get("/match/question/").context["step"].id == "diagnosis"


def test_a_corrupted_session_starts_again(client: Client, seeded_catalogue):
    session = client.session
    session["matcher"] = {"mode": "patient", "answers": {"age": "old"}, "asked": "x"}
    session.save()
    response = client.get("/match/question/")
    assert response.status_code == 200
    assert response.context["step"].id == "diagnosis"


def test_start_over_forgets_the_answers_once_confirmed(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    # An old page's one-tap button only asks.
    asked = client.post("/match/start-over/")
    assert asked["Location"] == "/match/start-over/"
    assert client.get("/match/results/").status_code == 200
    client.post("/match/start-over/", {"confirm": "yes"})
    assert client.get("/match/results/")["Location"] == "/match/"


def test_results_group_explain_and_offer_contact(client: Client, seeded_catalogue):
    walk(client, {**THIRD_LINE_NPC, "ecog": "unsure"})
    response = client.get("/match/results/")
    body = response.content.decode()
    groups = [g.verdict.value for g in response.context["results"].groups]
    assert groups == sorted(
        groups, key=["likely_eligible", "possibly_eligible", "eligible_later", "not_eligible"].index
    )
    assert "Possibly eligible" in body
    assert "Questions to ask your doctor" in body
    assert "Which of these best describes how you manage day to day?" in body
    assert "Contact the study team" in body
    assert "Age ≥ 18 years at the time of signing the ICF, regardless of gender;" in body


def test_results_in_chinese(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    response = client.get("/match/results/", headers={"accept-language": "zh-hans"})
    groups = {group.verdict.value: group for group in response.context["results"].groups}
    assert "NCT06839066" in [card.trial.key for card in groups["likely_eligible"].cards]
    body = response.content.decode()
    heading = re.search(r'<h2 id="group-likely_eligible">(.*?)</h2>', body, re.S)
    assert heading is not None
    # "Likely eligible": 很可能符合条件 (which contains "possibly eligible", 可能符合条件).
    assert "很可能符合条件" in heading.group(1)
