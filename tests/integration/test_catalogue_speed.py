"""The catalogue pages' fast paths show what the plain ones showed.

Cards are written in Python (`trials.cards`), the list's filter choices are kept per catalogue
version, and the list's order is a stored column with an index. Each test compares with the
template or the query it replaces, in English and in Chinese, or bounds the queries a page needs.
"""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from config import forms as site_forms
from matcher.synthetic import publish_synthetic_trials
from trials.cards import card_prefetches, trial_cards
from trials.forms import TrialFilterForm
from trials.models import FAQ, CatalogueVersion, Condition, Site, Trial, set_translation

pytestmark = pytest.mark.django_db

ZH = {"accept-language": "zh-hans"}


def odd_trials() -> list[Trial]:
    """Trials in every shape a card has: no NCT ID, no sponsor, markup in texts, a translation."""
    npc = Condition.objects.get(code="NPC")
    made = [
        Trial.objects.create(
            slug="no-registry-id",
            brief_title='Tumours <b>"quoted"</b> & more',
            phase=Trial.Phase.PHASE1_PHASE2,
            overall_status=Trial.Status.NOT_YET_RECRUITING,
            sponsor="A & B <Pharma>",
            published=True,
        ),
        Trial.objects.create(
            slug="no-sponsor",
            nct_id="NCT09999991",
            brief_title="No sponsor given",
            phase=Trial.Phase.NA,
            overall_status=Trial.Status.UNKNOWN,
            published=True,
        ),
        Trial.objects.create(
            slug="nothing-but-a-title",
            brief_title="Neither NCT ID nor sponsor",
            overall_status=Trial.Status.COMPLETED,
            published=True,
        ),
    ]
    made[0].conditions.add(npc)
    set_translation(made[0], translated_title="译名 <甲> & 乙")
    return made


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_cards_written_in_python_are_the_template_cards(seeded_catalogue, language: str):
    odd_trials()
    trials = list(Trial.objects.order_by("slug").prefetch_related("conditions", "translations"))
    assert len(trials) == 6
    with translation.override(language):
        expected = [render_to_string("trials/_trial_card.html", {"trial": t}) for t in trials]
        cards = trial_cards(trials)
        prefetched = Trial.objects.order_by("slug").prefetch_related(*card_prefetches())
        assert trial_cards(prefetched) == expected
    assert cards == expected
    joined = "".join(cards)
    if language == "en":
        assert "Tumours &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; &amp; more" in joined
        assert ">Not yet recruiting</span>" in joined
    else:
        assert (
            '<a href="/trials/no-registry-id/" lang="zh-Hans">译名 &lt;甲&gt; &amp; 乙</a>'
            in joined
        )
        assert ">尚未开始招募</span>" in joined
        assert ">I/II 期</span>" in joined
    assert '<span lang="en" translate="no">A &amp; B &lt;Pharma&gt;</span>' in joined


@pytest.mark.parametrize("headers", [{}, ZH], ids=["en", "zh-hans"])
def test_the_list_and_home_show_the_template_cards(client: Client, seeded_catalogue, headers):
    odd_trials()
    language = "zh-hans" if headers else "en"
    for path, shown in (("/trials/", "page"), ("/", None)):
        response = client.get(path, headers=headers)
        assert response.status_code == 200
        body = response.content.decode()
        if shown:
            trials = list(response.context["page"].object_list)
        else:
            trials = list(
                Trial.objects.published().filter(overall_status=Trial.Status.RECRUITING)[:3]
            )
        assert trials
        with translation.override(language):
            cards = [render_to_string("trials/_trial_card.html", {"trial": t}) for t in trials]
        # The markup of the loop around `{% include "trials/_trial_card.html" %}`:
        items = "".join(f"\n      <li>{card}</li>\n    " for card in cards)
        assert f'<ul class="card-list">\n    {items}\n  </ul>' in body


STATUS_RANK = {Trial.Status.RECRUITING: 0, Trial.Status.NOT_YET_RECRUITING: 1}


def test_the_stored_rank_follows_the_status_however_it_is_written(seeded_catalogue):
    trial = Trial.objects.get(slug="hlx43-recurrent-metastatic-npc")
    for status in Trial.Status.values:
        Trial.objects.filter(pk=trial.pk).update(overall_status=status)
        assert Trial.objects.get(pk=trial.pk).recruitment_rank == STATUS_RANK.get(status, 2)
    trial.refresh_from_db()
    trial.overall_status = Trial.Status.RECRUITING
    trial.save()
    assert Trial.objects.get(pk=trial.pk).recruitment_rank == 0


def test_the_list_order_is_recruiting_then_not_yet_then_the_rest_by_title(seeded_catalogue):
    odd_trials()
    publish_synthetic_trials(40, seed=3)
    listed = list(Trial.objects.published().recruiting_first())
    plain = sorted(
        Trial.objects.published(),
        key=lambda t: (STATUS_RANK.get(t.overall_status, 2), t.brief_title, t.pk),
    )
    assert [t.pk for t in listed] == [t.pk for t in plain]
    assert {t.overall_status for t in listed[:1]} == {Trial.Status.RECRUITING}


