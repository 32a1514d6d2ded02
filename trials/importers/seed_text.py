"""Read the seed text documents (`seeds/*.txt`) in either of their two shapes.

A registry export (000, 002) is recognised by its interventions line, every `|`-separated part
of which is `TYPE: name` with a ClinicalTrials.gov intervention type: the line before it holds
the conditions, the lines between the title (line 1) and the conditions are the brief summary,
the two lines after it the primary and secondary outcomes (`measure, description, time frame`:
the measure runs to the first ", ", the time frame follows the last ", ", the description is
what lies between), and the rest is the detailed description.

A recruitment web page (001) is recognised by its headings ("Overview", "Description",
"Eligibility", "Study details"): above them the title, status, ages ("18 years and older"),
sex and phase; below, the summary, the description, the eligibility block (numbered inclusion
and exclusion lines) and the study details (conditions, NCT ID, sponsor and a date, stored as
the start date). The contact form and the FAQs below them are not trial data and are skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.utils.text import slugify

from trials.importers.eligibility import split_eligibility, unescape
from trials.importers.records import (
    INTERVENTION_TYPES,
    ImportProblem,
    InterventionRecord,
    OutcomeRecord,
    TrialRecord,
)
from trials.importers.synonyms import condition_codes

NCT_ID = re.compile(r"^NCT\d{8}$")
SLUG_MAX_LENGTH = 80

_INTERVENTION = re.compile(rf"^({'|'.join(INTERVENTION_TYPES)}): *(\S.*)$")
_PAGE_HEADINGS = (
    "overview",
    "description",
    "eligibility",
    "study details",
    "faqs",
    "send a message",
)
_PAGE_NOISE = {"image", "powered by ai"}
_PAGE_STATUS = {
    "not yet recruiting": "NOT_YET_RECRUITING",
    "recruiting": "RECRUITING",
    "enrolling by invitation": "ENROLLING_BY_INVITATION",
    "active, not recruiting": "ACTIVE_NOT_RECRUITING",
    "active not recruiting": "ACTIVE_NOT_RECRUITING",
    "suspended": "SUSPENDED",
    "terminated": "TERMINATED",
    "completed": "COMPLETED",
    "withdrawn": "WITHDRAWN",
    "unknown": "UNKNOWN",
    "unknown status": "UNKNOWN",
}
_PAGE_SEX = {"all": "ALL", "female": "FEMALE", "male": "MALE"}
_PAGE_PHASE = {
    "early phase 1": "EARLY_PHASE1",
    "phase 1": "PHASE1",
    "phase 1/2": "PHASE1_PHASE2",
    "phase 1/phase 2": "PHASE1_PHASE2",
    "phase 2": "PHASE2",
    "phase 2/3": "PHASE2_PHASE3",
    "phase 2/phase 3": "PHASE2_PHASE3",
    "phase 3": "PHASE3",
    "phase 4": "PHASE4",
    "not applicable": "NA",
}
_AGES_MIN = re.compile(r"^(\d+)\s+years?\s+and\s+(?:older|over)$", re.IGNORECASE)
_AGES_RANGE = re.compile(r"^(\d+)\s*(?:-|\u2013|to)\s*(\d+)\s+years?$", re.IGNORECASE)
_AGES_MAX = re.compile(
    r"^(?:up\s+to\s+(\d+)\s+years?|(\d+)\s+years?\s+and\s+younger)$", re.IGNORECASE
)
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d", "%B %Y")


def title_slug(title: str) -> str:
    """A slug from a title: at most 80 characters, cut at a word boundary."""
    slug = slugify(title)
    if len(slug) <= SLUG_MAX_LENGTH:
        return slug
    cut = slug[: SLUG_MAX_LENGTH + 1].rsplit("-", 1)[0]
    return cut or slug[:SLUG_MAX_LENGTH]


def read_text_file(path: str) -> str:
    """A document's text (UTF-8); an unreadable file is an ImportProblem."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(path, None, f"the file is not UTF-8 text ({error.reason})") from error
    except OSError as error:
        raise ImportProblem(path, None, f"the file cannot be read ({error.strerror})") from error


def read_seed_text(path: str) -> TrialRecord:
    """Read one seed text document from disk."""
    return parse_seed_text(read_text_file(path), path)


def parse_seed_text(text: str, path: str) -> TrialRecord:
    """Parse a seed text document, registry export or recruitment page, detected by content."""
    lines = text.splitlines()
    if (anchor := _interventions_line(lines)) is not None:
        return _parse_registry_export(lines, anchor, path)
    if any(line.strip().lower() in ("overview", "eligibility") for line in lines):
        return _parse_recruitment_page(lines, path)
    raise ImportProblem(
        path,
        None,
        "the document is neither a registry export (it has no interventions line such as "
        "'DRUG: name') nor a recruitment page (it has no 'Overview' or 'Eligibility' heading)",
    )


def _interventions_line(lines: list[str]) -> int | None:
    for index, line in enumerate(lines[2:], start=2):
        parts = line.strip().split("|")
        if line.strip() and all(_INTERVENTION.match(part.strip()) for part in parts):
            return index
    return None


