"""Error messages that say what to do, the clinician page's field errors, and the results laid
out for paper."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client

from contact import services
from tests.integration.test_clinician import HLX43_FIT, HTMX
from trials.models import Site, Trial

pytestmark = pytest.mark.django_db

HLX43 = "hlx43-recurrent-metastatic-npc"
DJANGO_DEFAULTS = [
    "This field is required.",
    "Enter a whole number.",
    "Enter a valid",
    "Ensure this value",
    "Select a valid choice",
]
WASHOUT_SENTENCE = "At least 4 weeks (or 5 half-lives, whichever is shorter) since last major"
WASHOUT_SENTENCE_ZH = "细胞毒性化疗、免疫治疗或生物治疗至少 4 周（或 5 个半衰期，以较短者为准）"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def no_django_defaults(body: str) -> None:
    for default in DJANGO_DEFAULTS:
        assert default not in body


class Paragraphs(HTMLParser):
    """The text of every <p> inside the printout."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.depth = 0
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div" and ("class", "print-view printout") in attrs:
            self.inside = True
        if self.inside and tag == "p":
            self.depth += 1
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == "p":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.paragraphs[-1] += data


def paragraphs(body: str) -> list[str]:
    parser = Paragraphs()
    parser.feed(body)
    return [" ".join(text.split()) for text in parser.paragraphs if text.strip()]


# Task: specific messages -----------------------------------------------------------------------


def test_contact_form_errors_are_specific_and_the_consent_one_is_short(
    client: Client, seeded_catalogue
):
    site = services.contact_sites(Trial.objects.get(slug=HLX43))[0]
    response = client.post(
        f"/trials/{HLX43}/contact/",
        {"site": str(site.pk), "email": "not-an-address", "form_token": str(uuid.uuid4())},
    )
    body = response.content.decode()
    no_django_defaults(body)
    start = body.index('class="error-summary"')
    summary = body[start : body.index("</ul>", start)]
    for message in [
        "Enter your first name.",
        "Enter your last name.",
        "Enter your email address in the form name@example.com.",
        "Enter your phone number, so the study team can call you back.",
        "Tick the box to agree, so we can send your message.",
    ]:
        assert message in summary
    assert 'href="#id_consent"' in summary
    assert "I agree that" not in summary  # the consent sentence stays beside its box
    assert ".:" not in summary


def test_contact_errors_in_chinese(client: Client, seeded_catalogue):
    site = services.contact_sites(Trial.objects.get(slug=HLX43))[0]
    response = client.post(
        f"/trials/{HLX43}/contact/",
        {"site": str(site.pk), "form_token": str(uuid.uuid4())},
        headers={"accept-language": "zh-hans"},
    )
    body = response.content.decode()
    assert "请填写您的名字。" in body
    assert "请勾选此框表示同意，以便我们发送您的留言。" in body
    assert "This field is required." not in body
    assert "这个字段是必填项" not in body


@pytest.mark.parametrize(
    ("days", "message"),
    [("abc", "Enter the number of days as a whole number, such as 14."), ("0", "from 1 to 90")],
)
def test_share_link_days_errors_are_specific(client: Client, seeded_catalogue, days, message):
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", HLX43_FIT)
    saved = client.post("/match/results/save/", {"consent": "on", "note": ""})
    response = client.post(saved["Location"] + "share/", {"passcode": "123", "days": days})
    body = response.content.decode()
    assert message in body
    assert "Your passcode needs at least 6 characters." in body
    no_django_defaults(body)


# Task: the clinician page ----------------------------------------------------------------------


def test_an_invalid_age_is_marked_at_its_field_and_linked_from_the_summary(
    client: Client, seeded_catalogue
):
    client.post("/match/begin/", {"mode": "clinician"})
    response = client.post("/match/clinician/", {**HLX43_FIT, "age": "abc"})
    body = response.content.decode()
    assert "Enter the age in whole years, for example 52." in body
    age = re.search(r"<input[^>]*id=\"id_age\"[^>]*>", body)
    assert age is not None
    assert 'aria-invalid="true"' in age.group(0)
    assert "id_age_error" in age.group(0)  # aria-describedby names the message
    assert 'id="id_age_error"' in body
    assert '<a href="#id_age">Enter the age in whole years, for example 52.</a>' in body
    too_old = client.post("/match/clinician/", {**HLX43_FIT, "age": "200"})
    assert "Enter an age from 0 to 120 years." in too_old.content.decode()
    no_django_defaults(too_old.content.decode())


