"""Bump the catalogue version whenever something matching reads is written.

This is bookkeeping, not a rule: it lets every write path (the admin, the review screen, the
importers, a shell) stay silent about caches and re-matching. Each handler runs inside the
writer's transaction, so the new version commits, or rolls back, with the change itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import CatalogueVersion, Condition, EligibilityCriterion, Site, Trial


def _bump(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures: the data arrives as it was
    CatalogueVersion.bump()


def _bump_on_m2m(sender: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        CatalogueVersion.bump()


def connect() -> None:
    for model in (Trial, EligibilityCriterion, Condition, Site):
        post_save.connect(_bump, sender=model, dispatch_uid=f"catalogue-version-save-{model}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"catalogue-version-del-{model}")
    m2m_changed.connect(
        _bump_on_m2m, sender=Trial.conditions.through, dispatch_uid="catalogue-version-conditions"
    )
