"""The HLX43 contact form in Chromium: keyboard only, in English and Chinese, axe clean."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import Page, expect

from contact.models import ContactRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
HLX43 = "/trials/hlx43-recurrent-metastatic-npc/"
SITE_NAME = "HLX43 central study team (Shanghai Henlius Biotech)"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def tab_to(page: Page, element_id: str, limit: int = 40) -> None:
    """Press Tab until the element with this id has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hlx43_contact_form_by_keyboard_only(page: Page, seeded_live_server, language: str):
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(seeded_live_server.url + HLX43)
    link = page.locator(f'a[href="{HLX43}contact/"]').first  # the bar near the top
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#id_first_name")).to_be_visible()
    assert_accessible(page)

    # Sending it empty brings the error summary, which takes the focus.
    names = [("id_first_name", "Mei"), ("id_last_name", "<b>Chen</b>")]
    if language == "zh-hans":
        names.reverse()  # Chinese asks for the family name first
    tab_to(page, names[0][0])
    page.keyboard.type(names[0][1])
    page.keyboard.press("Tab")
    page.keyboard.type(names[1][1])
    page.keyboard.press("Tab")
    page.keyboard.type("mei.chen@example")
    page.keyboard.press("Tab")
    page.keyboard.type("138")
    tab_to(page, "send-message")
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)  # email, phone, consent
    expect(page.locator("#id_first_name")).to_have_value("Mei")
    expect(page.locator("#id_last_name")).to_have_value("<b>Chen</b>")
    assert_accessible(page)

    # Fix the mistakes, still by keyboard, and send.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the first link in the summary leads to the email field
    page.locator("#id_email").focus()
    page.keyboard.press("End")
    page.keyboard.type(".org")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("+86 138 0013 8000")
    page.keyboard.press("Tab")
    expect(page.locator("#id_other_language")).to_be_focused()
    page.keyboard.press("ArrowDown")  # Mandarin
    page.keyboard.press("ArrowDown")  # Cantonese
    tab_to(page, "id_message")
    page.keyboard.type("Can I join?")
    page.keyboard.press("Tab")
    expect(page.locator("#id_consent")).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, "send-message")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".contact-confirmation-text")).to_contain_text(SITE_NAME)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert re.search(r"/contact/sent/[0-9a-f-]{36}/$", page.url)
    assert_accessible(page)

    request = ContactRequest.objects.get()
    assert (request.first_name, request.last_name) == ("Mei", "<b>Chen</b>")
    assert request.email == "mei.chen@example.org"
    assert request.phone.as_e164 == "+8613800138000"
    assert request.other_language == "cantonese"
    assert request.language == language

    # Reloading the confirmation sends nothing again.
    page.reload()
    expect(page.locator(".contact-confirmation-text")).to_contain_text(SITE_NAME)
    assert ContactRequest.objects.count() == 1


def test_listing_the_nearest_site_first_by_keyboard_with_htmx(page: Page, seeded_live_server):
    from trials.models import Site, Trial

    trial = Trial.objects.get(slug="hlx43-recurrent-metastatic-npc")
    Site.objects.create(trial=trial, facility="Queen Mary Hospital", city="Hong Kong")
    Site.objects.create(trial=trial, facility="National Cancer Centre", country="Singapore")
    page.goto(seeded_live_server.url + HLX43 + "contact/")
    page.locator("#id_first_name").focus()
    page.keyboard.type("Mei")
    page.locator("#id_location").focus()
    page.keyboard.type("Singapore")
    page.keyboard.press("Tab")
    page.evaluate("window.samePage = true")
    page.keyboard.press("Enter")  # "List the nearest sites first", sent by htmx
    expect(page.locator("#site-field [role=status]")).to_be_visible()
    assert page.evaluate("window.samePage === true")  # swapped in place, not reloaded
    expect(page.locator("#id_site option:checked")).to_have_text(
        "National Cancer Centre (Singapore)"
    )
    expect(page.locator("#id_first_name")).to_have_value("Mei")  # only the sites were swapped
    assert_accessible(page)
