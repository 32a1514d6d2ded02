"""Propose typed criteria from protocol lines: regular expressions and small tables, no Django.

Every protocol line from `eligibility.split_eligibility` goes through `read_line`, which returns
the typed criteria the line states (several for one line: "At least 4 weeks since last
surgery, radiotherapy or chemotherapy" gives three washouts, each keeping the whole line as its
text). A line that gives nothing stays a `text` criterion, so no line is ever lost. Every
proposal is validated by the engine's `parse_criterion` and is unreviewed: a curator accepts,
edits or rejects it in the admin review screen.

What is read, and the rules (the wording is the protocols'). Precision first: a wrong
criterion rules a patient out, so a line read with doubt stays text.

- diagnosis: the registry's conditions (else keywords, else the titles, else the inclusion
  lines stating the diagnosis, which also refine an organ-only condition) mapped onto the
  condition tree by `synonyms.diagnosis_codes`, as one registry criterion `{codes, terms}`;
  with no code, `codes: []` and the words (the engine leaves it to the study team).
- age: the registry's `minimumAge` / `maximumAge` are authoritative ("18 Years", "6 Months";
  above 120 years means no limit); months, weeks and days are kept exactly as `min_months` /
  `max_months` next to the whole years. The age criterion is attached to the protocol line
  that states the same bounds ("Age >= 18 years"), else it is a registry criterion without a
  line. A line's maximum completes a registry that gives only the minimum ("18 or above but
  less than 80"); otherwise ages read from a line are used only when the registry gives none.
- sex: a registry `sex` of FEMALE or MALE gives a registry criterion; ALL gives none.
- ECOG: "ECOG 0-1", "ECOG <= 2", "ECOG ≤2", "ECOG score of 0, 1 or 2", "performance status of
  0 or 1", "WHO performance status 0-1", "a score of <= 1 for the ECOG", "Zubrod", "< 2"
  (0-1), in an exclusion "ECOG >= 2" ({min: 2}). A Karnofsky (or Lansky) threshold alone gives
  the ECOG equivalent (KPS 90-100 = ECOG 0, 70-80 = 1, 50-60 = 2, 30-40 = 3, 10-20 = 4).
- prior lines: "at least one prior line", "failed at least two prior systemic therapies",
  "no more than two prior regimens", "at least 1 but no more than 3", "1 or 2 prior lines",
  "exactly one prior line", "more than two lines" or ">= 3 prior lines" in an exclusion; "no
  prior systemic treatment for recurrent/metastatic disease", "no prior systemic therapy" on its
  own, "no prior treatment for this cancer", "treatment-naive" (with or without the hyphen),
  "previously untreated ... carcinoma", "candidates for first-line treatment" (max 0); an
  exclusion "prior therapy for advanced or metastatic disease", "any systemic anticancer therapy
  for CLL/SLL", "any prior chemotherapy, immunotherapy, targeted or hormonal therapy" (ruled out
  from 1); "progressed on first-line chemotherapy", "failed standard therapy", "relapsed or
  refractory myeloma/lymphoma/leukaemia", "candidates for second-line treatment" (min 1). A
  minimum count of one systemic drug class ("at least 2 lines of endocrine therapy",
  "progressed after platinum-based chemotherapy") is a minimum of systemic lines; local
  treatments, (neo)adjuvant, induction or maintenance therapy are not lines. Not a maximum:
  lines of one drug class ("taxane-based regimens", "no prior chemotherapy for advanced
  disease"). Not a line count at all: one of alternatives ("... or were deemed ineligible",
  "..., or", a line joined to the next by "OR"), and line counts of different lines that no
  patient could meet together ("treatment-naive as first-line; progression on first-line
  chemotherapy as second-line"): those are alternatives and all stay text.
- required prior therapies (inclusion): platinum, PD-1/PD-L1 (also "immune checkpoint
  inhibitors"), taxane, anti-EGFR, gemcitabine, capecitabine, after a cue ("failed", "after",
  "prior treatment with", "received"), not negated, and not one of alternatives ("gemcitabine
  or FOLFIRINOX": no single therapy is required). In an exclusion line a prior therapy is
  proposed as "must not have had it", unless the clause gives a window ("within 8 weeks": a
  washout) or an exception ("except as adjuvant therapy": stays text).
- washouts: per treatment class with bound and exceptions, see `washouts.py`; the items under
  a lead-in line ("Any of the following within the stated time before the first dose:",
  then "Chemotherapy: 3 weeks") are read as windows while they are windows.
- measurable disease per RECIST (also Lugano, RANO; "disease measurable", "radiographically
  measurable", "disease must be measurable", "at least one target lesion"); biochemically
  measurable disease (myeloma's M-protein, PSA) is not, nor "measurable or bone-only disease",
  "assessable or measurable"; and when any inclusion line admits evaluable or non-measurable
  disease (for everyone or one part) no line requires measurable disease of everyone.
- life expectancy (weeks and days to whole months); in an exclusion, "expected survival of
  less than 3 months" is a minimum of 3 months.
- histological confirmation, adequate organ function, contraception, tissue sample (inclusion).
- the common exclusions as `flag` criteria: CNS metastases (or CNS involvement), active
  hepatitis B/C, HIV or immunodeficiency, pregnancy or breastfeeding, active autoimmune
  disease, interstitial lung disease or pneumonitis, another malignancy; also transplant,
  tuberculosis, live vaccines, uncontrolled effusions. An exception the line makes ("except",
  "unless", "other than", "with the exception of", "provided", "are eligible if", a later
  sentence admitting treated brain metastases) is kept: `except_if` when the questionnaire can
  ask it, else in `exceptions` (a yes then gives "unknown"). Exclusions narrower than the
  question (co-infection with both hepatitis viruses, complications of HIV, leptomeningeal
  disease alone) and lines that defer to the protocol's definition give no flag.
- an inclusion written as a negation ("No active autoimmune disease", "must not have",
  "without known brain metastases", "seronegative for hepatitis B", "negative pregnancy test")
  states an exclusion: its negated clauses give exclusion flags, washouts and prior therapies
  (the criterion's kind is `exclusion`, its line the inclusion line).
- a line with a scope (a cohort, part or arm; see `eligibility.py`), a line for one cohort
  only ("For some parts of the study only: ...", "Patients with colorectal cancer must ...,
  patients with pancreatic cancer must ..."), and in a trial for several tumour types a line
  that opens with one of them, stays text (with its scope): it does not apply to everyone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from matcher.engine import ANSWER_RANGES, CriterionError, parse_criterion
from trials.importers import washouts
from trials.importers.records import CriterionRecord
from trials.importers.synonyms import Diagnosis, codes_in

MAX_AGE = ANSWER_RANGES["age"][1]

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "twenty-one": 21,
    "twenty one": 21,
    "twenty-eight": 28,
    "twenty eight": 28,
    "thirty": 30,
}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b")
_SYMBOLS = (
    ("≤", "<="),
    ("≥", ">="),
    ("=<", "<="),
    ("=>", ">="),
    ("＜", "<"),
    ("＞", ">"),
    ("˃", ">"),
    ("˂", "<"),
    ("–", "-"),
    ("—", "-"),
    ("：", ": "),
    ("；", "; "),
    ("，", ", "),
    ("（", " ("),
    ("）", ") "),
    ("ï", "i"),
    ("\u00a0", " "),
)


@dataclass(frozen=True)
class Proposal:
    """One typed criterion a line states, in the sense of the line's kind."""

    type: str
    params: dict[str, Any] = field(default_factory=dict)
    # "exclusion" for an inclusion line written as a negation ("No active autoimmune disease").
    kind: str | None = None


def normalise(text: str) -> str:
    """Lower case, ASCII comparison signs, digits for number words, single spaces."""
    text = text.lower()
    for symbol, ascii_form in _SYMBOLS:
        text = text.replace(symbol, ascii_form)
    text = _NUMBER_WORD.sub(lambda match: str(_NUMBER_WORDS[match.group(1)]), text)
    return " ".join(text.split())


_ABBREVIATION = re.compile(r"\b(e\.\s?g|i\.\s?e|vs|approx|incl|etc|viz|cf)\.")


def _clauses(text: str) -> list[str]:
    """Sentences and semicolon clauses of a normalised line ("e.g." ends no sentence)."""
    text = _ABBREVIATION.sub(lambda match: match.group(1).replace(".", "").replace(" ", ""), text)
    return [part.strip() for part in re.split(r";|\.\s+(?=[a-z(])|\.$", text) if part.strip()]


_NEGATION = re.compile(
    r"\b(?:no|not|without|never|free of|absence of|negative for|seronegative for|cannot|"
    r"can not|must not|naive|na[iï]ve|excluding|except)\b"
)
_PERMISSION = re.compile(
    r"\b(?:may|allowed|permitted|eligible|acceptable|can be|are accepted|is accepted)\b"
)


# Cohort-specific lines ------------------------------------------------------------------------

_COHORT_START = re.compile(
    r"^(?:for (?:some|one|1|certain) (?:parts?|cohorts?|arms?) of the study|for (?:some|one|1) "
    r"parts?|cohort [a-z0-9]+\s*:|part \d+[a-z]?\d*\s*:|arm [a-z0-9]+\s*:|"
    r"for patients in (?:cohort|arm|part)|the following patients will be excluded from some)"
)
_PATIENTS_WITH = re.compile(r"\bpatients with [a-z/ -]{2,40}(?:cancer|carcinoma|tumou?rs?)\b")
_TUMOUR_LABEL = re.compile(r"(?:^|[.;]\s*|\b[ivx]+\.\s*)[a-z][a-z /-]{2,40} cancer\s*:")


