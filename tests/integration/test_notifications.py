"""Patient notifications: double opt-in, re-matching when a trial is published or changed
(only new fits are emailed, once), and unsubscribing, which deletes everything."""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from keep import notifications
from keep.models import Subscription, TrialNotification
from matcher.session import Questionnaire
from outbox.models import Message
from tests.conftest import SEEDS
from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk
from tests.markup import without_tokens
from tests.worker import run_worker
from trials.models import CatalogueVersion, EligibilityCriterion, Trial

pytestmark = pytest.mark.django_db

NPC_ANSWERS = {"diagnosis": "NPC", "disease_status": ["recurrent"]}


@pytest.fixture(autouse=True)
def fresh_rate_limit(settings) -> Iterator[None]:
    settings.SITE_URL = "https://trials.example.org"
    cache.clear()
    yield
    cache.clear()


def subscriber(email: str, answers: dict, *, language: str = "en", confirm: bool = True):
    """Sign up (and confirm) as the pages do; the confirmation emails are left out."""
    subscription = notifications.subscribe(
        email=email,
        questionnaire=Questionnaire(answers=answers),
        consent_text="I agree",
        language=language,
    )
    Message.objects.filter(kind=notifications.CONFIRMATION).delete()
    if confirm:
        assert notifications.confirm(subscription)
    return subscription


def new_trial(slug: str, codes: list[str], *, published: bool = False) -> Trial:
    trial = Trial.objects.create(slug=slug, brief_title=f"Trial {slug}", published=published)
    EligibilityCriterion.objects.create(
        trial=trial, kind="inclusion", type="diagnosis", params={"codes": codes}, text="Cancer"
    )
    return trial


def publish(trial: Trial) -> None:
    trial.published = True
    trial.save()
    notifications.rematch()  # what the scheduled re-matching does next


def change_codes(trial: Trial, codes: list[str]) -> None:
    criterion = trial.criteria.get(type="diagnosis")
    criterion.params = {"codes": codes}
    criterion.save()


def inbox(address: str) -> list[mail.EmailMultiAlternatives]:
    return [m for m in mail.outbox if address in m.to]  # type: ignore[misc]