def _block(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip()


def _split_outcome(kind: str, item: str) -> OutcomeRecord:
    first, last = item.find(", "), item.rfind(", ")
    if first == -1:
        return OutcomeRecord(kind=kind, measure=item)
    return OutcomeRecord(
        kind=kind,
        measure=item[:first],
        description=item[first + 2 : last] if last > first else "",
        time_frame=item[last + 2 :],
    )


def _outcomes(kind: str, line: str) -> list[OutcomeRecord]:
    return [_split_outcome(kind, item.strip()) for item in line.split("|") if item.strip()]


def _parse_registry_export(lines: list[str], anchor: int, path: str) -> TrialRecord:
    title = lines[0].strip()
    if not title:
        raise ImportProblem(path, "line 1", "the first line must be the trial's title")
    terms = tuple(term.strip() for term in lines[anchor - 1].split("|") if term.strip())
    interventions = []
    for part in lines[anchor].strip().split("|"):
        match = _INTERVENTION.match(part.strip())
        assert match is not None  # _interventions_line checked every part
        interventions.append(InterventionRecord(type=match.group(1), name=match.group(2).strip()))
    rest = [*lines[anchor + 1 :], "", ""]
    outcomes = _outcomes("primary", rest[0]) + _outcomes("secondary", rest[1])
    codes = condition_codes(terms)
    return TrialRecord(
        source=path,
        slug=title_slug(title),
        brief_title=title,
        brief_summary=_block(lines[1 : anchor - 1]),
        detailed_description=_block(rest[2:]),
        condition_terms=terms,
        condition_codes=codes or None,
        interventions=tuple(interventions),
        outcomes=tuple(outcomes),
    )


def _page_ages(text: str) -> tuple[int | None, int | None] | None:
    """("18 years and older" -> (18, None)); None when the line is not an age range."""
    if match := _AGES_MIN.match(text):
        return int(match.group(1)), None
    if match := _AGES_RANGE.match(text):
        return int(match.group(1)), int(match.group(2))
    if match := _AGES_MAX.match(text):
        return None, int(match.group(1) or match.group(2))
    return None


def _parse_page_date(text: str) -> dt.date | None:
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def _sections(lines: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    header: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] = header
    for line in lines:
        name = line.strip().lower()
        if name in _PAGE_HEADINGS and name not in sections:
            current = sections[name] = []
        else:
            current.append(line)
    return header, sections


def _parse_recruitment_page(lines: list[str], path: str) -> TrialRecord:
    header, sections = _sections(lines)
    titles: list[str] = []
    status: str | None = None
    sex: str | None = None
    phase: str | None = None
    ages: tuple[int | None, int | None] | None = None
    for raw in header:
        line = raw.strip()
        lowered = " ".join(line.lower().split())
        if not line or lowered in _PAGE_NOISE:
            continue
        if lowered in _PAGE_STATUS and status is None:
            status = _PAGE_STATUS[lowered]
        elif lowered in _PAGE_SEX and sex is None:
            sex = _PAGE_SEX[lowered]
        elif lowered in _PAGE_PHASE and phase is None:
            phase = _PAGE_PHASE[lowered]
        elif ages is None and (parsed := _page_ages(lowered)) is not None:
            ages = parsed
        else:
            titles.append(line)
    if not titles:
        raise ImportProblem(path, "title", "the page has no title above its 'Overview' heading")
    brief_title = titles[0]
    official_title = titles[1] if len(titles) > 1 and titles[1] != brief_title else None

    nct_id, sponsor, start_date, terms = _study_details(sections.get("study details", []), path)
    eligibility = unescape(_block(sections.get("eligibility", [])))
    return TrialRecord(
        source=path,
        slug=nct_id.lower() if nct_id else title_slug(brief_title),
        brief_title=brief_title,
        official_title=official_title,
        nct_id=nct_id,
        sponsor=sponsor,
        brief_summary=_block(sections["overview"]) if "overview" in sections else None,
        detailed_description=_block(sections["description"]) if "description" in sections else None,
        eligibility_text=eligibility or None,
        criteria=split_eligibility(eligibility) if eligibility else None,
        start_date=start_date,
        condition_terms=tuple(terms) if terms else None,
        condition_codes=condition_codes(terms) or None,
        overall_status=status,
        sex=sex,
        phase=phase,
        minimum_age_years=ages[0] if ages else None,
        maximum_age_years=ages[1] if ages else None,
        # "18 years and older" says there is no maximum age.
        cleared=frozenset(() if ages is None else ("minimum_age_years", "maximum_age_years")),
    )


def _study_details(
    lines: list[str], path: str
) -> tuple[str | None, str | None, dt.date | None, list[str]]:
    """Conditions (indented lines), the NCT ID, the sponsor and a date, which ends the block."""
    nct_id: str | None = None
    sponsor: str | None = None
    terms: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if date := _parse_page_date(line):
            return nct_id, sponsor, date, terms
        if re.fullmatch(r"NCT\d+", line):
            if not NCT_ID.match(line):
                raise ImportProblem(path, "NCT ID", f"{line!r} is not an NCT ID (NCT and 8 digits)")
            nct_id = line
        elif raw[:1].isspace() and nct_id is None and sponsor is None:
            terms.append(line)
        elif sponsor is None:
            sponsor = line
        else:
            break
    return nct_id, sponsor, None, terms
