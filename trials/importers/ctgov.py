"""Read ClinicalTrials.gov API v2 study JSON into trial records.

A file holds one study object, a list of studies, or `{"studies": [...]}`. Key paths follow the
API (`protocolSection.identificationModule.nctId`, ...); any key may be missing. The rules:

- the NCT ID must be present and look like `NCT` + 8 digits; the slug is the NCT ID in lower case;
- a study without a `protocolSection` object is a problem (not a CT.gov API v2 study);
- ages ("18 Years", "6 Months", "12 Weeks", "30 Days") become whole years, rounded down; an
  eligibility module without `minimumAge` / `maximumAge` means no limit (the field is cleared),
  and so does a maximum above 120 years (the registry writes "123 Years" for none);
- `phases` maps onto one phase (`["PHASE1", "PHASE2"]` -> `PHASE1_PHASE2`, none or `["NA"]` ->
  `NA`); an unknown `overallStatus` is `UNKNOWN`;
- dates "2025-03" (the first of the month) or "2025-03-15"; the completion date stored is the
  primary completion date;
- each location becomes a site with its first contact, its place (city, state, postcode,
  country, `geoPoint`) and every contact; without locations, the first central
  contact becomes one "Central study team" site;
- conditions are kept as terms, plus the codes the synonym table knows;
- the eligibility text is split into protocol lines (`eligibility.py`) and each line gets the
  typed criteria it states, unreviewed (`extraction.py`): the age and sex limits come from the
  eligibility module; lines it cannot read stay `text` criteria;
- `published` is left to the command (`--publish`) and to curators.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from trials.importers.eligibility import split_eligibility, unescape
from trials.importers.extraction import MAX_AGE, propose_criteria
from trials.importers.records import (
    CENTRAL_SITE_NAME,
    SEXES,
    SITE_STATUSES,
    TRIAL_STATUSES,
    ImportProblem,
    InterventionRecord,
    OutcomeRecord,
    SiteRecord,
    TrialRecord,
)
from trials.importers.synonyms import diagnosis_codes, diagnosis_statements

NCT_ID = re.compile(r"^NCT\d{8}$")
_AGE = re.compile(r"^\s*(\d+)\s+(year|month|week|day|hour|minute)s?\s*$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_PHASES: dict[frozenset[str], str] = {
    frozenset(): "NA",
    frozenset({"NA"}): "NA",
    frozenset({"EARLY_PHASE1"}): "EARLY_PHASE1",
    frozenset({"PHASE1"}): "PHASE1",
    frozenset({"PHASE1", "PHASE2"}): "PHASE1_PHASE2",
    frozenset({"PHASE2"}): "PHASE2",
    frozenset({"PHASE2", "PHASE3"}): "PHASE2_PHASE3",
    frozenset({"PHASE3"}): "PHASE3",
    frozenset({"PHASE4"}): "PHASE4",
}
_MISSING = object()


def read_ctgov(data: Any, path: str) -> list[TrialRecord]:
    """The studies of one decoded CT.gov JSON document, in file order."""
    match data:
        case {"studies": list() as studies}:
            items = [(f"studies[{index}].", study) for index, study in enumerate(studies)]
        case {"studies": _}:
            raise ImportProblem(path, "studies", "expected a list of studies")
        case list():
            items = [(f"[{index}].", study) for index, study in enumerate(data)]
        case dict():
            items = [("", data)]
        case _:
            raise ImportProblem(
                path, None, 'expected a study object, a list of studies or {"studies": [...]}'
            )
    if not items:
        raise ImportProblem(path, "studies", "the file holds no studies")
    return [_Study(study, path, prefix).record() for prefix, study in items]


def age_in_years(text: str) -> int | None:
    """'18 Years' -> 18, '30 Months' -> 2, '12 Weeks' -> 0 (whole years, rounded down)."""
    match = _AGE.match(text)
    if match is None:
        return None
    number, unit = int(match.group(1)), match.group(2).lower()
    match unit:
        case "year":
            return number
        case "month":
            return number // 12
        case "week":
            return number * 7 // 365
        case "day":
            return number // 365
        case _:  # hours and minutes
            return 0


def age_in_months(text: str, *, upper: bool) -> int | None:
    """'6 Months' -> 6, '12 Weeks' -> 3 (a minimum rounds up, a maximum down); None for years.

    Weeks count 12/52 of a month and days 12/365: "12 Weeks" as a minimum is 3 months (2.8
    rounded up: nobody younger is let in), as a maximum 2 months (nobody older).
    """
    match = _AGE.match(text)
    if match is None:
        return None
    number, unit = int(match.group(1)), match.group(2).lower()
    per_year = {"month": 12, "week": 52, "day": 365}.get(unit)
    if per_year is None:
        return None
    whole, rest = divmod(number * 12, per_year)
    return whole + (1 if rest and not upper else 0)


class _Study:
    """One study object, with the file path and key prefix that problems are reported under."""

    def __init__(self, data: Any, path: str, prefix: str) -> None:
        self.data = data
        self.path = path
        self.prefix = prefix

    def problem(self, key: str, message: str) -> ImportProblem:
        return ImportProblem(self.path, f"{self.prefix}{key}".rstrip("."), message)

    def get(self, key: str, within: Any = _MISSING, base: str = "") -> Any:
        """The value at a dotted key path, or None when any part of it is missing."""
        value = self.data if within is _MISSING else within
        for part in key.split("."):
            if not isinstance(value, dict):
                if value is not None:
                    raise self.problem(base + key, "expected an object here")
                return None
            value = value.get(part)
        return value

    def text(self, key: str, within: Any = _MISSING, base: str = "") -> str | None:
        value = self.get(key, within, base)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.problem(base + key, f"expected text, not {type(value).__name__}")
        return value.strip()

    def items(self, key: str, within: Any = _MISSING, base: str = "") -> list[Any] | None:
        value = self.get(key, within, base)
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.problem(base + key, "expected a list")
        return value

    def record(self) -> TrialRecord:
        """The study as a trial record."""
        if not isinstance(self.data, dict) or not isinstance(
            self.data.get("protocolSection"), dict
        ):
            raise self.problem(
                "protocolSection",
                "the study has no protocolSection object: this is not ClinicalTrials.gov API v2 "
                "study JSON",
            )
        nct_key = "protocolSection.identificationModule.nctId"
        nct_id = self.text(nct_key)
        if not nct_id:
            raise self.problem(nct_key, "the NCT ID is missing")
        if not NCT_ID.match(nct_id):
            raise self.problem(nct_key, f"{nct_id!r} is not an NCT ID (NCT followed by 8 digits)")
        protocol = "protocolSection."
        brief_title = self.text(protocol + "identificationModule.briefTitle")
        official_title = self.text(protocol + "identificationModule.officialTitle")
        overall_status = self._status()
        minimum_age, maximum_age, cleared = self._ages()
        terms = self.items(protocol + "conditionsModule.conditions")
        condition_terms = None if terms is None else tuple(str(term).strip() for term in terms)
        keywords = self.items(protocol + "conditionsModule.keywords") or []
        eligibility = self.text(protocol + "eligibilityModule.eligibilityCriteria")
        eligibility = unescape(eligibility) if eligibility else eligibility
        lines = split_eligibility(eligibility) if eligibility else ()
        diagnosis = diagnosis_codes(
            condition_terms or (),
            [str(keyword) for keyword in keywords],
            [brief_title or "", official_title or ""],
            # The first inclusion lines everyone must meet state the diagnosis.
            diagnosis_statements(c.text for c in lines if c.kind == "inclusion" and not c.scope),
            # Every inclusion line (cohorts too) says which registry conditions the text names;
            # exclusion lines never name the trial's own cancer.
            inclusion=[c.text for c in lines if c.kind == "inclusion"],
            cohorts=[(c.scope, c.text) for c in lines if c.kind == "inclusion" and c.scope],
        )
        sex = self._sex()
        criteria = None
        if eligibility is not None:
            months = self._age_months()
            criteria = propose_criteria(
                lines,
                minimum_age=minimum_age,
                maximum_age=maximum_age,
                minimum_age_months=months[0],
                maximum_age_months=months[1],
                sex=sex,
                diagnosis=diagnosis,
            )
        return TrialRecord(
            source=self.path,
            slug=nct_id.lower(),
            nct_id=nct_id,
            brief_title=brief_title or official_title or nct_id,
            official_title=official_title,
            phase=self._phase(),
            overall_status=overall_status,
            sponsor=self.text(protocol + "sponsorCollaboratorsModule.leadSponsor.name"),
            brief_summary=self._markdown(protocol + "descriptionModule.briefSummary"),
            detailed_description=self._markdown(protocol + "descriptionModule.detailedDescription"),
            eligibility_text=eligibility,
            # A registry record with an eligibility text has the protocol's lists.
            eligibility_coverage="full" if eligibility else None,
            criteria=criteria,
            minimum_age_years=minimum_age,
            maximum_age_years=maximum_age,
            sex=sex,
            start_date=self._date(protocol + "statusModule.startDateStruct.date"),
            completion_date=self._date(protocol + "statusModule.primaryCompletionDateStruct.date"),
            condition_terms=condition_terms,
            # No code: the trial's conditions stay empty and a curator maps them.
            condition_codes=diagnosis.codes or None,
            interventions=self._interventions(),
            outcomes=self._outcomes(),
            sites=self._sites(overall_status),
            cleared=cleared,
        )

    def _markdown(self, key: str) -> str | None:
        value = self.text(key)
        return None if value is None else unescape(value)

    def _phase(self) -> str:
        key = "protocolSection.designModule.phases"
        phases = self.items(key) or []
        phase = _PHASES.get(frozenset(str(item).upper() for item in phases))
        if phase is None:
            raise self.problem(
                key, f"the phases {phases} do not name a known phase or pair of phases"
            )
        return phase

    def _status(self) -> str:
        status = (self.text("protocolSection.statusModule.overallStatus") or "").upper()
        return status if status in TRIAL_STATUSES else "UNKNOWN"

    def _sex(self) -> str | None:
        key = "protocolSection.eligibilityModule.sex"
        sex = self.text(key)
        if sex is None:
            return None
        if sex.upper() not in SEXES:
            raise self.problem(key, f"the sex {sex!r} is not one of ALL, FEMALE or MALE")
        return sex.upper()

    def _ages(self) -> tuple[int | None, int | None, frozenset[str]]:
        module = "protocolSection.eligibilityModule"
        if self.get(module) is None:
            return None, None, frozenset()
        ages: list[int | None] = []
        for name in ("minimumAge", "maximumAge"):
            text = self.text(f"{module}.{name}")
            if text is None or text.upper() in {"", "N/A", "NONE"}:
                ages.append(None)
                continue
            years = age_in_years(text)
            if years is None:
                raise self.problem(
                    f"{module}.{name}",
                    f"the age {text!r} is not a number of years, months, weeks or days",
                )
            ages.append(None if name == "maximumAge" and years > MAX_AGE else years)
        minimum, maximum = ages
        if minimum is not None and maximum is not None and minimum > maximum:
            raise self.problem(
                f"{module}.maximumAge",
                f"the maximum age ({maximum} years) is below the minimum age ({minimum} years)",
            )
        # A present eligibility module without an age means "no limit": clear the stored one.
        return minimum, maximum, frozenset({"minimum_age_years", "maximum_age_years"})

    def _age_months(self) -> tuple[int | None, int | None]:
        """Exact limits in months when the registry gives months, weeks or days."""
        module = "protocolSection.eligibilityModule"
        limits: list[int | None] = []
        for name, upper in (("minimumAge", False), ("maximumAge", True)):
            limits.append(age_in_months(self.text(f"{module}.{name}") or "", upper=upper))
        return limits[0], limits[1]

    def _date(self, key: str) -> dt.date | None:
        text = self.text(key)
        if not text:
            return None
        match = _DATE.match(text)
        try:
            if match is None:
                raise ValueError(text)
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
        except ValueError as error:
            raise self.problem(key, f"the date {text!r} is not YYYY-MM or YYYY-MM-DD") from error

    def _interventions(self) -> tuple[InterventionRecord, ...] | None:
        key = "protocolSection.armsInterventionsModule.interventions"
        items = self.items(key)
        if items is None:
            return None
        interventions = []
        for index, item in enumerate(items):
            base = f"{key}[{index}]."
            name = self.text("name", item, base)
            if not name:
                continue
            interventions.append(
                InterventionRecord(
                    type=(self.text("type", item, base) or "").upper(),
                    name=name,
                    description=unescape(self.text("description", item, base) or ""),
                )
            )
        return tuple(interventions)

    def _outcomes(self) -> tuple[OutcomeRecord, ...] | None:
        module = "protocolSection.outcomesModule"
        if self.get(module) is None:
            return None
        outcomes = []
        for kind, name in (("primary", "primaryOutcomes"), ("secondary", "secondaryOutcomes")):
            key = f"{module}.{name}"
            for index, item in enumerate(self.items(key) or []):
                base = f"{key}[{index}]."
                measure = self.text("measure", item, base)
                if not measure:
                    continue
                outcomes.append(
                    OutcomeRecord(
                        kind=kind,
                        measure=unescape(measure),
                        description=unescape(self.text("description", item, base) or ""),
                        time_frame=self.text("timeFrame", item, base) or "",
                    )
                )
        return tuple(outcomes)

    def _contact(self, contacts: list[Any], base: str) -> tuple[str, str, str]:
        for index, contact in enumerate(contacts):
            item_base = f"{base}[{index}]."
            name = self.text("name", contact, item_base) or ""
            email = self.text("email", contact, item_base) or ""
            phone = self.text("phone", contact, item_base) or ""
            extension = self.text("phoneExt", contact, item_base)
            if phone and extension:
                phone = f"{phone} ext. {extension}"
            if name or email or phone:
                return name, email, phone
        return "", "", ""

    def _all_contacts(self, contacts: list[Any], base: str) -> tuple[dict[str, str], ...]:
        """Every contact of a location, with the fields the registry gives."""
        found = []
        for index, contact in enumerate(contacts):
            item_base = f"{base}[{index}]."
            item = {
                name: value
                for name in ("name", "role", "email", "phone", "phoneExt")
                if (value := self.text(name, contact, item_base))
            }
            if item:
                found.append(item)
        return tuple(found)

    def _geo_point(self, location: Any, base: str) -> tuple[float | None, float | None]:
        """The location's `geoPoint` (lat, lon), or (None, None) when absent or out of range."""
        point = self.get("geoPoint", location, base)
        if not isinstance(point, dict):
            return None, None
        lat, lon = point.get("lat"), point.get("lon")
        if isinstance(lat, bool) or isinstance(lon, bool):
            return None, None
        if not (isinstance(lat, int | float) and isinstance(lon, int | float)):
            return None, None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None, None
        return float(lat), float(lon)

    def _sites(self, overall_status: str) -> tuple[SiteRecord, ...] | None:
        module = "protocolSection.contactsLocationsModule"
        if self.get(module) is None:
            return None
        # A site without its own status follows the trial's when that is a site status.
        default_status = overall_status if overall_status in SITE_STATUSES else "UNKNOWN"
        locations_key = f"{module}.locations"
        sites: dict[tuple[str, str], SiteRecord] = {}
        for index, location in enumerate(self.items(locations_key) or []):
            base = f"{locations_key}[{index}]."
            city = self.text("city", location, base) or ""
            facility = self.text("facility", location, base) or (
                f"Study site, {city}" if city else "Study site"
            )
            status = (self.text("status", location, base) or "").upper()
            contacts = self.items("contacts", location, base) or []
            name, email, phone = self._contact(contacts, f"{base}contacts")
            latitude, longitude = self._geo_point(location, base)
            # CT.gov sometimes lists a facility twice; the site table holds it once.
            sites.setdefault(
                (facility, city),
                SiteRecord(
                    facility=facility,
                    city=city,
                    country=self.text("country", location, base) or "",
                    status=status if status in SITE_STATUSES else default_status,
                    contact_name=name,
                    contact_email=email,
                    contact_phone=phone,
                    state=self.text("state", location, base) or "",
                    postcode=self.text("zip", location, base) or "",
                    latitude=latitude,
                    longitude=longitude,
                    contacts=self._all_contacts(contacts, f"{base}contacts"),
                ),
            )
        if sites:
            return tuple(sites.values())
        central_key = f"{module}.centralContacts"
        name, email, phone = self._contact(self.items(central_key) or [], central_key)
        if not (name or email or phone):
            return ()
        return (
            SiteRecord(
                facility=CENTRAL_SITE_NAME,
                status=default_status,
                contact_name=name,
                contact_email=email,
                contact_phone=phone,
                is_central_contact=True,
            ),
        )