def test_over_htmx_a_wrong_answer_brings_the_form_back_marked_then_clears(
    client: Client, seeded_catalogue
):
    client.post("/match/begin/", {"mode": "clinician"})
    wrong = client.post("/match/clinician/", {**HLX43_FIT, "age": "abc"}, headers=HTMX)
    assert wrong["HX-Retarget"] == "#clinician-page"
    body = wrong.content.decode()
    assert "<html" not in body
    assert 'aria-invalid="true"' in body
    assert 'name="errors_shown"' in body
    assert "data-focus-on-load" not in body  # a change, not the button: focus stays put
    sent = client.post(
        "/match/clinician/", {**HLX43_FIT, "age": "abc", "update": "1"}, headers=HTMX
    )
    assert "data-focus-on-load" in sent.content.decode()
    fixed = client.post("/match/clinician/", {**HLX43_FIT, "errors_shown": "1"}, headers=HTMX)
    assert fixed["HX-Retarget"] == "#clinician-page"  # the marks are taken away
    assert 'aria-invalid="true"' not in fixed.content.decode()
    quiet = client.post("/match/clinician/", HLX43_FIT, headers=HTMX)
    assert "HX-Retarget" not in quiet
    assert "<form" not in quiet.content.decode()


def test_the_clinician_page_asks_for_information_in_clinical_terms(
    client: Client, seeded_catalogue
):
    client.post("/match/begin/", {"mode": "clinician"})
    partial = {key: HLX43_FIT[key] for key in ("age", "sex", "diagnosis")}
    body = client.post("/match/clinician/", partial, headers=HTMX).content.decode()
    assert "Information still needed" in body
    assert "Questions to ask your doctor" not in body
    assert "ECOG performance status" in body
    assert "How old are you?" not in body
    assert "data-print-frame" in body


# Task: print -----------------------------------------------------------------------------------


def test_the_print_page_prints_each_sentence_once_with_the_study_team(
    client: Client, seeded_catalogue
):
    site = Site.objects.get(trial__slug=HLX43)
    site.contacts = [
        {"name": "Li Na", "role": "CONTACT", "email": "study-team@example.org", "phone": "+86 21 0"}
    ]
    site.save()
    assert client.get("/match/results/print/")["Location"] == "/match/"
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", HLX43_FIT)
    response = client.get("/match/results/print/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count(WASHOUT_SENTENCE) == 1  # ten criteria, one sentence
    assert "HLX43 central study team (Shanghai Henlius Biotech)" in body
    assert "Li Na (CONTACT) · study-team@example.org" in body
    assert f"/trials/{HLX43}/contact/" in body
    counts = Counter(paragraphs(body))
    assert len(counts) > 5
    assert max(counts.values()) == 1, counts.most_common(3)
    # The print buttons print it from a hidden frame: only this site may frame it.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert client.get("/match/results/")["X-Frame-Options"] == "DENY"
    results = client.get("/match/results/").content.decode()
    assert 'href="/match/results/print/" data-print-frame' in results


def test_the_print_page_in_chinese(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", HLX43_FIT)
    body = client.get("/match/results/print/", headers={"accept-language": "zh-hans"})
    text = body.content.decode()
    assert "研究团队联系方式" in text
    # The site's Chinese for the protocol line is printed, and printed once.
    assert text.count(WASHOUT_SENTENCE_ZH) == 1
    assert WASHOUT_SENTENCE not in text


def test_a_sentence_giving_several_criteria_is_quoted_once_on_every_card(
    client: Client, seeded_catalogue
):
    client.post("/match/begin/", {"mode": "clinician"})
    client.post("/match/clinician/", HLX43_FIT)
    assert client.get("/match/results/").content.decode().count(WASHOUT_SENTENCE) == 1
    saved = client.post("/match/results/save/", {"consent": "on", "note": ""})["Location"]
    printed = client.get(saved + "print/").content.decode()
    assert printed.count(WASHOUT_SENTENCE) == 1
    assert printed.count("washout 28 d") >= 5  # each criterion keeps its own finding