def is_cohort_specific(text: str) -> bool:
    """A line for one cohort, arm or tumour type only: it does not apply to everyone."""
    norm = normalise(text)
    return bool(
        _COHORT_START.match(norm)
        or len(_PATIENTS_WITH.findall(norm)) >= 2
        or len(_TUMOUR_LABEL.findall(norm)) >= 2
    )


# Age ----------------------------------------------------------------------------------------

_AGE_WORD = re.compile(
    r"(?<!childbearing )(?<!child-bearing )\b(?:age[ds]?|years? old|years? of age|adults?)\b"
)
_AGE_RANGE = re.compile(
    r"(?:between\s+)?(\d{1,3})\s*(?:years?\s*)?(?:-|to|and)\s*(\d{1,3})\s*(?:years?|yrs)"
)
_AGE_MIN = re.compile(
    r"(?:>=|greater than or equal to|at least|of at least|older than|over|above|greater than|>|"
    r"minimum(?: age)?(?: of)?)\s*(\d{1,3})\b(?!\s*(?:%|mg|months|weeks|days|x))"
    r"|\b(\d{1,3})\s*(?:years?|yrs)?(?: old| of age)?\s*(?:or|and) (?:older|over|above|more)"
)
_AGE_MAX = re.compile(
    r"(?:<=|less than or equal to|at most|no older than|not older than|under|younger than|<|"
    r"less than|maximum(?: age)?(?: of)?)\s*(\d{1,3})\b(?!\s*(?:%|mg|months|weeks|days|x))"
    r"|\b(\d{1,3})\s*(?:years?|yrs)?(?: old| of age)?\s*or (?:younger|under)"
)


_STRICTLY_BELOW = re.compile(r"(?:<|less than|younger than|under)\s*\d")


def read_age(text: str) -> tuple[int | None, int | None] | None:
    """The age bounds a line states ("Age >= 18 years", "aged 18-75 years"), if any."""
    norm = normalise(text)
    if not _AGE_WORD.search(norm):
        return None
    for clause in _clauses(norm):
        if not _AGE_WORD.search(clause):
            continue
        if match := _AGE_RANGE.search(clause):
            first, last = int(match.group(1)), int(match.group(2))
            if 0 <= first <= last <= MAX_AGE:
                return first, last
        low = _first_int(_AGE_MIN.search(clause))
        high_match = _AGE_MAX.search(clause)
        high = _first_int(high_match)
        if high is not None and high_match and _STRICTLY_BELOW.match(high_match.group(0)):
            high -= 1  # "younger than 75": 74 at most
        if (low is not None and 0 <= low <= MAX_AGE) or (high is not None and 0 < high <= MAX_AGE):
            return low, high
    return None


def _first_int(match: re.Match[str] | None) -> int | None:
    if match is None:
        return None
    return next((int(group) for group in match.groups() if group is not None), None)


# ECOG ---------------------------------------------------------------------------------------

_ECOG_ANCHOR = re.compile(
    r"\b(?:ecog|eastern cooperative oncology group|zubrod|who performance(?: of)? status|"
    r"who performance|performance status|\bps\b)"
)
_ECOG_RANGES: tuple[tuple[re.Pattern[str], Callable[[int, int], tuple[int, int]]], ...] = (
    (re.compile(r"\b([0-4])\s*(?:-|to|through)\s*([0-4])\b"), lambda a, b: (a, b)),
    (
        re.compile(r"\b([0-4])(?:\s*,\s*[0-4])*\s*,?\s*(?:or|and)\s*([0-4])\b"),
        lambda a, b: (a, b),
    ),
)
_ECOG_BOUNDS: tuple[tuple[re.Pattern[str], Callable[[int], tuple[int, int]]], ...] = (
    (
        re.compile(
            r"(?:<=|less than or equal to|no (?:greater|more|higher) than|not (?:greater|more|"
            r"higher) than|at most|of at most|maximum of|up to)\s*(?:of\s*)?([0-4])\b"
        ),
        lambda a: (0, a),
    ),
    (re.compile(r"(?:>=|greater than or equal to|at least)\s*([0-4])\b"), lambda a: (a, 4)),
    (re.compile(r"(?:<|less than|lower than)\s*([0-4])\b"), lambda a: (0, a - 1)),
    (re.compile(r"(?:>|greater than|higher than|more than)\s*([0-4])\b"), lambda a: (a + 1, 4)),
    (
        re.compile(
            r"(?:\bof|status|score|\bps|grade|:|=)\s*([0-4])\b(?!\s*(?:%|mg|x|months?|weeks?|"
            r"days?|years?|\.\d|-|to\b|or\b|,))"
        ),
        lambda a: (a, a),
    ),
)
_KARNOFSKY = re.compile(
    r"\b(?:karnofsky|kps)\b[^0-9;]{0,70}?(>=|>|at least|greater than or equal to|greater than|"
    r"of)?\s*(\d{2,3})\s*%?"
)


def read_ecog(text: str) -> tuple[int, int] | None:
    """The ECOG range a line states (inclusion sense), or the Karnofsky equivalent."""
    norm = normalise(text)
    ranges = [found for anchor in _ECOG_ANCHOR.finditer(norm) if (found := _ecog_at(norm, anchor))]
    if len(set(ranges)) == 1 and re.search(r"\b(?:one|1|any) of the following\b", norm):
        return None  # "at least one of the following: ..., ECOG 2 or NYHA class 3"
    if ranges:
        # "PS 0-1 with Child-Pugh B, or PS 2 with Child-Pugh A": the widest range allowed.
        return min(low for low, _ in ranges), max(high for _, high in ranges)
    if match := _KARNOFSKY.search(norm):
        window = norm[match.start() : match.start() + 110]
        for score in re.finditer(_KARNOFSKY_SCORE, window):
            if int(score.group(2)) % 10 or int(score.group(2)) < 30:
                continue  # "KPS > 12 y/o >= 50": an age, not the score
            threshold = int(score.group(2)) + (1 if score.group(1) in {">", "greater than"} else 0)
            for kps, ecog in ((90, 0), (70, 1), (50, 2), (30, 3)):
                if threshold >= kps:
                    return 0, ecog
            return 0, 4
    return None


_KARNOFSKY_SCORE = (
    r"(>=|>|at least|greater than or equal to|greater than|of)?\s*(?<!\d)(\d{2,3})\s*%?"
)


def _ecog_at(norm: str, anchor: re.Match[str]) -> tuple[int, int] | None:
    """The range stated next to one ECOG anchor, if any."""
    if re.search(r"(?:karnofsky|lansky|kps)\W*(?:\w+\W+){0,2}$", norm[: anchor.start()]):
        return None
    window = norm[anchor.end() : anchor.end() + 90].split(";")[0]
    found: list[tuple[int, int, tuple[int, int]]] = []
    for order, (pattern, convert) in enumerate(_ECOG_RANGES):
        if match := pattern.search(window):
            found.append((match.start(1), order, convert(int(match[1]), int(match[2]))))
    for order, (pattern, bound) in enumerate(_ECOG_BOUNDS, start=len(_ECOG_RANGES)):
        if match := pattern.search(window):
            found.append((match.start(1), order, bound(int(match[1]))))
    valid = [item for item in found if 0 <= item[2][0] <= item[2][1] <= 4]
    if valid:
        return min(valid)[2]
    # "a score of <= 1 for the ECOG performance status": the bound comes first.
    before = norm[max(0, anchor.start() - 40) : anchor.start()]
    if re.search(r"\b(?:score|grade|status) of\b", before):
        for pattern, bound in _ECOG_BOUNDS:
            if match := pattern.search(before):
                low, high = bound(int(match[1]))
                if 0 <= low <= high <= 4:
                    return low, high
    # "WHO/ECOG PS of 2 at enrolment": one value.
    if match := re.match(
        r"\W*(?:ps\W+)?(?:score\W+)?(?:of\s+)?([0-4])\b(?!\s*(?:-|to|%|mg|\.\d))", window
    ):
        return int(match[1]), int(match[1])
    return None


def _range_params(low: int, high: int, top: int) -> dict[str, Any]:
    params: dict[str, Any] = {"min": low}
    if high < top:
        params["max"] = high
    return params


# Measurable disease, life expectancy ---------------------------------------------------------

