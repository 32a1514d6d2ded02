"""Bump the catalogue version, and refresh search documents, whenever something matching reads
is written.

This is bookkeeping, not a rule: it lets every write path (the admin, the review screen, the
importers, a shell) stay silent about caches and re-matching. Each handler runs inside the
writer's transaction, so the new version commits, or rolls back, with the change itself. On
PostgreSQL the trials' stored search documents (titles, sponsor, summary, condition names) are
recomputed in the same way. What only the pages show (FAQs, treatments, outcomes, the Chinese
translations) moves the pages' own number instead (`CatalogueVersion.bump_pages`), which the
cached trial pages compare. QuerySet.update() and bulk_create() send no signals: their callers
bump (and refresh) themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    FAQ,
    CatalogueVersion,
    Condition,
    EligibilityCriterion,
    Intervention,
    Outcome,
    Site,
    Trial,
)


def _bump(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures: the data arrives as it was
    CatalogueVersion.bump()


def _bump_pages(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    CatalogueVersion.bump_pages()


def _trial_saved(sender: Any, instance: Trial, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    CatalogueVersion.bump()
    Trial.objects.filter(pk=instance.pk).refresh_search_documents()


def _condition_saved(sender: Any, instance: Condition, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    CatalogueVersion.bump()
    if not kwargs.get("created"):  # a new condition is in no trial's document yet
        Trial.objects.filter(conditions=instance).refresh_search_documents()


def _bump_on_m2m(
    sender: Any, instance: object, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    CatalogueVersion.bump()
    if isinstance(instance, Trial):
        Trial.objects.filter(pk=instance.pk).refresh_search_documents()
    elif pk_set:
        Trial.objects.filter(pk__in=pk_set).refresh_search_documents()
    else:  # cleared from the condition's side: which trials had it is no longer known
        Trial.objects.all().refresh_search_documents()


def connect() -> None:
    post_save.connect(_trial_saved, sender=Trial, dispatch_uid="catalogue-version-save-trial")
    post_save.connect(
        _condition_saved, sender=Condition, dispatch_uid="catalogue-version-save-condition"
    )
    for saved in (EligibilityCriterion, Site):
        post_save.connect(_bump, sender=saved, dispatch_uid=f"catalogue-version-save-{saved}")
    for deleted in (Trial, EligibilityCriterion, Condition, Site):
        post_delete.connect(_bump, sender=deleted, dispatch_uid=f"catalogue-version-del-{deleted}")
    shown = [FAQ, Intervention, Outcome]
    shown += [model.translations.rel.related_model for model in (Trial, Site, EligibilityCriterion)]
    for model in shown:
        name = model._meta.label
        post_save.connect(_bump_pages, sender=model, dispatch_uid=f"page-version-save-{name}")
        post_delete.connect(_bump_pages, sender=model, dispatch_uid=f"page-version-del-{name}")
    m2m_changed.connect(
        _bump_on_m2m, sender=Trial.conditions.through, dispatch_uid="catalogue-version-conditions"
    )
