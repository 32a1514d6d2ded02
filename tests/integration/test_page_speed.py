"""What makes the big pages fast must not change what they show.

Widget renderings and reasons are kept and reused; the API's JSON is written by orjson. Each test
compares against the plain way of doing the same thing, in English and in Chinese.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from config import forms as site_forms
from matcher import engine
from matcher import results as results_module
from matcher.catalogue import published_catalogue
from matcher.forms import ClinicianForm, PlaceForm
from tests.integration.test_api import THIRD_LINE_NPC, post_match

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_kept_renderings() -> Iterator[None]:
    site_forms._RENDERINGS.clear()
    yield
    site_forms._RENDERINGS.clear()
    site_forms._CACHE_RENDERINGS = True


def rendered(form: Any, *, cached: bool) -> str:
    site_forms._CACHE_RENDERINGS = cached
    return str(form)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_kept_widget_rendering_is_the_one_rendered_afresh(no_kept_renderings, language: str):
    with translation.override(language):
        plain = rendered(PlaceForm(initial={"country": "CN", "max_distance": "100"}), cached=False)
        first = rendered(PlaceForm(initial={"country": "CN", "max_distance": "100"}), cached=True)
        again = rendered(PlaceForm(initial={"country": "CN", "max_distance": "100"}), cached=True)
    assert site_forms._RENDERINGS  # something was kept
    assert plain == first == again
    assert 'value="CN" selected' in again


def test_kept_renderings_follow_the_language_and_the_values(no_kept_renderings):
    site_forms._CACHE_RENDERINGS = True
    with translation.override("en"):
        english = str(PlaceForm())
    with translation.override("zh-hans"):
        chinese = str(PlaceForm())
    assert english != chinese
    assert "Choose a country or region" in english
    assert "Choose a country or region" not in chinese
    with translation.override("en"):
        chosen = str(PlaceForm(initial={"country": "CN"}))
    assert 'value="CN" selected' in chosen
    assert 'value="CN" selected' not in english


def test_the_clinician_form_renders_the_same_with_kept_widgets(no_kept_renderings):
    answers = {"age": 52, "sex": "male", "diagnosis": "NPC", "ecog": 1, "transplant": False}
    initial = ClinicianForm.initial_from(answers)
    plain = rendered(ClinicianForm(initial=initial), cached=False)
    kept = rendered(ClinicianForm(initial=initial), cached=True)
    again = rendered(ClinicianForm(initial=initial), cached=True)
    assert plain == kept == again
    bound = ClinicianForm({"age": "abc"})
    assert rendered(bound, cached=False) == rendered(ClinicianForm({"age": "abc"}), cached=True)


def test_values_that_look_alike_are_kept_apart():
    assert site_forms._frozen({"value": True}) != site_forms._frozen({"value": 1})
    assert site_forms._frozen({"a": "1", "b": "2"}) != site_forms._frozen({"b": "2", "a": "1"})
    with pytest.raises(site_forms._Unfrozen):
        site_forms._frozen({"form": PlaceForm()})


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_the_match_answer_is_compact_json_and_reasons_follow_the_language(
    client: Client, seeded_catalogue, audience: str
):
    payload = {"answers": THIRD_LINE_NPC, "as_of": "2026-11-21", "audience": audience}
    english = post_match(client, payload)
    body = english.json()
    assert english["Content-Type"] == "application/json"
    assert english.content == json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )
    chinese = client.post(
        "/api/v1/match",
        json.dumps(payload),
        content_type="application/json",
        headers={"accept-language": "zh-hans"},
    ).json()
    again = post_match(client, payload).json()
    assert again == body  # the kept English reasons are the ones rendered first
    reasons = [c["reason"] for r in body["results"] for c in r["criteria"]]
    chinese_reasons = [c["reason"] for r in chinese["results"] for c in r["criteria"]]
    assert len(reasons) == len(chinese_reasons)
    assert reasons != chinese_reasons
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(chinese_reasons))


@pytest.fixture
def no_kept_cards() -> Iterator[None]:
    results_module._CARDS.clear()
    yield
    results_module._CARDS.clear()


def kept_html() -> list[str]:
    """The kept cards' HTML, once each (a card is kept under more than one key)."""
    return list({id(html): html for _, _, html in results_module._CARDS.values()}.values())


def cards_of(
    answers: dict[str, Any], as_of: datetime.date = datetime.date(2026, 11, 21)
) -> list[results_module.TrialCard]:
    catalogue = published_catalogue(fresh=True)
    arranged = results_module.arrange(
        catalogue,
        engine.validate_answers(answers),
        as_of=as_of,
        audience=engine.Audience.PATIENT,
        pages={engine.Verdict.NOT: 1},
    )
    return [card for group in arranged.groups for card in group.cards]


