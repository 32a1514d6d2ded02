"""The published catalogue as the engine sees it, compiled once and rebuilt off the request path.

Each worker keeps one immutable `PublishedCatalogue`: the engine's compiled catalogue and a slim
summary per trial (no Django rows). A request reads `CatalogueVersion.current()` (one row) and,
when the catalogue has changed since the compiled one, starts a rebuild in a background thread
and keeps answering from the previous catalogue until the new one replaces it: one reference
swap, so a request sees either the old catalogue or the new one, never a mix. Only the very
first build of a worker blocks, because there is nothing to serve before it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import functools
import hashlib
import itertools
import json
import logging
import queue
import threading
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, overload

import orjson
from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.urls import reverse

from matcher import engine
from trials.models import CatalogueVersion, EligibilityCriterion, Trial, condition_tree

logger = logging.getLogger(__name__)

_START_AT_THE_LATEST = 1.0  # seconds: when no request finishes to start a rebuild sooner

_PHASES = dict(Trial.Phase.choices)
_STATUSES = dict(Trial.Status.choices)
_RECRUITING = {Trial.Status.RECRUITING, Trial.Status.NOT_YET_RECRUITING}


@dataclass(frozen=True, slots=True)
class TrialSummary:
    """What the result pages show of a trial, read in the same way as the model's fields."""

    pk: int
    key: str
    slug: str
    nct_id: str | None
    brief_title: str
    phase: str
    overall_status: str
    # The row ids of its criteria in the engine's order (a range when they follow each other).
    criterion_ids: Sequence[int] = field(default=range(0), compare=False)
    # The protocol wording of its criteria in the engine's order, compressed (`pack_texts`):
    # the compiled criteria carry no text, so that trials share them by rule.
    packed_texts: bytes = b""
    # The preset dictionary it was compressed with (one object for a whole catalogue).
    texts_dictionary: bytes = field(default=b"", repr=False)
    # A digest of the texts before packing: a rebuild takes over the packed texts of a trial
    # whose texts and row ids it reads the same, rather than compress them again.
    texts_digest: bytes = field(default=b"", compare=False, repr=False)

    source_language = "en"  # see Trial.source_language

    def criterion_id(self, index: int) -> int | None:
        """The row id of the trial's `index`-th criterion, in the engine's order."""
        return self.criterion_ids[index] if index < len(self.criterion_ids) else None

    def criterion_texts(self) -> tuple[str, ...]:
        """The protocol wording of each of the trial's criteria, in the engine's order."""
        return unpack_texts(self.packed_texts, self.texts_dictionary)

    def get_absolute_url(self) -> str:
        return reverse("trials:trial_detail", args=[self.slug])

    def get_phase_display(self) -> str:
        return str(_PHASES.get(self.phase, self.phase))

    def get_overall_status_display(self) -> str:
        return str(_STATUSES.get(self.overall_status, self.overall_status))

    @property
    def is_recruiting(self) -> bool:
        return self.overall_status in _RECRUITING


def pack_texts(texts: Sequence[str], dictionary: bytes = b"") -> bytes:
    """A trial's criterion texts as one compressed value (nearly every line is its trial's
    own: held as strings, they would be most of a worker's memory).

    A few kilobytes of one trial compress poorly on their own; a `dictionary` of protocol
    wording (`texts_dictionary`) gives the compressor the words that trials have in common.
    """
    if not texts:
        return b""
    return _pack_json(orjson.dumps(list(texts)), dictionary)


def _pack_json(data: bytes, dictionary: bytes) -> bytes:
    """`pack_texts` of texts given as their JSON array."""
    if not dictionary:
        return zlib.compress(data)
    compressor = _primed_compressor(dictionary).copy()
    return compressor.compress(data) + compressor.flush()


