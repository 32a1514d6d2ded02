"""Wording at sensitive moments: life expectancy, result statuses, questions for the doctor,
and a cancer that came back."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from matcher import engine
from matcher.forms import QUESTION_BY_KEY, step_form

from .test_questionnaire import THIRD_LINE_NPC, walk

pytestmark = pytest.mark.django_db

ZH = {"accept-language": "zh-hans"}
IBB0979 = "ibb0979-advanced-solid-tumours"


def set_answers(client: Client, answers: dict[str, object]) -> None:
    client.post("/match/begin/", {"mode": "patient"})
    session = client.session
    session["matcher"] = {
        "mode": "patient",
        "answers": answers,
        "answered_on": {},
        "asked": ["diagnosis"],
        "shown": {"diagnosis": {"kind": "single", "keys": ["diagnosis"], "categories": []}},
    }
    session.save()


def test_life_expectancy_is_asked_gently_and_can_be_skipped():
    question = str(QUESTION_BY_KEY["life_expectancy_months"].label)
    assert "expect you to live" not in question
    assert question.startswith("Optional:")
    form = step_form(engine.Step(engine.StepKind.SINGLE, ("life_expectancy_months",)))
    assert form.unsure_label == "I don't know, or I'd rather not say"
    skipped = step_form(
        engine.Step(engine.StepKind.SINGLE, ("life_expectancy_months",)),
        {"step": "life_expectancy_months", "unsure": "1"},
    )
    assert skipped.is_valid()
    assert skipped.to_updates() == {"life_expectancy_months": None}


def test_the_life_expectancy_screen_offers_rather_not_say_in_both_languages(
    client: Client, seeded_catalogue
):
    answers = {k: v for k, v in THIRD_LINE_NPC.items() if k != "life_expectancy_months"}
    walk(client, answers)
    page = client.get("/match/question/life_expectancy_months/").content.decode()
    assert "I don&#x27;t know, or I&#x27;d rather not say" in page
    zh = client.get("/match/question/life_expectancy_months/", headers=ZH).content.decode()
    assert "我不知道，或我不想回答" in zh


def test_life_expectancy_is_not_repeated_as_a_question_for_the_doctor(
    client: Client, seeded_catalogue
):
    set_answers(client, {"diagnosis": "NPC"})
    results = client.get("/match/results/").context["results"]
    texts = [q.text for q in results.doctor_questions.first] + [
        q.text for topic in results.doctor_questions.more for q in topic.questions
    ]
    assert texts
    assert str(QUESTION_BY_KEY["life_expectancy_months"].label) not in texts
    assert not any("months" in text and "doctor" in text for text in texts)


def test_questions_for_the_doctor_put_those_deciding_most_first_and_group_the_rest(
    client: Client, seeded_catalogue
):
    set_answers(client, {"diagnosis": "NPC"})
    results = client.get("/match/results/").context["results"]
    doctor = results.doctor_questions
    assert 1 <= len(doctor.first) <= 5
    reach = [q.trials for q in doctor.first]
    assert reach == sorted(reach, reverse=True)
    if doctor.more:
        assert min(reach) >= max(q.trials for t in doctor.more for q in t.questions)
    page = client.get("/match/results/").content.decode()
    section = page[page.index('id="doctor-heading"') :]
    assert '<ol class="doctor-first">' in section
    assert re.search(r"\(matters for \d+ trials?\)", section)
    if doctor.more:
        assert '<details class="doctor-more">' in section
    assert results.questions_for_doctor[: len(doctor.first)] == [q.text for q in doctor.first]


def test_statuses_are_words_never_a_bare_percentage(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    page = client.get("/match/results/?group=not_eligible").content.decode()
    assert "Rules out" not in page
    assert "Does not apply to you" in page  # an exclusion the person is clear of
    assert "You meet this" in page
    assert not re.search(r"\d+\s*%", page)
    assert re.search(r"\d+ of \d+ points that can be checked here", page)


def test_chinese_statuses_are_words_too(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    page = client.get("/match/results/", headers=ZH).content.decode()
    assert "此项与您无关" in page
    assert "排除条件" in page
    assert not re.search(r"\d+\s*%", page)


def test_a_recurrence_only_is_not_ruled_out_of_the_advanced_solid_tumour_trial(
    client: Client, seeded_catalogue
):
    set_answers(client, {"diagnosis": "NPC", "disease_status": ["recurrent"]})
    response = client.get("/match/results/")
    cards = {c.trial.slug: c for g in response.context["results"].groups for c in g.cards}
    card = cards[IBB0979]
    assert card.verdict != engine.Verdict.NOT
    reasons = " ".join(str(line.reason) for line in card.criteria)
    assert "A cancer that has come back may count as advanced" in reasons
    assert "ask your doctor or the study team" in reasons


def test_the_disease_status_question_explains_recurrence_and_advanced():
    form = step_form(engine.Step(engine.StepKind.SINGLE, ("disease_status",)))
    help_text = str(form.fields["answer"].help_text)
    assert "come back" in help_text
    assert "advanced" in help_text
    assert "metastatic" in help_text
    labels = [label for _, label in form.fields["answer"].choices]
    assert "Come back after treatment (recurrent)" in labels
    assert "Spread to other parts of the body (metastatic)" in labels


def test_clinicians_read_met_and_absent_instead(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "clinician"})
    data = {"age": "52", "diagnosis": "NPC", "exclusions_others_absent": "on"}
    page = client.post("/match/clinician/", data, follow=True).content.decode()
    assert '<span class="status-label">Absent</span>' in page
    assert '<span class="status-label">Met</span>' in page
    assert "Does not apply to you" not in page
