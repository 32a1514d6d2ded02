"""Large catalogues: result pages show counts and one page per verdict group; the trial list
pages and searches (full-text on PostgreSQL, substrings on SQLite)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from keep.models import SavedResult
from keep.saved import build_report
from matcher import engine
from matcher.results import PER_GROUP
from matcher.synthetic import publish_synthetic_trials
from trials.models import Condition, Trial

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def many_trials(db: None) -> list[int]:
    return publish_synthetic_trials(60, seed=3)


def results_of(client: Client, query: str = "") -> Any:
    response = client.get(f"/match/results/{query}")
    assert response.status_code == 200
    return response


def start_patient(client: Client) -> None:
    client.post("/match/begin/", {"mode": "patient"})
    client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"})


def test_results_show_counts_and_one_page_per_group(client: Client, many_trials):
    start_patient(client)
    response = results_of(client)
    results = response.context["results"]
    assert sum(results.counts.values()) == results.count == 60
    body = response.content.decode()
    for group in results.groups:
        assert f"({group.count})" in body
        if group.verdict == engine.Verdict.NOT:
            assert group.cards == []  # counted, listed on demand
            assert "?group=not_eligible" in body
        else:
            assert len(group.cards) == min(group.count, PER_GROUP)
    assert len(body.encode()) < 300_000


def test_show_more_pages_within_one_group(client: Client, many_trials):
    start_patient(client)
    first = results_of(client).context["results"]
    big = max(first.groups, key=lambda group: group.count if group.cards else 0)
    assert big.count > PER_GROUP, "the synthetic catalogue should fill more than a page"
    body = results_of(client).content.decode()
    assert f"?group={big.verdict}&amp;page=2" in body
    second = results_of(client, f"?group={big.verdict}&page=2").context["results"]
    again = next(group for group in second.groups if group.verdict == big.verdict)
    assert again.page == 2
    assert again.first == PER_GROUP + 1
    shown_first = [card.trial.key for card in big.cards]
    shown_second = [card.trial.key for card in again.cards]
    assert shown_second
    assert not set(shown_first) & set(shown_second)
    # Every card on a page is explained criterion by criterion.
    assert all(card.criteria for card in again.cards)


def test_the_not_eligible_group_is_listed_on_demand(client: Client, many_trials):
    start_patient(client)
    response = results_of(client, "?group=not_eligible")
    group = next(g for g in response.context["results"].groups if g.verdict == engine.Verdict.NOT)
    assert group.listed
    assert 0 < len(group.cards) <= PER_GROUP
    assert all(card.verdict == engine.Verdict.NOT for card in group.cards)
    assert re.search(r'<details class="collapsed-group" open>', response.content.decode())


@pytest.mark.parametrize(
    "query",
    [
        "?group=nope",
        "?group=possibly_eligible&page=0",
        "?group=possibly_eligible&page=abc",
        "?group=possibly_eligible&page=999999999999",
        "?page=-1",
        "?group=%00",
    ],
)
def test_odd_paging_parameters_fall_back_to_a_page(client: Client, many_trials, query):
    start_patient(client)
    response = results_of(client, query)
    assert response.context["results"].count == 60


def test_a_page_past_the_end_shows_the_last_page(client: Client, many_trials):
    start_patient(client)
    response = results_of(client, "?group=possibly_eligible&page=500")
    group = next(
        g for g in response.context["results"].groups if g.verdict == engine.Verdict.POSSIBLY
    )
    assert group.page == group.pages
    assert group.cards


def test_clinician_paging_links_load_through_htmx(client: Client, many_trials):
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", {"diagnosis": "NPC"})
    page = client.get("/match/clinician/").content.decode()
    assert 'hx-get="/match/clinician/?group=' in page
    assert 'hx-target="#results"' in page
    partial = client.get("/match/clinician/?group=not_eligible", headers=HTMX)
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    group = next(g for g in partial.context["results"].groups if g.verdict == engine.Verdict.NOT)
    assert group.cards


def test_saved_results_page_like_the_results(client: Client, many_trials):
    start_patient(client)
    response = client.post("/match/results/save/", {"consent": "on", "note": ""})
    assert response.status_code == 302
    owner_page = client.get(response["Location"])
    assert owner_page.status_code == 200
    assert "?group=not_eligible" in owner_page.content.decode()
    saved = SavedResult.objects.get()
    report = build_report(saved)
    listed = [entry for entry in report.groups if entry.group.listed]
    assert all(len(entry.cards) <= PER_GROUP for entry in report.groups)
    assert sum(entry.group.count for entry in report.groups) == 60
    assert listed
    paged = build_report(saved, pages={engine.Verdict.NOT: 1})
    assert any(entry.cards for entry in paged.groups if entry.group.verdict == engine.Verdict.NOT)


# The trial list --------------------------------------------------------------------------------


def test_the_trial_list_pages_with_accessible_links(client: Client, many_trials):
    response = client.get("/trials/")
    page = response.context["page"]
    assert page.paginator.count == 60
    assert len(page.object_list) < 60
    body = response.content.decode()
    assert 'aria-label="Pages"' in body
    assert "page=2" in body
    second = client.get("/trials/?page=2").context["page"]
    assert {t.pk for t in second.object_list}.isdisjoint({t.pk for t in page.object_list})


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Henlius", {"hlx43-recurrent-metastatic-npc"}),
        ("HLX43", {"hlx43-recurrent-metastatic-npc"}),
        ("NCT06839066", {"hlx43-recurrent-metastatic-npc"}),
        ("HLX43 Henlius", {"hlx43-recurrent-metastatic-npc"}),  # every word must match
        ("HLX43 IBB0979", set()),
        ("nasopharyngeal", {"hlx43-recurrent-metastatic-npc", "iae0972-chemotherapy-rm-hnscc-npc"}),
        ("鼻咽癌", {"hlx43-recurrent-metastatic-npc", "iae0972-chemotherapy-rm-hnscc-npc"}),
    ],
)
def test_search_on_this_database(seeded_catalogue, words: str, expected: set[str]):
    assert {t.slug for t in Trial.objects.published().search(words)} == expected


def test_search_uses_full_text_on_postgresql_and_substrings_elsewhere(seeded_catalogue):
    sql = str(Trial.objects.search("Henlius").query)
    if connection.vendor == "postgresql":
        assert "@@" in sql
        assert "search_document" in sql
    else:
        assert "LIKE" in sql.upper()


def test_search_follows_edits_to_a_trial_and_to_a_condition_name(seeded_catalogue):
    trial = Trial.objects.get(slug="ibb0979-advanced-solid-tumours")
    trial.sponsor = "Quokka Therapeutics"
    trial.save()
    assert list(Trial.objects.search("Quokka")) == [trial]
    condition = Condition.objects.get(code="SOLID")
    condition.name = "Wombat tumours"
    condition.save()
    assert trial in Trial.objects.search("Wombat")


def test_search_finds_synthetic_trials_by_drug_and_condition(many_trials):
    found = Trial.objects.published().search("tislelizumab")
    assert found.exists()
    assert all(
        "tislelizumab" in t.brief_title.lower() or "tislelizumab" in t.official_title for t in found
    )
