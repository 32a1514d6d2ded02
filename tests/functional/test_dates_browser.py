"""The treatment-dates step on a phone in Chromium: dates only for the treatments ticked,
in the language's order, with axe on the step in English and Chinese. With SCREENSHOTS_DIR
set, it saves the step there (the README's pictures):
`SCREENSHOTS_DIR=docs/screenshots pytest tests/functional/test_dates_browser.py`.
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
SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")
PHONE: ViewportSize = {"width": 390, "height": 844}


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def step_id(page: Page) -> str:
    return page.locator("#question-panel input[name=step]").get_attribute("value") or ""


def continue_(page: Page, button: str = "button[type=submit]:not([name])") -> None:
    """Submit the question form and wait until htmx has swapped in the next panel."""
    page.evaluate("document.getElementById('question-panel').dataset.stale = 'yes'")
    page.locator(f"#question-panel form.question-form {button}").click()
    page.wait_for_function("() => !document.querySelector('#question-panel[data-stale]')")


def reach_the_dates(page: Page, server: Any, language: str) -> None:
    """Begin as a patient with NPC and answer I'm not sure until the dates step comes."""
    page.set_viewport_size(PHONE)
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(server.url + "/match/")
    page.locator("form:has(input[value=patient]) button").click()
    page.wait_for_url(re.compile(r"/match/question/"))
    for _ in range(25):
        step = step_id(page)
        if step == "last_treatment":
            return
        if step == "diagnosis":
            page.locator("#id_answer").select_option("NPC")
            continue_(page)
        elif page.locator("#question-panel button[name=unsure]").count():
            continue_(page, "button[name=unsure]")
        else:
            page.locator("#question-panel input[value=unsure]").check()
            continue_(page)
    raise AssertionError("the questionnaire asked no dates")


def visible_date_rows(page: Page) -> list[str]:
    rows = page.locator(".treatment").filter(has=page.locator(".treatment-when:visible"))
    return [row.locator("input[name=had]").get_attribute("value") or "" for row in rows.all()]


def test_the_dates_step_asks_only_for_the_treatments_ticked(page: Page, seeded_live_server):
    reach_the_dates(page, seeded_live_server, "en")
    expect(page.locator("#question-heading")).to_contain_text("Which of these treatments")
    # Nothing ticked: a short checklist, no date boxes at all.
    assert visible_date_rows(page) == []
    expect(page.locator("input[name=chemotherapy_year]")).to_be_hidden()
    assert_accessible(page)

    page.locator("input[name=had][value=chemotherapy]").check()
    page.locator("input[name=had][value=radiotherapy]").check()
    assert visible_date_rows(page) == ["chemotherapy", "radiotherapy"]
    expect(page.get_by_label("Day (optional)").first).to_be_visible()

    # English order: day, month, year, left to right.
    row = page.locator(".treatment:has(input[value=chemotherapy])")
    xs = [row.locator(f".date-part-{part}").bounding_box() for part in ("day", "month", "year")]
    assert all(box is not None for box in xs)
    assert xs[0]["x"] < xs[1]["x"] < xs[2]["x"]  # type: ignore[index]

    page.locator("#id_chemotherapy_1").select_option("3")
    page.locator("#id_chemotherapy_2").fill("2025")
    page.locator("#id_radiotherapy_unknown").check()
    shoot(page, "dates-step-phone.png")
    assert_accessible(page)

    # An unticked row's boxes are hidden and unused; a ticked row's error is shown by its boxes.
    page.locator("#id_chemotherapy_2").fill("20x5")
    continue_(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_chemotherapy_error")).to_contain_text("four digits")
    expect(page.locator("#id_chemotherapy_2")).to_have_value("20x5")
    assert visible_date_rows(page) == ["chemotherapy", "radiotherapy"]
    assert_accessible(page)

    page.locator("#id_chemotherapy_2").fill("2025")
    continue_(page)
    assert step_id(page) != "last_treatment"

    # Back on the step: what was ticked is ticked, the rest not, the day still empty.
    page.goto(seeded_live_server.url + "/match/question/?step=last_treatment")
    assert visible_date_rows(page) == ["chemotherapy"]
    expect(page.locator("#id_chemotherapy_1")).to_have_value("3")
    expect(page.locator("#id_chemotherapy_2")).to_have_value("2025")
    expect(page.locator("#id_chemotherapy_0")).to_have_value("")


def test_the_chinese_dates_step_reads_year_month_day(page: Page, seeded_live_server):
    reach_the_dates(page, seeded_live_server, "zh-hans")
    expect(page.locator("#question-heading")).to_contain_text("您接受过以下哪些治疗")
    assert_accessible(page)
    page.locator("input[name=had][value=immunotherapy]").check()
    assert visible_date_rows(page) == ["immunotherapy"]
    row = page.locator(".treatment:has(input[value=immunotherapy])")
    labels = [row.locator(f".date-part-{part} label") for part in ("year", "month", "day")]
    assert [label.inner_text() for label in labels] == ["年", "月", "日（选填）"]
    boxes = [label.bounding_box() for label in labels]
    assert all(box is not None for box in boxes)
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]  # type: ignore[index]
    page.locator("#id_immunotherapy_2").fill("2026")
    page.locator("#id_immunotherapy_1").select_option("9")
    shoot(page, "dates-step-phone-zh.png")
    assert_accessible(page)
