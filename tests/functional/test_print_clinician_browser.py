"""The results on paper and the clinician page in Chromium: the PDF's page count, repeated
paragraphs and study-team contacts; the clinician page on a phone, its field errors and its
results kept in view; axe on each, in English and Chinese. With SCREENSHOTS_DIR set, it saves
the screens there (the README's pictures):
`SCREENSHOTS_DIR=docs/screenshots pytest tests/functional/test_print_clinician_browser.py`.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from matcher.engine.vocabulary import TREATMENT_CATEGORIES
from trials.models import Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")
AXE = Axe()
HLX43_SITE = "HLX43 central study team (Shanghai Henlius Biotech)"
STUDY_EMAIL = "hlx43-study@example.org"
# Every treatment but the two the clinician dates.
NEVER = [c for c in TREATMENT_CATEGORIES if c not in {"chemotherapy", "immunotherapy"}]


def shoot(page: Page, name: str, *, full_page: bool = True) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=full_page)


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF: with pypdf when it is installed, else by its page
    objects (Chromium writes each as `/Type /Page`)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    return len(PdfReader(io.BytesIO(pdf)).pages)


def open_clinician_page(page: Page, url: str, language: str = "en") -> None:
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(url + "/match/")
    page.locator("form:has(input[value=clinician]) button").click()
    page.wait_for_url(re.compile(r"/match/clinician/$"))


def fill_likely_hlx43(page: Page) -> None:
    """Answers that make HLX43 likely eligible, sent with the Update button."""
    page.fill("#id_age", "61")
    page.select_option("#id_sex", "female")
    page.select_option("#id_diagnosis", "NPC")
    for key in ("histology_confirmed", "measurable_disease", "organ_function_adequate"):
        page.select_option(f"#id_{key}", "yes")
    for key in ("tissue_sample_available", "contraception_willing"):
        page.select_option(f"#id_{key}", "yes")
    page.check("input[name=disease_status][value=recurrent]")
    page.check("input[name=disease_status][value=metastatic]")
    page.fill("#id_prior_systemic_lines", "2")
    for therapy in ("platinum_chemotherapy", "pd1_pdl1_inhibitor", "gemcitabine"):
        page.check(f"input[name=prior_therapies][value={therapy}]")
    page.select_option("#id_ecog", "0")
    page.fill("#id_life_expectancy_months", "9")
    page.fill("#id_last_chemotherapy", "2026-01-10")
    page.fill("#id_last_immunotherapy", "2026-01-10")
    for category in NEVER:
        page.check(f"#id_never_{category}")
    page.check("#id_exclusions_others_absent")
    page.locator("button[name=update]").click()
    expect(page.locator("#results .verdict-likely_eligible .result-card")).to_have_count(1)


def test_the_print_page_fits_two_pages_per_likely_trial(page: Page, seeded_live_server: Any):
    Site.objects.filter(facility=HLX43_SITE).update(
        contacts=[{"name": "Study coordinator", "email": STUDY_EMAIL}]
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    open_clinician_page(page, seeded_live_server.url)
    fill_likely_hlx43(page)
    print_link = page.locator("#results a[data-print-frame]")
    expect(print_link).to_have_attribute("href", "/match/results/print/")
    # With JavaScript the button prints the print page from a hidden frame, here.
    print_link.click()
    expect(page.locator("iframe#print-frame")).to_have_attribute(
        "src", re.compile(r"/match/results/print/$")
    )
    frame = page.frame_locator("iframe#print-frame")
    expect(frame.locator(".print-trial").first).to_contain_text("HLX43")
    assert page.url.endswith("/match/clinician/")
    page.goto(seeded_live_server.url + "/match/results/")
    expect(page.get_by_role("link", name="Print", exact=True)).to_be_visible()
    assert_accessible(page)

    page.goto(seeded_live_server.url + "/match/results/print/")
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # brought by the script
    assert_accessible(page)
    likely = page.locator("#print-group-likely_eligible ~ .print-trial").count()
    assert likely == 1
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf_pages(pdf) <= 2 * likely

    page.emulate_media(media="print")
    texts = page.locator(".printout p").all_inner_texts()
    repeated = {text for text in texts if texts.count(text) > 1}
    assert not repeated
    washout = "At least 4 weeks (or 5 half-lives, whichever is shorter) since last major"
    assert page.get_by_text(washout).count() == 1
    contact = page.locator(".print-trial .print-contact").first
    expect(contact).to_contain_text(HLX43_SITE)
    expect(contact).to_contain_text(STUDY_EMAIL)
    expect(page.locator(".print-trial .print-contact")).to_have_count(3)
    expect(page.locator(".site-header")).to_be_hidden()
    shoot(page, "print-preview.png")


def test_the_print_page_in_chinese_is_accessible(page: Page, seeded_live_server: Any):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_clinician_page(page, seeded_live_server.url, "zh-hans")
    page.fill("#id_age", "61")
    page.select_option("#id_diagnosis", "NPC")
    page.locator("button[name=update]").click()
    expect(page.locator("#results .badge").first).to_be_visible()
    page.goto(seeded_live_server.url + "/match/results/print/")
    expect(page.get_by_role("heading", level=1)).to_have_text("临床试验预筛选")
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_clinician_page_fits_a_phone_and_marks_a_wrong_age(
    page: Page, seeded_live_server: Any, language: str
):
    page.set_viewport_size({"width": 390, "height": 844})
    open_clinician_page(page, seeded_live_server.url, language)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

    page.locator("#id_age").fill("200")
    page.locator("#id_age").press("Tab")  # leaving the field fires its change
    age = page.locator("#id_age")
    expect(age).to_have_attribute("aria-invalid", "true")
    expect(age).to_have_attribute("aria-describedby", re.compile(r"\bid_age_error\b"))
    message = "Enter an age from 0 to 120 years." if language == "en" else "请填写 0 到 120 岁"
    expect(page.locator("#id_age_error")).to_contain_text(message)
    expect(page.locator(".error-summary a[href='#id_age']")).to_contain_text(message)
    # A change, not the button: focus stays in the form, on the next field.
    expect(page.locator("#id_sex")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    name = "clinician-phone.png" if language == "en" else "clinician-phone-zh.png"
    shoot(page, name, full_page=False)

    page.locator("#id_age").fill("61")
    page.locator("#id_age").press("Tab")
    expect(age).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.locator("#results .badge").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_the_results_stay_in_view_beside_the_form_on_a_wide_screen(
    page: Page, seeded_live_server: Any
):
    page.set_viewport_size({"width": 1280, "height": 900})
    open_clinician_page(page, seeded_live_server.url)
    fill_likely_hlx43(page)
    # Halfway down the form (the treatment dates), the results are still on screen.
    page.locator("#id_last_chemotherapy").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 400)")
    assert page.evaluate("window.scrollY") > 900
    top = page.evaluate("document.getElementById('results-heading').getBoundingClientRect().top")
    assert 0 <= top < 450
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "clinician-desktop.png", full_page=False)
