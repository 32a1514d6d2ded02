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

from matcher import notifications
from matcher.models import Subscription, TrialNotification
from matcher.session import Questionnaire
from tests.conftest import SEEDS
from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk
from tests.worker import run_worker
from trials.models import EligibilityCriterion, Trial

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
    DBTaskResult.objects.filter(task_path__endswith="send_subscription_confirmation").delete()
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
    notifications.trial_changed(trial)


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
    subscription.refresh_from_db()
    assert subscription.confirmation_sent_at is not None


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
    assert TrialNotification.objects.get(subscription=fits, trial=trial).sent_at is not None

    # Published again, and its criteria changed: nobody is told twice.
    publish(trial)
    EligibilityCriterion.objects.filter(trial=trial).update(params={"codes": ["NPC", "HNSC"]})
    notifications.trial_changed(trial)
    run_worker(monkeypatch)
    assert len(mail.outbox) == 2

    # A change that makes it fit someone new tells only them.
    EligibilityCriterion.objects.filter(trial=trial).update(params={"codes": ["SOLID"]})
    notifications.trial_changed(trial)
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
    hlx43.criteria.filter(type="ecog").update(params={"min": 0, "max": 2})
    notifications.trial_changed(hlx43)
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
    trial = new_trial("draft", ["NPC"])
    notifications.trial_changed(trial)
    assert notifications.rematch(trial.pk) == 0
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


def test_publishing_in_the_admin_queues_the_re_matching_on_commit(
    client: Client, db, monkeypatch, django_capture_on_commit_callbacks
):
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
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/admin/trials/trial/add/", data)
    assert response.status_code == 302
    assert len(callbacks) == 1
    run_worker(monkeypatch)
    [message] = inbox("fits@example.org")
    assert "An admin trial" in message.subject

    # Saving it again without touching publication or criteria re-matches nobody; changing a
    # criterion does (and still tells nobody twice).
    trial = Trial.objects.get(slug="an-admin-trial")
    criterion = trial.criteria.get()
    change = {
        **data,
        "brief_title": "Renamed",
        "criteria-INITIAL_FORMS": "1",
        "criteria-0-id": str(criterion.pk),
        "criteria-0-trial": str(trial.pk),
        # The admin's hidden copy of a JSON field's value as it was shown.
        "initial-criteria-0-params": json.dumps({"codes": ["NPC"]}),
    }
    rematches = DBTaskResult.objects.filter(task_path__endswith="rematch_subscriptions")
    assert rematches.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/trials/trial/{trial.pk}/change/", change)
    assert response.status_code == 302
    assert Trial.objects.get(pk=trial.pk).brief_title == "Renamed"
    assert rematches.count() == 1
    change["criteria-0-params"] = json.dumps({"codes": ["NPC", "HNSC"]})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/trials/trial/{trial.pk}/change/", change)
    assert response.status_code == 302
    assert rematches.count() == 2
    run_worker(monkeypatch)
    assert len(mail.outbox) == 1


def test_importing_trials_re_matches_on_commit_and_never_twice(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    subscriber("mei@example.org", {"diagnosis": "NPC"})
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_trials", str(SEEDS), stdout=io.StringIO())
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
    notifications.rematch(Trial.objects.get(slug="new-npc-trial").pk)
    client.post(f"/notify/manage/{notifications.manage_token(fits)}/")
    run_worker(monkeypatch)
    assert mail.outbox == []


def test_staff_see_subscriptions_read_only_without_answers(client: Client, db):
    subscription = subscriber("mei@example.org", {"diagnosis": "NPC", "ecog": 1})
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    page = client.get(f"/admin/matcher/subscription/{subscription.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "mei@example.org" in body
    assert "NPC" not in body
    assert 'name="_save"' not in body
    assert client.get("/admin/matcher/subscription/add/").status_code == 403
