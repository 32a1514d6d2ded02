"""Background work of the keep app, run by `manage.py db_worker`: re-matching subscribers."""

from __future__ import annotations

from django.tasks import task

from . import notifications


@task
def rematch_subscriptions() -> str:
    """Match subscribers again if the catalogue changed since the last run."""
    return f"{notifications.rematch()} queued"
