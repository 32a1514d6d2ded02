"""What the apps above the catalogue add to a trial's page.

The catalogue sits below the questionnaire (see the import contracts in pyproject.toml): it may
not ask the questionnaire what a person answered. An app above it registers a function here when
it loads (`register_trial_page_extra`); the trial page calls each one with the request and the
trial and adds what it returns to its template context. Without any, the page is the same for
everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest

from trials.models import Trial

TrialPageExtra = Callable[[HttpRequest, Trial], Mapping[str, Any]]

_extras: list[TrialPageExtra] = []


def register_trial_page_extra(extra: TrialPageExtra) -> TrialPageExtra:
    """Add `extra` to every trial page's context (once, however often an app loads)."""
    if extra not in _extras:
        _extras.append(extra)
    return extra


def trial_page_extras(request: HttpRequest, trial: Trial) -> dict[str, Any]:
    """What the registered functions add to this trial's page."""
    context: dict[str, Any] = {}
    for extra in _extras:
        context.update(extra(request, trial))
    return context
