"""Propose typed criteria from protocol lines: regular expressions and small tables, no Django.

Every protocol line from `eligibility.split_eligibility` goes through `read_line`, which returns
the typed criteria the line states (several for one line: "At least 4 weeks since last
surgery, radiotherapy or chemotherapy" gives three washouts, each keeping the whole line as its
text). A line that gives nothing stays a `text` criterion, so no line is ever lost. Every
proposal is validated by the engine's `parse_criterion` and is unreviewed: a curator accepts,
edits or rejects it in the admin review screen.

What is read, and the rules (the wording is the protocols'):

- age: the registry's `minimumAge` / `maximumAge` are authoritative ("18 Years", "6 Months";
  above 120 years means no limit). The age criterion is attached to the protocol line that
  states the same bounds ("Age >= 18 years"), else it is a registry criterion without a line.
  Ages read from a line are used only when the registry gives none.
- sex: a registry `sex` of FEMALE or MALE gives a registry criterion; ALL gives none.
- ECOG: "ECOG 0-1", "ECOG <= 2", "ECOG ≤2", "ECOG score of 0, 1 or 2", "performance status of
  0 or 1", "Zubrod", "< 2" (0-1), in an exclusion "ECOG >= 2" ({min: 2}, ruled out at 2 and
  over). A Karnofsky threshold alone ("Karnofsky >= 70") gives the ECOG equivalent by the usual
  table (KPS 90-100 = ECOG 0, 70-80 = 1, 50-60 = 2, 30-40 = 3, 10-20 = 4): >= 70 -> 0-1.
- prior lines: "at least one prior line", "failed at least two prior systemic therapies",
  "no more than two prior regimens", "more than two lines" in an exclusion, "no prior systemic
  treatment for recurrent/metastatic disease" / "treatment-naive" (max 0), an exclusion "prior
  therapy for advanced or metastatic disease" (ruled out from 1).
- required prior therapies (inclusion): platinum, PD-1/PD-L1 (also "immune checkpoint
  inhibitors"), taxane, anti-EGFR, gemcitabine, capecitabine, after a cue ("failed", "after",
  "prior treatment with", "received"), not negated, and not one of alternatives ("gemcitabine
  or FOLFIRINOX": no single therapy is required). In an exclusion line a prior therapy is
  proposed as "must not have had it".
- washouts: "at least 4 weeks since last A, B or C", "within 14 days (prior to the first
  dose)", "4 weeks prior to"; days from days, weeks or months; "or 5 half-lives, whichever is
  shorter" is kept in the text only. The treatment categories come from the words before
  "within" / "prior to" or after "since". A clause that grants a permission ("may", "are
  allowed", "eligible") is not a washout. "Systemic anti-cancer therapy" means chemotherapy,
  immunotherapy, biological and targeted therapy. One category once per line, the longest.
- measurable disease per RECIST, life expectancy (weeks and days to whole months), and
  histological confirmation, adequate organ function, contraception, tissue sample (inclusion).
- the common exclusions, from exclusion lines only, as `flag` criteria: CNS metastases,
  active hepatitis B/C, HIV or immunodeficiency, pregnancy or breastfeeding, active autoimmune
  disease, interstitial lung disease or pneumonitis, another malignancy; also transplant,
  tuberculosis, live vaccines, uncontrolled effusions. An inclusion written as a negation
  ("No active autoimmune disease") is left as text: the engine's inclusion flag would mean
  the opposite, and the curator types it.
- a line for one cohort only ("Cohort B: ...", "For some parts of the study only: ...",
  "Patients with colorectal cancer must ..., patients with pancreatic cancer must ...") is
  left as text: it does not apply to everyone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from matcher.engine import ANSWER_RANGES, CriterionError, parse_criterion
from trials.importers.records import CriterionRecord

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
    "twenty-eight": 28,
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


def normalise(text: str) -> str:
    """Lower case, ASCII comparison signs, digits for number words, single spaces."""
    text = text.lower()
    for symbol, ascii_form in _SYMBOLS:
        text = text.replace(symbol, ascii_form)
    text = _NUMBER_WORD.sub(lambda match: str(_NUMBER_WORDS[match.group(1)]), text)
    return " ".join(text.split())


def _clauses(text: str) -> list[str]:
    """Sentences and semicolon clauses of a normalised line."""
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
    r"\b(?:ecog|eastern cooperative oncology group|zubrod|who performance status|"
    r"performance status|\bps\b)"
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
    r"\b(?:karnofsky|kps)\b[^0-9;]{0,40}?(>=|>|at least|greater than or equal to|greater than|"
    r"of)?\s*(\d{2,3})\s*%?"
)


def read_ecog(text: str) -> tuple[int, int] | None:
    """The ECOG range a line states (inclusion sense), or the Karnofsky equivalent."""
    norm = normalise(text)
    for anchor in _ECOG_ANCHOR.finditer(norm):
        if re.search(r"(?:karnofsky|lansky|kps)\W*(?:\w+\W+){0,2}$", norm[: anchor.start()]):
            continue
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
    if match := _KARNOFSKY.search(norm):
        threshold = int(match.group(2)) + (1 if match.group(1) in {">", "greater than"} else 0)
        if 10 <= threshold <= 100:
            for kps, ecog in ((90, 0), (70, 1), (50, 2), (30, 3)):
                if threshold >= kps:
                    return 0, ecog
            return 0, 4
    return None


def _range_params(low: int, high: int, top: int) -> dict[str, Any]:
    params: dict[str, Any] = {"min": low}
    if high < top:
        params["max"] = high
    return params


# Measurable disease, life expectancy ---------------------------------------------------------

_MEASURABLE = re.compile(
    r"\bmeasurable\s+(?:disease|lesions?|tumou?rs?)\b|\bat least (?:1|one)\s+(?:\w+\s+){0,2}"
    r"measurable\b|\bmeasurable\b[^;]{0,60}\brecist\b"
)
_NOT_MEASURABLE = re.compile(
    r"non-?measurable|not measurable|evaluable|\bno (?:\w+\s+){0,3}measurable"
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
_LINES_MIN = re.compile(r"(?:at least|>=|a minimum of|minimum of)\s*" + _NUM + r"\s+" + _LINE_NOUN)
_LINES_MAX = re.compile(
    r"(?:no more than|not more than|at most|<=|a maximum of|maximum of|up to)\s*"
    + _NUM
    + r"\s+"
    + _LINE_NOUN
)
_LINES_OVER = re.compile(r"(?:more than|>|over)\s*" + _NUM + r"\s+" + _LINE_NOUN)
_NO_PRIOR_ADVANCED = re.compile(
    r"\bno prior (?:systemic )?(?:treatment|therapy|chemotherapy|anti-?cancer therapy)\b[^;.]{0,30}"
    r"\b(?:recurrent|metastatic|advanced|r/m)\b|\btreatment-naive\b|\b(?:previously )?untreated "
    r"(?:for|in the) (?:advanced|metastatic|recurrent)"
)
# "progression after prior gemcitabine", "Prior treatment with systemic treatment": one line.
_PRIOR_MIN_ONE = re.compile(
    r"\b(?:progress\w*|failed|failure|refractory|relapsed|intoleran\w*)\b[^.;]{0,40}?\b(?:after|"
    r"on|to|following|with)\s+(?:\w+\s+){0,2}?(?:prior|previous|at least 1)\b|^(?:\w+\s+){0,3}?"
    r"prior (?:systemic )?(?:treatment|therapy) with\b"
)
_PRIOR_ADVANCED = re.compile(
    r"\b(?:prior|previous|any)\s+(?:[a-z-]+\s+){0,3}?(?:therapy|treatment|chemotherapy)\s+for\s+"
    r"(?:the\s+)?(?:locally advanced|advanced|metastatic|recurrent|unresectable)"
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


def read_prior_lines(kind: str, text: str) -> dict[str, Any] | None:
    """Params of a `prior_lines` criterion in the sense of the line's kind, if stated."""
    norm = normalise(text)
    if kind == "inclusion":
        if _NO_PRIOR_ADVANCED.search(norm):
            return {"max": 0}
        if match := _LINES_MIN.search(norm):
            return {"min": int(match.group(1))}
        if match := _LINES_MAX.search(norm):
            return {"max": int(match.group(1))}
        for clause in _clauses(norm):
            match = _PRIOR_MIN_ONE.search(clause)
            if match is None or _PERMISSION.search(clause):
                continue
            if not _NEGATION.search(clause[: match.start() + match.group(0).rfind("prior")]):
                return {"min": 1}
        return None
    if match := _LINES_OVER.search(norm):
        return {"min": int(match.group(1)) + 1}
    if _PRIOR_ADVANCED.search(norm):
        return {"min": 1}
    return None


