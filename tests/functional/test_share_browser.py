"""Saving results with a note and sharing them behind a passcode, in Chromium, axe clean."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
NOTE = "Questions for Dr Wong: is the biopsy from March recent enough?"
PASSCODE = "heron-river-7"


@pytest.fixture(autouse=True)
def fast_passcodes(settings):
    """Passcode hashing at full strength takes a second per check; the rules are the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


def assert_accessible(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def press(page: Page, locator) -> None:
    locator.focus()
    page.keyboard.press("Enter")


def test_save_with_a_note_share_and_open_with_the_passcode(
    page: Page, browser: Browser, seeded_live_server
):
    page.set_viewport_size({"width": 390, "height": 900})
    url = seeded_live_server.url
    page.goto(url + "/match/")
    press(page, page.get_by_role("button", name="Start as a patient or carer"))
    page.get_by_label("What kind of cancer do you have?").select_option("NPC")
    press(page, page.get_by_role("button", name="Continue"))
    expect(page.locator("#question-heading")).not_to_have_text("What kind of cancer do you have?")
    page.goto(url + "/match/results/")

    # Keep these results: save them with a note, by keyboard.
    keep = page.get_by_role("region", name="Keep these results")
    expect(keep).to_be_visible()
    assert_accessible(page)
    press(page, keep.get_by_role("link", name="Save with a note"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your results")
    assert_accessible(page)
    page.get_by_label("Your private note").focus()
    page.keyboard.type(NOTE)
    page.locator("#id_consent").focus()
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="Save my results"))

    expect(page.get_by_role("heading", name="Bookmark this link")).to_be_visible()
    owner_url = page.locator("#owner-link").input_value()
    assert re.fullmatch(rf"{re.escape(url)}/saved/[\w-]{{43}}/", owner_url)
    assert page.url == owner_url
    expect(page.get_by_role("textbox", name="Your private note")).to_have_value(NOTE)
    assert_accessible(page)

    # A share link with a passcode of the person's choosing.
    page.get_by_label("Choose a passcode").focus()
    page.keyboard.type(PASSCODE)
    press(page, page.get_by_role("button", name="Create a share link"))
    share_url = page.locator("#new-share-link").input_value()
    assert re.fullmatch(rf"{re.escape(url)}/shared/[\w-]{{43}}/", share_url)
    expect(page.get_by_role("table", name="Your share links")).to_contain_text("Active")
    assert_accessible(page)

    # The doctor opens it in a browser of their own, and types the passcode.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    doctor = context.new_page()
    doctor.goto(share_url)
    expect(doctor.get_by_role("heading", level=1)).to_have_text("Shared trial results")
    expect(doctor.get_by_text(NOTE)).to_have_count(0)
    assert_accessible(doctor)
    doctor.get_by_label("Passcode").focus()
    doctor.keyboard.type("not-the-passcode")
    doctor.keyboard.press("Enter")
    summary = doctor.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("You can try 4 more times")
    assert_accessible(doctor)
    doctor.get_by_label("Passcode").focus()
    doctor.keyboard.type(PASSCODE)
    doctor.keyboard.press("Enter")

    expect(doctor.get_by_role("heading", level=1)).to_have_text("Trial results shared with you")
    expect(doctor.get_by_text(NOTE)).to_be_visible()
    expect(doctor.locator(".answer-list")).to_contain_text("Nasopharyngeal carcinoma")
    hlx43 = doctor.locator(".result-card", has_text="HLX43")
    expect(hlx43.locator(".badge")).to_be_visible()
    hlx43.locator("summary").focus()
    doctor.keyboard.press("Enter")
    expect(hlx43.locator(".criteria-check li").first).to_be_visible()
    assert_accessible(doctor)

    # The print view: every criterion open, and a print button that JavaScript brings.
    press(doctor, doctor.get_by_role("link", name="Print view"))
    expect(doctor.get_by_role("button", name="Print")).to_be_visible()
    expect(doctor.locator("details.criteria-details[open]").first).to_be_visible()
    expect(doctor.get_by_text(NOTE)).to_be_visible()
    assert_accessible(doctor)
    context.close()
