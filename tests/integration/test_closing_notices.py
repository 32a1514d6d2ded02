"""When a trial closes upstream and is unpublished (by the registry sync or by a curator), the
people who knew it keep their data and are told: subscribers by one email per closing, in their
language, over a real SMTP conversation; saved results list the trial apart as closed."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from keep import notifications
from keep.models import SavedResult, Subscription, TrialNotification
from outbox.models import Message
from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk
from tests.replay import Registry, ReplayServer, nct_id, real_studies, status_of
from tests.smtp import SITE_URL, html_of, text_of
from tests.worker import run_worker
from trials.models import Trial

pytestmark = pytest.mark.django_db

QUERIED = [s for s in real_studies() if status_of(s) in {"RECRUITING", "NOT_YET_RECRUITING"}]
HLX43_KEY = "NCT06839066"


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registry() -> Registry:
    return Registry(real_studies())


@pytest.fixture
def server(registry: Registry, settings: Any) -> Iterator[ReplayServer]:
    with ReplayServer(registry) as running:
        settings.CTGOV_API_URL = running.url
        settings.CTGOV_PAGE_SIZE = 4
        settings.CTGOV_REQUESTS_PER_MINUTE = 0
        settings.CTGOV_RETRY_WAIT_SECONDS = (0.01, 0.05)
        settings.CTGOV_RETRY_ATTEMPTS = 4
        settings.CTGOV_TIMEOUT_SECONDS = 0.3
        yield running


def sync() -> dict[str, int]:
    out = io.StringIO()
    call_command("sync_ctgov", stdout=out)
    return json.loads(out.getvalue())


def subscriber(email: str, language: str, trial: Trial, kind: str = "email") -> Subscription:
    """A confirmed subscription that was told about `trial` (or had it on its results)."""
    subscription = Subscription.objects.create(
        email=email,
        language=language,
        answers={"age": 52},
        answered_on={"age": "2026-11-01"},
        consent_text="I agree.",
        confirmed_at=timezone.now(),
    )
    TrialNotification.objects.create(
        subscription=subscription, trial=trial, kind=kind, verdict="possibly_eligible"
    )
    return subscription


def test_a_sync_that_closes_a_trial_tells_each_subscriber_once_in_their_language(
    server: ReplayServer, registry: Registry, smtp, monkeypatch
) -> None:
    smtp.start()
    sync()
    key = nct_id(QUERIED[1])
    trial = Trial.objects.get(nct_id=key)
    trial.published = True
    trial.save()
    mei = subscriber("mei.chen@example.org", "zh-hans", trial)
    subscriber("Mei.Chen@example.org ", "zh-hans", trial, kind="shown")  # the same person again
    sam = subscriber("sam@example.org", "en", trial, kind="shown")
    Subscription.objects.create(  # never confirmed: not told
        email="later@example.org", language="en", consent_text="I agree."
    )
    notifications.rematch()
    run_worker(monkeypatch)
    before = len(smtp.inbox.messages)

    registry.set_status(key, "COMPLETED", "2026-11-25")
    assert sync()["closed"] == 1
    assert notifications.rematch() == 2
    run_worker(monkeypatch)

    sent = {recipients[0]: message for recipients, message in smtp.inbox.messages[before:]}
    assert sorted(sent) == ["mei.chen@example.org", "sam@example.org"]
    chinese, english = sent["mei.chen@example.org"], sent["sam@example.org"]
    assert trial.brief_title in english["Subject"]
    assert "no longer recruiting" in english["Subject"]
    body = text_of(english)
    assert "Its status is now completed, as of 25 November 2026." in body
    assert f"{SITE_URL}{trial.get_absolute_url()}" in body
    assert f'href="{SITE_URL}{trial.get_absolute_url()}"' in html_of(english)
    assert english["List-Unsubscribe"].startswith(f"<{SITE_URL}/notify/manage/")
    assert "不再招募" in chinese["Subject"]
    assert "已完成" in text_of(chinese)
    assert "2026年11月25日" in text_of(chinese)
    assert "no longer recruiting" not in text_of(chinese)

    # Once: neither a second re-match nor a second pass over closings sends anything.
    assert notifications.rematch() == 0
    assert notifications.tell_closings() == 0
    run_worker(monkeypatch)
    assert len(smtp.inbox.messages) == before + 2
    assert Message.objects.filter(kind=notifications.CLOSED).count() == 2
    # Everyone keeps their subscription, answers and rows.
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 3
    mei.refresh_from_db()
    assert mei.answers == {"age": 52}
    told = TrialNotification.objects.filter(trial=trial)
    assert set(told.values_list("closed_notice_on", flat=True)) == {dt.date(2026, 11, 25)}
    assert told.filter(subscription=sam).exists()
    # The trial page, which the email links to, stays up and says why.
    page = Client().get(trial.get_absolute_url())
    assert page.status_code == 200
    assert "This study is no longer recruiting" in page.text


def test_a_trial_that_reopens_and_closes_again_is_news_again(seeded_catalogue) -> None:
    trial = Trial.objects.get(nct_id=HLX43_KEY)
    subscriber("mei.chen@example.org", "en", trial)
    for day in (dt.date(2026, 10, 1), dt.date(2026, 11, 1)):
        Trial.objects.filter(pk=trial.pk).update(
            published=False, overall_status="SUSPENDED", closed_on=day
        )
        assert notifications.tell_closings() == 1
        assert notifications.tell_closings() == 0
        Trial.objects.filter(pk=trial.pk).update(
            published=True, overall_status="RECRUITING", closed_on=None
        )
    assert Message.objects.filter(kind=notifications.CLOSED).count() == 2


def test_a_reopened_trial_needs_no_closing_email_any_more(seeded_catalogue, monkeypatch) -> None:
    trial = Trial.objects.get(nct_id=HLX43_KEY)
    subscriber("mei.chen@example.org", "en", trial)
    Trial.objects.filter(pk=trial.pk).update(
        published=False, overall_status="TERMINATED", closed_on=dt.date(2026, 11, 1)
    )
    notifications.tell_closings()
    Trial.objects.filter(pk=trial.pk).update(published=True, overall_status="RECRUITING")
    run_worker(monkeypatch)
    assert Message.objects.get(kind=notifications.CLOSED).status == Message.Status.CANCELLED


def test_a_curator_who_unpublishes_a_closed_trial_closes_it(client: Client, settings) -> None:
    client.force_login(User.objects.create_superuser("curator", "curator@example.org", "x"))
    trial = Trial.objects.create(
        slug="a-closing-trial",
        brief_title="A closing trial",
        published=True,
        overall_status="RECRUITING",
    )
    subscriber("sam@example.org", "en", trial)
    data = {
        "brief_title": trial.brief_title,
        "slug": trial.slug,
        "phase": "PHASE2",
        "overall_status": "WITHDRAWN",
        "eligibility_coverage": "full",
        "condition_terms": "[]",
    }
    for prefix in ["criteria", "interventions", "outcomes", "sites", "faqs"]:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    response = client.post(f"/admin/trials/trial/{trial.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    trial.refresh_from_db()
    assert trial.published is False
    assert trial.closed_on == timezone.localdate()
    assert notifications.rematch() == 1
    message = Message.objects.get(kind=notifications.CLOSED)
    email = notifications.closed_email(
        TrialNotification.objects.get(pk=message.args["notification"])
    )
    assert "Its status is now withdrawn" in email.body
    assert client.get("/trials/a-closing-trial/").status_code == 200

    # Published again by the curator: open, and no longer closed.
    data["overall_status"] = "RECRUITING"
    data["published"] = "on"
    assert client.post(f"/admin/trials/trial/{trial.pk}/change/", data).status_code == 302
    trial.refresh_from_db()
    assert trial.published is True
    assert trial.closed_on is None


def owner_path(client: Client) -> str:
    response = client.post("/match/results/save/", {"note": "", "consent": "on"})
    assert response.status_code == 302
    path = response["Location"]
    assert re.fullmatch(r"/saved/[\w-]+/", path)
    return path


def test_a_saved_result_marks_a_trial_that_closed_since_with_the_reason(
    client: Client, seeded_catalogue
) -> None:
    walk(client, THIRD_LINE_NPC)
    path = owner_path(client)
    saved_on = SavedResult.objects.get().saved_on
    assert "Closed since these answers were saved" not in client.get(path).text

    trial = Trial.objects.get(nct_id=HLX43_KEY)
    trial.overall_status = Trial.Status.TERMINATED
    trial.published = False
    trial.closed_on = saved_on
    trial.save()

    page = client.get(path).text
    closed = page[page.index('id="saved-closed-heading"') :]
    assert "Closed since these answers were saved" in page
    assert f'href="{trial.get_absolute_url()}"' in closed
    assert "No longer recruiting: its status is now terminated" in closed
    assert "Result on the day the answers were saved: Likely eligible." in closed
    # Only there: it is no longer among the trials judged.
    assert page.count(f'href="{trial.get_absolute_url()}"') == 1
    chinese = client.get(path, headers={"accept-language": "zh-hans"}).text
    assert "自保存这些答案以来已关闭" in chinese
    assert "已终止" in chinese


def test_a_trial_closed_before_saving_or_ruled_out_is_not_marked(
    client: Client, seeded_catalogue
) -> None:
    walk(
        client,
        {"diagnosis": "BREAST", "disease_status": ["metastatic"], "prior_systemic_lines": "1"},
    )
    path = owner_path(client)
    saved_on = SavedResult.objects.get().saved_on
    # HLX43 rules out breast cancer; IBB0979 closed the day before the answers were saved.
    Trial.objects.filter(nct_id=HLX43_KEY).update(
        published=False, overall_status="COMPLETED", closed_on=saved_on
    )
    Trial.objects.filter(slug__startswith="ibb0979").update(
        published=False, overall_status="COMPLETED", closed_on=saved_on - dt.timedelta(days=1)
    )
    assert "Closed since these answers were saved" not in client.get(path).text