def _without_parentheses(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", " ", text)
    return text


def _parenthesis_around(text: str, position: int) -> tuple[int, int] | None:
    """The innermost "( ... )" holding `position`, as (start, end), if any."""
    start = text.rfind("(", 0, position)
    while start != -1:
        end = text.find(")", start)
        if end == -1 or end >= position:
            return start, (len(text) if end == -1 else end)
        start = text.rfind("(", 0, start)
    return None


def read_prior_therapies(kind: str, text: str) -> list[str]:
    """Therapy codes an inclusion line requires, or an exclusion line rules out."""
    found: list[str] = []
    for clause in _clauses(normalise(text)):
        if _NOT_A_PRIOR_THERAPY.search(clause):
            continue
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

_BROAD_ANTICANCER = (
    r"systemic anti-?cancer (?:therapy|therapies|treatments?|agents?)|anti-?cancer "
    r"(?:therapy|therapies|treatments?)|anti-?tumou?r (?:therapy|therapies|treatments?)"
)
_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("minor_surgery", r"minor surg\w*|minor (?:surgical )?procedures?"),
    (
        "major_surgery",
        r"major surg\w*|major (?:surgical )?(?:procedures?|operations?)|(?<!minor )surgery|"
        r"(?<!minor )surgical procedures?",
    ),
    ("radiotherapy", r"radiotherapy|radiation(?: therapy)?|irradiation|\brt\b"),
    ("chemotherapy", r"chemotherap\w*|cytotoxic"),
    ("immunotherapy", r"immunotherap\w*|immune checkpoint|anti-?pd-?l?1\b|\bpd-?l?1 inhibitors?"),
    (
        "biologic",
        r"biological (?:therapy|agents?|treatments?)|biologics?\b(?! [a-z]* ?complications?)|"
        r"monoclonal antibod\w*|antibody therap\w*",
    ),
    ("hormonal", r"hormon(?:al|e) therap\w*|endocrine therap\w*"),
    (
        "targeted_small_molecule",
        r"small[- ]molecule|tyrosine kinase inhibitors?|\btkis?\b|targeted therap\w*",
    ),
    ("tcm_antitumor", r"traditional chinese medicine|\btcm\b|chinese herbal"),
    (
        "investigational",
        r"investigational|(?:other |another )?clinical (?:study|studies|trials?)|"
        r"experimental (?:drugs?|agents?|therap\w*)",
    ),
)
_BROAD = ("chemotherapy", "immunotherapy", "biologic", "targeted_small_molecule")
_DURATION = r"(\d+)\s*(?:\(\d+\)\s*)?(days?|weeks?|wks?|months?)\b"
_WITHIN = re.compile(
    r"\bwithin(?: the)?(?: (?:past|last|previous|prior))?\s*(?:<=\s*)?" + _DURATION
)
_SINCE = re.compile(
    r"(?:at least|>=|>|a minimum of|minimum of)?\s*"
    + _DURATION
    + r"\s*(?:\([^)]*\)\s*)?(?:must have (?:passed|elapsed)\s*)?(?:have (?:passed|elapsed)\s*)?"
    r"(?:since|from (?:the )?(?:last|end|completion))"
)
_PRIOR_TO = re.compile(
    r"(?:<=|>=|at least|no less than)?\s*"
    + _DURATION
    + r"\s*(?:\([^)]*\)\s*)?(?:prior to|before)\b"
)


