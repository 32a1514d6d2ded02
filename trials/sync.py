"""Keep the catalogue in step with the ClinicalTrials.gov API v2 (`manage.py sync_ctgov`).

A run asks two things, page by page (`pageSize`, `nextPageToken` -> `pageToken`):

1. **the query**: the conditions, overall statuses and countries of the settings; an incremental
   run adds `filter.advanced=AREA[LastUpdatePostDate]RANGE[<high-water mark>,MAX]`, inclusive,
   so studies updated on the day of the last run are seen again;
2. **the studies the catalogue holds**, by NCT ID in batches (`filter.ids`), without the status
   filter (and, incrementally, with the same date range): a study that closed upstream drops
   out of the query but is still seen here.

Each study goes through the same importer as `import_trials` (`ctgov.read_ctgov`, then
`store.save_records` with `publish=True`, as `--publish` does) unless its content hash is the
one stored: then it counts as unchanged and nothing is written. A trial the registry lists as
completed, withdrawn, suspended or terminated is unpublished and remembers when (`closed_on`);
nothing is deleted, so saved results and subscriptions keep pointing at it. A curator's
`held_back` keeps a trial unpublished, and reviewed criteria survive (the store's merge rule).

Polite and resumable: at most `CTGOV_REQUESTS_PER_MINUTE` requests a minute; 429, 5xx, timeouts
and unreadable pages are tried again with jittered back-off (stamina). Each page is written in
one transaction together with the position of the next one (`SyncState.cursor`), so a run that
dies resumes at the page it had not finished, and running it twice changes nothing. A study the
importer rejects is recorded with its reason on the run (`SyncRun.failures`) and skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import stamina
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trials.importers.ctgov import read_ctgov
from trials.importers.records import ImportProblem
from trials.importers.store import save_records
from trials.models import CLOSED_STATUSES, CatalogueVersion, SyncRun, SyncState, Trial

ID_BATCH = 100  # NCT IDs per `filter.ids` request: short enough for any URL limit
QUERY, KNOWN = "query", "known"


class SyncError(Exception):
    """The registry could not be read (after the retries): the run stops and can resume."""


class _Retryable(Exception):
    """A failure worth trying again: 429, 5xx, a timeout, an unreadable page."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


