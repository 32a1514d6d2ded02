"""The rate limiter's windows: as long as configured, counted per identity, pruned when over."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from matcher import ratelimit

pytestmark = pytest.mark.django_db

HOUR = 60 * 60


@pytest.fixture
def clock(monkeypatch):
    """A settable clock, starting at the beginning of an hour."""
    now = [datetime.datetime(2026, 11, 2, 9, 0, 1, tzinfo=datetime.UTC)]
    monkeypatch.setattr(timezone, "now", lambda: now[0])
    cache.clear()
    yield now
    cache.clear()


def test_a_window_of_an_hour_lasts_an_hour(clock):
    assert ratelimit.hit("contact-rate:ip:198.51.100.1", HOUR) == 1
    assert ratelimit.hit("contact-rate:ip:198.51.100.1", HOUR) == 2
    clock[0] += datetime.timedelta(minutes=40)  # longer than the cache's default 5 minutes
    assert ratelimit.hit("contact-rate:ip:198.51.100.1", HOUR) == 3
    assert ratelimit.count("contact-rate:ip:198.51.100.1", HOUR) == 3
    clock[0] += datetime.timedelta(minutes=20)  # the next hour: a new window
    assert ratelimit.hit("contact-rate:ip:198.51.100.1", HOUR) == 1


def test_identities_and_scopes_are_counted_apart(clock):
    ratelimit.hit("contact-rate:ip:198.51.100.1", HOUR)
    assert ratelimit.hit("contact-rate:ip:198.51.100.2", HOUR) == 1
    assert ratelimit.hit("keep-rate:save:198.51.100.1", HOUR) == 1


def test_over_limit_counts_every_identity(clock):
    identities = ("ip:198.51.100.1", "email:mei@example.org")
    assert [ratelimit.over_limit("contact-rate", identities, 2, HOUR) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    # The same email from another address is still over the limit.
    other = ("ip:198.51.100.9", "email:mei@example.org")
    assert ratelimit.over_limit("contact-rate", other, 2, HOUR)


def test_ended_windows_are_pruned(clock):
    from matcher.models import RateLimitCounter

    ratelimit.hit("contact-rate:ip:198.51.100.1", HOUR)
    ratelimit.hit("keep-rate:save:198.51.100.1", 24 * HOUR)
    clock[0] += datetime.timedelta(hours=1)
    assert ratelimit.prune() == 1  # the hour is over, the day is not
    assert RateLimitCounter.objects.count() == 1
