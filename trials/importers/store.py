"""Write trial records to the catalogue: all of them in one transaction, or none.

A record finds its trial by NCT ID, else by slug (then by its aliases); a record with an NCT ID
adopts a trial found by slug only when that trial has no NCT ID. Scalar fields follow the
`None` rule of `records.py`. Children are upserted by a natural key so that re-importing the
same files changes nothing, row ids included: interventions and FAQs by position, outcomes and
criteria by (kind, position within the kind), sites by (facility, city); `order` is that
position, counted from 1. Rows that disappeared
from the source are removed. An unreviewed criterion from a document never overwrites a
reviewed one with the same protocol text: a curator's typing survives a re-import.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError

from trials.importers.records import SCALAR_FIELDS, CriterionRecord, ImportProblem, TrialRecord
from trials.models import FAQ, Condition, EligibilityCriterion, Intervention, Outcome, Site, Trial


@dataclass(frozen=True)
class TrialResult:
    """What one record did: created, updated or unchanged."""

    action: str
    key: str
    title: str
    note: str = ""


@dataclass
class ImportSummary:
    """The result of one import, trial by trial in file order."""

    results: list[TrialResult] = field(default_factory=list)

    @property
    def actions(self) -> dict[str, str]:
        """Trial key -> "created", "updated" or "unchanged"."""
        return {result.key: result.action for result in self.results}

    @property
    def created(self) -> int:
        return self._count("created")

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    def _count(self, action: str) -> int:
        return sum(result.action == action for result in self.results)


def save_records(records: Sequence[TrialRecord], *, publish: bool = False) -> ImportSummary:
    """Upsert every record in one transaction; any ImportProblem leaves the database untouched.

    With `publish`, a trial whose source does not say is published, but only when every one
    of its criteria is reviewed: proposed criteria wait for a curator (the result says so).
    """
    summary = ImportSummary()
    with transaction.atomic():
        _check_references(records)
        for record in records:
            summary.results.append(_Writer(record, publish=publish).save())
    return summary


def _check_references(records: Sequence[TrialRecord]) -> None:
    """Condition codes must be in the tree and coordinators must be existing users."""
    codes = {code for record in records for code in record.condition_codes or ()}
    known_codes = set(Condition.objects.filter(code__in=codes).values_list("code", flat=True))
    user_model = get_user_model()
    username_field = user_model.USERNAME_FIELD
    names = {
        name
        for record in records
        for site in record.sites or ()
        for name in site.coordinators or ()
    }
    known_names = set(
        user_model._default_manager.filter(**{f"{username_field}__in": names}).values_list(
            username_field, flat=True
        )
    )
    for record in records:
        for index, code in enumerate(record.condition_codes or ()):
            if code not in known_codes:
                raise ImportProblem(
                    record.source,
                    f"conditions[{index}]",
                    f"the condition code {code!r} is not in the condition tree",
                )
        for site_index, site in enumerate(record.sites or ()):
            for index, name in enumerate(site.coordinators or ()):
                if name not in known_names:
                    raise ImportProblem(
                        record.source,
                        f"sites[{site_index}].coordinators[{index}]",
                        f"there is no user named {name!r}",
                    )


def _empty_value(name: str) -> Any:
    model_field = Trial._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return None if model_field.null else model_field.get_default()


class _Writer:
    """Writes one record; problems name the record's file and the record's field."""

    def __init__(self, record: TrialRecord, *, publish: bool = False) -> None:
        self.record = record
        self.publish = publish
        # The trial's age and sex limits before this import (None: a new trial).
        self.previous_limits: tuple[int | None, int | None, str] | None = None

    def problem(self, field: str | None, message: str) -> ImportProblem:
        return ImportProblem(self.record.source, field, message)

    def validate(self, instance: models.Model, label: str, exclude: Sequence[str] = ()) -> None:
        """Model validation (lengths, choices, uniqueness, the engine) as an ImportProblem."""
        try:
            instance.full_clean(exclude=list(exclude))
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            field_label = (
                label if name == NON_FIELD_ERRORS else ".".join(filter(None, (label, name)))
            )
            raise self.problem(field_label or None, " ".join(str(m) for m in messages)) from error

    def save(self) -> TrialResult:
        record = self.record
        trial = self.find()
        created = trial is None
        if trial is None:
            trial = Trial(slug=record.slug, nct_id=record.nct_id)
        self.previous_limits = None if created else _limits(trial)
        changed = self.apply_fields(trial, created=created)
        if created or changed:
            self.check_ages(trial)
            self.validate(trial, "")
            trial.save()
        changed |= self.sync_conditions(trial)
        changed |= self.sync_interventions(trial)
        changed |= self.sync_outcomes(trial)
        changed |= self.sync_sites(trial)
        changed |= self.sync_faqs(trial)
        changed |= self.sync_criteria(trial)
        note = ""
        if self.publish and record.published is None and not trial.published:
            if waiting := trial.criteria.filter(reviewed=False).count():
                note = f"kept unpublished: {waiting} criteria to review"
            else:
                trial.published = True
                trial.save(update_fields=["published", "updated_at"])
                changed = True
        action = "created" if created else "updated" if changed else "unchanged"
        return TrialResult(action=action, key=trial.key, title=trial.brief_title, note=note)

    def find(self) -> Trial | None:
        record = self.record
        if record.nct_id and (trial := Trial.objects.filter(nct_id=record.nct_id).first()):
            return trial
        for slug in (record.slug, *record.aliases):
            trial = Trial.objects.filter(slug=slug).first()
            if trial is None:
                continue
            if record.nct_id and trial.nct_id and trial.nct_id != record.nct_id:
                if slug == record.slug:
                    raise self.problem(
                        "slug",
                        f"the slug {slug!r} belongs to {trial.nct_id}, not to {record.nct_id}",
                    )
                continue
            return trial
        return None

    def apply_fields(self, trial: Trial, *, created: bool) -> bool:
        record = self.record
        values: dict[str, Any] = {}
        for name in SCALAR_FIELDS:
            value = getattr(record, name)
            if value is not None:
                values[name] = value
            elif name in record.cleared:
                values[name] = _empty_value(name)
        if record.condition_terms is not None:
            values["condition_terms"] = list(record.condition_terms)
        values["source"] = Path(record.source).name
        if record.nct_id and not trial.nct_id:
            values["nct_id"] = record.nct_id
        if record.slug_given:
            values["slug"] = record.slug
        changed = False
        for name, value in values.items():
            if getattr(trial, name) != value:
                setattr(trial, name, value)
                changed = True
        return changed

    def check_ages(self, trial: Trial) -> None:
        low, high = trial.minimum_age_years, trial.maximum_age_years
        if low is not None and high is not None and low > high:
            raise self.problem(
                "maximum_age_years", f"the maximum age ({high}) is below the minimum age ({low})"
            )

    def sync_conditions(self, trial: Trial) -> bool:
        if self.record.condition_codes is None:
            return False
        wanted = set(self.record.condition_codes)
        if set(trial.conditions.values_list("code", flat=True)) == wanted:
            return False
        trial.conditions.set(Condition.objects.filter(code__in=wanted))
        return True

    def sync_rows[M: models.Model](
        self,
        rows: Sequence[M],
        wanted: list[tuple[Hashable, str, dict[str, Any]]],
        key: Callable[[M], Hashable],
        make: Callable[[dict[str, Any]], M],
        keep: Callable[[M, dict[str, Any]], bool] | None = None,
        after_save: Callable[[M, int], bool] | None = None,
    ) -> bool:
        """Upsert `wanted` (key, label, values) over `rows` by key; remove the rows left over."""
        changed = False
        wanted_keys = {item_key for item_key, _, _ in wanted}
        by_key: dict[Hashable, M] = {}
        for row in rows:
            row_key = key(row)
            if row_key in wanted_keys and row_key not in by_key:
                by_key[row_key] = row
            else:
                self.delete(row)
                changed = True
        for index, (item_key, label, values) in enumerate(wanted):
            found = by_key.get(item_key)
            if found is None:
                found = make(values)
                self.validate(found, label)
                found.save()
                changed = True
            elif not (keep and keep(found, values)):
                different = {
                    name: value for name, value in values.items() if getattr(found, name) != value
                }
                if different:
                    for name, value in different.items():
                        setattr(found, name, value)
                    self.validate(found, label)
                    found.save()
                    changed = True
            if after_save is not None:
                changed |= after_save(found, index)
        return changed

    def delete(self, row: models.Model) -> None:
        try:
            row.delete()
        except (ProtectedError, RestrictedError) as error:
            raise self.problem(
                None,
                f"the {row._meta.verbose_name} {row} is no longer in the source but cannot be "
                "removed because other records (contact requests?) refer to it",
            ) from error

    def sync_interventions(self, trial: Trial) -> bool:
        if self.record.interventions is None:
            return False
        wanted: list[tuple[Hashable, str, dict[str, Any]]] = [
            (
                index + 1,
                f"interventions[{index}]",
                {
                    "type": item.type,
                    "name": item.name,
                    "description": item.description,
                    "order": index + 1,
                },
            )
            for index, item in enumerate(self.record.interventions)
        ]
        return self.sync_rows(
            list(trial.interventions.all()),
            wanted,
            key=lambda row: row.order,
            make=lambda values: Intervention(trial=trial, **values),
        )

    def sync_outcomes(self, trial: Trial) -> bool:
        if self.record.outcomes is None:
            return False
        wanted: list[tuple[Hashable, str, dict[str, Any]]] = []
        positions: dict[str, int] = {}
        for item in self.record.outcomes:
            order = positions[item.kind] = positions.get(item.kind, 0) + 1
            values = {
                "kind": item.kind,
                "measure": item.measure,
                "description": item.description,
                "time_frame": item.time_frame,
                "order": order,
            }
            wanted.append(((item.kind, order), f"outcomes.{item.kind}[{order - 1}]", values))
        return self.sync_rows(
            list(trial.outcomes.all()),
            wanted,
            key=lambda row: (row.kind, row.order),
            make=lambda values: Outcome(trial=trial, **values),
        )

    def sync_sites(self, trial: Trial) -> bool:
        sites = self.record.sites
        if sites is None:
            return False
        wanted: list[tuple[Hashable, str, dict[str, Any]]] = [
            (
                (item.facility, item.city),
                f"sites[{index}]",
                {
                    "facility": item.facility,
                    "city": item.city,
                    "country": item.country,
                    "status": item.status,
                    "contact_name": item.contact_name,
                    "contact_email": item.contact_email,
                    "contact_phone": item.contact_phone,
                    "is_central_contact": item.is_central_contact,
                },
            )
            for index, item in enumerate(sites)
        ]
        if len({item_key for item_key, _, _ in wanted}) < len(wanted):
            raise self.problem("sites", "two sites have the same facility and city")

        def set_coordinators(site: Site, index: int) -> bool:
            names = sites[index].coordinators
            if names is None:
                return False
            user_model = get_user_model()
            users = user_model._default_manager.filter(
                **{f"{user_model.USERNAME_FIELD}__in": names}
            )
            if set(site.coordinators.values_list("pk", flat=True)) == {user.pk for user in users}:
                return False
            site.coordinators.set(users)
            return True

        return self.sync_rows(
            list(trial.sites.all()),
            wanted,
            key=lambda row: (row.facility, row.city),
            make=lambda values: Site(trial=trial, **values),
            after_save=set_coordinators,
        )

    def sync_faqs(self, trial: Trial) -> bool:
        if self.record.faqs is None:
            return False
        wanted: list[tuple[Hashable, str, dict[str, Any]]] = [
            (
                index + 1,
                f"faqs[{index}]",
                {
                    "question": item.question,
                    "answer": item.answer,
                    "question_zh_hans": item.question_zh_hans,
                    "answer_zh_hans": item.answer_zh_hans,
                    "order": index + 1,
                },
            )
            for index, item in enumerate(self.record.faqs)
        ]
        return self.sync_rows(
            list(trial.faqs.all()),
            wanted,
            key=lambda row: row.order,
            make=lambda values: FAQ(trial=trial, **values),
        )

    def sync_criteria(self, trial: Trial) -> bool:
        if self.record.criteria is None:
            return False
        if not any(item.reviewed for item in self.record.criteria):
            return self.merge_proposed_criteria(trial)
        # A curated source (a structured file) is authoritative: upsert by kind and position.
        wanted: list[tuple[Hashable, str, dict[str, Any]]] = []
        positions: dict[str, int] = {}
        for index, item in enumerate(self.record.criteria):
            order = positions[item.kind] = positions.get(item.kind, 0) + 1
            values = {
                "kind": item.kind,
                "type": item.type,
                "params": item.params,
                "text": item.text,
                "line": item.line,
                "order": order,
                "reviewed": item.reviewed,
                "text_changed": False,
            }
            wanted.append(((item.kind, order), f"criteria[{index}]", values))

        def keep_reviewed(row: EligibilityCriterion, values: dict[str, Any]) -> bool:
            return row.reviewed and not values["reviewed"] and row.text == values["text"]

        return self.sync_rows(
            list(trial.criteria.all()),
            wanted,
            key=lambda row: (row.kind, row.order),
            make=lambda values: EligibilityCriterion(trial=trial, **values),
            keep=keep_reviewed,
        )

    def merge_proposed_criteria(self, trial: Trial) -> bool:
        """Proposals from a document or a registry record, merged with the curator's work.

        Criteria are grouped by protocol line (kind, line, text). A line whose words are
        still in the source keeps its stored criteria when a curator reviewed any of them
        (else the new proposals replace them). A line number still in the source with new
        words keeps the curator's reviewed criteria, with the new text, unreviewed and marked
        `text_changed`. Criteria of lines no longer in the source are removed.
        """
        items = self.record.criteria or ()
        # New registry age or sex limits: the curator looks at the age and sex criteria again.
        limits_changed = self.previous_limits not in (None, _limits(trial))
        rows = list(trial.criteria.all())
        stored = {row.pk: _snapshot(row) for row in rows}
        new_groups = _group(
            (item.kind, item.line, item.text, index) for index, item in enumerate(items)
        )
        old_groups = _group((row.kind, row.line, row.text, row) for row in rows)
        matched = self.match_lines(new_groups, old_groups, items)
        changed = False
        final: list[tuple[EligibilityCriterion, str]] = []
        for key, indexes in new_groups.items():
            old_rows = old_groups[matched[key]] if key in matched else []
            curated = [row for row in old_rows if row.reviewed or row.text_changed]
            if curated:
                keep = old_rows if matched[key][2] == key[2] else curated
                for row in keep:
                    stale = limits_changed and row.reviewed and row.type in {"age", "sex"}
                    if row.text != key[2] or stale:  # new words or limits: the curator looks again
                        row.text, row.reviewed, row.text_changed = key[2], False, True
                    row.line = key[1]
                    final.append((row, "criteria"))
                for row in old_rows:
                    if row not in keep:
                        self.delete(row)
                        changed = True
                continue
            for position, index in enumerate(indexes):
                item = items[index]
                values = {
                    "kind": item.kind,
                    "type": item.type,
                    "params": item.params,
                    "text": item.text,
                    "line": item.line,
                    "reviewed": False,
                    "text_changed": False,
                }
                if position < len(old_rows):
                    row = old_rows[position]
                    for name, value in values.items():
                        setattr(row, name, value)
                else:
                    row = EligibilityCriterion(trial=trial, **values)
                final.append((row, f"criteria[{index}]"))
            for row in old_rows[len(indexes) :]:
                self.delete(row)
                changed = True
        for key in old_groups.keys() - set(matched.values()):
            for row in old_groups[key]:
                self.delete(row)
                changed = True
        positions: dict[str, int] = {}
        for row, label in final:
            row.order = positions[row.kind] = positions.get(row.kind, 0) + 1
            if row.pk is not None and stored.get(row.pk) == _snapshot(row):
                continue
            self.validate(row, label)
            row.save()
            changed = True
        return changed

    @staticmethod
    def match_lines(
        new_groups: dict[LineKey, list[int]],
        old_groups: dict[LineKey, list[EligibilityCriterion]],
        items: Sequence[CriterionRecord],
    ) -> dict[LineKey, LineKey]:
        """Stored line for each source line: the same words (at the same number if it can),
        else the same number (a registry criterion without a line: the same types)."""
        matched: dict[LineKey, LineKey] = {}
        unused = list(old_groups)
        for key in new_groups:
            same_words = [old for old in unused if (old[0], old[2]) == (key[0], key[2])]
            if same_words:
                pick = next((old for old in same_words if old[1] == key[1]), same_words[0])
                matched[key] = pick
                unused.remove(pick)
        for key in new_groups:
            if key in matched:
                continue
            types = {items[index].type for index in new_groups[key]}
            for old in unused:
                if (old[0], old[1]) != (key[0], key[1]):
                    continue
                if key[1] is None and {row.type for row in old_groups[old]} != types:
                    continue
                matched[key] = old
                unused.remove(old)
                break
        return matched


type LineKey = tuple[str, int | None, str]


def _group[T](items: Iterable[tuple[str, int | None, str, T]]) -> dict[LineKey, list[T]]:
    """Items grouped by protocol line (kind, line, text), in first-seen order."""
    groups: dict[LineKey, list[T]] = {}
    for kind, line, text, item in items:
        groups.setdefault((kind, line, text), []).append(item)
    return groups


def _limits(trial: Trial) -> tuple[int | None, int | None, str]:
    return trial.minimum_age_years, trial.maximum_age_years, trial.sex


def _snapshot(row: EligibilityCriterion) -> tuple[Any, ...]:
    """What an import writes to a criterion, to tell whether saving it would change anything."""
    return (
        row.kind,
        row.type,
        row.params,
        row.text,
        row.line,
        row.order,
        row.reviewed,
        row.text_changed,
    )
