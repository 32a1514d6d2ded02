"""The rate limiter's counters (matcher/ratelimit.py)."""

from __future__ import annotations

from django.db import models


class RateLimitCounter(models.Model):
    """Hits by one identity (an address, an email) in one window of one limit.

    The identity is stored hashed: the table counts, it does not keep addresses or emails.
    """

    key_hash = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key_hash", "window_start"], name="one_counter_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key_hash[:12]} {self.window_start:%Y-%m-%d %H:%M}: {self.hits}"
