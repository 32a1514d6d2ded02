"""A trial's page is kept rendered until something it shows changes (trials/pages.py).

Each test visits the page once (so it is kept), changes one thing the page shows through the
ordinary write path, and checks the next visit shows the change.
"""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from trials.models import FAQ, Intervention, Outcome, Site, Trial, set_translation

HLX43 = "/trials/hlx43-recurrent-metastatic-npc/"
ZH = {"accept-language": "zh-hans"}


def page(client: Client, **headers: str) -> str:
    response = client.get(HLX43, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def article(html: str) -> str:
    """The page's own part (the rest carries a fresh CSRF token and nonce each time)."""
    return html[html.index('<article class="trial">') : html.index("</article>")]


def hlx43() -> Trial:
    return Trial.objects.get(slug="hlx43-recurrent-metastatic-npc")


def test_a_kept_page_reads_no_trial_rows(client: Client, seeded_catalogue):
    first = page(client)
    with CaptureQueriesContext(connection) as captured:
        again = page(client)
    assert article(again) == article(first)
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "trials_trial" not in read
    assert "trials_eligibilitycriterion" not in read
    assert len(captured.captured_queries) <= 3


def test_a_general_faq_edit_shows_on_the_next_visit(client: Client, seeded_catalogue):
    assert "Compensation varies per trial." in page(client)
    faq = FAQ.objects.get(trial__isnull=True, question__startswith="Do I get compensated")
    faq.answer = "Ask the study team whether travel is paid for."
    faq.save()
    shown = page(client)
    assert "Ask the study team whether travel is paid for." in shown
    assert "Compensation varies per trial." not in shown


def test_treatments_and_outcomes_edits_show_on_the_next_visit(client: Client, seeded_catalogue):
    page(client)
    intervention = Intervention.objects.filter(trial=hlx43()).first()
    assert intervention is not None
    intervention.name = "HLX43 (renamed in the admin)"
    intervention.save()
    assert "HLX43 (renamed in the admin)" in page(client)
    Outcome.objects.create(trial=hlx43(), kind="secondary", measure="Time to a new outcome")
    assert "Time to a new outcome" in page(client)
    Outcome.objects.filter(measure="Time to a new outcome").get().delete()
    assert "Time to a new outcome" not in page(client)


def test_a_translation_edit_shows_on_the_next_chinese_visit(client: Client, seeded_catalogue):
    english = page(client)
    page(client, **ZH)
    set_translation(hlx43(), translated_title="一个新的中文标题")
    assert "一个新的中文标题" in page(client, **ZH)
    assert article(page(client)) == article(english)  # the English page is its own


def test_a_site_and_a_status_change_show_on_the_next_visit(client: Client, seeded_catalogue):
    page(client)
    Site.objects.create(trial=hlx43(), facility="A New Hospital", city="Foshan", country="China")
    assert "A New Hospital" in page(client)
    trial = hlx43()
    trial.published = False
    trial.save()
    assert client.get(HLX43).status_code == 404


def test_an_unknown_trial_is_a_plain_404(client: Client, seeded_catalogue):
    assert client.get("/trials/no-such-trial/").status_code == 404
