"""Fixtures shared by every tier of tests."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.smtp import FROM_EMAIL, SITE_URL, SmtpServer, mailer_settings
from trials.models import FAQ, Condition
from trials.reference import load_reference_data

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


DB_FIXTURES = {"db", "transactional_db", "live_server"}


def touches_database(item: pytest.Item) -> bool:
    """Whether a test reads or writes a database: Django's test database (the marker or one of
    its fixtures), or one reached through processes of its own (the `database` marker)."""
    return bool(
        item.get_closest_marker("django_db")
        or item.get_closest_marker("database")
        or DB_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_report_header(config: pytest.Config) -> str | None:
    if os.environ.get("TEST_DATABASE_ONLY") == "1":
        return "TEST_DATABASE_ONLY=1: only the tests that touch a database run"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With TEST_DATABASE_ONLY=1, leave out the tests that touch no database: CI runs the whole
    suite on PostgreSQL, then again on SQLite, where only these can give another result."""
    if os.environ.get("TEST_DATABASE_ONLY") != "1":
        return
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        (kept if touches_database(item) else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest) -> None:
    """The condition tree and general FAQs, which a transactional test's flush removes."""
    if request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames):
        request.getfixturevalue("db")
        load_reference_data(Condition, FAQ)


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


@pytest.fixture(autouse=True)
def english_outside_requests() -> Iterator[None]:
    """Start every test in English: a request in Chinese leaves its language active after it."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free local port (not started yet), stopped after the test."""
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def smtp(settings, smtp_server: SmtpServer) -> SmtpServer:
    """`smtp_server` with Django's mail pointed at it (start it when the test wants it up)."""
    settings.MAILERS = mailer_settings(smtp_server.port)
    settings.DEFAULT_FROM_EMAIL = FROM_EMAIL
    settings.SITE_URL = SITE_URL
    return smtp_server


@pytest.fixture(autouse=True)
def fresh_compiled_catalogue(settings) -> Iterator[None]:
    """Rebuild the compiled catalogue inside the request, from an empty cache.

    Each test rolls its rows back, and the version counter with them, so a catalogue compiled
    (or a trial page kept) in one test could otherwise carry the same version number as another
    test's.
    """
    from matcher.catalogue import catalogue_cache
    from trials.models import forget_published_conditions
    from trials.pages import forget_trial_pages

    settings.MATCHER_CATALOGUE_REBUILD_IN_REQUEST = True
    catalogue_cache().clear()
    forget_published_conditions()
    forget_trial_pages()
    yield
    catalogue_cache().clear()
    forget_published_conditions()
    forget_trial_pages()
