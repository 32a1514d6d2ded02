"""The normalised trial record every reader produces, and the problem every reader raises.

A `TrialRecord` is plain data: no Django, no database. What a missing value means:

- A scalar field that is `None` was not given by the source: an import leaves the stored value
  as it is (a new trial gets the model's default). A curator's edit in the admin of a field the
  source does not carry (the phase of a registry export, say) survives a re-import.
- A field named in `cleared` is one the source positively gives as empty ("no maximum age",
  `maximum_age_years: null` in a structured file): the import stores NULL or blank.
- A child list (`interventions`, `outcomes`, `sites`, `faqs`, `criteria`, `condition_terms`,
  `condition_codes`) that is `None` is not in the source: the stored rows stay as they are.
  A tuple, even an empty one, is the complete list: rows are upserted and the rest removed.
- `SiteRecord.coordinators` `None` leaves a site's coordinators as they are.
- `published` `None` leaves the flag as it is (new trials are unpublished).
- `nct_id` is an identity: an import sets it on a trial without one, never clears or changes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

PHASES = (
    "EARLY_PHASE1",
    "PHASE1",
    "PHASE1_PHASE2",
    "PHASE2",
    "PHASE2_PHASE3",
    "PHASE3",
    "PHASE4",
    "NA",
)
TRIAL_STATUSES = (
    "NOT_YET_RECRUITING",
    "RECRUITING",
    "ENROLLING_BY_INVITATION",
    "ACTIVE_NOT_RECRUITING",
    "SUSPENDED",
    "TERMINATED",
    "COMPLETED",
    "WITHDRAWN",
    "UNKNOWN",
)
SITE_STATUSES = (
    "RECRUITING",
    "NOT_YET_RECRUITING",
    "ACTIVE_NOT_RECRUITING",
    "ENROLLING_BY_INVITATION",
    "SUSPENDED",
    "TERMINATED",
    "COMPLETED",
    "WITHDRAWN",
    "UNKNOWN",
)
SEXES = ("ALL", "FEMALE", "MALE")
# "summary": only a summary of the eligibility is known (the trial is at most possibly eligible).
COVERAGES = ("full", "summary")
CRITERION_KINDS = ("inclusion", "exclusion")
OUTCOME_KINDS = ("primary", "secondary")
INTERVENTION_TYPES = (
    "DRUG",
    "BIOLOGICAL",
    "DEVICE",
    "PROCEDURE",
    "RADIATION",
    "BEHAVIORAL",
    "GENETIC",
    "DIETARY_SUPPLEMENT",
    "COMBINATION_PRODUCT",
    "DIAGNOSTIC_TEST",
    "OTHER",
)
CENTRAL_SITE_NAME = "Central study team"


class ImportProblem(Exception):
    """A file that cannot be imported: which file, which field, and what is wrong."""

    def __init__(self, path: str, field: str | None, message: str) -> None:
        super().__init__(path, field, message)
        self.path = path
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return ": ".join(part for part in (self.path, self.field, self.message) if part)


@dataclass(frozen=True)
class InterventionRecord:
    """A drug, device or procedure the trial tests."""

    type: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class OutcomeRecord:
    """A primary or secondary outcome measure."""

    kind: str
    measure: str
    description: str = ""
    time_frame: str = ""


@dataclass(frozen=True)
class SiteRecord:
    """A study site, or the central study team when no site is known."""

    facility: str
    city: str = ""
    country: str = ""
    status: str = "UNKNOWN"
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    is_central_contact: bool = False
    coordinators: tuple[str, ...] | None = None
    # The place and contacts as the registry gives them. `contacts` None (seed documents and
    # structured files) leaves the stored state, postcode, coordinates and contacts alone.
    state: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    contacts: tuple[dict[str, str], ...] | None = None


@dataclass(frozen=True)
class FAQRecord:
    """A question and answer shown on the trial's page."""

    question: str
    answer: str
    question_zh_hans: str = ""
    answer_zh_hans: str = ""


@dataclass(frozen=True)
class CriterionRecord:
    """One eligibility criterion: an engine type with its params, and the protocol sentence."""

    kind: str
    text: str
    type: str = "text"
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    reviewed: bool = False
    scope: str = ""  # the cohort, part or arm the line applies to; "" for everyone


@dataclass(frozen=True)
class TrialRecord:
    """A trial as one source gives it; `None` means "not given" (see the module docstring)."""

    source: str
    slug: str
    brief_title: str
    nct_id: str | None = None
    official_title: str | None = None
    phase: str | None = None
    overall_status: str | None = None
    sponsor: str | None = None
    brief_summary: str | None = None
    detailed_description: str | None = None
    eligibility_text: str | None = None
    minimum_age_years: int | None = None
    maximum_age_years: int | None = None
    sex: str | None = None
    eligibility_coverage: str | None = None
    start_date: dt.date | None = None
    completion_date: dt.date | None = None
    condition_terms: tuple[str, ...] | None = None
    condition_codes: tuple[str, ...] | None = None
    interventions: tuple[InterventionRecord, ...] | None = None
    outcomes: tuple[OutcomeRecord, ...] | None = None
    sites: tuple[SiteRecord, ...] | None = None
    faqs: tuple[FAQRecord, ...] | None = None
    criteria: tuple[CriterionRecord, ...] | None = None
    published: bool | None = None
    # The source names the slug itself (a structured file): it renames a stored trial.
    # A derived slug (from the NCT ID or the title) only names new trials and finds old ones.
    slug_given: bool = False
    # Other slugs the trial may already be stored under (the slug its document alone gives).
    aliases: tuple[str, ...] = ()
    cleared: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        """The public identifier: the NCT ID when registered, else the slug."""
        return self.nct_id or self.slug


# The scalar fields an import writes to Trial (see the module docstring for `None`).
SCALAR_FIELDS = (
    "brief_title",
    "official_title",
    "phase",
    "overall_status",
    "sponsor",
    "brief_summary",
    "detailed_description",
    "eligibility_text",
    "minimum_age_years",
    "maximum_age_years",
    "sex",
    "eligibility_coverage",
    "start_date",
    "completion_date",
    "published",
)