# Level 3 from a compressor primed with the dictionary once: a tenth of the time that priming
# one per trial at the default level took (about 1.3 s of a 10,000-trial build), for some 15%
# more bytes of texts.
_TEXTS_LEVEL = 3
_primed: tuple[bytes, Any] | None = None
_primed_lock = threading.Lock()


def _primed_compressor(dictionary: bytes) -> Any:
    """A compressor that has read `dictionary`, to be copied for each trial."""
    global _primed
    with _primed_lock:
        if _primed is None or (_primed[0] is not dictionary and _primed[0] != dictionary):
            _primed = (dictionary, zlib.compressobj(_TEXTS_LEVEL, zdict=dictionary))
        return _primed[1]


def unpack_texts(packed: bytes, dictionary: bytes = b"") -> tuple[str, ...]:
    """The texts given to `pack_texts` with the same `dictionary`."""
    if not packed:
        return ()
    if not dictionary:
        return tuple(orjson.loads(zlib.decompress(packed)))
    decompressor = zlib.decompressobj(zdict=dictionary)
    return tuple(orjson.loads(decompressor.decompress(packed) + decompressor.flush()))


_DICTIONARY_SIZE = 32_768  # what zlib can refer back to


def texts_dictionary() -> bytes:
    """Protocol wording to compress criterion texts with: the texts of the first published
    criteria, up to what zlib can use (a query of its own, a few hundred rows)."""
    rows = (
        EligibilityCriterion.objects.filter(trial__published=True)
        .order_by("pk")
        .values_list("text", flat=True)
    )
    sample = bytearray()
    for text in rows[: _DICTIONARY_SIZE // 32]:
        sample += orjson.dumps(text)
        if len(sample) >= _DICTIONARY_SIZE:
            break
    return bytes(sample[-_DICTIONARY_SIZE:])


# Each distinct rule as read, (kind, type, params as JSON text, scope, reviewed), and the
# criterion it was parsed into.
type _Rules = Mapping[tuple[Any, ...], engine.Criterion]


@dataclass(frozen=True, slots=True)
class PublishedCatalogue:
    """The engine's compiled catalogue and a summary of each trial, by trial key."""

    version: int
    engine: engine.Catalogue
    trials: Mapping[str, TrialSummary]
    built_in_seconds: float = 0.0
    # What the summaries' texts are compressed with, kept by rebuilds (see `pack_texts`).
    texts_dictionary: bytes = field(default=b"", repr=False)
    # Each distinct rule read, and the criterion it was parsed into (see `_CriteriaReader`).
    rules: _Rules = field(default_factory=dict, compare=False, repr=False)
    _memo: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)

    def remember[T](self, key: object, compute: Callable[[], T]) -> T:
        """`compute()` once per catalogue: for what pages read from the database that only a
        change moving the catalogue version on can change (the condition list)."""
        try:
            value: T = self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
        return value


def build_catalogue(version: int, previous: PublishedCatalogue | None = None) -> PublishedCatalogue:
    """Compile the published catalogue from plain rows (two queries plus the condition tree,
    and on a first build a sample of texts to compress with).

    The criteria stream in trial order, a chunk of rows at a time, and are compiled in a thread
    of their own while the next rows are fetched: no more than a few chunks of rows are held,
    and the database's time overlaps with the compiling. Given the catalogue it replaces (still
    served meanwhile), every trial, summary and criterion that reads the same is taken over
    from it rather than held twice, so a rebuild costs little more memory than what changed.
    """
    started = time.perf_counter()
    reuse = _Reuse(previous)
    # The dictionary of the catalogue it replaces, so that unchanged trials pack the same.
    dictionary = previous.texts_dictionary if previous is not None else texts_dictionary()
    reader = _CriteriaReader(reuse, dictionary)
    criteria = reader.read(_criterion_rows())
    words: dict[str, str] = {}  # one copy of each phase and status
    trials: dict[str, TrialSummary] = {}
    specs = []
    nothing: _Compiled = ((), range(0), b"", b"")
    for trial_pk, nct_id, slug, title, phase, status, coverage in _trial_rows():
        # The criteria of a trial unpublished between the two queries are passed over; a trial
        # published between them has no criteria read yet: the next build takes them.
        items, ids, texts, digest = criteria.pop(trial_pk, nothing)
        key = nct_id or slug
        summary = TrialSummary(
            trial_pk,
            key,
            slug,
            nct_id,
            title,
            words.setdefault(phase, phase),
            words.setdefault(status, status),
            ids,
            texts,
            dictionary,
            digest,
        )
        trials[key] = reuse.summary(summary)
        specs.append(
            reuse.spec(
                engine.TrialSpec(
                    key,
                    items,
                    coverage=engine.Coverage(coverage),
                    recruiting=status == Trial.Status.RECRUITING,
                )
            )
        )
    del criteria, reuse
    compiled = engine.Catalogue(specs, condition_tree())
    del specs
    engine.warm_plans(compiled)
    return PublishedCatalogue(
        version=version,
        engine=compiled,
        trials=MappingProxyType(trials),
        built_in_seconds=time.perf_counter() - started,
        texts_dictionary=dictionary,
        rules=reader.rules,
    )


