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
    page.get_by_role("button", name="Continue").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('#question-panel[data-stale]')")


@pytest.mark.parametrize("width", [390, 1280])
def test_patient_walks_to_hlx43_by_keyboard(page: Page, seeded_live_server, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(seeded_live_server.url + "/match/")
    assert_accessible(page)
    page.get_by_role("button", name="Start as a patient or carer").focus()
    page.keyboard.press("Enter")

    answers = {
        "What kind of cancer do you have?": lambda: page.get_by_label(
            "What kind of cancer do you have?"
        ).select_option("NPC"),
        "Where is the cancer now?": lambda: choose(
            page, "Come back after treatment", "Spread to other parts of the body"
        ),
        "How old are you?": lambda: page.get_by_label("How old are you?").fill("52"),
        "Which of these best describes how you manage day to day?": lambda: choose(
            page,
            "Restricted in strenuous activity but up and about and able to do light work, "
            "such as house or office work.",
        ),
        "Do any of these apply to you?": lambda: choose(page, "None of these apply to me"),
    }
    asked = []
    for _ in range(20):
        if "/match/results/" in page.url:
            break
        title = heading(page)
        assert title not in asked
        asked.append(title)
        if len(asked) > 1:  # after an htmx swap, focus moves to the new question
            expect(page.locator("#question-heading")).to_be_focused()
        assert_accessible(page)
        if title in answers:
            answers[title]()
        elif title.startswith("How many lines"):
            page.get_by_label(title).fill("2")
        elif title.startswith("Which of these treatments"):
            choose(page, "Chemotherapy with a platinum drug (such as cisplatin or carboplatin)")
            choose(page, "Immunotherapy with a PD-1 or PD-L1 drug (such as toripalimab)")
        elif title.startswith("When did you last have"):
            for box in page.get_by_label("Never had it").all():
                box.focus()
                page.keyboard.press("Space")
        elif title.startswith("How many months"):
            page.get_by_label(title).fill("12")
        else:
            choose(page, "Yes")
        if page.url.endswith("/match/results/"):
            break
        submit(page)
        if page.locator("#question-panel").count() == 0:
            page.wait_for_url(re.compile(r"/match/results/$"))
            break
    assert len(asked) <= 15
    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    card = page.locator(".result-card", has_text="HLX43")
    expect(card.locator(".badge")).to_contain_text("Likely eligible")
    expect(card.get_by_role("link", name="Contact the study team")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=f"test-results/results-{width}.png", full_page=True)


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
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(seeded_live_server.url + "/match/")
    page.locator("form", has=page.locator("input[value=clinician]")).get_by_role("button").click()
    assert_accessible(page)
    page.locator("#id_diagnosis").select_option("LYMPH")
    expect(page.locator("#results .badge").first).to_be_visible()
    expect(page.locator("#results .verdict-not_eligible")).to_be_visible()
    assert_accessible(page)
