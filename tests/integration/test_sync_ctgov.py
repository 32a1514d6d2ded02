"""The registry sync against a local replay of the API v2 (tests/replay.py): never the network."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tests.replay import Registry, ReplayServer, nct_id, real_studies, status_of
from tests.worker import run_worker
from trials import sync
from trials.models import CatalogueVersion, EligibilityCriterion, Site, SyncRun, SyncState, Trial

pytestmark = pytest.mark.django_db

STUDIES = real_studies()
# The query asks for these statuses: the real fixtures without a status module are left out.
QUERIED = [study for study in STUDIES if status_of(study) in {"RECRUITING", "NOT_YET_RECRUITING"}]


@pytest.fixture
def registry() -> Registry:
    return Registry(STUDIES)


@pytest.fixture
def server(registry: Registry, settings: Any) -> Iterator[ReplayServer]:
    with ReplayServer(registry) as running:
        settings.CTGOV_API_URL = running.url
        settings.CTGOV_PAGE_SIZE = 4
        settings.CTGOV_REQUESTS_PER_MINUTE = 0  # no pause between requests here
        settings.CTGOV_RETRY_WAIT_SECONDS = (0.01, 0.05)
        settings.CTGOV_RETRY_ATTEMPTS = 4
        settings.CTGOV_TIMEOUT_SECONDS = 0.3
        yield running


def run_command(*args: str) -> dict[str, int]:
    out = io.StringIO()
    call_command("sync_ctgov", *args, stdout=out)
    return json.loads(out.getvalue())


def snapshot() -> dict[str, Any]:
    """Every trial, site and criterion row (ids included): to prove nothing changed."""
    return {
        "trials": list(Trial.objects.order_by("pk").values()),
        "sites": list(Site.objects.order_by("pk").values()),
        "criteria": list(EligibilityCriterion.objects.order_by("pk").values()),
    }


def test_first_sync_imports_every_queried_study_through_the_importer(
    server: ReplayServer, registry: Registry
) -> None:
    summary = run_command()

    pages = -(-len(QUERIED) // 4)  # the query's pages, then one page of known NCT IDs
    assert summary == {
        "pages": pages + 1,
        "created": len(QUERIED),
        "updated": 0,
        "unchanged": 0,  # the known-IDs pass meets them again in the same run: not counted
        "closed": 0,
        "failed": 0,
    }
    assert sorted(str(key) for key in Trial.objects.values_list("nct_id", flat=True)) == sorted(
        nct_id(study) for study in QUERIED
    )
    first = registry.requests[0]
    assert first["filter.overallStatus"] == ["RECRUITING|NOT_YET_RECRUITING"]
    assert "query.cond" in first
    assert "filter.advanced" not in first
    known = registry.requests[-1]
    assert "filter.overallStatus" not in known
    assert len(known["filter.ids"][0].split("|")) == len(QUERIED)
    run = SyncRun.objects.get()
    assert run.outcome == SyncRun.Outcome.SUCCEEDED
    assert run.full
    assert run.finished_at
    assert SyncState.load().high_water == dt.date(2026, 11, 1)
    assert SyncState.load().cursor == {}


def test_sites_keep_place_status_contacts_and_coordinates(
    server: ReplayServer, registry: Registry
) -> None:
    study = registry.studies["NCT03745326"]
    location = study["protocolSection"]["contactsLocationsModule"]["locations"][0]
    location["geoPoint"] = {"lat": 38.98067, "lon": -77.10026}  # Bethesda, as the API gives it
    run_command()

    site = Site.objects.get(trial__nct_id="NCT03745326")
    assert (site.facility, site.city, site.state, site.postcode, site.country) == (
        "National Institutes of Health Clinical Center",
        "Bethesda",
        "Maryland",
        "20892",
        "United States",
    )
    assert site.status == "RECRUITING"
    assert (site.latitude, site.longitude) == (38.98067, -77.10026)
    assert site.contacts
    assert site.contacts[0]["name"] == site.contact_name
    assert site.contact_phone.startswith(site.contacts[0]["phone"])


def test_running_twice_changes_nothing(server: ReplayServer) -> None:
    run_command()
    before, version = snapshot(), CatalogueVersion.current()

    summary = run_command()

    assert summary["created"] == summary["updated"] == summary["closed"] == 0
    assert summary["unchanged"] > 0
    assert snapshot() == before
    assert CatalogueVersion.current() == version


def test_incremental_run_asks_since_the_high_water_mark_and_sees_a_changed_study(
    server: ReplayServer, registry: Registry
) -> None:
    run_command()
    key = nct_id(QUERIED[0])
    changed = json.loads(json.dumps(registry.studies[key]))
    changed["protocolSection"]["identificationModule"]["briefTitle"] = "A new brief title"
    registry.put(changed, "2026-11-20")
    registry.requests.clear()

    summary = run_command()

    assert summary["updated"] == 1
    assert summary["created"] == 0
    assert Trial.objects.get(nct_id=key).brief_title == "A new brief title"
    ranges = {query["filter.advanced"][0] for query in registry.requests}
    assert ranges == {"AREA[LastUpdatePostDate]RANGE[2026-11-01,MAX]"}  # inclusive: same day
    assert SyncState.load().high_water == dt.date(2026, 11, 20)
    run = SyncRun.objects.first()
    assert run is not None
    assert not run.full
    assert run.since == dt.date(2026, 11, 1)


def test_a_study_that_closed_is_unpublished_and_its_page_says_why(
    server: ReplayServer, registry: Registry, client: Client
) -> None:
    run_command()
    key = nct_id(QUERIED[1])
    trial = Trial.objects.get(nct_id=key)
    trial.published = True  # a curator reviewed and published it
    trial.save()
    registry.set_status(key, "COMPLETED", "2026-11-25")

    summary = run_command()

    assert summary["closed"] == 1
    trial.refresh_from_db()
    assert trial.published is False
    assert trial.overall_status == "COMPLETED"
    assert trial.closed_on == dt.date(2026, 11, 25)
    response = client.get(trial.get_absolute_url())
    assert response.status_code == 200
    assert "This study is no longer recruiting" in response.text
    assert "completed on 25 November 2026" in response.text
    assert run_command()["closed"] == 0  # once


def test_a_study_closed_before_it_was_ever_published_stays_out_of_sight(
    server: ReplayServer, registry: Registry, client: Client, settings: Any
) -> None:
    settings.CTGOV_SYNC_STATUSES = []  # no status filter: closed studies come too
    key = nct_id(QUERIED[0])
    registry.set_status(key, "TERMINATED", "2026-11-02")

    run_command()

    trial = Trial.objects.get(nct_id=key)
    assert trial.published is False
    assert trial.closed_on is None
    assert client.get(trial.get_absolute_url()).status_code == 404


def test_a_held_back_trial_is_not_published_by_a_sync(
    server: ReplayServer, registry: Registry
) -> None:
    run_command()
    key = nct_id(QUERIED[2])
    trial = Trial.objects.get(nct_id=key)
    assert trial.published  # published at once, its criteria read automatically
    # A curator takes it off the site and holds it back.
    Trial.objects.filter(pk=trial.pk).update(held_back=True, published=False)
    other = Trial.objects.exclude(pk=trial.pk).filter(published=True).first()
    assert other is not None
    for study in (registry.studies[key], registry.studies[str(other.nct_id)]):
        study["protocolSection"]["identificationModule"]["acronym"] = "CHANGED"
        registry.put(study, "2026-11-21")

    run_command()

    assert Trial.objects.get(pk=trial.pk).published is False
    assert Trial.objects.get(pk=other.pk).published is True  # the same, not held back


def test_a_sync_never_overwrites_criteria_a_curator_reviewed(
    server: ReplayServer, registry: Registry
) -> None:
    run_command()
    key = "NCT06898385"
    criterion = EligibilityCriterion.objects.filter(trial__nct_id=key, type="text").first()
    assert criterion is not None
    criterion.type, criterion.params, criterion.reviewed = "flag", {"question": "transplant"}, True
    criterion.kind = "exclusion"
    criterion.save()
    study = registry.studies[key]
    study["protocolSection"]["identificationModule"]["briefTitle"] = "Retitled"
    registry.put(study, "2026-11-22")

    assert run_command()["updated"] == 1

    criterion.refresh_from_db()
    assert (criterion.type, criterion.reviewed) == ("flag", True)


def test_coordinators_survive_a_resync(server: ReplayServer, registry: Registry) -> None:
    run_command()
    site = Site.objects.filter(trial__nct_id="NCT06008288").first()
    assert site is not None
    user = get_user_model().objects.create_user("coordinator", password="x")
    site.coordinators.add(user)
    study = registry.studies["NCT06008288"]
    study["protocolSection"]["identificationModule"]["briefTitle"] = "Retitled"
    registry.put(study, "2026-11-23")

    run_command()

    assert Site.objects.get(pk=site.pk).coordinators.get() == user


@pytest.mark.parametrize("fault", ["429", "500", "timeout", "malformed"])
def test_passing_faults_are_retried(fault: str, server: ReplayServer, registry: Registry) -> None:
    registry.faults = [fault, fault]

    summary = run_command()

    assert summary["created"] == len(QUERIED)
    assert summary["failed"] == 0
    assert len(registry.requests) >= 2 + summary["pages"]


def test_a_registry_that_keeps_failing_stops_the_run_which_resumes_later(
    server: ReplayServer, registry: Registry
) -> None:
    run_command()
    for study in QUERIED:
        changed = json.loads(json.dumps(study))
        changed["protocolSection"]["identificationModule"]["briefTitle"] += " (amended)"
        registry.put(changed, "2026-11-24")
    registry.faults = ["ok"] + ["500"] * 10  # the first page, then nothing but errors

    with pytest.raises(CommandError, match="500 server error"):
        run_command()

    failed = SyncRun.objects.first()
    assert failed is not None
    assert failed.outcome == SyncRun.Outcome.FAILED
    assert failed.pages == 1
    assert "500" in failed.error
    assert SyncState.load().cursor["token"] == "p4"
    registry.faults = []
    registry.requests.clear()

    summary = run_command()

    assert registry.requests[0]["pageToken"] == ["p4"]
    assert SyncRun.objects.first().resumed  # type: ignore[union-attr]
    assert summary["updated"] == len(QUERIED) - 4


def test_a_crash_mid_run_resumes_from_the_stored_token_without_duplicates_or_losses(
    server: ReplayServer, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = sync.import_study
    calls = {"n": 0}

    def crash_after_two_pages(study: Any, digest: str, updated_on: Any) -> str:
        calls["n"] += 1
        if calls["n"] == 2 * 4 + 1:  # the first study of page 3
            raise RuntimeError("power cut")
        return real_import(study, digest, updated_on)

    monkeypatch.setattr(sync, "import_study", crash_after_two_pages)
    with pytest.raises(RuntimeError):
        sync.sync_ctgov()
    assert Trial.objects.count() == 8
    crashed = SyncRun.objects.get()
    assert crashed.outcome == SyncRun.Outcome.FAILED
    assert crashed.pages == 2
    assert crashed.created == 8
    assert "power cut" in crashed.error
    registry.requests.clear()

    resumed = sync.sync_ctgov()

    assert registry.requests[0]["pageToken"] == ["p8"]
    assert resumed.resumed
    assert resumed.created == len(QUERIED) - 8
    assert sorted(str(key) for key in Trial.objects.values_list("nct_id", flat=True)) == sorted(
        nct_id(study) for study in QUERIED
    )


def test_a_study_the_importer_rejects_is_recorded_with_its_reason(
    server: ReplayServer, registry: Registry
) -> None:
    bad = json.loads(json.dumps(QUERIED[0]))
    bad["protocolSection"]["identificationModule"]["nctId"] = "NCT09990001"
    bad["protocolSection"]["eligibilityModule"]["minimumAge"] = "eighteen"
    registry.put(bad, "2026-11-01")

    summary = run_command()

    assert summary["failed"] == 1
    assert summary["created"] == len(QUERIED)
    failures = SyncRun.objects.get().failures
    assert "eighteen" in failures["NCT09990001"]


def test_since_and_full_options(server: ReplayServer, registry: Registry) -> None:
    run_command("--since", "2026-10-15")
    assert registry.requests[0]["filter.advanced"] == [
        "AREA[LastUpdatePostDate]RANGE[2026-10-15,MAX]"
    ]
    registry.requests.clear()
    run_command("--full")
    assert "filter.advanced" not in registry.requests[0]
    with pytest.raises(CommandError, match="not a date"):
        run_command("--since", "yesterday")


def test_rate_limiter_spaces_requests() -> None:
    now = [100.0]
    slept: list[float] = []
    limiter = sync.RateLimiter(per_minute=30, clock=lambda: now[0])
    monkey_sleep = sync.time.sleep
    sync.time.sleep = slept.append  # type: ignore[assignment]
    try:
        for _ in range(3):
            limiter.wait()
    finally:
        sync.time.sleep = monkey_sleep
    assert slept == [2.0, 4.0]  # 30 a minute: one every two seconds


def test_admin_lists_runs_read_only_and_sync_now_queues_a_task(
    admin_client: Client, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    SyncRun.objects.create(pages=3, created=2)
    url = reverse("admin:trials_syncrun_changelist")
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Sync now with the registry" in page.text
    assert admin_client.get(reverse("admin:trials_syncrun_add")).status_code == 403

    response = admin_client.post(url, {"action": "sync_now", "index": 0}, follow=True)

    assert "A registry sync is queued" in response.text
    from django.tasks import default_task_backend

    results = default_task_backend.results  # type: ignore[attr-defined]
    assert [result.task.name for result in results] == ["sync_registry"]


def test_the_daily_timer_queues_a_sync_that_the_worker_runs(
    server: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/deploy/trialcompass-sync-ctgov.timer runs `sync_ctgov --queue`: the command only
    queues the run, and the worker carries it out."""
    out = io.StringIO()
    call_command("sync_ctgov", "--queue", stdout=out)
    assert "queued" in json.loads(out.getvalue())
    assert not SyncRun.objects.exists()

    run_worker(monkeypatch)

    run = SyncRun.objects.get()
    assert run.finished_at is not None
    assert run.created == Trial.objects.count() > 0
    with pytest.raises(CommandError, match="--queue"):
        call_command("sync_ctgov", "--queue", "--full")
