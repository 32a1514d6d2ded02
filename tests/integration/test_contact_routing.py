"""Where a contact request goes when its site has no coordinator, and that everybody is told so.

A site's coordinators get its requests; without them the site's own registry contact, else the
trial's central contact from the registry, else the configured fallback inbox (never the site's
own sender address). The person is told which, the confirmation says "queued" until the worker
has really sent the email, and the requests no coordinator sees wait in an admin queue.
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from contact import emails
from contact.models import ContactRequest
from outbox.models import Message
from tests.worker import run_worker
from trials.models import Site, Trial

pytestmark = pytest.mark.django_db

HLX43 = "hlx43-recurrent-metastatic-npc"
CENTRAL = "HLX43 central study team (Shanghai Henlius Biotech)"
ADMIN = "/admin/contact/contactrequest/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fallback(settings) -> str:
    settings.CONTACT_FALLBACK_EMAIL = "trial-contacts@example.org"
    settings.DEFAULT_FROM_EMAIL = "no-reply@example.org"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    return str(settings.CONTACT_FALLBACK_EMAIL)


def make_request(site: Site, first_name: str = "Anna") -> ContactRequest:
    return ContactRequest.objects.create(
        trial=site.trial,
        site=site,
        first_name=first_name,
        last_name="Patient",
        email=f"{first_name.lower()}@example.org",
        phone="+8613800138000",
        consent_text="I agree",
        consented_at=timezone.now(),
        language="en",
        form_token=uuid.uuid4(),
    )


@pytest.fixture
def trial_with_sites(db) -> Trial:
    trial = Trial.objects.create(slug="two-site-trial", brief_title="Two-site trial")
    Site.objects.create(trial=trial, facility="Queen Mary Hospital", city="Hong Kong")
    return trial


def test_a_site_without_coordinators_goes_to_the_trials_central_contact(trial_with_sites):
    site = trial_with_sites.sites.get()
    Site.objects.create(
        trial=trial_with_sites,
        facility="Central study team",
        status=Site.Status.ACTIVE_NOT_RECRUITING,
        contact_email="central@sponsor.example",
        is_central_contact=True,
    )
    request = make_request(site)
    assert emails.coordinator_recipients(request) == ["central@sponsor.example"]
    assert emails.route(request).kind == emails.Route.Kind.CENTRAL_CONTACT


def test_without_a_central_contact_it_goes_to_the_configured_fallback(trial_with_sites, fallback):
    request = make_request(trial_with_sites.sites.get())
    assert emails.coordinator_recipients(request) == [fallback]
    assert emails.route(request).kind == emails.Route.Kind.FALLBACK


def test_coordinators_come_first_then_the_sites_own_registry_contact(trial_with_sites):
    site = trial_with_sites.sites.get()
    site.contact_email = "qmh@hospital.example"
    site.save()
    request = make_request(site)
    assert emails.coordinator_recipients(request) == ["qmh@hospital.example"]
    user = User.objects.create_user("lin", "lin@hospital.example", None, is_staff=True)
    site.coordinators.add(user)
    assert emails.coordinator_recipients(request) == ["lin@hospital.example"]
    assert emails.route(request).kind == emails.Route.Kind.COORDINATORS


def submit(client: Client) -> str:
    site = Site.objects.get(facility=CENTRAL)
    response = client.post(
        f"/trials/{HLX43}/contact/",
        {
            "first_name": "Mei",
            "last_name": "Chen",
            "email": "mei.chen@example.org",
            "phone": "+8613800138000",
            "site": str(site.pk),
            "message": "Can I join?",
            "consent": "on",
            "form_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    return str(response["Location"])


def test_the_confirmation_says_our_team_will_pass_it_on_and_queued_until_sent(
    client: Client, seeded_catalogue, monkeypatch
):
    page = client.get(submit(client)).content.decode()
    assert "research team at" not in page
    assert "Your message to the TrialCompass team is queued; it will be sent shortly" in page
    assert "They will pass it to the study team" in page
    run_worker(monkeypatch)
    request = ContactRequest.objects.get()
    assert Message.objects.get(key=f"contact-request:{request.pk}:coordinators").status == "sent"
    location = f"/trials/{HLX43}/contact/sent/{request.form_token}/"
    page = client.get(location).content.decode()
    assert "Your message has been sent to the TrialCompass team" in page
    assert "queued" not in page


def test_the_confirmation_names_the_study_team_when_the_site_has_coordinators(
    client: Client, seeded_catalogue, monkeypatch
):
    user = User.objects.create_user("lin", "lin@hospital.example", None, is_staff=True)
    Site.objects.get(facility=CENTRAL).coordinators.add(user)
    location = submit(client)
    run_worker(monkeypatch)
    page = client.get(location).content.decode()
    assert f"Your message has been sent to the study team at {CENTRAL}" in page
    assert "pass it to the study team" not in page


def test_the_confirmation_is_honest_in_chinese_too(client: Client, seeded_catalogue):
    client.post("/i18n/setlang/", {"language": "zh-hans"})
    page = client.get(submit(client)).content.decode()
    assert "TrialCompass 团队" in page
    assert "转交研究团队" in page


def test_the_copy_email_says_where_the_message_went(seeded_catalogue):
    site = Site.objects.get(facility=CENTRAL)
    request = make_request(site)
    copy = emails.copy_to_person(request)
    assert "research team at" not in copy.body
    assert "We are sending your message to the TrialCompass team." in copy.body
    assert "They will pass it to the study team" in copy.body
    site.contact_email = "hlx43@henlius.example"
    site.save()
    copy = emails.copy_to_person(request)
    assert "We are sending your message to this trial's central contact." in copy.body


def test_unrouted_requests_wait_in_an_admin_queue_superusers_see(trial_with_sites):
    routed_site = Site.objects.create(trial=trial_with_sites, facility="Sun Yat-sen")
    coordinator = User.objects.create_user("lin", "lin@hospital.example", None, is_staff=True)
    routed_site.coordinators.add(coordinator)
    unrouted = make_request(trial_with_sites.sites.get(facility="Queen Mary Hospital"), "Una")
    make_request(routed_site, "Rui")
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@example.org", None))
    changelist = admin.get(ADMIN).content.decode()
    assert "Not routed to a coordinator" in changelist
    queue = admin.get(ADMIN + "?routing=unrouted").content.decode()
    assert "Una Patient" in queue
    assert "Rui Patient" not in queue
    dashboard = admin.get(ADMIN + "dashboard/").content.decode()
    assert "1 new request has no coordinator" in dashboard
    assert "?routing=unrouted" in dashboard
    index = admin.get("/admin/").content.decode()
    assert "1 new request has no coordinator" in index
    assert unrouted.pk


def test_coordinators_do_not_see_the_unrouted_queue(trial_with_sites):
    site = Site.objects.create(trial=trial_with_sites, facility="Sun Yat-sen")
    coordinator = User.objects.create_user("lin", "lin@hospital.example", None, is_staff=True)
    site.coordinators.add(coordinator)
    make_request(trial_with_sites.sites.get(facility="Queen Mary Hospital"), "Una")
    client = Client()
    client.force_login(coordinator)
    assert "no coordinator" not in client.get("/admin/").content.decode()


def test_staff_who_may_pass_requests_on_see_the_unrouted_ones_only(trial_with_sites):
    from django.contrib.auth.models import Permission

    routed_site = Site.objects.create(trial=trial_with_sites, facility="Sun Yat-sen")
    routed_site.coordinators.add(
        User.objects.create_user("lin", "lin@hospital.example", None, is_staff=True)
    )
    unrouted = make_request(trial_with_sites.sites.get(facility="Queen Mary Hospital"), "Una")
    routed = make_request(routed_site, "Rui")
    triage = User.objects.create_user("tess", "tess@example.org", None, is_staff=True)
    triage.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="contact",
            codename__in=["view_contactrequest", "change_contactrequest", "route_contactrequest"],
        )
    )
    client = Client()
    client.force_login(triage)
    listing = client.get(ADMIN).content.decode()
    assert "Una Patient" in listing
    assert "Rui Patient" not in listing
    assert client.get(f"{ADMIN}{unrouted.pk}/change/").status_code == 200
    assert client.get(f"{ADMIN}{routed.pk}/change/").status_code == 404
    assert "1 new request has no coordinator" in client.get("/admin/").content.decode()


def test_the_form_says_who_receives_the_message(client: Client, seeded_catalogue):
    site = Site.objects.get(facility=CENTRAL)
    page = client.get(f"/trials/{HLX43}/contact/").content.decode()
    assert "Your message goes to <strong>the TrialCompass team</strong>." in page
    assert "They will pass it to the study team" in page
    site.coordinators.add(User.objects.create_user("lin", "lin@h.example", None, is_staff=True))
    page = client.get(f"/trials/{HLX43}/contact/").content.decode()
    assert f"Your message goes to <strong>the study team at {CENTRAL}</strong>." in page
    assert "They will pass it to the study team" not in page


def test_the_copy_subject_names_who_receives_it(seeded_catalogue):
    request = make_request(Site.objects.get(facility=CENTRAL))
    assert emails.copy_to_person(request).subject == "Your message to the TrialCompass team"