# One trial's criteria (without their texts), their row ids, their texts packed and the
# digest of their texts (see `TrialSummary`).
type _Compiled = tuple[tuple[engine.Criterion, ...], Sequence[int], bytes, bytes]


class _CriteriaReader:
    """Each published trial's criteria (without their texts), row ids and packed texts, by trial
    id, from `_criterion_rows`' chunks: compiled in a thread of its own while the caller, whose
    database connection it is, fetches the next chunk (the fetching mostly waits for the
    database, and gives the thread the interpreter meanwhile)."""

    def __init__(self, reuse: _Reuse, dictionary: bytes) -> None:
        self._reuse = reuse
        self._dictionary = dictionary
        self._chunks: queue.SimpleQueue[Sequence[tuple[Any, ...]] | None] = queue.SimpleQueue()
        self._room = threading.Semaphore(_CHUNKS_AHEAD)  # chunks fetched, not compiled
        self._by_trial: dict[int, _Compiled] = {}
        self._error: BaseException | None = None
        # Trials share rules (type and params), seldom their wording: the compiled criteria
        # carry no text (each summary keeps its trial's, compressed), so each distinct rule is
        # parsed once (a rebuild takes the catalogue's it replaces) and is one criterion in
        # every trial that has it.
        self.rules: dict[tuple[Any, ...], engine.Criterion] = {}
        # Rules that differ only in kind, scope or review share one params object, so that
        # what depends only on type and params (ranking, a page's reasons) can know them by
        # identity.
        self._same_params: dict[tuple[Any, ...], engine.Params] = {
            (rule[1], rule[2]): criterion.params for rule, criterion in reuse.rules.items()
        }

    def read(self, chunks: Iterable[Sequence[tuple[Any, ...]]]) -> dict[int, _Compiled]:
        thread = threading.Thread(target=self._compile_all, name="catalogue-criteria")
        thread.start()
        try:
            for chunk in chunks:
                self._room.acquire()
                if self._error is not None:
                    break
                self._chunks.put(chunk)
        finally:
            self._chunks.put(None)
            thread.join()
        if self._error is not None:
            raise self._error
        return self._by_trial

    def _compile_all(self) -> None:
        current: int | None = None
        ids: list[int] = []
        rules: list[tuple[Any, ...]] = []
        texts: list[str] = []
        try:
            while (chunk := self._chunks.get()) is not None:
                self._room.release()
                for trial, row_id, kind, type_, params, text, scope, reviewed in chunk:
                    if trial != current:
                        if current is not None:
                            self._by_trial[current] = self._compile(current, ids, rules, texts)
                        current, ids, rules, texts = trial, [], [], []
                    if not isinstance(params, str):  # a driver that decodes JSON: key on text
                        params = json.dumps(params)
                    ids.append(row_id)
                    rules.append((kind, type_, params, scope, reviewed))
                    texts.append(text)
            if current is not None:
                self._by_trial[current] = self._compile(current, ids, rules, texts)
        except BaseException as error:  # raised again in the reading thread
            self._error = error
            self._room.release()  # the reader may be waiting for room: let it see the error
            while self._chunks.get() is not None:
                pass

    def _compile(
        self, trial: int, ids: list[int], rules: list[tuple[Any, ...]], texts: list[str]
    ) -> _Compiled:
        known, earlier = self.rules, self._reuse.rules
        criteria = []
        for rule in rules:
            criterion = known.get(rule)
            if criterion is None:
                criterion = earlier.get(rule) or self._parse(*rule)
                known[rule] = criterion
            criteria.append(criterion)
        row_ids = _compact_ids(ids)
        data = orjson.dumps(texts)
        digest = hashlib.blake2b(data, digest_size=8).digest()
        packed = self._reuse.packed_texts(trial, row_ids, digest)
        if packed is None:
            packed = _pack_json(data, self._dictionary)
        return tuple(criteria), row_ids, packed, digest

    def _parse(
        self, kind: str, type_: str, params: str, scope: str, reviewed: object
    ) -> engine.Criterion:
        criterion = self._reuse.criterion(
            engine.parse_criterion(
                kind,
                type_,
                json.loads(params),
                scope=scope or None,
                reviewed=bool(reviewed),  # SQLite answers 0 or 1
            )
        )
        shared = self._same_params.setdefault((type_, params), criterion.params)
        if shared is not criterion.params:
            criterion = dataclasses.replace(criterion, params=shared)
        return criterion


