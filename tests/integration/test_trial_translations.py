"""Trial texts in Chinese: the site's translations on Chinese pages, with a note that the English
protocol is authoritative; a plain notice where a trial has none; translations that survive
re-imports; and the seed data shown as the seeds give it (FAQ texts, no invented start date,
recruiting trials first)."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import SEEDS
from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk
from tests.integration.test_saved_results import save
from trials.models import (
    FAQ,
    CatalogueVersion,
    EligibilityCriterion,
    Site,
    Trial,
    set_translation,
    translation_of,
)

pytestmark = pytest.mark.django_db

ZH = {"accept-language": "zh-hans"}
HLX43 = "/trials/hlx43-recurrent-metastatic-npc/"
IBB0979 = "/trials/ibb0979-advanced-solid-tumours/"
HLX43_TITLE_ZH = "一项评估 HLX43 用于二线治疗失败或不耐受的复发/转移性鼻咽癌受试者的 II 期研究"
NOTE_ZH = "本页的试验内容由本站自行翻译，仅供参考。以英文研究方案为准"
MISSING_ZH = "这项试验尚未翻译成中文"


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_chinese_page_shows_the_translation_and_says_the_english_rules(
    client: Client, seeded_catalogue
):
    page = client.get(HLX43, headers=ZH).content.decode()
    assert f'<h1 lang="zh-Hans">{HLX43_TITLE_ZH}</h1>' in page
    assert "本研究旨在探索 HLX43" in page  # the overview
    assert '<li lang="zh-Hans">预期生存期 ≥ 3 个月；</li>' in page  # inclusion 9
    assert '<li lang="zh-Hans">活动性结核病。</li>' in page  # exclusion 16
    # Inclusion 7 gives nine criteria: the page still shows the line once.
    assert page.count("距末次大手术") == 1
    assert "HLX43 中央研究团队" in page
    assert NOTE_ZH in text_of(page)
    assert MISSING_ZH not in page
    # The way back to the English original: a language switch to English, back to this page.
    toggle = re.search(r'<form class="english-toggle"[^>]*>.*?</form>', page, re.S)
    assert toggle is not None
    assert 'name="language" type="hidden" value="en"' in toggle.group(0)
    assert f'name="next" type="hidden" value="{HLX43}"' in toggle.group(0)
    assert "显示英文原文" in toggle.group(0)
    # Texts nobody translated (the treatment's description) stay in English, marked as such.
    assert '<span lang="en">Anti-PD-L1 antibody-drug conjugate' in page


def test_the_english_toggle_switches_to_the_english_page(client: Client, seeded_catalogue):
    response = client.post("/i18n/setlang/", {"language": "en", "next": HLX43}, headers=ZH)
    assert response.status_code == 302
    assert response["Location"] == HLX43
    page = client.get(HLX43).content.decode()
    assert '<html lang="en">' in page
    assert '<h1 lang="en">A Phase II Study to Evaluate HLX43' in page


def test_english_page_shows_the_english_and_no_translation_note(client: Client, seeded_catalogue):
    page = client.get(HLX43).content.decode()
    assert '<h1 lang="en">A Phase II Study to Evaluate HLX43' in page
    assert "Expected survival ≥ 3 months;" in page
    assert HLX43_TITLE_ZH not in page
    assert "note-translation" not in page


def test_an_untranslated_trial_says_so_plainly_in_chinese(client: Client, seeded_catalogue):
    trial = Trial.objects.get(slug="ibb0979-advanced-solid-tumours")
    trial.translations.all().delete()
    EligibilityCriterion.translations.rel.related_model.objects.filter(master__trial=trial).delete()
    page = client.get(IBB0979, headers=ZH).content.decode()
    assert MISSING_ZH in page
    assert NOTE_ZH not in text_of(page)
    assert f'<h1 lang="en">{trial.brief_title}</h1>' in page
    assert '<li lang="en">This is a Phase 1/2, open-label' in page
    # Translated trials elsewhere are unaffected.
    assert NOTE_ZH in text_of(client.get(HLX43, headers=ZH).content.decode())


def test_an_empty_translation_counts_as_none(client: Client, seeded_catalogue):
    trial = Trial.objects.get(slug="ibb0979-advanced-solid-tumours")
    set_translation(trial, translated_title="")
    page = client.get(IBB0979, headers=ZH).content.decode()
    assert MISSING_ZH in page
    assert f'<h1 lang="en">{trial.brief_title}</h1>' in page


def test_reimport_keeps_a_curators_translation_and_writes_the_english(seeded_catalogue):
    trial = Trial.objects.get(slug="hlx43-recurrent-metastatic-npc")
    set_translation(trial, translated_title="策展人修改过的标题")
    line9 = EligibilityCriterion.objects.get(trial=trial, kind="inclusion", line=9)
    set_translation(line9, translated_text="策展人修改过的第 9 条")
    Trial.objects.filter(pk=trial.pk).update(brief_title="Stale English title")

    call_command("import_trials", str(SEEDS), stdout=io.StringIO())

    trial.refresh_from_db()
    assert trial.brief_title.startswith("A Phase II Study to Evaluate HLX43")  # English rewritten
    assert translation_of(trial).translated_title == "策展人修改过的标题"
    assert translation_of(line9).translated_text == "策展人修改过的第 9 条"
    # What the curator did not touch keeps the seed translation.
    assert translation_of(trial).translated_summary.startswith("本研究旨在探索 HLX43")
    line10 = EligibilityCriterion.objects.get(trial=trial, kind="inclusion", line=10)
    assert translation_of(line10).translated_text.startswith("随机分组前 1 周内器官功能良好")


def test_reimport_fills_a_translation_only_where_it_is_empty(seeded_catalogue):
    site = Site.objects.get(facility="IBB0979 central study team")
    translation_of(site).delete()
    output = io.StringIO()
    call_command("import_trials", str(SEEDS), stdout=output, verbosity=2)
    assert translation_of(site).translated_facility == "IBB0979 中央研究团队"
    assert "translations ibb0979-advanced-solid-tumours: 1 filled" in output.getvalue()


def test_the_admin_edits_a_translation_without_touching_the_english(
    admin_client: Client, seeded_catalogue
):
    site = Site.objects.get(facility="IAE0972 central study team")
    page = admin_client.get(f"/admin/trials/site/{site.pk}/change/").content.decode()
    assert 'value="IAE0972 中央研究团队"' in page
    data = {
        "trial": str(site.trial_id),
        "facility": site.facility,
        "status": site.status,
        "is_central_contact": "on",
        "contacts": "[]",
        "translation": "IAE0972 研究团队（修订）",
    }
    response = admin_client.post(f"/admin/trials/site/{site.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    site.refresh_from_db()
    assert site.facility == "IAE0972 central study team"
    assert translation_of(site).translated_facility == "IAE0972 研究团队（修订）"


def test_results_and_print_show_the_translation_in_chinese(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    results = client.get("/match/results/", headers=ZH).content.decode()
    assert f'lang="zh-Hans">{HLX43_TITLE_ZH}</a>' in results
    assert '“<span lang="zh-Hans">预期生存期 ≥ 3 个月；</span>”' in results
    assert "内容由本站翻译，以英文研究方案为准。" in results
    english = client.get("/match/results/").content.decode()
    assert HLX43_TITLE_ZH not in english
    assert '“<span lang="en">Expected survival ≥ 3 months;</span>”' in english

    # A card of a trial nobody translated says so.
    Trial.objects.get(slug="iae0972-chemotherapy-rm-hnscc-npc").translations.all().delete()
    results = client.get("/match/results/", headers=ZH).content.decode()
    assert results.count("尚未翻译成中文：以英文原文显示。") == 1
    assert "尚未翻译成中文" not in client.get("/match/results/").content.decode()

    _saved, path = save(client)
    printed = client.get(path + "print/", headers=ZH).content.decode()
    assert HLX43_TITLE_ZH in printed
    assert '“<span lang="zh-Hans">预期生存期 ≥ 3 个月；</span>”' in printed


def seed_faqs() -> list[tuple[str, str]]:
    """The question and answer pairs of the HLX43 page's FAQ section, as the document gives them."""
    lines = [line.strip() for line in (SEEDS / "001_e568c4a35867ff0c.txt").read_text().splitlines()]
    start = lines.index("Learn more about clinical trials") + 1
    texts = [line for line in lines[start:] if line]
    pairs = []
    for question, answer in zip(texts[0::2], texts[1::2], strict=False):
        if not question.endswith("?"):
            break
        pairs.append((question, answer))
    return pairs


