"""The contact form through the test client: storing, double submission, odd input, sites."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django_tasks_db.models import DBTaskResult

from contact import services
from contact.models import ContactRequest
from contact.summary import readable_summary
from outbox.models import Message
from trials.models import Site, Trial

pytestmark = pytest.mark.django_db

HLX43 = "hlx43-recurrent-metastatic-npc"
IAE0972 = "iae0972-chemotherapy-rm-hnscc-npc"
# No coordinator is attached to the seed trials' sites yet: the fallback inbox passes it on.
CONFIRMATION = "Your message to the TrialCompass team is queued; it will be sent shortly."


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def form_data(slug: str = HLX43, **overrides: str) -> dict[str, str]:
    site = services.contact_sites(Trial.objects.get(slug=slug))[0]
    return {
        "first_name": "Mei",
        "last_name": "Chen",
        "email": "mei.chen@example.org",
        "phone": "+86 138 0013 8000",
        "other_language": "cantonese",
        "location": "",
        "site": str(site.pk),
        "message": "I was treated at Sun Yat-sen. Can I join?",
        "consent": "on",
        "form_token": str(uuid.uuid4()),
        "website": "",
        **overrides,
    }


def contact_url(slug: str = HLX43) -> str:
    return f"/trials/{slug}/contact/"


def test_contact_page_offers_the_hlx43_form_with_autocomplete(client: Client, seeded_catalogue):
    response = client.get(contact_url())
    assert response.status_code == 200
    body = response.content.decode()
    for attribute in [
        'autocomplete="given-name"',
        'autocomplete="family-name"',
        'autocomplete="email"',
        'autocomplete="tel"',
        'inputmode="tel"',
        'type="tel"',
    ]:
        assert attribute in body
    assert "Send a message" in body
    # No coordinator and no registry email for the seed's central team: the fallback inbox.
    assert "Your message goes to <strong>the TrialCompass team</strong>." in body
    assert "They will pass it to the study team" in body
    assert "I agree that TrialCompass sends my details" in body
    # Without questionnaire answers there is nothing to attach.
    assert "share_prescreen" not in body


def test_trial_page_links_to_the_contact_form(client: Client, seeded_catalogue):
    body = client.get(f"/trials/{HLX43}/").content.decode()
    assert f'href="/trials/{HLX43}/contact/"' in body


def test_submitting_stores_the_request_queues_two_emails_and_confirms(
    client: Client, seeded_catalogue
):
    response = client.post(contact_url(), form_data())
    request = ContactRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/trials/{HLX43}/contact/sent/{request.form_token}/"
    assert request.phone.as_e164 == "+8613800138000"
    assert ContactRequest.objects.filter(phone="+8613800138000").exists()  # stored in E.164
    assert request.site.facility == "HLX43 central study team (Shanghai Henlius Biotech)"
    assert request.status == ContactRequest.Status.NEW
    assert request.language == "en"
    assert request.source == ContactRequest.Source.TRIAL_PAGE
    assert request.prescreen_summary is None
    assert request.consent_text.startswith("I agree that TrialCompass")
    tasks = DBTaskResult.objects.all()
    assert [task.task_path for task in tasks] == ["outbox.tasks.send_message"] * 2
    assert sorted(Message.objects.values_list("key", "status")) == [
        (f"contact-request:{request.pk}:coordinators", "queued"),
        (f"contact-request:{request.pk}:copy", "queued"),
    ]
    assert sorted(task.args_kwargs["args"] for task in tasks) == sorted(
        [message.pk] for message in Message.objects.all()
    )

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert CONFIRMATION in page.content.decode()
    assert "They will pass it to the study team" in page.content.decode()
    assert "Would you like to be notified about other trials?" in page.content.decode()


def test_double_submission_creates_one_request_and_the_same_confirmation(
    client: Client, seeded_catalogue
):
    data = form_data()
    first = client.post(contact_url(), data)
    second = client.post(contact_url(), data)  # double click or refresh
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ContactRequest.objects.count() == 1
    assert DBTaskResult.objects.count() == 2


def test_back_and_resubmit_with_a_new_form_creates_nothing_new(client: Client, seeded_catalogue):
    data = form_data()
    first = client.post(contact_url(), data)
    again = client.post(contact_url(), {**data, "form_token": str(uuid.uuid4())})
    assert again["Location"] == first["Location"]
    assert ContactRequest.objects.count() == 1


def test_confirmation_is_shown_only_to_the_browser_that_sent_it(client: Client, seeded_catalogue):
    response = client.post(contact_url(), form_data())
    assert Client().get(response["Location"]).status_code == 404
    assert client.get(f"/trials/{HLX43}/contact/sent/{uuid.uuid4()}/").status_code == 404


def test_missing_fields_get_an_error_summary_and_keep_what_was_typed(
    client: Client, seeded_catalogue
):
    data = form_data(email="not-an-email", phone="12", consent="")
    del data["consent"]
    response = client.post(contact_url(), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert 'tabindex="-1"' in body
    assert '<a href="#id_email">' in body
    assert '<a href="#id_phone">' in body
    assert '<a href="#id_consent">' in body
    assert "Enter a valid phone number" in body
    assert "Tick the box to agree" in body
    assert 'value="Mei"' in body
    assert 'value="not-an-email"' in body
    assert "I was treated at Sun Yat-sen. Can I join?" in body
    assert 'aria-describedby="id_email_error"' in body
    assert 'id="id_email_error"' in body
    assert ContactRequest.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"first_name": "x" * 100_000},
        {"message": "y" * 100_000},
        {"first_name": "Mei\x00"},
        {"email": "a\x00@example.org"},
        {"phone": "\x00"},
        {"site": "\x00"},
        {"site": "999999"},
        {"site": "-1"},
        {"other_language": "klingon"},
        {"form_token": "\x00"},
        {"form_token": "not-a-uuid"},
        {"location": "\x00" * 500},
        {"phone": "+" + "9" * 5000},
        {"consent": "\x00"},
    ],
)
def test_odd_input_gets_a_message_never_an_error(client: Client, seeded_catalogue, overrides):
    response = client.post(contact_url(), form_data(**overrides))
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert 'role="alert"' in response.content.decode()


def test_html_in_names_is_escaped_not_rendered(client: Client, seeded_catalogue):
    data = form_data(first_name="<script>alert(1)</script>", email="bad")
    body = client.post(contact_url(), data).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_tampered_form_token_asks_to_send_again_with_a_fresh_one(
    client: Client, seeded_catalogue
):
    response = client.post(contact_url(), form_data(form_token="nope"))
    assert response.status_code == 200
    assert "Please check your details and send the form again." in response.content.decode()
    token = response.context["form"]["form_token"].value()
    assert uuid.UUID(str(token))
    assert ContactRequest.objects.count() == 0


def test_the_honeypot_stores_nothing(client: Client, seeded_catalogue):
    response = client.post(contact_url(), form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert ContactRequest.objects.count() == 0
    assert 'class="contact-hp"' in client.get(contact_url()).content.decode()


def test_too_many_requests_are_refused_politely(client: Client, seeded_catalogue, settings):
    settings.CONTACT_RATE_LIMIT = (2, 3600)
    for number in range(2):
        response = client.post(contact_url(), form_data(message=f"message {number}"))
        assert response.status_code == 302
    data = form_data(message="message 3")
    response = client.post(contact_url(), data)
    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert ContactRequest.objects.count() == 2
    # A refresh of a form that was sent still gets its confirmation.
    sent = ContactRequest.objects.get(message="message 0")
    again = client.post(
        contact_url(), form_data(message="message 0", form_token=str(sent.form_token))
    )
    assert again.status_code == 302


def test_a_central_team_with_unknown_status_still_takes_messages(client: Client, seeded_catalogue):
    page = client.get(contact_url(IAE0972)).content.decode()
    assert "IAE0972 central study team" in page
    response = client.post(contact_url(IAE0972), form_data(IAE0972))
    assert response.status_code == 302
    assert ContactRequest.objects.get().site.facility == "IAE0972 central study team"


def test_a_trial_with_no_site_says_so(client: Client, seeded_catalogue):
    trial = Trial.objects.get(slug=HLX43)
    trial.sites.update(status=Site.Status.COMPLETED, is_central_contact=False)
    response = client.get(contact_url())
    assert "No study site is taking messages" in response.content.decode()
    assert client.post(contact_url(), {"first_name": "Mei"}).status_code == 200
    assert ContactRequest.objects.count() == 0


def test_unpublished_trials_have_no_contact_form(client: Client, seeded_catalogue):
    Trial.objects.filter(slug=HLX43).update(published=False)
    assert client.get(contact_url()).status_code == 404


@pytest.fixture
def multi_site_trial(seeded_catalogue) -> Trial:
    trial = Trial.objects.get(slug=HLX43)
    Site.objects.create(
        trial=trial, facility="Queen Mary Hospital", city="Hong Kong", country="China"
    )
    Site.objects.create(
        trial=trial, facility="National Cancer Centre", city="Singapore", country="Singapore"
    )
    Site.objects.create(
        trial=trial,
        facility="Closed Hospital",
        city="Guangzhou",
        country="China",
        status=Site.Status.COMPLETED,
    )
    return trial


def test_only_recruiting_sites_are_offered_nearest_first(multi_site_trial: Trial):
    names = [site.facility for site in services.contact_sites(multi_site_trial, "Singapore")]
    assert names[0] == "National Cancer Centre"
    assert "Closed Hospital" not in names
    names = [site.facility for site in services.contact_sites(multi_site_trial, "hong kong, CN")]
    assert names[0] == "Queen Mary Hospital"
    by_country = services.contact_sites(multi_site_trial, "Shenzhen, China")
    assert by_country[0].country == "China"


def test_listing_the_nearest_sites_first_keeps_what_was_typed(
    client: Client, multi_site_trial: Trial
):
    data = {**form_data(), "location": "Singapore", "locate": "1"}
    response = client.post(contact_url(), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' not in body
    assert 'value="Mei"' in body
    site = response.context["form"]["site"]
    assert site.value() == Site.objects.get(facility="National Cancer Centre").pk
    assert ContactRequest.objects.count() == 0

    partial = client.post(contact_url(), data, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    text = partial.content.decode()
    assert text.lstrip().startswith('<div id="site-field"')
    assert "<html" not in text
    assert "HX-Request" in partial["Vary"]


def test_a_chosen_site_from_the_trial_page_is_preselected(client: Client, multi_site_trial):
    site = Site.objects.get(facility="Queen Mary Hospital")
    response = client.get(f"{contact_url()}?site={site.pk}")
    assert response.context["form"]["site"].value() == site.pk
    response = client.post(contact_url(), form_data(site=str(site.pk)))
    assert ContactRequest.objects.get().site == site
    page = client.get(response["Location"]).content.decode()
    assert "They will pass it to the study team" in page


def test_a_closed_site_cannot_be_chosen(client: Client, multi_site_trial):
    closed = Site.objects.get(facility="Closed Hospital")
    response = client.post(contact_url(), form_data(site=str(closed.pk)))
    assert response.status_code == 200
    assert "Choose one of the study sites listed." in response.content.decode()


def test_the_summary_is_stored_only_when_the_person_opts_in(client: Client, seeded_catalogue):
    client.post("/match/begin/", {"mode": "patient"})
    client.post("/match/question/", {"step": "diagnosis", "answer": "NPC"})
    assert 'name="share_prescreen"' in client.get(contact_url()).content.decode()
    client.post(contact_url(), form_data(message="without"))
    client.post(contact_url(), form_data(message="with", share_prescreen="on"))
    assert ContactRequest.objects.get(message="without").prescreen_summary is None
    summary = ContactRequest.objects.get(message="with").prescreen_summary
    assert summary is not None
    assert summary["answers"] == {"diagnosis": "NPC"}
    assert summary["trial"] == "NCT06839066"
    assert summary["mode"] == "patient"
    # Each criterion keeps the answer it read and its reason in every language of the site.
    assert any(criterion["answer_key"] == "diagnosis" for criterion in summary["criteria"])
    reasons = summary["criteria"][0]["reasons"]
    assert set(reasons) == {"en", "zh-hans"}
    assert reasons["en"] == summary["criteria"][0]["reason"]
    assert any(
        "\u4e00" <= char <= "\u9fff"
        for criterion in summary["criteria"]
        for char in criterion["reasons"]["zh-hans"]
    )
    # The coordinators read every criterion of the summary as a row in words.
    table = readable_summary(summary)
    assert len(table.criteria) == len(summary["criteria"]) > 0
    assert table.criteria[0].kind in {"Needed", "Rules out"}
    assert table.verdict == "Possibly eligible"
    question = "What kind of cancer do you have?"
    diagnosis_rows = [row for row in table.criteria if row.question == question]
    assert diagnosis_rows
    assert all(row.answer != "NPC" for row in diagnosis_rows)


def test_a_request_from_a_result_and_in_chinese_remembers_both(client: Client, seeded_catalogue):
    client.post("/i18n/setlang/", {"language": "zh-hans"})
    response = client.post(f"{contact_url()}?from=result", form_data())
    assert response.status_code == 302
    request = ContactRequest.objects.get()
    assert request.source == ContactRequest.Source.RESULT
    assert request.language == "zh-hans"


def test_a_tampered_single_site_is_named_in_the_error_summary(client: Client, seeded_catalogue):
    body = client.post(contact_url(), form_data(site="999999")).content.decode()
    assert "<li>Choose one of the study sites listed.</li>" in body