_CHUNKS_AHEAD = 3


def _compact_ids(ids: list[int]) -> Sequence[int]:
    """Row ids as a range when they follow each other (as rows written together do), else as
    offsets from the lowest, a byte each where they fit (rows written together again)."""
    if not ids:
        return range(0)
    first = min(ids)
    if ids == list(range(first, first + len(ids))):
        return range(first, first + len(ids))
    spread = max(ids) - first
    if spread < 1 << 16:
        return RowIds(first, array("B" if spread < 1 << 8 else "H", [i - first for i in ids]))
    return array("q", ids)


class RowIds(Sequence[int]):
    """Row ids held as small offsets from the lowest one."""

    __slots__ = ("_first", "_offsets")

    def __init__(self, first: int, offsets: array[int]) -> None:
        self._first = first
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self._first + offset for offset in self._offsets[index]]
        return self._first + self._offsets[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowIds):
            return self._first == other._first and self._offsets == other._offsets
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._first, self._offsets.tobytes()))


class _Reuse:
    """What a rebuild can take over from the catalogue it replaces: equal objects, once."""

    def __init__(self, previous: PublishedCatalogue | None) -> None:
        self._summaries: Mapping[str, TrialSummary] = previous.trials if previous else {}
        self._specs = {spec.key: spec for spec in previous.engine.trials} if previous else {}
        self._criteria: dict[engine.Criterion, engine.Criterion] | None = None
        self._by_pk: dict[int, TrialSummary] | None = None
        self.rules: _Rules = previous.rules if previous else {}

    def packed_texts(self, trial: int, ids: Sequence[int], digest: bytes) -> bytes | None:
        """The previous catalogue's packed texts of `trial` if they pack the same texts."""
        if self._by_pk is None:
            self._by_pk = {summary.pk: summary for summary in self._summaries.values()}
        known = self._by_pk.get(trial)
        if known is None or known.texts_digest != digest or known.criterion_ids != ids:
            return None
        return known.packed_texts

    def criterion(self, criterion: engine.Criterion) -> engine.Criterion:
        if self._criteria is None:  # the previous catalogue's distinct criteria, by value
            self._criteria = {}
            for spec in self._specs.values():
                for known in spec.criteria:
                    self._criteria.setdefault(known, known)
        return self._criteria.get(criterion, criterion)

    def summary(self, summary: TrialSummary) -> TrialSummary:
        known = self._summaries.get(summary.key)
        if known is not None and known == summary and known.criterion_ids == summary.criterion_ids:
            return known
        return summary

    def spec(self, spec: engine.TrialSpec) -> engine.TrialSpec:
        known = self._specs.get(spec.key)
        return known if known is not None and known == spec else spec


