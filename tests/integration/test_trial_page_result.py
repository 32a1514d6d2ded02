"""A trial's page reached from the results: the person's own result for that trial, the way back
to the results page they were on, and the contact button before the criteria."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from matcher.catalogue import published_catalogue
from matcher.trialpage import trial_spec
from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk
from trials.models import Trial

pytestmark = pytest.mark.django_db

HLX43 = "/trials/hlx43-recurrent-metastatic-npc/"
HLX43_KEY = "NCT06839066"
BREAST = {"diagnosis": "BREAST", "disease_status": ["metastatic"], "prior_systemic_lines": "1"}
BACK = re.compile(r'<a class="back-link" href="([^"]+)">')


def back_of(body: str) -> str:
    """Where the page's "Back to your results" link leads."""
    found = BACK.search(body)
    assert found is not None
    return found.group(1)


def card_on_results(client: Client, path: str = "/match/results/"):
    response = client.get(path)
    assert response.status_code == 200
    return next(
        card
        for group in response.context["results"].groups
        for card in group.cards
        if card.trial.key == HLX43_KEY
    )


def test_without_answers_the_page_offers_the_questionnaire(client: Client, seeded_catalogue):
    body = client.get(HLX43).content.decode()
    assert "Could you take part?" in body
    assert 'href="/match/"' in body
    assert "Your result for this trial" not in body
    assert 'class="back-link"' not in body
    assert "Likely eligible" not in body


def test_with_answers_the_page_shows_the_result_the_results_page_gives(
    client: Client, seeded_catalogue
):
    walk(client, THIRD_LINE_NPC)
    card = card_on_results(client)
    assert card.verdict == "likely_eligible"
    body = client.get(HLX43).content.decode()
    assert "Your result for this trial" in body
    badge = f'<span aria-hidden="true">✓</span> {card.title}</p>'
    assert f'<p class="badge badge-likely_eligible">{badge}' in body
    assert "Could you take part?" not in body
    # Every criterion is explained, as on the card.
    assert body.count('<li class="status-') >= len(card.criteria)
    assert back_of(body) == f"/match/results/#trial-{HLX43_KEY}"


def test_the_reasons_that_decide_a_not_eligible_result(client: Client, seeded_catalogue):
    walk(client, BREAST)
    card = card_on_results(client, "/match/results/?group=not_eligible")
    assert card.verdict == "not_eligible"
    assert card.deciding
    body = client.get(HLX43).content.decode()
    assert "Not eligible" in body
    assert "What decides this result" in body
    fit = body[body.index('class="panel trial-fit"') : body.index('id="contact-bar"')]
    for line in card.deciding:
        assert str(line.reason) in fit
    # Back to the page of the group the person had opened, at the trial's card.
    back = back_of(body)
    assert back == f"/match/results/?group=not_eligible#trial-{HLX43_KEY}"
    results = client.get(back.split("#")[0]).content.decode()
    assert f'id="trial-{HLX43_KEY}"' in results


def test_the_back_link_keeps_the_page_within_a_group(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    client.get("/match/results/?group=possibly_eligible&page=3")
    body = client.get(HLX43).content.decode()
    # The results page shows the last page when asked for one beyond it; the link keeps the ask.
    assert back_of(body) == (
        f"/match/results/?group=possibly_eligible&amp;page=3#trial-{HLX43_KEY}"
    )
    client.get("/match/results/")
    body = client.get(HLX43).content.decode()
    assert back_of(body) == f"/match/results/#trial-{HLX43_KEY}"


def test_a_clinician_goes_back_to_the_clinician_page(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", {"age": "52", "diagnosis": "NPC"})
    client.get("/match/clinician/")
    body = client.get(HLX43).content.decode()
    assert back_of(body) == f"/match/clinician/#trial-{HLX43_KEY}"
    assert "The result for these answers" in body


def test_a_tampered_results_place_falls_back_to_the_results(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    store = client.session
    store["matcher_results_page"] = {"view": "admin:index", "group": "<script>", "page": "x"}
    store.save()
    response = client.get(HLX43)
    assert response.status_code == 200
    assert back_of(response.content.decode()) == (f"/match/results/#trial-{HLX43_KEY}")


def test_no_answer_leaves_the_session_in_a_link(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    client.get("/match/results/?group=likely_eligible")
    body = client.get(HLX43).content.decode()
    links = re.findall(r'href="([^"]*)"', body)
    for value in ("NPC", "recurrent", "platinum", "52", "ecog"):
        assert not [link for link in links if value in link and "/trials/" not in link], value


def test_the_contact_button_comes_before_the_criteria(client: Client, seeded_catalogue):
    for answered in (False, True):
        if answered:
            walk(client, THIRD_LINE_NPC)
        body = client.get(HLX43).content.decode()
        bar = body.index('id="contact-bar"')
        assert f'href="{HLX43}contact/"' in body[bar : bar + 300]
        assert bar < body.index('id="eligibility"')
        assert bar < body.index('class="criteria-list"')
        assert body.index('class="trial-header"') < bar


def test_a_closed_trial_shows_no_result_and_no_contact_button(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    trial = Trial.objects.get(nct_id=HLX43_KEY)
    trial.overall_status = Trial.Status.COMPLETED
    trial.published = False
    trial.closed_on = trial.updated_at.date()
    trial.save()
    body = client.get(HLX43).content.decode()
    assert "This study is no longer recruiting" in body
    assert "Your answers are not checked against this trial" in body
    assert 'id="contact-bar"' not in body
    assert "badge-" not in body


def test_the_result_in_chinese(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    body = client.get(HLX43, headers={"accept-language": "zh-hans"}).content.decode()
    assert '<html lang="zh-hans">' in body
    assert "您在此试验中的结果" in body
    assert "返回您的结果" in body
    assert "Your result for this trial" not in body


def test_one_trial_is_explained_at_the_cost_of_two_queries(client: Client, seeded_catalogue):
    published_catalogue(fresh=True)
    with CaptureQueriesContext(connection) as without:
        client.get(HLX43)
    walk(client, THIRD_LINE_NPC)
    client.get("/match/results/")
    with CaptureQueriesContext(connection) as answered:
        client.get(HLX43)
    # The catalogue is compiled already: reading the session and the catalogue's version are
    # the only extra queries (no trial rows, no other trial explained).
    assert len(answered) <= len(without) + 2, [q["sql"] for q in answered.captured_queries]


def test_trial_spec_finds_each_compiled_trial_and_no_other(seeded_catalogue):
    catalogue = published_catalogue()
    for spec in catalogue.engine.trials:
        assert trial_spec(catalogue, spec.key) is spec
    assert trial_spec(catalogue, "NCT00000000") is None
    assert trial_spec(catalogue, "zzz") is None


def test_a_trial_not_yet_in_the_compiled_catalogue_says_so(
    client: Client, seeded_catalogue, monkeypatch
):
    walk(client, THIRD_LINE_NPC)
    monkeypatch.setattr("matcher.trialpage.trial_spec", lambda catalogue, key: None)
    body = client.get(HLX43).content.decode()
    assert "Your result for this trial is not ready yet" in body
    assert "not open to new participants" not in body
    assert 'id="contact-bar"' in body