_MEASURABLE = re.compile(
    r"\bmeasurable\s+(?:disease|lesions?|tumou?rs?)\b|\bat least (?:1|one)\s+(?:\w+\s+){0,2}"
    r"measurable\b|\bmeasurable\b[^;]{0,60}\brecist\b|\bdisease measurable\b|"
    r"radiographically measurable|\bmeasurable (?:\w+ ){0,2}(?:per|according to|by) (?:the )?"
    r"(?:recist|lugano|rano|mrano|chesons?|iwg)|"
    # "Disease must be measurable", "at least one target lesion as defined by RECIST 1.1"
    r"\b(?:disease|lesions?|tumou?rs?) (?:that )?(?:must be|is|are|should be|which is) "
    r"(?:radiographically |radiologically |clinically |uni- ?or bi-?dimensionally )?measurable\b|"
    r"\bat least (?:1|one) (?:\w+ ){0,2}target lesions?\b"
)
# Biochemically measurable disease (myeloma's M-protein, PSA) is not RECIST-measurable.
_NOT_MEASURABLE = re.compile(
    r"non-?measurable|not measurable|evaluable|assessable|\bor (?:\w+ )?(?:bone[- ]only|"
    r"non-?target)|\bno (?:\w+\s+){0,3}measurable|myeloma|"
    r"m-?protein|\b[su]pep\b|free light chain|paraprotein|biochemical\w*|\bpsa\b|ca-?125|"
    r"without measurable|splenomegaly|\bcll\b|leuk(?:a)?emi\w*"
)
# Said anywhere in the line, measurable disease is not required of everyone.
_MEASURABLE_OPTIONAL = re.compile(
    r"(?:do|does|need) not (?:need to )?(?:have|be)\b[^;.]{0,20}measurable|"
    r"measurable (?:disease|lesions?) (?:is |are )?not (?:required|necessary|needed)|"
    r"(?:need not|not required to) have measurable|"
    r"non-?measurable (?:\w+ ){0,3}(?:allowed|permitted|eligible|acceptable)|or non-?measurable"
)
_LIFE = re.compile(
    r"(?:life expectancy|expected survival(?: time| duration)?|expected to survive|survival "
    r"expectation|expected lifetime)[^0-9;]{0,40}?(\d+(?:\.\d+)?)\s*(months?|weeks?|years?|days?)"
)


def read_life_expectancy(text: str) -> int | None:
    """Minimum life expectancy in whole months ("Life expectancy >= 12 weeks" -> 3)."""
    norm = normalise(text)
    match = _LIFE.search(norm)
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit.startswith("week"):
        return round(number * 7 / 30.4375)
    if unit.startswith("day"):
        return round(number / 30.4375)
    if unit.startswith("year"):
        return round(number * 12)
    return round(number)


# Prior lines and prior therapies -------------------------------------------------------------

_NUM = r"(\d+)"
_LINE_NOUN = (
    r"(?:prior |previous )?(?:(?!(?:years?|months?|weeks?|days?|cycles?|doses?)\b)[a-z/+-]+\s+)"
    r"{0,4}?(?:lines?|regimens?|therap(?:y|ies)|treatments?)\b"
)
_LINES_MIN = re.compile(
    r"(?:at least|>=|a minimum of|minimum of)\s*"
    + _NUM
    + r"\s+"
    + _LINE_NOUN
    + r"|"
    + _NUM.replace("(", "(?P<more>", 1)
    + r"\s+or more\s+"
    + _LINE_NOUN
)
_LINES_MAX = re.compile(
    r"(?:no more than|not more than|at most|<=|a maximum of|maximum of|up to)\s*"
    + _NUM
    + r"\s+"
    + _LINE_NOUN
)
_LINES_RANGE = re.compile(
    r"\b(?:received|had|have|has)?\s*"
    + _NUM
    + r"\s*(?:to|-|or)\s*"
    + _NUM
    + r"\s+(?:prior |previous )?(?:(?:systemic|standard|anti-?cancer|treatment|therapy) ){0,2}"
    r"(?:lines?|regimens?|therap(?:y|ies)\b(?! (?:cycles?|doses?)))"
)
# "at least 1 but no more than 3 prior lines", "at least one, but no more than two, prior lines"
_LINES_MIN_MAX = re.compile(
    r"(?:at least|>=|a minimum of|minimum of)\s*"
    + _NUM
    + r"\s*(?:(?:prior |previous )?(?:lines?|regimens?)\s*)?,?\s*(?:but|and)?\s*(?:no more than|"
    r"not more than|at most|<=|a maximum of|maximum of|up to)\s*" + _NUM + r"\s*,?\s+" + _LINE_NOUN
)
# An exclusion ">= 3 prior lines", "3 or more prior regimens": ruled out from 3.
_LINES_AT_LEAST = re.compile(
    r"(?:>=|at least)\s*" + _NUM + r"\s+" + _LINE_NOUN + r"|" + _NUM + r"\s+or more\s+" + _LINE_NOUN
)
_LINES_OVER = re.compile(r"(?:more than|greater than|>|over)\s*" + _NUM + r"\s+" + _LINE_NOUN)
# "exactly one prior line", "only 1 prior regimen"
_LINES_EXACTLY = re.compile(
    r"\b(?:exactly|only|one and only)\s*" + _NUM + r"\s+(?:prior |previous )?(?:lines?|regimens?)\b"
)
# "candidates for second-line treatment": one line before; "third-line": two.
_LATER_LINE_NOW = re.compile(
    r"\b(?:candidates?|eligible|suitable|indicated|planned|scheduled|considered|appropriate)\s+"
    r"(?:\w+\s+){0,3}?(?:for|as)\s+(?:\w+\s+){0,2}?(second|2nd|third|3rd)[- ]line\b|"
    r"\bin the (second|2nd|third|3rd)[- ]line (?:\w+ )?setting\b|"
    r"\bas (?:a |the )?(second|2nd|third|3rd)[- ]line (?:systemic )?(?:treatment|therapy)\b"
)
# An exclusion "second relapse or beyond": a second relapse follows a second line, so it is
# ruled out from two prior lines. ("Second-line or later" is left alone: it may name the line
# received or the one to be given.)
_LINE_OR_LATER = re.compile(
    r"\b(second|2nd|third|3rd|fourth|4th) relapse\s+(?:or|and)\s+(?:beyond|later|higher|more|"
    r"above|subsequent)"
)
_ORDINALS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_NO_PRIOR_ADVANCED = re.compile(
    r"\bno prior (?:systemic )?(?:treatment|therapy|anti-?cancer therapy)\b[^;.]{0,30}"
    r"\b(?:recurrent|metastatic|advanced|r/m)\b|\btreatment[- ]naive\b|"
    r"\bnaive to (?:any )?(?:prior )?(?:systemic |anti-?cancer |anti-?tumou?r )*(?:therapy|"
    r"therapies|treatments?)\b(?! (?:with|targeting|containing))|"
    # "No prior systemic therapy", "no prior anticancer treatment for this cancer": nothing else
    # in the clause (a drug class or "with ..." makes it one class only).
    r"^\W*(?:(?:patients?|participants?|subjects?) (?:must )?(?:have|has|had)\s+)?no (?:prior|"
    r"previous) (?:systemic )?(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic |oncologic )?"
    r"(?:therapy|therapies|treatments?)(?: (?:for|of) (?:this|the|their|his|her) (?:cancer|disease|"
    r"malignancy|tumou?r|carcinoma))?\W*$|"
    r"\b(?:have|has) not (?:been )?(?:previously )?(?:received|been treated with|had) any (?:prior "
    r")?(?:systemic )?(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic )?(?:therapy|treatment)s?"
    r"(?: (?:for|of) (?:this|the|their|his|her) (?:cancer|disease|malignancy|tumou?r|carcinoma))?"
    r"\W*$|"
    r"\bnewly diagnosed,? (?:and )?previously untreated\b|\bpreviously untreated\W*$|"
    r"\bnot (?:been )?previously treated (?:for|with any) (?:systemic )?(?:(?:anti-?cancer )?"
    r"(?:therapy|treatment)|(?:this|the|their) (?:cancer|disease|malignancy))|"
    r"\bpreviously untreated,? (?:(?:advanced|metastatic|recurrent|unresectable|locally|"
    r"inoperable|de novo|stage [iv]+[a-c]?|or|and|,|/|-)\s*)*(?:[\w-]+ ){0,3}?(?:cancer|carcinoma|"
    r"adenocarcinoma|lymphoma|leuk(?:a)?emia|myeloma|nsclc|sclc|hcc|crc|mcrc|cll|aml|dlbcl|melanoma|sarcoma|"
    r"mesothelioma)\b|\b(?:previously )?untreated "
    r"(?:for|in the) (?:advanced|metastatic|recurrent)|"
    r"\bno prior\b[^;.]{0,100}?\bsystemic (?:[\w-]+ ){0,2}?(?:therapy|therapies|treatments?) "
    r"(?:for|in) (?:the )?(?:[\w/()-]+ ){0,3}?(?:advanced|metastatic|recurrent|r/m)\b|"
    r"^\W*previously untreated (?:disease|patients?|participants?|(?:\w+ ){0,3}?(?:cancer|"
    r"carcinoma|lymphoma|leukemia|myeloma|disease))\b|"
    r"^\W*previously untreated\b[^.;]{0,80}?\b(?:advanced|metastatic|recurrent|cancer|"
    r"carcinoma|adenocarcinoma|lymphoma|leukemia|myeloma)\b|"
    r"\b(?:must|should|has|have) not (?:have )?(?:received|had) (?:any )?(?:prior )?systemic "
    r"(?:anti-?cancer )?(?:therapy|treatment)|\bnaive to (?:any )?(?:prior )?systemic "
    r"(?:anti-?cancer )?(?:therapy|treatment)"
)
# "progression after prior gemcitabine", "Prior treatment with systemic treatment", "failure
# to respond to the last line of therapy": one line.
_PRIOR_MIN_ONE = re.compile(
    r"\b(?:progress\w*|failed|failure|refractory|relapsed|intoleran\w*)\b[^.;]{0,40}?\b(?:after|"
    r"on|to|following|with)\s+(?:\w+\s+){0,2}?(?:prior|previous|at least 1)\b|^(?:\w+\s+){0,3}?"
    r"prior (?:systemic )?(?:treatment|therapy) with\b|"
    r"\b(?:progress\w*|fail\w*|refractory|relapsed)\b[^.;]{0,60}?\b(?:the )?(?:last|most recent) "
    r"(?:line|regimen)s?\b|"
    r"\b(?:received|had|completed)\s+1\s+(?:prior |previous )?(?:(?:systemic|standard) )?"
    r"(?:line|regimen)s?\b|"
    # "progressed after platinum-based chemotherapy": a class named, no "prior"
    r"\b(?:progress\w*|failed|failure|refractory|relapsed)\b[^.;]{0,30}?\b(?:after|on|following|"
    r"during)\s+(?:[\w/+]+[\s-]+){0,3}?(?:chemotherapy|immunotherapy|chemo-?immunotherapy|"
    r"endocrine therapy|systemic (?:therapy|treatment)|regimens?)\b"
)  # "Relapsed or refractory multiple myeloma": a blood cancer that relapsed after, or did not
# respond to, at least one line.
_RELAPSED_BLOOD_CANCER = re.compile(
    r"\b(?:relapsed|refractory)(?:\s*(?:and|or|and/or|/)\s*(?:relapsed|refractory))?\b\s*"
    r"(?:\([^)]*\)\s*)?(?:[\w-]+ ){0,3}?(?:multiple myeloma|myeloma|lymphomas?|leuk(?:a)?emias?|"
    r"aml|all|cll|sll|cll/sll|dlbcl|mds|mm|nhl|mcl|fl|cml)\b"
)
# "Patients must not have received any prior treatment for their disease", "no prior treatment
# (chemotherapy, radiotherapy or surgery) for this cancer": nothing else in the clause.
_NO_TREATMENT_AT_ALL = re.compile(
    r"(?:^\W*(?:(?:patients?|participants?|subjects?) (?:with |who )?)?no|\b(?:has|have|had|must|"
    r"should) not (?:have )?(?:been )?(?:previously )?(?:received|been treated with|had|undergone)|"
    r"\bnot (?:previously )?received|\bnever received|^\W*without)\s+(?:any )?(?:prior |previous )?"
    r"(?:systemic )?(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic |oncologic )?"
    r"(?:therapy|therapies|treatments?)(?:\s+(?:for|of) (?:this|the|their|his|her) "
    r"(?:cancer|disease|malignancy|tumou?r|carcinoma)|"
    r"\s+for (?:[\w/-]+ ){0,4}?(?:cancer|carcinoma|adenocarcinoma|nsclc|sclc|hcc|crc|"
    r"tumou?rs?|lymphoma|leuk(?:a)?emia|myeloma|melanoma|sarcoma|glioma|glioblastoma|disease)|"
    r"\s+before)?\W*$"
)
# "Candidates for first-line treatment", "in the first-line setting": no prior line.
_FIRST_LINE_NOW = re.compile(
    r"\b(?:candidates?|eligible|suitable|indicated|planned|scheduled|intended|considered|"
    r"appropriate|fit|amenable|plan(?:ning)? to receive|will receive|to receive)\s+(?:\w+\s+){0,3}?"
    r"(?:for|as)\s+(?:\w+\s+){0,2}?(?:first|1st)[- ]line\b|\bin the (?:first|1st)[- ]line "
    r"(?:\w+ )?setting\b|\bas (?:the )?(?:first|1st)[- ]line (?:systemic )?(?:treatment|therapy)\b"
)
_FIRST_LINE_BLOCK = re.compile(
    r"\b(?:received|receiving|progress\w*|fail\w*|after|following|refractory|relaps\w*|"
    r"intoleran\w*|completed|second|2nd|maintenance|adjuvant|neoadjuvant|radiotherapy|radiation|"
    r"surgery|brain)\b"
)
# "progressed on first-line chemotherapy", "failure of first-line therapy", "refractory to
# standard therapy": at least one line.
_AFTER_FIRST_LINE = re.compile(
    r"\b(?:progress\w*|fail\w*|refractory|relaps\w*|recurr\w*|intoleran\w*)\b[^.;]{0,40}?"
    r"\b(?:on|after|following|during|to|of|with)\s+(?:or\s+(?:after|following)\s+)?(?:the\s+|a\s+|"
    r"their\s+)?(?:first|1st|front)[- ]line\b|"
    r"\b(?:progress\w*|fail\w*|refractory|relaps\w*|intoleran\w*)\b[^.;]{0,40}?(?:\b(?:on|after|"
    r"following|to|of|with)\s+)?(?:or\s+(?:after|following|intolerant (?:to|of)|intolerance "
    r"(?:to|of))\s+)?(?:all\s+|"
    r"the\s+|prior\s+|previous\s+|available\s+|at least (?:1|one)\s+)*standard\s+(?:systemic\s+|"
    r"first-line\s+|of care\s+)*(?:therap(?:y|ies)|treatments?|regimens?|chemotherapy)\b|"
    r"\bpreviously treated,? (?:(?:advanced|metastatic|recurrent|unresectable|locally|or|and|/|-)"
    r"\s*)+(?:[\w-]+ ){0,3}?(?:cancer|carcinoma|adenocarcinoma|nsclc|sclc|hcc|crc|mcrc|melanoma|"
    r"disease)\b"
)

