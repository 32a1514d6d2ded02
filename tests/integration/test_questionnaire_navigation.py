"""Moving around the questionnaire: each step's own address, Check your answers, Start over."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.integration.test_questionnaire import HTMX, PLACE, THIRD_LINE_NPC, walk

pytestmark = pytest.mark.django_db

ZH = {"accept-language": "zh-hans"}


def begin(client: Client) -> None:
    client.post("/match/begin/", {"mode": "patient"})


def test_begin_leads_to_the_first_question_at_its_own_address(client: Client, seeded_catalogue):
    response = client.post("/match/begin/", {"mode": "patient"}, follow=True)
    assert response.redirect_chain[-1][0] == "/match/question/diagnosis/"
    assert response.context["step"].id == "diagnosis"
    assert "no-store" in response["Cache-Control"]
    assert 'hx-history="false"' in response.content.decode()


def test_an_answer_leads_to_the_next_step_address(client: Client, seeded_catalogue):
    begin(client)
    response = client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "NPC"})
    assert response["Location"] == "/match/question/disease_status/"
    page = client.get("/match/question/disease_status/")
    body = page.content.decode()
    assert 'action="/match/question/disease_status/"' in body
    assert 'href="/match/question/diagnosis/"' in body  # Back


def test_htmx_answer_swaps_the_next_step_and_pushes_its_address(client: Client, seeded_catalogue):
    begin(client)
    response = client.post(
        "/match/question/diagnosis/", {"step": "diagnosis", "answer": "NPC"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/match/question/disease_status/"
    assert response.context["step"].id == "disease_status"
    # An invalid answer stays on its step, and adds nothing to the history.
    refused = client.post(
        "/match/question/disease_status/", {"step": "disease_status"}, headers=HTMX
    )
    assert refused.context["step"].id == "disease_status"
    assert "HX-Push-Url" not in refused


def test_a_history_restore_gets_the_whole_page_with_the_stored_answer(
    client: Client, seeded_catalogue
):
    begin(client)
    client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "NPC"})
    restore = client.get(
        "/match/question/diagnosis/", headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    body = restore.content.decode()
    assert "<html" in body
    assert restore.context["form"].initial == {"answer": "NPC"}
    assert "HX-History-Restore-Request" in restore["Vary"]


@pytest.mark.parametrize(
    "path",
    [
        "/match/question/nonsense/",
        "/match/question/__proto__/",
        "/match/question/%3Cscript%3E/",
        "/match/question/diagnosis/extra/",
    ],
)
def test_an_unknown_step_is_not_found(client: Client, seeded_catalogue, path):
    begin(client)
    assert client.get(path).status_code == 404
    assert client.post(path, {"answer": "x"}).status_code == 404


@pytest.mark.parametrize("step", ["<b>", "nonsense", "ecog\x00", "../results"])
def test_an_old_back_link_to_an_unknown_step_goes_to_the_current_question(
    client: Client, seeded_catalogue, step
):
    begin(client)
    response = client.get("/match/question/", {"step": step})
    assert response["Location"] == "/match/question/"


def test_a_stale_step_redirects_and_a_stale_post_is_not_saved(client: Client, seeded_catalogue):
    begin(client)
    # ecog is a known step, but not the one to answer now and never shown.
    assert client.get("/match/question/ecog/")["Location"] == "/match/question/"
    response = client.post("/match/question/ecog/", {"step": "ecog", "answer": "1"}, follow=True)
    assert "no longer applies" in response.content.decode()
    assert response.context["step"].id == "diagnosis"
    assert "ecog" not in client.session["matcher"]["answers"]
    # Without a session at all, any step leads to the first question.
    fresh = Client()
    assert fresh.get("/match/question/age/")["Location"] == "/match/question/"
    assert fresh.get("/match/question/place/")["Location"] == "/match/question/"


def test_forward_after_going_back_shows_the_later_answer(client: Client, seeded_catalogue):
    begin(client)
    client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "NPC"})
    client.post(
        "/match/question/disease_status/", {"step": "disease_status", "answer": ["metastatic"]}
    )
    assert client.get("/match/question/diagnosis/").context["form"].initial == {"answer": "NPC"}
    later = client.get("/match/question/disease_status/")
    assert later.context["form"].initial == {"answer": ["metastatic"]}


def test_the_place_is_the_last_question_then_check_your_answers(client: Client, seeded_catalogue):
    steps = walk(client, THIRD_LINE_NPC)
    assert steps
    # After the place, the questionnaire is done: its first address leads to the check page.
    assert client.get("/match/question/")["Location"] == "/match/check/"
    assert client.get("/match/continue/")["Location"] == "/match/check/"
    check = client.get("/match/check/")
    assert check.status_code == 200
    rows = check.context["rows"]
    assert [row.step_id for row in rows] == [step.id for step in steps]
    body = check.content.decode()
    assert "Nasopharyngeal" in body  # the diagnosis in words, not its code
    assert ">NPC<" not in body
    assert 'href="/match/question/age/?next=check"' in body
    assert 'href="/match/question/place/?next=check"' in body
    assert "Not given" in body  # the place was skipped


def test_the_place_question_saves_the_place(client: Client, seeded_catalogue):
    begin(client)
    client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "LYMPH"})
    assert client.get("/match/question/")["Location"] == PLACE
    page = client.get(PLACE)
    assert page.status_code == 200
    assert page.context["step_id"] == "place"
    refused = client.post(PLACE, {"country": "", "city": "Guangzhou"})
    assert refused.status_code == 200
    assert "Choose the country or region of this city." in refused.content.decode()
    done = client.post(PLACE, {"country": "CN", "city": "广州", "max_distance": "200"})
    assert done["Location"] == "/match/check/"
    body = client.get("/match/check/").content.decode()
    assert "Guangzhou, China; up to 200 km" in body
    # Still editable from the results, as before.
    results = client.get("/match/results/").content.decode()
    assert "Distances from Guangzhou; sites up to 200 km away." in results


def test_change_from_check_returns_to_check_and_keeps_the_rest(client: Client, seeded_catalogue):
    steps = walk(client, THIRD_LINE_NPC)
    asked = [step.id for step in steps]
    change = client.get("/match/question/age/?next=check")
    body = change.content.decode()
    assert change.context["form"].initial == {"answer": 52}
    assert 'action="/match/question/age/?next=check"' in body
    assert "Save and go back" in body
    saved = client.post("/match/question/age/?next=check", {"step": "age", "answer": "60"})
    assert saved["Location"] == "/match/check/"
    assert client.session["matcher"]["answers"]["age"] == 60
    # Nothing after the changed question has to be answered again.
    assert client.session["matcher"]["asked"] == asked
    check = client.get("/match/check/")
    assert [row.step_id for row in check.context["rows"]] == asked
    assert next(row for row in check.context["rows"] if row.step_id == "age").answer == "60"


def test_change_over_htmx_redirects_to_check(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    saved = client.post(
        "/match/question/ecog/?next=check", {"step": "ecog", "answer": "0"}, headers=HTMX
    )
    assert saved["HX-Redirect"] == "/match/check/"


def test_a_change_that_opens_a_new_question_asks_it_then_returns(client: Client, seeded_catalogue):
    begin(client)
    client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "LYMPH"})
    client.post(PLACE, {"skip": "1"})
    assert client.get("/match/question/")["Location"] == "/match/check/"
    # Lymphoma rules out every seed trial; NPC brings questions back.
    saved = client.post(
        "/match/question/diagnosis/?next=check", {"step": "diagnosis", "answer": "NPC"}
    )
    assert saved["Location"] == "/match/question/disease_status/?next=check"
    after = client.post(
        "/match/question/disease_status/?next=check",
        {"step": "disease_status", "answer": ["metastatic"]},
    )
    assert after["Location"].endswith("?next=check")


def test_answers_kept_after_going_back_still_show_and_can_change(client: Client, seeded_catalogue):
    begin(client)
    client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "NPC"})
    client.post(
        "/match/question/disease_status/", {"step": "disease_status", "answer": ["metastatic"]}
    )
    # Back to the diagnosis and the same answer again: the later step is forgotten as a step,
    # but its answer is kept, shown and can be changed.
    client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "NPC"})
    assert client.session["matcher"]["asked"] == ["diagnosis"]
    rows = client.get("/match/check/").context["rows"]
    assert [row.step_id for row in rows] == ["diagnosis", "disease_status"]
    page = client.get("/match/question/disease_status/?next=check")
    assert page.status_code == 200
    assert page.context["form"].initial == {"answer": ["metastatic"]}


def test_check_answers_in_chinese(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    body = client.get("/match/check/", headers=ZH).content.decode()
    assert "检查您的回答" in body
    assert "鼻咽癌" in body
    assert "修改" in body


def test_check_needs_a_started_questionnaire(client: Client, seeded_catalogue):
    assert client.get("/match/check/")["Location"] == "/match/"
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", {"age": "50"})
    assert client.get("/match/check/")["Location"] == "/match/clinician/"


def test_results_change_my_answers_goes_to_check(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    body = client.get("/match/results/").content.decode()
    assert 'href="/match/check/">Change my answers' in body
    # Start over is a link to the confirmation, not a one-tap button.
    assert 'href="/match/start-over/?from=results"' in body
    assert 'action="/match/start-over/"' not in body


def test_start_page_offers_to_continue_and_asks_before_starting_again(
    client: Client, seeded_catalogue
):
    begin(client)
    client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "NPC"})
    start = client.get("/match/").content.decode()
    assert "Continue where you left off" in start
    assert 'href="/match/continue/"' in start
    assert client.get("/match/continue/")["Location"] == "/match/question/disease_status/"
    # The big start button no longer wipes the answers: it asks first.
    again = client.post("/match/begin/", {"mode": "patient"})
    assert again["Location"] == "/match/start-over/?mode=patient&from=start"
    assert client.session["matcher"]["answers"] == {"diagnosis": "NPC"}
    confirm = client.get(again["Location"])
    body = confirm.content.decode()
    assert "Delete your answers and start again?" in body
    assert 'href="/match/"' in body  # No, keep my answers
    assert 'name="mode" value="patient"' in body
    done = client.post("/match/start-over/", {"confirm": "yes", "mode": "patient"})
    assert done["Location"] == "/match/continue/"
    assert client.session["matcher"]["answers"] == {}
    assert client.get("/match/continue/")["Location"] == "/match/question/diagnosis/"


def test_a_fresh_start_asks_nothing(client: Client, seeded_catalogue):
    assert "Continue where you left off" not in client.get("/match/").content.decode()
    assert client.post("/match/begin/", {"mode": "patient"})["Location"] == "/match/continue/"
    # Started but nothing answered yet: nothing to lose, so no question.
    assert client.post("/match/begin/", {"mode": "clinician"})["Location"] == "/match/clinician/"


def test_start_over_cancel_keeps_everything(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    answers = dict(client.session["matcher"]["answers"])
    page = client.get("/match/start-over/?from=check")
    assert page.status_code == 200
    assert 'href="/match/check/"' in page.content.decode()
    assert client.session["matcher"]["answers"] == answers
    # A post without the confirmation only asks again.
    assert client.post("/match/start-over/", {"from": "check"})["Location"] == (
        "/match/start-over/?from=check"
    )
    assert client.session["matcher"]["answers"] == answers


@pytest.mark.parametrize(
    "query",
    ["?from=<x>", "?mode=robot", "?from=results&mode=clinician", "?from=%00", "?mode="],
)
def test_start_over_takes_anything(client: Client, seeded_catalogue, query):
    begin(client)
    client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "NPC"})
    assert client.get("/match/start-over/" + query).status_code == 200
    assert client.post("/match/start-over/" + query, {"mode": "robot"}).status_code == 302


def test_start_over_in_chinese(client: Client, seeded_catalogue):
    begin(client)
    client.post("/match/question/diagnosis/", {"step": "diagnosis", "answer": "NPC"})
    body = client.get("/match/start-over/", headers=ZH).content.decode()
    assert "删除您的回答" in body
    assert "Delete your answers" not in body