def _trial_rows() -> Iterator[tuple[Any, ...]]:
    """Every published trial as (id, nct_id, slug, brief_title, phase, overall_status,
    eligibility_coverage), in id order, read in chunks."""
    return (
        Trial.objects.published()
        .order_by("pk")
        .values_list(
            "pk",
            "nct_id",
            "slug",
            "brief_title",
            "phase",
            "overall_status",
            "eligibility_coverage",
        )
        .iterator(chunk_size=_CHUNK)
    )


_CHUNK = 5000


def _criterion_rows() -> Iterator[Sequence[tuple[Any, ...]]]:
    """Every criterion of a published trial as (trial_id, id, kind, type, params, text, scope,
    reviewed), in the model's order (trial, kind, order, id), in chunks of rows.

    A plain cursor: at 250,000 rows the ORM's per-row work costs more than the query.
    """
    quote = connection.ops.quote_name
    criteria, trials = EligibilityCriterion._meta.db_table, Trial._meta.db_table
    names = ("trial_id", "id", "kind", "type", "params", "text", "scope", "reviewed")
    columns = ", ".join(f"c.{quote(name)}" for name in names)
    order = ", ".join(f"c.{quote(name)}" for name in ("trial_id", "kind", "order", "id"))
    sql = (
        f"SELECT {columns} FROM {quote(criteria)} c JOIN {quote(trials)} t "
        f"ON t.{quote('id')} = c.{quote('trial_id')} WHERE t.{quote('published')} = %s "
        f"ORDER BY {order}"
    )
    # The rows come over in chunks rather than all at once into the worker's memory (some
    # 100 MB at 10,000 trials). PostgreSQL streams them as it finds them, while they are read
    # (in half the time a server-side cursor takes, which waits for each chunk it asks for);
    # elsewhere, a server-side cursor where the database has one.
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.wrap_database_errors, connection.connection.cursor() as cursor:
            yield from itertools.batched(cursor.stream(sql, [True], size=_CHUNK), _CHUNK)
        return
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [True])
        while rows := cursor.fetchmany(_CHUNK):
            yield rows