def test_the_country_choices_follow_the_catalogue(client: Client, seeded_catalogue):
    def countries() -> list[str]:
        form = client.get("/trials/").context["form"]
        return [value for value, _ in form.fields["country"].choices][1:]

    before = countries()
    trial = Trial.objects.published().first()
    assert trial is not None
    assert "Iceland" not in before
    Site.objects.create(trial=trial, facility="Landspitali", city="Reykjavik", country="Iceland")
    after = countries()
    assert "Iceland" in after
    assert after == sorted(after)
    trial.published = False
    trial.save()
    shown = {s.country for s in Site.objects.filter(trial__published=True).exclude(country="")}
    assert countries() == sorted(shown)


@pytest.mark.parametrize("headers", [{}, ZH], ids=["en", "zh-hans"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/trials/",
        "/trials/?q=synthetic",
        "/trials/?page=2",
        "/trials/?condition=NPC&phase=PHASE2",
    ],
)
def test_catalogue_pages_need_few_queries_however_large_the_catalogue(
    client: Client, seeded_catalogue, django_assert_max_num_queries, path: str, headers
):
    publish_synthetic_trials(60, seed=5)
    CatalogueVersion.bump()
    client.get(path, headers=headers)  # the first request reads the filter choices
    with django_assert_max_num_queries(10):
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert len(response.content) < 300_000


@pytest.mark.parametrize("headers", [{}, ZH], ids=["en", "zh-hans"])
def test_a_trial_page_needs_few_queries(
    client: Client, seeded_catalogue, django_assert_max_num_queries, headers
):
    client.get("/trials/hlx43-recurrent-metastatic-npc/", headers=headers)
    with django_assert_max_num_queries(10):
        response = client.get("/trials/hlx43-recurrent-metastatic-npc/", headers=headers)
    assert response.status_code == 200


def test_a_trial_page_lists_its_own_questions_before_the_general_ones(
    client: Client, seeded_catalogue
):
    trial = Trial.objects.get(slug="hlx43-recurrent-metastatic-npc")
    other = Trial.objects.get(slug="ibb0979-advanced-solid-tumours")
    FAQ.objects.create(trial=None, question="General question zero?", answer="A.", order=0)
    FAQ.objects.create(trial=trial, question="Own question two?", answer="B.", order=2)
    FAQ.objects.create(trial=trial, question="Own question one?", answer="C.", order=1)
    FAQ.objects.create(trial=other, question="Another trial's question?", answer="D.", order=0)
    shown = list(client.get(trial.get_absolute_url()).context["faqs"])
    plain = [*trial.faqs.all(), *FAQ.objects.filter(trial__isnull=True)]
    assert shown == plain
    questions = [faq.question for faq in shown]
    assert questions.index("Own question one?") < questions.index("Own question two?")
    assert questions.index("Own question two?") < questions.index("General question zero?")
    assert "Another trial's question?" not in questions


def test_kept_counts_follow_the_catalogue(client: Client, seeded_catalogue):
    def listed(path: str) -> int:
        return client.get(path).context["page"].paginator.count

    assert "1 trial is recruiting now." in client.get("/").content.decode()
    assert listed("/trials/") == 3
    assert listed("/trials/?status=RECRUITING") == 1
    assert listed("/trials/?status=RECRUITING&page=2") == 1
    trial = Trial.objects.get(slug="ibb0979-advanced-solid-tumours")
    trial.overall_status = Trial.Status.RECRUITING
    trial.save()
    assert "2 trials are recruiting now." in client.get("/").content.decode()
    assert listed("/trials/?status=RECRUITING") == 2
    trial.published = False
    trial.save()
    assert listed("/trials/") == 2
    assert listed("/trials/?status=RECRUITING") == 1
    # A form with errors is counted afresh, not under its (invalid) values.
    assert listed("/trials/?status=NOT_A_STATUS") == 2


def filter_fields(data: dict[str, str] | None, *, kept: bool) -> str:
    site_forms._CACHE_RENDERINGS = kept
    try:
        form = TrialFilterForm(data)
        form.is_valid()
        return "".join(str(field.as_field_group()) for field in form)
    finally:
        site_forms._CACHE_RENDERINGS = True


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("bound", [False, True])
def test_kept_filter_fields_are_the_fields_rendered_afresh(seeded_catalogue, language, bound):
    site_forms._RENDERINGS.clear()
    data = None
    if bound:
        trial = Trial.objects.published()[0]
        Site.objects.create(
            trial=trial, facility="Landspitali", city="Reykjavik", country="Iceland"
        )
        data = {"q": "NPC", "condition": "NPC", "phase": "PHASE2", "country": "Iceland"}
    with translation.override(language):
        fresh = filter_fields(data, kept=False)
        assert filter_fields(data, kept=True) == fresh
        assert filter_fields(data, kept=True) == fresh  # now from the kept renderings
    assert 'name="condition"' in fresh
    assert "field-error" not in fresh  # a valid form: its fields are kept


def test_kept_filter_fields_follow_the_catalogue_and_skip_errors(seeded_catalogue):
    site_forms._RENDERINGS.clear()
    before = filter_fields(None, kept=True)
    npc = Condition.objects.get(code="NPC")
    npc.name = "Nasopharyngeal carcinoma (renamed)"
    npc.save()
    after = filter_fields(None, kept=True)
    assert "Nasopharyngeal carcinoma (renamed)" in after
    assert after != before
    with_errors = filter_fields({"phase": "NOT_A_PHASE"}, kept=True)
    assert "Choose a phase from the list." in with_errors
    assert not any(
        isinstance(key[3], tuple) and key[3][:1] == (TrialFilterForm,)
        for key in site_forms._RENDERINGS
        if "NOT_A_PHASE" in repr(key)
    )
