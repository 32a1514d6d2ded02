"""Read the project's own structured seed files (YAML, or JSON with a top-level "trial" key).

The schema is documented in `trials/importers/README.md`. A file may name a seed text
`document` (relative to itself) that is read first; its own keys complete or override what the
document gives, and its `criteria`, when present, replace the document's text lines entirely.
Unknown keys are problems, so a typo never passes silently; each criterion goes through the
engine's one parser. Condition codes and coordinator usernames are checked when saving.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any

from matcher import engine
from trials.importers.ctgov import NCT_ID
from trials.importers.records import (
    COVERAGES,
    CRITERION_KINDS,
    OUTCOME_KINDS,
    PHASES,
    SCALAR_FIELDS,
    SEXES,
    SITE_STATUSES,
    TRIAL_STATUSES,
    CriterionRecord,
    FAQRecord,
    ImportProblem,
    InterventionRecord,
    OutcomeRecord,
    SiteRecord,
    TrialRecord,
)
from trials.importers.seed_text import SLUG_MAX_LENGTH, read_seed_text, title_slug

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
TOP_LEVEL_KEYS = frozenset(
    {
        "document",
        "nct_id",
        "slug",
        "brief_title",
        "official_title",
        "phase",
        "overall_status",
        "sponsor",
        "brief_summary",
        "detailed_description",
        "eligibility_text",
        "published",
        "minimum_age_years",
        "maximum_age_years",
        "sex",
        "eligibility_coverage",
        "start_date",
        "completion_date",
        "conditions",
        "condition_terms",
        "interventions",
        "outcomes",
        "sites",
        "faqs",
        "criteria",
    }
)
_TEXT_FIELDS = (
    "brief_title",
    "official_title",
    "sponsor",
    "brief_summary",
    "detailed_description",
    "eligibility_text",
)
_CHOICE_FIELDS = {
    "phase": PHASES,
    "overall_status": TRIAL_STATUSES,
    "sex": SEXES,
    "eligibility_coverage": COVERAGES,
}
# Fields that a structured file may give as null to clear a stored value.
_NULLABLE_FIELDS = frozenset(
    {
        "official_title",
        "sponsor",
        "brief_summary",
        "detailed_description",
        "eligibility_text",
        "sex",
        "minimum_age_years",
        "maximum_age_years",
        "start_date",
        "completion_date",
    }
)


def trial_mapping(data: Any, path: str) -> dict[str, Any]:
    """The trial mapping of a decoded file: the top level, or the value of its "trial" key."""
    if isinstance(data, dict) and set(data) == {"trial"}:
        data = data["trial"]
    if not isinstance(data, dict):
        raise ImportProblem(
            path, None, "a structured seed file must hold one mapping of trial fields"
        )
    return data


def document_path(data: Any, path: str) -> str | None:
    """The seed text document a structured file names, relative to the current directory."""
    document = trial_mapping(data, path).get("document")
    if document is None:
        return None
    if not isinstance(document, str) or not document.strip():
        raise ImportProblem(path, "document", "expected the file name of a seed text document")
    return os.path.join(os.path.dirname(path), document)


def read_structured(data: Any, path: str) -> TrialRecord:
    """A trial record from a decoded structured seed file (and the document it names)."""
    return _Reader(trial_mapping(data, path), path).record()


class _Reader:
    """Reads one structured mapping; every problem names the key path it comes from."""

    def __init__(self, data: dict[str, Any], path: str) -> None:
        self.data = data
        self.path = path
        self.default_site_status = "UNKNOWN"

    def problem(self, field: str, message: str) -> ImportProblem:
        return ImportProblem(self.path, field, message)

    # Typed accessors: each names the field it reads in its problems.

    def text(self, value: Any, field: str, *, required: bool = False) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.problem(field, "expected a non-empty text" if required else "expected text")
        return value.strip()

    def mapping(self, value: Any, field: str, keys: frozenset[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.problem(field, "expected a mapping")
        if unknown := sorted(set(value) - keys, key=str):
            raise self.problem(
                f"{field}.{unknown[0]}", f"unknown key (expected one of {', '.join(sorted(keys))})"
            )
        return value

    def sequence(self, value: Any, field: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.problem(field, "expected a list")
        return value

    def boolean(self, value: Any, field: str) -> bool:
        if not isinstance(value, bool):
            raise self.problem(field, "expected true or false")
        return value

    def age(self, value: Any, field: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
            raise self.problem(field, "expected a whole number of years from 0 to 120")
        return value

    def date(self, value: Any, field: str) -> dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.problem(field, f"expected a date as YYYY-MM-DD, not {value!r}")

    def codes(self, value: Any, field: str) -> tuple[str, ...]:
        items = self.sequence(value, field)
        return tuple(
            self.text(item, f"{field}[{index}]", required=True) for index, item in enumerate(items)
        )

    def record(self) -> TrialRecord:
        data = self.data
        if unknown := sorted(set(data) - TOP_LEVEL_KEYS, key=str):
            raise self.problem(
                str(unknown[0]),
                "this key is not part of the structured seed format (a typo?); "
                "trials/importers/README.md lists the keys",
            )
        base = self._document()
        values: dict[str, Any] = {}
        cleared = set(base.cleared) if base else set()
        for name in SCALAR_FIELDS:
            if name not in data:
                continue
            if data[name] is None:
                if name not in _NULLABLE_FIELDS:
                    raise self.problem(name, "expected a value, not null")
                values[name] = None
                cleared.add(name)
                continue
            cleared.discard(name)
            values[name] = self._scalar(name, data[name])

        nct_id = base.nct_id if base else None
        if data.get("nct_id") is not None:
            nct_id = self.text(data["nct_id"], "nct_id", required=True)
            if not NCT_ID.match(nct_id):
                raise self.problem(
                    "nct_id", f"{nct_id!r} is not an NCT ID (NCT followed by 8 digits)"
                )
        values["nct_id"] = nct_id

        brief_title = values.get("brief_title") or (base.brief_title if base else None)
        if not brief_title:
            raise self.problem("brief_title", "the brief title is missing (give it, or a document)")
        slug = self._slug(nct_id, brief_title, base)
        values["slug"] = slug
        values["slug_given"] = "slug" in data
        values["aliases"] = (base.slug,) if base and base.slug != slug else ()
        values["cleared"] = frozenset(cleared)
        values["source"] = self.path

        # A site without its own status follows the trial's when that is a site status.
        status = values.get("overall_status") or (base.overall_status if base else None)
        if status in SITE_STATUSES:
            self.default_site_status = status
        if "conditions" in data:
            values["condition_codes"] = self.codes(data["conditions"], "conditions")
        if "condition_terms" in data:
            values["condition_terms"] = self.codes(data["condition_terms"], "condition_terms")
        for name, read in self._children().items():
            if name in data:
                values[name] = None if data[name] is None else read(data[name])
        if base is None:
            return TrialRecord(**values)
        return dataclasses.replace(base, **values)

    def _document(self) -> TrialRecord | None:
        path = document_path(self.data, self.path)
        if path is None:
            return None
        if not os.path.isfile(path):
            raise self.problem("document", f"the document {self.data['document']!r} does not exist")
        return read_seed_text(path)

    def _scalar(self, name: str, value: Any) -> Any:
        if name in _TEXT_FIELDS:
            return self.text(value, name, required=name == "brief_title")
        if name in _CHOICE_FIELDS:
            choices = _CHOICE_FIELDS[name]
            if value not in choices:
                raise self.problem(name, f"{value!r} is not one of {', '.join(choices)}")
            return value
        if name in ("minimum_age_years", "maximum_age_years"):
            return self.age(value, name)
        if name in ("start_date", "completion_date"):
            return self.date(value, name)
        return self.boolean(value, name)

    def _slug(self, nct_id: str | None, brief_title: str, base: TrialRecord | None) -> str:
        if "slug" not in self.data:
            if base and (base.nct_id == nct_id or not nct_id):
                return base.slug
            return nct_id.lower() if nct_id else title_slug(brief_title)
        slug = self.text(self.data["slug"], "slug", required=True)
        if not _SLUG.match(slug) or len(slug) > SLUG_MAX_LENGTH:
            raise self.problem(
                "slug",
                f"{slug!r} is not a slug (letters, digits, - and _, at most {SLUG_MAX_LENGTH})",
            )
        return slug

    def _children(self) -> dict[str, Callable[[Any], tuple[Any, ...]]]:
        return {
            "interventions": self._interventions,
            "outcomes": self._outcomes,
            "sites": self._sites,
            "faqs": self._faqs,
            "criteria": self._criteria,
        }

    def _interventions(self, value: Any) -> tuple[InterventionRecord, ...]:
        keys = frozenset({"type", "name", "description"})
        records = []
        for index, item in enumerate(self.sequence(value, "interventions")):
            field = f"interventions[{index}]"
            item = self.mapping(item, field, keys)
            records.append(
                InterventionRecord(
                    type=self.text(item.get("type"), f"{field}.type"),
                    name=self.text(item.get("name"), f"{field}.name", required=True),
                    description=self.text(item.get("description"), f"{field}.description"),
                )
            )
        return tuple(records)

    def _outcomes(self, value: Any) -> tuple[OutcomeRecord, ...]:
        groups = self.mapping(value, "outcomes", frozenset(OUTCOME_KINDS))
        keys = frozenset({"measure", "description", "time_frame"})
        records = []
        for kind in OUTCOME_KINDS:
            for index, item in enumerate(self.sequence(groups.get(kind) or [], f"outcomes.{kind}")):
                field = f"outcomes.{kind}[{index}]"
                item = self.mapping(item, field, keys)
                records.append(
                    OutcomeRecord(
                        kind=kind,
                        measure=self.text(item.get("measure"), f"{field}.measure", required=True),
                        description=self.text(item.get("description"), f"{field}.description"),
                        time_frame=self.text(item.get("time_frame"), f"{field}.time_frame"),
                    )
                )
        return tuple(records)

    def _sites(self, value: Any) -> tuple[SiteRecord, ...]:
        keys = frozenset(
            {
                "facility",
                "city",
                "country",
                "status",
                "contact_name",
                "contact_email",
                "contact_phone",
                "central",
                "coordinators",
            }
        )
        records = []
        for index, item in enumerate(self.sequence(value, "sites")):
            field = f"sites[{index}]"
            item = self.mapping(item, field, keys)
            site_status = item.get("status", self.default_site_status)
            if site_status not in SITE_STATUSES:
                raise self.problem(
                    f"{field}.status", f"{site_status!r} is not one of {', '.join(SITE_STATUSES)}"
                )
            coordinators = item.get("coordinators")
            records.append(
                SiteRecord(
                    facility=self.text(item.get("facility"), f"{field}.facility", required=True),
                    city=self.text(item.get("city"), f"{field}.city"),
                    country=self.text(item.get("country"), f"{field}.country"),
                    status=site_status,
                    contact_name=self.text(item.get("contact_name"), f"{field}.contact_name"),
                    contact_email=self.text(item.get("contact_email"), f"{field}.contact_email"),
                    contact_phone=self.text(item.get("contact_phone"), f"{field}.contact_phone"),
                    is_central_contact=self.boolean(item.get("central", False), f"{field}.central"),
                    coordinators=None
                    if coordinators is None
                    else self.codes(coordinators, f"{field}.coordinators"),
                )
            )
        return tuple(records)

    def _faqs(self, value: Any) -> tuple[FAQRecord, ...]:
        keys = frozenset({"question", "answer", "question_zh_hans", "answer_zh_hans"})
        records = []
        for index, item in enumerate(self.sequence(value, "faqs")):
            field = f"faqs[{index}]"
            item = self.mapping(item, field, keys)
            records.append(
                FAQRecord(
                    question=self.text(item.get("question"), f"{field}.question", required=True),
                    answer=self.text(item.get("answer"), f"{field}.answer", required=True),
                    question_zh_hans=self.text(
                        item.get("question_zh_hans"), f"{field}.question_zh_hans"
                    ),
                    answer_zh_hans=self.text(item.get("answer_zh_hans"), f"{field}.answer_zh_hans"),
                )
            )
        return tuple(records)

    def _criteria(self, value: Any) -> tuple[CriterionRecord, ...]:
        keys = frozenset({"kind", "type", "params", "text", "line", "reviewed", "scope"})
        records = []
        for index, item in enumerate(self.sequence(value, "criteria")):
            field = f"criteria[{index}]"
            item = self.mapping(item, field, keys)
            kind = item.get("kind")
            if kind not in CRITERION_KINDS:
                raise self.problem(
                    f"{field}.kind", f"{kind!r} is not one of {', '.join(CRITERION_KINDS)}"
                )
            criterion_type = self.text(item.get("type", "text"), f"{field}.type", required=True)
            params = item.get("params", {})
            if not isinstance(params, dict):
                raise self.problem(f"{field}.params", "expected a mapping of parameters")
            text = self.text(item.get("text"), f"{field}.text", required=True)
            line = item.get("line")
            if line is not None and (
                isinstance(line, bool) or not isinstance(line, int) or line < 0
            ):
                raise self.problem(f"{field}.line", "expected the protocol line's number")
            scope = self.text(item.get("scope", ""), f"{field}.scope")
            if len(scope) > 200:
                raise self.problem(f"{field}.scope", "keep the scope to 200 characters")
            try:
                engine.parse_criterion(kind, criterion_type, params, text)
            except engine.CriterionError as error:
                key, messages = next(iter(error.errors.items()))
                if key.split(".", 1)[0] not in {"kind", "type", "params", "text"}:
                    key = f"params.{key}"
                raise self.problem(f"{field}.{key}", "; ".join(messages)) from error
            records.append(
                CriterionRecord(
                    kind=kind,
                    type=criterion_type,
                    params=dict(params),
                    text=text,
                    line=line,
                    reviewed=self.boolean(item.get("reviewed", False), f"{field}.reviewed"),
                    scope=scope,
                )
            )
        return tuple(records)
