"""Keep the bookkeeping derived from the catalogue in step with every change to it.

Two things follow each change of a trial, a criterion, a condition or a trial's conditions, in
the transaction of the change itself (admin edits, importers and the review screen alike):
- `CatalogueVersion` is bumped, so each worker knows its compiled catalogue is stale;
- on PostgreSQL, the trials' stored search documents are recomputed.
Neither decides anything about a trial. QuerySet.update() and bulk_create() send no signals:
their callers bump (and refresh) explicitly.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from trials.models import CatalogueVersion, Condition, EligibilityCriterion, Trial


def _changed(sender: type, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        CatalogueVersion.bump()


def _trial_saved(sender: type, instance: Trial, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    CatalogueVersion.bump()
    Trial.objects.filter(pk=instance.pk).refresh_search_documents()


def _condition_saved(sender: type, instance: Condition, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    CatalogueVersion.bump()
    if not kwargs.get("created"):
        Trial.objects.filter(conditions=instance).refresh_search_documents()


def _conditions_changed(
    sender: type, instance: object, action: str, reverse: bool, pk_set: set[int] | None, **_: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    CatalogueVersion.bump()
    if isinstance(instance, Trial):
        Trial.objects.filter(pk=instance.pk).refresh_search_documents()
    elif pk_set:
        Trial.objects.filter(pk__in=pk_set).refresh_search_documents()
    elif isinstance(instance, Condition):  # cleared from the condition's side: pk_set is None
        Trial.objects.filter(search_document__isnull=False).refresh_search_documents()


def connect() -> None:
    """Connect the handlers to every model whose rows reach the compiled catalogue."""
    post_save.connect(_trial_saved, sender=Trial, dispatch_uid="catalogue-trial-saved")
    post_save.connect(_condition_saved, sender=Condition, dispatch_uid="catalogue-condition")
    post_save.connect(_changed, sender=EligibilityCriterion, dispatch_uid="catalogue-criterion")
    for model in (Trial, EligibilityCriterion, Condition):
        post_delete.connect(_changed, sender=model, dispatch_uid=f"catalogue-delete-{model}")
    m2m_changed.connect(
        _conditions_changed, sender=Trial.conditions.through, dispatch_uid="catalogue-conditions"
    )