def link_in(message, name: str) -> str:
    found = re.search(rf"https://trials\.example\.org(/notify/{name}/[^/\s]+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


# Opt-in -----------------------------------------------------------------------------------------


def test_subscribing_needs_consent_and_stores_an_unconfirmed_snapshot(
    client: Client, seeded_catalogue, monkeypatch
):
    walk(client, THIRD_LINE_NPC)
    page = client.get("/notify/").content.decode()
    assert "stores my email address and a copy of my answers" in page
    refused = client.post("/notify/", {"email": "mei@example.org"})
    assert refused.status_code == 200
    assert "Tick the box to agree" in refused.content.decode()
    bad = client.post("/notify/", {"email": "not an email", "consent": "on"})
    assert 'class="error-summary"' in bad.content.decode()
    assert not Subscription.objects.exists()

    response = client.post("/notify/", {"email": "mei@example.org", "consent": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/notify/check-your-email/"
    assert "Check your email" in client.get(response["Location"]).content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "mei@example.org"
    assert subscription.answers["diagnosis"] == "NPC"
    assert set(subscription.answered_on) == set(subscription.answers)
    assert subscription.language == "en"
    assert subscription.confirmed_at is None
    assert "copy of my answers" in subscription.consent_text

    run_worker(monkeypatch)
    [message] = inbox("mei@example.org")
    assert "Confirm" in message.subject
    assert link_in(message, "confirm")
    assert link_in(message, "manage")  # a way to delete it even before confirming
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://trials.example.org/notify/manage/"
    )
    [sent] = Message.objects.filter(kind=notifications.CONFIRMATION)
    assert (sent.status, sent.topic) == ("sent", f"subscription:{subscription.pk}")


def test_the_confirmation_link_works_once(client: Client, seeded_catalogue, monkeypatch):
    client.post("/notify/", {"email": "mei@example.org", "consent": "on"})
    run_worker(monkeypatch)
    [message] = inbox("mei@example.org")
    confirm = link_in(message, "confirm")

    page = client.get(confirm)  # mail scanners follow links: a GET changes nothing
    assert page.status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    response = client.post(confirm)
    assert response.status_code == 302
    assert response["Location"].startswith("/notify/manage/")
    assert "Thank you" in client.get(response["Location"]).content.decode()
    assert Subscription.objects.get().confirmed_at is not None

    assert client.get(confirm).status_code == 404
    assert client.post(confirm).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/notify/confirm/nonsense/", "/notify/manage/nonsense/", "/notify/confirm/a:b/"],
)
def test_bad_tokens_get_the_friendly_404(client: Client, db, path: str):
    subscriber("mei@example.org", {}, confirm=False)
    response = client.get(path)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_a_link_for_one_purpose_does_not_work_for_the_other(client: Client, db):
    subscription = subscriber("mei@example.org", {}, confirm=False)
    confirm_path = f"/notify/confirm/{notifications.confirm_token(subscription)}/"
    manage_path = f"/notify/manage/{notifications.manage_token(subscription)}/"
    assert client.get(confirm_path.replace("confirm", "manage", 1)).status_code == 404
    assert client.get(manage_path.replace("manage", "confirm", 1)).status_code == 404
    assert client.get(f"/notify/manage/{subscription.key}/").status_code == 404  # unsigned


def test_an_expired_confirmation_link_deletes_the_sign_up(client: Client, db):
    subscription = subscriber("mei@example.org", NPC_ANSWERS, confirm=False)
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    response = client.get(f"/notify/confirm/{notifications.confirm_token(subscription)}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert not Subscription.objects.exists()


def test_old_unconfirmed_sign_ups_are_purged(client: Client, db):
    subscriber("old@example.org", NPC_ANSWERS, confirm=False)
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    subscriber("recent@example.org", NPC_ANSWERS, confirm=False)
    client.post("/notify/", {"email": "new@example.org", "consent": "on"})
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "recent@example.org",
        "new@example.org",
    }


def test_the_contact_confirmation_links_to_the_sign_up(client: Client, seeded_catalogue):
    from trials.models import Site

    site = Site.objects.get(trial__slug="hlx43-recurrent-metastatic-npc")
    response = client.post(
        "/trials/hlx43-recurrent-metastatic-npc/contact/",
        {
            "first_name": "Mei",
            "last_name": "Chen",
            "email": "mei@example.org",
            "phone": "+8613800138000",
            "site": str(site.pk),
            "consent": "on",
            "form_token": "0f5b7f36-52f0-4ac4-8d0c-6d2d25a4a0d1",
        },
    )
    page = client.get(response["Location"]).content.decode()
    assert 'href="/notify/"' in page
    assert "coming soon" not in page


def test_subscribing_is_rate_limited(client: Client, db, settings):
    settings.KEEP_RATE_LIMIT = (2, 3600)
    for n in range(2):
        client.post("/notify/", {"email": f"a{n}@example.org", "consent": "on"})
    response = client.post("/notify/", {"email": "a3@example.org", "consent": "on"})
    assert response.status_code == 429
    assert Subscription.objects.count() == 2


# Re-matching ------------------------------------------------------------------------------------


def test_publishing_emails_only_confirmed_subscribers_it_now_fits_once(db, monkeypatch):
    fits = subscriber("fits@example.org", NPC_ANSWERS)
    subscriber("breast@example.org", {"diagnosis": "BREAST"})
    subscriber("unconfirmed@example.org", NPC_ANSWERS, confirm=False)
    subscriber("unsure@example.org", {})  # no answers: every new trial may fit
    trial = new_trial("new-npc-trial", ["NPC"])

    publish(trial)
    run_worker(monkeypatch)
    assert sorted(m.to[0] for m in mail.outbox) == ["fits@example.org", "unsure@example.org"]
    [message] = inbox("fits@example.org")
    assert "Trial new-npc-trial" in message.subject
    assert "https://trials.example.org/trials/new-npc-trial/" in message.body
    assert "Likely eligible" in message.body
    manage = link_in(message, "manage")
    assert manage == f"/notify/manage/{notifications.manage_token(fits)}/"
    notification = TrialNotification.objects.get(subscription=fits, trial=trial)
    assert Message.objects.get(key=f"trial-notification:{notification.pk}").status == "sent"

    # Published again, and its criteria changed: nobody is told twice.
    publish(trial)
    change_codes(trial, ["NPC", "HNSC"])
    notifications.rematch()
    run_worker(monkeypatch)
    assert len(mail.outbox) == 2

    # A change that makes it fit someone new tells only them.
    change_codes(trial, ["SOLID"])
    notifications.rematch()
    run_worker(monkeypatch)
    assert [m.to[0] for m in mail.outbox[2:]] == ["breast@example.org"]
    assert not inbox("unconfirmed@example.org")


def test_trials_already_on_the_results_at_sign_up_are_not_news(seeded_catalogue, monkeypatch):
    subscription = subscriber("mei@example.org", NPC_ANSWERS)
    known = set(
        TrialNotification.objects.filter(subscription=subscription).values_list(
            "trial__slug", "kind"
        )
    )
    assert ("hlx43-recurrent-metastatic-npc", "shown") in known
    hlx43 = Trial.objects.get(slug="hlx43-recurrent-metastatic-npc")
    ecog = hlx43.criteria.get(type="ecog")
    ecog.params = {"min": 0, "max": 2}
    ecog.save()
    notifications.rematch()
    run_worker(monkeypatch)
    assert mail.outbox == []


def test_a_trial_published_between_sign_up_and_confirmation_is_told_on_confirming(db, monkeypatch):
    subscription = subscriber("mei@example.org", NPC_ANSWERS, confirm=False)
    trial = new_trial("new-npc-trial", ["NPC"])
    publish(trial)
    run_worker(monkeypatch)
    assert mail.outbox == []  # not confirmed yet
    notifications.confirm(subscription)
    run_worker(monkeypatch)
    [message] = inbox("mei@example.org")
    assert "Trial new-npc-trial" in message.subject
    publish(trial)
    run_worker(monkeypatch)
    assert len(mail.outbox) == 1


def test_an_unpublished_trial_is_not_matched(db, monkeypatch):
    subscriber("fits@example.org", NPC_ANSWERS)
    new_trial("draft", ["NPC"])
    assert notifications.rematch() == 0
    run_worker(monkeypatch)
    assert mail.outbox == []


def test_the_email_is_in_the_subscribers_language(db, monkeypatch):
    subscriber("zh@example.org", NPC_ANSWERS, language="zh-hans")
    subscriber("en@example.org", NPC_ANSWERS, language="en")
    publish(new_trial("new-npc-trial", ["NPC"]))
    run_worker(monkeypatch)
    [chinese] = inbox("zh@example.org")
    [english] = inbox("en@example.org")
    assert '<html lang="zh-hans">' in chinese.alternatives[0].content
    assert '<html lang="en">' in english.alternatives[0].content


def test_every_write_path_moves_the_catalogue_version_and_re_matching_follows(
    client: Client, db, monkeypatch
):
    """No write path asks for re-matching: the admin's writes move the catalogue version, and
    the scheduled re-matching notices."""
    subscriber("fits@example.org", NPC_ANSWERS)
    client.force_login(User.objects.create_superuser("curator", "curator@example.org", "x"))
    data = {
        "brief_title": "An admin trial",
        "slug": "an-admin-trial",
        "phase": "PHASE2",
        "overall_status": "RECRUITING",
        "eligibility_coverage": "full",
        "condition_terms": "[]",
        "published": "on",
    }
    for prefix in ["criteria", "interventions", "outcomes", "sites", "faqs"]:
        data |= {
            f"{prefix}-TOTAL_FORMS": "1" if prefix == "criteria" else "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data |= {
        "criteria-0-kind": "inclusion",
        "criteria-0-type": "diagnosis",
        "criteria-0-params": json.dumps({"codes": ["NPC"]}),
        "criteria-0-text": "Nasopharyngeal carcinoma",
        "criteria-0-order": "1",
        "criteria-0-reviewed": "on",
    }
    before = CatalogueVersion.current()
    response = client.post("/admin/trials/trial/add/", data)
    assert response.status_code == 302
    assert CatalogueVersion.current() > before
    assert notifications.rematch() == 1
    assert notifications.rematch() == 0  # nothing changed since
    run_worker(monkeypatch)
    [message] = inbox("fits@example.org")
    assert "An admin trial" in message.subject

    # Changing a criterion moves the version again; still nobody is told twice.
    trial = Trial.objects.get(slug="an-admin-trial")
    criterion = trial.criteria.get()
    change = {
        **data,
        "brief_title": "Renamed",
        "criteria-INITIAL_FORMS": "1",
        "criteria-0-id": str(criterion.pk),
        "criteria-0-trial": str(trial.pk),
        "initial-criteria-0-params": json.dumps({"codes": ["NPC"]}),
        "criteria-0-params": json.dumps({"codes": ["NPC", "HNSC"]}),
    }
    before = CatalogueVersion.current()
    response = client.post(f"/admin/trials/trial/{trial.pk}/change/", change)
    assert response.status_code == 302
    assert CatalogueVersion.current() > before
    assert notifications.rematch() == 0
    run_worker(monkeypatch)
    assert len(mail.outbox) == 1


def test_publishing_from_the_review_screen_re_matches_subscribers(client: Client, db, monkeypatch):
    subscriber("fits@example.org", NPC_ANSWERS)
    trial = new_trial("reviewed-trial", ["NPC"])
    trial.criteria.update(reviewed=True)
    client.force_login(User.objects.create_superuser("curator", "curator@example.org", "x"))
    response = client.post(f"/admin/trials/trial/{trial.pk}/review/", {"action": "publish"})
    assert response.status_code == 302
    assert Trial.objects.get(pk=trial.pk).published
    call_command("rematch_subscriptions", stdout=io.StringIO())
    run_worker(monkeypatch)
    [message] = inbox("fits@example.org")
    assert "Trial reviewed-trial" in message.subject


def test_importing_trials_re_matches_and_never_twice(db, monkeypatch):
    subscriber("mei@example.org", {"diagnosis": "NPC"})
    for _ in range(2):
        call_command("import_trials", str(SEEDS), stdout=io.StringIO())
        notifications.rematch()
        run_worker(monkeypatch)
    subjects = sorted(m.subject for m in inbox("mei@example.org"))
    assert len(subjects) == 3  # the three seed trials, each once
    assert DBTaskResult.objects.filter(status="FAILED").count() == 0


# Leaving ----------------------------------------------------------------------------------------


def test_unsubscribing_deletes_the_subscription_answers_and_notifications(
    client: Client, db, monkeypatch
):
    fits = subscriber("fits@example.org", NPC_ANSWERS)
    other = subscriber("other@example.org", NPC_ANSWERS)
    publish(new_trial("new-npc-trial", ["NPC"]))
    run_worker(monkeypatch)
    manage = link_in(inbox("fits@example.org")[0], "manage")

    page = client.get(manage)
    assert page.status_code == 200
    assert "Unsubscribe and delete my data" in page.content.decode()
    assert Subscription.objects.filter(pk=fits.pk).exists()
    response = client.post(manage)
    assert response.status_code == 302
    assert "You have unsubscribed" in client.get(response["Location"]).content.decode()

    assert not Subscription.objects.filter(pk=fits.pk).exists()
    assert not Subscription.objects.filter(email="fits@example.org").exists()
    assert not TrialNotification.objects.filter(subscription_id=fits.pk).exists()
    assert client.get(manage).status_code == 404
    assert Subscription.objects.filter(pk=other.pk).exists()  # nobody else's data


def test_a_queued_email_for_a_deleted_subscription_is_not_sent(client: Client, db, monkeypatch):
    fits = subscriber("fits@example.org", NPC_ANSWERS)
    publish(new_trial("new-npc-trial", ["NPC"]))
    client.post(f"/notify/manage/{notifications.manage_token(fits)}/")
    run_worker(monkeypatch)
    assert mail.outbox == []


def test_staff_see_subscriptions_read_only_without_answers(client: Client, db):
    subscription = subscriber("mei@example.org", {"diagnosis": "NPC", "ecog": 1})
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    page = client.get(f"/admin/keep/subscription/{subscription.pk}/change/")
    assert page.status_code == 200
    body = without_tokens(page.content.decode())
    assert "mei@example.org" in body
    assert "NPC" not in body
    assert 'name="_save"' not in body
    assert client.get("/admin/keep/subscription/add/").status_code == 403
