"""What coordinators read: the pre-screen summary as a table in words (admin and email, in
English and Chinese), names in the language's order, Save on top, the history in words, phone
numbers of the site's country, and the notification's wording when no coordinator receives it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from contact import emails
from contact.coordinators import setup_coordinators_group
from contact.models import ContactRequest, person_name
from contact.summary import _width as display_width
from contact.summary import readable_summary, text_table, wrap
from trials.models import Site, Trial

pytestmark = pytest.mark.django_db

ADMIN = "/admin/contact/contactrequest/"
CHECK = "Not computable; for the study team to check."

# A summary as `matcher.prescreen.prescreen_summary` stores it: keys, booleans, a score.
SUMMARY = {
    "as_of": "2026-03-02",
    "mode": "patient",
    "answers": {"age": 52, "histology_confirmed": True, "ecog": 1, "sex": "female"},
    "answered_on": {"age": "2026-03-01", "histology_confirmed": "2026-02-27", "ecog": "2026-03-01"},
    "trial": "NCT09900001",
    "verdict": "possibly_eligible",
    "score": 0.9756,
    "eligible_from": None,
    "criteria": [
        {
            "id": "inc-1",
            "kind": "inclusion",
            "type": "histology",
            "status": "pass",
            "answer_key": "histology_confirmed",
            "reason": "Histology confirmed.",
            "reasons": {"en": "Histology confirmed.", "zh-hans": "已经病理确诊。"},
            "text": "Histologically confirmed nasopharyngeal carcinoma.",
        },
        {
            "id": "inc-2",
            "kind": "inclusion",
            "type": "age",
            "status": "pass",
            "answer_key": "age",
            "reason": "Age 52 is within 18-75.",
            "text": "Aged 18 to 75 years.",
        },
        *(
            {
                "id": f"exc-{number}",
                "kind": "exclusion",
                "type": "text",
                "status": "unknown",
                "answer_key": None,
                "reason": CHECK,
                "text": f"Protocol exclusion number {number}.",
            }
            for number in range(10)
        ),
    ],
}


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


class World:
    def __init__(self) -> None:
        group = setup_coordinators_group(apps)
        self.trial = Trial.objects.create(
            nct_id="NCT09900001",
            slug="nct09900001",
            brief_title="A study with a site in Guangzhou",
            published=True,
            overall_status="RECRUITING",
        )
        self.site = Site.objects.create(
            trial=self.trial,
            facility="Sun Yat-sen University Cancer Center",
            city="Guangzhou",
            country="China",
            status="RECRUITING",
        )
        self.coordinator = User.objects.create_user(
            "lin", "lin@hospital.example", None, is_staff=True
        )
        self.coordinator.groups.add(group)
        self.site.coordinators.add(self.coordinator)
        self.request = ContactRequest.objects.create(
            trial=self.trial,
            site=self.site,
            first_name="美",
            last_name="陈",
            email="mei@example.org",
            phone="+8613800138000",
            consent_text="I agree",
            consented_at=timezone.now(),
            language="zh-hans",
            form_token=uuid.uuid4(),
            prescreen_summary=SUMMARY,
        )


@pytest.fixture
def world(db) -> World:
    return World()


def coordinator(world: World, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(world.coordinator)
    return client


RAW = ["histology_confirmed", "possibly_eligible", "0.9756", "True", "answer_key", "score"]


def test_the_change_page_shows_the_summary_as_a_table_in_words(world: World):
    page = coordinator(world).get(ADMIN + f"{world.request.pk}/change/").content.decode()
    summary = page[page.index('<div class="prescreen">') :]
    summary = summary[: summary.index("</table>", summary.index("prescreen-notes"))]
    for raw in RAW:
        assert raw not in summary
    assert '<th scope="col">Question</th>' in summary
    row = re.search(
        r"<tr class=\"prescreen-pass\">(?:(?!</tr>).)*Histologically.*?</tr>", page, re.S
    )
    assert row is not None
    for words in [
        "Has the diagnosis been confirmed by a biopsy or a cell test?",
        "<td>Yes</td>",
        "27 February 2026",
        "<strong>Met</strong>",
        "Histology confirmed.",
    ]:
        assert words in row.group(0)
    assert "Possibly eligible (2 met, 0 not met, 10 to check)" in page
    # The sentence ten criteria share is written once, as a note the rows point to.
    assert page.count(CHECK) == 1
    assert "10 criteria: " + CHECK in page
    # Answers no criterion read still show, in words.
    assert "What sex were you assigned at birth?" in page
    assert "Female" in page


def test_the_summary_is_in_chinese_for_a_coordinator_reading_chinese(world: World):
    page = coordinator(world, "zh-hans").get(ADMIN + f"{world.request.pk}/change/")
    body = page.content.decode()
    assert '<html lang="zh-hans"' in body
    assert "已经病理确诊。" in body  # the reason in the reader's language
    assert "Histology confirmed." not in body
    for raw in RAW:
        assert raw not in body[body.index('<div class="prescreen">') :].split("</fieldset>")[0]
    with translation.override("zh-hans"):
        table = readable_summary(SUMMARY)
    assert table.criteria[0].answer == "是"
    assert table.criteria[0].answered_on == "2026年2月27日"


def test_the_email_to_coordinators_has_the_same_table_in_html_and_plain_text(world: World):
    message = emails.coordinator_notification(world.request)
    html = message.alternatives[0][0]
    for raw in RAW:
        assert raw not in message.body
        assert raw not in str(html)
    assert "Result for this trial: Possibly eligible" in message.body
    assert "| Criterion" in message.body
    assert message.body.count(CHECK) == 1
    assert "Has the diagnosis been" in message.body
    assert '<th scope="col">Given on</th>' in str(html)
    assert "陈美" in message.body  # a name in Chinese characters, family name first


def test_the_plain_text_table_wraps_chinese_by_its_width():
    table = text_table(["问题", "Answer"], [["您的诊断是否经过活检确认？", "Yes"]], [10, 6])
    # Every line is as wide as the rule, Chinese characters counting two columns each.
    assert {display_width(line) for line in table.splitlines()} == {len("+------------+--------+")}
    assert wrap("您的诊断是否经过活检确认？", 10) == ["您的诊断是", "否经过活检", "确认？"]
    assert wrap("a verylongword here", 6) == ["a very", "longwo", "rd", "here"]
    assert wrap("问题", 1) == ["问", "题"]  # never stuck on a column too narrow


def test_names_follow_the_languages_order():
    assert person_name("Mei", "Chen", "en") == "Mei Chen"
    assert person_name("Mei", "Chen", "zh-hans") == "Chen Mei"
    assert person_name("美", "陈", "zh-hans") == "陈美"
    assert person_name("美", "陈", "en") == "陈美"  # Chinese characters: always family first
    assert person_name("Mei", "", "zh-hans") == "Mei"


def test_the_list_and_change_page_write_names_in_the_readers_order(world: World):
    ContactRequest.objects.filter(pk=world.request.pk).update(first_name="Mei", last_name="Chen")
    chinese = coordinator(world, "zh-hans")
    assert "Chen Mei" in chinese.get(ADMIN).content.decode()
    assert "Mei Chen" in coordinator(world).get(ADMIN).content.decode()
    page = chinese.get(ADMIN + f"{world.request.pk}/change/").content.decode()
    # The family-name field comes before the given-name field in Chinese.
    assert page.index("field-last_name") < page.index("field-first_name")
    page = coordinator(world).get(ADMIN + f"{world.request.pk}/change/").content.decode()
    assert page.index("field-first_name") < page.index("field-last_name")


def test_save_is_on_top_and_long_sections_are_folded(world: World):
    page = coordinator(world).get(ADMIN + f"{world.request.pk}/change/").content.decode()
    assert page.count('class="submit-row"') == 2  # above and below the form
    assert page.index('class="submit-row"') < page.index("field-first_name")
    for section in ["Pre-screen summary", "Consent", "Emails", "Who viewed this request"]:
        assert re.search(rf"<summary>.*?{section}.*?</summary>", page, re.S), section
    assert "Possibly eligible (2 met, 0 not met, 10 to check)" in page  # above the fold


def test_the_list_has_five_columns_with_the_wait_under_the_status(world: World):
    body = coordinator(world).get(ADMIN).content.decode()
    header = body[body.index("<thead>") :]
    header = header[: header.index("</thead>")]
    assert header.count('scope="col"') == 6  # the checkbox and five columns
    assert "Sun Yat-sen University Cancer Center" in body
    assert re.search(r"New<br>\d working day", body)


def test_the_history_shows_status_labels_not_stored_values(world: World):
    client = coordinator(world)
    response = client.post(
        ADMIN + f"{world.request.pk}/change/",
        {
            "status": "contacted",
            "internal_notes": "Called",
            "accesses-TOTAL_FORMS": "0",
            "accesses-INITIAL_FORMS": "0",
            "accesses-MIN_NUM_FORMS": "0",
            "accesses-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302
    history = client.get(ADMIN + f"{world.request.pk}/history/").content.decode()
    assert re.search(r"New\s*&nbsp;&rarr;&nbsp;&nbsp;Contacted", history)
    assert "(empty)" in history  # the notes were empty before
    assert "new&nbsp;" not in history
    chinese = coordinator(world, "zh-hans").get(ADMIN + f"{world.request.pk}/history/")
    assert "已联系" in chinese.content.decode()


def contact_data(world: World, **overrides: str) -> dict[str, str]:
    return {
        "first_name": "美",
        "last_name": "陈",
        "email": "mei.chen@example.org",
        "phone": "13812345678",
        "site": str(world.site.pk),
        "consent": "on",
        "form_token": str(uuid.uuid4()),
        **overrides,
    }


def test_a_local_mobile_number_is_read_as_one_of_the_sites_country(world: World):
    response = Client().post(f"/trials/{world.trial.slug}/contact/", contact_data(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = ContactRequest.objects.get(email="mei.chen@example.org")
    assert stored.phone.as_e164 == "+8613812345678"
    assert ContactRequest.objects.filter(phone="+8613812345678").exists()  # stored in E.164


def test_a_number_with_another_country_code_is_kept_and_a_bad_one_refused(world: World):
    data = contact_data(world, phone="+852 2255 3838", email="hk@example.org")
    assert Client().post(f"/trials/{world.trial.slug}/contact/", data).status_code == 302
    assert ContactRequest.objects.get(email="hk@example.org").phone.as_e164 == "+85222553838"
    data = contact_data(world, phone="12", email="bad@example.org")
    response = Client().post(f"/trials/{world.trial.slug}/contact/", data)
    assert response.status_code == 200
    assert "Enter a valid phone number" in response.content.decode()


def test_a_site_without_a_known_country_still_needs_the_country_code(world: World):
    Site.objects.filter(pk=world.site.pk).update(country="")
    response = Client().post(f"/trials/{world.trial.slug}/contact/", contact_data(world))
    assert response.status_code == 200
    assert not ContactRequest.objects.filter(email="mei.chen@example.org").exists()


def test_the_notification_says_when_it_reaches_no_coordinator(world: World, settings):
    routed = emails.coordinator_notification(world.request)
    assert "A person has asked the research team at Sun Yat-sen" in routed.body
    world.site.coordinators.clear()
    unrouted = emails.coordinator_notification(world.request)
    assert unrouted.to == ["trial-contacts@example.org"]
    assert "the research team at Sun Yat-sen University Cancer Center to contact" not in (
        unrouted.body
    )
    assert "No coordinator receives this site's requests yet" in unrouted.body
    assert "please pass it on to the study team at Sun Yat-sen" in unrouted.body
    html = str(unrouted.alternatives[0][0])
    assert "No coordinator receives this site" in html
    world.request.site.contact_email = "ctu@hospital.example"
    world.request.site.save()
    registry = emails.coordinator_notification(world.request)
    assert "The trial registry lists this address as the contact for" in registry.body


def test_the_contact_form_asks_the_family_name_first_in_chinese(world: World):
    url = f"/trials/{world.trial.slug}/contact/"
    chinese = Client(headers={"accept-language": "zh-hans"}).get(url).content.decode()
    assert chinese.index('name="last_name"') < chinese.index('name="first_name"')
    english = Client().get(url).content.decode()
    assert english.index('name="first_name"') < english.index('name="last_name"')


def test_the_persons_copy_writes_their_name_in_their_languages_order(world: World):
    copy = emails.copy_to_person(world.request)  # sent in Chinese, from a Chinese page
    assert "陈美，您好：" in copy.body
    ContactRequest.objects.filter(pk=world.request.pk).update(
        first_name="Mei", last_name="Chen", language="en"
    )
    world.request.refresh_from_db()
    copy = emails.copy_to_person(world.request)
    assert "Dear Mei," in copy.body
    assert "Name: Mei Chen" in copy.body


def test_the_change_page_names_the_persons_language(world: World):
    page = coordinator(world).get(ADMIN + f"{world.request.pk}/change/").content.decode()
    assert "Simplified Chinese" in page
    assert "zh-hans</div>" not in page
