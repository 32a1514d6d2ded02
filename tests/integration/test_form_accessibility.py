"""Every form, rendered with errors, describes its fields by ids that exist on the page.

A screen reader reads a field's hint and errors through `aria-describedby`; an id that is not
on the page is silently skipped, so the person never hears what went wrong. The error summary's
links must land on a real element too.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from matcher import engine
from tests.integration.test_contact_form import contact_url, form_data
from tests.integration.test_questionnaire import THIRD_LINE_NPC, answer_for, walk
from tests.integration.test_saved_results import save, share

pytestmark = pytest.mark.django_db


class References(HTMLParser):
    """The ids on a page, the ids its aria-describedby attributes name, and its summary links."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.duplicate_ids: set[str] = set()
        self.described_by: list[str] = []
        self.summary_links: list[str] = []
        self.in_summary = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            if found["id"] in self.ids:
                self.duplicate_ids.add(found["id"] or "")
            self.ids.add(found["id"] or "")
        self.described_by += (found.get("aria-describedby") or "").split()
        classes = (found.get("class") or "").split()
        if tag == "div" and "error-summary" in classes:
            self.in_summary = 1
        elif tag == "div" and self.in_summary:
            self.in_summary += 1
        if tag == "a" and self.in_summary:
            self.summary_links.append(found.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.in_summary:
            self.in_summary -= 1


def assert_references_exist(html: str, min_described: int = 1) -> References:
    page = References()
    page.feed(html)
    assert not page.duplicate_ids, f"ids used twice: {page.duplicate_ids}"
    missing = [ref for ref in page.described_by if ref not in page.ids]
    assert not missing, f"aria-describedby names ids that are not on the page: {missing}"
    errors = [ref for ref in page.described_by if ref.endswith("_error")]
    assert len(errors) >= min_described, "no field is described by its errors"
    assert page.summary_links, "the error summary links to no field"
    for href in page.summary_links:
        assert href.startswith("#"), href
        assert href[1:] in page.ids, f"summary link {href!r} goes nowhere"
    return page


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


def test_the_contact_form_with_errors(client: Client, seeded_catalogue):
    data = form_data(first_name="", email="not an email", phone="12", consent="")
    response = client.post(contact_url(), data)
    assert response.status_code == 200
    page = assert_references_exist(response.content.decode(), min_described=4)
    assert "id_phone_helptext" in page.described_by
    assert {"#id_first_name", "#id_email", "#id_phone", "#id_consent"} <= set(page.summary_links)


def test_the_contact_form_with_several_sites_with_errors(client: Client, seeded_catalogue):
    data = form_data(slug="iae0972-chemotherapy-rm-hnscc-npc", site="999999", message="x" * 2001)
    response = client.post(contact_url("iae0972-chemotherapy-rm-hnscc-npc"), data)
    assert response.status_code == 200
    page = assert_references_exist(response.content.decode(), min_described=1)
    assert "#id_message" in page.summary_links


def bad_answer_for(step: engine.Step) -> dict[str, object]:
    """A post that the step's form refuses."""
    if step.kind == engine.StepKind.DATES:
        return {
            "step": step.id,
            "had": list(step.categories),
            **{f"{category}_day": "31" for category in step.categories},
        }
    if step.kind == engine.StepKind.CHECKLIST:
        return {"step": step.id, "answer": [step.keys[0]], "none": "on"}
    if step.keys[0] in {"age", "prior_systemic_lines", "life_expectancy_months"}:
        return {"step": step.id, "answer": "lots"}
    return {"step": step.id}


def test_every_questionnaire_step_with_errors(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "patient"})
    kinds: set[str] = set()
    for _ in range(40):
        response = client.get("/match/question/")
        if response.status_code == 302:
            break
        step = response.context["step"]
        refused = client.post("/match/question/", bad_answer_for(step))
        assert refused.status_code == 200, step.id
        page = assert_references_exist(refused.content.decode())
        if "answer" in refused.context["form"].fields and refused.context["help"]:
            assert "id_answer_helptext" in page.described_by, step.id
        kinds.add(type(refused.context["form"]).__name__)
        client.post("/match/question/", answer_for(step, THIRD_LINE_NPC))
    # Every kind of screen the seed catalogue asks (no seed trial reads sex).
    assert kinds == {
        "ChecklistForm",
        "DatesForm",
        "DiagnosisForm",
        "EcogForm",
        "MultipleChoiceForm",
        "NumberForm",
        "SingleChoiceForm",
    }


def test_the_dates_step_with_errors(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "patient"})
    for _ in range(40):
        step = client.get("/match/question/").context["step"]
        if step.kind == engine.StepKind.DATES:
            break
        client.post("/match/question/", answer_for(step, THIRD_LINE_NPC))
    else:
        raise AssertionError("the questionnaire asked no dates")
    refused = client.post("/match/question/", bad_answer_for(step))
    page = assert_references_exist(refused.content.decode(), min_described=len(step.categories))
    assert f"#id_{step.categories[0]}_0" in page.summary_links


def test_the_clinician_page_with_errors(client: Client, seeded_catalogue):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = {
        "age": "old",
        "prior_therapies": ["none", "taxane"],
        "last_chemotherapy": tomorrow,
        "ecog": "9",
    }
    response = client.post("/match/clinician/", data)
    assert response.status_code == 200
    page = assert_references_exist(response.content.decode(), min_described=3)
    assert {"#id_age", "#id_prior_therapies_0", "#id_last_chemotherapy"} <= set(page.summary_links)


@pytest.fixture
def answered(client: Client, seeded_catalogue) -> Client:
    walk(client, THIRD_LINE_NPC)
    return client


def test_the_save_form_with_errors(answered: Client):
    response = answered.post("/match/results/save/", {"note": "n" * 4001})
    assert_references_exist(response.content.decode(), min_described=2)


def test_the_note_and_share_forms_with_errors(answered: Client):
    _result, path = save(answered)
    note = answered.post(path + "note/", {"note": "n" * 4001})
    assert note.status_code == 200
    assert "#id_note" in assert_references_exist(note.content.decode()).summary_links
    shared = answered.post(path + "share/", {"passcode": "abc", "days": "999"})
    assert shared.status_code == 200
    page = assert_references_exist(shared.content.decode(), min_described=2)
    assert {"id_passcode_helptext", "id_passcode_error", "id_days_error"} <= set(page.described_by)


def test_the_passcode_form_with_errors(answered: Client):
    _result, path = save(answered)
    link = share(answered, path)
    response = Client().post(link, {"passcode": ""})
    assert response.status_code == 200
    assert_references_exist(response.content.decode())


def test_the_subscribe_form_with_errors(client: Client, seeded_catalogue):
    response = client.post("/notify/", {"email": "not an email"})
    assert response.status_code == 200
    assert_references_exist(response.content.decode(), min_described=2)


def test_the_trial_list_filter_with_errors(client: Client, seeded_catalogue):
    response = client.get("/trials/", {"phase": "phase9", "condition": "nothing"})
    assert response.status_code == 200
    page = assert_references_exist(response.content.decode(), min_described=2)
    assert re.search(r"#id_phase", " ".join(page.summary_links))
