"""The published catalogue as the engine sees it, rebuilt only when the catalogue changes."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from matcher import engine
from trials.models import Condition, EligibilityCriterion, Trial, condition_tree


@dataclass(frozen=True, slots=True)
class PublishedCatalogue:
    """The engine's compiled catalogue plus the rows it was built from, by trial key."""

    version: tuple[object, ...]
    engine: engine.Catalogue
    trials: dict[str, Trial]


_lock = threading.Lock()
_cached: PublishedCatalogue | None = None


def _version() -> tuple[object, ...]:
    trials = Trial.objects.published().aggregate(n=Count("pk"), changed=Max("updated_at"))
    criteria = EligibilityCriterion.objects.filter(trial__published=True).aggregate(
        n=Count("pk"), changed=Max("updated_at")
    )
    conditions = Condition.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (
        trials["n"],
        trials["changed"],
        criteria["n"],
        criteria["changed"],
        conditions["n"],
        conditions["last"],
    )


def published_catalogue() -> PublishedCatalogue:
    """The compiled catalogue of published trials; three small queries when nothing changed."""
    global _cached
    version = _version()
    cached = _cached
    if cached is not None and cached.version == version:
        return cached
    with _lock:
        if _cached is not None and _cached.version == version:
            return _cached
        trials = {
            trial.key: trial
            for trial in Trial.objects.published().prefetch_related("criteria", "conditions")
        }
        compiled = engine.Catalogue(
            (trial.to_engine() for trial in trials.values()), condition_tree()
        )
        _cached = PublishedCatalogue(version=version, engine=compiled, trials=trials)
        return _cached
