"""Run the task queue's worker inside a test."""

from __future__ import annotations

import pytest
from django_tasks_db.management.commands import db_worker


def run_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run `manage.py db_worker --batch`'s worker in this process until the queue is empty."""
    # The worker drops stale connections between tasks; inside a test's transaction it must not.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
