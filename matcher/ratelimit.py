"""A small rate limiter for the public forms, counting in the shared (database) cache.

Each hit adds one to a counter per identity (an address, an email) that expires with its
window; a form is refused once any of its counters is over the limit.
"""

from __future__ import annotations

from django.core.cache import cache


def hit(key: str, window: int) -> int:
    """Count one more hit under `key` (expiring after `window` seconds); return the count."""
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def over_limit(scope: str, identities: tuple[str, ...], limit: int, window: int) -> bool:
    """Count a hit for every identity; True once any of them is over `limit`."""
    counts = [hit(f"{scope}:{identity}", window) for identity in identities]
    return any(count > limit for count in counts)
