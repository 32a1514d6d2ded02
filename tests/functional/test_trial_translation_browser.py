"""The HLX43 trial page in Chinese on a phone (390 px wide), in Chromium: the site's translation
with its note, the way back to the English original, and no axe violations in either language.
With SCREENSHOTS_DIR set, it saves the Chinese page there (the README's picture):
`SCREENSHOTS_DIR=docs/screenshots pytest tests/functional/test_trial_translation_browser.py`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")
HLX43 = "/trials/hlx43-recurrent-metastatic-npc/"
TITLE_ZH = "一项评估 HLX43 用于二线治疗失败或不耐受的复发/转移性鼻咽癌受试者的 II 期研究"
TITLE_EN = (
    "A Phase II Study to Evaluate HLX43 in Subjects With Recurrent/Metastatic Nasopharyngeal "
    "Carcinoma Failed or Intolerance to Second-line Therapy"
)


def shoot(page: Page, name: str) -> None:
    """The phone's screen as it is (not the whole page), as the README shows it."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / name))


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_chinese_hlx43_page_shows_the_translation_and_its_note(
    page: Page, seeded_live_server: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.set_extra_http_headers({"Accept-Language": "zh-hans"})
    page.goto(seeded_live_server.url + HLX43)

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(TITLE_ZH)
    expect(heading).to_have_attribute("lang", "zh-Hans")
    note = page.get_by_role("note").filter(has_text="本站自行翻译")
    expect(note).to_be_visible()
    expect(note).to_contain_text("以英文研究方案为准")
    expect(page.locator("#eligibility li").filter(has_text="预期生存期 ≥ 3 个月")).to_be_visible()
    expect(page.get_by_role("heading", name="HLX43 中央研究团队")).to_be_visible()
    shoot(page, "trial-phone-zh.png")
    assert_accessible(page)

    page.goto(seeded_live_server.url + HLX43 + "#eligibility")
    expect(page.get_by_role("heading", name="参加条件", level=2)).to_be_in_viewport()
    shoot(page, "trial-phone-zh-eligibility.png")

    page.get_by_role("button", name="显示英文原文").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    expect(page.locator(".note-translation")).to_have_count(0)
    assert page.url == seeded_live_server.url + HLX43
    assert_accessible(page)