class RateLimiter:
    """At most `per_minute` calls a minute: each call waits for its slot (thread-safe)."""

    def __init__(self, per_minute: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.clock = clock
        self.next_slot = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            now = self.clock()
            slot = max(now, self.next_slot)
            self.next_slot = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


def _retry_hook(error: Exception) -> bool | float:
    """Stamina's hook: retry `_Retryable` (after the server's Retry-After when it gave one)."""
    if isinstance(error, _Retryable):
        return error.wait if error.wait is not None else True
    return False


class RegistryClient:
    """GET `/studies` pages from the API, politely, with retries."""

    def __init__(self, base_url: str | None = None, *, http: httpx.Client | None = None) -> None:
        self.base_url = (base_url or settings.CTGOV_API_URL).rstrip("/")
        self.http = http or httpx.Client(
            timeout=settings.CTGOV_TIMEOUT_SECONDS,
            headers={"Accept": "application/json", "User-Agent": "TrialCompass registry sync"},
        )
        self.limiter = RateLimiter(settings.CTGOV_REQUESTS_PER_MINUTE)
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def page(self, params: dict[str, str]) -> dict[str, Any]:
        """One page of studies: `{"studies": [...], "nextPageToken": ...}`."""
        wait_initial, wait_max = settings.CTGOV_RETRY_WAIT_SECONDS
        last: Exception | None = None
        try:
            for attempt in stamina.retry_context(
                on=_retry_hook,
                attempts=settings.CTGOV_RETRY_ATTEMPTS,
                timeout=None,
                wait_initial=wait_initial,
                wait_max=wait_max,
            ):
                with attempt:
                    return self._get(params)
        except _Retryable as error:
            last = error
        raise SyncError(f"the registry did not answer usefully: {last}") from last

    def _get(self, params: dict[str, str]) -> dict[str, Any]:
        self.limiter.wait()
        self.requests += 1
        try:
            response = self.http.get(f"{self.base_url}/studies", params=params)
        except httpx.TimeoutException as error:
            raise _Retryable(f"timed out ({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise _Retryable(f"connection failed ({type(error).__name__})") from error
        if response.status_code == 429:
            raise _Retryable("429 too many requests", _retry_after(response))
        if response.status_code >= 500:
            raise _Retryable(f"{response.status_code} server error")
        if response.status_code != 200:
            raise SyncError(f"the registry answered {response.status_code}: {response.text[:200]}")
        try:
            data = response.json()
        except ValueError as error:
            raise _Retryable("the page is not JSON") from error
        if not isinstance(data, dict) or not isinstance(data.get("studies", []), list):
            raise _Retryable("the page has no list of studies")
        return data


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return min(float(value), settings.CTGOV_RETRY_WAIT_SECONDS[1])
    except ValueError:
        return None


@dataclass(frozen=True)
class Plan:
    """What a run asks: everything (`since` None) or what changed since a date."""

    since: dt.date | None
    full: bool

    def query_params(self) -> dict[str, str]:
        params = {"pageSize": str(settings.CTGOV_PAGE_SIZE), "format": "json"}
        if settings.CTGOV_SYNC_CONDITIONS:
            params["query.cond"] = " OR ".join(settings.CTGOV_SYNC_CONDITIONS)
        if settings.CTGOV_SYNC_STATUSES:
            params["filter.overallStatus"] = "|".join(settings.CTGOV_SYNC_STATUSES)
        if settings.CTGOV_SYNC_COUNTRIES:
            params["query.locn"] = " OR ".join(settings.CTGOV_SYNC_COUNTRIES)
        return params | self._range()

    def known_params(self, ids: Sequence[str]) -> dict[str, str]:
        params = {"pageSize": str(len(ids)), "format": "json"}  # one page per batch
        return params | {"filter.ids": "|".join(ids)} | self._range()

    def _range(self) -> dict[str, str]:
        if self.since is None:
            return {}
        return {"filter.advanced": f"AREA[LastUpdatePostDate]RANGE[{self.since:%Y-%m-%d},MAX]"}


def content_hash(study: Any) -> str:
    """A study's fingerprint: the same JSON (whatever the key order) gives the same hash."""
    text = json.dumps(study, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _nct_id(study: Any) -> str:
    try:
        return str(study["protocolSection"]["identificationModule"]["nctId"])
    except (KeyError, TypeError):
        return ""


def _update_date(study: Any) -> dt.date | None:
    try:
        text = study["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except (KeyError, TypeError, ValueError):
        return None


class Sync:
    """One run; `run()` returns the finished `SyncRun`. See the module docstring."""

    def __init__(
        self,
        *,
        since: dt.date | None = None,
        full: bool = False,
        client: RegistryClient | None = None,
    ) -> None:
        self.client = client or RegistryClient()
        self.state = SyncState.load()
        cursor = self.state.cursor or {}
        explicit = full or since is not None
        self.resuming = bool(cursor) and not explicit
        if self.resuming:
            stored = cursor.get("since")
            self.plan = Plan(dt.date.fromisoformat(stored) if stored else None, cursor["full"])
            self.cursor = dict(cursor)
        else:
            start = None if full else since or self.state.high_water
            self.plan = Plan(start, full or start is None)
            self.cursor = {
                "since": self.plan.since.isoformat() if self.plan.since else None,
                "full": self.plan.full,
                "stage": QUERY,
                "token": None,
                "after": "",
                "high_water": None,
            }
        self.run_row = SyncRun.objects.create(
            full=self.plan.full, since=self.plan.since, resumed=self.resuming
        )
        # Studies this run already handled: the known-IDs pass meets them again; not counted.
        self.seen: set[str] = set()
        self._next: dict[str, Any] = {}

    def run(self) -> SyncRun:
        row = self.run_row
        try:
            self._stage_query()
            self._stage_known()
        except Exception as error:
            row.outcome = SyncRun.Outcome.FAILED
            row.error = f"{type(error).__name__}: {error}"[:2000]
            row.finished_at = timezone.now()
            row.save()
            raise
        finally:
            self.client.close()
        with transaction.atomic():
            seen = self.cursor.get("high_water")
            if seen:
                seen_date = dt.date.fromisoformat(seen)
                if self.state.high_water is None or seen_date > self.state.high_water:
                    self.state.high_water = seen_date
            elif self.state.high_water is None:
                self.state.high_water = timezone.localdate()
            self.state.cursor = {}
            self.state.save()
            row.outcome = SyncRun.Outcome.SUCCEEDED
            row.finished_at = timezone.now()
            row.save()
        return row

    def _stage_query(self) -> None:
        if self.cursor["stage"] != QUERY:
            return
        for data in self._pages(self.plan.query_params(), self.cursor.get("token")):
            self._import_page(data)
        self.cursor.update(stage=KNOWN, token=None, after="")
        self._save_cursor()

    def _stage_known(self) -> None:
        while True:
            ids = list(
                Trial.objects.filter(nct_id__gt=self.cursor.get("after") or "")
                .exclude(nct_id__isnull=True)
                .order_by("nct_id")
                .values_list("nct_id", flat=True)[:ID_BATCH]
            )
            if not ids:
                return
            params = self.plan.known_params([str(nct_id) for nct_id in ids])
            for data in self._pages(params, self.cursor.get("token"), after=str(ids[-1])):
                self._import_page(data)

    def _pages(
        self, params: dict[str, str], token: str | None, *, after: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Each page, then the cursor moves past it in the same transaction (`_import_page`)."""
        while True:
            data = self.client.page(params | ({"pageToken": token} if token else {}))
            token = data.get("nextPageToken") or None
            self._next = {"token": token}
            if token is None and after is not None:
                self._next = {"token": None, "after": after}
            yield data
            if token is None:
                return

    def _save_cursor(self) -> None:
        self.state.cursor = self.cursor
        self.state.save(update_fields=["cursor", "updated_at"])

    def _import_page(self, data: dict[str, Any]) -> None:
        """Import one page's studies and move the cursor past it, in one transaction."""
        row = self.run_row
        counts = row.summary() | {"failures": dict(row.failures)}
        cursor = dict(self.cursor)
        try:
            with transaction.atomic():
                for study in data.get("studies") or []:
                    self._import_study(study)
                self.cursor.update(self._next)
                self._save_cursor()
                row.pages += 1
                row.save()
        except BaseException:
            # The page was rolled back: so are its counts, and the next run imports it again.
            for name, value in counts.items():
                setattr(row, name, value)
            self.cursor = cursor
            self.seen -= {_nct_id(study) for study in data.get("studies") or []}
            raise

    def _import_study(self, study: Any) -> None:
        row = self.run_row
        nct_id = _nct_id(study) or "?"
        if nct_id in self.seen:
            return
        self.seen.add(nct_id)
        digest = content_hash(study)
        updated_on = _update_date(study)
        if updated_on is not None:
            seen = self.cursor.get("high_water")
            if not seen or updated_on.isoformat() > seen:
                self.cursor["high_water"] = updated_on.isoformat()
        stored = Trial.objects.filter(nct_id=nct_id).only("registry_hash").first()
        if stored is not None and stored.registry_hash == digest:
            row.unchanged += 1
            return
        try:
            with transaction.atomic():
                outcome = import_study(study, digest, updated_on)
        except ImportProblem as problem:
            row.failed += 1
            row.failures[nct_id] = str(problem)
            return
        setattr(row, outcome, getattr(row, outcome) + 1)


def import_study(study: Any, digest: str, updated_on: dt.date | None) -> str:
    """One study through the importer; "created", "updated", "unchanged" or "closed"."""
    nct_id = _nct_id(study) or "?"
    (record,) = read_ctgov(study, f"ClinicalTrials.gov {nct_id}")
    closed = record.overall_status in CLOSED_STATUSES
    (result,) = save_records([record], publish=not closed).results
    trial = Trial.objects.get(nct_id=record.nct_id)
    outcome = result.action
    closed_on = trial.closed_on
    if closed and trial.published:
        closed_on = updated_on or timezone.localdate()  # the page then says since when
    elif not closed:
        closed_on = None  # open (again) upstream
    Trial.objects.filter(pk=trial.pk).update(
        registry_hash=digest, registry_updated_on=updated_on, closed_on=closed_on
    )
    if closed_on != trial.closed_on:
        CatalogueVersion.bump_pages()  # the page says since when it closed; no signal was sent
    if closed and trial.published:
        trial.published = False
        trial.save(update_fields=["published", "updated_at"])  # bumps the catalogue version
        outcome = "closed"
    return outcome


def sync_ctgov(
    *, since: dt.date | None = None, full: bool = False, client: RegistryClient | None = None
) -> SyncRun:
    """Run one sync and return its record (see the module docstring)."""
    return Sync(since=since, full=full, client=client).run()