INCLUDED = Template(
    '{% include "matcher/_result_card.html" with card=card heading="h3" contact=True '
    "located=located only %}"
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_kept_card_is_the_card_the_template_renders(
    seeded_catalogue, no_kept_cards, language: str
):
    with translation.override(language):
        cards = cards_of(THIRD_LINE_NPC)
        assert len(cards) == 3
        for card in cards:
            included = INCLUDED.render(Context({"card": card, "located": False}))
            kept = results_module.render_card(card, heading="h3", contact=True)
            assert kept == included
            again = cards_of(THIRD_LINE_NPC)
            same = next(c for c in again if c.trial.key == card.trial.key)
            assert results_module.render_card(same, heading="h3", contact=True) is kept
    assert len(kept_html()) == 3


def test_a_card_is_rendered_again_when_its_reasons_or_language_change(
    seeded_catalogue, no_kept_cards
):
    first = cards_of(THIRD_LINE_NPC)[0]
    english = results_module.render_card(first, heading="h3", contact=True)
    older = cards_of({**THIRD_LINE_NPC, "age": 60})[0]
    assert older.trial.key == first.trial.key
    aged = results_module.render_card(older, heading="h3", contact=True)
    assert aged != english
    assert "60" in aged
    with translation.override("zh-hans"):
        chinese = results_module.render_card(first, heading="h3", contact=True)
    assert chinese != english
    assert results_module.render_card(first, heading="h4", contact=True) != english
    assert len(kept_html()) == 4


def test_a_card_is_rendered_again_when_its_translation_changes(seeded_catalogue, no_kept_cards):
    with translation.override("zh-hans"):
        first = cards_of(THIRD_LINE_NPC)[0]
        first.translated_title = "第一版译名"
        kept = results_module.render_card(first, heading="h3", contact=True)
        edited = cards_of(THIRD_LINE_NPC)[0]
        edited.translated_title = "修改后的译名"
        again = results_module.render_card(edited, heading="h3", contact=True)
    assert "第一版译名" in kept
    assert "修改后的译名" in again
    assert "第一版译名" not in again


def test_a_kept_card_builds_no_reasons(seeded_catalogue, no_kept_cards):
    first = cards_of(THIRD_LINE_NPC)[0]
    kept = results_module.render_card(first, heading="h3", contact=True)
    assert first._lines is not None  # rendered: its reasons were worded
    again = next(c for c in cards_of(THIRD_LINE_NPC) if c.trial.key == first.trial.key)
    assert results_module.render_card(again, heading="h3", contact=True) is kept
    assert again._result is None  # not even evaluated
    assert again._lines is None
    # Read later, the lines are those of the rendered card.
    assert [line.reason for line in again.criteria] == [line.reason for line in first.criteria]


def test_patients_and_clinicians_do_not_share_a_kept_card(seeded_catalogue, no_kept_cards):
    catalogue = published_catalogue(fresh=True)
    answers = engine.validate_answers(THIRD_LINE_NPC)
    html = {}
    for audience in (engine.Audience.PATIENT, engine.Audience.CLINICIAN):
        arranged = results_module.arrange(
            catalogue, answers, as_of=datetime.date(2026, 11, 21), audience=audience
        )
        card = next(card for group in arranged.groups for card in group.cards)
        html[audience] = results_module.render_card(card, heading="h3", contact=True)
    patient, clinician = html[engine.Audience.PATIENT], html[engine.Audience.CLINICIAN]
    assert patient != clinician
    assert "You meet this" in patient or "To check" in patient
    assert "You meet this" not in clinician


def test_the_clinician_page_works_out_no_questions_for_the_doctor(seeded_catalogue):
    catalogue = published_catalogue(fresh=True)
    asked = []

    def ask() -> results_module.DoctorQuestions:
        asked.append(True)
        return results_module.DoctorQuestions()

    arranged = results_module.arrange(
        catalogue,
        engine.validate_answers(THIRD_LINE_NPC),
        as_of=datetime.date(2026, 11, 21),
        audience=engine.Audience.CLINICIAN,
    )
    arranged.ask_doctor = ask
    Template('{% include "matcher/_results.html" with clinician=True %}').render(
        Context({"results": arranged, "paging_url": "/match/clinician/"})
    )
    assert not asked
    Template('{% include "matcher/_results.html" %}').render(
        Context({"results": arranged, "paging_url": "/match/results/"})
    )
    assert asked


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_kept_clinician_fields_are_the_fields_rendered_afresh(no_kept_renderings, language: str):
    answers = {"age": 52, "sex": "male", "diagnosis": "NPC", "disease_status": ["recurrent"]}
    initial = ClinicianForm.initial_from(answers)
    with translation.override(language):
        plain = rendered(ClinicianForm(initial=initial), cached=False)
        kept = rendered(ClinicianForm(initial=initial), cached=True)
        fields = [key[3] for key in site_forms._RENDERINGS if key[0] == "_field.html"]
        assert any(isinstance(field, tuple) and field[3] == "age" for field in fields)
        again = rendered(ClinicianForm(initial=initial), cached=True)
        older = rendered(ClinicianForm(initial={**initial, "age": 61}), cached=True)
        posted = {"age": "52", "sex": "male", "diagnosis": "NPC", "disease_status": "recurrent"}
        bound_plain = rendered(ClinicianForm(posted), cached=False)
        bound_kept = rendered(ClinicianForm(posted), cached=True)
    assert plain == kept == again
    assert bound_plain == bound_kept
    assert 'value="61"' in older
    assert 'value="61"' not in kept


def test_a_clinician_form_with_errors_keeps_no_fields(no_kept_renderings):
    site_forms._CACHE_RENDERINGS = True
    html = str(ClinicianForm({"age": "abc"}))
    assert "field-error" in html
    assert not any(key[0] == "_field.html" for key in site_forms._RENDERINGS)


def test_the_condition_list_is_read_once_per_catalogue(seeded_catalogue, django_assert_num_queries):
    catalogue = published_catalogue(fresh=True)
    with django_assert_num_queries(1):
        first = ClinicianForm(catalogue=catalogue)
    with django_assert_num_queries(0):
        again = ClinicianForm(catalogue=catalogue)
    choices = again.fields["diagnosis"].choices
    assert choices == first.fields["diagnosis"].choices
    assert "NPC" in [code for code, _ in choices]


def test_kept_cards_stay_within_their_memory_budget(seeded_catalogue, no_kept_cards, monkeypatch):
    cards = cards_of(THIRD_LINE_NPC)
    sizes = [len(results_module.render_card(card, heading="h3", contact=True)) for card in cards]
    results_module._CARDS.clear()
    monkeypatch.setattr(results_module, "_cards_size", 0)
    monkeypatch.setattr(results_module, "_CARDS_SIZE", max(sizes) + 1)  # less than all three
    for card in cards:
        results_module.render_card(card, heading="h3", contact=True)
        kept = sum(len(html) for html in kept_html())
        assert results_module._cards_size == kept <= results_module._CARDS_SIZE
    assert 1 <= len(kept_html()) < len(cards)


def test_other_answers_with_the_same_outcome_reuse_the_card(seeded_catalogue, no_kept_cards):
    first = {card.trial.key: card for card in cards_of(THIRD_LINE_NPC)}
    html = {
        key: results_module.render_card(card, heading="h3", contact=True)
        for key, card in first.items()
    }
    later = cards_of(THIRD_LINE_NPC, as_of=datetime.date(2026, 11, 22))
    reused = 0
    for card in later:
        again = results_module.render_card(card, heading="h3", contact=True)
        same = [(i.status, i.reason) for i in card.result.criteria] == [
            (i.status, i.reason) for i in first[card.trial.key].result.criteria
        ]
        if same and card.result.score == first[card.trial.key].result.score:
            assert again is html[card.trial.key]
            reused += 1
    assert reused


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_cards_written_in_python_are_the_template_cards_in_every_variant(
    seeded_catalogue, language: str
):
    from matcher.synthetic import publish_synthetic_trials
    from trials.models import EligibilityCriterion, Site, Trial
    from trials.places import NearestSite

    publish_synthetic_trials(40)
    Trial.objects.filter(slug="synthetic-000001").update(eligibility_coverage="summary")
    EligibilityCriterion.objects.filter(trial__slug__startswith="synthetic-00000").update(
        reviewed=False
    )
    catalogue = published_catalogue(fresh=True)
    site = Site.objects.exclude(facility="").first()
    assert site is not None
    profiles = [
        {},
        THIRD_LINE_NPC,
        {"diagnosis": "NPC", "age": 50, "last_treatment": {"chemotherapy": "2026-11-10"}},
        {"age": 15, "sex": "female"},
    ]
    variants = 0
    seen_verdicts = set()
    notes: set[str] = set()
    with translation.override(language):
        for number, answers in enumerate(profiles):
            for audience in engine.Audience:
                arranged = results_module.arrange(
                    catalogue,
                    engine.validate_answers(answers),
                    as_of=datetime.date(2026, 11, 21),
                    audience=audience,
                    pages={engine.Verdict.NOT: 1},
                )
                cards = [card for group in arranged.groups for card in group.cards]
                for index, card in enumerate(cards):
                    seen_verdicts.add(card.verdict)
                    notes.update(
                        name
                        for name, shown in (
                            ("summary", card.summary_only),
                            ("automatic", card.read_automatically),
                            ("later", card.eligible_from is not None),
                            ("team", card.team_checks > 0),
                            ("unchecked", not card.checkable),
                        )
                        if shown
                    )
                    if index % 3 == 1:
                        card.nearest = NearestSite(site, 12.6 + index)
                    if index % 4 == 2:
                        card.translated_title = "译名 <b>&"
                    elif index % 4 == 3:
                        card.translation_missing = True
                    located = bool((index + number) % 2)
                    contact = index % 5 != 4
                    heading = "h4" if index % 2 else "h3"
                    context = {
                        "card": card,
                        "heading": heading,
                        "contact": contact,
                        "located": located,
                    }
                    expected = render_to_string("matcher/_result_card.html", context)
                    written = results_module.card_html(
                        card, heading=heading, contact=contact, located=located
                    )
                    assert written == expected
                    variants += 1
    assert variants > 50
    assert seen_verdicts == set(engine.Verdict)
    assert notes >= {"summary", "automatic", "later", "team"}
