"""A small rate limiter for the public forms, counting in the database.

Each limit counts hits per identity (an address, an email) in fixed windows of its length: one
row per (identity, window start), created if missing and bumped with `UPDATE ... SET hits =
hits + 1` in one transaction, so simultaneous requests are all counted (PostgreSQL locks the
row; SQLite takes the write lock at the start of the transaction) and the window lasts as long
as configured. Rows whose window has ended are deleted now and then.
"""

from __future__ import annotations

import datetime
import hashlib
import random

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from matcher.models import RateLimitCounter

PRUNE_CHANCE = 0.01  # about one hit in a hundred also deletes ended windows


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _window(window: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end of the current window of `window` seconds."""
    now = timezone.now().timestamp()
    start = now - now % window
    return (
        datetime.datetime.fromtimestamp(start, datetime.UTC),
        datetime.datetime.fromtimestamp(start + window, datetime.UTC),
    )


def hit(key: str, window: int) -> int:
    """Count one more hit under `key` in the current window of `window` seconds; return the
    count, this hit included."""
    start, end = _window(window)
    key_hash = _key_hash(key)
    with transaction.atomic():
        counter, created = RateLimitCounter.objects.get_or_create(
            key_hash=key_hash, window_start=start, defaults={"expires_at": end, "hits": 1}
        )
        if not created:
            RateLimitCounter.objects.filter(pk=counter.pk).update(hits=F("hits") + 1)
            counter.refresh_from_db(fields=["hits"])
    if random.random() < PRUNE_CHANCE:
        prune()
    return counter.hits


def count(key: str, window: int) -> int:
    """The hits counted so far under `key` in the current window."""
    start, _end = _window(window)
    counter = RateLimitCounter.objects.filter(key_hash=_key_hash(key), window_start=start).first()
    return counter.hits if counter else 0


def prune() -> int:
    """Delete the counters of ended windows; return how many."""
    deleted, _ = RateLimitCounter.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def over_limit(scope: str, identities: tuple[str, ...], limit: int, window: int) -> bool:
    """Count a hit for every identity; True once any of them is over `limit`."""
    counts = [hit(f"{scope}:{identity}", window) for identity in identities]
    return any(hits > limit for hits in counts)
