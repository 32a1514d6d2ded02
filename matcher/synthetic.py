"""Synthetic published trials in the database, for benchmarks, load tests and paging tests.

The trials and their criteria come from the engine's synthetic catalogue
(`matcher.engine.bench.synthetic_catalogue`: about 25 criteria each, every criterion type);
they are written with bulk inserts, so they send no signals: this module bumps the catalogue
version and refreshes the search documents itself, once.
"""

from __future__ import annotations

import random

from django.db import transaction

from matcher import engine
from matcher.engine.bench import SYNTHETIC_TREE, synthetic_catalogue
from trials.models import CatalogueVersion, Condition, EligibilityCriterion, Trial

DRUGS = ("tislelizumab", "camrelizumab", "toripalimab", "cetuximab", "docetaxel", "gemcitabine")
SPONSORS = ("Synthetic Oncology Group", "Example Cancer Centre", "Model Trials Network")
PHASES = [phase for phase, _ in Trial.Phase.choices]
STATUSES = [
    Trial.Status.RECRUITING,
    Trial.Status.RECRUITING,
    Trial.Status.NOT_YET_RECRUITING,
    Trial.Status.ACTIVE_NOT_RECRUITING,
]


def publish_synthetic_trials(count: int, seed: int = 0, batch_size: int = 2000) -> list[int]:
    """Insert `count` published synthetic trials (slugs `synthetic-<n>`); return their pks."""
    specs, _tree = synthetic_catalogue(count, seed=seed)
    rng = random.Random(seed)
    with transaction.atomic():
        codes = _ensure_conditions()
        start = Trial.objects.filter(slug__startswith="synthetic-").count()
        trials = []
        listed_codes = []
        for number, spec in enumerate(specs, start=start):
            listed = next(
                list(c.params.codes)
                for c in spec.criteria
                if isinstance(c.params, engine.DiagnosisParams)
            )
            listed_codes.append(listed)
            drug = rng.choice(DRUGS)
            trials.append(
                Trial(
                    slug=f"synthetic-{number:06d}",
                    brief_title=f"{drug.title()} for {' or '.join(listed)} (synthetic {number})",
                    official_title=f"A synthetic study of {drug} in advanced solid tumours",
                    phase=rng.choice(PHASES),
                    overall_status=rng.choice(STATUSES),
                    sponsor=rng.choice(SPONSORS),
                    brief_summary=f"Synthetic trial {number} testing {drug}.",
                    published=True,
                    source="synthetic",
                )
            )
        created = Trial.objects.bulk_create(trials, batch_size=batch_size)
        criteria = [
            EligibilityCriterion(
                trial=trial,
                kind=criterion.kind.value,
                type=criterion.type.value,
                params=criterion.params_dict(),
                text=criterion.text,
                order=order,
                reviewed=True,
            )
            for trial, spec in zip(created, specs, strict=True)
            for order, criterion in enumerate(spec.criteria)
        ]
        EligibilityCriterion.objects.bulk_create(criteria, batch_size=batch_size)
        through = Trial.conditions.through
        through.objects.bulk_create(
            [
                through(trial_id=trial.pk, condition_id=codes[code])
                for trial, listed in zip(created, listed_codes, strict=True)
                for code in listed
                if code in codes
            ],
            batch_size=batch_size,
        )
        pks = [trial.pk for trial in created]
        Trial.objects.filter(pk__in=pks).refresh_search_documents()
        CatalogueVersion.bump()
    return pks


def _ensure_conditions() -> dict[str, int]:
    """The synthetic catalogue's condition codes, adding those the tree lacks; code -> pk."""
    existing = dict(Condition.objects.values_list("code", "pk"))
    for code, parent in SYNTHETIC_TREE.items():
        if code not in existing:
            condition = Condition.objects.create(
                code=code,
                name=code.replace("_", " ").title(),
                parent_id=existing.get(parent) if parent else None,
            )
            existing[code] = condition.pk
    return existing