def test_the_faq_shows_the_seed_documents_own_texts(client: Client, seeded_catalogue):
    pairs = seed_faqs()
    assert len(pairs) == 5
    general = list(FAQ.objects.filter(trial__isnull=True).values_list("question", "answer"))
    assert general == pairs
    page = unescape(client.get(HLX43).content.decode())
    for question, answer in pairs:
        assert f"<summary>{question}</summary>" in page
        assert f"<p>{answer}</p>" in page
    chinese = client.get(HLX43, headers=ZH).content.decode()
    assert "<summary>什么是临床试验？</summary>" in chinese


def test_the_faq_migration_replaces_the_paraphrases_but_keeps_a_curators_edit():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("trials.migrations.0014_faq_seed_texts")
    FAQ.objects.filter(trial__isnull=True).delete()
    for order, (question, answer, question_zh, answer_zh) in enumerate(migration.PARAPHRASED, 1):
        FAQ.objects.create(
            question=question,
            answer=answer if order != 2 else "A curator's own answer.",
            question_zh_hans=question_zh,
            answer_zh_hans=answer_zh,
            order=order,
        )
    migration.use_seed_texts(apps, None)
    rows = list(FAQ.objects.filter(trial__isnull=True).order_by("order"))
    assert rows[0].answer.startswith("A clinical trial is a study designed to test")
    assert rows[0].answer_zh_hans.startswith("临床试验是一项旨在检验")
    assert rows[1].answer == "A curator's own answer."  # edited: kept as it is
    assert rows[1].question == "Why might I take part?"