class CatalogueCache:
    """One worker's compiled catalogue: served as it is while a newer one is being built."""

    def __init__(
        self,
        build: Callable[[int, PublishedCatalogue | None], PublishedCatalogue] = build_catalogue,
    ) -> None:
        self._build = build
        self._current: PublishedCatalogue | None = None
        self._lock = threading.Lock()  # held while building (one build at a time)
        self._building: threading.Thread | None = None
        self._start_pending: Callable[..., None] | None = None

    def get(self, *, wait: bool | None = None) -> PublishedCatalogue:
        """The newest compiled catalogue; when it is stale, the previous one while rebuilding.

        `wait=True` (or the setting MATCHER_CATALOGUE_REBUILD_IN_REQUEST) builds in the caller
        instead, for tests and commands that must see a change at once.
        """
        version = CatalogueVersion.current()
        current = self._current
        if current is not None and current.version == version:
            return current
        if wait is None:
            wait = bool(getattr(settings, "MATCHER_CATALOGUE_REBUILD_IN_REQUEST", False))
        if current is None or wait:
            with self._lock:
                current = self._current
                if current is None or current.version != version:
                    current = self._current = self._build(version, current)
            return current
        self._start_rebuild(version)
        return current

    def _start_rebuild(self, version: int) -> None:
        """Rebuild in a thread that starts once the current response has gone out.

        The thread shares the interpreter with the request that noticed the change; starting
        it after that response (on `request_finished`, or after a second when no request is
        under way) keeps the first request after a change as fast as the others.
        """
        if not self._lock.acquire(blocking=False):
            return  # a rebuild is already under way; the next request looks again
        try:
            thread = threading.Thread(
                target=self._rebuild, args=(version,), name="catalogue-rebuild", daemon=True
            )
            once = threading.Lock()
            uid = f"catalogue-rebuild-{id(thread)}"

            def start(**_: object) -> None:
                if once.acquire(blocking=False):
                    request_finished.disconnect(dispatch_uid=uid)
                    thread.start()

            self._building = thread
            self._start_pending = start
            request_finished.connect(start, weak=False, dispatch_uid=uid)
            timer = threading.Timer(_START_AT_THE_LATEST, start)
            timer.daemon = True
            timer.start()
        except BaseException:
            self._lock.release()
            raise

    def _rebuild(self, version: int) -> None:
        try:
            close_old_connections()
            self._current = self._build(version, self._current)
            _return_freed_memory()  # the previous catalogue's, freed as it was replaced
        except Exception:
            logger.exception("Rebuilding the compiled catalogue failed; serving the previous one.")
        finally:
            connection.close()  # this thread's own connection
            self._lock.release()

    def wait_for_rebuild(self, timeout: float | None = None) -> None:
        """Wait until a rebuild under way has finished (for tests and the benchmark)."""
        thread, start = self._building, self._start_pending
        if thread is not None:
            if start is not None:
                start()  # no-op when it has started already
            thread.join(timeout)

    def clear(self) -> None:
        """Forget the compiled catalogue (tests: the database was rolled back under it)."""
        self.wait_for_rebuild()
        self._current = None


def _return_freed_memory() -> None:
    """Give memory the C library keeps after a free back to the system (glibc's malloc_trim).

    A rebuild allocates the new catalogue beside the old one; without this, the worker keeps
    the old one's pages as free heap and its size stays at the peak. A no-op elsewhere.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")  # runs ldconfig once: kept
    return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None


_cache = CatalogueCache()


def published_catalogue(*, fresh: bool = False) -> PublishedCatalogue:
    """The compiled catalogue of published trials: one one-row query when nothing changed.

    After a change, requests get the previous catalogue while a new one is built; `fresh=True`
    (background tasks that record which version they matched) builds it in the caller instead.
    """
    return _cache.get(wait=True if fresh else None)


def catalogue_cache() -> CatalogueCache:
    """This worker's cache (tests and the benchmark look inside)."""
    return _cache


def compile_trials(trials: Iterable[Trial], tree: engine.ConditionTree) -> PublishedCatalogue:
    """A small catalogue of the given rows (their `criteria` prefetched), compiled the same way
    as the published one: for the few trials outside it, closed ones, that a page still judges."""
    summaries: dict[str, TrialSummary] = {}
    specs = []
    for trial in trials:
        rows = sorted(trial.criteria.all(), key=lambda c: (c.kind, c.order, c.pk))
        criteria = tuple(
            engine.parse_criterion(
                row.kind, row.type, row.params, scope=row.scope or None, reviewed=row.reviewed
            )
            for row in rows
        )
        key = trial.key
        summaries[key] = TrialSummary(
            trial.pk,
            key,
            trial.slug,
            trial.nct_id,
            trial.brief_title,
            trial.phase,
            trial.overall_status,
            array("q", [row.pk for row in rows]),
            pack_texts([row.text for row in rows]),
        )
        specs.append(
            engine.TrialSpec(
                key,
                criteria,
                coverage=engine.Coverage(trial.eligibility_coverage),
                recruiting=trial.overall_status == Trial.Status.RECRUITING,
            )
        )
    return PublishedCatalogue(
        version=0, engine=engine.Catalogue(specs, tree), trials=MappingProxyType(summaries)
    )
