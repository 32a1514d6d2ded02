"""The coordinators' admin in Chromium at 1280 x 800: the request list fits without a sideways
scroll, and axe finds nothing on the list and on a request, in English and in Chinese. With
SCREENSHOTS_DIR set, it saves the screens there (the README's pictures):
`SCREENSHOTS_DIR=docs/screenshots pytest tests/functional/test_coordinator_admin_browser.py`.
"""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from contact import emails
from contact.coordinators import setup_coordinators_group
from contact.models import ContactRequest
from trials.models import Site, Trial

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR", "")
ADMIN = "/admin/contact/contactrequest/"

SUMMARY = {
    "as_of": "2026-03-02",
    "mode": "patient",
    "answers": {"age": 52, "diagnosis": "NPC", "histology_confirmed": True, "ecog": 1},
    "answered_on": {"age": "2026-03-01", "histology_confirmed": "2026-02-27", "ecog": "2026-03-01"},
    "trial": "NCT09900002",
    "verdict": "possibly_eligible",
    "score": 0.9756,
    "eligible_from": None,
    "criteria": [
        {
            "kind": "inclusion",
            "status": "pass",
            "answer_key": "histology_confirmed",
            "reasons": {"en": "Histology confirmed.", "zh-hans": "已经病理确诊。"},
            "text": "Histologically confirmed non-keratinizing nasopharyngeal carcinoma.",
        },
        {
            "kind": "inclusion",
            "status": "pass",
            "answer_key": "ecog",
            "reasons": {"en": "ECOG 1 is within 0-1.", "zh-hans": "ECOG 1 在 0-1 之内。"},
            "text": "ECOG performance status 0-1.",
        },
        *(
            {
                "kind": "exclusion",
                "status": "unknown",
                "answer_key": None,
                "reasons": {
                    "en": "Not computable; for the study team to check.",
                    "zh-hans": "无法自动判断，由研究团队核实。",
                },
                "text": text,
            }
            for text in (
                "Uncontrolled pleural effusion requiring repeated drainage.",
                "Active hepatitis B or C infection.",
                "Pregnant or breastfeeding.",
            )
        ),
    ],
}


def shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def make_world() -> tuple[User, ContactRequest]:
    group = setup_coordinators_group(apps)
    trial = Trial.objects.create(
        nct_id="NCT09900002",
        slug="nct09900002",
        brief_title="A study of a new treatment for nasopharyngeal carcinoma",
        published=True,
        overall_status="RECRUITING",
    )
    sites = [
        Site.objects.create(
            trial=trial, facility=facility, city=city, country="China", status="RECRUITING"
        )
        for facility, city in (
            ("Sun Yat-sen University Cancer Center, Department of Nasopharyngeal", "Guangzhou"),
            ("Peking University Cancer Hospital & Institute", "Beijing"),
        )
    ]
    user = User.objects.create_user("lin", "lin@hospital.example", None, is_staff=True)
    user.groups.add(group)
    for site in sites:
        site.coordinators.add(user)
    people = [
        ("美", "陈", ContactRequest.Status.NEW, 9),
        ("Wei", "Zhang", ContactRequest.Status.NEW, 0),
        ("Siu Ming", "Wong", ContactRequest.Status.CONTACTED, 3),
        ("Alexandra", "Montgomery-Featherstonehaugh", ContactRequest.Status.REFERRED, 20),
        ("晓东", "欧阳", ContactRequest.Status.NOT_ELIGIBLE, 30),
    ]
    shown = None
    for index, (given, family, status, days) in enumerate(people):
        request = ContactRequest.objects.create(
            trial=trial,
            site=sites[index % 2],
            first_name=given,
            last_name=family,
            email=f"person{index}@example.org",
            phone="+8613800138000",
            consent_text="I agree",
            consented_at=timezone.now(),
            language="zh-hans",
            form_token=uuid.uuid4(),
            status=status,
            closing_reason="ECOG 3" if status == ContactRequest.Status.NOT_ELIGIBLE else "",
            prescreen_summary=SUMMARY if index == 0 else None,
            message="我想了解这个研究。" if index == 0 else "",
        )
        ContactRequest.objects.filter(pk=request.pk).update(
            created_at=timezone.now() - timedelta(days=days)
        )
        emails.queue_emails(request)
        shown = shown or request
    assert shown is not None
    return user, shown


def log_in(page: Page, live_server: Any, user: User, language: str) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_extra_http_headers({"Accept-Language": language})
    page.set_viewport_size({"width": 1280, "height": 800})


def assert_accessible(page: Page) -> None:
    violations = Axe().run(page)
    assert violations.violations_count == 0, violations.generate_report()


@pytest.mark.parametrize(("language", "suffix"), [("en", ""), ("zh-hans", "-zh")])
def test_the_request_list_fits_1280_pixels_and_both_pages_pass_axe(
    page: Page, live_server: Any, language: str, suffix: str
) -> None:
    user, shown = make_world()
    log_in(page, live_server, user, language)

    page.goto(live_server.url + ADMIN)
    expect(page.locator("#result_list tbody tr")).to_have_count(5)
    widths = page.evaluate(
        """() => {
            const table = document.querySelector('#result_list');
            const box = table.closest('.results');
            return [table.scrollWidth, box.clientWidth, document.documentElement.scrollWidth];
        }"""
    )
    table_width, container_width, page_width = widths
    assert table_width <= container_width, widths
    assert page_width <= 1280, widths
    # The columns that matter are on screen without scrolling.
    for column in ("status_and_wait", "email_state"):
        box = page.locator(f"#result_list th.column-{column}").bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 1280
    assert_accessible(page)
    shoot(page, f"coordinator-list{suffix}.png")

    page.goto(live_server.url + ADMIN + f"{shown.pk}/change/")
    expect(page.locator(".submit-row").first).to_be_visible()
    assert page.locator(".submit-row").count() == 2  # Save at the top too
    folded = page.evaluate("() => document.documentElement.scrollHeight")
    assert folded < 3000, folded  # about 6,250 pixels before the long sections were folded
    assert_accessible(page)
    page.locator("details:has(.prescreen) > summary").click()
    expect(page.locator(".prescreen-table").first).to_be_visible()
    assert_accessible(page)
    shoot(page, f"coordinator-request{suffix}.png")