_PRIOR_ADVANCED = re.compile(
    r"\b(?:prior|previous|any)\s+(?:[a-z-]+\s+){0,3}?(?:therapy|treatment)\s+(?:for|of)\s+"
    r"(?:the\s+)?(?:locally advanced|advanced|metastatic|recurrent|unresectable|"
    r"(?:\w+\s+){0,2}?(?:cancer|carcinoma|hcc|nsclc|tnbc|crpc|mcrpc))\b|"
    # "Prior treatment with a ROS1 TKI, chemotherapy or other systemic therapy for advanced
    # NSCLC", "any previous systemic therapy (including ...) for treatment of breast cancer"
    r"\b(?:prior|previous|any)\b[^.;]{0,100}?\bsystemic (?:[\w-]+ ){0,2}?(?:therapy|therapies|"
    r"treatments?)\b(?: \([^)]*\))?\s+(?:for|in)\s+(?:the\s+)?(?:treatment (?:or prevention )?"
    r"of\s+)?(?:[\w/-]+\s+){0,6}?(?:advanced|metastatic|recurrent|unresectable|cancer|carcinoma|"
    r"nsclc|hcc|crpc|lymphoma|leuk(?:a)?emia|myeloma|cll|sll|cll/sll|aml|mds|dlbcl|tnbc|hnscc|scchn|"
    r"escc|npc|mcrc|crc|rcc|pdac|melanoma|sarcoma|glioma|glioblastoma|mesothelioma|malignancy|"
    r"(?:this|their|the) disease)\b"
)
_NOT_PRIOR_LINE = re.compile(
    r"\bsince\b|\bother (?:\w+ )?(?:systemic|anti|therap|treatment)|(?<!prior or )\bconcurrent"
)
_SYSTEMIC_ANY = re.compile(
    r"\bsystemic (?:anti-?cancer |anti-?tumou?r |anti-?neoplastic )?(?:therapy|therapies|"
    r"treatments?)\b"
)
# "any prior chemotherapy, immunotherapy, targeted or hormonal therapy": every systemic class.
_ALL_CLASSES = re.compile(
    r"\bchemotherapy,\s*(?:(?:immunotherapy|biologic\w*(?: therapy)?|targeted(?: therapy)?|"
    r"hormonal(?: therapy)?|endocrine(?: therapy)?),?\s*){1,3}(?:or|and|and/or)\s+(?:immunotherapy|"
    r"biologic\w*|targeted|hormonal|endocrine)(?: therap(?:y|ies))?\b"
)

_THERAPIES: tuple[tuple[str, str], ...] = (
    ("platinum_chemotherapy", r"platinum|cisplatin|carboplatin|nedaplatin|lobaplatin"),
    (
        "pd1_pdl1_inhibitor",
        r"pd-?1\b|pd-?l1\b|programmed (?:cell )?death|immune checkpoint inhibitors?|"
        r"checkpoint inhibitors?|nivolumab|pembrolizumab|toripalimab|camrelizumab|tislelizumab|"
        r"sintilimab|atezolizumab|durvalumab|avelumab|cemiplimab|penpulimab",
    ),
    ("taxane", r"taxanes?|docetaxel|paclitaxel"),
    ("anti_egfr", r"anti-?egfr|cetuximab|nimotuzumab|panitumumab"),
    ("gemcitabine", r"gemcitabine"),
    ("capecitabine", r"capecitabine"),
)
_REQUIRED_CUE = re.compile(
    r"\b(?:failed|failure|progress\w*|refractory|relapsed|intoleran\w*|previously (?:been )?"
    r"treated|prior (?:treatment|therapy)|must have (?:received|had)|received|treated with|"
    r"after|following|exposed to|pretreated)\b"
)
_EXCLUDED_CUE = re.compile(r"\b(?:prior|previous\w*|received|treatment with|exposure|treated)\b")
_NOT_A_PRIOR_THERAPY = re.compile(
    r"complication|adverse|toxicit|side effects?|hypersensitiv|allerg|reaction|"
    r"contraindicat|intolerance to|infusion"
)