def test_the_unlabelled_date_of_the_hlx43_page_is_not_a_start_date(
    client: Client, seeded_catalogue
):
    assert Trial.objects.get(slug="hlx43-recurrent-metastatic-npc").start_date is None
    page = client.get(HLX43).content.decode()
    assert "Start date" not in page
    assert "2026" not in text_of(page.split('id="details-heading"')[1].split("</dl>")[0])


def test_the_central_team_wording_follows_whether_hospitals_are_listed(
    client: Client, seeded_catalogue
):
    until = "answers for this trial until individual hospitals are listed"
    assert until in unescape(client.get(HLX43).content.decode())
    trial = Trial.objects.get(slug="hlx43-recurrent-metastatic-npc")
    Site.objects.create(
        trial=trial, facility="A listed hospital", city="Guangzhou", status="RECRUITING"
    )
    page = unescape(client.get(HLX43).content.decode())
    assert until not in page
    assert "The sponsor's central study team, listed alongside the hospitals taking part." in page


def test_recruiting_trials_come_first_in_the_list_and_the_api(client: Client, seeded_catalogue):
    for title, status in [
        ("AAA A closed trial that sorts first by title", "COMPLETED"),
        ("AAB A trial not yet recruiting", "NOT_YET_RECRUITING"),
    ]:
        Trial.objects.create(
            slug=title[:3].lower(), brief_title=title, overall_status=status, published=True
        )
    listed = [t.slug for t in client.get("/trials/").context["page"].object_list]
    assert listed[:2] == ["hlx43-recurrent-metastatic-npc", "aab"]
    assert listed.index("aaa") > listed.index("aab")
    api = [trial["status"] for trial in client.get("/api/v1/trials").json()]
    assert api[:2] == ["RECRUITING", "NOT_YET_RECRUITING"]
    assert set(api[2:]) <= {"UNKNOWN", "COMPLETED"}
    # A search keeps the order too.
    searched = client.get("/trials/", {"q": "trial"}).context["page"].object_list
    statuses = [trial.overall_status for trial in searched]
    assert statuses == sorted(
        statuses, key=lambda s: {"RECRUITING": 0, "NOT_YET_RECRUITING": 1}.get(s, 2)
    )


def test_results_put_recruiting_trials_first_within_a_verdict(db):
    import datetime

    from matcher import engine
    from matcher.catalogue import build_catalogue
    from matcher.results import arrange
    from trials.models import CatalogueVersion

    for slug, status in [("aaa-closed", "COMPLETED"), ("zzz-recruiting", "RECRUITING")]:
        trial = Trial.objects.create(
            slug=slug, brief_title=slug, overall_status=status, published=True
        )
        EligibilityCriterion.objects.create(
            trial=trial, kind="inclusion", type="age", params={"min": 18}, text="Adults."
        )
    catalogue = build_catalogue(CatalogueVersion.current())
    results = arrange(
        catalogue,
        engine.Answers(age=52),
        as_of=datetime.date(2026, 6, 1),
        audience=engine.Audience.PATIENT,
    )
    [group] = [group for group in results.groups if group.count == 2]
    assert [card.trial.slug for card in group.cards] == ["zzz-recruiting", "aaa-closed"]


def test_a_line_whose_wording_changed_shows_the_english_until_checked(
    client: Client, seeded_catalogue
):
    trial = Trial.objects.get(slug="hlx43-recurrent-metastatic-npc")
    EligibilityCriterion.objects.filter(trial=trial, kind="exclusion", line=16).update(
        text="Active tuberculosis, or latent tuberculosis.", text_changed=True
    )
    CatalogueVersion.bump()  # as every writer that updates in bulk does (see trials.signals)
    page = client.get(HLX43, headers=ZH).content.decode()
    assert '<li lang="en">Active tuberculosis, or latent tuberculosis.</li>' in page
    assert "活动性结核病。" not in page
    EligibilityCriterion.objects.filter(trial=trial, kind="exclusion", line=16).update(
        text_changed=False
    )
    CatalogueVersion.bump()
    assert (
        '<li lang="zh-Hans">活动性结核病。</li>' in client.get(HLX43, headers=ZH).content.decode()
    )
