"""From the results to a trial's page on a phone (390 px wide) in Chromium: the person's result
for the trial is shown, the contact button is on screen without scrolling and stays there in a
bar that hides nothing at the end, and the way back leads to the trial's card. Checked with axe
in English and Chinese. With SCREENSHOTS_DIR set, it saves what the phone shows there:
`SCREENSHOTS_DIR=docs/screenshots pytest tests/functional/test_trial_page_browser.py`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import FloatRect, Page, ViewportSize, expect

from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")
HLX43 = "/trials/hlx43-recurrent-metastatic-npc/"
HLX43_KEY = "NCT06839066"
PHONE: ViewportSize = {"width": 390, "height": 844}


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def box(page: Page, selector: str) -> FloatRect:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


@pytest.mark.parametrize(("language", "shot"), [("en", ""), ("zh-hans", "-zh")])
def test_from_results_to_the_trial_page_on_a_phone(
    page: Page, seeded_live_server: Any, language: str, shot: str
) -> None:
    # Answer the questionnaire (the server's own forms), then carry on in the browser.
    client = Client()
    walk(client, THIRD_LINE_NPC)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": seeded_live_server.url,
            }
        ]
    )
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.set_viewport_size(PHONE)

    page.goto(f"{seeded_live_server.url}/match/results/")
    card = page.locator(f"#trial-{HLX43_KEY}")
    verdict = card.locator(".badge").inner_text().strip()
    card.locator(f'a[href="{HLX43}"]').click()
    page.wait_for_url(re.compile(re.escape(HLX43) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", language)

    # The person's result, as on the card, at the top of the page.
    fit = page.locator(".trial-fit")
    expect(fit.locator(".badge")).to_have_text(verdict)
    expect(fit.locator(".badge")).to_be_in_viewport()

    # The contact button is on screen without scrolling, in the bar at the foot of the screen.
    assert page.evaluate("window.scrollY") == 0
    button = page.locator("#contact-bar a.button")
    expect(button).to_be_visible()
    expect(button).to_be_in_viewport()
    bar = box(page, "#contact-bar")
    assert bar["y"] + bar["height"] <= PHONE["height"] + 1
    assert bar["y"] > PHONE["height"] / 2  # at the foot, not over the title
    # In the HTML it comes before the criteria (the reading order of screen readers).
    assert page.evaluate(
        "document.getElementById('contact-bar').compareDocumentPosition("
        "document.getElementById('eligibility')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"trial-from-results-phone{shot}.png"))
    assert_accessible(page)

    # Half-way down the criteria it is still on screen.
    page.locator("#eligibility-heading").scroll_into_view_if_needed()
    page.mouse.wheel(0, 1500)
    # Functions, not expression strings: the page's CSP forbids the eval an expression needs.
    page.wait_for_function("() => window.scrollY > 1000")
    expect(button).to_be_in_viewport()

    # At the end it sits below the last section: it covers nothing.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function(
        "() => Math.ceil(window.scrollY + window.innerHeight)"
        " >= document.documentElement.scrollHeight"
    )
    last = box(page, "article.trial > section:last-of-type")
    bar = box(page, "#contact-bar")
    assert last["y"] + last["height"] <= bar["y"] + 1

    # And the way back leads to the trial's card on the results.
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("a.back-link").click()
    page.wait_for_url(re.compile(rf"/match/results/#trial-{HLX43_KEY}$"))
    expect(page.locator(f"#trial-{HLX43_KEY}")).to_be_in_viewport()


def test_without_answers_the_phone_page_offers_to_check(page: Page, seeded_live_server: Any):
    page.set_viewport_size(PHONE)
    page.goto(seeded_live_server.url + HLX43)
    expect(page.locator(".trial-fit .badge")).to_have_count(0)
    expect(page.get_by_role("link", name="Check whether I may be eligible")).to_be_visible()
    expect(page.locator("#contact-bar a.button")).to_be_in_viewport()
    assert_accessible(page)