# Lines of one drug class ("2 lines of endocrine therapy", "taxane-based regimens", "prior
# endocrine therapy for advanced disease") are not the count of systemic lines.
_CLASS_SPECIFIC = re.compile(
    r"(?<!non-)(?<!non )\b(?:endocrine|hormon\w*|\bet\b|egfr|tkis?|tyrosine kinase|taxane\w*|"
    r"platinum\w*|her2|"
    r"anti-?her2|parp\w*|cdk4/6|kras|alk|braf|osimertinib|immunotherap\w*|pd-?l?1|checkpoint|"
    r"local|ablation|radiation|radiotherap\w*|surg\w*|resection|tace|embolization|intravesical|"
    r"bcg|[a-z]+-based|adjuvant|neoadjuvant)\b"
)
# "... or were deemed ineligible / have refused": the prior treatment is one of alternatives.
_OR_NOT_RECEIVED = re.compile(
    r"\bor (?:were|was|are|is|be|been|have been|has been)? ?(?:deemed )?(?:ineligible|"
    r"unsuitable|not eligible|not candidates?|intolerant)|\bor (?:have|has) refused|"
    r"\bor (?:who )?(?:have|has) no (?:satisfactory|standard|available|other)|"
    r"\bor (?:for whom|where) no"
)


# A minimum count of one drug class's lines ("at least 2 lines of endocrine therapy",
# "progressed after platinum-based chemotherapy") is also a minimum of systemic lines; local
# treatments and (neo)adjuvant therapy are not lines for advanced disease.
_NOT_SYSTEMIC = re.compile(
    r"\b(?:local|locoregional|ablation|radiation|radiotherap\w*|radiosurgery|surg\w*|resection|tace|"
    r"embolization|intravesical|bcg|adjuvant|neoadjuvant|perioperative|transplant\w*|"
    r"chemoradi\w*|induction|consolidation|maintenance)\b"
)


def _systemic(match: re.Match[str], norm: str, after: int = 30) -> bool:
    """A count of systemic lines, of all classes or of one (the words around its noun)."""
    around = norm[max(0, match.start() - 20) : match.end() + after]
    return not _NOT_SYSTEMIC.search(_without_parentheses(around))


def _generic(match: re.Match[str], norm: str, after: int = 30) -> bool:
    """A count of systemic lines, not of one drug class (the words around its noun)."""
    around = norm[max(match.start(), match.end() - 45) : match.end() + after]
    return not _CLASS_SPECIFIC.search(_without_parentheses(around))


def read_prior_lines(kind: str, text: str) -> dict[str, Any] | None:
    """Params of a `prior_lines` criterion in the sense of the line's kind, if stated."""
    norm = normalise(text)
    if kind == "inclusion":
        if any(
            _NO_PRIOR_ADVANCED.search(clause)
            or _NO_TREATMENT_AT_ALL.search(_without_parentheses(clause))
            for clause in _clauses(norm)
        ):
            if _LINES_MIN.search(norm) or re.search(r"naive[^.;]{0,40}\bonly if\b", norm):
                return None  # "at least 1 prior therapy ...; treatment-naive only if refused"
            if _OR_NOT_RECEIVED.search(norm):
                return None  # "treatment-naive, or intolerant to first-line therapy"
            return {"max": 0}
        if (match := _LINES_EXACTLY.search(norm)) and _generic(match, norm):
            return {"min": int(match.group(1)), "max": int(match.group(1))}
        if (match := _LINES_MIN_MAX.search(norm)) and _generic(match, norm):
            low, high = int(match.group(1)), int(match.group(2))
            if low <= high:
                return {"min": low, "max": high} if low else {"max": high}
        if (match := _LINES_RANGE.search(norm)) and _generic(match, norm, after=60):
            low, high = int(match.group(1)), int(match.group(2))
            if low <= high:
                return {"min": low, "max": high} if low else {"max": high}
        if (match := _LINES_MIN.search(norm)) and _systemic(match, norm):
            return {"min": int(match.group(1) or match.group("more"))}
        if (match := _LINES_MAX.search(norm)) and _generic(match, norm):
            return {"max": int(match.group(1))}
        for clause in _clauses(norm):
            match = _PRIOR_MIN_ONE.search(clause)
            if match is None or _PERMISSION.search(clause) or _OR_NOT_RECEIVED.search(clause):
                continue
            if re.search(r"\blesions?\b", clause) or not _systemic(match, clause):
                continue
            if re.search(r"\bwithin \d+ (?:days?|weeks?)\b", clause) and not re.search(
                r"progress\w* within", clause
            ):
                continue  # "prior chemotherapy within 21 days": a window, not a line count
            if not _NEGATION.search(clause[: match.start() + match.group(0).rfind("prior")]):
                return {"min": 1}
        for clause in _clauses(norm):
            if _PERMISSION.search(clause) or _OR_NOT_RECEIVED.search(clause):
                continue
            if re.search(
                r",?\s*\bor\W*$|\b(?:unavailable|unsuitable|not available|does not exist|"
                r"do not exist|inappropriate|declined|refused)\b",
                clause,
            ):
                continue  # one of alternatives
            if re.search(r"\b(?:brain|cns|lesions?|no standard|not (?:a )?candidates?)\b", clause):
                continue
            relapsed = _RELAPSED_BLOOD_CANCER.search(clause)
            if (
                relapsed
                and not _NEGATION.search(clause[: relapsed.start()])
                and not re.search(
                    r"newly diagnosed|untreated|\bor (?:\w+ ){0,2}$", clause[: relapsed.start()]
                )
                and not re.search(r"newly diagnosed|untreated|first[- ]line", clause)
            ):
                return {"min": 1}
            later = _LATER_LINE_NOW.search(clause)
            if later and not _NEGATION.search(clause[: later.start()]):
                ordinal = next(group for group in later.groups() if group)
                return {"min": _ORDINALS[ordinal] - 1}
            if (match := _AFTER_FIRST_LINE.search(clause)) and not _NEGATION.search(
                clause[: match.start()]
            ):
                return {"min": 1}
        for clause in _clauses(norm):
            match = _FIRST_LINE_NOW.search(clause)
            if match is None or _FIRST_LINE_BLOCK.search(clause) or _OR_NOT_RECEIVED.search(clause):
                continue
            if re.search(r"\b(?:brain|cns|no standard|not (?:a )?candidates?)\b", clause):
                continue
            if not _NEGATION.search(clause[: match.start()]):
                return {"max": 0}
        return None
    if (match := _LINES_OVER.search(norm)) and _generic(match, norm):
        return {"min": int(match.group(1)) + 1}
    if (match := _LINES_AT_LEAST.search(norm)) and _generic(match, norm):
        return {"min": int(match.group(1) or match.group(2))}
    if match := _LINE_OR_LATER.search(norm):
        return {"min": _ORDINALS[match.group(1)]}
    # "any other systemic therapy since the parent study", "concurrent": not a prior line.
    not_prior = _WINDOW.search(norm) or _NOT_PRIOR_LINE.search(norm)
    match = _PRIOR_ADVANCED.search(norm)
    if match and not not_prior and (_generic(match, norm, 0) or _SYSTEMIC_ANY.search(match[0])):
        return {"min": 1}
    bare = re.compile(
        r"^\W*(?:(?:has|have) )?(?:received )?(?:any )?(?:prior|previous) systemic (?:anti-?cancer "
        r"|anti-?tumou?r |anti-?neoplastic )?(?:therapy|therapies|treatments?)\W*$"
    )
    if not not_prior and any(bare.search(clause) for clause in _clauses(norm)):
        return {"min": 1}  # "Prior systemic therapy." in an exclusion: none allowed
    prior = re.search(r"\b(?:any )?(?:prior|previous)\b", norm)
    if prior and _ALL_CLASSES.search(norm) and not not_prior and not _FLAG_EXCEPTION.search(norm):
        return {"min": 1}
    return None