_NOT_A_TREATMENT = re.compile(r"(?:progress\w*|recurr\w*|relaps\w*|diagnos\w*)\W+(?:\w+\W+){0,2}$")


def _days(number: str, unit: str) -> int:
    value = int(number)
    if unit.startswith("w"):
        return value * 7
    if unit.startswith("month"):
        return value * 30
    return value


def _categories(text: str) -> list[str]:
    found: list[str] = []
    if re.search(_BROAD_ANTICANCER, text):
        found.extend(_BROAD)
    for category, pattern in _CATEGORIES:
        if re.search(pattern, text) and category not in found:
            found.append(category)
    return found


def read_washouts(text: str) -> dict[str, int]:
    """Treatment category -> days, for the washouts a line states (the longest per category)."""
    norm = normalise(text)
    washouts: dict[str, int] = {}
    for clause in _clauses(norm):
        if _PERMISSION.search(clause):
            continue
        for pattern, after in ((_SINCE, True), (_WITHIN, False), (_PRIOR_TO, False)):
            match = pattern.search(clause)
            if match is None:
                continue
            days = _days(match.group(1), match.group(2))
            if _NOT_A_TREATMENT.search(clause[: match.start()]):
                break  # "progression within 6 months of adjuvant therapy"
            scope = clause[match.end() :] if after else clause[: match.start()]
            if after:
                scope = re.split(r"\bprior to\b|\bbefore\b", scope)[0]
            for category in _categories(scope):
                washouts[category] = max(days, washouts.get(category, 0))
            break
    return washouts


# Flags ---------------------------------------------------------------------------------------

