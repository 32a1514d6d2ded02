"""A Chinese-speaking patient meets no untranslated interface text, from home to a sent request.

Every page of the journey is rendered in zh-hans and its visible text is scanned for Latin
words. Text the trial's sponsor published (marked with the trial's `lang`), proper names
(sponsors, sites) and a short list of clinical abbreviations that Chinese uses as they are
(ECOG, RECIST, PD-1...) are allowed; anything else is interface text someone forgot to translate.
"""

from __future__ import annotations

import re
import uuid
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from trials.models import Site, Trial

from .test_questionnaire import THIRD_LINE_NPC, answer_for

pytestmark = pytest.mark.django_db

ZH = {"accept-language": "zh-hans"}
HLX43 = "hlx43-recurrent-metastatic-npc"
# Abbreviations Chinese clinical writing keeps in Latin letters.
ALLOWED_WORDS = {
    "ECOG",
    "RECIST",
    "PD",
    "L1",
    "CT",
    "MRI",
    "NCT",
    "ADC",
    "HIV",
    "CNS",
    "ILD",
    "EGFR",
    "CYP",
    "HBV",
    "HCV",
    "ICF",
    "CTCAE",
    "TrialCompass",
    "ClinicalTrials",
    "gov",
    # Trial phases are written in Roman numerals ("II 期"); standards and tools keep their names.
    "II",
    "III",
    "IV",
    "WCAG",
    "AA",
    "JavaScript",
    "axe",
    # Chinese oncology keeps the abbreviation: "成熟T细胞和NK细胞肿瘤" (a condition's name).
    "NK",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+(?:['’][A-Za-z]+)?")
# <title> repeats the heading; on a trial page that is the sponsor's English title.
SKIPPED_TAGS = {"script", "style", "template", "title"}


class VisibleText(HTMLParser):
    """Text a person sees, leaving out elements in another language and `translate="no"`."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # True where this element's text is skipped
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        skipped = (
            (self.stack and self.stack[-1])
            or tag in SKIPPED_TAGS
            or (attributes.get("lang") or "zh").lower().startswith("en")
            or attributes.get("translate") == "no"
            or "hidden" in attributes
        )
        for name in ("aria-label", "title", "placeholder", "alt"):
            if not skipped and attributes.get(name):
                self.parts.append(attributes[name] or "")
        if tag not in self.VOID:
            self.stack.append(bool(skipped))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def untranslated(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    names = [
        *Trial.objects.values_list("sponsor", flat=True),
        *Site.objects.values_list("facility", flat=True),
    ]
    # Longest first: a site's name may contain its sponsor's.
    for name in sorted(filter(None, names), key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"\S+@\S+", " ", text)  # email addresses
    return sorted(
        {
            w
            for w in LATIN_WORD.findall(text)
            if w not in ALLOWED_WORDS and not any(c.isdigit() for c in w)
        }
    )


def check(response: Any, where: str) -> None:
    assert response.status_code == 200, where
    assert '<html lang="zh-hans">' in response.content.decode(), where
    assert untranslated(response.content.decode()) == [], where


def test_chinese_patient_meets_no_english_from_home_to_a_sent_request(
    client: Client, seeded_catalogue
):
    cache.clear()
    for path in [
        "/",
        "/trials/",
        "/trials/?condition=NPC",
        f"/trials/{HLX43}/",
        "/match/",
        "/accessibility/",
        "/trials/nope/",
    ]:
        response = client.get(path, headers=ZH)
        if path == "/trials/nope/":
            assert response.status_code == 404
            assert untranslated(response.content.decode()) == []
        else:
            check(response, path)

    client.post("/match/begin/", {"mode": "patient"}, headers=ZH)
    for _ in range(20):
        response = client.get("/match/question/", headers=ZH)
        if response.status_code == 302:
            break
        check(response, response.context["step"].id)
        # A wrong answer shows the error summary: it must be translated too.
        if response.context["step"].id == "prior_systemic_lines":
            check(
                client.post(
                    "/match/question/", {"step": "prior_systemic_lines", "answer": "-1"}, headers=ZH
                ),
                "error",
            )
        client.post(
            "/match/question/", answer_for(response.context["step"], THIRD_LINE_NPC), headers=ZH
        )
    check(client.get("/match/results/", headers=ZH), "results")

    client.post("/match/begin/", {"mode": "clinician"}, headers=ZH)
    check(client.get("/match/clinician/", headers=ZH), "clinician")

    check(client.get(f"/trials/{HLX43}/contact/", headers=ZH), "contact form")
    site = Site.objects.get(trial__slug=HLX43)
    response = client.post(
        f"/trials/{HLX43}/contact/",
        {
            "first_name": "美玲",
            "last_name": "陈",
            "email": "meiling@example.org",
            "phone": "+86 138 0013 8000",
            "site": str(site.pk),
            "consent": "on",
            "form_token": str(uuid.uuid4()),
        },
        headers=ZH,
    )
    assert response.status_code == 302, response.context["form"].errors
    check(client.get(response["Location"], headers=ZH), "confirmation")


def test_the_scanner_finds_english(client: Client):
    assert untranslated('<p>你好 <a href="/">Browse trials</a></p>') == ["Browse", "trials"]
    assert untranslated('<p lang="en">A Phase II Study</p><p>ECOG 评分</p>') == []
