"""Fixtures shared by every tier of tests."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def seeded_catalogue(db: None) -> None:
    """The three seed trials, imported the way `make run` imports them."""
    call_command("import_trials", str(SEEDS), stdout=io.StringIO())


@pytest.fixture(autouse=True)
def plain_static_files(settings) -> None:
    """Serve static files from the source folders; the manifest exists only after collectstatic."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
