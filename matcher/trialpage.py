"""A trial's page, for someone who has answered the questionnaire: their result for that trial.

The trial page belongs to the catalogue, which may not import the questionnaire; this module
registers with `trials.extensions` instead (see `MatcherConfig.ready`). With answers in the
session it explains this one trial, as its card on the results explains it (the engine's verdict
and the reasons that decide it), and leads back to the results page the person came from;
without answers it offers the questionnaire. Answers are read from the session only.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from matcher import engine, session
from matcher.catalogue import PublishedCatalogue, published_catalogue
from matcher.results import TrialCard, card_for
from trials.models import Trial


@dataclass(frozen=True)
class TrialFit:
    """What the trial page shows of the person's result (`template` renders it)."""

    answered: bool
    card: TrialCard | None = None  # None: not answered, or the trial is not being matched
    as_of: datetime.date | None = None
    back_url: str = ""
    clinician: bool = False
    closed: bool = False  # unpublished: no longer matched

    template = "matcher/_trial_fit.html"


def trial_spec(catalogue: PublishedCatalogue, key: str) -> engine.TrialSpec | None:
    """The compiled trial with this key (the catalogue keeps them sorted by key)."""
    trials = catalogue.engine.trials
    index = bisect.bisect_left(trials, key, key=lambda trial: trial.key)
    return trials[index] if index < len(trials) and trials[index].key == key else None


def explain_trial(
    catalogue: PublishedCatalogue,
    key: str,
    answers: engine.Answers,
    *,
    as_of: datetime.date,
    audience: engine.Audience,
) -> TrialCard | None:
    """One trial's result card for these answers; None if the trial is not being matched."""
    spec = trial_spec(catalogue, key)
    if spec is None:
        return None
    result = engine.evaluate_trial(spec, answers, as_of=as_of, tree=catalogue.engine.tree)
    return card_for(result, catalogue, audience)


def trial_fit(request: HttpRequest, trial: Trial) -> Mapping[str, Any]:
    """The trial page's `trial_fit`: the person's result for `trial`, or the way to one."""
    questionnaire = session.load(request)
    if not questionnaire.started:
        return {"trial_fit": TrialFit(answered=False)}
    as_of = session.as_of()
    card = None
    if trial.published:
        card = explain_trial(
            published_catalogue(),
            trial.key,
            questionnaire.engine_answers(),
            as_of=as_of,
            audience=questionnaire.audience,
        )
    place = session.results_page(request)
    back_url = f"{reverse(place.view)}{place.query()}#trial-{trial.key}"
    return {
        "trial_fit": TrialFit(
            answered=True,
            card=card,
            as_of=as_of,
            back_url=back_url,
            clinician=questionnaire.audience == engine.Audience.CLINICIAN,
            closed=not trial.published,
        )
    }