_EXCLUSION_FLAGS: tuple[tuple[str, str], ...] = (
    (
        "cns_metastases_active",
        r"(?:brain|cns|central nervous(?: system)?|intracranial|cerebral)\W+(?:\w+\W+){0,3}?"
        r"metasta\w*|metasta\w*\W+(?:\w+\W+){0,3}?(?:brain|cns|central nervous)|leptomeningeal|"
        r"carcinomatous meningitis",
    ),
    (
        "hbv_hcv_active",
        r"hepatitis\s*(?:b|c)\b|\bhbv\b|\bhcv\b|hbsag|hepatitis b or c|viral hepatitis",
    ),
    (
        "immunodeficiency_hiv",
        r"\bhiv\b|human immunodeficiency virus|immunodeficiency|immune deficiency|\baids\b",
    ),
    ("pregnant_or_breastfeeding", r"pregnan(?!cy test)\w*|breast-?feeding|lactat\w*|nursing"),
    (
        "autoimmune_active",
        r"auto-?immune\s+(?:or\s+\w+\s+)?(?:diseases?|disorders?|conditions?)",
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


def read_flags(kind: str, text: str) -> list[str]:
    """The yes/no questions a line asks: exclusions from exclusion lines, others from inclusion."""
    norm = normalise(text)
    found: list[str] = []
    table = _EXCLUSION_FLAGS if kind == "exclusion" else _INCLUSION_FLAGS
    for clause in _clauses(norm):
        if (
            kind == "exclusion"
            and _PERMISSION.search(clause)
            and not re.search(r"\b(?:not|ineligible|excluded)\b", clause)
        ):
            continue
        for question, pattern in table:
            match = re.search(pattern, clause)
            if match is None or question in found:
                continue
            if kind == "inclusion" and _NEGATION.search(clause[: match.start()]):
                continue
            found.append(question)
    return found


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
        if any(
            _MEASURABLE.search(clause) and not _NOT_MEASURABLE.search(clause)
            for clause in _clauses(normalise(text))
        ):
            proposals.append(Proposal("measurable_disease"))
        if (months := read_life_expectancy(text)) is not None and months > 0:
            proposals.append(Proposal("life_expectancy", {"min_months": months}))
        if not _about_contraception(text) and (age := read_age(text)) is not None:
            proposals.append(Proposal("age", _age_params(*age)))
    if not _about_contraception(text):
        if (lines := read_prior_lines(kind, text)) is not None:
            proposals.append(Proposal("prior_lines", lines))
        for therapy in read_prior_therapies(kind, text):
            proposals.append(Proposal("prior_therapy", {"therapy": therapy}))
        for category, days in read_washouts(text).items():
            proposals.append(Proposal("washout", {"category": category, "days": days}))
    for question in read_flags(kind, text):
        if question == "measurable_disease":
            continue
        proposals.append(Proposal("flag", {"question": question}))
    return _valid(kind, text, proposals)


def _about_contraception(text: str) -> bool:
    """Contraception and pregnancy-test lines name drugs and days that are not washouts."""
    return bool(re.search(r"contracepti|birth control|pregnan|childbearing", text.lower()))


def _valid(kind: str, text: str, proposals: Iterable[Proposal]) -> list[Proposal]:
    """Proposals the engine accepts, each once."""
    valid: list[Proposal] = []
    for proposal in proposals:
        try:
            parse_criterion(kind, proposal.type, proposal.params, text)
        except CriterionError:
            continue
        if proposal not in valid:
            valid.append(proposal)
    return valid


def _age_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"Age {low} to {high} years (registry age limits)"
    if low is not None:
        return f"Age {low} years or older (registry age limits)"
    return f"Age up to {high} years (registry age limits)"


def propose_criteria(
    criteria: Sequence[CriterionRecord],
    *,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    sex: str | None = None,
    registry_ages: bool = True,
) -> tuple[CriterionRecord, ...]:
    """Every protocol line with the typed criteria it states, unreviewed; the rest as text.

    With `registry_ages`, the registry's age limits are the age criterion (attached to the
    line that states them, else a criterion of its own); ages read from lines are dropped.
    """
    minimum_age = minimum_age if minimum_age else None  # 0 years is no lower limit
    maximum_age = maximum_age if maximum_age is not None and maximum_age <= MAX_AGE else None
    registry_age = registry_ages and (minimum_age is not None or maximum_age is not None)
    age_attached = False
    proposed: list[CriterionRecord] = []
    for criterion in criteria:
        if criterion.type != "text":
            proposed.append(criterion)
            continue
        proposals = read_line(criterion.kind, criterion.text)
        if registry_ages:
            ages = [p for p in proposals if p.type == "age"]
            proposals = [p for p in proposals if p.type != "age"]
            if (
                registry_age
                and not age_attached
                and ages
                and _same_age(ages[0].params, minimum_age, maximum_age)
            ):
                proposals.insert(0, Proposal("age", _age_params(minimum_age, maximum_age)))
                age_attached = True
        if not proposals:
            proposed.append(replace(criterion, reviewed=False))
            continue
        for proposal in proposals:
            proposed.append(
                replace(criterion, type=proposal.type, params=proposal.params, reviewed=False)
            )
    registry: list[CriterionRecord] = []
    if registry_age and not age_attached:
        registry.append(
            CriterionRecord(
                kind="inclusion",
                type="age",
                params=_age_params(minimum_age, maximum_age),
                text=_age_text(minimum_age, maximum_age),
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
