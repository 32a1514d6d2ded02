"""Trials near me in Chromium: the place question with Chinese input, then results with
distances, checked with axe. With SCREENSHOTS_DIR set, it saves the two screens there (the
README's pictures):
`SCREENSHOTS_DIR=docs/screenshots pytest tests/functional/test_places_browser.py`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from trials.models import Site, Trial
from trials.places import gazetteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")


def shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def make_trial(key: str, title: str, *sites: tuple[str, str, str]) -> None:
    trial = Trial.objects.create(
        nct_id=key, slug=key.lower(), brief_title=title, published=True, overall_status="RECRUITING"
    )
    for facility, city, country in sites:
        Site.objects.create(
            trial=trial, facility=facility, city=city, country=country, status="RECRUITING"
        )


def test_place_question_then_results_with_distances(page: Page, live_server: Any) -> None:
    make_trial(
        "NCT09800001",
        "A study with a site in Hong Kong",
        ("Queen Mary Hospital", "Hong Kong", "Hong Kong"),
        ("Peking University Cancer Hospital", "Beijing", "China"),
    )
    make_trial("NCT09800002", "A study in Beijing only", ("Peking Union", "Beijing", "China"))
    gazetteer()  # loaded once per process (a few seconds on a busy machine): before typing
    page.goto(f"{live_server.url}/match/")
    page.get_by_role("button", name="Start as a clinician").click()
    page.locator("input[name=age]").fill("52")
    page.get_by_role("button", name="Update results").click()
    expect(page.get_by_role("heading", name="Where is the patient?")).to_be_visible()

    page.goto(f"{live_server.url}/match/place/")
    page.get_by_label("Country or region").select_option("CN")
    page.get_by_label("City").fill("Guangzho")  # a typo, then suggestions
    expect(page.locator("#city-suggestions option[value=Guangzhou]")).to_have_count(
        1, timeout=15000
    )
    page.get_by_label("City").fill("广州")
    page.get_by_label("Up to 500 km").check()
    shoot(page, "place-question.png")
    violations = Axe().run(page)
    assert violations.violations_count == 0, violations.generate_report()

    page.get_by_role("button", name="Show my results").click()
    expect(
        page.get_by_text("Nearest recruiting site: Queen Mary Hospital, Hong Kong")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="No recruiting site within 500 km")).to_be_visible()
    expect(page.get_by_text("Distances from Guangzhou; sites up to 500 km away.")).to_be_visible()
    violations = Axe().run(page)
    assert violations.violations_count == 0, violations.generate_report()
    shoot(page, "results-with-distances.png")