def _without_parentheses(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", " ", text)
    return " ".join(text.split())


def _parenthesis_around(text: str, position: int) -> tuple[int, int] | None:
    """The innermost "( ... )" holding `position`, as (start, end), if any."""
    start = text.rfind("(", 0, position)
    while start != -1:
        end = text.find(")", start)
        if end == -1 or end >= position:
            return start, (len(text) if end == -1 else end)
        start = text.rfind("(", 0, start)
    return None


_WINDOW = re.compile(
    r"\b(?:within|in the (?:last|past))\s+(?:the\s+)?(?:past\s+|last\s+)?\d+\s*(?:days?|weeks?|"
    r"months?)|\d+\s*(?:days?|weeks?|months?)\s+(?:\([^)]*\)\s*)?(?:prior to|before|since)"
)


def read_prior_therapies(kind: str, text: str) -> list[str]:
    """Therapy codes an inclusion line requires, or an exclusion line rules out."""
    found: list[str] = []
    for clause in _clauses(normalise(text)):
        if _NOT_A_PRIOR_THERAPY.search(clause):
            continue
        if kind == "exclusion" and _WINDOW.search(clause):
            continue  # "anti-PD-1 within 8 weeks" is a washout, not "never had it"
        if kind == "exclusion" and _FLAG_EXCEPTION.search(clause):
            continue  # "(except if given as adjuvant therapy)": not representable, stays text
        for code, pattern in _THERAPIES:
            for match in re.finditer(pattern, clause):
                before = _without_parentheses(clause[: match.start()])
                if kind == "inclusion":
                    if not _REQUIRED_CUE.search(before) or _NEGATION.search(before):
                        continue
                    if inside := _parenthesis_around(clause, match.start()):
                        around = clause[inside[0] : inside[1]]
                    else:
                        around = _without_parentheses(
                            clause[max(0, match.start() - 40) : match.end() + 40]
                        )
                    if re.search(r"\bor\b|and/or", around):
                        continue  # one of alternatives: none of them is required
                elif not _EXCLUDED_CUE.search(before):
                    continue
                if code not in found:
                    found.append(code)
                break
    return found


# Washouts -----------------------------------------------------------------------------------


def read_washout_params(kind: str, text: str) -> list[dict[str, Any]]:
    """The `washout` params a line states, one per treatment class (see `washouts.py`)."""
    norm = normalise(text)
    found = washouts.read_line(kind, norm, _clauses(norm))
    return [washout.params(category) for category, washout in found.items()]


def read_washouts(text: str, kind: str = "exclusion") -> dict[str, int]:
    """Treatment category -> days, for the washouts a line states (the longest per category)."""
    return {params["category"]: params["days"] for params in read_washout_params(kind, text)}


# Flags ---------------------------------------------------------------------------------------

_EXCLUSION_FLAGS: tuple[tuple[str, str], ...] = (
    (
        "cns_metastases_active",
        r"(?:brain|cns|central nervous(?: system)?|intracranial|cerebral)\W+(?:\w+\W+){0,3}?"
        r"metasta\w*|metasta\w*\W+(?:\w+\W+){0,3}?(?:brain|cns|central nervous)|"
        r"(?:cns|central nervous system|meningeal)(?: \(cns\))?(?:/meningeal)? (?:\w+ )?"
        r"involvement|(?:cns|central nervous system)(?: \(cns\))? (?:lymphoma|leuk\w+)|"
        r"involvement of (?:the )?(?:cns|central nervous system)",
    ),
    (
        "hbv_hcv_active",
        r"hepatitis\s*(?:b|c)\b|\bhbv\b|\bhcv\b|hbsag|hepatitis b or c|viral hepatitis|"
        r"active (?:viral |infectious )?hepatitis\b(?! a\b)|\bb,? (?:or|and) c hepatitis",
    ),
    (
        "immunodeficiency_hiv",
        r"\bhiv\b(?! (?:drugs?|medications?|protease))|human immunodeficiency virus|"
        r"immunodeficiency|immune deficiency|\baids\b|immunocompromis\w+",
    ),
    (
        "pregnant_or_breastfeeding",
        r"pregnan(?!cy test)\w*|breast[- ]?feeding|lactating|lactation|"
        r"positive (?:\w+ ){0,3}pregnancy test|"
        r"nursing(?! homes?| care| facilit\w*| staff)",
    ),
    (
        "autoimmune_active",
        r"auto-?immune\s+(?:or\s+\w+\s+)?(?:diseases?|disorders?|conditions?)|"
        r"collagen vascular disease|systemic lupus|lupus erythemato\w*",
    ),
    (
        "ild_or_pneumonitis",
        r"interstitial lung disease|\bild\b|pneumonitis|pulmonary fibrosis|interstitial "
        r"pneumon\w*|non-infectious pneumonia",
    ),
    (
        "other_malignancy_within_2y",
        r"\bother (?:primary |active |invasive )?malignan\w*|another (?:primary )?(?:cancer|"
        r"malignan\w*)|second (?:active )?(?:primary )?(?:malignan\w*|cancer)|additional "
        r"malignan\w*|other (?:cancers?|malignant tumou?rs?)|any other cancer|non-\w+ malignan\w*|"
        r"tumou?rs? of other (?:pathological )?types?|active malignancy|malignanc(?:y|ies) other "
        r"than|concurrent malignan\w*|(?:previous|prior) malignan\w*",
    ),
    ("transplant", r"transplant\w*"),
    ("tuberculosis_active", r"tuberculosis|\btb\b"),
    (
        "live_vaccine_recent",
        r"live(?: or live)?[ /-]*(?:attenuated )?vaccin\w*|attenuated vaccin\w*",
    ),
    (
        "uncontrolled_effusion",
        r"(?:uncontrolled|uncontrollable|recurrent)\s+(?:[a-z]+[ ,]+){0,4}?effusions?|effusions?"
        r"(?:,? or ascites)? requiring (?:repeated |frequent |recurrent )?drainage",
    ),
)
_INCLUSION_FLAGS: tuple[tuple[str, str], ...] = (
    (
        "histology_confirmed",
        r"(?:histolog\w*|cytolog\w*|patholog\w*)[^;]{0,40}?(?:confirm\w*|proven|documented|"
        r"diagnos\w*)",
    ),
    (
        "organ_function_adequate",
        r"adequate (?:\w+ ){0,4}?(?:organ|hepatic|renal|liver|kidney|bone marrow|marrow|"
        r"hematologic\w*|haematologic\w*)(?: and \w+)? (?:function|reserve)|organ function",
    ),
    ("contraception_willing", r"contracepti\w*|birth control"),
    (
        "tissue_sample_available",
        r"(?:provide|submit|available)[^;.]{0,60}tissue|tissue (?:samples?|specimens?|blocks?)"
        r"[^;.]{0,30}(?:available|provided|submitted)",
    ),
)


_PROTOCOL_DEFINED = re.compile(
    r"(?:as )?(?:defined|specified|described) (?:in|by|per) (?:the )?(?:study )?protocol|"
    r"(?:criteria )?per protocol|protocol[- ]defined"
)
_FLAG_EXCEPTION = re.compile(
    r"\b(?:except(?:ion)?s?(?: for| of| that)?|excluding|other than|with the exception of|unless|"
    r"apart from|provided (?:that )?|as long as|if (?:they|the|it|their)\b|"
    r"(?:are|is) eligible|"
    r"may (?:be )?(?:eligible|enrol\w*|participate|included)|(?:is|are) (?:permitted|allowed)|"
    r"allowed if)"
)
# Exceptions the questionnaire can ask (a yes means the exception applies).
_ASKABLE_EXCEPTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "other_malignancy_within_2y",
        "other_malignancy_curatively_treated",
        r"curativ\w*|in situ|basal cell|squamous cell (?:carcinoma )?of the skin|"
        r"non-?melanoma skin|superficial bladder|radically treated",
    ),
    (
        "autoimmune_active",
        "autoimmune_thyroid_or_diabetes_controlled",
        r"thyroid|hypothyroid|diabetes|vitiligo|psoriasis|eczema|alopecia",
    ),
)


# Exclusions narrower than the flag's question: co-infection with both hepatitis viruses,
# a complication of HIV ("HIV-infected participants with Kaposi's sarcoma"), leptomeningeal
# disease alone (the flag asks about brain metastases).
_NARROWER: dict[str, str] = {
    "hbv_hcv_active": r"hepatitis b vaccin\w*|(?<!infection or )co-?infect\w*|"
    r"^(?!.*(?:hepatitis\s*[bc]\b|hbv|hcv|hbsag|viral hepatitis)).*(?:autoimmune|alcoholic|"
    r"drug[- ]induced|immune[- ]related|toxic) hepatitis|"
    # "Patients with HBV must receive antiviral prophylaxis": a condition, not an exclusion.
    r"\b(?:must|should|will|are required to|is required to)\s+(?:\w+\s+){0,2}?(?:receive|be "
    r"treated|be on|take|undergo)\b|"
    r"concurrent (?:active )?(?:hepatitis b|hbv)\b[^;]{0,80}?\band\b[^;]{0,40}?(?:hepatitis c|hcv)",
    "immunodeficiency_hiv": r"\bhiv[- ]infected (?:participants?|patients?|subjects?) with|"
    r"\(?aids\)?[- ]defining",
    "pregnant_or_breastfeeding": r"partners? (?:who )?(?:is|are|becomes?|being) pregnant|"
    r"pregnant (?:female )?partners?",
}


def read_flags(kind: str, text: str) -> list[str]:
    """The yes/no questions a line asks: exclusions from exclusion lines, others from inclusion."""
    return [params["question"] for params in read_flag_params(kind, text)]


def read_flag_params(kind: str, text: str) -> list[dict[str, Any]]:
    """`flag` params a line states, with the exceptions it makes to each (never dropped).

    An exclusion's exception ("except treated, stable brain metastases", "patients with
    controlled HIV are eligible") is kept: as `except_if` when the questionnaire asks it,
    else in words (`exceptions`), so a yes gives "unknown", not "not eligible". A line that
    defers to the protocol's definition ("as defined in the protocol") gives no flag.
    """
    norm = normalise(text)
    found: dict[str, dict[str, Any]] = {}
    table = _EXCLUSION_FLAGS if kind == "exclusion" else _INCLUSION_FLAGS
    clauses = _clauses(norm)
    if kind == "exclusion" and _PROTOCOL_DEFINED.search(norm):
        return []
    for index, clause in enumerate(clauses):
        # A permission in parentheses ("(replacement therapy is allowed)") is an exception.
        outside = _without_parentheses(clause)
        refused = re.search(r"\b(?:not|ineligible|excluded)\b", outside)
        if kind == "exclusion" and _PERMISSION.search(outside) and not refused:
            continue
        for question, pattern in table:
            match = re.search(pattern, clause)
            if match is None or question in found:
                continue
            if (
                kind == "exclusion"
                and _WINDOW.search(clause)
                and not re.search(pattern, _without_parentheses(clause))
            ):
                continue  # a procedure's example: "surgery (eg, biopsy of a brain metastasis)"
            if kind == "inclusion" and _NEGATION.search(clause[: match.start()]):
                continue
            narrower = _NARROWER.get(question) if kind == "exclusion" else None
            if narrower and re.search(narrower, clause):
                continue
            params: dict[str, Any] = {"question": question}
            if kind == "exclusion":
                words = _flag_exceptions(clause[match.end() :], clauses[index + 1 :], pattern)
                if words:
                    _add_exceptions(params, question, words)
            found[question] = params
    return list(found.values())


