"""The patient questionnaire in Chromium: keyboard only, htmx swaps, axe on every step."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def heading(page: Page) -> str:
    return page.locator("#question-heading").inner_text().strip()


def choose(page: Page, *labels: str) -> None:
    """Tick or pick choices by keyboard: focus each, press Space."""
    for label in labels:
        page.get_by_label(label, exact=True).focus()
        page.keyboard.press("Space")


def submit(page: Page) -> None:
    """Continue, by keyboard, and wait until htmx has swapped in a new panel (or left the page)."""
    page.evaluate("document.getElementById('question-panel').dataset.stale = 'yes'")
    page.locator("#question-panel form.question-form button[type=submit]:not([name])").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('#question-panel[data-stale]')")


def press(page: Page, selector: str, key: str = "Space") -> None:
    """Focus a control and press a key on it, as a keyboard user would."""
    page.locator(selector).focus()
    page.keyboard.press(key)


def type_into(page: Page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


@pytest.mark.parametrize(("language", "width"), [("en", 390), ("en", 1280), ("zh-hans", 390)])
def test_patient_walks_to_hlx43_by_keyboard(
    page: Page, seeded_live_server, language: str, width: int
):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(seeded_live_server.url + "/match/")
    assert_accessible(page)
    press(page, "form:has(input[value=patient]) button", "Enter")
    page.wait_for_url(re.compile(r"/match/question/diagnosis/$"))

    asked: list[str] = []
    for _ in range(20):
        if page.url.endswith("/match/results/"):
            break
        if page.url.endswith("/match/question/place/"):
            # Where the person is comes last; then "Check your answers", then the results.
            assert_accessible(page)
            press(page, "button[name=skip]", "Enter")
            page.wait_for_url(re.compile(r"/match/check/$"))
            assert_accessible(page)
            press(page, ".check-answers a.button", "Enter")
            page.wait_for_url(re.compile(r"/match/results/$"))
            break
        step = page.locator("#question-panel input[name=step]").get_attribute("value") or ""
        assert step not in asked
        asked.append(step)
        if len(asked) > 1:  # after an htmx swap, focus moves to the new question
            expect(page.locator("#question-heading")).to_be_focused()
        assert_accessible(page)
        match step:
            case "diagnosis":
                page.locator("#id_answer").focus()
                page.keyboard.type(
                    "N"
                )  # the select's type-ahead: Nasopharyngeal / 鼻咽癌 sorts late
                page.locator("#id_answer").select_option("NPC")
            case "disease_status" | "prior_therapies":
                press(page, "#id_answer_0")
                press(page, "#id_answer_1")
            case "age":
                type_into(page, "#id_answer", "52")
            case "prior_systemic_lines":
                type_into(page, "#id_answer", "2")
            case "life_expectancy_months":
                type_into(page, "#id_answer", "12")
            case "ecog":
                press(page, "#id_answer_1")
            case "checklist":
                press(page, "#id_none")
            case "last_treatment":
                press(page, "#id_none")
            case _:
                press(page, "#id_answer_0")  # Yes
        submit(page)
    assert len(asked) <= 15
    expect(page.locator("h1")).to_have_attribute("id", "results-heading")
    card = page.locator(
        ".result-card", has=page.locator("a[href$='hlx43-recurrent-metastatic-npc/']")
    )
    expect(card.locator(".badge")).to_have_class(re.compile("badge-likely_eligible"))
    expect(card.locator("a.button")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=f"test-results/results-{language}-{width}.png", full_page=True)


def test_questionnaire_works_without_javascript(browser, seeded_live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_live_server.url + "/match/")
    page.get_by_role("button", name="Start as a patient or carer").click()
    page.get_by_label("What kind of cancer do you have?").select_option("BREAST")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#question-heading")).to_have_text("Where is the cancer now?")
    page.get_by_role("button", name="I'm not sure").click()
    expect(page.locator("#question-heading")).not_to_have_text("Where is the cancer now?")
    page.get_by_role("link", name="Back").click()
    expect(page.locator("#question-heading")).to_have_text("Where is the cancer now?")
    context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_clinician_page_updates_results_as_fields_change(page: Page, seeded_live_server, language):
    """Keyboard only: each change posts the form with htmx and the results follow."""
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(seeded_live_server.url + "/match/")
    press(page, "form:has(input[value=clinician]) button", "Enter")
    page.wait_for_url(re.compile(r"/match/clinician/$"))
    assert_accessible(page)
    expect(page.locator("#results .badge")).to_have_count(0)
    type_into(page, "#id_age", "61")
    page.keyboard.press("Tab")  # leaving the field fires its change
    expect(page.locator("#results .badge").first).to_be_visible()
    # Stage IV breast cancer, by keyboard: the trials for head and neck cancer drop out.
    page.locator("#id_diagnosis").focus()
    while page.locator("#id_diagnosis").input_value() != "BREAST":
        page.keyboard.press("ArrowDown")
    # The ruled-out group is counted and folded; its trials load on demand, through htmx.
    expect(page.locator("#results .verdict-not_eligible h2 .count")).to_have_text("(2)")
    expect(page.locator("#results .verdict-not_eligible .result-card")).to_have_count(0)
    press(page, "#results .verdict-not_eligible summary")
    press(page, "#results .verdict-not_eligible details a", "Enter")
    expect(page.locator("#results .verdict-not_eligible .result-card")).to_have_count(2)
    assert_accessible(page)
    press(page, "#id_disease_status_1")  # metastatic
    type_into(page, "#id_prior_systemic_lines", "1")
    page.keyboard.press("Tab")
    # IBB0979 (any solid tumour) stays; only its summary is published, so at best "possibly".
    expect(page.locator("#results .verdict-possibly_eligible .result-card")).to_have_count(1)
    expect(page.locator("#results .verdict-possibly_eligible .note-coverage")).to_have_count(1)
    assert_accessible(page)
