"""Background work of the catalogue, run by `manage.py db_worker`."""

from __future__ import annotations

import json

from django.tasks import task

from trials.sync import sync_ctgov


@task
def sync_registry() -> str:
    """One registry sync, queued by the admin's "sync now"; returns the JSON summary."""
    return json.dumps(sync_ctgov().summary())