def _flag_exceptions(rest: str, later: list[str], pattern: str) -> list[str]:
    """Exception words after a flag in its clause, and later sentences that admit its topic."""
    words: list[str] = []
    if match := _FLAG_EXCEPTION.search(rest):
        exception = rest[match.start() :].strip(" ,;:()")
        if inside := _parenthesis_around(rest, match.start()):
            # "(replacement therapy such as thyroxine is allowed)": the whole parenthesis.
            exception = rest[inside[0] : inside[1]].strip(" ,;:()")
        if len(exception.split()) <= 2 and later:
            # "except; effectively treated skin cancers; ...": the list follows the cue.
            exception = "; ".join([exception, *later])
        words.append(exception)
    for clause in later:
        opens_exception = re.match(
            r"\W*(?:exceptions?|except|with the exception|excluding)\b", clause
        )
        if opens_exception or (
            re.search(pattern, clause)
            and (_FLAG_EXCEPTION.search(clause) or _PERMISSION.search(clause))
        ):
            words.append(clause.strip(" ,;:()"))
    return [word[:300] for word in words if word]


def _add_exceptions(params: dict[str, Any], question: str, words: list[str]) -> None:
    for flag, answer, pattern in _ASKABLE_EXCEPTIONS:
        if question == flag and any(re.search(pattern, word) for word in words):
            params["except_if"] = [answer]
    params["exceptions"] = list(dict.fromkeys(words))


# One line, one trial -------------------------------------------------------------------------


def read_line(kind: str, text: str) -> list[Proposal]:
    """The typed criteria one protocol line states; empty when it cannot be read."""
    if is_cohort_specific(text):
        return []
    proposals: list[Proposal] = []
    if (ecog := read_ecog(text)) is not None:
        low, high = ecog
        if kind == "exclusion":
            # An exclusion states who is ruled out: "ECOG >= 2" rules out 2 and over.
            if high == 4 and low > 0:
                proposals.append(Proposal("ecog", {"min": low}))
        else:
            proposals.append(Proposal("ecog", _range_params(low, high, 4)))
    if kind == "inclusion":
        if not _MEASURABLE_OPTIONAL.search(normalise(text)) and any(
            _MEASURABLE.search(clause) and not _NOT_MEASURABLE.search(clause)
            for clause in _clauses(normalise(text))
        ):
            proposals.append(Proposal("measurable_disease"))
        if (months := read_life_expectancy(text)) is not None and months > 0:
            proposals.append(Proposal("life_expectancy", {"min_months": months}))
        if not _about_contraception(text) and (age := read_age(text)) is not None:
            proposals.append(Proposal("age", _age_params(*age)))
    if kind == "exclusion" and (months := _short_life_expectancy(text)) is not None:
        proposals.append(Proposal("life_expectancy", {"min_months": months}, "inclusion"))
    if not _about_contraception(text):
        if (lines := read_prior_lines(kind, text)) is not None:
            proposals.append(Proposal("prior_lines", lines))
        for therapy in read_prior_therapies(kind, text):
            proposals.append(Proposal("prior_therapy", {"therapy": therapy}))
        for params in read_washout_params(kind, text):
            proposals.append(Proposal("washout", params))
    # An exclusion written as a negation ("No evidence of brain metastases") says the
    # opposite of its section: its flags are left to the curator.
    double_negative = kind == "exclusion" and re.match(r"^\W*no\b", normalise(text))
    for params in [] if double_negative else read_flag_params(kind, text):
        if params["question"] == "measurable_disease":
            continue
        proposals.append(Proposal("flag", params))
    if kind == "inclusion":
        proposals.extend(_negated_inclusion(text))
    return _valid(kind, text, proposals)


_NEGATED = re.compile(
    r"^\W*(?:no|none of|not|without|never|absence of|free of|(?:sero)?negative for)\b|"
    r"\b(?:must|should|shall|may|do|does|did|has|have|is|are|can) not (?:have|be|had|been|"
    r"receive\w*|require\w*|present|suffer\w*|show\w*|pregnant|breast-?feeding)\b|"
    r"\b(?:is|are|be) not (?:pregnant|breast-?feeding|lactating)|\bnot to be (?:pregnant|"
    r"breast-?feeding|lactating)|"
    r"\bwithout (?:known |active |any |evidence of |a history of |history of )|"
    r"\b(?:sero)?negative for\b|"
    # "HBsAg negative and HCV antibody negative"
    r"^(?!.*\bpositive\b).*\b(?:hbsag|hbv|hcv|hiv|hepatitis [bc])\b(?: [\w-]+){0,3} negative\b"
)
_NEGATIVE_PREGNANCY_TEST = re.compile(r"negative (?:\w+ ){0,5}?pregnancy test")


def _negated_inclusion(text: str) -> list[Proposal]:
    """An inclusion written as a negation states an exclusion: "No active autoimmune disease",
    "Patients must not have received ...", "without known brain metastases", "seronegative for
    hepatitis B", "negative pregnancy test"; read its negated clauses as exclusion lines."""
    proposals: list[Proposal] = []
    for clause in _clauses(normalise(text)):
        if _NEGATIVE_PREGNANCY_TEST.search(clause):
            proposals.append(
                Proposal("flag", {"question": "pregnant_or_breastfeeding"}, "exclusion")
            )
        if not _NEGATED.search(clause):
            continue
        for params in read_flag_params("exclusion", clause):
            proposals.append(Proposal("flag", params, "exclusion"))
        if not _about_contraception(clause):
            for therapy in read_prior_therapies("exclusion", clause):
                proposals.append(Proposal("prior_therapy", {"therapy": therapy}, "exclusion"))
            for params in read_washout_params("exclusion", clause):
                proposals.append(Proposal("washout", params, "exclusion"))
    return proposals


_SHORT_LIFE = re.compile(
    r"(?:life expectancy|expected survival|survival expectancy|expected to survive)\s+"
    r"(?:(?:deemed|estimated|expected|judged)\s+)?(?:to be\s+)?(?:of\s+)?"
    r"(?:less than|<|under|shorter than|below)\s*(\d+)\s*(months?|weeks?|years?)"
)


def _short_life_expectancy(text: str) -> int | None:
    """An exclusion "Expected survival of less than 3 months" requires at least 3 months."""
    if match := _SHORT_LIFE.search(normalise(text)):
        number, unit = int(match.group(1)), match.group(2)
        months = (
            number
            if unit.startswith("month")
            else number * 12
            if unit.startswith("y")
            else number * 12 // 52
        )
        return months or None
    return None


def _about_contraception(text: str) -> bool:
    """Contraception and pregnancy-test lines name drugs and days that are not washouts."""
    return bool(
        re.search(
            r"contracepti|birth control|pregnan|childbearing|condoms?\b|\bsperm|abstinen",
            text.lower(),
        )
    )


def _valid(kind: str, text: str, proposals: Iterable[Proposal]) -> list[Proposal]:
    """Proposals the engine accepts, each once."""
    valid: list[Proposal] = []
    for proposal in proposals:
        try:
            parse_criterion(proposal.kind or kind, proposal.type, proposal.params, text)
        except CriterionError:
            continue
        if proposal not in valid:
            valid.append(proposal)
    return valid


def _age_text(params: dict[str, Any]) -> str:
    def bound(key: str) -> str | None:
        if params.get(f"{key}_months") is not None:
            return f"{params[f'{key}_months']} months"
        return None if params.get(key) is None else f"{params[key]} years"

    low, high = bound("min"), bound("max")
    if low is not None and high is not None:
        return f"Age {low} to {high} (registry age limits)"
    if low is not None:
        return f"Age {low} or older (registry age limits)"
    return f"Age up to {high} (registry age limits)"


def _diagnosis_criterion(diagnosis: Diagnosis) -> CriterionRecord | None:
    """The registry's conditions as a `diagnosis` criterion: codes, and the words they came from.

    With no code the criterion still names the words (`codes: []`): the engine leaves the
    answer to the study team and a curator maps the condition.
    """
    terms = [term for term in dict.fromkeys(t.strip() for t in diagnosis.terms) if term]
    terms = [term for term in terms if len(term) <= 300]
    if not terms:
        return None
    params: dict[str, Any] = {"codes": list(diagnosis.codes), "terms": terms}
    text = f"Condition studied (registry): {'; '.join(terms)}"
    try:
        parse_criterion("inclusion", "diagnosis", params, text)
    except CriterionError:
        return None
    return CriterionRecord(kind="inclusion", type="diagnosis", params=params, text=text)


