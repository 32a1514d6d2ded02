"""Moving around the questionnaire on a phone, in Chromium at 390 px wide: the browser's Back
and Forward between questions, Start over that asks first, and "Check your answers".

With SCREENSHOTS_DIR set, it saves the check-answers page, a question opened from it and the
start-over question in English and Chinese there (the README's pictures):
`SCREENSHOTS_DIR=docs/screenshots pytest tests/functional/test_questionnaire_history_browser.py`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, ViewportSize, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
PHONE: ViewportSize = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")
SUFFIX = {"en": "", "zh-hans": "-zh"}


def shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def on_phone(page: Page, language: str = "en") -> None:
    page.set_viewport_size(PHONE)
    page.context.set_extra_http_headers({"Accept-Language": language})


def step_of(page: Page) -> str:
    return page.locator("#question-panel input[name=step]").get_attribute("value") or ""


def tap(page: Page, selector: str) -> None:
    """One tap: on a link or a button."""
    page.locator(selector).click()


def continue_(page: Page) -> None:
    """Tap Continue (or Save) and wait until a new screen has replaced this one."""
    page.evaluate("document.getElementById('question-panel').dataset.stale = 'yes'")
    tap(page, "#question-panel form.question-form button[type=submit]:not([name])")
    page.wait_for_function("() => !document.querySelector('#question-panel[data-stale]')")


def begin(page: Page, base: str) -> None:
    page.goto(base + "/match/")
    tap(page, "form:has(input[value=patient]) button")
    page.wait_for_url(re.compile(r"/match/question/diagnosis/$"))


def test_back_and_forward_move_between_questions_and_keep_the_answers(
    page: Page, seeded_live_server: Any
) -> None:
    on_phone(page)
    base = seeded_live_server.url
    begin(page, base)
    page.locator("#id_answer").select_option("NPC")
    continue_(page)
    expect(page).to_have_url(re.compile(r"/match/question/disease_status/$"))
    page.locator("input[value=metastatic]").check()
    continue_(page)
    third = page.url
    assert not third.endswith("/disease_status/")
    third_step = step_of(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/match/question/disease_status/$"))
    expect(page.locator("#question-heading")).to_have_text("Where is the cancer now?")
    expect(page.locator("input[value=metastatic]")).to_be_checked()
    expect(page.locator("input[value=recurrent]")).not_to_be_checked()

    page.go_back()
    expect(page).to_have_url(re.compile(r"/match/question/diagnosis/$"))
    expect(page.locator("#question-heading")).to_have_text("What kind of cancer do you have?")
    expect(page.locator("#id_answer")).to_have_value("NPC")
    assert_accessible(page)

    page.go_forward()
    expect(page).to_have_url(re.compile(r"/match/question/disease_status/$"))
    expect(page.locator("input[value=metastatic]")).to_be_checked()
    page.go_forward()
    expect(page).to_have_url(third)
    expect(page.locator("#question-panel input[name=step]")).to_have_value(third_step)

    # The Back link at the top of the question does the same, and keeps the answer too.
    tap(page, ".back-link")
    expect(page).to_have_url(re.compile(r"/match/question/disease_status/$"))
    expect(page.locator("input[value=metastatic]")).to_be_checked()
    assert_accessible(page)


def test_back_and_forward_work_without_javascript(browser: Any, seeded_live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    base = seeded_live_server.url
    begin(page, base)
    page.locator("#id_answer").select_option("NPC")
    tap(page, "form.question-form button[type=submit]:not([name])")
    expect(page).to_have_url(re.compile(r"/match/question/disease_status/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/match/question/diagnosis/$"))
    expect(page.locator("#id_answer")).to_have_value("NPC")
    page.go_forward()
    expect(page).to_have_url(re.compile(r"/match/question/disease_status/$"))
    context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_start_over_asks_first_and_cancelling_keeps_the_answers(
    page: Page, seeded_live_server: Any, language: str
) -> None:
    on_phone(page, language)
    base = seeded_live_server.url
    begin(page, base)
    page.locator("#id_answer").select_option("NPC")
    continue_(page)
    expect(page).to_have_url(re.compile(r"/match/question/disease_status/$"))

    tap(page, ".start-over-row a")
    expect(page).to_have_url(re.compile(r"/match/start-over/$"))
    expect(page.locator("#confirm-heading")).to_be_visible()
    assert_accessible(page)
    shoot(page, f"start-over-phone{SUFFIX[language]}.png")

    # "No, keep my answers": back to the question reached, every answer still there.
    tap(page, ".confirm-panel a.button")
    expect(page).to_have_url(re.compile(r"/match/question/disease_status/$"))
    tap(page, ".back-link")
    expect(page.locator("#id_answer")).to_have_value("NPC")

    # The start page (where the phone's Back used to lead) offers to carry on; its start
    # button asks before deleting anything.
    page.goto(base + "/match/")
    expect(page.locator(".resume-panel a[href='/match/continue/']")).to_be_visible()
    assert_accessible(page)
    tap(page, ".resume-panel a[href='/match/continue/']")
    expect(page).to_have_url(re.compile(r"/match/question/disease_status/$"))
    page.goto(base + "/match/")
    tap(page, "form:has(input[value=patient]) button")
    expect(page).to_have_url(re.compile(r"/match/start-over/\?mode=patient&from=start$"))
    tap(page, ".confirm-panel a.button")
    expect(page).to_have_url(re.compile(r"/match/$"))
    expect(page.locator(".resume-panel")).to_be_visible()

    # Confirmed, it starts again with nothing filled in.
    tap(page, "form:has(input[value=patient]) button")
    tap(page, "form.confirm-delete button")
    expect(page).to_have_url(re.compile(r"/match/question/diagnosis/$"))
    expect(page.locator("#id_answer")).to_have_value("")


def answer_a_short_questionnaire(page: Page, base: str) -> None:
    """Breast cancer rules out two seed trials: three questions, then where you are."""
    begin(page, base)
    page.locator("#id_answer").select_option("BREAST")
    continue_(page)
    page.locator("input[value=metastatic]").check()
    continue_(page)
    expect(page).to_have_url(re.compile(r"/match/question/prior_systemic_lines/$"))
    page.locator("#id_answer").fill("1")
    continue_(page)
    expect(page).to_have_url(re.compile(r"/match/question/place/$"))
    assert_accessible(page)
    tap(page, "button[name=skip]")
    page.wait_for_url(re.compile(r"/match/check/$"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_check_your_answers_changes_one_answer_in_two_taps(
    page: Page, seeded_live_server: Any, language: str
) -> None:
    on_phone(page, language)
    base = seeded_live_server.url
    answer_a_short_questionnaire(page, base)
    rows = page.locator(".summary-row")
    expect(rows).to_have_count(4)  # three questions and the place
    lines = rows.filter(
        has=page.locator("a[href='/match/question/prior_systemic_lines/?next=check']")
    )
    expect(lines.locator(".summary-value")).to_have_text("1")
    diagnosis = rows.filter(has=page.locator("a[href^='/match/question/diagnosis/']"))
    expect(diagnosis.locator(".summary-value")).to_have_text(
        "Breast" if language == "en" else "乳腺肿瘤"
    )
    assert_accessible(page)
    shoot(page, f"check-answers-phone{SUFFIX[language]}.png")

    # Tap 1: Change. The question opens with its answer filled in.
    tap(page, "a[href='/match/question/prior_systemic_lines/?next=check']")
    expect(page.locator("#id_answer")).to_have_value("1")
    assert_accessible(page)
    shoot(page, f"change-answer-phone{SUFFIX[language]}.png")
    page.locator("#id_answer").fill("3")
    # Tap 2: Save and go back.
    tap(page, "form.question-form button[type=submit]:not([name])")
    page.wait_for_url(re.compile(r"/match/check/$"))
    expect(lines.locator(".summary-value")).to_have_text("3")
    expect(rows).to_have_count(4)

    # The results lead back here to change answers.
    tap(page, ".check-answers a.button")
    page.wait_for_url(re.compile(r"/match/results/$"))
    tap(page, "a[href='/match/check/']")
    page.wait_for_url(re.compile(r"/match/check/$"))
    expect(lines.locator(".summary-value")).to_have_text("3")
