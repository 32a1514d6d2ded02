"""Browsing the catalogue in a real browser, by keyboard, with axe checking every page."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

AXE = Axe()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_catalogue_pages_have_no_axe_violations(
    page: Page, seeded_live_server, width: int, language: str
):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.set_extra_http_headers({"Accept-Language": language})
    for path in [
        "/",
        "/trials/",
        "/trials/?condition=NPC",
        "/trials/?phase=BAD",
        "/trials/hlx43-recurrent-metastatic-npc/",
        "/trials/no-such-trial/",
    ]:
        page.goto(seeded_live_server.url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)


def test_find_hlx43_by_keyboard_and_switch_to_chinese(page: Page, seeded_live_server):
    page.goto(seeded_live_server.url + "/trials/")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Search").focus()
    page.keyboard.type("HLX43")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 trial found")
    link = page.get_by_role("link", name=re.compile("HLX43"))
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("HLX43")
    expect(page.locator("#eligibility ol").first.locator("li")).to_have_count(11)
    expect(page.locator("#eligibility ol").nth(1).locator("li")).to_have_count(20)

    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="研究详情")).to_be_visible()
    assert_accessible(page)