def propose_criteria(
    criteria: Sequence[CriterionRecord],
    *,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    minimum_age_months: int | None = None,
    maximum_age_months: int | None = None,
    sex: str | None = None,
    registry_ages: bool = True,
    diagnosis: Diagnosis | None = None,
) -> tuple[CriterionRecord, ...]:
    """Every protocol line with the typed criteria it states, unreviewed; the rest as text.

    With `registry_ages`, the registry's age limits are the age criterion (attached to the
    line that states them, else a criterion of its own); ages read from lines are dropped.
    Limits the registry gives in months, weeks or days are kept exactly (`min_months`,
    `max_months`) next to the whole years. A line with a scope (one cohort, part or arm) stays
    text with its scope: it does not apply to everyone.
    """
    minimum_age = minimum_age if minimum_age else None  # 0 years is no lower limit
    maximum_age = maximum_age if maximum_age is not None and maximum_age <= MAX_AGE else None
    minimum_age_months = minimum_age_months if minimum_age_months else None
    if maximum_age is None:
        maximum_age_months = None
    registry_params = _age_params(minimum_age, maximum_age)
    if minimum_age_months is not None:
        registry_params["min_months"] = minimum_age_months
    if maximum_age_months is not None:
        registry_params["max_months"] = maximum_age_months
    registry_age = registry_ages and bool(registry_params)
    age_attached = False
    proposed: list[CriterionRecord] = []
    previous: CriterionRecord | None = None
    lead_in_window: CriterionRecord | None = None
    for criterion in criteria:
        if criterion.type != "text":
            proposed.append(criterion)
            continue
        if not criterion.scope and (tumour := _tumour_scope(criterion.text, diagnosis)):
            criterion = replace(criterion, scope=tumour)
        if criterion.scope:
            proposed.append(replace(criterion, reviewed=False))
            continue
        proposals = read_line(criterion.kind, criterion.text)
        if (
            not proposals
            and previous is not None
            and lead_in_window is not None
            and lead_in_window.kind == criterion.kind
        ):
            proposals = _listed_washouts(criterion.text)
        if _WASHOUT_LEAD_IN.search(criterion.text) and criterion.kind == "exclusion":
            lead_in_window = criterion
        elif not proposals or not all(p.type == "washout" for p in proposals):
            lead_in_window = None
        if _alternative(criterion, previous):
            # "... within 6 months, OR" / "OR ...": one of alternatives sets no line count.
            proposals = [p for p in proposals if p.type != "prior_lines"]
        previous = criterion
        if registry_ages:
            ages = [p for p in proposals if p.type == "age"]
            proposals = [p for p in proposals if p.type != "age"]
            if (
                registry_age
                and not age_attached
                and ages
                and maximum_age is None
                and ages[0].params.get("max") is not None
                and ages[0].params.get("min") == minimum_age
            ):
                # The registry gives the minimum only; the line states both: the line's
                # maximum completes it ("Age 18 or above but less than 80").
                registry_params["max"] = ages[0].params["max"]
            if (
                registry_age
                and not age_attached
                and ages
                and _same_age(ages[0].params, minimum_age, registry_params.get("max"))
            ):
                proposals.insert(0, Proposal("age", dict(registry_params)))
                age_attached = True
        if not proposals:
            proposed.append(replace(criterion, reviewed=False))
            continue
        for proposal in proposals:
            proposed.append(
                replace(
                    criterion,
                    kind=proposal.kind or criterion.kind,
                    type=proposal.type,
                    params=proposal.params,
                    reviewed=False,
                )
            )
    proposed = _without_conflicting_lines(proposed)
    proposed = _measurable_for_everyone(proposed)
    registry: list[CriterionRecord] = []
    if diagnosis is not None and (condition := _diagnosis_criterion(diagnosis)) is not None:
        registry.append(condition)
    if registry_age and not age_attached:
        registry.append(
            CriterionRecord(
                kind="inclusion",
                type="age",
                params=dict(registry_params),
                text=_age_text(registry_params),
            )
        )
    if sex in {"FEMALE", "MALE"}:
        allowed = sex.lower()
        registry.append(
            CriterionRecord(
                kind="inclusion",
                type="sex",
                params={"allowed": [allowed]},
                text=f"Sex: {allowed} participants only (registry)",
            )
        )
    return (*registry, *proposed)


# "Any of the following treatments within the stated time before the first dose:" followed by
# items "Chemotherapy: 3 weeks", "Major surgery - 28 days".
_WASHOUT_LEAD_IN = re.compile(
    r"\b(?:within|prior to|before|wash-?out)\b[^:]*:\s*$|"
    r"\b(?:following|these) (?:\w+ )?(?:therap\w*|treatments?|drugs?|agents?|medications?)\b"
    r"[^:]*\b(?:within|prior to|before)\b[^:]*:\s*$",
    re.IGNORECASE,
)
_LISTED_WINDOW = re.compile(
    r"^\W*(?:[a-z]\)|[ivx]+\)|\d+\))?\s*(?P<what>[a-z][^:;<>=]{2,80}?)\s*(?::|,|-|\bfor\b)?\s*"
    r"(?:within\s+|<=?\s*|>=?\s*|at least\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>days?|weeks?|months?)"
    r"\b[^;]{0,60}$"
)


def _listed_washouts(text: str) -> list[Proposal]:
    """An item under a lead-in window line: "Chemotherapy: 3 weeks" is a washout of 3 weeks."""
    norm = normalise(text)
    match = _LISTED_WINDOW.match(norm)
    if match is None:
        return []
    stated = f"{match['what']} within {match['n']} {match['unit']}{norm[match.end('unit') :]}"
    return [Proposal("washout", params) for params in read_washout_params("exclusion", stated)]


_EVALUABLE_ALLOWED = re.compile(
    r"\b(?:non-?measurable|evaluable|assessable)\b[^.;]{0,80}\b(?:eligible|allowed|permitted|"
    r"acceptable|may (?:be )?(?:enrolled|included|participate))\b|\b(?:eligible|allowed|permitted|"
    r"acceptable)\b[^.;]{0,40}\b(?:non-?measurable|evaluable|assessable)\b"
)


def _measurable_for_everyone(proposed: list[CriterionRecord]) -> list[CriterionRecord]:
    """A line elsewhere that admits evaluable or non-measurable disease (for everyone or for
    some part) makes measurable disease no requirement of everyone."""
    if not any(c.type == "measurable_disease" for c in proposed):
        return proposed
    admits = any(
        c.kind == "inclusion"
        and (
            _MEASURABLE_OPTIONAL.search(normalise(c.text))
            or _EVALUABLE_ALLOWED.search(normalise(c.text))
        )
        for c in proposed
    )
    if not admits:
        return proposed
    kept: list[CriterionRecord] = []
    for criterion in proposed:
        if criterion.type != "measurable_disease":
            kept.append(criterion)
        elif not any(
            c is not criterion and c.line == criterion.line and c.text == criterion.text
            for c in proposed
        ):
            kept.append(replace(criterion, type="text", params={}))
    return kept


def _allowed_lines(criterion: CriterionRecord) -> tuple[int, float]:
    """The prior line counts a `prior_lines` criterion allows, as an interval."""
    low, high = criterion.params.get("min"), criterion.params.get("max")
    if criterion.kind == "inclusion":
        return (low or 0, float("inf") if high is None else high)
    if low is not None and high is None:
        return (0, low - 1)  # an exclusion "more than 2 lines" allows at most 2
    if high is not None and low is None:
        return (high + 1, float("inf"))
    return (0, float("inf"))


def _without_conflicting_lines(proposed: list[CriterionRecord]) -> list[CriterionRecord]:
    """Line counts that no patient could meet together are alternatives ("treatment-naive as
    first-line; progression on first-line chemotherapy as second-line"): none is proposed."""
    lines = [c for c in proposed if c.type == "prior_lines"]
    if not lines:
        return proposed
    allowed = [_allowed_lines(c) for c in lines]
    if max(low for low, _ in allowed) <= min(high for _, high in allowed):
        return proposed
    kept: list[CriterionRecord] = []
    for criterion in proposed:
        if criterion.type != "prior_lines":
            kept.append(criterion)
            continue
        same_line = [
            c
            for c in proposed
            if c is not criterion and c.line == criterion.line and c.text == criterion.text
        ]
        if not same_line:
            kept.append(replace(criterion, type="text", params={}))
    return kept


def _tumour_scope(text: str, diagnosis: Diagnosis | None) -> str | None:
    """In a trial for several tumour types, a line that opens with one of them ("Triple
    negative breast cancer with ..., must have received ...") is for that tumour only."""
    if diagnosis is None or (len(diagnosis.codes) < 2 and "SOLID" not in diagnosis.codes):
        return None
    head = re.sub(
        r"^(?:for\s+)?(?:patients?|participants?|subjects?)\s+with\s+", "", text, flags=re.I
    )
    head = re.split(r",|:|;|\(|\bwith\b|\bmust\b|\bwho\b|\bshould\b", head, maxsplit=1)[0]
    if len(head.split()) > 8:
        return None
    codes = [code for code in codes_in(head) if code != "SOLID"]
    return head.strip() if codes else None


def _alternative(criterion: CriterionRecord, previous: CriterionRecord | None) -> bool:
    """A line joined to the one before or after it by "or"."""
    ends_with_or = re.compile(r"\bor\W*$", re.IGNORECASE)
    return bool(
        ends_with_or.search(criterion.text)
        or re.match(r"^\W*or\b", criterion.text, re.IGNORECASE)
        or (
            previous is not None
            and previous.kind == criterion.kind
            and ends_with_or.search(previous.text)
        )
    )


def _age_params(low: int | None, high: int | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if low is not None:
        params["min"] = low
    if high is not None:
        params["max"] = high
    return params


def _same_age(params: dict[str, Any], low: int | None, high: int | None) -> bool:
    """Does a line's age agree with the registry's limits (a bound it omits is fine)?"""
    line_low, line_high = params.get("min"), params.get("max")
    if line_low is None and line_high is None:
        return False
    return (line_low is None or line_low == low) and (line_high is None or line_high == high)
