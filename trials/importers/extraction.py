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
  (0-1), "0, 1", "0~1", "2 or less", in an exclusion "ECOG >= 2" or "2 or higher" ({min: 2});
  a line allowing more ("0 or 1; ECOG 2 allowed if due to the disease", or a value per part:
  "Phase I - 0 or 1; Phase II - 0-2") gives the widest range; "ECOG </= 2" is "<= 2" and two
  grades joined by a sign ("ECOG 0 <= 1") are the range between them.
  A Karnofsky (or Lansky) threshold alone gives the ECOG equivalent (KPS 90-100 = ECOG 0,
  70-80 = 1, 50-60 = 2, 30-40 = 3, 10-20 = 4; "> 60" is 70 and over); in an exclusion "KPS <
  70" rules out ECOG 2 and over.
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
  "..., or", a line joined to the next by "OR"; but when every alternative requires a minimum,
  the smallest is proposed on the first), and line counts of different lines that no
  patient could meet together ("treatment-naive as first-line; progression on first-line
  chemotherapy as second-line"): those are alternatives and all stay text. Also read: a
  minimum and a maximum in one clause ("at least one prior therapy but no more than three
  lines"), progression on or intolerance to a class of inhibitors or antibodies (min 1),
  "must have received prior platinum-based chemotherapy" (min 1), "previously untreated,
  locally advanced or metastatic ...", "untreated, stage IV ...", a list naming chemotherapy
  and another systemic class for advanced disease or for this cancer, and in early-stage
  trials "(no) prior chemotherapy or radiotherapy (or surgery)" with nothing else (max 0).
  Also: "progression after at least first-line therapy", progression "on treatment with" a
  class, a requirement said of everyone without "must" ("Patients who have received standard
  systemic therapy", "Received prior platinum-based chemotherapy"), "failed two prior lines"
  (min 2), "between one and three", "one, two or three", "zero or one", a maximum stated before
  the minimum ("up to 3 prior lines, including at least one ..."), progression on the first or
  second line "as the most recent therapy" (both bounds), a line to be given "second-line or
  later", "treatment-naive or no more than one prior line" (the larger count, max 1), an
  exception that counts the lines it lets in ("up to one line of endocrine therapy is allowed":
  max 1), and in an exclusion a negated requirement ("have not progressed on an anti-PD-1
  antibody": at least one line) or "received any anticancer therapy".
  Never: naive to one class ("anti-PD-1 treatment-naive"), naive or treated as alternatives
  ("treatment naive or have received prior therapy", "on treatment or treatment naive"),
  "no more than N lines" written as an exclusion, an exclusion (or an inclusion asking for no
  line) whose exception is itself a line without a count ("except endocrine therapy"; an
  exception for adjuvant or local treatment, or for a few days or one cycle of a therapy, keeps
  the count), a prior line offered as one of alternatives ("or for which there is no standard
  therapy", "; or ...", "Alternatively, ...", "or the patient is unwilling"), "One of the
  following", a progression that may have come in the adjuvant setting, untreated brain
  metastases, a group's own rule ("Subjects who are newly diagnosed must be treatment-naive"),
  lines admitted ("... are allowed"), a timed prior therapy ("more than 4 weeks before"), a
  therapy required only "if available" or "if known to be effective", and an exclusion worded
  "No prior systemic therapy ..." (which way it rules is unclear).
  Also: a therapy named by its failure or drug name ("immunotherapy failure", "progressed
  after osimertinib"), progression "while on" a therapy (not androgen deprivation or study
  treatment), "chemotherapy-refractory" with no alternative in the clause, "standard of care"
  without its noun (min 1); "up to N lines, including <a therapy>" (min 1 as well); "eligible
  for" a later or first line at the start of a line; "no anti-tumour medication" (max 0).
  Also: "progressed after a platinum doublet" or "platinum therapy" (min 1), "First or second
  relapse of ..." at the start of a line (min 1, max 2); never an intolerance offered after an
  ineligibility ("ineligible for or intolerant to platinum": those never given it are in).
  Nor a line after which the patient may have "declined" or "chosen not to pursue" the therapy.
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
  measurable", "disease must be measurable", "measurable metastatic melanoma", "a measurable
  brain metastasis", "at least one target lesion", RECIST's own "at least one lesion that can be
  accurately measured" (or "accurately measured in at least one dimension"), "that qualifies
  as" or "can be selected as a target lesion");
  biochemically measurable disease (myeloma's M-protein, IMWG, PSA) and residual disease are
  not, nor "measurable or bone-only disease", "assessable or measurable", "measurable disease
  ... is preferred, but not required" (or "is desirable"), "and/or evaluable disease", "at least
  evaluable disease", nor a condition ("patients with measurable disease must
  ...", "if present", "steroids allowed provided there is measurable disease"); a caveat on
  which lesions count ("previously irradiated lesions are not measurable") keeps it required;
  and when any inclusion line admits evaluable, non-measurable or bone-only disease (for
  everyone or one part; also "may be enrolled with objective evidence of disease") no line
  requires measurable disease of everyone, unless the
  admission is for disease outside the brain and the requirement is for brain lesions; a tissue
  "not evaluable for" a test admits nothing. A line naming one part in a parenthesis ("(Part B
  only)", "(randomised portion only)", "(combination therapy only)") is for that part only.
- life expectancy (weeks and days to whole months; also "expected to live", "predicted" or
  "anticipated survival", "expected life-span", "lifespan", with a few words between the
  phrase and the figure: "estimated survival based on ... of at least 3 months"); in an
  exclusion, "expected survival of less than 3 months" (or "life-expectancy less than 2 years")
  is a minimum, while in an inclusion a life expectancy "of less than 6 months" (a
  palliative-care study) is no minimum and gives nothing.
- histological confirmation, adequate organ function, contraception, tissue sample (inclusion).
- the common exclusions as `flag` criteria: CNS metastases (or CNS involvement, active CNS
  disease, a positive CSF cytology), active hepatitis B/C (also HBsAg, anti-HBc, HCV RNA,
  "active viral hepatitis", a hepatitis named as an infection), HIV or immunodeficiency (also
  "on antiretroviral therapy"; not "anti-HIV agents" in a list of medicines), pregnancy or
  breastfeeding (also a positive or negative pregnancy or hCG test), active autoimmune disease
  (also "autoimmune, connective tissue or inflammatory disorders"), interstitial lung disease or
  pneumonitis, another malignancy; also transplant, tuberculosis, live vaccines, uncontrolled
  effusions. Mentions that are not the question give no flag: wanting or avoiding a pregnancy
  ("capable of becoming pregnant", "to prevent pregnancy"), a complication of HIV
  ("AIDS-defining", "HIV-related lymphoma"), an autoimmune disease of one organ (skin, thyroid,
  liver, eye, or "involving the CNS"), radiotherapy or surgery given to brain metastases (also
  when admitted: "prior surgery for brain metastases is allowed"), lesions outside the CNS
  ("non-CNS lesions"), co-infection with both hepatitis viruses, leptomeningeal disease alone, a
  mention inside another exclusion's exception ("any infection, except HBV on antivirals"), a
  donor's infection or pregnancy ("donors who are HIV positive"), a screening test named by its
  viruses ("Hepatitis B, C testing is required"), hepatitis as the cause of a raised liver value
  ("ALT <= 5 x ULN for patients with hepatitis B"), and lines that defer to the protocol's
  definition. A trial whose inclusion requires brain metastases (of everyone or of one cohort:
  "melanoma that has metastasized to the brain", "NSCLC with newly diagnosed brain metastases",
  "at least one measurable intracranial lesion", "1 to 3 brain metastases") is for people who
  have them: its lines on which of them qualify give no CNS exclusion.
- admissions and exceptions: a clause that only admits the topic ("Patients with treated brain
  metastases are eligible") gives no flag; an admission after an exception cue or a new subject
  ("Known HIV infection, with the following exception: HIV-positive patients are eligible if
  ...", "Untreated brain metastases, patients with treated ones are eligible") is the flag's
  exception. "May" or "acceptable" in another sense ("conditions that may interfere", "an
  acceptable method of contraception") admit nothing. Exceptions are kept whole: the words
  after "except", "unless", "other than", "provided", a list after "Exceptions:", a later
  sentence that admits ("Subjects with type 1 diabetes ... are permitted to enrol"), an
  admitting parenthesis, an "or with treated ..." alternative, a rule for those who have the
  condition ("Patients with CNS metastases must be stable for 4 weeks"), and, from other lines
  of the trial, what they admit of the topic ("HIV-infected participants must have well
  controlled HIV on ART"). An exception is `except_if` only when the questionnaire's question
  covers all of it (the autoimmune one names both thyroid replacement and type 1 diabetes),
  else words in `exceptions` (a yes then gives "unknown").
- an inclusion line that states an exclusion: a negation close before the mention ("No active
  autoimmune disease", "must not be pregnant", "non-lactating", "is eligible if she is not
  pregnant", "without known brain metastases"), "HBsAg negative", "a negative test for HIV", a
  negative pregnancy test in any wording ("negative (serum or urine) pregnancy test", "a
  pregnancy test must be negative"), a refusal ("Patients with active brain metastases are not
  eligible"), or an exclusion under the wrong heading ("Subjects with known brain metastases,
  unless treated", "Symptomatic brain metastases: treated, stable ones are eligible"). A rule or
  admission for the patients who have the condition ("Patients with HIV are only eligible if
  they meet all of the following: ...") states no exclusion on its line, nor does a negation
  about treatment ("have not received radiotherapy for brain metastases") or a condition of
  another admission ("steroids are permitted in the absence of autoimmune disease"). But HIV or
  hepatitis B/C admitted only under control ("Participants with HIV must have well controlled
  HIV on antiretroviral therapy", "HBsAg-positive participants are eligible if their HBV viral
  load is undetectable", "HCV must have been treated and cured") rules out the uncontrolled
  infection: when no line of the trial asks the question already, that inclusion line gives the
  exclusion flag with its words as the exception (a yes is for the study team). So do brain
  metastases admitted only when stable ("allowed provided they are stable (i.e. ...)", "will
  only be eligible after they have been treated and are stable"). Negated clauses
  also give washouts and prior therapies (the criterion's kind is `exclusion`, its line the
  inclusion line). An exclusion line written as a negation ("No known HIV infection") still
  rules out the five common exclusions.
- a line with a scope (a cohort, part or arm; see `eligibility.py`), a line for one cohort
  only ("For some parts of the study only: ...", "Patients with colorectal cancer must ...,
  patients with pancreatic cancer must ..."), and in a trial for several tumour types a line
  that opens with one of them, stays text (with its scope): it does not apply to everyone
  (unless its first sentence goes on to name every type of the trial: a diagnosis line).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from matcher.engine import ANSWER_RANGES, CriterionError, parse_criterion
from trials.importers import washouts
from trials.importers.records import CriterionRecord
from trials.importers.synonyms import Diagnosis, ancestors, codes_in

MAX_AGE = ANSWER_RANGES["age"][1]

_NUMBER_WORDS = washouts.NUMBER_WORDS
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b")
_SYMBOLS = (
    ("≤", "<="),
    ("≥", ">="),
    ("=<", "<="),
    ("=>", ">="),
    ("</=", "<="),  # "ECOG </= 2", "age >/= 18"
    ("< =", "<="),  # "ECOG performance status < = 2": the sign typed with a space
    ("> =", ">="),
    (">/=", ">="),
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

# Signs from a symbol font read as Latin-1: "³ 4 weeks since ..." is ">= 4 weeks", "£ 2" is
# "<= 2". Only before a figure and not after one ("10³ copies/mL" is a power of ten; "£500"
# has no space).
_MISENCODED = {"³": ">=", "£": "<="}
_MISENCODED_SIGN = re.compile(r"(?<![\w.³£])(?:³(?=\s*\d)|£(?=\s+\d))")


@dataclass(frozen=True)
class Proposal:
    """One typed criterion a line states, in the sense of the line's kind."""

    type: str
    params: dict[str, Any] = field(default_factory=dict)
    # "exclusion" for an inclusion line written as a negation ("No active autoimmune disease").
    kind: str | None = None


@functools.lru_cache(maxsize=32768)
def normalise(text: str) -> str:
    """Lower case, ASCII comparison signs, digits for number words, single spaces (kept per
    text: each line is normalised again by every reader)."""
    text = text.lower()
    text = _MISENCODED_SIGN.sub(lambda match: _MISENCODED[match.group(0)], text)
    for symbol, ascii_form in _SYMBOLS:
        text = text.replace(symbol, ascii_form)
    text = _NUMBER_WORD.sub(lambda match: str(_NUMBER_WORDS[match.group(1)]), text)
    # "at least three (3) months", "12 (twelve) weeks": the number restated in brackets
    text = re.sub(r"\b(\d+)\s*\(\s*\1\s*\)", r"\1", text)
    return " ".join(text.split())


# "etc." ends the sentence when a new subject follows ("..., spinal cord compression, etc.
# Patients who had received ...").
_ABBREVIATION = re.compile(
    r"\b(e\.\s?g|i\.\s?e|vs|approx|incl|"
    r"etc(?=\.(?!\s+(?:patients?|participants?|subjects?|note|women|men|those)\b))|viz|cf)\."
)


_SHORT_PARENTHESIS = re.compile(r"\([^();]{1,60};[^()]{1,60}\)")
# "At least 2 weeks since prior radiotherapy (prior radiotherapy allowed in the context of ...;
# prophylactic cranial radiotherapy; or palliative radiotherapy at relapse)": a longer
# parenthesis without a window is one aside, whatever its semicolons
_LONG_PARENTHESIS = re.compile(r"\([^();]{1,300}(?:;[^();]{1,300})+\)")
_DURATION_IN = re.compile(r"\d\s*(?:-\s*)?(?:days?|weeks?|wks?|months?|years?|half-?lives)\b")


_WINDOWS_IN_PARENTHESIS = re.compile(r"\((?:[^();]{1,200};)+[^();]{1,200}\)")
_WINDOW_FOR = re.compile(
    r"\s*(?:<=?|>=?|=<|less than|at least|within)?\s*\d+\s*(?:days?|weeks?|wks?|months?)\s+for\b"
)


def _from_clause(norm: str, clauses: Sequence[str], index: int) -> str:
    """The line from one of its clauses on. `_clauses` rewrites abbreviations ("i.e." is "ie"),
    so a clause holding one is not found in the line: the clauses from it on stand in."""
    start = norm.find(clauses[index])
    return norm[start:] if start >= 0 else "; ".join(clauses[index:])


def _clauses(text: str) -> list[str]:
    """Sentences and semicolon clauses of a normalised line ("e.g." ends no sentence)."""
    text = _ABBREVIATION.sub(lambda match: match.group(1).replace(".", "").replace(" ", ""), text)
    # "standard chemotherapy (gemcitabine in phase ii; others in phase i) within 21 days": a
    # short parenthesis without a window of its own ends no clause
    text = _SHORT_PARENTHESIS.sub(
        lambda match: match[0] if _DURATION_IN.search(match[0]) else match[0].replace(";", ","),
        text,
    )
    text = _LONG_PARENTHESIS.sub(
        lambda match: match[0] if _DURATION_IN.search(match[0]) else match[0].replace(";", ","),
        text,
    )
    # "... < 2 weeks before the first dose (< 4 weeks for antibody-based therapy; <= 8 weeks for
    # cell-based therapy)": a parenthesis of windows per class ends no clause either
    text = _WINDOWS_IN_PARENTHESIS.sub(
        lambda match: (
            match[0].replace(";", ",")
            if all(_WINDOW_FOR.match(part) for part in match[0][1:-1].split(";"))
            else match[0]
        ),
        text,
    )
    # "washout period from the last therapy as follows; chemotherapy 4 weeks ...": a lead-in
    # whose colon was written as a semicolon
    text = re.sub(r"\b(as follows|the following)\s*;", r"\1:", text)
    # "... before. 4. ecog score ...": items numbered within one run-on line; a list of
    # examples after a stray semicolon ("...; (including X) within 28 days") goes on with the
    # clause before it
    return [
        part.strip()
        for part in re.split(
            r";(?!\s*\((?:including|eg|such as|for example)\b)|\.\s+(?=[a-z(])"
            r"|\.\s+(?=\d{1,2}\\?\.\s)|\.$",
            text,
        )
        if part.strip()
    ]


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
    r"for patients in (?:cohort|arm|part)|the following patients will be excluded from some|"
    # "DONOR: HIV positive": a line about the stem-cell donor, not the patient
    r"(?:(?:stem cell|related|unrelated|sibling|haplo\w*) )?donors?\s*:|"
    # "Available HLA-haploidentical donor that meets the following criteria: ... not pregnant"
    r"\W*(?:an? |the )?(?:[\w-]+ ){0,3}?donors? (?:who|that|must|should|will)\b[^:;.]{0,60}?"
    r"\b(?:criteria|following)\b|"
    # "Household contact exclusions for patients enrolled: ...": the people the patient lives with
    r"(?:household|close|family) contacts?\b|"
    # "For other tumor types: ..."
    r"for (?:patients with )?(?:all )?(?:other|remaining) (?:tumou?r|cancer|disease) types?\b|"
    r"(?:per|for) each (?:tumou?r|cancer|disease) types?\b|"
    # "Depending on the cohort enrolled, participants must have received ..."
    r"\W*(?:depending on|according to|based on) (?:the |their )?"
    r"(?:cohort|part|arm|tumou?r type)s?\b|"
    # "Dose expansion: ...", "Dose escalation phase only: ...": one part's label; also "COHORT
    # EXPANSION PHASE: ..." and a lettered "A) Dose Escalation Stage: ..."
    # "Combination dose escalation cohorts: ...", "Expansion cohort(s): ..."
    r"\W*(?:[a-z]\)\s*)?(?:(?:combination|monotherapy|single[- ]agent) )?(?:cohort |dose[- ])?"
    r"(?:expansion|escalation)(?: (?:phase|part|cohorts?(?:\(s\))?|portion|stage))?(?: only)?\s*:|"
    # "In Part 2, ...", "For the expansion cohort, ...": one part named before the rule
    r"\W*in (?:the )?(?:part|cohort|arm|stratum|phase) (?:[a-z]|\d{1,2}[a-z]?|i{1,3}|iv)"
    r"(?: (?:portion|part|cohort|phase))?(?: only)?\s*,|"
    r"\W*(?:for|in) (?:the )?(?:dose[- ])?(?:expansion|escalation) (?:cohorts?|phase|parts?|portion"
    r"|stage)(?: only)?\s*[,:]|"
    # "Patients enrolled in cohort 2 must ...", "Patients in the phase 2 portion must ..."
    r"\W*(?:patients?|participants?|subjects?) (?:(?:enrolled|enrolling|assigned|randomi[sz]ed) )?"
    # "Patients of the first stratum must ...": one stratum's rule
    r"(?:(?:of|in) the (?:first|second|third|fourth|1st|2nd|3rd|4th) (?:stratum|cohort|group|arm|"
    r"part)\b|"
    r"in (?:the )?(?:(?:part|cohort|arm|stratum|group|phase) (?:[a-z]|\d{1,2}[a-z]?|i{1,3}|iv)\b|"
    r"(?:dose[- ])?(?:expansion|escalation) (?:cohorts?|phase|parts?|portion|stage)\b|phase "
    r"(?:\d|i{1,3})[ab]? (?:portion|part|cohort|stage)\b)))|"
    # "ENTO + cytarabine + daunorubicin (Group B): previously untreated AML": one group's label
    r"[^:.;]{0,80}\((?:groups?|cohorts?|arms?|parts?|strat(?:um|a)) [a-z0-9]{1,3}\)\s*:|"
    # "(Phase 1) Patients who have had ...": one phase's label opening the line
    r"\(\s*(?:phase|part|cohort|arm|stage) (?:[a-z]|\d{1,2}[a-z]?|i{1,3}|iv)[ab]?\s*\)|"
    # "To be eligible for the dose-finding phase: ...", "... for the phase 2 efficacy phase:"
    r"\W*to be eligible for (?:the )?(?:[\w-]+ ){0,3}?(?:phase|part|portion|stage|cohort|arm)\s*:"
)
# "... the following previous therapy: Cohort 1 (Melanoma): ...; Cohort 2 (NSCLC): ...": what
# follows a cohort's label is that cohort's.
_COHORT_LABEL_INSIDE = re.compile(
    r"\b(?:cohorts?|parts?|arms?)(?: |_)(?:[a-z]|\d{1,2}[a-z]?)\b(?: \([^()]{1,40}\))?(?: only)?\s*"
    # "Arm E - NSCLC that is advanced ...": a dash after the label as its colon; "Cohort_1
    # patients who ...": the label as the subject
    r"(?::|[-\u2013] (?=[a-z])|(?<=\w) (?=(?:patients|participants|subjects) who\b)|"
    # "Cohort 1 (CLL/SLL) i. Prior receipt of ...": the label heads its own numbered items
    r"(?<=\) )(?=(?:[ivx]{1,4}|[a-h]|\d{1,2})[.)] ))"
)
# "For patients in the combination arm: ...", "Known HIV infection for participants in Cohort
# 2", "In the phase II part, pregnant or lactating women": the patients of one part.
_PATIENTS_OF_ONE_PART = re.compile(
    r"\b(?:for|among) (?:the )?(?:patients?|participants?|subjects?) (?:(?:who are |to be )?(?:in|"
    r"enrolled in|enrolling in|assigned to|allocated to|randomi[sz]ed to|included in)) (?:the |a |"
    r"an )?(?!(?:all|both|every|each|either|any)\b)(?:[\w+/-]+ ){0,3}?(?:cohorts?|arms?|parts?|"
    r"groups?|phases?|portions?)\b|"
    r"^\W*(?:in|during) the (?!(?:whole|entire|all)\b)(?:[\w+/-]+ ){0,3}?(?:parts?|portions?|"
    r"cohorts?|arms?|phase)\s*[,:]"
)
# "(randomized portion only)", "(Part B only)", "(only for the expansion cohorts)"
_ONE_PART_ONLY = re.compile(
    r"\((?:[^()]{0,40}\b)?(?:parts?|portions?|cohorts?|arms?|phases?|expansion|escalation|"
    r"combination(?: drugs?| therapy| treatment| regimen)?)\b"
    r"[^()]{0,30}\bonly\)|\(only (?:for |in )?[^()]{0,40}\b(?:parts?|portions?|cohorts?|arms?|"
    r"phases?|expansion|escalation)\b|"
    # "(Applies only to Ib Phase and Phase II TCC1727 + Benmelstobart groups.)"
    r"\((?:this criterion )?(?:applies|applicable|apply|only applies) (?:only )?(?:to|for) "
    r"[^()]{0,80}?\b(?:parts?|portions?|cohorts?|arms?|phases?|groups?|expansion|escalation)\b"
)
# "More than 2 months since prior somatostatin analogue (somatostatin therapy stratum)": a rule
# for one stratum of the trial.
_ONE_STRATUM = re.compile(r"\((?:[^()]{0,60}\b)?strat(?:um|a)\)")
_PATIENTS_WITH = re.compile(r"\bpatients with [a-z/ -]{2,40}(?:cancer|carcinoma|tumou?rs?)\b")
# "criteria for exclusion from the exploratory genetic research": an optional part of the study.
_OPTIONAL_RESEARCH = re.compile(
    r"\b(?:exclusion from|inclusion in|participation in|for) the (?:optional |exploratory |"
    r"voluntary )+(?:[\w-]+ ){0,2}?(?:research|sub-?study|component|analys[ie]s|sampling)\b"
)
_TUMOUR_LABEL = re.compile(r"(?:^|[.;]\s*|\b[ivx]+\.\s*)[a-z][a-z /-]{2,40} cancer\s*:")
# "Acute myeloid leukemia: ...; Myelodysplastic syndrome: ...": one rule per blood cancer
_BLOOD_CANCER_LABEL = re.compile(
    r"(?:^|[.;]\s*)[a-z][a-z '/,-]{2,60}(?:leuk(?:a)?emias?|lymphomas?|myelomas?|"
    r"syndromes?(?:/diseases?)?)\s*:"
)
# A label before the line's colon that says the line is for some cohorts or a part only: "NUC-7738
# + pembrolizumab cohort only (Phase II): ...", "For solid tumours in single-agent Phase II
# cohorts only: ...".
_LABEL_ONLY = re.compile(
    r"^[^:.;]{0,80}\b(?:cohorts?|parts?|arms?|phases?|expansion|escalation|groups?)\b"
    r"[^:.;]{0,40}\bonly\b[^:.;]{0,30}:|"
    # "Additional Inclusion Requirements for expansion cohorts only a) Measurable disease ...":
    # the heading's colon lost, the requirements named as some cohorts' own
    r"\b(?:requirements?|criteria|criterion)\s+for\s+(?:the\s+)?[^:.;]{0,50}?\b(?:cohorts?|"
    r"parts?|arms?|phases?|expansion|escalation)\s+only\b"
)


# "For HCC patients: ...; For CC patients: ...", "For PDAC: ...": one rule per group.
# "For women: ...; For men: ..." are everyone's rules, by sex.
_FOR_LABEL = re.compile(
    r"(?:^|[.;]\s*)for (?:the )?(?!(?:wom[ae]n|m[ae]n|(?:fe)?males?)\b[^:;.]{0,40}:)"
    r"[a-z0-9][\w /+()-]{1,40}?\s*:"
)


def is_cohort_specific(text: str) -> bool:
    """A line for one cohort, arm or tumour type only: it does not apply to everyone."""
    norm = normalise(text)
    return bool(
        _COHORT_START.match(norm)
        or _COHORT_LABEL_INSIDE.search(norm)
        or _PATIENTS_OF_ONE_PART.search(norm)
        or _ONE_PART_ONLY.search(norm)
        or _ONE_STRATUM.search(norm)
        or len(_PATIENTS_WITH.findall(norm)) >= 2
        or len(_TUMOUR_LABEL.findall(norm)) >= 2
        or len(_BLOOD_CANCER_LABEL.findall(norm)) >= 2
        or _OPTIONAL_RESEARCH.search(norm)
        or _LABEL_ONLY.search(norm)
        or len(_FOR_LABEL.findall(norm)) >= 2
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


_AGE_ALTERNATIVES_LEAD = re.compile(
    r"\b(?:one|1|any|two|2|three|3|four|4)(?: or more)? "
    r"(?:of the following|(?:major |minor )?(?:criterion|criteria|risk factors?))\b"
)
_AGE_GROUP_LABEL = re.compile(
    r"^\W*(?:for )?(?:[\w-]+ ){0,2}(?:adults?|p(?:a)?ediatric|child(?:ren)?|adolescents?|"
    r"teenagers?|young adults?|elderly|older adults?)(?: (?:patients|participants|subjects))?\s*"
    r"\([^()]{0,12}\d+ ?(?:years?|yrs?|y)\b[^()]{0,20}\)\s*:"
)


# A line about the age itself: "Age >= 18 years", "Patients must be 18 years of age or older",
# "Male or female at least 21 years old", "Aged 18 to 75 years at the time of consent".
_AGE_LINE = re.compile(
    r"^\W*(?:(?:adult |male or female |female or male |men and women |male and female )?"
    r"(?:patients?|participants?|subjects?|men|women|adults?|males?|females?)\b[\w ,]{0,20}?"
    r"(?:must|should|will|shall|are|is|who are|aged?|of|at)?\s*)?"
    r"(?:be\s+)?(?:age[ds]?\b|(?:>=|>|at least|over|older than|between|from)?\s*\d{1,3}\s*"
    r"(?:-|to|and)?\s*(?:\d{1,3}\s*)?(?:years?|yrs?)\b)"
)
_NOT_AN_AGE_LINE = re.compile(
    r"\b(?:karnofsky|lansky|kps|ecog|performance|creatinine|clearance|bilirubin|gfr|ml/min|"
    r"for (?:patients|participants|children|those)|if|when|unless|risk|pack|menopaus\w*|"
    r"amenorrh\w*)\b|"
    # "< 75 years of age with at least 1 of the following:": a lead-in, its items the rule
    r":\W*$|"
    # "≥ 60 years ... or ≥ 18 years with relapsed AML", "≥ 75 years of age OR": alternatives
    r"(?<![=<>] )\bor\b(?!\s*(?:equal|older|over|above|more|greater|younger|less|under|"
    r"females?|males?|women|men)\b)"
    r"(?:[^;.()]{0,40}?[<>]?\s*\d{1,3}\s*(?:years?|yrs?)\b|\W*$| who\b|[^;.()]{0,20}?"
    r"\b(?:in)?eligible\b)"
)


def _is_age_line(kind: str, text: str) -> bool:
    """Is this a line about the age itself (used when the registry gives no age)?"""
    norm = normalise(text)
    return (
        kind == "inclusion"
        and len(norm) <= 160
        and bool(_AGE_LINE.match(norm))
        and not _NOT_AN_AGE_LINE.search(norm)
    )


def read_age(text: str) -> tuple[int | None, int | None] | None:
    """The age bounds a line states ("Age >= 18 years", "aged 18-75 years"), if any."""
    norm = normalise(text)
    if not _AGE_WORD.search(norm):
        return None
    # "ADULT PATIENTS (>=18 years): adequate organ function ...": the age in a leading label's
    # parenthesis says whom the line is for, it sets no limit
    norm = _AGE_GROUP_LABEL.sub(" ", norm)
    # "must meet at least one major criterion or two minor criteria: ... Age >= 75 ...", "one of
    # the following: age > 70, ...": an age after such a lead is one alternative, no limit
    if lead := _AGE_ALTERNATIVES_LEAD.search(norm):
        norm = norm[: lead.start()]
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
    r"who performance|performance status|performance score|\bps\b)"
)
_ECOG_RANGES: tuple[tuple[re.Pattern[str], Callable[[int, int], tuple[int, int]]], ...] = (
    (re.compile(r"\b([0-4])\s*(?:-|to|through)\s*([0-4])\b"), lambda a, b: (a, b)),
    # "ECOG 0 <= 1": two grades joined by a sign, read as the range between them.
    (re.compile(r"\b([0-4])\s*<=\s*([0-4])\b(?!\s*(?:%|mg|\.\d))"), lambda a, b: (a, b)),
    # "0, 1 or 2", "0 or 1 or 2", "0, 1", "0/1": the first and the last of a list.
    (
        re.compile(
            r"\b([0-4])(?:\s*(?:,|/|,?\s*or|,?\s*and)\s*[0-4]\b)*\s*(?:,|/|,?\s*or|,?\s*and)\s*"
            r"([0-4])\b(?!\s*(?:%|mg|x|months?|weeks?|days?|years?|\.\d))"
        ),
        lambda a, b: (a, b),
    ),
)
_ECOG_BOUNDS: tuple[tuple[re.Pattern[str], Callable[[int], tuple[int, int]]], ...] = (
    # "a score of 2 or less", "1 or lower"; "2 or more", "2 or higher"
    (re.compile(r"\b([0-4])\s*or (?:less|lower|below|better|fewer|under)\b"), lambda a: (0, a)),
    (re.compile(r"\b([0-4])\s*or (?:more|greater|higher|above|worse)\b"), lambda a: (a, 4)),
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
_PART_LABEL = re.compile(
    r"\b(?:phase|part|cohort|arm)\s+(?:[ivx]{1,4}|\d{1,2}[a-z]?|[a-z])\b\s*(?:-|:|=)\s*(?=[0-4]\b)"
)
_VALUE_FOR_PART = re.compile(
    r"(?:\b([0-4])\s*(?:-|to)\s*([0-4])|(?P<bound><=|less than or equal to)\s*([0-4]))\s*"
    r"\((?:[^()]{0,30}\b)?(?:phase|part|cohort|arm|escalation|expansion)\b[^()]{0,40}\)"
)
_KARNOFSKY = re.compile(
    r"\b(?:karnofsky|kps|lansky)\b[^0-9;]{0,70}?(>=|>|at least|greater than or equal to|"
    r"greater than|of)?\s*(\d{2,3})\s*%?"
)


_SCALE_AFTER_SCORE = re.compile(
    r"\b(performance (?:status|score)|\bps)[\s:]*((?:of\s+)?(?:[<>]=?|at least|greater than|"
    r"less than)?\s*\d{2,3}\s*%)\s*\(?\s*(karnofsky|kps|lansky)\b\)?"
)


_RANGE_WITHOUT_DASH = re.compile(
    r"((?:ecog|zubrod|who|performance status|performance score|\bps)\)?\s+(?:of\s+)?)"
    r"([0-4]) ([0-4])\b(?!\s*(?:%|mg|x\b|months?|weeks?|days?|years?|\.\d|-|to\b|or\b|,|[0-4]\b))"
)
_RANGE_BEFORE_SCALE = re.compile(
    r"\b([0-4])\s*(?:-|to)\s*([0-4])\s+(?:score|grade)s?\s+(?:of|on)\s+(?:the\s+)?"
    r"(ecog|zubrod|who performance status|performance status)\b"
)


# "age > 80 allowed at investigator discretion if performance status <= 1": the grade some
# patients need to be admitted, not everyone's range ("Patients are eligible if ECOG <= 1" is).
_ECOG_CONDITION = re.compile(
    r"(?:^|;)(?P<who>[^;]*?)\b(?:allowed|eligible|permitted|accepted|enrolled|included)\b[^;]{0,50}?"
    r"\b(?:if|provided(?: that)?|as long as|when)\s+(?:(?:the|their|a|an|he|she|they|patients?|"
    r"participants?)\s+)?(?:(?:has|have|is|are)\s+(?:an?\s+)?)?$"
)
_EVERYONE = re.compile(
    r"\W*(?:all\s+)?(?:patients?|participants?|subjects?)?\s*(?:(?:are|is|will be|must be|may be)"
    r"\s+)?(?:only\s+)?"
)


# "Age 18 to 65 years. Patients > 65 years old with ECOG <= 1 ... will be included": the grade
# an age group needs, not everyone's range.
_ECOG_OF_AN_AGE_GROUP = re.compile(
    r"\b(?:patients?|participants?|subjects?)\s+(?:aged?\s+)?(?:>=?|<=?|over|above|older than|"
    r"younger than|under)\s*\d{2}\s*(?:years?|yrs?)?(?:\s+(?:old|of age))?\s+(?:with|and|who have)"
    r"\s+(?:an?\s+)?(?:(?:ecog|zubrod|who|eastern cooperative oncology group)"
    r"(?:\s*\([^()]*\))?\s+)?$"
)


def _ecog_as_condition(before: str) -> bool:
    if _ECOG_OF_AN_AGE_GROUP.search(before):
        return True
    condition = _ECOG_CONDITION.search(before)
    return condition is not None and not _EVERYONE.fullmatch(condition.group("who"))


# "Patients with ECOG PS of 2, secondary to the underlying disease, may be enrolled": an
# admission of some grades next to the line that sets the range.
_ECOG_ADMITTED = re.compile(
    r"^\W*(?:patients?|participants?|subjects?)\s+with\b[^;]{0,80}?\b(?:(?:may|can)\s+(?:also\s+|"
    r"still\s+)?be\s+(?:enrolled|included|eligible|allowed|considered)|(?:are|is)\s+(?:also\s+)?"
    r"(?:eligible|allowed|permitted))\b"
)


def read_ecog(text: str) -> tuple[int, int] | None:
    """The ECOG range a line states (inclusion sense), or the Karnofsky equivalent."""
    norm = re.sub(r"\s*[~～]\s*", "-", normalise(text))  # "ECOG 0~1"
    norm = re.sub(r"\bzero\b", "0", norm)  # "performance status of zero or one"
    norm = re.sub(r"(?<=[0-4]),?\s+0r\s+(?=[0-4]\b)", ", or ", norm)  # "0, 1, 0r 2": a typed "or"
    # "Performance 0-2 (Eastern Cooperative Oncology Group (ECOG))": the scale named after
    norm = re.sub(
        r"\bperformance\s+(?=[0-4]\s*(?:-|to)\s*[0-4]\s*\(\s*(?:ecog|eastern cooperative|zubrod|"
        r"who)\b)",
        "performance status ",
        norm,
    )
    # "greater than (>) 1": the sign restated in brackets after the words
    # "less than or equal to (<=) 2", "lower than or equal to 2", "less than or equal 1"
    norm = re.sub(
        r"\b(?:less|lower) than or equal(?: to)?\s*(?:\(\s*<=?\s*\)\s*)?(?=\d)", "<= ", norm
    )
    # "< or equal to 2": the sign and the words mixed
    norm = re.sub(r"<\s*or equal(?: to)?\s*(?=\d)", "<= ", norm)
    # "equal to or less than (<=) 1": the same bound, its words the other way round
    norm = re.sub(r"\bequal to or (?:less|lower) than\s*(?:\(\s*<=?\s*\)\s*)?(?=\d)", "<= ", norm)
    # "Performance status >= 60%": a score in per cent is Karnofsky's (ECOG has grades)
    norm = re.sub(
        r"(?<!karnofsky )(?<!lansky )(?<!kps )\bperformance (?:status|score)(?=\s*(?:of\s*)?"
        r"(?:>=|>|at least|greater than)?\s*\d{2,3}\s*%)",
        "karnofsky performance status",
        norm,
    )
    # "Performance status > ECOG 2": the sign before the scale's name
    norm = re.sub(
        r"\b(?:performance status|ps)\s*(>=|>|<=|<)\s*(ecog|who|zubrod)\s*(?=\d)", r"\2 \1 ", norm
    )
    # "Zubrod performance status (measure of general well being that ranges from 0 to 5 where 0
    # represents perfect health) of < 2": the scale's description is no range
    norm = re.sub(r"\([^()]*\branges? from 0 to [45]\b[^()]*\)", " ", norm)
    norm = re.sub(r"\b((?:greater|less|more|higher|lower) than)\s*\(\s*[<>]=?\s*\)", r"\1 ", norm)
    # "Performance status > 80% (Karnofsky)": the scale named after its score.
    norm = _SCALE_AFTER_SCORE.sub(r"\3 \2", norm)
    # "ECOG PS 0 or 17. Archival tissue ...": the next item's number run into the range
    norm = re.sub(r"(\b[0-4]\s*(?:-|to|or|and|,)\s*[0-4])(?=\d{1,2}\.(?:\s|$))", r"\1 ", norm)
    # "ECOG performance status 0 2 at study entry": the dash of a range lost
    norm = _RANGE_WITHOUT_DASH.sub(
        lambda m: f"{m[1]}{m[2]}-{m[3]}" if int(m[2]) < int(m[3]) else m[0], norm
    )
    # "0 to 2 score of Performance Status (according to ECOG)": the range before the scale
    norm = _RANGE_BEFORE_SCALE.sub(r"\3 \1-\2", norm)
    ranges = [
        found
        for anchor in _ECOG_ANCHOR.finditer(norm)
        if not _ecog_as_condition(norm[: anchor.start()]) and (found := _ecog_at(norm, anchor))
    ]
    if ranges and max(low for low, _ in ranges) > 0 and _ECOG_ADMITTED.search(norm):
        return None  # "Patients with ECOG PS of 2 may be enrolled": more grades admitted, no limit
    if ranges:
        # "ECOG scale of: Phase I - 0 or 1; Phase II - 0-2": a value per part after one anchor.
        first = _ECOG_ANCHOR.search(norm)
        assert first is not None
        for label in _PART_LABEL.finditer(norm, first.end(), first.end() + 120):
            if found := _ecog_at(norm, label):
                ranges.append(found)
        # "ECOG 0-1 (dose escalation) or 0-2 (expansion)": a value per part, each labelled after.
        for part in _VALUE_FOR_PART.finditer(norm, first.end(), first.end() + 120):
            low, high = (0, int(part[4])) if part["bound"] else (int(part[1]), int(part[2]))
            if 0 <= low <= high <= 4:
                ranges.append((low, high))
    if len(set(ranges)) == 1 and re.search(
        r"\b(?:one|1|any|two|2|three|3|four|4)(?: or more)? of the following\b", norm
    ):
        # "at least one of the following: ..., ECOG 2 or NYHA class 3", "poor-risk features
        # as defined by 3 or more of the following: PS > 1, high LDH, ...": a risk factor
        return None
    if ranges and min(low for low, _ in ranges) > 0 and _KARNOFSKY_AT_LEAST.search(norm):
        # "ECOG >= 2 (Karnofsky >= 60%)": the two scales contradict each other (one sets a
        # floor, the other a ceiling); which one was meant cannot be told.
        return None
    if ranges:
        # "PS 0-1 with Child-Pugh B, or PS 2 with Child-Pugh A": the widest range allowed.
        return min(low for low, _ in ranges), max(high for _, high in ranges)
    # "Karnofsky performance status no less than 70": a floor, not a score below 70
    norm = re.sub(r"\bno(?:t)? (?:less|lower|fewer) than\b", ">=", norm)
    # "Karnofsky (for patients > 12 years of age) or Lansky (for patients <= 12 years of age)
    # >= 50%": the ages the scales are for are no scores
    norm = re.sub(r"\([^()]{0,60}\b(?:years?|yrs?) (?:of age|old)\b[^()]{0,20}\)", " ", norm)
    if match := _KARNOFSKY.search(norm):
        found = _karnofsky_at(norm, match)
        # "Karnofsky >= 70% or Lansky >= 50%": either scale will do, so the wider floor
        if (
            found is not None
            and found[0] == 0
            and (other := _KARNOFSKY_OR.match(norm, match.end()))
            and (alternative := _KARNOFSKY.match(norm, other.end()))
            and (wider := _karnofsky_at(norm, alternative))
            and wider[0] == 0
        ):
            return 0, max(found[1], wider[1])
        return found
    return None


# "... >= 70% or Lansky score >= 50%": another scale's floor offered as the alternative.
_KARNOFSKY_OR = re.compile(r"\s*%?\s*,?\s*(?:and/)?or\s+(?:a\s+|the\s+)?(?=karnofsky|kps|lansky)")


def _karnofsky_at(norm: str, match: re.Match[str]) -> tuple[int, int] | None:
    """The ECOG range of the Karnofsky or Lansky score `match` found."""
    window = norm[match.start() : match.start() + 110]
    scores = _KARNOFSKY_RANGE.match(norm, match.start(2))
    if scores and match.group(1) in {None, "of"}:
        # "Karnofsky 60-100%", "KPS 10-50%": both ends of the range convert
        low, high = sorted((int(scores[1]), int(scores[2])))
        if low >= 10 and high <= 100 and not low % 10 and not high % 10:
            return _kps_as_ecog(high), _kps_as_ecog(low)
    for score in re.finditer(_KARNOFSKY_SCORE, window):
        if int(score.group(2)) % 10 or int(score.group(2)) < 30:
            continue  # "KPS > 12 y/o >= 50": an age, not the score
        value, sign = int(score.group(2)), score.group(1)
        # Below a threshold is the complement of "at least" it (or the score above it):
        # "KPS < 70" rules out ECOG 2 and over, "KPS < 80" and "KPS <= 70" the same.
        if sign in {"<", "less than", "below", "under", "lower than"}:
            return min(_kps_as_ecog(value) + 1, 4), 4
        if sign in {"<=", "less than or equal to"}:
            return min(_kps_as_ecog(value + 10) + 1, 4), 4
        return 0, _kps_as_ecog(value + (10 if sign in {">", "greater than"} else 0))
    return None


# "Karnofsky 60-100%", "KPS 10-50%": a range of scores, both ends given.
_KARNOFSKY_RANGE = re.compile(r"(\d{2,3})\s*%?\s*(?:-|to)\s*(\d{2,3})\b")
# A Karnofsky or Lansky floor ("Karnofsky >= 60%"): a ceiling on the ECOG grade.
_KARNOFSKY_AT_LEAST = re.compile(
    r"\b(?:karnofsky|kps|lansky)\b[^0-9;]{0,40}?(?:>=|>|at least|greater than)\s*\d{2,3}\b"
)


_KARNOFSKY_SCORE = (
    r"(>=|>|at least|greater than or equal to|greater than|of|<=|less than or equal to|<|less than|"
    r"below|under|lower than)?\s*(?<!\d)(\d{2,3})\s*%?"
)


def _kps_as_ecog(kps: int) -> int:
    """The ECOG grade of a Karnofsky (or Lansky) score: 90-100 = 0, 70-80 = 1, 50-60 = 2, ..."""
    return next((ecog for floor, ecog in ((90, 0), (70, 1), (50, 2), (30, 3)) if kps >= floor), 4)


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
    # "ECOG 2 are allowed, in addition to ECOG 0 and 1": the value next to the anchor first.
    if next_to := re.match(
        r"\W*(?:ps\W+)?(?:score\W+)?(?:of\s+)?([0-4])\b(?!\s*(?:-|to\b|%|mg|\.\d|,|/|or\b|and\b))",
        window,
    ):
        found.append(
            (next_to.start(1), len(_ECOG_RANGES) + len(_ECOG_BOUNDS), (int(next_to[1]),) * 2)
        )
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
    r"\bmeasurable\s+(?:(?:nodal|extra-?cranial|intra-?cranial|metastatic|enhancing|soft[- ]tissue|"
    r"visceral|target|tumou?r|primary|solid)\s+){0,2}(?:disease|lesions?|tumou?rs?)\b|"
    r"\bat least (?:1|one)\s+(?:\w+\s+){0,2}"
    r"measurable\b|\bmeasurable\b[^;]{0,60}\brecist\b|\bdisease measurable\b|"
    # "measurable NSCLC disease, as per the Response Evaluation Criteria in Solid Tumors"
    r"\bmeasurable\b[^;]{0,60}\bresponse evaluation criteria in solid tumou?rs\b|"
    r"radiographically measurable|\bmeasurable (?:\w+ ){0,2}(?:per|according to|by) (?:the )?"
    r"(?:recist|lugano|rano|mrano|chesons?|iwg)|"
    # "Disease must be measurable", "at least one target lesion as defined by RECIST 1.1"
    r"\b(?:disease|lesions?|tumou?rs?) (?:that )?(?:must be|is|are|should be|which is) "
    r"(?:radiographically |radiologically |clinically |uni- ?or bi-?dimensionally )?measurable\b|"
    r"\bat least (?:1|one) (?:\w+ ){0,2}target lesions?\b|"
    # RECIST's own definition: "at least one lesion that can be accurately measured", "at least
    # one lesion, not previously irradiated, that qualifies as a RECIST 1.1 TL"
    r"\bat least (?:1|one) (?:[\w-]+ ){0,2}lesions?\b[^;]{0,100}?\b(?:(?:can|could) "
    r"(?:accurately )?be (?:accurately )?measured|qualif\w+ as (?:a |an )?"
    r"(?:recist[^;]{0,12}?)?(?:tl|target lesion)|(?:can|could) be (?:evaluated|assessed|"
    r"selected|used) as (?:a |an )?target "
    r"lesions?)\b|"
    # "at least one tumor lesion that meets: accurately measured in at least one dimension"
    r"\baccurately measured in (?:at least )?(?:one|1|two|2) dimensions?\b|"
    # "a nodal lesion clearly measurable in two perpendicular directions"
    r"\bmeasurable in (?:two|2|one|1|at least (?:one|1)) (?:perpendicular )?(?:directions?|"
    r"dimensions?|diameters?)\b|"
    # "mesothelioma that can be measured in two dimensions by a radiologic imaging study"
    r"\b(?:can|could) be (?:accurately )?measured (?:in (?:one|two|1|2|at least (?:one|1)) "
    r"dimensions?|bi-?dimensionally|uni-?dimensionally)\b|"
    # "Measurable metastatic melanoma", "at least one measurable brain metastasis"
    r"\bmeasurable\s+(?:[\w-]+\s+){0,2}?(?:melanoma|carcinoma|cancer|sarcoma|lymphoma|"
    r"malignanc\w+|metastas[ie]s|metastasis)\b|"
    # "Measurable contrast-enhancing progressive or recurrent glioblastoma by MRI" (RANO)
    r"\bmeasurable\s+(?:[\w-]+\s+){0,4}?(?:glioblastoma|gbm|glioma|astrocytoma)s?\b"
)
_MEASUREABLE = re.compile(r"\bmeasureable\b")
# Biochemically measurable disease (myeloma's M-protein, PSA) is not RECIST-measurable.
_NOT_MEASURABLE = re.compile(
    r"non[- ]?measurable|not measurable|evaluable|assessable|\bor (?:\w+ )?(?:bone[- ]only|"
    r"non-?target)|\bno (?:\w+\s+){0,3}measurable|myeloma|"
    r"m-?protein|\b[su]pep\b|free light chain|paraprotein|biochemical\w*|\bpsa\b|ca-?125|"
    r"without measurable|splenomegaly|\bcll\b|leuk(?:a)?emi\w*|\bimwg\b|\biwcll\b|\bserum\b|"
    r"\burine\b|\bresidual\b|\bmrd\b|flow cytometr\w*|"
    # "measurable disease defined as 5% or more blasts": a marrow count, not a lesion
    r"\bblasts?\b|"
    # "prior radiation allowed if it is not the only site of measurable disease": a rule on the
    # irradiated lesion, no requirement
    r"\b(?:only|sole) (?:sites?|lesions?|areas?) of (?:\w+ )?measurable|"
    # a condition, not a requirement: "patients with measurable disease must have a baseline
    # scan", "measurable disease, if present, ..."
    # "For patients without leptomeningeal metastasis, at least one measurable lesion": a group's
    r"\bfor (?:patients|participants|subjects) (?:with|without|who|whose)\b[^;.]{0,80}measurable|"
    r"\bwith (?:\w+ ){0,3}measurable[^.;]{0,60}\b(?:must|should|will|are required|is required|"
    r"need)\b|"
    # a subgroup's requirement: "patients who have not had a resection must have measurable
    # disease"; a quota: "at least 50 of the 70 patients treated must have measurable disease"
    r"\b(?:patients|participants|subjects|those) (?:who|whose|without|not|after|following|"
    r"undergoing)\b[^;.]{0,80}\b(?:must|should|need to|are required to) have (?:\w+ ){0,2}"
    r"measurable|"
    # "must have clinically measurable disease to be treated in the neoadjuvant setting": the
    # requirement of one setting or part, not of everyone
    r"\bmeasurable\b[^;.]{0,40}?\b(?:to be (?:treated|enrolled|included|randomi[sz]ed) in|for|to "
    r"(?:enter|join)) (?:the )?(?:[\w-]+ ){1,2}(?:setting|part|portion|cohort|arm|phase|"
    r"component)\b|"
    r"\bat least \d+ (?:of|out of) (?:the )?(?:\w+ ){0,3}(?:patients|participants|subjects)\b|"
    # "For the 10 patients enrolled at the MTD, at least one measurable lesion": some patients'
    r"\bfor (?:the )?(?:first |last )?\d+ (?:[\w-]+ )?(?:patients|participants|subjects)\b|"
    r"\b(?:if|when|where) (?:\w+ ){0,3}measurable|"
    # "tamoxifen-refractory (progression of at least 25% in diameters of at least one
    # measurable lesion while taking tamoxifen)": how progression was shown, no requirement
    r"\bprogression (?:of|in)\b[^;.]{0,60}\bmeasurable lesions?\b|"
    # "steroids are permissible provided there is evidence of measurable disease"
    r"\b(?:provided|as long as) (?:that )?(?:\w+ ){0,4}measurable|"
    r"measurable(?:,? [\w-]+){0,3},? (?:if|when) (?:present|any|applicable|available)|"
    # "One lesion must meet RECIST measurable disease if in Part 2": one part's requirement.
    r"measurable\b(?:[^;.]|\.(?=\d)){0,60}?\b(?:if|when) (?:\w+ ){0,2}?(?:in|enrolled in|"
    r"participating in) "
    r"(?:the )?(?:[\w-]+ )?(?:part|cohort|arm|phase|module|stage)\b"
)
# Said anywhere in the line, measurable disease is not required of everyone.
_MEASURABLE_OPTIONAL = re.compile(
    r"(?:do|does|need) not (?:need to )?(?:have|be)\b[^;.]{0,20}measurable|"
    r"measurable (?:disease|lesions?) (?:is |are )?not (?:required|necessary|needed)|"
    r"(?:need not|not required to) have measurable|"
    r"non[- ]?measurable (?:\w+ ){0,3}(?:allowed|permitted|eligible|acceptable)|"
    # "measurable or non measurable disease", "measurable or unmeasurable disease"
    r"or (?:non[- ]?|un)measurable|"
    # "Evidence of disease (not necessarily measurable)"
    r"\bnot necessarily (?:\w+ )?measurable|"
    # "Evaluable or measurable disease: ...", "Part A: patients should have at least one
    # assessable lesion; Part B: at least one measurable lesion"
    r"\b(?:evaluable|assessable) (?:or|and/or) measurable\b|"
    r"\b(?:must|should|shall) have (?:at least (?:one|1) )?(?:evaluable|assessable)\b|"
    # "(exception: subjects in Part 1 are not required to present with measurable disease)",
    # "Patients enrolling to Part A may be enrolled without measurable disease"
    r"\bnot required to (?:have|present|show)\b[^;.]{0,30}measurable|"
    r"\b(?:may|can) be (?:enrolled|included|eligible)\b[^;.]{0,20}\bwithout measurable|"
    # "Measurable or evaluable disease" (either will do)
    r"\bmeasurable (?:or|and/or) (?:[\w-]+ )?(?:evaluable|assessable)\b|"
    # "Measurable disease as defined by RECIST 1.1 and/or evaluable disease (ascites, ...)",
    # "At least evaluable disease; one measurable site is desirable": evaluable will do
    r"\b(?:or|and/or) (?:[\w-]+ )?(?:evaluable|assessable) (?:disease|lesions?|tumou?rs?)\b|"
    r"\bat least (?:evaluable|assessable) disease\b|"
    # "Measurable disease according to RECIST or unresectable disease (cT4b)", "measurable
    # disease or detectable bone metastases by bone scintigraphy", "... or bone marrow
    # involvement": another way in, without a measurable lesion
    r"\bmeasurable (?:disease|lesions?)\b[^;.]{0,50}?\bor (?:\w+ ){0,2}?(?:unresectable|"
    r"inoperable|detectable|bone marrow involvement|bone (?:metasta\w*|lesions?|disease))\b|"
    # "b) lytic bone lesions in the absence of measurable lesion as defined above": the other
    # way in, for those without measurable disease
    r"\bin (?:the )?absence of (?:a |any )?measurable (?:disease|lesions?)|"
    # "Patients may have measurable disease ... Patients with non-measurable disease must
    # have ...": a permission, not a requirement
    r"\b(?:patients|participants|subjects) may have (?:\w+ ){0,2}measurable\b|"
    # "Measurable disease, i.e., at least one measurable lesion as per RECIST 1.1 or at least
    # one predominantly lytic bone lesion": the other way in, without a measurable lesion
    r"\bor at least (?:one|1) (?:[\w-]+ ){0,2}?(?:bone|lytic|osteolytic|evaluable|assessable|"
    r"non-?target|non[- ]?measurable) (?:bone )?lesions?\b|"
    # smouldering myeloma's measurable disease is M-protein or light chains
    r"\bsmm\b|\bsmou?lder\w*"
)
# "Measurable disease per RECIST 1.1, i.e. ..., is preferred, but not required" (read without
# its parentheses: "(a fresh biopsy is not required)" is about something else).
_MEASURABLE_PREFERRED = re.compile(
    r"measurable\b(?:[^;.]|\.(?=\S))*?\b(?:preferred|desirable|(?<!\ban )(?<!\bthe )optional|"
    r"not (?:required|mandatory))\b"
)


def _measurable_optional(norm: str) -> bool:
    """Does a normalised line say measurable disease is not required of everyone?"""
    # "evaluable or non-measurable disease alone is not acceptable": a refusal of the other way
    # in, which makes measurable disease the requirement
    norm = re.sub(
        r"\b(?:evaluable|assessable|non[- ]?measurable)\b[^;.]{0,60}?\b(?:alone |only )?(?:is|are) "
        r"not (?:acceptable|allowed|permitted|sufficient|eligible)\b",
        " ",
        norm,
    )
    plain = _ABBREVIATION.sub(lambda match: match.group(1).replace(".", ""), norm)
    plain = re.sub(r"\([^()]*\)", " ", plain)
    return bool(_MEASURABLE_OPTIONAL.search(norm) or _MEASURABLE_PREFERRED.search(plain))


_LESION_CAVEAT = (
    r"\b(?:irradiat\w*|radiation|radiotherap\w*|biops\w*|local(?:ly)? treated|ablat\w*)\b"
)


def _without_lesion_caveats(clause: str) -> str:
    """The clause without its caveats on which lesions count ("(lesions in a previously
    irradiated field are not measurable unless they progressed)"): they do not make
    measurable disease optional."""
    clause = re.sub(r"\([^()]*" + _LESION_CAVEAT + r"[^()]*\)", " ", clause)
    return re.sub(
        r"\b(?:lesions?|tumou?rs?|sites?|areas?)\b[^;.(),]{0,80}"
        + _LESION_CAVEAT
        + r"[^;.(),]*?(?=,|\bor\b|$)",
        " ",
        clause,
    )


_LIFE = re.compile(
    # ("survival was expected to be no less than 3 months")
    r"(?:life[- ]?expectan(?:cy|ce)|"
    r"survival (?:is|was|must be) (?:expected|estimated|predicted) to be|"
    r"(?:expected|estimated|predicted|anticipated) (?:overall )?survival"
    r"(?: time| duration)?|expected to (?:survive|live)|survival expectan\w+|survival expectation|"
    r"(?:expected|estimated|predicted|anticipated) (?:lifetime|life[- ]?span))"
    # "Estimated survival based on extracranial disease of at least 3 months"
    r"([^0-9;.]{0,60}?)(\d+(?:\.\d+)?)\s*(months?|mths?|mos?|weeks?|wks?|years?|yrs?|days?)\b"
)
# "At least 3 month life expectancy": the figure first (the empty group keeps `_LIFE`'s shape).
_LIFE_AFTER_FIGURE = re.compile(
    r"\b(?:at least|>=|a minimum of|minimum of|more than|greater than|>)()\s*(\d+(?:\.\d+)?)"
    r"[\s-]*(months?|weeks?|years?)\s+(?:of\s+)?(?:life[- ]?expectancy|expected survival)\b"
)
# "Life expectancy of less than 6 months" in an inclusion (a palliative-care study) is a
# maximum, not a minimum: nothing is proposed.
_LIFE_AT_MOST = re.compile(
    r"(?<!not )(?<!no )\b(?:less than|fewer than|shorter than|under|below|up to|at most|no more "
    r"than|not more than|maximum(?: of)?)\s*$|<=?\s*$"
)


# "... a life expectancy of at least 2 years with regard to that malignancy", "Prior malignancy
# allowed if the expected survival is over 5 years": a previous cancer's outlook.
_LIFE_OF_ANOTHER_CANCER = re.compile(
    r"\W*(?:with regard to|regarding|with respect to|in respect of|for|from|related to|due to|"
    r"of)\s+"
    r"(?:(?:that|such)\s+|(?:(?:the|any|this)\s+)?(?=(?:other|prior|previous|second|earlier)\b))"
    r"(?:(?:other|prior|previous|second|earlier)\s+)?(?:primary\s+)?(?:malignan\w*|cancers?|"
    r"tumou?rs?)\b"
)
_ANOTHER_CANCER_IF = re.compile(
    r"\b(?:other|prior|previous|another|second|concurrent)\s+(?:primary\s+)?(?:malignan\w*|"
    r"cancers?)\b[^.;]{0,120}?\b(?:if|provided|as long as|unless|when|with)\b[^.;]{0,80}$"
)


# "Life expectancy > 12 weeks for patients with solid tumours and 6 weeks for patients with
# haematological malignancies": a figure for each group, none for everyone.
_FIGURE_PER_GROUP = re.compile(
    r"\s+for (?:patients|participants|subjects|those) (?:with|who)\b[^;.]{0,80}?"
    r"\b(?:and|or|,)\s+(?:[<>]=?\s*|at least\s+)?\d+\s*(?:months?|weeks?|years?|days?)\s+for\b"
)


def read_life_expectancy(text: str) -> int | None:
    """Minimum life expectancy in whole months ("Life expectancy >= 12 weeks" -> 3)."""
    norm = normalise(text)
    match = _LIFE.search(norm) or _LIFE_AFTER_FIGURE.search(norm)
    if match is None or _LIFE_AT_MOST.search(match.group(1)):
        return None
    if _LIFE_OF_ANOTHER_CANCER.match(norm, match.end()) or _ANOTHER_CANCER_IF.search(
        norm[: match.start()]
    ):
        return None  # the outlook of a previous cancer, not of the patient's
    if _FIGURE_PER_GROUP.match(norm, match.end()):
        return None  # "> 12 weeks for solid tumours and 6 weeks for leukaemia": one per group
    number, unit = float(match.group(2)), match.group(3)[0]  # "wks", "mo", "yrs"
    if unit == "w":
        return round(number * 7 / 30.4375)
    if unit == "d":
        return round(number / 30.4375)
    if unit == "y":
        return round(number * 12)
    return round(number)


# Prior lines and prior therapies -------------------------------------------------------------

_NUM = r"(\d+)"
_LINE_NOUN = (
    r"(?:(?:prior |previous )?(?:(?!(?:years?|months?|weeks?|days?|cycles?|doses?|if|when|while|"
    r"receiving|taking|on|to|before|requir\w*|anti-?coagula\w*|anti-?platelet\w*|anti-?biotic\w*|"
    r"anti-?viral|"
    # "more than 3 loco-regional treatments": local treatment is no systemic line
    r"(?:cortico)?steroid\w*|replacement|supportive|loco-?regional|local|intravesical|"
    r"liver-directed)\b)[a-z/+-]+\s+)"
    # (not "a minimum of 3 treatment visits": visits are no lines)
    r"{0,4}?(?:lines?|regimens?|therap(?:y|ies)|treatments?)\b(?!\s+(?:visits?|appointments?))"
    # "More than 2 prior systemic chemotherapy", "up to 1 prior chemotherapy for metastatic
    # disease": chemotherapy received, counted as lines (not its agents, cycles or doses)
    # ("at least one prior standard of care chemotherapy")
    r"|(?:prior|previous) (?:standard(?:[- ]of[- ]care)? )?(?:systemic |cytotoxic )?"
    r"chemotherap(?:y|ies)\b"
    r"(?!\s+(?:agents?|drugs?|cycles?|courses?|doses?)\b|-?induced|-?related))"
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
    r"(?:no more than|not more than|at most|<=|a maximum of|maximum of|maximum|up to|"
    # "Less than or equal to one prior line of chemotherapy for advanced disease"
    r"(?:less|fewer) than or equal to|equal to or (?:less|fewer) than)\s*"
    + _NUM
    + r"\s+"
    + _LINE_NOUN
)
_LINES_RANGE = re.compile(
    # (not a toxicity grade: "grade 2-4 therapy-related toxicities from previous therapies")
    r"(?<!grade )(?<!grades )\b(?:received|had|have|has)?\s*"
    + _NUM
    # "1, 2, or 3 prior chemotherapy regimens": the list's comma before "or"
    + r"\s*,?\s*(?:to|-|or)\s*"
    + _NUM
    + r"\s+(?:prior |previous )?(?:(?:systemic|standard|anti-?cancer|treatment|therapy|cytotoxic|"
    # "0-2 prior systemic chemotherapy and biologic regimens": classes counted together
    r"chemotherapy|chemotherapeutic|biologic(?:al)?|targeted) (?:(?:and|or|and/or) )?){0,3}"
    # "either 1 or 2 prior systemic treatments"
    r"(?:lines?|regimens?|(?:therap(?:y|ies)|treatments?)\b(?! (?:cycles?|doses?))(?!-?related))"
)
# "at least 1 but no more than 3 prior lines", "at least one, but no more than two, prior lines"
_LINES_MIN_MAX = re.compile(
    r"(?:at least|>=|a minimum of|minimum of)\s*"
    + _NUM
    + r"\s*(?:(?:prior |previous )?(?:lines?|regimens?)\s*)?,?\s*(?:but|and)?\s*(?:no more than|"
    # "at least one, but less than 4 lines of therapy": at most 3
    r"not more than|at most|<=|a maximum of|maximum of|maximum|up to|"
    r"(?P<below>less than|fewer than))"
    r"\s*" + _NUM + r"\s*,?\s+" + _LINE_NOUN
)
# "The maximum number of prior lines of therapy is 3", "the number of prior regimens must not
# exceed 2": at most that many.
_LINES_MAX_NUMBER = re.compile(
    r"\bmax(?:imum|\.)? (?:number|no\.?|#) of (?:prior |previous )?(?:systemic )?(?:lines?|"
    r"regimens?|therap(?:y|ies)|treatments?)\b[^.;]{0,60}?\b(?:is|are|=|:|will be)\s*"
    + _NUM
    + r"\b"
    r"(?!\s*(?:days?|weeks?|months?|years?|cycles?|doses?))|"
    r"\bnumber of (?:prior |previous )?(?:systemic )?(?:lines?|regimens?|therap(?:y|ies)|"
    r"treatments?)\b[^.;]{0,60}?\b(?:must|should|may|can|does|do|will) not exceed\s*" + _NUM + r"\b"
    r"(?!\s*(?:days?|weeks?|months?|years?|cycles?|doses?))"
)
# "(other than EGFR inhibitors)", "not including ibrutinib" right after a count: the count
# leaves one class out, so it is no count of all lines.
_EXCEPTED_CLASS = re.compile(
    r"^[^.;]{0,40}?\(?\s*\b(?:other than|except(?: for)?|excluding|not including|not counting)\s+"
    r"(?!(?:[\w-]+ ){0,2}?(?:neo-?adjuvant|adjuvant|radiotherapy|radiation|surgery|local|"
    r"maintenance|perioperative))"
)
# "Three or fewer prior lines", "fewer than 3 prior regimens", "< 3 prior lines": at most 2 or 3
# (the count allowed in an inclusion, the count ruled out in an exclusion).
_LINES_FEWER = re.compile(
    r"(?:\b(?P<below>fewer than|less than)|(?<![<>=])<(?!=))\s*"
    + _NUM
    + r"\s+"
    + _LINE_NOUN
    + r"|"
    + _NUM.replace("(", "(?P<most>", 1)
    + r"\s+or (?:fewer|less)\s+"
    + _LINE_NOUN
)


# "have had disease progression on, been refractory or intolerant to no more than 2 prior
# regimens": the verb before a maximum says the lines it counts were received.
_PROGRESSED_ON_COUNT = re.compile(
    r"\b(?:progress\w*|relaps\w*|refractory|fail\w*|recurr\w*)\b[^.;]{0,60}?\b(?:on|after|to|"
    r"following|with|receiving)\s*$"
)


# "(4 previous regimens for breast cancer)" right after a count: another count for one group
_GROUP_COUNT = re.compile(
    r"[^.;()]{0,40}?\(\s*(?:or |up to |no more than )?\d+\b[^()]*\bfor\b[^()]*\)"
)


# "(>= 2 and <= 4 prior lines for NSCLC)": a count in brackets for one tumour type (not for
# "advanced" or "metastatic" disease, which is everyone's).
_GROUP_COUNT_IN_BRACKETS = re.compile(
    r"\(\s*(?:>=?|<=?|at least|up to|no more than|\d)[^()]*\b(?:lines?|regimens?)\b[^()]*?"
    r"\bfor (?:(?:patients|participants|those) with )?(?!(?:the|this|their|advanced|"
    r"metastatic|recurrent|relapsed|refractory|unresectable|locally|early|any|all|each|both|"
    r"at|more|less|up)\b)[\w/-]+(?: (?:cancer|tumou?rs?|patients|cohort))?\s*\)"
)
# "Patients eligible for docetaxel ...", "Participants assigned to arm B ...": one arm's rule
_PATIENTS_OF_ARM = (
    r"\b(?:patients?|participants?|subjects?) (?:who are )?(?:eligible for|assigned to|"
    r"randomi[sz]ed to|allocated to|enrolled (?:in|to|on)) "
)


def _fewest_ruled_out(match: re.Match[str]) -> int:
    """The largest count a "fewer than N" / "N or fewer" match takes in."""
    if match["most"]:
        return int(match["most"])
    return int(match.group(2)) - 1


# "Must not have received more than 3 prior lines", in an inclusion: at most 3.
_LINES_NOT_OVER = re.compile(
    # "Patient must not have more than one prior chemotherapy regimen"
    r"\b(?:must|should|may|can|did|has|have) not (?:have )?(?:received |had |been treated with )?"
    r"(?:more than|over|> ?)\s*" + _NUM + r"\s+" + _LINE_NOUN
)
# An exclusion ">= 3 prior lines", "3 or more prior regimens": ruled out from 3.
# (Not a toxicity grade: "AEs Grade >= 2 not resolved from previous therapies".)
_LINES_AT_LEAST = re.compile(
    r"(?<!grade )(?<!grade)(?:>=|at least)\s*"
    + _NUM
    + r"\s+"
    + _LINE_NOUN
    + r"|"
    + _NUM
    + r"\s+or more\s+"
    + _LINE_NOUN
)
_LINES_OVER = re.compile(
    r"(?<!no )(?<!not )(?<!grade )(?<!grade)(?:more than|greater than|>|over)\s*"
    + _NUM
    + r"\s+"
    + _LINE_NOUN
)
# "exactly one prior line", "only 1 prior regimen"
_LINES_EXACTLY = re.compile(
    # "only one prior anti-tumor treatment regimen"
    r"\b(?:exactly|only|one and only)\s*"
    + _NUM
    + r"\s+(?:prior |previous )?(?:(?:systemic|standard|treatment|therapy|anti-?cancer|"
    r"anti-?tumou?r|chemotherapy|chemotherapeutic|cytotoxic) ){0,2}(?:lines?|regimens?)\b"
    # "must have received 1 line of systemic therapy for mCRC": that one line, no more
    r"|\b(?:must|should) have (?:previously )?received\s+"
    + _NUM
    + r"\s+(?:prior |previous )?lines? of\b(?! [^.;]{0,40}\bor more\b)"
)
# "candidates for second-line treatment": one line before; "third-line": two.
# "second-line or later", "second- or later-line": from that line on.
_OR_LATER = (
    r"(?:[- ]line\b|-?(?= or later[- ]line))"
    r"(?: or (?:later|subsequent|beyond|higher)(?:[- ]lines?)?\b)?"
)
_LATER_LINE_NOW = re.compile(
    r"\b(?:candidates?|eligible|suitable|indicated|planned|scheduled|considered|appropriate)\s+"
    r"(?:\w+\s+){0,3}?(?:for|as)\s+(?:\w+\s+){0,2}?(second|2nd|third|3rd)" + _OR_LATER + r"|"
    r"\bin the (second|2nd|third|3rd)" + _OR_LATER + r" (?:\w+ )?setting\b|"
    r"\bas (?:a |the )?(second|2nd|third|3rd)"
    + _OR_LATER
    + r" (?:systemic )?(?:treatment|therapy)\b|"
    # "Patients who require second-line therapy", "Second-line treatment of metastatic PDAC"
    r"\b(?:requir\w*|need\w*|to receive|will receive|receiving|undergoing) (?:\w+ ){0,2}?"
    r"(second|2nd|third|3rd)"
    + _OR_LATER
    + r"|^\W*(second|2nd|third|3rd)"
    + _OR_LATER
    + r" (?:systemic )?(?:treatment|therapy|chemotherapy) (?:of|for|in)\b"
    r"(?![^.;]*\b(?:must|should|has|have|had|was|were|includ\w*|contain\w*)\b)|"
    # a bare "Third-line or later setting", "Second-line treatment." as the whole line
    r"^\W*(second|2nd|third|3rd)"
    + _OR_LATER
    + r"(?: (?:systemic )?(?:treatment|therapy))?(?: setting)?\W*$"
)
# An exclusion "second relapse or beyond": a second relapse follows a second line, so it is
# ruled out from two prior lines. ("Second-line or later" is left alone: it may name the line
# received or the one to be given.)
_LINE_OR_LATER = re.compile(
    r"\b(second|2nd|third|3rd|fourth|4th) relapse\s+(?:or|and)\s+(?:beyond|later|higher|more|"
    r"above|subsequent)"
)
_ORDINALS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_LINE_ORDINALS = {"first": 1, "1st": 1, **_ORDINALS}
# "Eligible for second- or third-line therapy", "candidates for first- or second-line
# treatment": the lines before the earlier one at least, before the later one at most.
_LATER_LINE_RANGE = re.compile(
    r"\b(?:candidates?|eligible|suitable|indicated|planned|scheduled|considered|appropriate)\s+"
    r"(?:\w+\s+){0,3}?(?:for|as)\s+(?:\w+\s+){0,2}?(first|1st|second|2nd|third|3rd)(?:-line|-)?"
    r"\s+(?:or|and/or|to)\s+(second|2nd|third|3rd|fourth|4th)[- ]line\b(?! or (?:later|beyond))"
)
# An exclusion "Previously received second-line or higher systemic treatment": a second line
# received, so two prior lines and more are ruled out.
_RECEIVED_LATER_LINE = re.compile(
    r"\b(?:received|had|undergone|been treated with)\s+(?:any\s+)?(?:prior\s+|previous\s+)?"
    r"(second|2nd|third|3rd|fourth|4th)[- ]line (?:or|and) (?:higher|later|beyond|above|more|"
    r"subsequent)(?:[- ]lines?)? (?:systemic |anti-?cancer |anti-?tumou?r )?(?:therapy|therapies|"
    r"treatments?|chemotherapy|regimens?)\b"
)
# "Multiple myeloma in first or second relapse": one or two lines before; "in second or later
# relapse": two or more. ("First or second relapse of myeloma" at the start of a line likewise.)
_NTH_RELAPSE = re.compile(
    r"(?:(?:\b(?:in|at|with|their|a|high-risk|early|late)|\(hr\)) |^\W*)(?:their |the |a )?"
    r"(first|1st|second|2nd|third|3rd)"
    r"(?:,? (?:or|and/or|to|-) (second|2nd|third|3rd|fourth|4th))?"
    r"(?P<later> or (?:later|subsequent|greater|beyond|higher|more))? (?:relapse|recurrence)\b"
    r"(?P<later2> or (?:later|beyond|subsequent|greater|higher|more)\b)?"
)
_NO_PRIOR_ADVANCED = re.compile(
    r"\bno (?:prior|previous) (?:(?:systemic )?lines? of )?(?:systemic )?(?:anti-?cancer |"
    r"anti-?tumou?r )?(?:treatment|therapy)\b[^;.]{0,30}"
    r"\b(?:recurrent|metastatic|advanced|r/m)\b|\b(?:treatment|therapy)[- ]naive\b|"
    r"\bnaive (?:to|of) (?:any )?(?:prior )?(?:systemic |anti-?cancer |anti-?tumou?r )*(?:therapy|"
    r"therapies|treatments?)\b(?! (?:with|targeting|containing))|"
    # "melanoma without prior systemic therapy", "without previous systemic anticancer treatment"
    r"\bwithout (?:any )?(?:prior |previous )(?:systemic (?:anti-?cancer |anti-?tumou?r )?|"
    r"anti-?cancer |anti-?tumou?r |anti-?neoplastic )(?:therapy|therapies|treatments?)\b"
    r"(?! (?:with|targeting|containing))|"
    # "No prior systemic therapy", "no prior anticancer treatment for this cancer": nothing else
    # in the clause (a drug class or "with ..." makes it one class only).
    # ("Received no prior therapy" likewise)
    r"^\W*(?:(?:patients?|participants?|subjects?) (?:must )?(?:have|has|had)\s+|(?:(?:have|has) )?"
    r"received )?no (?:prior|"
    r"previous) (?:systemic )?(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic |oncologic )?"
    r"(?:therapy|therapies|treatments?)(?: (?:for|of) (?:this|the|their|his|her) (?:cancer|disease|"
    r"malignancy|tumou?r|carcinoma))?\W*$|"
    r"\b(?:have|has) not (?:been )?(?:previously )?(?:received|been treated with|had) any (?:prior "
    r")?(?:systemic )?(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic )?(?:therapy|treatment)s?"
    r"(?: (?:for|of) (?:this|the|their|his|her) (?:cancer|disease|malignancy|tumou?r|carcinoma))?"
    r"\W*$|"
    r"\bnewly diagnosed,? (?:and )?(?:previously )?untreated\b|\bpreviously untreated\W*$|"
    # "must have not been previously treated with anticancer drugs for advanced disease"
    r"\b(?:not (?:have )?(?:been )?|have not been )previously treated (?:for|with(?: any)?) "
    r"(?:systemic )?(?:(?:anti-?cancer )?(?:therapy|treatment)|anti-?cancer (?:drugs?|agents?)|"
    r"(?:this|the|their) (?:cancer|disease|malignancy))|"
    # "Patients with non-Hodgkin B-cell lymphoma, good condition, not previously treated"
    r",\s*not previously treated\W*$|"
    r"\bnot (?:been )?previously treated for (?:[\w-]+ ){0,3}?(?:cancer|carcinoma|"
    r"adenocarcinoma)\W*$|"
    # "Histologically confirmed, untreated, stage IV colorectal adenocarcinoma"
    r"(?:^\W*|,\s*)untreated,?\s+(?:(?:and|or|,|unresectable|inoperable|locally)\s*)*(?:advanced|"
    r"metastatic|recurrent|stage (?:i{1,3}|iv)[a-c]?)\b|"
    # "Untreated, histologically verified NSCLC" at the start of a line
    r"^\W*(?:(?:patients?|participants?|subjects?) with )?(?:previously )?untreated\b[^.;]{0,40}?"
    r"\b(?:cancer|carcinoma|adenocarcinoma|nsclc|sclc|hcc|crc|lymphoma|leuk(?:a)?emia|myeloma|"
    r"melanoma|sarcoma|glioma|glioblastoma|hodgkin'?s?)\b|"
    # "No prior first line treatment for metastatic disease"
    r"\bno (?:prior|previous) (?:first|1st)[- ]line (?:systemic )?(?:therapy|treatment|"
    r"chemotherapy)\b|"
    # "Not have received prior first-line systemic chemotherapy for advanced disease": no first line
    r"\bnot (?:have )?(?:received|had|been given) (?:any )?(?:prior |previous )?(?:first|1st)"
    r"[- ]line (?:systemic )?(?:therapy|treatment|chemotherapy)\b|"
    # "stage III-IV NSCLC, previously untreated systemically (excluding local therapy ...)"
    r"\bpreviously untreated (?:systemically|systematically)\b|"
    r"\bsystemic(?:ally)? (?:therapy|treatment)[- ]na[iï]ve\b|"
    # "Unresectable, previously untreated, locally advanced or metastatic BTC"
    r"\bpreviously untreated,? (?:(?:unresectable|inoperable|locally|or|and|,|/|-)\s*)*(?:advanced|"
    r"metastatic|recurrent)\b|"
    r"\bpreviously untreated,? (?:(?:advanced|metastatic|recurrent|unresectable|locally|"
    r"inoperable|de novo|stage [iv]+[a-c]?|or|and|,|/|-)\s*)*(?:[\w-]+ ){0,3}?(?:cancer|carcinoma|"
    r"adenocarcinoma|lymphoma|leuk(?:a)?emia|myeloma|nsclc|sclc|hcc|crc|mcrc|cll|aml|dlbcl|melanoma|sarcoma|"
    r"mesothelioma)\b|\b(?:previously )?untreated "
    r"(?:for|in the) (?:advanced|metastatic|recurrent)|"
    r"\bno prior\b[^;.]{0,100}?\bsystemic (?:[\w-]+ ){0,2}?(?:therapy|therapies|treatments?) "
    r"(?:for|in) (?:the )?(?:[\w/()-]+ ){0,3}?(?:advanced|metastatic|recurrent|r/m)\b|"
    r"^\W*previously untreated (?:disease|patients?|participants?|(?:\w+ ){0,3}?(?:cancer|"
    r"carcinoma|lymphoma|leukemia|myeloma|disease))\b|"
    r"^\W*previously untreated\b[^.;]{0,100}?\b(?:advanced|metastatic|recurrent|cancer|"
    r"carcinoma|adenocarcinoma|lymphoma|leukemia|myeloma|nsclc|sclc)\b|"
    # "Systemic antitumor therapy for metastatic NSCLC has not been received": said passively
    r"^\W*(?:prior |previous )?systemic (?:anti-?cancer |anti-?tumou?r |anti-?neoplastic )?"
    r"(?:therapy|therapies|treatments?) (?:for|of) (?:[\w/-]+ ){0,8}?(?:advanced|metastatic|"
    r"recurrent)\b[^.;]{0,60}?\b(?:has|have) not (?:been )?(?:received|given|accepted|"
    r"administered)\b|"
    # "stage IV NSCLC, with no prior systemic anti-cancer therapy of any kind"
    r"\bno (?:prior|previous) systemic (?:anti-?cancer |anti-?tumou?r |anti-?neoplastic )?"
    r"(?:therapy|therapies|treatments?) of any (?:kind|type)\b|"
    r"\b(?:must|should|has|have) not (?:have )?(?:received|had) (?:any )?(?:prior )?systemic "
    r"(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic )?(?:therapy|treatment)|"
    r"\bnaive to (?:any )?(?:prior )?systemic "
    r"(?:anti-?cancer )?(?:therapy|treatment)|"
    # "must not have received prior EGFR TKIs or other systemic therapy for stage IIIB-IV NSCLC"
    r"\bnot (?:have )?(?:received|had)\b[^.;]{0,60}?\b(?:or|and) (?:any )?other systemic "
    r"(?:anti-?cancer )?(?:therapy|therapies|treatments?) (?:for|in) (?:the )?"
    r"(?:[\w/()-]+,? ){0,4}?(?:advanced|metastatic|recurrent|stage (?:iii[a-c]?|iv))\b"
)
# "Anti-PD-1 treatment-naive", "alpelisib treatment naive", "treatment-naive to PD-1 inhibitors":
# naive to one drug or class only.
_NAIVE_TO_ONE_CLASS = re.compile(
    r"(?:\banti-?[\w/()-]+|\b[\w-]*(?:mab|nib|lib|sib|rib|tinib)|\btkis?|\binhibitors?|"
    r"\bimmunotherapy|\bchemotherapy|\bendocrine|\bhormon\w*|\btargeted|\bcytotoxic|\bbiologic\w*|"
    r"\bradiation|\bpd-?l?1|\begfr|\balk|\bher2|"
    r"\bcheckpoint|\b[\w-]+-based|\bicis?|\bparp)\s+(?:treatment|therapy)[- ]?na[iï]ve|"
    r"(?:treatment|therapy)[- ]?na[iï]ve\s+(?:to|for|with respect to)\s+(?!(?:any |all )?"
    r"(?:prior )?(?:palliative(?:[- ]intent)? )?(?:systemic |anti-?cancer |anti-?tumou?r )?"
    r"(?:therap|treatment)|(?:the |their )?(?:advanced|metastatic|recurrent|locally|unresectable))"
)
_NAIVE_OR_TREATED = re.compile(
    # "Treatment-naive or after one prior line of checkpoint inhibitor treatment"
    r"\b(?:na[iï]ve|untreated)\b[^.;]{0,30}\bor (?:after|following|progress\w*|relaps\w*)\b|"
    r"\b(?:na[iï]ve|untreated)\b[^.;]{0,30}\b(?:or|and/or|and)\s+(?:\w+\s+)?(?:previously treated|"
    r"pretreated|relapsed|refractory|recurrent|progressive)\b|\b(?:previously treated|pretreated|"
    r"relapsed|refractory)\b[^.;]{0,30}\b(?:or|and/or)\s+(?:\w+\s+)?(?:treatment[- ]na[iï]ve|"
    r"(?:previously )?untreated)\b|"
    # "treatment naive or have received prior standard therapy", "on treatment or treatment naive"
    r"\b(?:na[iï]ve|untreated)\b[^.;]{0,30}\bor (?:\w+ ){0,3}?(?:had|received|been treated|"
    r"treated|receiving|completed|started|undergone)\b|"
    r"\b(?:on|receiving|under(?:going)?) (?:\w+ )?(?:treatment|therapy) or "
    r"(?:\w+[- ])?na[iï]ve\b"
)
# A drug named by its stem ("osimertinib", "pembrolizumab", "carboplatin", "olaparib").
_NAMED_THERAPY = r"[a-z]{2,}(?:mab|tinib|fenib|ciclib|parib|platin|taxel)"
# "progression after prior gemcitabine", "Prior treatment with systemic treatment", "failure
# to respond to the last line of therapy": one line.
_PRIOR_MIN_ONE = re.compile(
    # "progressed despite prior therapy with FOLFOX": a line received
    r"\b(?:progress\w*|failed|failure|refractory|relapsed|intoleran\w*)\b[^.;]{0,40}?\b(?:after|"
    r"on|to|following|with|despite)\s+(?:\w+\s+){0,2}?(?:prior|previous|at least 1)\b|"
    r"^(?:\w+\s+){0,3}?"
    # (not "Prior treatment with an antiandrogen": hormone deprivation goes on under later lines)
    r"prior (?:systemic )?(?:treatment|therapy) with\b"
    r"(?!\s+(?:an?\s+)?(?:anti-?androgen|androgen|adt\b|lhrh|gnrh|castrat))|"
    r"\b(?:progress\w*|fail\w*|refractory|relapsed)\b[^.;]{0,60}?\b(?:the )?(?:last|most recent) "
    r"(?:line|regimen)s?\b|"
    r"\b(?:progress\w*|fail\w*|refractory|relapsed)\s+(?:\w+\s+){0,2}?(?:on|after|during|following|"
    r"to|since)\s+(?:or after\s+)?(?:the |their )?(?:last|most recent) (?:systemic |anti-?cancer |"
    r"anti-?tumou?r )?(?:therapy|treatment)\b|"
    r"\b(?:received|had|completed)\s+1\s+(?:prior |previous )?(?:(?:systemic|standard) )?"
    r"(?:line|regimen)s?\b|"
    # "progressed after platinum-based chemotherapy": a class named, no "prior"; "acquired
    # resistance on treatment with an anti-PD-1 mAb", "a PD-1-containing therapy"
    # "stable disease on dabrafenib and trametinib": a line under way, received
    r"\b(?:progress\w*|failed|failure|refractory|relapsed|intoleran\w*|resistan\w*|"
    r"stable disease)\b[^.;]{0,30}?"
    r"\b(?:after|on|following|during|to|of|despite),?\s+(?:(?:treatment|therapy) with |receiving )?"
    # "... with fluoropyrimidine, irinotecan, and/or oxaliplatin chemotherapy": a list of drugs
    r"(?:(?:an?|the|any|prior|previous) )?(?:[\w/+()-]+,?[\s-]+){0,5}?"
    r"(?:chemotherap(?:y|ies)|immunotherapy|chemo-?immunotherapy|immunochemotherapy|"
    r"endocrine therapy|"
    r"systemic (?:therapy|treatment)|regimens?|(?<!pump )inhibitors?|antibod(?:y|ies)|tkis?|mabs?|"
    r"blockade|[\w/]+-?containing (?:therapy|treatment|regimens?)|"
    # "failure of prior platinum therapy", "progressed after a platinum doublet": the class named
    # by its backbone alone
    r"platinum (?:doublets?|therapy|treatment|agents?|compounds?)|"
    # "progression on anti-PD-1 therapy", "after platinum-based therapy": a class named by its
    # target or its backbone (not hormone deprivation or a supportive drug)
    r"\banti-?(?!-?(?:androgen|hormon|coagul|biotic|emetic|viral|hypertens|platelet|inflammat))"
    r"[\w()/-]+ "
    r"(?:therapy|treatment)|[\w/()]+-based (?:therapy|treatment)|" + _NAMED_THERAPY + r")\b|"
    # "failed BRAF/MEK inhibitors", "have failed any BRAFi/MEKi regimen": the therapy as the
    # object of the verb
    r"\bfailed\s+(?:(?:an?|the|any|prior|previous|approved|standard) )*(?:[\w/+()-]+[\s-]+){0,3}?"
    r"(?:chemotherapy|immunotherapy|chemo-?immunotherapy|endocrine therapy|regimens?|"
    r"(?<!pump )inhibitors?|antibod(?:y|ies)|tkis?|" + _NAMED_THERAPY + r")\b|"
    # "advanced breast cancer which failed prior therapies"
    r"\bfail(?:ed|ing)\s+(?:all\s+|the\s+)?(?:prior|previous)\s+(?:systemic\s+)?(?:therap(?:y|ies)|"
    r"treatments?|lines?)\b|"
    # "progressed after at least 12 weeks or a minimum of 2 doses of treatment with a PD-1
    # containing therapy": the doses of a therapy named
    r"\bprogress\w*\s+(?:(?:[^.;]|\.(?=\d)){0,40}?\s)?(?:after|on|following|during)\b"
    r"(?:[^.;]|\.(?=\d)){0,60}?\b\d+ (?:doses?|cycles?|weeks?|"
    r"months?) of "
    r"(?:treatment with )?(?:(?:an?|the) )?(?:[\w/+()-]+[\s-]+){0,6}?(?:therapy|treatment|"
    r"chemotherapy|immunotherapy|(?<!pump )inhibitors?|antibod(?:y|ies)|mabs?|regimens?|"
    + _NAMED_THERAPY
    + r")\b|"
    # "progression (on two scans four weeks apart) while on anti-PD-1 treatment"
    r"\b(?:progress\w*|relaps\w*)\b(?:[^.;]|\.(?=\d)){0,120}?\bwhile "
    r"(?:on|receiving|being treated with)\s+(?:or (?:after|following)\s+)?"
    # androgen deprivation goes on under later lines: progressing on it counts no line
    r"(?![^.;]{0,30}\b(?:androgen|adt|castrat\w*|lhrh|gnrh|study|trial|protocol)\b)"
    r"(?:(?:an?|the|their|prior) )?(?:[\w/+()-]+[\s-]+){0,3}?(?:chemotherapy|immunotherapy|"
    r"(?:systemic |anti-?cancer )?(?:therapy|treatment)|(?<!pump )inhibitors?|antibod(?:y|ies)|"
    r"tkis?|" + _NAMED_THERAPY + r")\b|"
    # "treated with fulvestrant for at least 56 days as their most recent anti-cancer treatment":
    # a line received
    r"\b(?:treated with|received)\b[^.;]{0,80}?\bas (?:their|the|his|her) (?:most recent|last|"
    r"latest) (?:line of )?(?:systemic |anti-?cancer |anti-?tumou?r )?(?:therapy|treatment|"
    r"regimen|line)\b|"
    # "Has been receiving anti-PD-1 immunotherapy for at least four weeks": a line under way (not
    # androgen deprivation or supportive drugs)
    r"^\W*(?:(?:patients?|participants?|subjects?) )?(?:(?:has|have) been |(?:is|are) "
    r"(?:currently )?|currently )receiving\s+"
    r"(?![^.;]{0,40}\b(?:androgen|adt|lhrh|gnrh|steroid\w*|cortico\w*|anticoag\w*|"
    r"bisphosph\w*|denosumab|replacement|study|trial|protocol)\b)"
    r"(?:[\w/+()-]+[\s-]+){0,4}?(?:immunotherapy|chemotherapy|(?<!pump )inhibitors?|"
    r"antibod(?:y|ies)|tkis?|" + _NAMED_THERAPY + r")\b|"
    # "after failing at least one course of standard systemic treatment"
    r"\bfail(?:ed|ing|ure of)\s+(?:at least )?(?:1|a|an) (?:prior |previous )?(?:course|line|"
    r"regimen)s? of\b|"
    # "History of immunotherapy failure", "EGFR TKI failure": the therapy named before its failure
    r"\b(?:chemotherapy|immunotherapy|chemo-?immunotherapy|endocrine therapy|tkis?|inhibitors?|"
    r"(?:first|1st|front)[- ]line (?:systemic )?(?:therapy|treatment|chemotherapy)|"
    + _NAMED_THERAPY
    + r")\s+failure\b|"
    # "Patient must have been previously treated for B cell non-Hodgkin lymphoma"
    r"\b(?:must|should) have been (?:previously )?treated for (?:their |the |this |his |her )?"
    r"(?:[\w-]+ ){0,4}?(?:cancer|carcinoma|myeloma|lymphoma|leuk(?:a)?emia|tumou?r|melanoma|"
    r"sarcoma|nsclc|sclc|cll|aml|dlbcl|mcl)\b|"
    # "must have received prior therapy for their myeloma": a line for the trial's cancer
    r"\b(?:must|should) have (?:previously )?(?:received|been treated with|had)\s+(?:at least 1 )?"
    r"(?:prior|previous) (?:systemic |anti-?cancer |anti-?tumou?r )?(?:therapy|treatment)s? for "
    r"(?:their|the|this|his|her) (?:[\w-]+ ){0,2}?(?:cancer|carcinoma|disease|malignancy|myeloma|"
    r"lymphoma|leuk(?:a)?emia|tumou?r)\b|"
    # "progressed after receiving approved therapies for their disease"
    r"\b(?:progress\w*|failed)\s+(?:after|on|following)\s+(?:receiving\s+)?(?:all\s+)?"
    r"(?:(?:the|their)\s+)?(?:approved|standard|available|conventional)\s+(?:systemic\s+)?"
    r"(?:therap(?:y|ies)|treatments?)\b|"
    # "must have received prior platinum-based chemotherapy", "previously treated with a taxane"
    r"\b(?:must|should) have (?:previously )?(?:received|been treated with|had)\s+"
    r"(?:prior |previous )?(?:[\w/+-]+\s+){0,4}?(?:chemotherapy|immunotherapy|chemo-?immunotherapy|"
    r"endocrine therapy|(?<!pump )inhibitors?|antibod(?:y|ies)|tkis?|"
    r"systemic (?:therapy|treatment)|regimens?)\b|"
    # "Patients who have received standard systemic therapy (4-6 cycles) without progression",
    # "Patients with melanoma have received standard first-line therapy": said of everyone (a
    # subject followed by a rule of its own, "... who have received X must ...", is not).
    r"^\W*(?:(?:patients?|participants?|subjects?)(?: with (?:[\w/+-]+ ){0,3}?[\w/+-]+)? "
    r"(?:who )?)?(?:(?:have|has) "
    r"(?:previously |already )?(?:received|been (?:previously )?treated with|completed)|"
    r"(?:previously |already )?received|(?:previously|already) treated (?:with|on))\s+"
    r"(?:prior |previous )?"
    r"(?:[\w/+-]+\s+){0,3}?(?:chemotherapy|immunotherapy|chemo-?immunotherapy|endocrine therapy|"
    r"systemic (?:therapy|treatment)|(?:first|1st|front)[- ]line (?:systemic )?"
    r"(?:therapy|treatment|chemotherapy)|[\w-]+-(?:containing|based) regimens?|"
    r"antibod(?:y|ies)|(?<!pump )inhibitors?|tkis?|" + _NAMED_THERAPY + r")\b"
    # no rule of its own after it, and no time ("more than 4 weeks before"): a window
    r"(?![^.;]*\b(?:must|should|needs?|may|can|will|shall|are|is)\b)"
    r"(?![^.;]*\b\d+\s*(?:days?|weeks?|months?)\b)|"
    # "Histologically confirmed melanoma, previously treated with chemotherapy or IL-2": the
    # trial's cancer named as treated, with no rule of its own after it
    r"\b(?:cancer|carcinoma|melanoma|sarcoma|lymphoma|myeloma|nsclc|sclc|tumou?rs?),?\s+"
    r"(?:(?:which|that) (?:has|have) been )?previously treated with\s+(?:[\w/+-]+\s+){0,3}?"
    r"(?:chemotherapy|immunotherapy|chemo-?immunotherapy|systemic (?:therapy|treatment)|"
    r"[\w-]+-(?:containing|based) regimens?|antibod(?:y|ies)|(?<!pump )inhibitors?|tkis?|"
    + _NAMED_THERAPY
    + r")\b"
    r"(?![^.;]*\b(?:must|should|needs?|may|can|will|shall|are|is|allowed|eligible)\b)"
    r"(?![^.;]*\b\d+\s*(?:days?|weeks?|months?)\b)"
)  # "Chemotherapy-refractory colorectal cancer", "platinum-refractory disease": refractory to a
# therapy received. Read only when the clause names no alternative ("or", a list).
_CLASS_REFRACTORY = re.compile(
    r"\b(?:chemotherapy|chemo|platinum|fluoropyrimidine|oxaliplatin|irinotecan|taxane|"
    r"anthracycline|immunotherapy|tki|ici|pd-?l?1|anti-pd-?l?1|" + _NAMED_THERAPY + r")[- ]"
    # "Must have platinum-resistant disease"
    r"(?:refractory|resistant)\b"
)
# "Relapsed or refractory multiple myeloma": a blood cancer that relapsed after, or did not
# respond to, at least one line.
_RELAPSED_BLOOD_CANCER = re.compile(
    r"\b(?:relapsed|refractory)(?:\s*(?:and|or|and/or|/|,)\s*(?:relapsed|refractory))?\b\s*"
    r"(?:\([^)]*\)\s*)?(?:[\w-]+ ){0,3}?(?:multiple myeloma|myeloma|lymphomas?|leuk(?:a)?emias?|"
    r"aml|all|cll|sll|cll/sll|dlbcl|mds|mm|nhl|mcl|fl|cml)\b|"
    # "AML that has relapsed after a first remission": the cancer named first
    r"^\W*(?:[\w-]+ ){0,2}?(?:multiple myeloma|myeloma|lymphoma|leuk(?:a)?emia|aml|cll|dlbcl|mds|"
    r"nhl|mcl) (?:that|which) (?:has|have) (?:relapsed|been refractory)\b"
)
# "Patients must not have received any prior treatment for their disease", "no prior treatment
# (chemotherapy, radiotherapy or surgery) for this cancer": nothing else in the clause.
_NO_TREATMENT_AT_ALL = re.compile(
    r"(?:^\W*(?:(?:patients?|participants?|subjects?) )?(?:with |who )?no|\bwith no|"
    r"\b(?:has|have|had|must|"
    r"should) not (?:have )?(?:been )?(?:previously )?(?:received|been treated with|had|undergone)|"
    r"\bnot (?:previously )?received|\bnever received|^\W*without)\s+(?:any )?"
    r"(?:(?:form|kind|type)s? of )?(?:prior |previous )?"
    r"(?:systemic |systematic )?(?:(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic |oncologic |"
    r"cancer )?"
    r"(?:drugs? )?(?:therapy|therapies|treatments?)|(?:anti-?cancer|anti-?tumou?r|anti-?neoplastic|"
    r"oncologic) (?:drugs?|medications?|medicines?))(?:\s+(?:for|of) (?:this|the|their|his|her) "
    r"(?:current |present )?(?:cancer|disease|malignancy|tumou?r|carcinoma)|"
    # "for ES-SCLC", "for R/R-DLBCL": a stage or setting written onto the abbreviation
    r"\s+for (?:[\w/-]+ ){0,4}?(?:[a-z/]{1,3}-)?(?:cancer|carcinoma|adenocarcinoma|nsclc|sclc|"
    r"hcc|crc|"
    r"tumou?rs?|lymphoma|leuk(?:a)?emia|myeloma|melanoma|sarcoma|glioma|glioblastoma|disease|cll|"
    r"sll|cll/sll|aml|mds|dlbcl|btc|rcc|mcrpc|crpc|mbc|escc|hnscc|npc)|"
    r"\s+before)?"
    # "No previous cancer therapy (...) received before study enrollment"
    r"(?:\s+(?:received|given))?(?:\s+(?:before|prior to) (?:the )?(?:study )?(?:enrol{1,2}ment|"
    r"entry|registration|randomi[sz]ation|inclusion))?"
    # "... for RCC with the following exception: one prior adjuvant therapy ...": what the
    # exception lets in is judged on its own (`_exception_is_a_line`)
    r"(?:,?\s+(?:with the (?:following )?exceptions?\b|except\b|apart from\b|aside from\b|"
    r"other than\b|besides\b|excluding\b)[^;]*)?\W*$"
)
# "Candidates for first-line treatment", "in the first-line setting": no prior line.
_FIRST_LINE_NOW = re.compile(
    r"\b(?:candidates?|eligible|suitable|indicated|planned|scheduled|intended|considered|"
    r"appropriate|fit|amenable|plan(?:ning)? to receive|will receive|to receive)\s+(?:\w+\s+){0,3}?"
    r"(?:for|as|in)\s+(?:\w+\s+){0,2}?(?:first|1st)[- ]line\b|\bin the (?:first|1st)[- ]line "
    r"(?:\w+ )?setting\b|\bas (?:the )?(?:first|1st)[- ]line (?:systemic )?(?:treatment|therapy)\b|"
    # "First-line treatment of metastatic NSCLC" as the line's whole subject
    r"^\W*(?:first|1st)[- ]line (?:systemic )?(?:treatment|therapy|chemotherapy) (?:of|for|in)\b"
    r"(?![^.;]*\b(?:must|should|has|have|had|was|were|includ\w*|contain\w*)\b)"
)
_FIRST_LINE_PLANNED = re.compile(
    r"\b(?:planned|scheduled|plan(?:ning)?|due|going|intend(?:ed|ing)?) to (?:receive|start|begin|"
    r"undergo)\s+(?:\w+\s+){0,2}?(?:first|1st)[- ]line\b"
)
_FIRST_LINE_BLOCK = re.compile(
    r"\b(?:received|receiving|progress\w*|fail\w*|after|following|refractory|relaps\w*|"
    r"intoleran\w*|completed|second|2nd|maintenance|adjuvant|neoadjuvant|radiotherapy|radiation|"
    r"surgery|brain|prior|previous)\b"
)
# "progressed on first-line chemotherapy", "failure of first-line therapy", "refractory to
# standard therapy": at least one line.
_AFTER_FIRST_LINE = re.compile(
    # "Have prior chemotherapy as first-line treatment"
    r"\b(?:prior|previous) (?:systemic )?(?:chemotherapy|therapy|treatment) as (?:a |the |their )?"
    r"(?:first|1st|front)[- ]line\b|"
    # "relapsed after first remission": the induction that gave the remission was a line
    r"\brelaps\w* (?:after|following|from) (?:a |the |their )?(?:first|1st) (?:complete )?"
    r"remission\b|"
    # "Progression within 6 months of adjuvant therapy, or after first-line therapy": the
    # record counts the early relapse as the first line.
    r"\b(?:progress\w*|recurr\w*|relaps\w*)\b[^.;]{0,60}?\bwithin \d+ months? (?:of|after|from) "
    r"(?:[\w/-]+ ){0,4}?(?:neo-?)?adjuvant\b[^.;]{0,60}?,? or (?:\w+ ){0,2}?(?:after|following|on) "
    r"(?:the |their )?(?:first|1st)[- ]line\b|"
    r"\b(?:progress\w*|fail\w*|refractory|relaps\w*|recurr\w*|intoleran\w*)\b[^.;]{0,40}?"
    r"\b(?:on|after|following|during|to|of|with)\s+(?:or\s+(?:after|following)\s+)?(?:the\s+|a\s+|"
    r"their\s+)?(?:at least\s+)?(?:first|1st|front)(?: or (?:further|later|subsequent|higher|"
    r"second|2nd))?[- ]lines?\b|"
    r"\b(?:progress\w*|fail\w*|refractory|relaps\w*|intoleran\w*|exhaust\w*)\b[^.;]{0,40}?"
    r"(?:\b(?:on|after|"
    r"following|to|of|with)\s+)?(?:or\s+(?:after|following|intolerant (?:to|of)|intolerance "
    r"(?:to|of))\s+)?(?:all\s+|"
    # "failed established standard medical anti-cancer therapies"
    r"the\s+|prior\s+|previous\s+|available\s+|established\s+|at least (?:1|one)\s+)*standard[\s-]+"
    r"(?:(?:systemic\s+|first-line\s+|of[\s-]care[\s-]+|medical\s+|anti-?cancer\s+|"
    r"anti-?tumou?r\s+)*(?:therap(?:y|ies)|treatments?|regimens?|"
    r"chemotherapy|(?:therapeutic|treatment) options?)\b|"
    # "Progressed after standard of care": the noun left out
    r"of[\s-]care\b(?! (?:is|are|does|do|exists?|not|for|in)\b))|"
    # "did not progress after 4-6 cycles of first-line chemotherapy": a first line completed
    r"\b(?:did|has|have|had) not progress\w*\s+(?:after|following)\b[^.;]{0,60}?\b(?:first|1st|"
    r"front)[- ]line\b|"
    # "failed first-line therapy": the line as the object of the verb
    r"\bfail(?:ed|ing)\s+(?:the\s+|their\s+|a\s+)?(?:first|1st|front)[- ]line\b|"
    # "response after 4 to 6 cycles of first-line chemotherapy", "have completed first-line therapy"
    r"\b(?:respon\w*|stable disease|remission|completed|completion of|received|maintenance)\b"
    r"[^.;]{0,40}?\b(?:first|1st|front)[- ]line\b|"
    r"\b(?:previously treated|pre-?treated),? (?:(?:advanced|metastatic|recurrent|unresectable|"
    r"locally|or|and|/|-)"
    r"\s*)+(?:[\w-]+ ){0,3}?(?:cancer|carcinoma|adenocarcinoma|nsclc|sclc|hcc|crc|mcrc|melanoma|"
    r"(?:solid )?tumou?rs?|malignanc(?:y|ies)|neoplasms?|"
    r"disease)\b|"
    # "Previously treated chronic lymphocytic leukaemia", "pretreated multiple myeloma": a named
    # cancer (not "cancer" or "disease" alone, which a prior malignancy may be) already treated
    r"\b(?:previously treated|pre-?treated),? (?:(?:relapsed|refractory|chronic|acute|b-cell|"
    r"t-cell|multiple|and|or|/)\s*)*(?:[\w-]+ ){0,2}?(?:lymphomas?|leuk(?:a)?emias?|myeloma|cll|"
    r"sll|aml|mds|dlbcl|mcl|nsclc|sclc|hcc|mcrc|melanoma|rcc|glioblastoma|gbm)\b"
)

_NOT_AMENABLE_TO_STANDARD = re.compile(
    r"\b(?:not|un)\s*(?:amenable|suitable|eligible|candidates?|fit) (?:to|for) "
    r"(?:\w+ ){0,2}?standard\b"
)
# An exclusion "Patient who has already started a first line of treatment": no line allowed.
_FIRST_LINE_STARTED = re.compile(
    r"^\W*(?:(?:patients?|participants?|subjects?) (?:who )?)?(?:(?:has|have) )?(?:already )?"
    r"(?:started|begun|initiated|commenced) (?:an? |the |their |any )?(?:first|1st)[- ]line\b"
)

_PRIOR_ADVANCED = re.compile(
    # "previously treated (with systemic therapy) for metastatic disease"
    r"\b(?:previously|already) (?:been )?treated (?:with (?:any )?(?:systemic |anti-?cancer |"
    r"anti-?tumou?r )*(?:therapy|therapies|treatments?) )?for (?:the |their )?(?:locally advanced|"
    r"advanced|metastatic|recurrent|unresectable|stage (?:iii|iv))\b|"
    r"(?:\b(?:prior|previous|any)\s+(?:[a-z-]+\s+){0,3}?|\bhistory of\s+(?:(?:systemic|"
    r"anti-?cancer|anti-?tumou?r|anti-?neoplastic|cancer|oncologic|prior|previous|any)\s+){0,3})"
    r"(?:therapy|treatment)\s+(?:for|of|directed (?:at|against|to(?:wards)?)|aimed at)\s+"
    r"(?:the\s+)?(?:locally advanced|advanced|metastatic|recurrent|unresectable|stage (?:iii|iv)|"
    r"(?:[\w-]+\s+){0,3}?(?:cancer|carcinoma|hcc|nsclc|tnbc|crpc|mcrpc|mbc|malignancy|gbm|"
    r"glioblastoma|"
    r"glioma|lymphoma|leuk(?:a)?emia|myeloma|melanoma|sarcoma|mesothelioma|sclc|crc|mcrc|rcc|pdac|"
    r"escc|hnscc|scchn|npc|cll|aml|mds|dlbcl)|"
    r"(?:this|their|the current|current) disease|(?<=\bthe )disease|"
    # "Any prior treatment for the tumor under study"
    r"(?:tumou?r|cancer|disease|malignancy) under (?:study|investigation))\b|"
    # "Prior treatment with a ROS1 TKI, chemotherapy or other systemic therapy for advanced
    # NSCLC", "any previous systemic therapy (including ...) for treatment of breast cancer"
    r"\b(?:prior|previous|any)\b[^.;]{0,100}?\bsystemic (?:[\w-]+ ){0,2}?(?:therapy|therapies|"
    r"treatments?)\b(?: \([^)]*\))?(?:\s+(?:received|given|administered))?\s+(?:for|in|"
    r"directed (?:at|against|to(?:wards)?)|aimed at)\s+"
    r"(?:the\s+)?(?:treatment (?:or prevention )?of\s+)?(?:[\w/-]+\s+){0,6}?(?:advanced|metastatic|"
    r"recurrent|unresectable|cancer|carcinoma|"
    r"nsclc|hcc|crpc|lymphoma|leuk(?:a)?emia|myeloma|cll|sll|cll/sll|aml|mds|dlbcl|tnbc|hnscc|scchn|"
    r"escc|npc|mcrc|crc|rcc|pdac|melanoma|sarcoma|glioma|glioblastoma|mesothelioma|malignancy|"
    r"(?:this|their|the) disease)\b"
)
# "Prior chemotherapy, immunotherapy or targeted therapy for advanced disease": a list naming
# chemotherapy and another systemic class is every systemic line, not one class.
_LIST_FOR_ADVANCED = re.compile(
    r"\b(?:prior|previous|any)\s+(?P<list>[^.;]{0,100}?)\s+(?:(?:given|received|administered)\s+)?"
    r"(?:for|in)\s+(?:the\s+)?(?:treatment of\s+)?(?:[\w/-]+\s+){0,2}?(?:locally advanced|"
    # "Prior cytokine or chemotherapy for stage IV disease"
    r"advanced|metastatic|recurrent|unresectable|stage (?:iv|4) disease)\b|"
    # "... for the current breast cancer", "... for this cancer"
    r"\b(?:prior|previous|any)\s+(?P<list2>[^.;]{0,100}?)\s+(?:(?:given|received|administered)\s+)?"
    r"for\s+(?:the current|this|the present|their)\s+(?:[\w-]+\s+){0,2}?(?:cancer|carcinoma|"
    r"malignancy|disease|tumou?r)\b|"
    # "No prior radiotherapy, chemotherapy or targeted therapy for rectal cancer": the cancer
    # named (not another or an earlier one)
    r"\b(?:prior|previous|any)\s+(?P<list3>[^.;]{0,100}?)\s+(?:(?:given|received|administered)\s+)?"
    # "... biological therapy used to treat hepatocellular carcinoma"
    r"(?:for|(?:used )?to treat)\s+(?:the\s+)?(?:treatment of\s+)?(?!(?:an?\s+)?(?:other|"
    r"another|prior|previous|second|earlier|different)\b)(?:[\w-]+\s+){0,3}?(?:cancer|carcinoma|adenocarcinoma|nsclc|"
    r"sclc|hcc|crc|mcrc|rcc|lymphoma|leuk(?:a)?emia|myeloma|melanoma|sarcoma|glioma|"
    # "... or monoclonal antibody therapy for treatment of CLL or SLL"
    r"glioblastoma|mesothelioma|cll|sll|aml|mds|dlbcl|mcl)\b"
)
_SYSTEMIC_CLASSES = (
    # "cytotoxic anti-cancer therapy" (not the "cytotoxic T-lymphocyte antigen" of CTLA-4)
    r"chemotherap|cytotoxic(?! t\b| t-)",
    r"immunotherap|checkpoint|pd-?l?1|cytokines?\b|interleukin|il-?2\b|interferon",
    r"target(?:ed|ing)|tkis?\b|tyrosine kinase|small[- ]molecule",
    r"biologic|antibod|monoclonal",
    r"hormon|endocrine",
)


def _many_classes(words: str) -> bool:
    """A list naming chemotherapy and at least one other systemic class."""
    named = [pattern for pattern in _SYSTEMIC_CLASSES if re.search(pattern, words)]
    return len(named) >= 2 and named[0] == _SYSTEMIC_CLASSES[0]


# Early-stage trials: "Prior chemotherapy or radiotherapy", "No previous gastrectomy or
# chemotherapy for this cancer": chemotherapy and a local treatment, nothing else in the
# clause, so no treatment at all.
_CHEMO_OR_RT = (
    r"(?:(?:systemic )?chemotherapy|radiotherapy|radiation(?: therapy)?|xrt|surgery|[a-z]+ectomy|"
    r"surgical resection)"
)
_NO_CHEMO_OR_RT = re.compile(
    r"^\W*(?:(?:any |no )?(?:prior|previous)(?: history of)? (?:treatment with )?|"
    r"(?:a )?(?:known )?history of (?:prior |previous )?|"
    r"(?:(?:patients?|participants?|subjects?) (?:who )?)?"
    r"(?:(?:have|has|had) )?(?:not )?(?:received|undergone)(?: any)? (?:prior |previous )?)"
    + _CHEMO_OR_RT
    + r"(?:, "
    + _CHEMO_OR_RT
    + r")*,? (?:or|and|and/or) "
    + _CHEMO_OR_RT
    + r"(?: (?:prior to|before) (?:the )?(?:study )?(?:enrol{1,2}ment|entry|registration|"
    r"randomi[sz]ation|inclusion)| for (?:(?:this|the|their|current|present|same|[\w-]+|and) )"
    r"{1,4}?(?:cancer|carcinoma|disease|malignancy|tumou?r))?(?: (?:will be|are|is) excluded)?\W*$"
)
_SAYS_EXCLUDED = re.compile(r"\b(?:are|is|will be|be) (?:excluded|not eligible|ineligible)\b")
# An exception to "prior therapy for advanced disease" that is itself a line ("except
# endocrine therapy", "other than ADT") leaves no maximum; one for (neo)adjuvant, local or
# early-stage treatment does not (those are no lines).
_NOT_A_LINE_EXCEPTION = re.compile(
    r"adjuvant|perioperative|radiotherap|radiation|surg|\blocal\b|locoregional|curative|"
    r"early[- ]stage|non-?metastatic|chemoradi|resect|"
    # a few days or one cycle of a therapy ("apart from ET up to 28 days before randomisation")
    r"\b(?:up to|no more than|not more than|less than|<=?|at most|a maximum of)\s*\d+\s*(?:days?|"
    r"weeks?)\b|\b(?:1|a single) cycle\b"
)
_A_THERAPY = re.compile(
    r"therap|treatment|inhibitor|\blines?\b|regimen|chemo|\bagents?\b|\bdrugs?\b|"
    r"\b\w+(?:mab|nib|lib)\b|endocrine|hormon|\bet\b|\badt\b"
)


def _exception_is_a_line(clause: str, start: int = 0) -> bool:
    """Does the clause (from `start`) except or allow a therapy that is itself a line ("except
    endocrine therapy", "one prior line of endocrine therapy is allowed")? An exception for
    (neo)adjuvant, local or early-stage treatment is not one: those are no lines."""
    for cue in _FLAG_EXCEPTION.finditer(clause, start):
        if inside := _parenthesis_around(clause, cue.start()):
            words = clause[inside[0] : inside[1]]
        elif re.match(r"except|excluding|other than|with the exception|apart from", cue[0]):
            words = clause[cue.start() :]
        else:
            words = clause  # "... is allowed": what is allowed comes before the cue
        if not _NOT_A_LINE_EXCEPTION.search(words) and _A_THERAPY.search(words):
            return True
    return False


# "Up to one line of endocrine therapy is allowed", "except one prior line of ET": the
# exception counts the lines it lets in.
_COUNTED_EXCEPTION = re.compile(
    r"(?:\b(?:up to|no more than|not more than|at most|a maximum of|maximum of|only)\s+)?\b(\d+)\s+"
    r"(?:prior\s+|previous\s+)?(?:lines?|regimens?)\b(?P<words>[^.;]{0,120}?)\b(?:is|are|will be|"
    r"may be|be)\s+(?:also\s+)?(?:allowed|permitted|acceptable)\b|"
    r"\b(?:except(?: for)?|excluding|other than|apart from|with the exception of)\s+(?:up to\s+)?"
    r"(\d+)\s+(?:prior\s+|previous\s+)?(?:(?:hormonal|endocrine|chemotherapy|systemic)\s+)?"
    r"(?:lines?|regimens?)\b(?P<words2>[^.;)]{0,80})"
)


def _lines_excepted(text: str) -> int | None:
    """How many lines an exception lets in ("up to one line of endocrine therapy is allowed"),
    when it names lines in the advanced setting (not adjuvant or local treatment)."""
    counted = _counted_exceptions(text)
    return counted[0][0] if len(counted) == 1 else None


def _counted_exceptions(text: str) -> list[tuple[int, int]]:
    """(lines let in, where) for each exception of the text that counts lines."""
    return [
        (int(match.group(1) or match.group(3)), match.start())
        for match in _COUNTED_EXCEPTION.finditer(text)
        if not _NOT_A_LINE_EXCEPTION.search(match["words"] or match["words2"] or "")
    ]


_LINE_ALLOWED = re.compile(
    r"\b(?:lines?|regimens?)\b[^.;]{0,120}\b(?:allowed|permitted|eligible|acceptable)\b"
)
_NOT_PRIOR_LINE = re.compile(
    r"\bsince\b|\bother (?:\w+ )?(?:systemic|anti|therap|treatment)|(?<!prior or )\bconcurrent|"
    # "Currently receiving any therapeutic treatment for their malignancy": ongoing, not a line
    r"\bcurrently (?:receiving|undergoing|being treated)\b|"
    # "Prior treatment for another cancer within 5 years": another disease
    r"\b(?:another|other|second|different) (?:\w+ )?(?:cancers?|malignan\w*|tumou?rs?)\b|"
    # "systemic therapy for prior cancer(s)": an earlier cancer's treatment
    r"\b(?:prior|previous|earlier) (?:cancers?|malignan\w*)\b|"
    r"\bwithin (?:the (?:last|past) )?\d+ years?\b|"
    # a therapy to come: "planning to require any additional systemic therapy while on protocol"
    r"\bplann\w* to\b|\bwhile (?:on|receiving|participating)\b|\bduring (?:the )?(?:study|trial|"
    r"protocol)\b|\badditional (?:forms? of |systemic |anti|therap|treatment)"
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
    r"contraindicat|intolerance to|infusion|"
    # "Progression within 12 months of the last dose of a platinum agent": an interval.
    r"\bprogress\w*\b[^;]{0,60}?\b(?:from|after|following|since|of) (?:the )?(?:last|final) "
    r"(?:dose|administration|cycle)"
)
# A clause that only admits ("Patients previously exposed to anti-PD-1 should not be excluded",
# "Patients who received adjuvant therapy are eligible as long as ...") rules nothing.
_ONLY_ADMITS = re.compile(
    r"\b(?:is|are|be|will be)\s+(?:also\s+)?(?:eligible|allowed|permitted|acceptable)\b|"
    r"\b(?:will be|are|is|can be) (?:also )?included\b|"
    r"\bmay (?:also )?(?:be )?(?:eligible|enrol\w*|included|participate|considered|acceptable|"
    r"accepted|allowed|permitted)\b|"
    r"\bnot (?:be )?excluded\b"
)


def _only_admits(clause: str) -> re.Match[str] | None:
    """Where a clause admits ("may be considered", "should not be excluded"), unless it refuses."""
    masked = _mask_parentheses(clause)
    if kept := re.search(r"\bnot (?:be )?excluded\b", masked):
        return kept
    if _REFUSAL.search(masked):
        return None
    return _ONLY_ADMITS.search(masked)


# An exclusion of a therapy given in one setting ("a taxane for metastatic castration-resistant
# disease", "in the metastatic setting") leaves it allowed in the others; "at any time" or "in
# any setting" does not.
_ONE_SETTING = re.compile(
    r"\b(?:for|in) (?:the )?(?:treatment of )?(?:(?:their|his|her) )?(?:[\w/-]+ ){0,2}?"
    r"(?:metastatic|advanced|recurrent|castration\w*|mcrpc|mhspc|mcspc|hormone[- ]sensitive|"
    r"early|locally advanced|unresectable|relapsed)\b|"
    r"\bin the (?:[\w/-]+ ){0,2}?setting\b"
)
_ANY_SETTING = re.compile(r"\b(?:any|all) settings?\b|\bat any time\b|\bregardless of\b")
# A therapy required only where it applies ("an anti-PD-1 known to be effective in the tumour
# type", "if approved for their cancer"): not a requirement for everyone.
_CONDITIONAL_THERAPY = re.compile(
    r"\bknown to be (?:effective|active|beneficial)|\b(?:if|where|when) (?:available|approved|"
    r"indicated|appropriate|applicable)\b|\bapproved (?:for|in) (?:the|their|this|that)\b"
)


def _without_added_therapy(norm: str) -> str:
    """The line without a bracket that adds a therapy ("(and endocrine therapy if
    appropriate)"): a condition inside it is that therapy's only."""
    return re.sub(r"\((?:and|plus)\b[^()]*\)", " ", norm)


# "platinum-resistant ovarian cancer" in a list of tumour types: only that tumour's patients.
_THERAPY_AS_DISEASE = re.compile(
    r"^[- ]?(?:resistant|sensitive|refractory)\s+(?:[\w-]+\s+){0,2}?(?:cancers?|carcinomas?|"
    r"tumou?rs?)\b"
)


# Lines of one drug class ("2 lines of endocrine therapy", "taxane-based regimens", "prior
# endocrine therapy for advanced disease") are not the count of systemic lines.
_CLASS_SPECIFIC = re.compile(
    r"(?<!non-)(?<!non )\b(?:endocrine|hormon\w*|\bet\b|egfr|tkis?|tyrosine kinase|taxane\w*|"
    r"platinum\w*|\w+platin|her2|"
    r"anti-?her2|parp\w*|cdk4/6|kras|alk|braf|osimertinib|immunotherap\w*|pd-?l?1|checkpoint|"
    r"local|ablation|radiation|radiotherap\w*|surg\w*|resection|tace|embolization|intravesical|"
    # ("up to one non-platinum-based line": a count of the other class)
    r"bcg|[a-z]+-based|non-[a-z]+-based|adjuvant|neoadjuvant|vegfr?)\b"
)
# "... or were deemed ineligible / have refused": the prior treatment is one of alternatives.
# "... or for which there is no accepted standard of care", "; or be intolerant of ...",
# "Alternatively, ...": the line's prior treatment is one of alternatives.
_NO_STANDARD_LEFT = (
    r"\bor,? (?:(?:for|in) (?:whom|which) |where |when |if |(?:(?:who|that) )?(?:have|has) )?"
    r"(?:there "
    r"(?:is|are|exists?) )?no (?:\w+ ){0,3}?(?:standard|therap\w*|treatments?|options?|"
    r"alternatives?)\b|\balternatively\b|(?:^|;)\s*or\b|"
    # "..., or the patient is unable or unwilling to receive standard therapy"
    r"\bor (?:the )?(?:(?:patients?|participants?|subjects?) )?(?:is |are |was |were |be )?"
    r"(?:unable|unwilling|unfit|not able)\b(?! to tolerate)|"
    # "... progression after standard of care therapy or in the opinion of the investigator ..."
    r"\bor,? in (?:the )?(?:opinion|judge?ment) of\b|\bor,? in the (?:investigator|physician)'?s "
    r"(?:opinion|judge?ment)\b|"
    # "(or patients for whom the combination is adequate treatment)": a bracketed alternative
    r"\(\s*or (?:patients?|participants?|subjects?|those|if|when|where|for "
    r"whom)\b|"
    # "who have no available standard therapy or who have failed it": alternatives either way
    r"\bno (?:available |approved |effective |other |known )*standard (?:[\w-]+ ){0,2}?"
    r"(?:therap\w*|treatments?|options?|care)\b[^.;]{0,40}\bor\b|"
    # "... progressed following standard treatment or is not appropriate for standard treatment"
    r"\bor (?:is|are|was|were|be) (?:not|no longer) (?:appropriate|suitable|eligible|indicated|"
    r"amenable|a candidate|candidates)\b|"
    # "..., or are not expected to derive any clinical benefit from standard of care therapies"
    r"\bor (?:(?:who|that) )?(?:(?:is|are|be|were|was) )?(?:not expected|unlikely) to (?:derive|"
    r"benefit|gain|respond)\b|\bor (?:would|will|could) not benefit\b|"
    # "..., or for whom standard of care is not appropriate"
    r"\bor,? (?:for whom|where|when|if|in whom)\b[^.;]{0,60}?\b(?:(?:is|are) (?:not|no longer) "
    r"(?:appropriate|available|suitable|indicated|feasible|tolerated|an option)|(?:does|do) not "
    r"exist)\b|"
    # "..., or lack of candidacy for standard therapy", "or lacking standard therapy"
    r"\bor,? (?:(?:a|the) )?lack(?:ing|s)?\b(?: of)? (?:candidacy|eligibility|(?:an? )?(?:[\w-]+ )"
    r"{0,2}?(?:therap\w*|treatments?|options?))\b|"
    # "..., or has declined standard therapy", "or they must have chosen not to pursue it", "or a
    # patient who has declined conventional chemotherapy": the therapy was never given
    r"\bor,? (?:(?:an? |the )?(?:patients?|participants?|subjects?|they|he|she)\s+)?(?:who\s+)?"
    r"(?:(?:has|have|had|must have|may have)\s+)?(?:(?:actively|previously|otherwise)\s+)?"
    r"(?:declined|declines|refused|refuses|chos(?:en|e) not to|choose not to|"
    r"elect(?:ed|s)? not to|opt(?:ed|s)? not to|decided not to)\b"
)
_NO_STANDARD_LINE = re.compile(_NO_STANDARD_LEFT)
_OR_NOT_RECEIVED = re.compile(
    r"\bor (?:were|was|are|is|be|been|have been|has been)? ?(?:deemed )?(?:ineligible|"
    r"unsuitable|not eligible|not candidates?|intolerant)|\bor (?:have|has) refused|"
    r"\bor (?:refusal|refusing|declin\w*) (?:of|to)\b|"
    r"\bor (?:who )?(?:have|has) no (?:satisfactory|standard|available|other)|"
    r"\bor (?:for whom|where) no|\bor (?:who )?(?:refused|declined)\b|" + _NO_STANDARD_LEFT
)
# In a line count that needs a prior line, "refractory to or intolerant of" is no alternative;
# "newly diagnosed or previously treated metastatic disease" is.
_OR_NEVER_RECEIVED = re.compile(
    r"\b(?:newly diagnosed|untreated|na[iï]ve)\s+(?:or|and/or)\s+(?:\w+\s+)?(?:previously "
    r"treated|pre-?treated)\b|"
    r"\bor (?:were|was|are|is|be|been|have been|has been)? ?(?:deemed )?(?:ineligible|"
    r"unsuitable|not eligible|not candidates?)|\bor (?:have|has) refused|"
    r"\bor (?:refusal|refusing|declin\w*) (?:of|to)\b|"
    r"\bor (?:who )?(?:have|has) no (?:satisfactory|standard|available|other)|"
    r"\bor (?:for whom|where) no|\bor (?:who )?(?:refused|declined)\b|" + _NO_STANDARD_LEFT
)


# "Ineligible for or intolerant to platinum-based chemotherapy", "unfit for, or intolerant of,
# ...": the intolerance follows an ineligibility offered first, so it is one of alternatives
# (those never given the therapy are in too).
_INELIGIBLE_OR = re.compile(
    r"\b(?:ineligible|unsuitable|unfit|not (?:eligible|suitable|fit)|not (?:a )?candidates?)\b"
    r"[^.;]{0,80}?\bor\W*$"
)


# A minimum count of one drug class's lines ("at least 2 lines of endocrine therapy",
# "progressed after platinum-based chemotherapy") is also a minimum of systemic lines; local
# treatments and (neo)adjuvant therapy are not lines for advanced disease.
_NOT_SYSTEMIC = re.compile(
    r"\b(?:local|locoregional|ablation|radiation|radiotherap\w*|radiosurgery|surg\w*|resection|tace|"
    # "after 2 lines of skin-directed therapy": a count of topical lines is no systemic one
    r"skin[- ]directed|topical|"
    r"embolization|intravesical|bcg|adjuvant|neoadjuvant|perioperative|transplant\w*|"
    r"chemoradi\w*|induction|consolidation|maintenance)\b"
)


def _systemic(match: re.Match[str], norm: str, after: int = 30) -> bool:
    """A count of systemic lines, of all classes or of one (the words around its noun)."""
    around = norm[max(0, match.start() - 20) : match.end() + after]
    return not _NOT_SYSTEMIC.search(_without_parentheses(around))


def _generic(match: re.Match[str], norm: str, after: int = 30) -> bool:
    """A count of systemic lines, not of one drug class (the words around its noun)."""
    start = max(match.start(), match.end() - 45)
    # Brackets are dropped before the window is cut, so that none is cut open.
    after_words = _without_parentheses(norm[match.end() :])
    # "1 to 2 prior lines, one of which must be an EGFR TKI": the class names one of the lines
    after_words = re.split(r",?\s*\b(?:at least )?\d+ of (?:which|them|these)\b", after_words)[0]
    around = norm[start : match.end()] + after_words[:after]
    return not _CLASS_SPECIFIC.search(_without_parentheses(around))


# "... in the adjuvant, locally advanced, or metastatic setting": a progression that may have
# come on (neo)adjuvant therapy, which is no line for advanced disease.
_LISTED_SETTING = r"(?:[\w/-]+,? (?:or |and/or )?)"
_ADJUVANT_OR_ADVANCED = re.compile(
    # "Recurrence after adjuvant treatment or progression after one prior treatment"
    r"\b(?:after|following|during|within \d+ months of) (?:\w+ )?(?:neo-?)?adjuvant "
    r"(?:\w+ )?(?:treatment|therapy|chemotherapy)\s*,?\s*(?:or|and/or)\b|"
    r"\b(?:in|for) (?:the |any )?(?:[\w/-]+,? (?:or |and/or )?){0,5}?(?:neo-?)?adjuvant,? (?:or |"
    r"and/or )?(?:[\w/-]+,? (?:or |and/or )?){0,5}?settings?\b|\b(?:metastatic|advanced) "
    r"(?:[\w/-]+,? )?(?:or|and/or) (?:the |in the )?(?:neo-?)?adjuvant settings?\b|"
    # "prior chemotherapy with an anthracycline ... as adjuvant or for advanced disease"
    r"\b(?:as|in the) (?:neo-?)?adjuvant(?: therapy| treatment| setting)?,? (?:or|and/or) "
    r"(?:for |in )?(?:the )?(?:advanced|metastatic|recurrent)\b|"
    # "(neoadjuvant, adjuvant, or metastatic setting)", "(adjuvant or metastatic)"
    rf"\({_LISTED_SETTING}{{0,4}}?(?:neo-?)?adjuvant,? (?:or |and/or )?{_LISTED_SETTING}{{0,4}}?"
    r"(?:advanced|metastatic|recurrent|palliative)\b[^()]{0,20}\)|"
    rf"\({_LISTED_SETTING}{{0,4}}?(?:advanced|metastatic|recurrent|palliative),? (?:or |and/or )?"
    rf"{_LISTED_SETTING}{{0,4}}?(?:neo-?)?adjuvant\b[^()]{{0,20}}\)"
)
_FAILED_COUNT = re.compile(
    r"\b(?:progress\w*|fail\w*|refractory|relaps\w*|recurr\w*)\b[^.;]{0,40}?\b(?:after|on|"
    # (not the top of a range: "after 1 to 2 prior lines")
    r"following|to|with|of|during)?\s*(?:receiving\s+)?(?<!\d to )(?<!\d-)(\d+)\s+(?:prior\s+|"
    r"previous\s+)?"
    r"(?:(?:systemic|standard|anti-?cancer|treatment|therapy|chemotherapy) ){0,2}"
    r"(?:lines?|regimens?)\b(?! or more)"
)
# Progression on the line that is the most recent one: that many lines before.
_LINE_NUMBERS = {"first": 1, "1st": 1, **_ORDINALS}
_NTH_LINE_LAST = re.compile(
    r"\b(?:progress\w*|relaps\w*|recurr\w*|fail\w*|refractory)\b[^.;]{0,40}?\b(?:on|after|"
    r"following|during|to)\s+(?:or after\s+)?(?:the |their |a )?(first|1st|second|2nd|third|3rd)"
    r"(?:[- ]line)?-?(?:,? (?:or|and/or) (second|2nd|third|3rd|fourth|4th))?[- ]line\b"
    r"[^.;()]{0,60}?"
    r"\bas (?:the |their )?(?:most recent|last|latest)\b"
)
# A harm of a therapy received ("chemotherapy-induced neuropathy"): a supportive-care topic.
_HARM_OF_THERAPY = re.compile(
    r"neuropath\w*|nausea|vomiting|toxicit\w*|[\w-]*induced\b|alopecia|hair loss|mucositis|"
    r"side effects?|adverse|cardiotoxic\w*|fatigue"
)
# An exclusion "(Patients who) have not progressed on / received ...": a requirement negated.
_NOT_YET_TREATED = re.compile(
    r"^\W*(?:(?:patients?|participants?|subjects?) (?:who )?)?(?:have|has|had|did) (?P<not>not )"
    r"(?:yet )?(?:progress\w*|received|been (?:previously )?treated|failed|relapsed)\b"
)


# "Up to 3 prior lines of therapy, including platinum-based chemotherapy and anti-PD-1": the
# lines counted must include that therapy, so at least one was given. Not when the words only
# say what counts as a line ("including (neo)adjuvant therapy", "including investigational
# agents") or set it in brackets.
_INCLUDING_A_LINE = re.compile(
    r"^[^,;]{0,80}?,\s*(?:which|that)?\s*(?:must |should )?(?:have )?includ(?:ing|ed?)\s+"
    r"(?!(?:but not limited|any|all|those|these|both|either|the following|any|prior or|"
    r"(?:[\w-]+ ){0,2}?(?:neo-?)?adjuvant|(?:[\w-]+ ){0,2}?(?:maintenance|investigational|"
    r"perioperative|radiation|radiotherapy|surgery|local|consolidation|induction)))"
    r"(?:(?:at least (?:1|one)|an?|prior|previous|one|1|systemic)\s+)*"
    r"(?:[\w/+()-]+\s+){0,4}?(?:chemotherapy|immunotherapy|regimens?|therapy|inhibitors?|"
    r"antibod(?:y|ies)|tkis?|agents?|" + _NAMED_THERAPY + r")\b"
    r"(?![^.;]*\b(?:neo-?adjuvant|adjuvant|maintenance)\b)"
)


def _after_unopened_bracket(text: str) -> int:
    """Where the text after the last closing bracket that it never opened begins (0 if none)."""
    depth, start = 0, 0
    for position, character in enumerate(text):
        if character == "(":
            depth += 1
        elif character == ")":
            if depth:
                depth -= 1
            else:
                start = position + 1
    return start


def _clause_rest(norm: str, start: int) -> str:
    """The text from `start` to the end of its clause."""
    rest = norm[start:]
    return rest[: min((rest.find(end) for end in (";", ". ") if end in rest), default=None)]


# "Eligible for treatment in the second-line setting" at the start of an inclusion (or after
# "must be") asks for it; "... are eligible" after a subject only admits.
_ELIGIBLE_FOR = re.compile(
    # ("Patients having failed one prior regimen and eligible for a second-line treatment")
    r"(?:^\W*|\b(?:must|should|to) be |\band )eligible (?=for\b|to\b)"
)


# "More than 2 prior chemotherapy regimens. Any previous immunotherapy regimens are allowed",
# "> 1 line of cytotoxic therapy; prior immunotherapy and targeted therapies are allowed": a
# count of chemotherapy lines beside other classes left free caps no line of therapy.
_CHEMOTHERAPY_COUNT = re.compile(
    r"\b\d+\s+(?:prior |previous )?(?:(?:lines?|regimens?|courses?) of )?(?:systemic )?"
    r"(?:cytotoxic|chemotherap\w*)"
)
_OTHER_CLASSES_FREE = re.compile(
    r"\b(?:no limit|not limited|unlimited|any number)\b[^.;]*\b(?:non-?cytotoxic|hormon\w*|"
    r"endocrine|immunolog\w*|immunotherap\w*|targeted|biologic\w*)|"
    r"\b(?:non-?cytotoxic|hormon\w*|endocrine|immunotherap\w*|immunolog\w*|targeted|"
    r"biologic\w*)\b[^.;]*\b(?:(?:is|are) (?:allowed|permitted|not counted|not considered)|"
    r"remains? eligible|(?:do|does) not count)"
)


_GROUP_WITH = re.compile(
    r"(?:^|[;.]\s*|\bfor )(?:the )?(?:patients?|participants?|subjects?) with\b"
)


def read_prior_lines(kind: str, text: str) -> dict[str, Any] | None:
    """Params of a `prior_lines` criterion in the sense of the line's kind, if stated."""
    params = _read_prior_lines(kind, text)
    norm = normalise(text)
    if params and _CHEMOTHERAPY_COUNT.search(norm) and _OTHER_CLASSES_FREE.search(norm):
        # the chemotherapy count sets no maximum of lines (an exclusion's minimum is the
        # maximum allowed)
        params = {k: v for k, v in params.items() if k != ("min" if kind == "exclusion" else "max")}
    return params or None


def _read_prior_lines(kind: str, text: str) -> dict[str, Any] | None:
    norm = normalise(text)
    # "between 1 and 3 prior lines" is "1 to 3"; "zero or one prior line" is "0 or 1".
    norm = re.sub(r"\bbetween (\d+) and (\d+)\b", r"\1 to \2", re.sub(r"\bzero\b", "0", norm))
    # Misspelt therapies ("tehrapy", "theraphy") and "frontlines" are still lines of therapy.
    norm = re.sub(r"\bt(?:eh|he)raph?(y|ies)\b", r"therap\1", norm)
    # "Prior radio therapy for colorectal cancer" is radiotherapy, no systemic line
    norm = re.sub(r"\bradio[ -]therap(y|ies)\b", r"radiotherap\1", norm)
    norm = re.sub(r"\brecieved\b", "received", norm)  # "must not have recieved more than 3"
    # "after >= 1 prior line (>= 2 and <= 4 prior lines for NSCLC)": one tumour type's own
    # count beside the others', so no count holds for everyone
    if _GROUP_COUNT_IN_BRACKETS.search(norm):
        return None
    # "less than or equal to (<=) 2 lines": the sign in brackets repeats the words (even wrongly)
    norm = re.sub(r"\b((?:less|greater|fewer|more) than or equal to)\s*\([<>=]{1,2}\)", r"\1", norm)
    norm = re.sub(r"\bfront-?lines\b", "front-line", norm)
    # "anti-PD-(L)1": one class named, whatever its bracket
    norm = re.sub(r"\bpd-?\(l\)-?1\b", "pd-l1", norm)
    # "One, and only one, prior regimen": exactly one
    norm = re.sub(r"\b(\d+),? and only \1\b,?", r"exactly \1", norm)
    # "progression per modified RECIST during or following ...": the criteria named between
    # the progression and the therapy are no part of the reading
    norm = re.sub(
        r"\s+(?:per|by|according to|as defined by) (?:the )?(?:modified |revised )?"
        r"(?:response evaluation criteria in solid tumou?rs|[im]?recist|rano|imwg|iwg|lugano)"
        r"(?: criteria)?(?: \((?:[im]?recist)\))?(?: (?:v|version )?\d(?:\.\d)?)?",
        "",
        norm,
    )
    # "Must have received 2 prior chemotherapy regimens", "... 2 prior lines of therapy": those
    # two at least ("must have received 1 line of ..." is read as exactly one, see
    # `_LINES_EXACTLY`)
    norm = re.sub(
        r"\b((?:must|should) have (?:previously )?(?:received|had|been treated with)) ([2-9]) "
        r"(?=(?:prior|previous) |lines of\b)",
        r"\1 at least \2 ",
        norm,
    )
    # "Prior treatment regimens up to 2 are allowed", "prior lines of therapy: no more than 3":
    # a cap written after the lines it counts is that cap ("up to 2 prior treatment regimens")
    norm = re.sub(
        r"\b((?:prior|previous) (?:[a-z-]+ ){0,2}?(?:lines?|regimens?)(?: of (?:[a-z-]+ ){0,2}?"
        r"(?:therapy|therapies|treatments?))?)\s*:?\s*(up to|no more than|not more than|at most|"
        r"a maximum of)\s*(\d+)\b(?!\s*(?:[a-z-]+\s+)?(?:days?|weeks?|months?|years?|cycles?|"
        r"doses?|lines?|regimens?|therap(?:y|ies)|treatments?)\b)",
        r"\2 \3 \1",
        norm,
    )
    # "No prior systemic treatment for metastatic disease is allowed": the admission is the
    # negation's ("no ... is allowed"), not an exception
    norm = re.sub(
        r"^(\W*no (?:prior|previous)\b[^.;()]*?)\s+(?:is|are|will be) (?:allowed|permitted)\W*$",
        r"\1",
        norm,
    )
    # "Exclusion Criteria:Patients with prior ...": a heading run into the first item
    norm = re.sub(
        r"^\W*(?:(?:key )?(?:inclusion|exclusion) criteria|disease characteristics|prior "
        r"concurrent therapy)\s*:\s*",
        "",
        norm,
    )
    if (
        len(re.findall(_GROUP_WITH, norm)) >= 2
        and len(
            re.findall(
                r"\b\d+\s+(?:prior |previous )?(?:[\w-]+ ){0,3}?(?:lines?|regimens?)\b", norm
            )
        )
        >= 2
    ):
        # "Patient with squamous NSCLC has received more than 1 line ...; patient with
        # non-squamous NSCLC has received more than 2 lines": one count per group
        return None
    if (
        kind == "exclusion"
        and re.search(
            r"(?:more than|over|>|>=|at least)\s*\d+\s+(?:prior |previous )?"
            r"(?:cycles?|courses?|doses?)\b"
            r"|\b\d+ or more (?:prior |previous )?(?:cycles?|courses?|doses?)\b",
            norm,
        )
        and not re.search(r"\b(?:lines?|regimens?)\b", norm)
    ):
        # "More than 2 cycles of prior induction therapy": a count of cycles rules out no line
        return None
    # "Chemotherapy-naive for stage IV colorectal cancer": no prior chemotherapy for that
    # cancer (the cancer named, not only "disease")
    norm = re.sub(
        r"^(\W*)chemo(?:therapy)?[- ]naive (?=(?:for|in) (?:the |their |his |her )?"
        r"(?:[\w-]+ ){0,2}?"
        r"(?:stage iv|stage 4|metastatic|advanced|recurrent)\b[^.;]{0,40}?\b(?:cancer|"
        r"(?:adeno)?carcinoma|nsclc|sclc|melanoma|sarcoma|mesothelioma|lymphoma|myeloma)\b)",
        r"\1no prior chemotherapy ",
        norm,
    )
    if kind == "inclusion":
        # "Evidence of progression on a prior therapy is not required", "Patients who received
        # >= 3 lines will be capped at 40%": sentences that ask for no count
        norm = re.sub(
            r"[^.;]*(?:\b(?:is|are) not (?:a )?(?:required|necessary|mandatory|requirement)\b|"
            r"\bcapped\b|\blimited to (?:\d+ ?%|\d+ (?:patients|participants|subjects))|"
            r"\b\d+ ?% of (?:the )?(?:patients|participants|subjects|enrol\w*))[^.;]*[.;]?",
            " ",
            norm,
        ).strip()
        if (
            len(
                re.findall(
                    r"\bfor (?:the )?(?:patients?|participants?|subjects?|those) with\b", norm
                )
            )
            >= 2
        ):
            # "no more than 2 regimens for patients with breast or colon cancers; no prior
            # cytotoxic therapy for patients with melanoma": one rule per group
            return None
        if (
            len(re.findall(_PATIENTS_OF_ARM, norm)) >= 2
            and len(re.findall(r"\b(?:prior|previous\w*|received|had)\b", norm)) >= 2
        ):
            # "Patients eligible for docetaxel should have received at least one prior line.
            # Patients eligible for gemcitabine should not have prior palliative therapies":
            # one rule per arm
            return None
        if (
            re.match(r"^\W*(?:one|1|either|any) of the following\b", norm)
            # "a diagnosis of any of the following: relapsed AML; ... OR ...": alternatives
            or re.search(
                r"\bdiagnos[ie]s (?:of|with) (?:one|1|any|either) of the following\b", norm
            )
        ) or re.search(
            # (not "indications for treatment": the reasons to treat a blood cancer now)
            r"\b(?:one|1|any)(?: or more)? of the following (?:\w+ )?(?:indications(?! for "
            r"(?:\w+ )?(?:treatment|therapy|chemotherapy))|tumou?r types|cancers|diseases|"
            r"diagnoses|histologies)\b",
            norm,
        ):
            # "One of the following three malignancies: ...", "for 1 or more of the following
            # indications: NSCLC with progression on ...; first-line RCC": alternatives
            return None
        if alternatives := re.search(
            # "with NHL or CLL and one of the following: ..."
            r"\b(?:meet\w*|fulfil\w*|satisf\w*|(?:must |should )?(?:have|has)|and)\s+"
            r"(?:at least\s+)?(?:one|1|any|either)(?: or more)? of the following\b",
            norm,
        ):
            # "..., meeting 1 of the following criteria: ...": the alternatives after it are
            # read as none; what the line says before them still holds
            norm = norm[: alternatives.start()]
            # "Patients must be previously untreated and meet at least one of the following
            # indications for treatment": the requirement before the options stands alone
            norm = re.sub(r"\s*\band\W*$", "", norm)
        if re.search(
            r"\b(?:one|1|either) of (?:the )?(?:\d+ |following )?(?:cohorts|arms|groups)\b", norm
        ):
            return None  # "Patients must be eligible for one of two cohorts: ...": per cohort
        if re.search(
            # "Patients over 65 who have not received therapy for AML are also eligible"
            r"\b(?:newly diagnosed|new diagnosis|untreated|treatment[- ]na[iï]ve|(?:have|has) not "
            r"(?:yet )?(?:received|been treated|had)\b)[^.;]{0,80}?"
            r"(?:\b(?:are|is|will be|may be) (?:also )?(?:eligible|allowed|permitted|included)\b|"
            # "...; Patients with previously untreated AML allowed": the verb left out
            r"(?<!\bnot )\b(?:allowed|permitted)\s*(?:[.;]|$))",
            norm,
        ) and (
            _PRIOR_MIN_ONE.search(norm) or _LINES_MIN.search(norm) or _AFTER_FIRST_LINE.search(norm)
        ):
            return (
                None  # "... should have received X. Patients with a new diagnosis are eligible if"
            )
        if _FOR_THOSE_WHO.match(norm) or _GROUP_MUST_MEET.match(norm):
            return (
                None  # "For participants who have received a checkpoint inhibitor, ...": a group's
            )
        if (either := _untreated_or_at_most(norm)) is not None:
            return {"max": either}
        if any(
            (
                _naive_in_general(clause)
                # "no prior systemic therapy (including chemotherapy, ...) for metastatic NSCLC"
                or _naive_in_general(_without_examples(clause))
                or _chemo_naive(clause)
                or _NO_TREATMENT_AT_ALL.search(_without_parentheses(clause))
                or _no_listed_classes(_without_parentheses(clause))
            )
            and not _NOT_THE_CANCER_UNTREATED.search(clause)
            # "Patients with previously untreated metastatic RCC are eligible": let in, not required
            and not _UNTREATED_ADMITTED.search(clause)
            # "Must not have received systemic therapy within the preceding 3 weeks": a washout
            and not _RECENT_WINDOW.search(_without_parentheses(clause))
            for clause in _clauses(norm)
        ):
            if _NAIVE_OR_TREATED.search(norm):
                return None  # "treatment-naive or previously treated patients are eligible"
            if re.search(
                r"\b(?:except|excluding|other than|apart from|with the (?:following )?"
                r"exceptions?)\W*$",
                norm,
            ):
                return None  # "No prior treatment except" with the exceptions on the lines below
            if any(_exception_is_a_line(clause) for clause in _clauses(norm)):
                # "No prior systemic therapy for advanced disease, except ET"; but "(up to
                # one line of ET is allowed)" lets in that many lines and no more.
                if (allowed := _lines_excepted(norm)) is not None:
                    return {"max": allowed}
                return None
            if _LINES_MIN.search(norm) or re.search(r"naive[^.;]{0,40}\bonly if\b", norm):
                return None  # "at least 1 prior therapy ...; treatment-naive only if refused"
            if _OR_NOT_RECEIVED.search(norm):
                return None  # "treatment-naive, or intolerant to first-line therapy"
            return {"max": 0}
        if (
            (match := _LINES_EXACTLY.search(norm))
            and _generic(match, norm)
            # "Only one prior regimen in the curative setting": no line for advanced disease
            and not re.match(r"\s*(?:in|for) the (?:curative|early)\b", norm[match.end() :])
        ):
            count = int(match.group(1) or match.group(2))
            if re.search(
                r"\b(?:allowed|permitted|acceptable|may)\b", _clause_rest(norm, match.end())
            ):
                return {"max": count}  # "Only one prior regimen is allowed": a cap, not a need
            return {"min": count, "max": count}
        if (match := _LINES_MIN_MAX.search(norm)) and _generic(match, norm):
            low, high = int(match.group(1)), int(match.groups()[-1]) - (1 if match["below"] else 0)
            if low <= high:
                return {"min": low, "max": high} if low else {"max": high}
        if (match := _LINES_RANGE.search(norm)) and _generic(match, norm, after=60):
            low, high = int(match.group(1)), int(match.group(2))
            # "one, two or three prior lines": the list starts lower
            head = norm[: match.start(1)]
            while listed := re.search(r"(\d+)\s*,\s*$", head):
                low, head = int(listed.group(1)), head[: listed.start()]
            if low <= high:
                return {"min": low, "max": high} if low else {"max": high}
        if (match := _LINES_MIN.search(norm)) and _systemic(match, norm):
            head = norm[: match.start()]
            head = head[max(head.rfind(";"), head.rfind(". ")) + 1 :]
            if re.search(r"\bif\b[^.;,]{0,60},", head):
                # "extensive-stage disease or, if limited-stage disease, must have received at
                # least one prior systemic therapy": the minimum of those who meet the condition
                return None
            # "Patients must have previously received or be ineligible for (or refused)
            # autologous stem cell transplant": that sentence's alternative is the transplant's
            offered = " ".join(
                clause
                for clause in _clauses(norm)
                if _LINES_MIN.search(clause) or not re.search(r"\btransplant\w*\b", clause)
            )
            if _OR_NEVER_RECEIVED.search(offered) or _CONDITIONAL_THERAPY.search(
                _without_added_therapy(norm)
            ):
                # "at least one prior line, or refused it", "(if available)": no minimum; a
                # maximum stated in a clause of its own still holds ("... or refused therapy
                # with a TKI. No more than two lines of prior therapy are allowed.")
                for clause in _clauses(norm):
                    most = _LINES_MAX.search(clause)
                    if (
                        most
                        and _generic(most, clause)
                        and not _LINES_MIN.search(clause)
                        and not _OR_NEVER_RECEIVED.search(clause)
                        and not _CONDITIONAL_THERAPY.search(clause)
                    ):
                        return {"max": int(most.group(1))}
                return None
            if any(
                _LINES_MIN.search(c)
                and (_only_admits(c) or re.search(r"\bmay (?:also )?have (?:received|had)\b", c))
                for c in _clauses(norm)
            ):
                # "Participants who received one or more prior lines are allowed", "Patients
                # may have received one or more previous lines": a permission, no minimum
                return None
            if _ADJUVANT_OR_ADVANCED.search(_clause_rest(norm, match.start())):
                return None  # "after at least one endocrine therapy (in the advanced or adjuvant
                # setting)": the one may have been adjuvant, no line for advanced disease
            low = int(match.group(1) or match.group("more"))
            # "at least one prior systemic therapy but no more than three lines"
            rest = norm[match.end() :]
            rest = rest[: min((rest.find(end) for end in (";", ". ") if end in rest), default=None)]
            most = _LINES_MAX.search(rest)
            if most and _generic(most, rest) and low <= int(most.group(1)):
                return {"min": low, "max": int(most.group(1))}
            # "up to 2 prior lines, including at least one platinum-based regimen"
            head = norm[: match.start()]
            head = head[max(head.rfind(";"), head.rfind(". ")) + 1 :]
            before = list(_LINES_MAX.finditer(head))
            if before and _generic(before[-1], head) and low <= int(before[-1].group(1)):
                return {"min": low, "max": int(before[-1].group(1))}
            # "... at least one prior regimen. The maximum number of prior lines is 3"
            number = _LINES_MAX_NUMBER.search(norm)
            if number and _generic(number, norm) and low <= int(number.group(1) or number.group(2)):
                return {"min": low, "max": int(number.group(1) or number.group(2))}
            # "... meets the following: no more than 2 prior systemic regimens; at least 1
            # regimen must have been platinum-based": a maximum in another clause of the line
            # ("must not have received more than 3 prior regimens and must be relapsed after at
            # least one", in an inclusion, likewise)
            caps = [*_LINES_MAX.finditer(norm)]
            if kind == "inclusion":
                caps += _LINES_NOT_OVER.finditer(norm)
            for most in caps:
                if (
                    _generic(most, norm)
                    and low <= int(most.group(1))
                    and not _EXCEPTED_CLASS.match(_clause_rest(norm, most.end()))
                ):
                    return {"min": low, "max": int(most.group(1))}
            return {"min": low}
        if (match := _LINES_MAX_NUMBER.search(norm)) and _generic(match, norm):
            top = int(match.group(1) or match.group(2))
            # the rest of the line may state a minimum ("relapsed or refractory AML; ... The
            # maximum number of prior lines of induction is 3")
            others = read_prior_lines(kind, norm[: match.start()] + norm[match.end() :])
            if others is not None and set(others) == {"min"} and others["min"] <= top:
                return {"min": others["min"], "max": top}
            return {"max": top}
        if (match := _LINES_MAX.search(norm) or _LINES_NOT_OVER.search(norm)) and _generic(
            match, norm
        ):
            if _EXCEPTED_CLASS.match(_clause_rest(norm, match.end())):
                return None  # "No more than 4 prior lines (not including ibrutinib)"
            if _GROUP_COUNT.match(norm, match.end()):
                return None  # "no more than 2 regimens (4 for breast cancer)": per group
            if (
                len(
                    {
                        most.group(1)
                        for most in _LINES_MAX.finditer(norm)
                        if re.match(r"[^.;,]{0,30}?\bfor\b", norm[most.end() :])
                    }
                )
                >= 2
            ):
                # "up to 3 prior regimens for CRC, ..., up to 2 prior regimens for H&N": per group
                return None
            if _INCLUDING_A_LINE.match(_without_parentheses(_clause_rest(norm, match.end()))):
                # "Up to 3 prior lines, including platinum-based chemotherapy": one received
                return {"min": 1, "max": int(match.group(1))}
            top = int(match.group(1))
            head = norm[: match.start()]
            head = head[max(head.rfind(";"), head.rfind(". ")) + 1 :]
            if (
                _PROGRESSED_ON_COUNT.search(head)
                and not _NEGATION.search(head)
                and not _OR_NEVER_RECEIVED.search(
                    _clause_rest(norm, max(0, match.start() - len(head)))
                )
            ):
                # "Progression on no more than 2 prior regimens", "relapsed after receiving up to
                # 2 prior induction regimens": one at least was received
                return {"min": 1, "max": top} if top >= 1 else None
            # "Has received ASCT after first-line induction. ... <= 3 prior lines": a minimum
            # stated elsewhere in the line goes with the maximum
            others = read_prior_lines(kind, norm[: match.start()] + norm[match.end() :])
            if others is not None and set(others) == {"min"} and others["min"] <= top:
                return {"min": others["min"], "max": top}
            return {"max": top}
        if (match := _LINES_FEWER.search(norm)) and _generic(match, norm):
            if _EXCEPTED_CLASS.match(_clause_rest(norm, match.end())):
                return None  # "fewer than 4 prior lines (other than EGFR inhibitors)"
            top = _fewest_ruled_out(match)
            # "Relapsed myeloma after fewer than 4 prior lines": a minimum may come with it
            others = read_prior_lines(kind, norm[: match.start()] + norm[match.end() :])
            if others is not None and set(others) == {"min"} and others["min"] <= top:
                return {"min": others["min"], "max": top}
            return {"max": top} if top >= 0 else None
        if (match := _LINES_OVER.search(norm)) and _generic(match, norm):
            # "Myeloma patients who have received > 3 prior lines of therapy": at least 4
            start = max(norm.rfind(";", 0, match.start()), norm.rfind(". ", 0, match.start())) + 1
            clause, head = _clause_rest(norm, start), norm[start : match.start()]
            if not (
                _NEGATION.search(head)
                # "If the subject has received more than 3 prior regimens, the sponsor must ..."
                or re.match(r"\W*(?:if|when|in case|for)\b", head)
                or _PERMISSION.search(clause)
                or _SAYS_EXCLUDED.search(clause)
                or _EXCEPTED_CLASS.match(_clause_rest(norm, match.end()))
                or re.search(r"\bwithin \d+ (?:days?|weeks?)\b|\b(?:study|trial)\b", clause)
            ):
                return {"min": int(match.group(1)) + 1}
        conditional = _CONDITIONAL_THERAPY.search(_without_added_therapy(norm))
        included = re.search(r",?\s*\b(?:which|that) (?:must|should) (?:also )?include\b", norm)
        if conditional and included and included.start() < conditional.start():
            # "progression after prior therapy for metastatic disease, which must include X and
            # Y if approved and available": the condition is the included therapy's only
            norm, conditional = norm[: included.start()], None
        if _NO_STANDARD_LINE.search(norm) or conditional:
            # "refractory to standard therapy, or for which no standard therapy exists";
            # "standard therapy, if known to be effective for that disease": not for everyone
            return None
        for whole in _clauses(norm):
            # "Failed two prior lines", "progression after 2 prior regimens": at least those;
            # a bracket that allows something more ("(one more line allowed if adjuvant)") does
            # not make the count a permission.
            for clause in (whole, _without_parentheses(whole)):
                failed = _FAILED_COUNT.search(clause)
                if (
                    failed
                    and _systemic(failed, clause)
                    and not _NEGATION.search(clause[: failed.start()])
                    and not _PERMISSION.search(_ELIGIBLE_FOR.sub(" ", clause))
                    and not _OR_NEVER_RECEIVED.search(clause)
                ):
                    return {"min": int(failed.group(1))}
        for clause in _clauses(norm):
            refractory = _CLASS_REFRACTORY.search(clause)
            if (
                refractory
                and not re.search(r"\bor\b|,|:|\b(?:any|one) of\b", clause)
                and not _NEGATION.search(clause[: refractory.start()])
                and not _PERMISSION.search(clause)
                and _systemic(refractory, clause)
            ):
                return {"min": 1}
        for clause in _clauses(norm):
            # "progression on first- or second-line osimertinib as the most recent therapy"
            if (nth := _NTH_LINE_LAST.search(clause)) and not _NEGATION.search(
                clause[: nth.start()]
            ):
                first = _LINE_NUMBERS[nth.group(1)]
                last = _LINE_NUMBERS[nth.group(2) or nth.group(1)]
                if first <= last:
                    return {"min": first, "max": last}
        for clause in _clauses(norm):
            match = _PRIOR_MIN_ONE.search(clause)
            plain = _without_side_remarks(clause)
            if match is None or _PERMISSION.search(plain) or _OR_NEVER_RECEIVED.search(clause):
                continue
            if _INELIGIBLE_OR.search(clause[: match.start()]):
                continue  # "Ineligible for or intolerant to platinum": one of alternatives
            if _only_admits(plain):
                continue  # "Patients with resistance to the PD-1 inhibitor will be included"
            if _GROUP_OR_UNLESS.search(clause):
                continue  # "Prior X is required for HLA-A2-positive patients unless unavailable"
            if _SAYS_EXCLUDED.search(plain):
                continue
            if re.search(r"\blesions?\b", plain) or not _systemic(match, clause):
                continue
            if _ADJUVANT_OR_ADVANCED.search(clause):
                continue  # "progression on osimertinib in the adjuvant or metastatic setting"
            if _HARM_OF_THERAPY.search(clause) and not re.search(
                r"progress|fail|refractory|relaps|intoleran|most recent|latest", match.group(0)
            ):
                continue  # "received taxane chemotherapy and have grade 2 neuropathy"
            if re.search(
                # "the second scan within 3 weeks before consent" dates a scan, not a therapy
                r"(?<!scan )(?<!scans )(?<!performed )(?<!done )(?<!obtained )(?<!imaging )"
                r"\bwithin \d+ (?:days?|weeks?)\b",
                clause,
            ) and not re.search(r"progress\w* within", clause):
                continue  # "prior chemotherapy within 21 days": a window, not a line count
            if re.search(
                r"\b(?:must|should) (?:have )?been (?:completed|discontinued|stopped)\b|"
                r"\b\d+ (?:days?|weeks?) (?:prior|before)\b",
                clause,
            ) and not re.search(r"progress|fail|refractory|relaps|intoleran", match.group(0)):
                continue  # "Prior therapy with X must have been completed 3 weeks prior": a window
            # A negation before the cue (or before "prior" inside it) says the opposite.
            cut = match.group(0).rfind("prior")
            head = clause[: match.start() + max(cut, 0)]
            # A negation closed off by a bracket opened before the clause is an earlier
            # phrase's ("with no neuroendocrine component) or melanoma that progressed on ...").
            head = head[_after_unopened_bracket(head[: match.start()]) :]
            if not _NEGATION.search(head):
                return {"min": 1}
        for clause in _clauses(norm):
            plain = _without_side_remarks(clause)
            if _PERMISSION.search(_ELIGIBLE_FOR.sub(" ", plain)) or _OR_NEVER_RECEIVED.search(
                clause
            ):
                continue
            if _SAYS_EXCLUDED.search(plain):
                continue
            if re.search(
                r",?\s*\bor\W*$|\b(?:unavailable|unsuitable|not available|does not exist|"
                r"do not exist|inappropriate|declined|refused)\b",
                clause,
            ):
                continue  # one of alternatives
            if re.search(
                # (a primary CNS lymphoma is the trial's disease, not a metastasis)
                r"\b(?:brain|cns(?! lymphoma)|lesions?|no standard|not (?:a )?candidates?)\b",
                plain,
            ):
                continue
            if _NAIVE_OR_TREATED.search(clause):
                continue  # "Untreated, or completed up to 2 cycles of first-line chemotherapy"
            relapsed = _RELAPSED_BLOOD_CANCER.search(clause)
            if (
                relapsed
                and not _NEGATION.search(clause[: relapsed.start()])
                and not re.search(
                    r"newly diagnosed|untreated|\bor (?:\w+ ){0,2}$", clause[: relapsed.start()]
                )
                and not re.search(r"newly diagnosed|untreated|first[- ]line", clause)
                # "relapsed CTCL after 2 lines of skin-directed therapy or ...": a relapse that
                # may have followed local treatment only
                and not re.search(r"\b(?:skin[- ]directed|topical)\b", clause)
            ):
                return {"min": 1}
            nth = _NTH_RELAPSE.search(clause)
            if nth and not _NEGATION.search(clause[: nth.start()]):
                first = {"first": 1, "1st": 1, **_ORDINALS}[nth.group(1)]
                last = {"first": 1, "1st": 1, **_ORDINALS}[nth.group(2) or nth.group(1)]
                if nth["later"] or nth["later2"]:
                    return {"min": first}
                if first <= last:
                    return {"min": first, "max": last}
            span = _LATER_LINE_RANGE.search(clause)
            if span and not _NEGATION.search(clause[: span.start()]):
                first, last = (_LINE_ORDINALS[span.group(i)] - 1 for i in (1, 2))
                if first < last:
                    return {"min": first, "max": last} if first else {"max": last}
            later = _LATER_LINE_NOW.search(clause)
            if later and not _NEGATION.search(clause[: later.start()]):
                ordinal = next(group for group in later.groups() if group)
                return {"min": _ORDINALS[ordinal] - 1}
            if re.search(
                r"\b(?:received|given|had)\b[^.;]{0,40}?\b(?:in the|as) (?:neo-?)?adjuvant"
                r"(?: setting| therapy| treatment)?,? (?:or|and/or)\b",
                clause,
            ):
                continue  # "received a taxane in the adjuvant setting or as first-line ... MBC"
            if (
                (match := _AFTER_FIRST_LINE.search(clause))
                and not _NEGATION.search(
                    # "not resectable or metastatic sarcomas which progressed after ...": a
                    # negation before the relative clause is the noun's, not the progression's
                    re.split(r"\b(?:which|that|who|whose)\b", clause[: match.start()])[-1]
                )
                # "Advanced or refractory solid tumours not amenable to standard therapy": the
                # standard therapy is one they cannot have, not one they had
                and not _NOT_AMENABLE_TO_STANDARD.search(match[0])
            ):
                # "Must have received first-line therapy ...; must be in first or second
                # recurrence": the recurrence counts the lines since
                nth = _NTH_RELAPSE.search(norm)
                if nth and not (
                    nth["later"] or nth["later2"] or _NEGATION.search(norm[: nth.start()])
                ):
                    first = {"first": 1, "1st": 1, **_ORDINALS}[nth.group(1)]
                    last = {"first": 1, "1st": 1, **_ORDINALS}[nth.group(2) or nth.group(1)]
                    if 1 <= first <= last:
                        return {"min": first, "max": last}
                return {"min": 1}
        for clause in _clauses(norm):
            match = _FIRST_LINE_NOW.search(clause) or _FIRST_LINE_PLANNED.search(clause)
            if match is None or _FIRST_LINE_BLOCK.search(clause) or _OR_NOT_RECEIVED.search(clause):
                continue
            if re.search(r"\b(?:brain|cns|no standard|not (?:a )?candidates?)\b", clause):
                continue
            if not _NEGATION.search(clause[: match.start()]):
                return {"max": 0}
        return None
    for clause in _clauses(norm):
        # "Have not progressed on an anti-PD-1 antibody" as an exclusion: the progression is
        # required, so those with fewer lines than it needs are the ones ruled out.
        if (negated := _NOT_YET_TREATED.match(clause)) is not None:
            required = read_prior_lines(
                "inclusion", clause[: negated.start("not")] + clause[negated.end("not") :]
            )
            if required is not None and set(required) == {"min"} and required["min"] > 0:
                return {"max": required["min"] - 1}
            if required is None and _PRIOR_ADVANCED.search(clause):
                return {"max": 0}  # "Has not received prior therapy for metastatic disease"
        if _FIRST_LINE_STARTED.search(clause):
            return {"min": 1}  # "Has already started a first line of treatment": none allowed
    # "received at least one treatment in another clinical study within 4 weeks": a window
    countable = not re.search(
        r"\b(?:another|other|a) (?:clinical |interventional )?(?:study|trial)\b|\bparticipat\w*|"
        r"\bwithin \d+ (?:days?|weeks?)\b",
        _without_parentheses(norm),
    )
    if countable and (match := _LINES_OVER.search(norm)) and _generic(match, norm):
        if _EXCEPTED_CLASS.match(_clause_rest(norm, match.end())):
            return None  # "more than one line (other than EGFR inhibitors)": not all lines
        if _GROUP_COUNT.match(norm, match.end()):
            return None  # "more than 2 regimens (4 for breast cancer)": a count per group
        return {"min": int(match.group(1)) + 1}
    if countable and (match := _LINES_AT_LEAST.search(norm)) and _generic(match, norm):
        return {"min": int(match.group(1) or match.group(2))}
    if countable and (match := _LINES_FEWER.search(norm)) and _generic(match, norm):
        # "Fewer than 2 prior regimens" ruled out: 0 or 1 lines are the ones excluded
        if _EXCEPTED_CLASS.match(_clause_rest(norm, match.end())):
            return None
        top = _fewest_ruled_out(match)
        return {"max": top} if top >= 0 else None
    if match := _LINE_OR_LATER.search(norm):
        return {"min": _ORDINALS[match.group(1)]}
    if (match := _RECEIVED_LATER_LINE.search(norm)) and not _NEGATION.search(norm[: match.start()]):
        return {"min": _ORDINALS[match.group(1)]}  # "Previously received second-line or higher"
    if _LINE_ALLOWED.search(norm):
        # "Prior systemic non-hormonal therapy for metastatic disease. Note: up to one line of
        # endocrine therapy ... will be allowed": more lines than the note lets in are ruled out.
        counted = _counted_exceptions(norm)
        if len(counted) == 1 and _PRIOR_ADVANCED.search(norm[: counted[0][1]]):
            return {"min": counted[0][0] + 1}
        # "Note: one prior line of adjuvant chemotherapy is allowed" lets in no advanced line.
        if counted or not _COUNTED_EXCEPTION.search(norm):
            return None
    # "any other systemic therapy since the parent study", "concurrent": not a prior line.
    not_prior = _WINDOW.search(norm) or _NOT_PRIOR_LINE.search(norm)
    for clause in _clauses(norm):
        # A window in a parenthesis is the exception's ("adjuvant therapy is allowed if
        # completed more than 6 months before"), not the clause's.
        outside = _without_parentheses(clause)
        cue = _FLAG_EXCEPTION.search(outside)
        head = outside[: cue.start()] if cue else outside  # the exception's window is its own
        if _WINDOW.search(head) or _NOT_PRIOR_LINE.search(head) or _NOT_YET_TREATED.match(clause):
            continue
        if re.match(r"^\W*no\b", clause):
            continue  # "No prior systemic therapy ..." among the exclusions: which way is unclear
        if re.search(r"\b(?:undergoing|currently (?:receiving|on))\b", head) and not re.search(
            r"\b(?:prior|previous\w*|past|history|had|received|undergone)\b", head
        ):
            continue  # "subject undergoing any treatment for leukaemia": a therapy under way
        if re.search(r"\btoxicit\w*|\badverse\b|\bside effects?\b|\bresolv\w*", outside):
            continue  # "Toxicities from prior therapy for the malignancy should resolve": harms
        if re.search(
            r"\b(?:another|other|a) (?:clinical |interventional |intervention )?(?:study|studies|"
            r"trials?)\b|\bparticipat\w*|\bhalf-?li(?:fe|ves)\b",
            clause,
        ):
            continue  # "participation in another study ... previous therapy of NSCLC": no count
        if (
            _PRIOR_CHEMO_FOR.search(outside)
            and not _HORMONE_DRIVEN.search(outside)
            and not _OTHER_CANCER_CHEMO.search(outside)
        ):
            return {"min": 1}  # "Any prior systemic chemotherapy for lung cancer"
        match = _PRIOR_ADVANCED.search(clause)
        if match is None and (match := _PRIOR_ADVANCED.search(outside)):
            clause = outside  # "Prior treatment (chemotherapy or surgery) for this cancer"
        # "prior systemic taxane therapy for TCC": one class named inside, not every line
        one_class = match and re.search(
            r"\bsystemic ((?:[\w-]+ ){1,2}?)(?:therapy|therapies|treatments?)\b", match[0]
        )
        if one_class and _CLASS_SPECIFIC.search(one_class.group(1)):
            continue
        if match and (_generic(match, clause, 0) or _SYSTEMIC_ANY.search(match[0])):
            if _exception_is_a_line(clause, match.start()):
                # "Prior systemic therapy for advanced disease, except endocrine therapy";
                # "except one prior line of endocrine therapy" still rules out two lines.
                if (allowed := _lines_excepted(clause[match.start() :])) is not None:
                    return {"min": allowed + 1}
                return None
            return {"min": 1}
        listed = _LIST_FOR_ADVANCED.search(outside)
        if listed and _many_classes(listed["list"] or listed["list2"] or listed["list3"]):
            return {"min": 1}
        if (
            _NO_CHEMO_OR_RT.search(outside)
            and "chemotherapy" in outside
            and not re.search(r"^\W*no\b|\bnot\b|\bnever\b", outside)
        ):
            return {"min": 1}
    bare = re.compile(
        # ("Patients with previous systemic therapy")
        r"^\W*(?:(?:patients?|participants?|subjects?) with )?(?:(?:has|have) )?(?:received )?"
        r"(?:any )?(?:prior|previous) (?:systemic "
        r"(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic )?|anti-?cancer |anti-?tumou?r |"
        r"anti-?neoplastic )"
        r"(?:therapy|therapies|treatments?)\W*$|"
        # "Received any anticancer therapy"
        r"^\W*(?:(?:patients?|participants?|subjects?) who )?(?:(?:has|have|had) )?received any "
        r"(?:systemic )?(?:(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic )?(?:therapy|therapies|"
        r"treatments?)|(?:anti-?cancer|anti-?tumou?r|anti-?neoplastic) (?:drugs?|medications?))"
        r"(?: before| previously| in the past)?\W*$"
    )
    if not not_prior and any(bare.search(_without_parentheses(c)) for c in _clauses(norm)):
        return {"min": 1}  # "Prior systemic therapy." in an exclusion: none allowed
    # "Patients with prior chemotherapy or systemic anti-cancer therapy including ...": every
    # systemic line (what "including" names is an example)
    chemo_or_systemic = re.compile(
        r"^\W*(?:(?:patients?|participants?|subjects?) (?:with|who (?:have|has|had) (?:received )?)"
        r"\s*)?(?:any )?(?:prior|previous) chemotherapy,? (?:or|and/or) (?:any )?(?:other )?"
        r"systemic "
        r"(?:anti-?cancer |anti-?tumou?r |anti-?neoplastic )?(?:therapy|therapies|treatments?)\b"
        r"(?:,?\s+(?:including|such as|eg)\b[^.;]*)?\W*$"
    )
    if any(
        chemo_or_systemic.search(_without_parentheses(c))
        and not (_WINDOW.search(c) or _NOT_PRIOR_LINE.search(c))
        for c in _clauses(norm)
    ):
        return {"min": 1}
    prior = re.search(r"\b(?:any )?(?:prior|previous)\b", norm)
    if prior and _ALL_CLASSES.search(norm) and not not_prior and not _FLAG_EXCEPTION.search(norm):
        return {"min": 1}
    return None


_UNTREATED_OR = re.compile(
    r"\b(?:(?:treatment|therapy)[- ]na[iï]ve|(?:previously )?untreated|no (?:prior|previous) "
    r"(?:systemic )?(?:anti-?cancer )?(?:therapy|therapies|treatments?|lines?|regimens?))\b"
    r"[^.;]{0,60}?(?:,\s*)?\bor\b"
)
# "Failure of 1 prior immunotherapy or no prior systemic therapy for metastatic RCC": the count
# first, then the untreated alternative; the count is the most either allows.
_COUNT_OR_UNTREATED = re.compile(
    r"\b(\d+) (?:prior|previous) (?:[\w-]+ ){0,3}?(?:therapy|therapies|treatments?|lines?|"
    r"regimens?|immunotherapy|chemotherapy)\b[^.;]{0,40}?,?\s*\bor (?:no|without) "
    r"(?:prior|previous) (?:systemic )?(?:anti-?cancer )?(?:therapy|therapies|treatments?|lines?|"
    r"regimens?)\b"
)
_ONE_COUNT = re.compile(
    r"^\W*(?:(?:have|has|had) )?(?:(?:received|been treated with) )?(?:only |up to |at most )?"
    r"(\d+) (?:prior |previous )?(?:lines?|regimens?)\b"
)


_GROUP_OR_UNLESS = re.compile(
    r"\bunless\b|\bunavailable\b|\b(?:required|mandatory) (?:only )?for (?:[\w*:/+-]+ ){0,3}?"
    r"(?:patients?|participants?|subjects?)\b"
)
# "ICI treatment-naive subjects must meet the following criteria": a group's criteria.
_GROUP_MUST_MEET = re.compile(
    r"^\W*(?!(?:all|the|each|every)\b)(?:[\w/()+-]+ ){1,4}(?:subjects?|patients?|participants?) "
    r"(?:must|should|will|need to) (?:also )?(?:meet|fulfil\w*|satisfy)\b"
)
# A rule for those who had a treatment, or have a trait: "For participants who have received
# prior treatment with a checkpoint inhibitor there must be documented progression".
_FOR_THOSE_WHO = re.compile(
    r"^\W*(?:for|among|in) (?:those|(?:the )?(?:patients?|participants?|subjects?)) (?:who|that)\b|"
    # "For patients after progression on an ALK inhibitor: ...": the criteria of one group
    r"^\W*for (?:those|(?:the )?(?:patients?|participants?|subjects?)) (?:after|following|"
    r"progressing|progressed|previously)\b[^:.;]{0,80}:"
)
_RECENT_WINDOW = re.compile(
    r"\b(?:within|in the (?:last|past|preceding|previous))\s+(?:the\s+)?(?:past\s+|last\s+|"
    r"preceding\s+|previous\s+)?\d+\s*(?:days?|weeks?|months?)\b"
)


# "Patients with previously untreated metastatic RCC are eligible": the untreated are let in (the
# clause's subject), not the only ones required.
_UNTREATED_ADMITTED = re.compile(
    r"^\W*(?:patients?|participants?|subjects?|those) (?:with |who (?:are|have|had) )?[^.;,]{0,40}?"
    r"\b(?:previously untreated|untreated|(?:treatment|therapy|chemo(?:therapy)?)[- ]na[iï]ve)\b"
    r"[^.;,]{0,60}?(?:\b(?:are|is|will be|may be) (?:also )?(?:eligible|allowed|permitted|"
    r"included|acceptable)\b|"
    # "Patients with previously untreated AML who decline induction allowed": the verb left out
    r"(?<!\bnot )\b(?:allowed|permitted|eligible)\W*$)"
)
# "previously untreated brain metastases", "Subjects who are newly diagnosed ... must be
# treatment-naive at the time of biopsy": untreated metastases of one site, or one group.
_NOT_THE_CANCER_UNTREATED = re.compile(
    r"\b(?:brain|cns|intracranial|leptomening\w*|spinal cord)\b|"
    # "60 years or older for patients with previously untreated AML": that group's rule
    r"\b(?:for|among|in) (?:the )?(?:patients?|participants?|subjects?|those) (?:with|who (?:are|"
    r"have))\s+(?:[\w-]+ ){0,2}?(?:previously untreated|untreated|treatment[- ]na[iï]ve|newly "
    r"diagnosed)\b|"
    r"^\W*(?:subjects?|patients?|participants?) who\b[^.;]{0,80}\b(?:must|should)\b"
)


def _untreated_or_at_most(norm: str) -> int | None:
    """ "Treatment-naive or no more than one prior line", "no prior therapy, or only one prior
    regimen": the most lines either alternative allows."""
    if count := _COUNT_OR_UNTREATED.search(norm):
        return int(count.group(1))
    for zero in _UNTREATED_OR.finditer(norm):
        rest = norm[zero.end() :]
        rest = rest[: min((rest.find(end) for end in (";", ". ") if end in rest), default=None)]
        if _LINES_MIN.search(rest) or _LINES_OVER.search(rest):
            return None
        if match := _LINES_RANGE.search(rest):
            return int(match.group(2))
        for pattern in (_LINES_MAX, _LINES_EXACTLY, _ONE_COUNT):
            if count := pattern.search(rest):
                return int(next(group for group in count.groups() if group))
    return None


# "Chemotherapy-naive", "No prior chemotherapy for small cell lung cancer", "not received any
# prior chemotherapy": where chemotherapy is the trial's only systemic treatment, no prior line.
# Not beside a cancer treated by hormones or a named class ("No prior chemotherapy for
# metastatic breast cancer" leaves endocrine lines open).
_CHEMO_TARGETS = (
    # ("for the treatment of the participant's advanced or metastatic disease")
    r"(?: (?:for|of) (?:the )?(?:treatment of )?(?:(?:the |their )?(?:patient|participant|"
    r"subject)'?s )?(?:[\w/-]+,? ){0,4}?(?:cancer|carcinoma|"
    r"adenocarcinoma|nsclc|sclc|disease|malignancy|tumou?rs?|neoplasms?|lymphoma|"
    r"leuk(?:a)?emia|myeloma|melanoma|sarcoma|mesothelioma|aml|mds)(?: of (?:the )?[\w-]+)?"
    # "... colorectal cancer with unresectable liver metastasis": the disease described
    r"(?: with (?:[\w-]+ ){0,3}?metastas[ie]s)?"
    r"(?: or (?:any )?other "
    r"(?:neoplasms?|malignanc\w+|cancers?|tumou?rs?))?)?"
)
# "... including neoadjuvant or adjuvant treatment": the naivety reaches earlier settings too
_CHEMO_STRICTER = (
    r"(?:,?\s+including (?:[\w/-]+ ){0,3}?(?:neo-?)?adjuvant\b[^;]*|"
    # "... or any chemotherapy within 5 years of the diagnosis", "... or pelvic irradiation"
    r",?\s+or any (?:prior )?chemotherapy within \d+ years\b[^;]*|"
    r",?\s+or (?:prior )?(?:[\w-]+ )?(?:irradiation|radiotherapy|radiation)(?: therapy)?)?"
)
_CHEMO_NAIVE = re.compile(
    r"^\W*(?:(?:patients?|participants?|subjects?) )?(?:(?:must|should) )?(?:be |are |is )?"
    r"chemo(?:therapy)?[- ]?na[iï]ve\b(?:,? (?:i\.?e\.?|ie|that is)\b.*)?\W*$|"
    # "Chemotherapy-naive patients with advanced NSCLC"
    r"^\W*chemo(?:therapy)?[- ]?na[iï]ve (?:patients?|participants?|subjects?)\b|"
    r"^\W*(?:(?:patients?|participants?|subjects?) (?:with )?)?(?:(?:must )?(?:have|has) "
    r"(?:had )?)?no (?:prior|previous) (?:systemic |cytotoxic )?chemotherapy"
    + _CHEMO_TARGETS
    + _CHEMO_STRICTER
    + r"\W*$|"
    r"\b(?:must|should|may|has|have) not (?:have )?(?:received|had) (?:any )?(?:prior |previous )?"
    r"(?:systemic |cytotoxic )?chemotherapy" + _CHEMO_TARGETS + _CHEMO_STRICTER + r"\W*$|"
    # "Inoperable disease, not previously treated with chemotherapy"
    r"\bnot (?:been )?previously treated with (?:any )?(?:systemic |cytotoxic )?chemotherapy"
    + _CHEMO_TARGETS
    + r"\W*$"
)
# In an exclusion, "Any prior systemic chemotherapy for the treatment of lung cancer":
# chemotherapy for the trial's cancer, named, and nothing else ("Prior chemotherapy for
# metastatic disease" may leave other classes' lines open).
_PRIOR_CHEMO_FOR = re.compile(
    r"^\W*(?:(?:patients?|participants?|subjects?) )?(?:(?:who )?(?:have|has) (?:had|received) )?"
    r"(?:any )?(?:prior |previous |earlier )?(?:systemic |cytotoxic )?chemotherapy (?:for|of) "
    r"(?:the )?"
    # "for locally advanced or metastatic gastric cancer", "for the current indication"
    r"(?:treatment of )?(?:[\w/-]+ ){0,6}?(?:cancer|carcinoma|adenocarcinoma|nsclc|sclc|"
    r"malignancy|lymphoma|leuk(?:a)?emia|myeloma|melanoma|sarcoma|mesothelioma|"
    r"(?<=current )indication)(?: of (?:the )?[\w-]+)?"
    r"(?: in (?:its|the) (?:advanced|metastatic) (?:stage|setting))?\W*$"
)
# "... except before or after surgery", "other than as adjuvant therapy": no advanced line
_PERIOPERATIVE_EXCEPTION = re.compile(
    r",?\s+(?:except|other than)\s+(?:as |when |if |for |in the )?(?:given )?(?:(?:neo-?)?adjuvant|"
    r"perioperative|before or after surgery|(?:as )?(?:a )?radiosensiti\w+)[^;]*$|"
    # "..., treatment with chemotherapy as part of neoadjuvant/adjuvant therapy is allowed if
    # completed ...": a clause of its own that admits (neo)adjuvant treatment only
    r",\s+(?:(?!\b(?:metastatic|advanced|recurrent)\b)[^;,])*?\b(?:neo-?)?adjuvant\b"
    r"(?:(?!\b(?:metastatic|advanced|recurrent)\b)[^;,])*?\b(?:is|are|was|were) (?:allowed|"
    r"permitted|acceptable)\b[^;]*$"
)
# "... chemotherapy for another malignancy": a past cancer's treatment, not this one's.
_OTHER_CANCER_CHEMO = re.compile(
    r"\bchemotherapy (?:for|of) (?:the |a |an |any )?(?:treatment of )?(?:a |an )?(?:other|"
    r"another|prior|previous|second|different|earlier|past|non-(?!small)|unrelated)"
)
_HORMONE_DRIVEN = re.compile(
    r"\b(?:breast|prostate|endometri\w*|hormon\w*|endocrine|targeted|tkis?|inhibitors?|"
    r"immunotherap\w*|antibod\w*|biologic\w*|except|other than|unless|allowed|permitted)\b"
)


def _chemo_naive(clause: str) -> bool:
    """A clause asking for no prior chemotherapy in a trial whose only systemic treatment it is
    (see `_CHEMO_NAIVE`)."""
    plain = _PERIOPERATIVE_EXCEPTION.sub("", _without_parentheses(clause))
    return (
        bool(_CHEMO_NAIVE.search(plain))
        and not _HORMONE_DRIVEN.search(plain)
        and not _OTHER_CANCER_CHEMO.search(plain)
    )


def _naive_in_general(clause: str) -> bool:
    """A naivety to all systemic therapy in the clause that is not one class's ("treatment-naive
    for metastatic NSCLC and osimertinib treatment-naive": the first is general)."""
    one_class = [(m.start(), m.end()) for m in _NAIVE_TO_ONE_CLASS.finditer(clause)]
    return any(
        not any(
            start <= match.start() < end or match.start() <= start < match.end()
            for start, end in one_class
        )
        for match in _NO_PRIOR_ADVANCED.finditer(clause)
    )


def _no_listed_classes(clause: str) -> bool:
    """ "No prior chemotherapy, immunotherapy or targeted therapy for metastatic disease", "No
    previous chemotherapy or radiotherapy": an inclusion asking for no prior line at all."""
    if (
        _NO_CHEMO_OR_RT.search(clause)
        and "chemotherapy" in clause
        and re.search(r"^\W*no\b|\bnot\b|\bnever\b", clause)
    ):
        return True
    negated = re.search(
        r"\b(?:no|none|not (?:have )?(?:been )?(?:received|had|treated with)|never received|"
        r"without)\s+(?:any\s+)?(?=prior|previous)",
        clause,
    )
    if negated is None:
        return False
    listed = _LIST_FOR_ADVANCED.match(clause, negated.end())
    if listed:
        return _many_classes(listed["list"] or listed["list2"] or listed["list3"])
    # "No previous chemotherapy or targeted therapy" at the start, nothing else in the clause
    alone = re.match(
        r"\W*(?:no|none)\s+(?:any\s+)?(?:prior|previous)\s+(?P<list>[a-z/ ,-]{0,100}?)"
        # "... or biologic/targeted therapy for any malignancy": none for any cancer either
        r"(?:\s+for any (?:cancer|malignancy|tumou?r))?\W*$",
        clause,
    )
    return bool(
        alone
        and re.search(r"(?:therap\w*|treatments?)$", alone["list"])
        and _many_classes(alone["list"])
    )


# A bracket that speaks of no therapy, line, setting or group ("(patients with non-target lesions
# only are eligible)") is a remark on another topic: its admission is not the line count's.
_ON_THE_LINES = re.compile(
    r"therap|treat|inhibitor|\blines?\b|regimen|chemo|\bagents?\b|\bdrugs?\b|adjuvant|surg|"
    r"radi|resect|na[iï]ve|progress|relaps|recur|refractory|\w+(?:mab|nib|lib)\b|\bor\b|"
    r"standard|cohort|\bparts?\b|\barms?\b|phase|group|brain|cns|transplant|endocrine|hormon"
)


def _without_side_remarks(clause: str) -> str:
    """The clause without brackets that speak of nothing a line count depends on."""
    return re.sub(
        r"\([^()]*\)",
        lambda bracket: " " if not _ON_THE_LINES.search(bracket[0]) else bracket[0],
        clause,
    )


def _without_examples(clause: str) -> str:
    """The clause without brackets that only give examples ("(including chemotherapy or
    immunotherapy)", "(e.g. docetaxel)")."""
    return re.sub(
        r"\s*\((?:including|includes|incl\.?|e\.g\.?|eg|such as|i\.e\.?)\s[^()]*\)", "", clause
    )


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
        if _only_admits(clause):
            continue
        if kind == "inclusion" and _CONDITIONAL_THERAPY.search(clause):
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
                    listed = re.match(r"\s*\(([^()]*)\)", clause[match.end() :])
                    if listed and re.search(r"\bor\b|and/or", listed.group(1)):
                        continue  # "checkpoint inhibitors (anti-PD-1, anti-PD-L1 or anti-CTLA-4)"
                    if _THERAPY_AS_DISEASE.match(clause[match.end() :]) and (
                        clause[max(0, match.start() - 120) : match.start()].count(",") >= 2
                    ):
                        continue
                elif not _EXCLUDED_CUE.search(before):
                    continue
                elif _ONE_SETTING.search(
                    _without_parentheses(clause[match.end() :])[:100]
                ) and not _ANY_SETTING.search(clause):
                    continue  # "taxane for mCRPC": the same drug given earlier is allowed
                if code not in found:
                    found.append(code)
                break
    return found


# Washouts -----------------------------------------------------------------------------------


_OR_WITHIN_FROM = re.compile(
    r",?\s+or\s+within\s+(?=\d+\s*(?:days?|weeks?|months?)\s+(?:from|since)\b)"
)


# "within 14 or 21 days ... for a non-myelosuppressive or myelosuppressive agent,
# respectively": two windows paired with two kinds of agent later in the clause.
_WINDOWS_RESPECTIVELY = re.compile(
    r"\b(\d+) or (\d+) (days?|weeks?|months?)\b(?=[^;.]{0,150}\brespectively\b)"
)


def _first_of_respective_windows(norm: str) -> str:
    """The shorter of two windows paired "respectively" with two kinds of agent: the general
    one (the longer is a narrower group's, such as myelosuppressive agents)."""
    return _WINDOWS_RESPECTIVELY.sub(
        lambda match: f"{match[1]} {match[3]}" if int(match[1]) < int(match[2]) else match[0],
        norm,
    )


def read_washout_params(kind: str, text: str) -> list[dict[str, Any]]:
    """The `washout` params a line states, one per treatment class (see `washouts.py`)."""
    # "within 60 days from prior TBI ..., or within 14 days from local palliative radiation":
    # the disjunct is a window of its own, for its own treatment
    norm = _OR_WITHIN_FROM.sub("; within ", _first_of_respective_windows(normalise(text)))
    found = washouts.read_line(kind, norm, _clauses(norm))
    return [washout.params(category) for category, washout in found.items()]


def read_washouts(text: str, kind: str = "exclusion") -> dict[str, int]:
    """Treatment category -> days, for the washouts a line states (the longest per category)."""
    return {params["category"]: params["days"] for params in read_washout_params(kind, text)}


# Flags ---------------------------------------------------------------------------------------

# The common exclusions every oncology protocol states in its own words; an exclusion line
# under the wrong heading ("No known brain metastases" among the exclusions) still means them.
COMMON_EXCLUSIONS = (
    "cns_metastases_active",
    "immunodeficiency_hiv",
    "hbv_hcv_active",
    "pregnant_or_breastfeeding",
    "autoimmune_active",
)
_EXCLUSION_FLAGS: tuple[tuple[str, str], ...] = (
    (
        "cns_metastases_active",
        r"(?<!non-)(?<!extra-)(?<!extra )(?<!whole-)(?<!whole )\b(?:brain|cns|central nervous"
        r"(?: system)?|intracranial|"
        r"cerebral)\W+"
        r"(?:\w+\W+){0,3}?(?:metasta\w*|mets\b)|"
        r"metasta\w*\W+(?:\w+\W+){0,3}?(?:brain|cns|central nervous)|"
        # "No tumor spread to the brain"
        r"\bspread to (?:the )?(?:brain|cns|central nervous system)\b|"
        # ("current CNS (CNS 2, CNS 3) involvement": a bracket of grades between)
        r"(?:cns|central nervous system)(?: \(cns\))?(?: \([^()]{1,30}\))?(?:/meningeal|"
        r"(?:/| or | and/or )(?:lepto)?meningeal)? (?:\w+ ){0,2}?involvement|"
        # "CNS lymphoma", "central nervous system or leptomeningeal lymphoma"
        r"(?:cns|central nervous(?: system)?)(?: \(cns\))?(?:(?:/| or | and/or )"
        r"(?:lepto)?meningeal)?[ -](?:lymphoma|leuk\w+)|"
        # ("leukemia infiltration of the central nervous system", "involvement in the CNS")
        r"(?:involvement|infiltration) (?:of|in|into) (?:the )?(?:cns|central nervous system)|"
        # "known brain involvement" (lymphoma, leukaemia)
        r"\bbrain (?:(?:or|and|and/or) (?:lepto)?meningeal )?involvement\b|"
        # "CNS lesions which are symptomatic"
        r"\b(?:brain|cns|intracranial) lesions? (?:which|that) (?:are|is) (?:\w+ )?(?:symptomatic|"
        r"active|untreated|progressive|progressing|uncontrolled|unstable)\b|"
        # "CNS2 or CNS 3 disease": the leukaemia CNS status grades with blasts in the CSF
        r"\bcns ?(?:2|3|ii|iii)[ab]?\b(?! (?:weeks?|days?|months?)\b)|"
        # "Active central nervous system malignancy" (not a primary brain tumour)
        r"(?<!primary )\b(?:cns|central nervous system)(?: \(cns\))? malignanc(?:y|ies)\b|"
        # "Known malignant disease of the central nervous system" (leukaemia, lymphoma)
        r"\bmalignant (?:disease|involvement|infiltration) of (?:the )?(?:cns|central nervous "
        r"system)|"
        # "Known malignancy in Central Nervous System (CNS)", "cancer of the central nervous
        # system that is not stable"
        r"\b(?:malignanc(?:y|ies)|cancers?) (?:in|of|involving) (?:the )?(?:cns|central nervous "
        r"system)\b|"
        # "Uncontrolled tumor in the brain"
        r"\b(?:uncontrolled|active|symptomatic|untreated|progressive|unstable) (?:tumou?rs?|"
        r"cancer|disease) in the brain\b|"
        # "meningeal involvement of myeloma" (leptomeningeal disease of a solid tumour is not)
        r"(?<!lepto)\bmeningeal (?:\w+ )?involvement (?:of|by)\b[^;.]{0,30}?(?:myeloma|lymphoma|"
        r"leuk\w*|\bmm\b|\bcll\b|\ball\b|\baml\b)|"
        # "active CNS disease" (leukaemia, lymphoma), "persistently positive CSF cytology"
        # ("symptomatic progressive brain or leptomeningeal disease")
        r"\b(?:active|symptomatic|untreated|uncontrolled|progressive|overt)"
        r"(?: (?:and/or |and |or )?(?:active|symptomatic|untreated|uncontrolled|progressive|"
        r"progressing))? (?:cns|central nervous system|brain|intracranial)(?: \(cns\))?"
        r"(?:(?:/| or | and/or )(?:lepto)?meningeal)? (?:disease|relapse|lesions?|involvement)|"
        # "laboratory evidence of CNS disease" (leukaemia, lymphoma)
        r"\bevidence of (?:active )?(?:cns|central nervous system)(?: \(cns\))? (?:disease|"
        r"involvement)\b|"
        r"\b(?:known|current) (?:malignant )?(?:cns|central nervous system)"
        r"(?: \(cns\))? (?:disease|relapse)|"
        # "Known cerebral or meningeal disease" (lymphoma): the brain and its coverings
        r"\bknown (?:cerebral|brain|cns)(?:/| or | and | and/or )meningeal disease|"
        r"positive (?:\w+ ){0,2}?(?<!g-)(?:csf|cerebrospinal fluid) (?:cytology|blasts)|"
        r"(?<!g-)(?:csf|cerebrospinal fluid) (?:cytology|blasts) (?:\w+ ){0,2}?positive",
    ),
    (
        "hbv_hcv_active",
        r"\bhep(?:atitis)?[\s-]*(?:type )?(?:b|c)\b|\bhbv\b|\bhcv\b|hbsag|\bhbcab\b|anti-?hbc\b|"
        r"\bhbeag\b|"
        # ("viral or other hepatitis": viral hepatitis among others)
        r"viral (?:\([^()]{1,30}\) )?(?:(?:or|and|and/or) [\w-]+ )?hepatitis|"
        r"hepatitis (?:virus|viral) infection|"
        # "hepatitis A or B", "hepatitis A, B or C": B or C named after A
        r"\bhepatitis a(?:,? (?:or |and |and/or )?[bc]\b)+|"
        # "infectious hepatitis, type A, B or C", "hepatitis types B and C"
        r"\bhepatitis,? types? (?:a,? (?:or |and |and/or )?)?[bc]\b|"
        r"active (?:viral |infectious )?hepatitis\b(?! a\b)|"
        # "active viral (any etiology) hepatitis": a parenthesis inside the name
        r"active (?:viral|infectious) (?:\([^()]{1,40}\) )?(?:or \w+ )?hepatitis\b(?! a\b)|"
        r"\bb,? (?:or|and) c hepatitis|"
        # "chronic infections with HIV or hepatitis", "hepatitis infection": a hepatitis named as
        # an infection is a viral one.
        r"\binfect\w* (?:with|by|of) (?:[\w-]+,? (?:\([\w-]+\),? )?(?:or |and )?){0,3}?(?:viral )?"
        r"hepatitis\b"
        r"(?! a\b)|"
        r"\bhepatitis (?:virus )?infections?\b|"
        # "hepatitis (B&C)", "hepatitis (B or C)": the types in brackets
        r"\bhepatitis\s*\(\s*(?:types?\s+)?[bc]\b|"
        # "active infection (including HIV and hepatitis)": a hepatitis given as an infection
        r"\binfections?\s*\((?:including|such as|eg|e\.g\.|ie|i\.e\.),?\s[^()]*?(?:\([^()]*\)"
        r"[^()]*?)*\bhepatitis\b(?! a\b)",
    ),
    (
        "immunodeficiency_hiv",
        # ("anti-HIV agents: ritonavir, ..." in a list of interacting medicines: the drugs)
        r"\bhiv(?:-?[12](?:/2)?)?\b(?! (?:drugs?|medications?|agents?|protease))|"
        # ("immunodeficiencies" among the conditions excluded)
        r"human immunodeficiency virus|immunodeficienc(?:y|ies)|immune deficienc(?:y|ies)|"
        r"\baids\b|"
        r"deficienc(?:y|ies) of the immune system|"
        r"immunocompromis\w+|"
        # "Patients on antiretroviral therapy": the whole clause.
        r"^\W*(?:(?:patients?|participants?|subjects?)\s+)?(?:who are\s+)?(?:currently\s+)?"
        # ("Current antiretroviral therapy": the same patients)
        r"(?:on|receiving|taking|requiring|treated with|current|ongoing)\s+(?:\w+\s+)?"
        r"anti-?retroviral\s+"
        r"(?:therapy|treatment|drugs?|medications?)\W*$",
    ),
    (
        "pregnant_or_breastfeeding",
        r"(?:positive|negative) (?:[\w/()-]+ ){0,6}?(?:pregnancy test|(?:beta|β)[- ]?hcg)|"
        # "Negative beta human chorionic gonadotrophin (hCG) test": the hormone's name spelt out
        # ("a negative highly sensitive serum (beta-human chorionic gonadotropin [beta-hCG])")
        r"\bnegative (?:(?!or\b|and\b)[\w-]+ ){0,3}?\(?(?:(?:serum|urine|blood|beta|β)[- ]){0,2}"
        r"(?:human )?chorionic gonadotroph?in\b|"
        # "Negative urine or serum pregnancy within 72 hours": the test's word left out
        r"\bnegative (?:(?:urine|serum|blood)(?: or | and/or |/))?(?:urine|serum|blood) "
        r"pregnancy\b|"
        r"(?:pregnancy test|(?:beta|β)[- ]?hcg)\b[^.;]{0,60}?\b(?:negative|positive)\b|"
        # "a serum pregnancy test within 3 days prior to the first dose and the result must be
        # negative"
        # ("the pregnancy test results (serum or urine) within 7 days before enrolment must be
        # negative")
        r"pregnancy test\b[^.;]{0,100}?\b(?:must|should|shall|has to|have to) be negative\b|"
        # "serum pregnancy must be negative": the test's word left out
        r"\b(?:serum|urine|blood) pregnancy (?:must|should|shall|has to|is to) be negative\b|"
        r"pregnan(?:cy|cies|t)\b(?!\s*(?:tests?|testing|prevention|potential|precautions?)\b|"
        r"-(?:related|"
        r"associated))|breast[- ]?feed\w*|lactating|lactation|"
        r"nursing(?! homes?| care| facilit\w*| staff)",
    ),
    (
        "autoimmune_active",
        r"auto-?immune(?:[ ,/]+(?:or|and|and/or|[a-z-]+)){0,5}?[ ,/]+(?:diseases?|disorders?|"
        r"conditions?|syndromes?|illness\w*)\b|"
        r"collagen vascular disease|systemic lupus|lupus erythemato\w*|"
        # ("rheumatoid arthritis, multiple sclerosis, or lupus"; not the skin's own lupus, nor
        # the laboratory's lupus anticoagulant)
        r"(?<!cutaneous )(?<!discoid )\blupus\b(?! anticoagulant)|"
        # "No history or clinical evidence of autoimmunity"
        r"\bauto-?immunity\b",
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
        r"malignan\w*|other (?:cancers?|malignant tumou?rs?)|any other cancer|"
        # "non-breast malignancies"; "non-epithelial malignant conditions of the breast" is a
        # histology of the cancer under study.
        r"non-(?!(?:epithelial|squamous|small|hodgkin|invasive|muscle|metastatic)\b)\w+ "
        r"malignan\w*|"
        r"tumou?rs? of other (?:pathological )?types?|active malignancy|malignanc(?:y|ies) other "
        r"than|concurrent malignan\w*|(?:previous|prior) malignan\w*",
    ),
    # A hair, faecal-microbiota or corneal transplant is not an organ or stem-cell transplant.
    (
        "transplant",
        r"(?<!hair )(?<!fecal )(?<!faecal )(?<!microbiota )(?<!corneal )(?<!cornea )(?<!fat )"
        r"transplant\w*",
    ),
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
_HEPATITIS = dict(_EXCLUSION_FLAGS)["hbv_hcv_active"]
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


# "For hepatitis B, hepatitis C and HIV infections, requirements will be substudy dependent": the
# clause leaves the rule to a part of the study.
_RULE_BY_PART = re.compile(
    r"\b(?:requirements?|criteria|eligibility)\b[^;.]{0,30}?\b(?:sub-?study|cohort|arm|part|"
    r"module)[- ]?(?:dependent|specific)\b|"
    r"\b(?:requirements?|criteria)\b[^;.]{0,30}?\b(?:depend\w* on|vary (?:by|with|between)|"
    r"specific to|defined (?:in|by)) (?:the |each )?(?:sub-?study|sub-?studies|cohorts?|arms?|"
    r"parts?|modules?)\b"
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
# Exceptions the questionnaire can ask (a yes means the exception applies): the exception's
# words must name everything the question's yes covers (every pattern of the tuple).
_ASKABLE_EXCEPTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "other_malignancy_within_2y",
        "other_malignancy_curatively_treated",
        (
            r"curativ\w*|in situ|basal cell|squamous cell (?:carcinoma )?of the skin|"
            r"non-?melanoma skin|superficial bladder|radically treated",
        ),
    ),
    (
        # The question asks "only hypothyroidism on replacement or type 1 diabetes on insulin":
        # an exception naming one of them (or vitiligo) is kept in words.
        "autoimmune_active",
        "autoimmune_thyroid_or_diabetes_controlled",
        (r"thyroid|thyrox\w*", r"diabetes|insulin"),
    ),
)


# Exclusions narrower than the flag's question, anywhere in the clause: co-infection with both
# hepatitis viruses, a partner's pregnancy.
_NARROWER: dict[str, str] = {
    # (A hepatitis B vaccination is left to each mention: "active hepatitis B infection (not
    # including patients with prior hepatitis B vaccination)" still excludes the infection.)
    "hbv_hcv_active": r"(?<!infection or )co-?infect\w*|"
    r"^(?!.*(?:hepatitis\s*[bc]\b|hbv|hcv|hbsag|viral hepatitis)).*(?:autoimmune|alcoholic|"
    r"drug[- ]induced|immune[- ]related|toxic) hepatitis|"
    # "Patients with HBV must receive antiviral prophylaxis": a condition, not an exclusion.
    r"\b(?:must|should|will|are required to|is required to)\s+(?:\w+\s+){0,2}?(?:receive|be "
    r"treated|be on|take|undergo)\b|"
    # "HBV requires antiviral therapy", "it is recommended that HBsAg positive patients are
    # treated prophylactically": care for those who have it, not an exclusion
    r"^\W*(?:hbv|hcv|hepatitis [bc](?: virus)?)(?: infection)?\s+(?:requires|needs)\b|"
    r"\b(?:are|be) treated prophylactically\b|"
    r"concurrent (?:active )?(?:hepatitis b|hbv)\b[^;]{0,80}?\band\b[^;]{0,40}?(?:hepatitis c|hcv)|"
    r"\b(?:both|dual|simultaneous)\b[^;]{0,30}?(?:hepatitis b|hbv)\b[^;]{0,40}?\band\b[^;]{0,30}?"
    r"(?:hepatitis c|hcv)",
    "pregnant_or_breastfeeding": r"partners? (?:who )?(?:is|are|becomes?|being) pregnant|"
    r"pregnant (?:female )?partners?",
}
# "HIV testing will be performed", "No HIV testing required", "HIV negative test not required":
# a test done or not done, not the infection.
# A list of viruses before the test may carry commas ("Hepatitis B, C testing is required",
# "hepatitis B, hepatitis C and HIV serologies will be performed").
_A_TEST_DONE = (
    r"^\)?\s*(?:,?\s*[\w/-]+\s+){0,5}?(?:testing|tests?|screening|serolog\w*)\s+(?:(?:is|are|"
    r"will be|shall be|must be|should be|was|were|has been|have been|will|shall)\s+)?(?:not\s+)?"
    r"(?:be\s+)?(?:required|mandatory|needed|necessary|performed|done|carried out|conducted|"
    r"obtained|collected|repeated|tested|checked)\b"
)
# "Testing for HIV is not required", "screening for hepatitis B will be done": a test named by
# the infection it looks for, whether or not it is required.
_TEST_NAMED = re.compile(
    r"\b(?:testing|tests?|screening|serolog\w*)\s+(?:for|of)\s+[^;]{0,60}?\b(?:is|are|will be|"
    r"shall be|must be|should be)\s+(?:not\s+)?(?:required|mandatory|needed|necessary|performed|"
    r"done|tested|checked)\b"
)
# "Hepatitis B vaccination", "HBV vaccine", "vaccination against hepatitis B": a vaccine
# named by the virus, not the infection.
_A_VACCINE = r"^\)?[\s-]*(?:virus\s+)?(?:vaccin\w*|immuni[sz]ations?|immunised|immunized)\b"
_VACCINE_AGAINST = r"\b(?:vaccin\w*|immuni[sz]ations?|immuni[sz]ed)\s+(?:against|for|to)\s+$"
# "Treatment for autoimmune disease, unless approved by the investigator": left to a person's
# judgement, not a firm exclusion.
_UNLESS_APPROVED = re.compile(
    r"\bunless (?:otherwise )?(?:approved|agreed|authori[sz]ed|permitted|allowed|cleared) by "
    r"(?:the )?(?:treating |study |principal )?(?:investigators?|sponsor|pi|medical monitor)\b"
)
# "HIV infection only if the patient takes a prohibited medicine": the mention is narrowed to
# those patients (no comma between it and the condition).
_ONLY_IF = re.compile(r"[^;,]{0,60}?\bonly (?:if|when|in case)\b")
# A clause whose subject is a test or an assessment that must be done: a procedure of the
# screening, not an exclusion ("An assessment of the hepatitis B/C history must be done at
# screening", "HBV DNA and HCV RNA testing are required for patients with a prior infection").
_PROCEDURE_CLAUSE = re.compile(
    r"\b(?:testing|tests?|assessments?|evaluations?|screening)\b(?:(?!\b(?:if|when|unless)\b)"
    r"[^;]){0,80}?\b(?:is|are|must be|will be|should be|shall be|has to be|have to be)\s+"
    r"(?:required|performed|done|mandatory|conducted|carried out|obtained)\b|"
    # "Anti-HBc positive patients will be monitored for HBV DNA", "Antiviral prophylaxis is
    # required for HBsAg positive patients": care on the study for those who have it
    r"\bwill (?:be )?(?:monitored|tested|followed|screened)\b|\bwill have (?:[\w-]+ ){0,4}?"
    r"(?:monitored|tested|checked|measured)\b|\b(?:prophylaxis|monitoring)\b[^;]{0,40}?\b(?:is|are|"
    r"will be|must be|should be) (?:required|recommended|mandatory|given)\b"
)
# "Patients with HIV should not receive live vaccines": what those with it must not be given.
_NOT_GIVEN_TO_THOSE_WITH = re.compile(
    r"^\W*(?:patients?|participants?|subjects?|individuals?|those)\s+(?:with|who (?:are|have))\b"
    r"[^;]{0,60}?\b(?:should|must|may|can|will|shall) not (?:receive|be given|be vaccinated|be "
    r"treated with|take|use)\b"
)
# Mentions that are not the question, by the words just before (`before`) or just after
# (`after`) one mention: wanting to avoid a pregnancy, an HIV-related lymphoma, an autoimmune
# disease of one organ, radiotherapy given to brain metastases.
_NOT_THE_QUESTION: dict[str, tuple[str, str]] = {
    "pregnant_or_breastfeeding": (
        r"(?:\bbecom\w*|\bget(?:ting)?|\bfall\w*|\bavoid\w*|\bprevent\w*|\bcapable of|"
        r"\bpotential(?: to| for)?|\brisk of|\bplan\w*(?: to| a| for)?|\bintend\w*(?: to)?|"
        r"\bintention (?:of|to)|\bwish\w* to|\bdesire to|\bduring|\bafter|"
        # "Should a woman suspect she is pregnant, she should inform ...", "in the event of a
        # pregnancy": what to do if it happens on the study
        r"\bsuspects?(?: that)? (?:she|they|he|you) (?:is|are|might|may|could)(?: be)?|"
        r"\bevent of)(?: \w+)?\s*$",
        r"(?!)",
    ),
    "immunodeficiency_hiv": (
        # "Malignancies related to HIV or solid organ transplant": a cancer HIV caused
        _VACCINE_AGAINST + r"|\b(?:malignanc\w*|lymphomas?|cancers?|tumou?rs?|neoplasms?|"
        r"kaposi\w*)\s+(?:related to|associated with|due to|caused by)\s+$",
        # "HIV-related lymphoma", "AIDS-defining infections", "HIV-infected participants with
        # Kaposi's sarcoma": a complication of HIV, not HIV itself.
        # ("HIV-associated primary central nervous system lymphoma": a few words between)
        r"^\)?[- ](?:associated|related|positive) (?:or [\w-]+ )?(?:\w+ ){0,4}?(?:lymphoma|"
        r"malignan\w*|kaposi|cancer|tumou?r|neoplasm|illness\w*|complication\w*|opportunistic)|"
        r"^(?: syndrome)?(?: \(aids\))?\)?[- ]defining|"
        # "HIV and associated non-Hodgkin lymphoma": the lymphoma HIV brings
        r"^(?: \(hiv\))?\)? (?:and|or) (?:its )?(?:associated|related) (?:[\w-]+ ){0,3}?"
        r"(?:lymphoma|malignan\w*|kaposi|cancer|tumou?r|neoplasm)|"
        r"^[- ]infected (?:participants?|patients?|subjects?) with|"
        # "HIV-positive patients with Kaposi sarcoma"
        r"^[- ]positive (?:participants?|patients?|subjects?) with (?:\w+ ){0,2}?(?:kaposi|"
        r"lymphoma|aids|opportunistic)|" + _A_TEST_DONE + "|" + _A_VACCINE,
    ),
    # "Hepatitis B and C testing will be performed at screening": a procedure; "hepatitis B
    # immunisation", "vaccination against HBV": a vaccine.
    # "Hepatitis C: boceprevir, telaprevir" in a list of medicines: the drugs' label.
    "hbv_hcv_active": (
        _VACCINE_AGAINST,
        _A_TEST_DONE
        + "|"
        + _A_VACCINE
        + r"|^\s*:\s*(?:[\w-]+,?\s+(?:and\s+|or\s+)?){0,3}?[\w-]*vir\b",
    ),
    "autoimmune_active": (
        r"(?:cns|central nervous system|neurologic\w*) involvement of (?:\w+ ){0,2}$",
        r"^(?:\s*\w+){0,3}?\s*(?:involving|affecting|of) (?:the )?(?:cns|central nervous system|"
        r"brain|eyes?|skin)\b|^\s*(?:complications?|toxicit\w*|adverse|reactions?|reactivity)\b",
    ),
    # "chemotherapy for any prior malignancy", "pelvic radiotherapy for prostate or other
    # cancer": a treatment, not the other cancer; "malignancy in the head and neck region": one
    # site only.
    "other_malignancy_within_2y": (
        r"\b(?:chemo\w*|radio\w*|radiation|irradiation|surgery|treated|therapy|treatment)\b[^;]{0,40}?"
        r"\bfor\s+(?:(?:a|an|any|the)\s+)?(?:[\w-]+\s+){0,4}?$",
        r"^\s*(?:in|of|involving|within) the (?:[\w-]+ ){1,4}?(?:region|area|field|site)\b",
    ),
    # "pleurodesis on the side of the malignant pleural effusion": a procedure, not the effusion.
    "uncontrolled_effusion": (
        r"\b(?:pleurodesis|thoracoscop\w*|indwelling (?:pleural )?catheters?)\b[^;]{0,50}?$",
        r"(?!)",
    ),
    # "toxicity related to allogeneic transplant": a complication of it, not the transplant.
    "transplant": (
        r"\b(?:toxicit\w*|complications?|graft[- ]versus[- ]host\w*|gvhd)\b[^;]{0,30}?\b(?:related "
        r"to|due to|from|after|following|of)\s+(?:an?\s+|the\s+|prior\s+)?(?:[\w-]+\s+){0,2}$",
        r"(?!)",
    ),
    "cns_metastases_active": (
        r"(?:radiotherapy|radiation|irradiation|radiosurgery|\bsrs|\bsbrt|\bwbrt|surgery|"
        # ("Prior treatment for brain metastases within 14 days": a window after any treatment)
        r"resection|surgical|biopsy|craniotomy|local therapy|treatment|therapy)\s+(?:\w+\s+){0,3}?"
        r"(?:to|for|of|on)\s+"
        # ("radiation for symptomatic bony or brain metastases": three words between)
        r"(?:the\s+)?(?:\w+\s+){0,3}?$",
        # "brain metastases in the brain stem": one site only; "brain metastases only, without
        # extracranial disease": a spread of the disease, not brain metastases as such
        r"^\s*(?:in|of|involving|within) (?:the )?(?:brain ?stem|spinal cord|posterior fossa)\b|"
        r"^\W*only\b(?!\s+(?:if|when|unless|after|in)\b)|^[^;.]{0,30}?(?<!or )\bwithout (?:any )?"
        r"(?:other |evidence of )?extra-?(?:cranial|cerebral)\b|"
        r"^[^;.]{0,30}?\bas the only (?:site|sites|metasta\w*|disease)\b|"
        # "brain metastases with evidence of hemorrhage": only the bleeding ones
        r"^[^;.]{0,20}?\bwith (?:\w+ )?(?:evidence|signs?|history) of (?:\w+ )?(?:ha?emorrhag\w*|"
        r"bleeding)\b",
    ),
}
# An autoimmune disease of one organ (the skin, the thyroid, the liver) is not the question.
_ONE_ORGAN_AUTOIMMUNE = re.compile(
    r"auto-?immune[ ,/-]+(?:\w+ ){0,2}?(?:dermatolog\w*|skin|cutaneous|thyroid\w*|hepat\w*|eye|"
    r"ocular|uveitis)"
)
# "Autoimmune or inflammatory disorders (e.g. ...) where there is pulmonary involvement": only
# those that touch one organ.
_ORGAN_INVOLVEMENT = re.compile(
    # (not past another autoimmune mention: "current autoimmune disease or history of autoimmune
    # disease with potential CNS involvement" still excludes the current one)
    r"(?:(?!auto-?immune)[^;.]){0,40}?\b(?:where|when|with|in which)\b(?: there is)?"
    r"[^;.]{0,40}?\b(?:pulmonary|lung|renal|kidney|cardiac|heart|hepatic|liver|ocular|eye|skin|"
    r"cutaneous|cns|central nervous system|neurologic\w*) "
    r"involvement\b"
)
# "Participants with HIV must have a CD4 count >= 350", "HBV carriers must have a viral load
# below 2000 IU/mL", "hepatitis B core antibody positive patients must ...": a rule for the
# patients who have it (not "... must be excluded").
_RULE_FOR_THOSE_WITH = re.compile(
    r"^\W*(?:[\w/-]+\s+){0,5}?(?:patients?|participants?|subjects?|individuals?|those|women|men|"
    r"carriers?)\b(?:(?!\b(?:must|should)\b)[^;]){0,80}?\b(?:must|should|need to|are required to|"
    r"is required to)\b(?!\s+(?:not\b|be\s+(?:excluded|ineligible)\b))"
)

# An admission ("Patients with treated brain metastases are eligible"), a refusal ("are not
# eligible"), and the words that open an exception between a flag and an admission ("Known
# HIV infection, with the following exception: HIV-positive patients are eligible if ...").
_ADMISSION = re.compile(
    r"\b(?:(?:is|are|be|being|were|was|remain)\s+(?:also\s+|still\s+|then\s+)?(?:eligible|"
    r"allowed|permitted|acceptable|accepted|included|enrolled)\b|"
    r"(?:may|might)\s+(?:still\s+|also\s+)?(?:be\s+)?(?:eligible|enrol\w*|included|participate|"
    # "that may be considered active" describes; "may be considered for the study" admits
    r"considered(?!\s+(?:to be\s+)?(?:active|unstable|progressive|symptomatic|uncontrolled))|"
    r"allowed|permitted|accepted|recruited)\b|"
    r"(?:can|could)\s+(?:still\s+)?(?:be\s+)?(?:enrol\w*|included|participate|eligible|"
    r"recruited)\b|"
    # ("in-eligible", a spelling of "ineligible", admits nothing)
    r"(?<!not )(?<!never )(?<!in-)\b(?:eligible|allowed|permitted)\b|"
    r"not (?:be )?(?:excluded|an exclusion)\b|(?:is|are) an exception\b|(?:is|are) excepted\b)"
)
_REFUSAL = re.compile(
    r"\b(?:not|never|nor)\s+(?:be\s+)?(?:eligible|allowed|permitted|acceptable|accepted|enrolled|"
    r"included|candidates?)\b|\bin-?eligible\b|"
    r"\b(?:may|can|must|should|will|shall) not (?:be )?(?:participate|enrol\w*|included|take "
    r"part|recruited)\b|"
    # ("... will not be excluded" admits)
    r"(?<!not )(?<!never )\b(?:is|are|be|were|was)\s+(?!not\b)(?:\w+\s+)?excluded\b|"
    r"(?<!not )\bexclud(?:ed|es) from\b|\bprohibited\b"
)
_OPENS_EXCEPTION = re.compile(
    r"\b(?:except\w*|unless|other than|apart from|excluding|with the (?:following )?"
    r"exceptions?|provided|however|but|although|though)\b|"
    r"(?:[,:]|-\s)\s*(?:and |or |while |whereas )?(?:patients?|participants?|subjects?|"
    r"individuals?|those|women|men|persons?|people|cases?)\b|:"
)
# A negation before a mention, close enough to be about it ("No active autoimmune disease",
# "must not be pregnant", "non-lactating", "without known brain metastases").
_NEGATION_CUE = re.compile(
    r"(?<!with or )(?<!with and )\b(?:no|not|without|never|none|neither|nor|absence of|absent|"
    r"free (?:of|from)|(?:sero)?negative (?:(?:tests?|testing|results?|serology|screen\w*) ){0,2}"
    # ("... with the exclusion of CNS metastases")
    r"(?:for|of)|lack of|exclud(?:e|es|ed)|exclusion of)\b|\bnon-?(?=pregnan|"
    r"lactat|nursing|breast)"
)
# Between such a negation and the mention: a treatment or another subject makes the negation
# about something else ("have not received radiotherapy for brain metastases").
_NEGATION_BLOCKED = re.compile(
    r"^\W*(?:(?:have|has|had|been|be|any|prior|previous|previously|yet|ever|a|an|the)\W+)*"
    # "No prior whole-brain radiotherapy for CNS metastases"
    r"(?:(?:whole[- ]brain|cranial|stereotactic|palliative|local|definitive)\W+)?"
    r"(?:receiv\w*|treat\w*|therap\w*|radiat\w*|radiotherap\w*|surg\w*|"
    r"resect\w*|requir\w*|need\w*|candidates?|eligible|amenable|suitable|us(?:e|ed|ing)|tak\w+|"
    r"test\w*|screen\w*|tolerat\w*)\b|"
    r"\b(?:but|however|although|except|unless|other than|or with|patients? with|participants? "
    r"with|due to|because of|owing to)\b"
)
# A mention followed by "negative": "HBsAg negative and HCV antibody negative".
_MENTION_NEGATIVE = re.compile(
    r"^(?:\s*[\w/()-]+){0,3}?\s*(?:-\s*)?negative\b|"
    # "HIV-1 & 2 antibody, HIV-1 antigen, and HTLV-I & II antibody sero-negative": a list of
    # the tests, then the result
    r"^(?:[\s,&/]*(?:and|or|hiv(?:-?[12])?|htlv(?:-?(?:i{1,2}|[12]))?|i{1,2}|[12]|antibod(?:y|ies)|"
    r"antigens?|ab|ag|serology|tests?)\b){1,16}[\s,]*(?:sero-?)?negative\b"
)


# A heading ("Sex and Contraceptive Requirements") and a diagnosis that histology need not
# confirm ("based on histopathology, or radiological findings", "pathology or blood testing").
_HEADING_ONLY = re.compile(
    r"^\W*(?:[\w/,-]+\s+){0,5}?(?:requirements?|criteria|restrictions?|considerations?)\W*$"
)
_OTHER_DIAGNOSIS = re.compile(
    r"\bor\b[^;]{0,60}?\b(?:radiolog\w*|imaging|clinical(?:ly)? diagnos\w*|non-?invasive|"
    r"(?:peripheral )?blood|plasma|liquid biops\w*)\b"
)


_INVESTIGATOR_JUDGES = re.compile(
    r"\b(?:in the (?:opinion|judge?ment) of the investigator|in the investigator'?s? (?:opinion|"
    r"judge?ment)|as judged by (?:the )?investigator)\b[^;]{0,80}?\b(?:undesirable|jeopardi[sz]\w*|"
    r"interfere\w*|unsafe|inappropriate|compromise\w*)\b(?:(?!,? or (?:active|known|any)\b)[^;.])*"
)
# The words that keep a later sentence on an inclusion flag's topic.
_INCLUSION_TOPICS = {
    "histology_confirmed": r"histolog|cytolog|patholog|biops",
    "organ_function_adequate": r"function|bilirubin|creatinine|transaminase|\bast\b|\balt\b|"
    r"neutrophil|platelet|ha?emoglobin|gilbert",
    "contraception_willing": r"contracept|birth control|abstinen|steril",
    "tissue_sample_available": r"tissue|sample|specimen|block|biops",
}
# A window for another cancer shorter than the question's two years.
_UNDER_TWO_YEARS = re.compile(
    r"\b(?:within|in) (?:the )?(?:previous |past |last |prior |preceding )?(?:(?:[1-9]|1\d|2[0-3]) "
    r"months?|(?:1 )?year\b(?!s))|\b(?:previous|past|last|prior|preceding) (?:(?:[1-9]|1\d|2[0-3]) "
    r"months|year)\b"
)


def read_flags(kind: str, text: str) -> list[str]:
    """The yes/no questions a line asks: exclusions from exclusion lines, others from inclusion."""
    return [params["question"] for params in read_flag_params(kind, text)]


def read_flag_params(kind: str, text: str) -> list[dict[str, Any]]:
    """`flag` params a line states, with the exceptions it makes to each (never dropped).

    An exclusion's exception ("except treated, stable brain metastases", "Known HIV, with the
    following exception: patients on antiretroviral therapy are eligible if ...") is kept: as
    `except_if` when the questionnaire asks it, else in words (`exceptions`), so a yes gives
    "unknown", not "not eligible". A clause that only admits the topic ("Patients with treated
    brain metastases are eligible") gives no flag, and neither does a line that defers to the
    protocol's definition ("as defined in the protocol").
    """
    norm = normalise(text)
    clauses = _clauses(norm)
    if kind != "exclusion":
        found_inclusion: dict[str, dict[str, Any]] = {}
        for index, clause in enumerate(clauses):
            if _HEADING_ONLY.match(clause):
                continue  # "Sex and Contraceptive Requirements": a heading asks nothing
            admits = _only_admits(clause)
            for question, pattern in _INCLUSION_FLAGS:
                match = re.search(pattern, clause)
                if match is None or question in found_inclusion:
                    continue
                if admits and admits.start() < match.start():
                    continue  # "... are eligible as long as ... of the histological diagnosis"
                if _NEGATION.search(clause[: match.start()]):
                    continue
                if question == "histology_confirmed" and _OTHER_DIAGNOSIS.search(
                    clause[match.start() : match.end() + 80]
                ):
                    continue  # "histology or radiological findings": histology not required
                if question == "contraception_willing" and re.search(
                    r"\beven if\b", clause[max(0, match.start() - 60) : match.start()]
                ):
                    continue  # "a negative test even if using contraception"
                found_inclusion[question] = {"question": question}
                # "If no archival tissue is available, this may be acceptable in exceptional
                # cases": a later sentence on the topic that admits is the requirement's exception.
                words = [
                    later.strip(" ,;:()")[:300]
                    for later in clauses[index + 1 :]
                    if re.search(_INCLUSION_TOPICS[question], later) and _only_admits(later)
                ]
                if words:
                    found_inclusion[question]["exceptions"] = words
        return list(found_inclusion.values())
    if (deferral := _PROTOCOL_DEFINED.search(norm)) and not _FLAG_EXCEPTION.search(
        norm[: deferral.start()]
    ):
        return []  # a deferral inside the exception ("unless stable per protocol") keeps the flag
    found: dict[str, dict[str, Any]] = {}
    where: dict[str, int] = {}
    for index, clause in enumerate(clauses):
        masked = _mask_parentheses(clause)
        if _RULE_BY_PART.search(clause):
            continue  # "... requirements will be substudy dependent"
        for question, pattern in _EXCLUSION_FLAGS:
            if question in found:
                continue
            mentions = _mentions(question, pattern, clause)
            if (
                _WINDOW.search(clause)
                and not _mention(question, pattern, masked)
                and not any(_among_diseases(clause, match) for match in mentions)
            ):
                continue  # a procedure's example: "surgery (eg, biopsy of a brain metastasis)"
            for match in mentions:
                if _excepted(clause, match):
                    continue  # "Active infection (except HBV on antiviral therapy)"
                if _FOR_ONE_TREATMENT.match(clause[match.end() :]):
                    continue  # "active autoimmune disease for patients treated by avelumab"
                if _IN_THE_ABSENCE.search(clause[max(0, match.start() - 40) : match.start()]):
                    continue  # "topical steroids allowed in the absence of autoimmune disease"
                if not _admitted(masked, match):
                    found[question] = _flag(question, pattern, clause, match, clauses[index + 1 :])
                    where[question] = norm.find(clause) + match.start()
                break
    if judged := _INVESTIGATOR_JUDGES.search(norm):
        # "Any evidence of disease (such as ... organ transplant) which, in the investigator's
        # opinion, makes it undesirable to take part": the investigator decides, a yes is no
        # ruling out (a mention after it, "..., or active infection", is ruled out as written).
        for question, params in found.items():
            if where[question] < judged.start():
                words = [*params.get("exceptions", []), judged.group(0)[:300]]
                params["exceptions"] = list(dict.fromkeys(words))
    return list(found.values())


# "... for patients treated with drug X", "... in participants randomised to arm B": the
# exclusion of one treatment group.
_FOR_ONE_TREATMENT = re.compile(
    r"^[^;.()]{0,40}?\b(?:for|in|among) (?:the )?(?:patients?|participants?|subjects?) (?:who "
    r"(?:are|will be) )?(?:treated|receiving|randomi[sz]ed|assigned|allocated) (?:by|with|to|in)\b|"
    # "No known brain metastases in patients with solid tumors or NHL": in a trial that also
    # takes leukaemias, the exclusion of one kind of cancer
    r"^[^;.()]{0,40}?\bin (?:the )?(?:patients?|participants?|subjects?) with (?:an? )?(?:solid "
    r"tumou?rs?|lymphomas?|nhl|leuka?emias?|myeloma)\b"
)
# "... steroids are allowed in the absence of active autoimmune disease": a condition of
# something else, in an exclusion line.
_IN_THE_ABSENCE = re.compile(r"\b(?:in the )?absence of (?:(?:any|known|active)\s+){0,2}$")
# "history of other disease (such as HIV positive, ...)": a bracket of examples of a disease.
_DISEASE_BEFORE_BRACKET = re.compile(
    r"\b(?:diseases?|illness\w*|conditions?|infections?|disorders?|comorbidit\w*)\W*$"
)


def _among_diseases(clause: str, match: re.Match[str]) -> bool:
    """Is the mention inside a bracket of examples that follows a disease word?"""
    depth = 0
    for position in range(match.start() - 1, -1, -1):
        if clause[position] in ")]":
            depth += 1
        elif clause[position] in "([":
            if depth == 0:
                return bool(_DISEASE_BEFORE_BRACKET.search(clause[:position]))
            depth -= 1
    return False


def read_stated_exclusions(text: str) -> list[dict[str, Any]]:
    """Exclusion `flag` params an inclusion line states: a negated mention ("No active
    autoimmune disease", "Women must not be pregnant or breastfeeding", "HBsAg negative",
    "negative serum or urine pregnancy test") or a refused one ("Patients with active brain
    metastases are not eligible"). A condition on the topic ("Patients with HBV must have an
    undetectable viral load", "Patients with HIV are eligible if they meet all of the
    following: ...") states none."""
    norm = normalise(text)
    defers = bool(_PROTOCOL_DEFINED.search(norm))
    clauses = _clauses(norm)
    found: dict[str, dict[str, Any]] = {}
    if _CNS_MUST_BE_TREATED.match(norm) and not defers:
        # "Patients with CNS metastases must have had them resected or irradiated": untreated
        # or unstable ones are ruled out, the line's condition is the exception.
        found["cns_metastases_active"] = {
            "question": "cns_metastases_active",
            "exceptions": [text.strip()[:300]],
        }
    for index, clause in enumerate(clauses):
        if index and _SUBGROUP_CONDITIONS.search(clauses[index - 1]):
            break  # the conditions one group of patients must meet, not everyone
        masked = _mask_parentheses(clause)
        subgroup = _SUBGROUP_CONDITIONS.search(clause)
        for question, pattern in _EXCLUSION_FLAGS:
            if question in found:
                continue
            for match in _mentions(question, pattern, clause):
                if subgroup and match.start() > subgroup.start():
                    break
                if _FOR_ONE_TREATMENT.match(clause[match.end() :]):
                    continue  # "No known brain metastases in patients with solid tumours"
                test = _negative_pregnancy_test(question, clause, match)
                if (test or not defers) and (
                    test or _stated_exclusion(clause, masked, match, clauses[index + 1 :])
                ):
                    found[question] = _flag(question, pattern, clause, match, clauses[index + 1 :])
                    break
    lead = _NEGATED_LEAD_IN.search(norm)
    if lead and not defers and not _SUBGROUP_CONDITIONS.search(norm[: lead.start()]):
        # "Patients must not have any of the following conditions: ...; active hepatitis B":
        # the items are exclusions, read as an exclusion line would be.
        for params in read_flag_params("exclusion", norm[lead.end() :]):
            if params["question"] in COMMON_EXCLUSIONS:
                found.setdefault(params["question"], params)
    return list(found.values())


# "Patients must not have any of the following conditions:", "None of the following:": a
# negated lead-in whose items follow on the same line.
_NEGATED_LEAD_IN = re.compile(
    r"(?:\b(?:must|may|should|shall|can|will|do|does) not (?:have|had|be|present with|suffer "
    r"from)\b(?: (?:any|either))?(?: of)? the following\b|\bnone of the following\b|"
    r"^\W*(?:no|without) (?:any )?(?:of )?the following\b)[^:;.]{0,60}:"
)


# "Patients with HBV are only eligible if they meet all the following criteria:" (the clauses
# after it are that group's conditions).
_SUBGROUP_CONDITIONS = re.compile(
    r"\b(?:patients?|participants?|subjects?|individuals?|those|women|men)\s+(?:with|who)\b"
    # ("Patients with HIV may be eligible provided they meet the following criteria:")
    r"[^;]{0,80}?\b(?:(?:are|is)\s+(?:only\s+)?|(?:may|might|can|could|will)\s+(?:only\s+)?be\s+)"
    r"(?:eligible|allowed|permitted|included)\b[^;]*"
    r"\b(?:if|provided|when)\b[^;]*\b(?:following|below)\b"
)


# "Topical steroids are permitted in the absence of active autoimmune disease": the negation is
# a condition of something else being allowed.
_THING_ADMITTED = re.compile(r"\b(?:is|are)\s+(?:also\s+)?(?:allowed|permitted|acceptable)\b")


def _negative_pregnancy_test(question: str, clause: str, match: re.Match[str]) -> bool:
    """ "Negative serum or urine pregnancy test", "a pregnancy test that must be negative"."""
    return question == "pregnant_or_breastfeeding" and bool(
        match.group(0).startswith("negative")
        or (not match.group(0).startswith("positive") and match.group(0).endswith("negative"))
    )


# "Patients with brain metastases must have been treated and be stable", "Patients with known CNS
# involvement must have clinically stable CNS disease": untreated or unstable ones are ruled out.
_CNS_MUST_BE_TREATED = re.compile(
    r"^\W*(?:patients?|participants?|subjects?)\s+with\s+(?:known\s+|any\s+)?(?:brain|cns|central "
    r"nervous system|intracranial|cerebral)\s+(?:\(cns\)\s+)?(?:metasta\w*|mets|lesions?|disease|"
    r"involvement)\s+(?:must|should|need to|are required to)\b"
    # ("... must have had either; a) resected CNS metastasis ...": the choices after a semicolon)
    r"(?:\s+have(?:\s+had)?\s+either\s*[;:,])?(?:[^;]{0,160}?\b(?:treated|stable|"
    r"asymptomatic|resected|resection|radiosurgery|radiotherapy|radiation|controlled|"
    r"off (?:cortico)?steroids)\b|"
    # "... must have had either:" (the treatments are the lines below)
    r"[^;:]{0,30}?\b(?:either|(?:all|one|any) of the following|the following)\s*:?\s*$)|"
    # "Brain metastases must be treated and stable for 3 months": the metastases the subject
    # (not "brain lesions", which a trial for them may ask to be fit for radiosurgery)
    # ("Symptomatic CNS metastases must have been treated": the symptomatic ones untreated)
    r"^\W*(?:(?:known|any|symptomatic|untreated)\s+)*(?:brain|cns|central nervous system|"
    r"intracranial|cerebral)\s+"
    r"(?:\(cns\)\s+)?(?:metasta\w*|mets)\s+(?:must|should|need to)\s+(?:have been|be)\s+"
    r"(?:[\w,-]+\s+){0,3}?(?:treated|stable|asymptomatic|controlled)\b|"
    # "If patients have brain metastases, they must be stable"
    r"^\W*if\s+(?:the\s+|a\s+)?(?:patients?|participants?|subjects?)\s+(?:has|have)\s+"
    r"(?:known\s+|any\s+)?(?:brain|cns|central nervous system|intracranial|cerebral)\s+"
    r"(?:\(cns\)\s+)?(?:metasta\w*|mets|lesions?)\W+(?:they|these|it|the (?:metastas[ie]s|"
    r"lesions?))\s+(?:must|should|need to)\s+(?:have been|be)\s+(?:[\w,-]+\s+){0,3}?(?:treated|"
    r"stable|asymptomatic|controlled)\b"
)
_RULED_OUT = re.compile(
    r"\s+(?:(?:is|be|been|must be|should be|has been|have been|to be|will be)\s+)?(?:excluded|"
    r"ruled out)\b"
)
_VIRUS_NAMED = r"(?:hbsag|hbv|hcv|hiv|hep|human immuno|anti-?hbc|hbcab)"
# "No patients with known infectious disease, such as HIV": the negation's own subject.
_NEGATED_SUBJECT = re.compile(
    r"^\W*(?:patients?|participants?|subjects?)\s+(?:with|who have|having)\b"
)


def _stated_exclusion(
    clause: str, masked: str, match: re.Match[str], later: Sequence[str] = ()
) -> bool:
    """Does an inclusion clause rule out the topic of this mention (see
    `read_stated_exclusions`)?"""
    test = re.match(r"positive|negative|pregnancy test|beta|β|hcg", match.group(0))
    before = clause[max(0, match.start() - 100) : match.start()]
    cues = list(_NEGATION_CUE.finditer(before))
    if not test and re.search(r"\bnon-?\s*$", before):
        return True  # "must be non-lactating" (the cue's lookahead needs the mention's words)
    if re.match(_VIRUS_NAMED, match.group(0)) and re.search(r"\bnegative\s*$", before):
        return True  # "Negative hepatitis B surface antigen test at screening"
    if match.group(0).startswith("pregnan") and _RULED_OUT.match(clause[match.end() :]):
        return True  # "Women of childbearing potential must have pregnancy ruled out by a test"
    between = _NEGATED_SUBJECT.sub("", before[cues[-1].end() :]) if cues else ""
    if (
        not test
        and cues
        and not _NEGATION_BLOCKED.search(between)
        and not _THING_ADMITTED.search(masked[: match.start() - len(before) + cues[-1].start()])
    ):
        return True  # "must not be pregnant", "is eligible if she is not pregnant"
    refusal = _REFUSAL.search(masked, match.end())
    if refusal and not _ADMISSION.search(masked[match.end() : refusal.start()]):
        return True  # "Patients with active brain metastases are not eligible"
    if test:
        return False
    if _opens_an_exclusion(clause, masked, match, later):
        return True
    # "HBsAg negative", "HIV antibody negative" in a clause that says no "positive".
    return bool(
        re.match(r"(?:hbsag|hbv|hcv|hiv|hep|anti-?hbc|hbcab)", match.group(0))
        and _MENTION_NEGATIVE.match(clause[match.end() :])
        and not re.search(r"\bpositive\b", clause)
        and not _admitted(masked, match)
    )


# An exclusion under the inclusion heading, read by how it opens: "Subjects with known brain
# metastases, unless treated and stable", "Symptomatic and active brain metastases: patients
# with treated, stable ones are eligible".
_SUBJECTS_WITH = re.compile(
    r"^\W*(?:patients?|participants?|subjects?)\s+with\s+(?:(?!who\b|that\b|which\b|must\b|"
    r"are\b|is\b|have\b|has\b)[\w,/-]+\s+){0,6}$"
)
_ACTIVITY_OPENING = re.compile(
    r"^\W*(?:(?:known|suspected|current|active|untreated|symptomatic|uncontrolled|progressive|"
    r"progressing|unstable)\b[\s,/]*(?:(?:and|or|and/or)\s+)?)+$"
)
_UNLESS = re.compile(r"\b(?:unless|except\w*|other than|with the exception)\b")
_SOME_ADMITTED = re.compile(r"^\W*(?:patients?|participants?|subjects?|those)\s+(?:with|who)\b")


def _opens_an_exclusion(
    clause: str, masked: str, match: re.Match[str], later: Sequence[str] = ()
) -> bool:
    opening, rest = clause[: match.start()], masked[match.end() :]
    if _SUBJECTS_WITH.match(opening):
        return bool(_UNLESS.search(rest))
    if not _ACTIVITY_OPENING.match(opening):
        return False
    if _UNLESS.search(rest):
        return True
    admission = _ADMISSION.search(rest)
    if admission:
        return bool(_OPENS_EXCEPTION.search(rest[: admission.start()]))
    # "Active autoimmune disease that may worsen on treatment. Patients with vitiligo or type 1
    # diabetes are eligible": the next sentence lets some of them in, so the first rules out
    # the rest.
    following = _mask_parentheses(later[0]) if later else ""
    return bool(
        _SOME_ADMITTED.match(following)
        and _ADMISSION.search(following)
        and not _REFUSAL.search(following)
    )


def _narrower(question: str, clause: str) -> bool:
    narrower = _NARROWER.get(question)
    if not (narrower and re.search(narrower, clause)):
        return False
    if question == "hbv_hcv_active" and re.search(r"co-?infect", clause):
        # "known hepatitis B, or known hepatitis C, or known hepatitis B and C co-infection":
        # the co-infection is one alternative among the single infections, not the only one.
        rest = re.sub(r"[^,;()]*\bco-?infect[^,;()]*", " ", clause)
        if not re.search(narrower, rest) and re.search(_HEPATITIS, rest):
            return False
    return True


# "agents used to treat brain metastases", "drugs given for the treatment of ...": what a
# therapy is for, not the patient's disease.
_USED_TO_TREAT = re.compile(
    r"\b(?:used|given|administered|indicated)\s+(?:to treat|for (?:the )?(?:treatment|management) "
    r"of|for)\s+(?:(?:the|their|any)\s+)?(?:[\w-]+\s+){0,2}?$"
)
# "antiviral therapies for hepatitis C", "treatment against HBV": a therapy named by its target.
_THERAPY_FOR = re.compile(
    r"\b(?:therap\w*|treatments?|drugs?|agents?|antivirals?|medications?)\s+(?:for|against)\s+"
    r"(?:(?:the|chronic|active)\s+)?$"
)
# The words between two viruses of one list: "hepatitis B virus (HBV)/ hepatitis C virus".
_VIRUS_LIST_GAP = re.compile(r"^(?:[\s(),/]|\b(?:virus|viral|and|or|hbv|hcv|hepatitis|b|c)\b)*$")
# "autoimmune disease with potential CNS involvement": the autoimmune disease's, not a cancer's.
_AUTOIMMUNE_BEFORE = re.compile(r"\bauto-?immune\b[^;.]{0,50}?\bwith\b[^;.]{0,20}$")
# "MDS that is caused by chemotherapy and/or immunotherapy for cancerous or autoimmune
# diseases": what an earlier treatment was for, not a disease the patient has now.
# "Skin lesions such as chronic dermatitis or systemic lupus erythematosus": a disease named as
# an example of a skin condition, which is all the line rules out.
_SKIN_EXAMPLES = re.compile(
    r"\b(?:skin|cutaneous|dermatolog\w*) (?:lesions?|diseases?|disorders?|conditions?|"
    r"rash\w*)\b[^;.]{0,80}?\b(?:such as|eg|e\.g\.|including|like)\b[^;.]*$"
)
_CAUSED_BY_THERAPY_FOR = re.compile(
    r"\b(?:caused by|induced by|secondary to|due to|related to)\s+(?:[\w/,-]+\s+){0,6}?"
    r"(?:\w*therap\w*|treatments?|chemotherapy|radiation)\s+for\s+(?:[\w-]+\s+){0,3}?$"
)
# "Anticoagulation in patients with brain metastases is not permitted": a drug ruled out for
# those patients, not the patients.
_A_DRUG_FOR_THOSE_WITH = re.compile(
    r"\b(?:anti-?coagula\w*|heparins?|warfarin|aspirin|anti-?platelets?|bevacizumab|drugs?|"
    r"medications?|medicines?)\b(?:\s+(?:is|are)\s+(?:not|never)\s+(?:allowed|permitted))?\s+"
    r"(?:in|for|among)\s+(?:the\s+)?(?:patients?|participants?|subjects?|those)\s+(?:with|who "
    r"have)\s+(?:(?:known|untreated|active|treated)\s+)?$"
)
_ONLY_SITE_OF = re.compile(r"\bas the (?:only|sole) (?:site|sites|location) of\s+$")
_STEROIDS_FOR = re.compile(
    r"\b(?:cortico\w*|steroids?|dexamethasone)\s+(?:use\s+)?for\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$"
)
_PRIOR_USE = re.compile(r"\b(?:prior|previous\w*|past|received)\b")
_A_COUNT = re.compile(
    r"(?:(?:>=?|more than|greater than|at least|over)\s*\d+|\b\d+ or more)\s*"
    # "> 6 definitive lesions consistent with brain metastases": a count of the lesions
    r"(?:(?:[\w-]+\s+){0,2}?(?:lesions?|foci|nodules?|tumou?rs?)\s+(?:consistent with|suggestive "
    r"of|suspicious (?:for|of)|typical of|of)\s+)?$"
)
# "... more than 2 CNS metastases ... will not be eligible until they have been treated": the
# line refuses untreated ones, whatever their number (which stays the flag's exception).
_UNTIL_TREATED = re.compile(
    r"\b(?:not|never) be (?:eligible|enrolled|included|allowed)\s+until\s+(?:they|it|these|"
    r"the (?:lesions?|metastas[ie]s))\s+(?:have|has)\s+been\s+(?:\w+\s+){0,2}?treated\b"
)


# "Donors who are HIV positive", "female donors who are pregnant": the donor's state, not the
# patient's, unless the clause names the patient alongside ("recipient and donor").
_DONOR = re.compile(r"\bdonors?\b")
_PATIENT_AND_DONOR = re.compile(
    r"\b(?:recipients?|patients?|participants?|subjects?)\s+(?:and|or|and/or|&|/)\s+(?:\w+\s+)?"
    r"donors?\b|\bdonors?\s+(?:and|or|and/or|&|/)\s+(?:\w+\s+)?(?:recipients?|patients?)\b"
)
_ABOUT_THE_DONOR = ("hbv_hcv_active", "immunodeficiency_hiv", "pregnant_or_breastfeeding")
# "AST > 3 x ULN (> 5 x ULN for patients with hepatitis B)", "unless due to viral hepatitis": a
# laboratory limit that names the infection as the cause of a raised value, not an exclusion.
_LAB_LIMIT = re.compile(
    r"\buln\b|upper limit of (?:the )?normal|\b(?:ast|alt|bilirubin|transaminases?)\b"
)
_CAUSE_OF_VALUE = re.compile(
    r"\b(?:for|in|if|when|due to|caused by|secondary to|attributable to|related to|because of)"
    r"(?:\s+(?:patients?|participants?|subjects?|those)\s+with)?(?:\s+(?:known|chronic|"
    r"underlying|active|viral))*\s*$"
)


def _mentions(question: str, pattern: str, clause: str) -> list[re.Match[str]]:
    """The mentions of a question in a clause that are about it (see `_NOT_THE_QUESTION`)."""
    if _narrower(question, clause):
        return []
    if (
        question in _ABOUT_THE_DONOR
        and _DONOR.search(clause)
        and not _PATIENT_AND_DONOR.search(clause)
    ):
        return []
    if question == "other_malignancy_within_2y" and _UNDER_TWO_YEARS.search(clause):
        return []  # "no other cancer within the previous year": narrower than the question
    if question in COMMON_EXCLUSIONS and _UNLESS_APPROVED.search(clause):
        return []  # "unless approved by the investigator": not a firm exclusion
    if (
        question in ("hbv_hcv_active", "immunodeficiency_hiv")
        and _PROCEDURE_CLAUSE.search(_mask_parentheses(clause))
        and not _REFUSAL.search(clause)
    ):
        # "HBV DNA testing is required at screening for patients with a history" (a note in
        # brackets, "(no additional tests for HIV are required)", is left to its own mentions)
        return []
    if question in ("hbv_hcv_active", "immunodeficiency_hiv") and _NOT_GIVEN_TO_THOSE_WITH.match(
        clause
    ):
        return []  # "patients with HIV should not receive live vaccines": a rule on a treatment
    before, after = _NOT_THE_QUESTION.get(question, ("(?!)", "(?!)"))
    kept: list[re.Match[str]] = []
    therapy_target_end = -1  # where the last virus named as a therapy's target ends
    for match in re.finditer(pattern, clause):
        window = clause[max(0, match.start() - 60) : match.start()]
        if re.search(before, window) and (
            question != "cns_metastases_active"
            # Radiotherapy given to brain metastases (a window, not the question); "needing
            # local therapy for brain metastases" is still the question.
            or re.search(
                r"\b(?:prior|previous\w*|received|had|completed|undergone|history)\b", window
            )
            or _WINDOW.search(clause)
        ):
            continue
        if re.search(after, clause[match.end() : match.end() + 60]):
            continue
        if question in ("hbv_hcv_active", "immunodeficiency_hiv") and _ONLY_IF.match(
            clause[match.end() :]
        ):
            continue  # "HIV or HCV infection only if taking a prohibited medicine": some only
        if question in ("hbv_hcv_active", "immunodeficiency_hiv") and any(
            test.start() < match.start() < test.end() for test in _TEST_NAMED.finditer(clause)
        ):
            continue  # "Testing for HIV is not required": the test, not the infection
        if (
            question in ("hbv_hcv_active", "immunodeficiency_hiv")
            and (inside := _parenthesis_around(clause, match.start()))
            and _PROCEDURE_CLAUSE.search(clause[inside[0] : inside[1]])
        ):
            continue  # "(no additional tests for HIV or hepatitis B are required)"
        if (
            question == "hbv_hcv_active"
            and _CAUSE_OF_VALUE.search(window)
            and _LAB_LIMIT.search(clause[: match.start()])
        ):
            continue  # "ALT <= 5 x ULN for patients with hepatitis B": a cause of a raised value
        if question == "cns_metastases_active" and (
            _AUTOIMMUNE_BEFORE.search(window)
            or _USED_TO_TREAT.search(window)
            or _A_DRUG_FOR_THOSE_WITH.search(window)
            or _ONLY_SITE_OF.search(window)
            or (_STEROIDS_FOR.search(window) and _PRIOR_USE.search(window))
            # "Known hemorrhagic brain metastasis": only the bleeding ones
            or re.search(r"\bha?emorrhagic\s+$", window)
        ):
            # "radiosensitizers used to treat brain metastases": a therapy's use; "leptomeningeal
            # disease as the only site of CNS involvement"; "prior use of corticoids for brain
            # metastasis ending before day -14 is not part of this exclusion"
            continue
        if (
            question == "hbv_hcv_active"
            and (
                (
                    _THERAPY_FOR.search(window)
                    and (
                        re.search(
                            r"\b(?:received|last dose|prior|previous\w*|concurrent)\b", window
                        )
                        or _WINDOW.search(clause)
                    )
                )
                # ("... against hepatitis B virus (HBV)/ hepatitis C virus (HCV)": the same list)
                or (
                    therapy_target_end >= 0
                    and _VIRUS_LIST_GAP.match(clause[therapy_target_end : match.start()])
                )
            )
        ):
            # "the last dose of antiviral therapy for HCV less than 4 weeks prior", "concurrent
            # interferon therapy against HBV": the therapy, not the infection
            therapy_target_end = match.end()
            continue
        if (
            question == "cns_metastases_active"
            and _A_COUNT.search(window)
            and not _UNTIL_TREATED.search(clause)
        ):
            continue  # "> 3 brain metastases": a number of them, not brain metastases
        if question == "autoimmune_active" and (
            _ONE_ORGAN_AUTOIMMUNE.match(match.group(0))
            or _CAUSED_BY_THERAPY_FOR.search(clause[max(0, match.start() - 120) : match.start()])
            or _SKIN_EXAMPLES.search(clause[max(0, match.start() - 150) : match.start()])
            or _ORGAN_INVOLVEMENT.match(re.sub(r"\([^()]*\)", " ", clause[match.end() :]))
        ):
            continue
        kept.append(match)
    return kept


def _mention(question: str, pattern: str, clause: str) -> re.Match[str] | None:
    mentions = _mentions(question, pattern, clause)
    return mentions[0] if mentions else None


_EXCEPTION_BEFORE = re.compile(
    r"\b(?:except(?: for)?|unless|other than|apart from|with the exception of|excluding|"
    # "including, but not limited to, ..." lists, it excepts nothing
    r"with the (?:following )?exceptions?|but not(?! limited))\b"
)


def _excepted(clause: str, match: re.Match[str]) -> bool:
    """Is the mention part of another exclusion's exception ("any infection, except HBV on
    antiviral therapy", "cirrhosis (HBV-related cirrhosis is allowed)")?"""
    if inside := _parenthesis_around(clause, match.start()):
        bracket = clause[inside[0] : inside[1]]
        offset = match.start() - inside[0]
        if (
            _ADMISSION.search(bracket) or _EXCEPTION_BEFORE.search(bracket[:offset])
        ) and not _REFUSAL.search(bracket):
            return True
    before = clause[max(0, match.start() - 80) : match.start()]
    cues = list(_EXCEPTION_BEFORE.finditer(before))
    if (
        cues
        and ")" in before[cues[-1].end() :]
        and before.rfind("(", 0, cues[-1].start()) > before.rfind(")", 0, cues[-1].start())
    ):
        return False  # "history of brain tumour (except medulloblastoma) or brain metastases"
    return bool(
        cues
        and not re.search(
            r",\s*(?:or|and)\b|;|\bor (?:active|known|history)", before[cues[-1].end() :]
        )
    )


def _admitted(masked: str, match: re.Match[str]) -> bool:
    """Does the clause admit the topic of this mention (not rule it out)?

    "Patients with stable brain metastases are eligible" admits it; "Known HIV infection, with
    the following exception: HIV-positive patients are eligible if ..." rules it out with an
    exception, as does an admission in parentheses (masked out here).
    """
    if _REFUSAL.search(masked):
        return False
    admission = _ADMISSION.search(masked)
    if admission is None:
        return False
    if admission.start() < match.end():
        return True
    return not _OPENS_EXCEPTION.search(masked[match.end() : admission.start()])


def _flag(
    question: str, pattern: str, clause: str, match: re.Match[str], later: list[str]
) -> dict[str, Any]:
    params: dict[str, Any] = {"question": question}
    words = _flag_exceptions(clause[match.end() :], later, pattern)
    masked = _mask_parentheses(clause)
    if (rule := _RULE_FOR_THOSE_WITH.match(masked)) and match.end() <= rule.end():
        words.insert(0, clause[:300])  # "Patients with CNS metastases must be stable for 4 weeks"
    if question == "cns_metastases_active" and _A_COUNT.search(
        clause[max(0, match.start() - 60) : match.start()]
    ):
        words.insert(0, clause[:300])  # "more than 2 CNS metastases ...": only some of them
    if alternative := re.search(
        r"\bor (?:with|who (?:have|had|are)|have|has|had) (?:[\w,-]+ ){0,4}?(?:treated|stable|"
        r"controlled|asymptomatic|previously|resolved|cured)\b.*",
        clause[match.end() :],
    ):
        words.append(alternative.group(0)[:300])  # "without brain metastases or with treated ..."
    for bracket in re.findall(r"[(\[]([^()\[\]]*)[)\]]", clause[match.end() :]):
        # "(patients must be stable for 4 weeks)" qualifies; "(women of childbearing potential
        # must have a negative pregnancy test)" restates the exclusion.
        qualifies = bool(_RULE_FOR_THOSE_WITH.match(bracket)) and not re.search(
            r"\b(?:negative|not|no)\b", bracket
        )
        if (_ADMISSION.search(bracket) or qualifies) and not _REFUSAL.search(bracket):
            words.append(bracket.strip()[:300])  # "(HBV DNA < 2000 IU/mL allowed)"
    for sentence in later:
        # "Subjects with type 1 diabetes ... are permitted to enrol", "Replacement therapy is
        # not considered a form of systemic treatment": a later sentence that admits.
        hidden = _mask_parentheses(sentence)
        topics = {q for q, p in _EXCLUSION_FLAGS if q != question and re.search(p, sentence)}
        if (
            (_ADMISSION.search(hidden) or re.search(r"\bnot considered\b", hidden))
            and not _REFUSAL.search(hidden)
            and not (topics and not re.search(pattern, sentence))
        ):
            words.append(sentence.strip(" ,;:()")[:300])  # and not about another topic
    if words:
        _add_exceptions(params, question, list(dict.fromkeys(words)))
    return params


def _mask_parentheses(text: str) -> str:
    """The text with every parenthesis's contents blanked (same length, same positions)."""
    masked = list(text)
    depth = 0
    for position, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        elif depth:
            masked[position] = " "
    return "".join(masked)


def _flag_exceptions(rest: str, later: list[str], pattern: str) -> list[str]:
    """Exception words after a flag in its clause, and later sentences that admit its topic."""
    words: list[str] = []
    if match := _FLAG_EXCEPTION.search(rest):
        exception = rest[match.start() :].strip(" ,;:()")
        if inside := _parenthesis_around(rest, match.start()):
            # "(replacement therapy such as thyroxine is allowed)": the whole parenthesis.
            exception = rest[inside[0] : inside[1]].strip(" ,;:()")
        if later and (
            len(exception.split()) <= 2 or re.search(r"\bfollowing\s*$", rest[: match.start()])
        ):
            # "except; effectively treated skin cancers; ...", "with the following
            # exceptions: ...; ...": the list follows the cue.
            exception = "; ".join([exception, *later])
        words.append(exception)
    listing = False
    for clause in later:
        opens_exception = re.match(
            r"\W*(?:exceptions?|except|with the exception|excluding)\b", clause
        )
        # "Exceptions: hypothyroidism on replacement; type 1 diabetes on insulin": the clauses
        # after the cue are its list.
        listing = listing or bool(opens_exception and re.match(r"\W*exceptions?\W*:", clause))
        hidden = _mask_parentheses(clause)
        if (
            opens_exception
            or listing
            or (
                re.search(pattern, clause)
                and (_FLAG_EXCEPTION.search(hidden) or _ADMISSION.search(hidden))
                and not _REFUSAL.search(hidden)
            )
        ):
            words.append(clause.strip(" ,;:()"))
    return [word[:300] for word in words if word]


def _add_exceptions(params: dict[str, Any], question: str, words: list[str]) -> None:
    for flag, answer, patterns in _ASKABLE_EXCEPTIONS:
        if question == flag and all(
            any(re.search(pattern, word) for word in words) for pattern in patterns
        ):
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
        # ("measureable", a common misspelling)
        spelt = _MEASUREABLE.sub("measurable", normalise(text))
        if not _measurable_optional(spelt) and any(
            _MEASURABLE.search(clause)
            and not _NOT_MEASURABLE.search(_without_lesion_caveats(clause))
            for clause in _clauses(spelt)
        ):
            proposals.append(Proposal("measurable_disease"))
        if (months := read_life_expectancy(text)) is not None and months > 0:
            proposals.append(Proposal("life_expectancy", {"min_months": months}))
        if not _about_contraception(text) and (age := read_age(text)) is not None:
            proposals.append(Proposal("age", _age_params(*age)))
    if kind == "exclusion" and (months := _short_life_expectancy(text)) is not None:
        proposals.append(Proposal("life_expectancy", {"min_months": months}, "inclusion"))
    # "... meeting 1 of the following criteria: previously untreated ...; recurrent ...": the
    # line's therapies and windows are those of one alternative, not everyone's
    everyones = kind == "exclusion" or not _ONE_OF_THE_FOLLOWING.search(normalise(text))
    if everyones and not _about_contraception(text):
        if (lines := read_prior_lines(kind, text)) is not None:
            proposals.append(Proposal("prior_lines", lines))
        for therapy in read_prior_therapies(kind, text):
            proposals.append(Proposal("prior_therapy", {"therapy": therapy}))
        for params in read_washout_params(kind, text):
            proposals.append(Proposal("washout", params))
    elif everyones and (rest := _without_contraception(text)):
        # Items run together on one line ("...; Having undergone major surgery within 4 weeks;
        # ...; positive pregnancy test or breastfeeding"): the clauses that are not about
        # contraception or pregnancy keep their washouts.
        for params in read_washout_params(kind, rest):
            proposals.append(Proposal("washout", params))
    # An exclusion written as a negation ("No evidence of brain metastases") says the
    # opposite of its section: its flags are left to the curator, except the common
    # exclusions, which no protocol requires ("No known HIV infection" still rules HIV out).
    double_negative = kind == "exclusion" and re.match(r"^\W*no\b", normalise(text))
    # "No restriction on ...", "No requirement for ...": nothing is ruled out.
    no_rule = re.match(r"^\W*no (?:restrictions?|limits?|requirements?|need)\b", normalise(text))
    for params in read_flag_params(kind, text):
        if params["question"] == "measurable_disease":
            continue
        if double_negative and (params["question"] not in COMMON_EXCLUSIONS or no_rule):
            continue
        proposals.append(Proposal("flag", params))
    if kind == "inclusion":
        proposals.extend(_negated_inclusion(text))
    if not any(
        p.type == "flag" and p.params.get("question") == "cns_metastases_active" for p in proposals
    ) and (admitted := _brain_metastases_admitted_if(text)):
        proposals.append(
            Proposal(
                "flag", {"question": "cns_metastases_active", "exceptions": [admitted]}, "exclusion"
            )
        )
    return _valid(kind, text, proposals)


# "Patients with brain metastases are allowed, provided they are stable", "treated, clinically
# inactive brain metastases may be included if ...": only those are admitted, so active ones
# are ruled out; the admitting words are the exception (a yes is then for the study team).
_BRAIN_METASTASES = re.compile(
    r"(?<!non-)\b(?:brain|cns|central nervous system|intracranial|cerebral) (?:metastas[ie]s|mets|"
    r"lesions)\b|"
    # "Participants with central nervous system (CNS) involvement may participate if ..."
    r"(?<!non-)\b(?:cns|central nervous system)(?: \(cns\))? (?:tumou?r )?involvement\b"
)
_ADMITS = re.compile(
    # ("Patients with brain metastases were only enrolled if ...": the past tense of a summary)
    r"\b(?:are|is|were|was|will be|may be|can be|be) (?:only )?(?:allowed|eligible|permitted|"
    r"included|enrolled)\b|"
    r"\b(?:may|might) (?:be )?(?:enrol+|participate|enter|take part)\b|\bare eligible\b|"
    # the telegraphic style of records laid out by topic: "Brain metastases allowed provided ..."
    r"\b(?:allowed|permitted|eligible)(?= (?:provided|only if|if|as long as|only when)\b)"
)
_ON_CONDITION = re.compile(
    # ("eligible if disease has been treated", "eligible providing that they have been treated";
    # "allowed if treated and stable" stays an admission)
    r"\b(?:provided|providing|only if|if (?:they|the|it|their|all|there|"
    r"(?:patient|participant|subject)s?'?s?\b|"
    r"(?:brain |cns )?(?:disease|lesions?|metastas[ie]s)\b)|"
    r"as long as|only when|given that|must be|must have|must not|"
    r"should be|that (?:are|is|have been) (?:stable|treated|asymptomatic)|"
    # "will only be eligible after their tumors have been treated ... and they are stable"
    r"(?:eligible|allowed|permitted) (?:only )?after)\b"
)
_STABLE_WORDS = re.compile(
    r"\b(?:stable|stability|treated|asymptomatic|inactive|under control|controlled|"
    r"no (?:longer |ongoing )?symptom\w*|without (?:\w+ )?symptoms?|free of (?:\w+ )?disease|no "
    r"(?:evidence of )?(?:radiographic |radiological )?progression|without (?:evidence of )?"
    r"progression|not (?:in need of|requir\w*)|no (?:ongoing )?(?:need|requirement) for)\b"
)
# "Treated brain metastases that are stable for 4 weeks ... are allowed": the condition stated
# between the metastases and the admission.
_THAT_ARE_STABLE = re.compile(
    r"^[^;]*?\b(?:that|which|who)\s+(?:are|is|have been|has been|had been|remain\w*)\s+"
    r"(?:[\w,-]+\s+){0,4}?(?:stable|asymptomatic|inactive)\b|"
    # "Patients with brain metastases who have previously received definitive local treatment
    # and have stable CNS disease are eligible"
    r"^[^;]*?\b(?:that|which|who)\s+(?:have|has|had)\s+(?:previously\s+|already\s+)?"
    r"(?:received|undergone|completed)\s+(?:[\w,-]+\s+){0,3}?(?:treatment|therapy|radiotherapy|"
    r"radiation|surgery|resection|radiosurgery)\b"
)


# "Patients with new or progressive brain metastases (active brain metastases) are eligible if
# no immediate local treatment is needed": the metastases admitted are the active ones.
# ("Patients with untreated brain metastases are eligible if asymptomatic": the untreated ones
# are admitted; whether symptomatic ones are ruled out is left to the text)
_ACTIVE_ONES_ADMITTED = re.compile(
    r"\b(?:new|newly diagnosed|progressive|progressing|active|untreated)\s+(?:(?:or|and|and/or)"
    r"\s+(?:new|progressive|progressing|active|untreated)\s+)?$"
)
_ACTIVE_ONES_NAMED = re.compile(r"\s*\(\s*(?:i\.e\.,?\s*|that is,?\s*)?active\b")


# "Stable brain metastases that have been treated ..., if applicable": the telegraphic form, the
# condition before the metastases.
_STABLE_OPENING = re.compile(
    r"^\W*(?:(?:clinically |neurologically |radiologically )?(?:stable|treated|asymptomatic|"
    r"controlled)\b[\s,]*(?:(?:and|or|and/or)\s+)?)+$"
)
_IF_PRESENT = re.compile(r"\bif (?:applicable|present|any)\W*$")


# "Patients with brain metastases only if treated and neurologically stable": admitted on a
# condition, without the verb.
_ONLY_IF_AFTER = re.compile(r"\s+(?:are\s+|is\s+)?only (?:if|when|provided)\b")


def _brain_metastases_admitted_if(text: str) -> str | None:
    """The words admitting brain metastases on a condition of stability, if the line has them."""
    norm = normalise(text)
    clauses = _clauses(norm)
    for index, clause in enumerate(clauses):
        mention = _BRAIN_METASTASES.search(clause)
        before = " ".join(
            re.sub(r"\([^()]*\)", " ", clause[: mention.start()] if mention else "").split()
        )
        if mention and re.search(_NOT_THE_QUESTION["cns_metastases_active"][0], before + " "):
            continue  # "Prior surgery for brain metastases is allowed": the treatment is admitted
        if mention and (
            _ACTIVE_ONES_ADMITTED.search(before + " ")
            or _ACTIVE_ONES_NAMED.match(clause, mention.end())
        ):
            # "new or progressive (active) brain metastases are eligible if ...": the active ones
            # themselves are admitted, so none are ruled out
            return None
        if mention and (
            admits := _ADMITS.search(clause) or _ONLY_IF_AFTER.match(clause, mention.end())
        ):
            # The condition may follow in the next sentence ("Brain metastases must be
            # asymptomatic and not in need of local therapy").
            # ("provided they are stable (i.e. without progression ...)": the abbreviation is
            # rewritten in the clause, so the line is taken from the clauses)
            rest = _from_clause(norm, clauses, index)
            # "are allowed and should be treated as per standard of care": care, not a condition
            rest = re.sub(r"\b(?:should|will|would|can|may) be treated\b", " ", rest)
            condition = _ON_CONDITION.search(rest[admits.start() :]) or (
                admits.start() > mention.end()
                and _THAT_ARE_STABLE.match(clause[mention.end() : admits.start()])
            )
            if condition and _STABLE_WORDS.search(rest):
                return _shortened(rest.strip(), 300)
        if mention and _STABLE_OPENING.match(before) and _IF_PRESENT.search(clause):
            # "Stable, treated brain metastases, if applicable": only those are let in
            return _shortened(clause.strip(), 300)
    return None


def _shortened(words: str, most: int) -> str:
    """The words, cut at a word boundary with an ellipsis when longer than `most`."""
    if len(words) <= most:
        return words
    return words[: most - 1].rsplit(" ", 1)[0] + "…"


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


def _negated_inclusion(text: str) -> list[Proposal]:
    """An inclusion written as a negation states an exclusion: "No active autoimmune disease",
    "Patients must not have received ...", "without known brain metastases", "seronegative for
    hepatitis B", "negative pregnancy test"; read its negated clauses as exclusion lines."""
    proposals = [Proposal("flag", params, "exclusion") for params in read_stated_exclusions(text)]
    for clause in _clauses(normalise(text)):
        if not _NEGATED.search(clause):
            continue
        if not _about_contraception(clause):
            for therapy in read_prior_therapies("exclusion", clause):
                proposals.append(Proposal("prior_therapy", {"therapy": therapy}, "exclusion"))
            for params in read_washout_params("exclusion", clause):
                proposals.append(Proposal("washout", params, "exclusion"))
    return proposals


# "Life expectancy < 6 months for reasons other than their cancer": the outlook of another
# illness, which the cancer's own outlook does not decide.
_OTHER_CAUSES = re.compile(
    r"\W*(?:(?:for|from|due to|because of)\s+(?:\w+\s+)?(?:reasons?|causes?|conditions?)\s+"
    r"other than|(?:for\s+)?(?:reasons?\s+|causes?\s+)?(?:unrelated|not related)\s+to)\b"
)
_SHORT_LIFE = re.compile(
    # ("Anticipated patient survival under 3 months")
    r"(?:life[- ]?expectan(?:cy|ce)|"
    r"(?:expected|estimated|predicted|anticipated) (?:patient |overall )?survival|"
    r"survival expectancy|expected to (?:survive|live))\s+"
    # ("a life expectancy reasonably estimated at less than 6 months", "Life expectancy is less
    # than 9 months")
    r"(?:(?:is|was)\s+)?(?:(?:reasonably|clinically)\s+)?"
    r"(?:(?:deemed|estimated|expected|judged|predicted)\s+)?(?:to be\s+|at\s+)?(?:of\s+)?"
    # ("Life expectancy <= 12 weeks": more than 12 weeks required, read as at least 12)
    r"(?:less than or equal to|<=|less than|<|under|shorter than|below)\s*(\d+)\s*"
    r"(months?|weeks?|years?|days?)\b"
)


# "Another malignancy with a life expectancy of less than 2 years": that cancer's outlook.
_ANOTHER_CANCER = re.compile(
    r"\b(?:other|prior|previous|another|second|concurrent)\s+(?:history of\s+)?(?:primary\s+)?"
    r"(?:malignan\w*|cancers?)\b|"
    # "prior history of malignancies, other than multiple myeloma, with a life expectancy < 2
    # years": the other cancer's outlook
    r"\b(?:malignan\w*|cancers?),? other than\b"
)


def _short_life_expectancy(text: str) -> int | None:
    """An exclusion "Expected survival of less than 3 months" requires at least 3 months."""
    norm = normalise(text)
    if (
        (match := _SHORT_LIFE.search(norm))
        and not _ANOTHER_CANCER.search(norm[: match.start()])
        and not _OTHER_CAUSES.match(norm, match.end())
    ):
        number, unit = int(match.group(1)), match.group(2)
        months = (
            number
            if unit.startswith("month")
            else number * 12
            if unit.startswith("y")
            else round(number / 30.4375)
            if unit.startswith("d")
            else round(number * 7 / 30.4375)  # weeks, as an inclusion's: 12 weeks is 3 months
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


_EXCEPTION_LEAD = re.compile(r"\b(?:with the exception of|except(?: for)?|excluding|other than)\b")


def _without_contraception(text: str) -> str:
    """The clauses of a line that say nothing of contraception or pregnancy, joined again.

    A clause whose contraception is only among its exceptions ("hormonal therapy within 3
    weeks, with the exception of: hormonal therapy for contraception") keeps its words before
    the exception."""
    kept: list[str] = []
    for clause in _clauses(normalise(text)):
        if not _about_contraception(clause):
            kept.append(clause)
        elif (lead := _EXCEPTION_LEAD.search(clause)) and not _about_contraception(
            clause[: lead.start()]
        ):
            kept.append(clause[: lead.start()].rstrip(" ,:;"))
    return "; ".join(kept)


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
    # A long diagnosis line is cut rather than left out: a criterion whose codes came only
    # from such a line would otherwise be lost.
    terms = [term for term in dict.fromkeys(t.strip() for t in diagnosis.terms) if term]
    terms = list(dict.fromkeys(_shortened(term, 300) for term in terms))
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
    line that states them, else a criterion of its own) and ages read from other lines are
    dropped; when the registry gives none, a line about the age itself states it.
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
    except_lead: tuple[str, int] | None = None
    allowed_lead: tuple[str, int, int] | None = None
    alternatives: list[tuple[int, CriterionRecord, list[Proposal]]] = []
    # Lines after an inclusion lead-in "Meets 1 of the following criteria:" are its alternatives:
    # the few lines below it set no line count ("No prior chemotherapy" as one option).
    options_left = 0
    # In a breast or prostate cancer trial (no other cancer) endocrine lines go uncounted by a
    # chemotherapy count.
    hormone_driven = (
        diagnosis is not None
        and bool(diagnosis.codes)
        and set(diagnosis.codes) <= _HORMONE_DRIVEN_CODES
        and not _triple_negative_only(criteria)
    )
    # the sub-heading the lines below answer in their section: "Performance status" over
    # "Karnofsky 60-100%", "Chemotherapy" over "At least 4 weeks since prior"
    heading: str | None = None
    heading_kind = ""
    tumour_heading, tumour_kind = False, ""
    # A trial whose inclusion requires brain metastases (of everyone or of one cohort) is for
    # people who have them: a line on which of them qualify ("neurological symptoms despite
    # steroids", "steroids for symptomatic brain disease") does not rule brain metastases out.
    brain_metastases_required = any(
        c.kind == "inclusion" and c.type == "text" and _requires_brain_metastases(c.text)
        for c in criteria
    )
    criteria = _measurable_in_every_part(criteria)
    after_performance = False
    for criterion in criteria:
        performance_before, after_performance = after_performance, False
        if criterion.type != "text":
            proposed.append(criterion)
            continue
        if tumour_kind != criterion.kind:
            tumour_heading, tumour_kind = False, criterion.kind
        tumour_heading = _tumour_sub_heading(criterion.text, diagnosis, tumour_heading)
        if not criterion.scope and (tumour := _tumour_scope(criterion.text, diagnosis)):
            criterion = replace(criterion, scope=tumour)
        if criterion.scope:
            proposed.append(replace(criterion, reviewed=False))
            continue
        if heading_kind != criterion.kind:
            heading, heading_kind = None, criterion.kind
        heading = _sub_heading(criterion.text, heading)
        reading = criterion.text
        if heading in _TOPICS and heading not in normalise(reading):
            reading = f"{heading}: {reading}"
        elif performance_before and _BARE_DURATION.match(normalise(reading)):
            # "Performance status - ECOG 0-1", then "More than 3 months" alone: the value of
            # the "Life expectancy" topic whose heading was lost
            reading = f"life expectancy: {reading}"
        proposals = read_line(criterion.kind, reading)
        after_performance = criterion.kind == "inclusion" and any(
            p.type == "ecog" for p in proposals
        )
        class_heading = None if heading in _TOPICS else heading
        if not any(p.type == "washout" for p in proposals) and (
            stated := _under_class_heading(criterion.text, class_heading)
        ):
            proposals += [p for p in read_line(criterion.kind, stated) if p.type == "washout"]
        if (flattened := _flattened_block_washouts(criterion.kind, criterion.text)) is not None:
            proposals = [p for p in proposals if p.type != "washout"] + flattened
        if tumour_heading:
            # under "Breast Cancer:" in a trial for several tumours: that tumour's window
            proposals = [p for p in proposals if p.type != "washout"]
        if brain_metastases_required:
            proposals = [
                p for p in proposals if p.params.get("question") != "cns_metastases_active"
            ]
        if sex == "MALE":
            # A men-only trial's "Pregnant women are excluded" rules none of its patients out.
            proposals = [
                p for p in proposals if p.params.get("question") != "pregnant_or_breastfeeding"
            ]
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
        if criterion.kind == "inclusion" and _OPTIONS_LEAD_IN.search(normalise(criterion.text)):
            options_left = _OPTIONS_READ
        elif options_left and criterion.kind == "inclusion":
            options_left -= 1
            proposals = [p for p in proposals if p.type != "prior_lines"]
        else:
            options_left = 0
        if hormone_driven:
            proposals = [_without_chemotherapy_maximum(criterion, p) for p in proposals]
            proposals = [p for p in proposals if p.type != "prior_lines" or p.params]
        if _alternative(criterion, previous):
            # "... within 6 months, OR" / "OR ...": one of alternatives sets no line count
            # (unless every alternative sets a minimum, see `_smallest_minimum`).
            counts = [p for p in proposals if p.type == "prior_lines"]
            proposals = [p for p in proposals if p.type != "prior_lines"]
            if criterion.kind == "inclusion":
                # "Prior chemotherapy completed at least 90 days before registration OR ...":
                # one alternative's window is no one's washout
                proposals = [p for p in proposals if p.type != "washout"]
            alternatives.append((len(proposed), criterion, counts))
        else:
            _smallest_minimum(alternatives, proposed)
        previous = criterion
        if registry_ages and not registry_age and not _is_age_line(criterion.kind, criterion.text):
            # The registry gives no age: only a line about the age itself states one (an age in
            # a performance-scale, laboratory or risk-factor line is whom that rule is for).
            proposals = [p for p in proposals if p.type != "age"]
        if registry_age:
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
        if allowed_lead is not None:
            # the numbered items under "... except for the following, which are allowed:"
            lead_kind, lead_number, last = allowed_lead
            if (
                criterion.kind == lead_kind
                and criterion.line is not None
                and criterion.line == last + 1
                and criterion.line != lead_number + 1
            ):
                proposals = [p for p in proposals if p.type != "washout"]
                allowed_lead = (lead_kind, lead_number, criterion.line)
            else:
                allowed_lead = None
        if criterion.line is not None and _ALLOWED_LEAD.search(normalise(criterion.text)):
            allowed_lead = (criterion.kind, criterion.line, 0)
        if except_lead is not None:
            if except_lead[0] == criterion.kind and washouts.DURATION.search(
                normalise(criterion.text)
            ):
                if item := _situation_window(criterion.text):
                    _own_class_windows(proposed, except_lead[1], item)
            else:
                except_lead = None
        if proposals and _EXCEPT_LEAD.search(normalise(criterion.text)):
            # "... within 28 days, except:" then one situation a line
            except_lead = (criterion.kind, len(proposed))
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
    _smallest_minimum(alternatives, proposed)
    proposed = _without_conflicting_lines(_without_alternative_block_lines(proposed))
    proposed = _measurable_for_everyone(proposed)
    proposed = _no_recist_measurable_in_myeloma(proposed, diagnosis)
    proposed = _exceptions_from_other_lines(proposed)
    proposed = _not_otherwise_specified(proposed)
    proposed = _own_class_windows_apart(proposed)
    proposed = _narrow_radiotherapy_lines(proposed)
    proposed = _admitted_only_when_controlled(proposed)
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


# "Any other anticancer therapy not otherwise specified within 21 days": the classes other
# lines give windows of their own keep those.
_NOT_OTHERWISE_SPECIFIED = re.compile(
    r"\bnot (?:otherwise|previously|elsewhere|already) (?:specified|mentioned|listed|stated|"
    r"described)\b|\bnot specified (?:above|elsewhere)\b",
    re.IGNORECASE,
)


def _short_words(text: str, most: int = 300) -> str:
    """A line kept as an exception in words, within the length a criterion allows."""
    text = " ".join(text.split()).strip(" .,;")
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0].rstrip(" ,;")


def _alone_on_its_line(criterion: CriterionRecord, proposed: list[CriterionRecord]) -> bool:
    """Is no other proposal read from the same line? (Then a dropped one leaves its text.)"""
    return not any(
        c is not criterion and c.line == criterion.line and c.text == criterion.text
        for c in proposed
    )


def _narrow_radiotherapy_lines(proposed: list[CriterionRecord]) -> list[CriterionRecord]:
    """ "At least 2 weeks since prior local palliative radiotherapy" and, on a line of its own,
    "At least 3 months since prior TBI or craniospinal radiation" (or "radium-223 within 24
    weeks"): the longer window for a wide field or radionuclides is the general window's
    exception, as it is within one line."""
    radiotherapy = [
        c for c in proposed if c.type == "washout" and c.params.get("category") == "radiotherapy"
    ]
    general = [
        c for c in radiotherapy if not washouts.NARROW_RADIOTHERAPY.search(normalise(c.text))
    ]
    if not general:
        return proposed
    longest = max(c.params["days"] for c in general)
    narrow = [
        c for c in radiotherapy if not any(c is g for g in general) and c.params["days"] > longest
    ]
    if not narrow:
        return proposed
    main = next(c for c in general if c.params["days"] == longest)
    words = [_short_words(c.text) for c in narrow]
    kept: list[CriterionRecord] = []
    for criterion in proposed:
        if criterion is main:
            exceptions = [*criterion.params.get("exceptions", []), *words]
            kept.append(replace(criterion, params={**criterion.params, "exceptions": exceptions}))
        elif not any(criterion is c for c in narrow):
            kept.append(criterion)
        elif _alone_on_its_line(criterion, proposed):
            kept.append(replace(criterion, type="text", params={}))
    return kept


def _not_otherwise_specified(proposed: list[CriterionRecord]) -> list[CriterionRecord]:
    """A broad window "not otherwise specified" leaves the classes with a window of their own."""
    own = {
        c.params.get("category")
        for c in proposed
        if c.type == "washout" and not _NOT_OTHERWISE_SPECIFIED.search(c.text)
    }
    return [
        c
        for c in proposed
        if not (
            c.type == "washout"
            and c.params.get("category") in own
            and c.params.get("category") in washouts.BROAD
            and _NOT_OTHERWISE_SPECIFIED.search(c.text)
        )
    ]


def _named_by_class_words(text: str) -> tuple[bool, set[str], set[str]]:
    """Does a line use a broad term ("anti-tumour therapy"), which systemic classes does it
    name by their class words, and which by a drug's name only?"""
    norm = normalise(text)
    words = washouts.split_exception(norm)[0]
    named = set(washouts.class_word_categories(words))
    drugs = set(washouts.categories(washouts.BROAD_ANTICANCER.sub(" ", words))) - named
    return washouts.BROAD_ANTICANCER.search(norm) is not None, named, drugs


def _own_class_windows_apart(proposed: list[CriterionRecord]) -> list[CriterionRecord]:
    """ "The last systemic anti-tumour treatment within 3 weeks" and, on another line, "TKI
    treatment within 2 weeks": a class named by its own words with its own window keeps that
    window against the one a broad term gives it, as within one line (a line that also names
    a drug of the class keeps its window)."""
    own: dict[str, set[str]] = {}
    apart: list[CriterionRecord] = []
    for c in proposed:
        category = c.params.get("category")
        if c.type != "washout" or category not in washouts.BROAD:
            continue
        broad, named, drugs = _named_by_class_words(c.text)
        if category in named:
            own.setdefault(category, set()).add(c.text)
        elif broad and category not in drugs:
            apart.append(c)
    dropped = [c for c in apart if own.get(c.params["category"], set()) - {c.text}]
    staying = [c for c in proposed if not any(c is d for d in dropped)]
    kept: list[CriterionRecord] = []
    for criterion in proposed:
        if not any(criterion is c for c in dropped):
            kept.append(criterion)
        elif _alone_on_its_line(criterion, [*kept, *staying]):
            # every reading of the line is gone: the line stays, as text
            kept.append(replace(criterion, type="text", params={}))
    return kept


def _admissions(text: str) -> list[tuple[str, str]]:
    """(question, clause) for each clause of a line that admits a common exclusion's topic
    ("Patients with treated brain metastases are eligible", "Participants who are HBsAg
    positive are eligible if ...") or sets a rule for those who have it ("Participants with
    HIV must have well controlled HIV on antiretroviral therapy")."""
    found: list[tuple[str, str]] = []
    for clause in _clauses(normalise(text)):
        masked = _mask_parentheses(clause)
        rule = _RULE_FOR_THOSE_WITH.match(masked)
        for question, pattern in _EXCLUSION_FLAGS:
            if question not in COMMON_EXCLUSIONS:
                continue
            for match in _mentions(question, pattern, clause):
                # The topic is what the clause admits: it comes before the admission ("are
                # permitted in the absence of autoimmune disease" admits something else).
                admission = _ADMISSION.search(masked, match.end())
                negated = _NEGATION_CUE.search(clause[max(0, match.start() - 60) : match.start()])
                if negated:
                    continue
                if (rule and match.end() <= rule.end()) or (
                    admission
                    and _admitted(masked, match)
                    and not _ADMISSION.search(masked[: match.start()])
                ):
                    found.append((question, clause))
                    break
    return found


def _exceptions_from_other_lines(proposed: list[CriterionRecord]) -> list[CriterionRecord]:
    """A common exclusion keeps, as exceptions, what other lines admit of its topic: "Known
    HIV infection" with "HIV-infected participants on effective antiretroviral therapy are
    eligible" elsewhere is asked, and a yes is for the study team to weigh, not a rule-out."""
    flagged = {
        c.params.get("question")
        for c in proposed
        if c.type == "flag" and c.kind == "exclusion" and c.params.get("question")
    }
    if not flagged & set(COMMON_EXCLUSIONS):
        return proposed
    admitted: dict[str, list[tuple[str, str]]] = {}
    for text in dict.fromkeys(c.text for c in proposed):
        for question, clause in _admissions(text):
            admitted.setdefault(question, []).append((text, clause))
    kept: list[CriterionRecord] = []
    for criterion in proposed:
        asked = str(criterion.params.get("question") or "")
        others = [
            clause[:300] for text, clause in admitted.get(asked, []) if text != criterion.text
        ]
        if criterion.type == "flag" and criterion.kind == "exclusion" and others:
            words = list(dict.fromkeys([*criterion.params.get("exceptions", []), *others]))
            criterion = replace(criterion, params={**criterion.params, "exceptions": words})
        kept.append(criterion)
    return kept


# The words that make an admission of HIV or hepatitis B/C conditional on control: "on
# effective antiretroviral therapy with an undetectable viral load", "treated and cured".
_CONTROLLED_INFECTION = re.compile(
    r"\b(?:undetectable|viral loads?|suppress\w*|(?:well[- ])?controlled|cured|cd4|"
    r"anti-?retroviral|\bart\b|haart|anti-?viral)\b"
)
_ALLOWED_WHEN_CONTROLLED = ("immunodeficiency_hiv", "hbv_hcv_active")
# "Participants must have known HIV infection and ...", "Serologic documentation of HIV
# infection": a trial for people with HIV.
_REQUIRES_HIV = re.compile(
    r"^\W*(?:(?:patients?|participants?|subjects?)\s+must\s+(?:have|be)\s+(?:(?:a|known|"
    r"documented|confirmed)\s+)*|(?:serologic\w*\s+)?documentation\s+of\s+)(?:hiv|human "
    r"immunodeficiency virus)(?:[- ]1)?(?:\s+\(hiv\))?[- ](?:infection|infected|positive|"
    r"seropositive)\b"
)


def _admitted_only_when_controlled(proposed: list[CriterionRecord]) -> list[CriterionRecord]:
    """A line that admits HIV or hepatitis B/C only when controlled ("Participants with HIV must
    have well controlled HIV on antiretroviral therapy", "HBsAg-positive participants are
    eligible if their HBV viral load is undetectable", also under the exclusions: "Patients
    with HIV might be enrolled if the viral load is undetectable") rules out the uncontrolled
    infection:
    when no exclusion line asks it already, the line gives the exclusion flag, with the
    admitting words as its exception (a yes is for the study team, never a rule-out)."""
    asked = {
        c.params.get("question")
        for c in proposed
        if c.type == "flag" and c.kind == "exclusion" and not c.scope
    }
    if any(
        c.kind == "inclusion" and not c.scope and _REQUIRES_HIV.match(normalise(c.text))
        for c in proposed
    ):
        # a trial for people with HIV: its rules on their care ("must receive antiretroviral
        # medications when clinically indicated") rule none of them out
        asked.add("immunodeficiency_hiv")
    kept: list[CriterionRecord] = []
    for criterion in proposed:
        kept.append(criterion)
        if criterion.scope or is_cohort_specific(criterion.text):
            continue
        if criterion.kind != "inclusion" and criterion.type != "text":
            continue  # an exclusion line read already (an admission there stays text)
        for question in _ALLOWED_WHEN_CONTROLLED:
            if question in asked:
                continue
            if words := _controlled_admission(question, criterion.text):
                flag = replace(
                    criterion,
                    kind="exclusion",
                    type="flag",
                    params={"question": question, "exceptions": [words]},
                )
                if kept[-1] is criterion and criterion.type == "text":
                    kept[-1] = flag
                else:
                    kept.append(flag)
                asked.add(question)
    return kept


def _controlled_admission(question: str, text: str) -> str | None:
    """The clause of a line admitting the topic only under control, if it has one."""
    pattern = dict(_EXCLUSION_FLAGS)[question]
    norm = normalise(text)
    clauses = _clauses(norm)
    for index, clause in enumerate(clauses):
        masked = _mask_parentheses(clause)
        # "... are eligible, if they meet all of the following conditions: ...; HIV viral loads
        # below the limit of detection": the conditions are the clauses after the lead-in
        listed = (
            _from_clause(norm, clauses, index)[len(clause) :]
            if re.search(r"\b(?:the )?following(?: conditions| criteria)?\W*:", clause)
            else ""
        )
        for match in _mentions(question, pattern, clause):
            if _NEGATION_CUE.search(clause[max(0, match.start() - 60) : match.start()]):
                break
            rest = masked[match.end() :]
            condition = _ADMISSION.search(rest) or re.search(
                r"\b(?:must|should|need to|are required to|is required to|(?:may|can) take part)\b",
                rest,
            )
            if (
                condition is not None
                and not _REFUSAL.search(masked)
                and _CONTROLLED_INFECTION.search(clause[match.end() :] + " " + listed)
            ):
                return _shortened(clause, 300)
            break
    return None


# An inclusion that requires brain metastases: "melanoma that has metastasized to the brain",
# "NSCLC with newly diagnosed brain metastases", "at least one measurable intracranial lesion",
# "1 to 3 brain metastases", "must have CNS metastases".
_BRAIN_SITE = r"(?:brain|cns|central nervous system|intracranial|cerebral)"
_HAS_BRAIN_METASTASES = re.compile(
    r"\bmetasta\w* to (?:the )?" + _BRAIN_SITE + r"\b|"
    r"\b(?:melanoma|cancer|carcinoma|tumou?rs?|malignanc\w+|nsclc|sclc)\s+with\s+(?!or\b)"
    r"(?:[\w-]+ ){0,5}?" + _BRAIN_SITE + r" metasta\w*|"
    r"\bat least (?:1|one) (?:[\w-]+ ){0,3}?" + _BRAIN_SITE + r" (?:[\w-]+ ){0,2}?"
    r"(?:metastas[ie]s|lesions?)\b|"
    r"^\W*(?:newly diagnosed|untreated|previously untreated|\d+\s*(?:-|to)\s*\d+)\b[\w\s,-]{0,60}?"
    + _BRAIN_SITE
    + r" metastas[ie]s\b|"
    # ("must have brain parenchymal metastases")
    r"\bmust have (?:[\w-]+ ){0,3}?" + _BRAIN_SITE + r" (?:parenchymal )?metasta\w*|"
    r"\b(?:presence|evidence) of (?:[\w-]+ ){0,4}?" + _BRAIN_SITE + r" metastas[ie]s\b|"
    # "The patient with brain metastases confirmed by histopathology or imaging"
    r"^\W*(?:the |all )?(?:patients?|participants?|subjects?) with (?:[\w-]+ ){0,2}?"
    + _BRAIN_SITE
    + r" metastas[ie]s (?:[\w-]+ ){0,2}?(?:confirmed|diagnosed|proven|documented|detected)\b"
)


# The sub-headings of a study's parts ("Phase I:", "Part B", "Cohort 2 (expansion)")
_PART_SCOPE = re.compile(
    r"\b(?:phases?|parts?|cohorts?|arms?|stages?|modules?|escalation|expansion)\b", re.IGNORECASE
)


def _measurable_in_every_part(
    criteria: Sequence[CriterionRecord],
) -> Sequence[CriterionRecord]:
    """Measurable-disease lines made everyone's when every part's inclusions require it.

    "Phase I: ... Measurable disease per RECIST" and "Phase II: ... At least one measurable
    lesion": each part asks for it, so everyone does. Not when a part's inclusions admit
    evaluable or non-measurable disease, nor when some scope is not a part of the study.
    """
    inclusions = [c for c in criteria if c.kind == "inclusion" and c.type == "text"]
    scopes = {c.scope for c in inclusions if c.scope}
    if len(scopes) < 2 or not all(_PART_SCOPE.search(scope) for scope in scopes):
        return criteria
    if any(
        re.search(r"\bevaluable\b|\bnon[- ]?measurable\b|\bassessable\b", normalise(c.text))
        for c in inclusions
    ):
        return criteria
    stating = {
        id(c)
        for c in inclusions
        if c.scope and any(p.type == "measurable_disease" for p in read_line("inclusion", c.text))
    }
    if {c.scope for c in inclusions if id(c) in stating} != scopes:
        return criteria
    return [replace(c, scope="") if id(c) in stating else c for c in criteria]


def _requires_brain_metastases(text: str) -> bool:
    """Does an inclusion line require brain metastases (not admit or rule them out)?"""
    clauses = _clauses(normalise(text))
    if any(_BRAIN_METASTASES.search(clause) and _REFUSAL.search(clause) for clause in clauses):
        # "Subjects with ... brain metastases are not eligible. Subjects with clinical evidence
        # of brain metastases must have a negative brain CT": the line rules them out
        return False
    for clause in clauses:
        masked = " ".join(_mask_parentheses(clause).replace("(", " ").replace(")", " ").split())
        match = _HAS_BRAIN_METASTASES.search(masked)
        if (
            match
            and not _NEGATION_CUE.search(masked[max(0, match.start() - 60) : match.end()])
            and not _ADMISSION.search(masked)
            and not re.search(r"\b(?:if|unless|except\w*)\b", masked)
            # ("with or without brain metastases" admits; "with or without symptoms" describes
            # the metastases required)
            and not re.search(r"\bor without\b(?! (?:[\w-]+ )?symptoms?\b)", masked)
        ):
            return True
    return False


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


# Old registry records list prior therapy under one sub-heading per class ("PRIOR CONCURRENT
# THERAPY:", then "Biologic therapy", "Chemotherapy", "Endocrine therapy", "Radiotherapy",
# "Surgery", "Other", each alone on its line): the sub-heading names the class of the lines
# under it ("At least 4 weeks since prior (6 weeks for nitrosoureas)" under "Chemotherapy").
_CLASS_SUBHEADING = (
    r"(?:biologic(?:al)?|endocrine|hormon(?:al|e)|targeted|cytotoxic) therapy|biotherapy|"
    r"immunotherapy|chemotherapy|radiotherapy|radiation therapy|surgery"
)
_CLASS_HEADING_LINE = re.compile(rf"^\W*({_CLASS_SUBHEADING})\s*:?\s*$")
# The same records put "Age", "Performance status" and "Life expectancy" alone on their lines and
# only the value under them ("CTC 0-2", "Karnofsky 60-100%", "At least 12 weeks"): the topic
# completes those lines, which often do not name it.
_TOPICS = ("age", "performance status", "life expectancy")
# A duration alone on its line ("More than 3 months", "At least 12 weeks")
_BARE_DURATION = re.compile(
    r"^\W*(?:at least|more than|greater than|over|>=|>)\s*\d+\s*(?:weeks?|months?)\W*$"
)
_SUB_HEADING_LINE = re.compile(rf"^\W*({_CLASS_SUBHEADING}|{'|'.join(_TOPICS)})\s*:?\s*$")
# Any other sub-heading ends the class's lines: a line ending with a colon, or a few words with
# no number and no verb of a criterion ("Other", "Hematopoietic", "Renal").
_OTHER_HEADING_LINE = re.compile(
    r"^[^:]*:\s*$|^\W*(?!(?:no|not|see|recovered|concurrent|prior|at|more|less|any|must|"
    r"patients?)\b)[a-z][a-z/ -]{0,40}$"
)
# "Chemotherapy: At least 4 weeks since prior": a label naming the class, then the window.
_CLASS_LABEL = re.compile(rf"^\W*({_CLASS_SUBHEADING})\s*:\s*(.+)$")
# "At least 4 weeks since prior (6 weeks for nitrosoureas)", "More than 4 weeks since prior
# interferon alfa": a lower-bound window since a prior treatment the words do not class.
_SINCE_PRIOR = re.compile(
    r"^\W*(?P<lead>(?:at least|more than|over|greater than|>=|>|a minimum of)\s*"
    r"\d+(?:\.\d+)?(?:\s*|-)(?:days?|weeks?|wks?|months?)\s+since\s+(?:the\s+)?"
    r"(?:prior|previous|last|most recent))\b(?P<rest>.*)$"
)
# What is left after the window that names no treatment: "(6 weeks for nitrosoureas)", "and
# recovered", "therapy".
_NO_TREATMENT_NAMED = re.compile(
    r"^\s*(?:(?:therapy|treatment|dose|regimen)s?\b)?\s*(?:\([^()]*\))?\s*"
    r"(?:(?:and|with) (?:has |have )?(?:recovered|full recovery)\b[^;]*)?\.?\s*$"
)
# Supportive drugs named under "Biologic therapy" are no cancer therapy ("since prior
# filgrastim", "epoetin alfa").
_SUPPORTIVE = re.compile(
    r"\b(?:\w*grastim|sargramostim|\w*poetin|oprelvekin|interleukin-11|il-11|\w*-?csf|"
    r"growth factors?|colony[- ]stimulating|thrombopoietin|romiplostim|eltrombopag|"
    r"antibiotics?|anticoagula\w*|bisphosphonates?|\w*dronate|anticonvulsants?)\b"
)
_SYSTEMIC_HEADINGS = re.compile(
    r"biolog|biotherapy|immuno|chemo|endocrine|hormon|targeted|cytotoxic"
)


def _sub_heading(text: str, current: str | None) -> str | None:
    """The sub-heading the lines after `text` are under: a class (see `_CLASS_SUBHEADING`) or
    a topic (`_TOPICS`), in lower case; any other sub-heading ends it."""
    norm = normalise(text)
    if heading := _SUB_HEADING_LINE.match(norm):
        return heading[1]
    if _OTHER_HEADING_LINE.match(norm):
        return None
    return current


def _under_class_heading(text: str, heading: str | None) -> str | None:
    """A window line that names no treatment, written out with the class its sub-heading (or
    its own label) names: "At least 4 weeks since prior" under "Chemotherapy" is "At least 4
    weeks since prior chemotherapy". None when the line is not of that shape."""
    norm = normalise(text)
    if label := _CLASS_LABEL.match(norm):
        heading, norm = label[1], label[2]
    if heading is None or _CLASS_HEADING_LINE.match(norm):
        return None
    match = _SINCE_PRIOR.match(norm)
    if match is None:
        return None
    rest = match["rest"]
    if _NO_TREATMENT_NAMED.match(rest):
        return f"{match['lead']} {heading}{rest}"
    if (
        _SYSTEMIC_HEADINGS.search(heading)
        and not washouts.categories(rest)
        and not _SUPPORTIVE.search(rest)
        and not washouts.NOT_A_WASHOUT.search(rest)
        and re.match(r"\s*(?:and no concurrent\b|and recovered\b|[,;(])", rest) is None
    ):
        # "More than 4 weeks since prior interferon alfa" under "Biologic therapy": a drug
        # of the sub-heading's class
        return f"{match['lead']} {heading} ({rest.strip()})"
    return None


# A line that opens a list of what is allowed: "Previous chemotherapy except for the following,
# which are allowed:" (a window in one of its items admits, it rules nothing out).
_ALLOWED_LEAD = re.compile(
    r"\b(?:(?:which|that) (?:are|is)|(?:are|is)) (?:allowed|permitted|acceptable)\s*:\s*$"
)
# A washout line that ends by opening a list of exceptions: "... within 28 days or 5
# half-lives, whichever is shorter, except:", "except in the following situations:".
_EXCEPT_LEAD = re.compile(
    r"\b(?:except|excluding|with the (?:following )?exceptions?)\b(?:[^.;:]{0,40})?:\s*$"
)


def _situation_window(text: str) -> tuple[list[str], int] | None:
    """The whole classes a situation under an exception lead names and its one window ("<= 5
    half-lives or 2 weeks for small-molecule targeted agents"); a narrower group (nitrosoureas)
    names no whole class."""
    norm = normalise(text)
    first = re.split(r"\.\s+|\s\d+\)\s", norm, maxsplit=1)[0]  # "... 6 weeks. 3) Prior RT"
    windows = washouts.DURATION.findall(first)
    if len(windows) != 1 or washouts.NARROW_GROUP.search(first):
        return None
    named = [c for c in washouts.categories(first) if c in washouts.BROAD]
    if not named:
        return None
    return named, washouts.days(*windows[0])


def _own_class_windows(
    proposed: list[CriterionRecord], start: int, item: tuple[list[str], int]
) -> None:
    """A situation's class keeps its own window instead of the lead's general one."""
    named, days = item
    for index in range(start, len(proposed)):
        criterion = proposed[index]
        if criterion.type != "washout" or criterion.params.get("category") not in named:
            continue
        params = dict(criterion.params)
        if params["days"] != days:
            params["exceptions"] = [
                *params.get("exceptions", []),
                f"{params['days']} days for the other therapies of the class",
            ]
            params["days"] = days
            params.pop("bound", None)
        proposed[index] = replace(criterion, params=params)


# An old-layout block whose line breaks were lost: "PRIOR CONCURRENT THERAPY: Biologic therapy:
# At least 4 weeks since prior immunotherapy No concurrent ... Chemotherapy: At least 4 weeks
# since prior (6 weeks for nitrosoureas) ...": the items start with a capital letter, the class
# sub-headings with their colon.
_FLATTENED_BLOCK = re.compile(r"\bPRIOR CONCURRENT THERAPY\s*:\s*\S")
_INLINE_LABEL = (
    r"(?:Biologic(?:al)? therapy|Biotherapy|Immunotherapy|Chemotherapy|Endocrine therapy|"
    r"Hormon(?:al|e) therapy|Radiotherapy|Radiation therapy|Surgery|Other)\s*:"
)
_FLATTENED_ITEM = re.compile(
    rf"\s+(?={_INLINE_LABEL})|"
    r"(?<=[a-z0-9)\]%])\s+(?=(?:At least|More than|Less than|Greater than|No|Not|Recovered|"
    r"Prior|See|Concurrent|Must|Patients?|Any)\b)"
)


def _flattened_block_washouts(kind: str, text: str) -> list[Proposal] | None:
    """The washouts of an old-layout prior-therapy block run together on one line, read item by
    item under the class sub-heading each item follows; None when the line is not such a block."""
    block = _FLATTENED_BLOCK.search(text)
    if block is None:
        return None
    heading: str | None = None
    found: list[Proposal] = []
    for item in _FLATTENED_ITEM.split(text[block.end() - 1 :]):
        if label := re.match(rf"({_INLINE_LABEL})\s*(.*)$", item.strip()):
            name = normalise(label[1]).rstrip(" :")
            heading = None if name == "other" else name
            item = label[2]
        if not item.strip():
            continue
        readings = [p for p in read_line(kind, item) if p.type == "washout"]
        if not readings and (stated := _under_class_heading(item, heading)):
            readings = [p for p in read_line(kind, stated) if p.type == "washout"]
        found += readings
    return found


def _listed_washouts(text: str) -> list[Proposal]:
    """An item under a lead-in window line: "Chemotherapy: 3 weeks" is a washout of 3 weeks."""
    norm = normalise(text)
    match = _LISTED_WINDOW.match(norm)
    if match is None:
        return []
    stated = f"{match['what']} within {match['n']} {match['unit']}{norm[match.end('unit') :]}"
    return [Proposal("washout", params) for params in read_washout_params("exclusion", stated)]


_EVALUABLE_ALLOWED = re.compile(
    # ("Prior radiotherapy that does not influence the signal of the evaluable lesion is
    # allowed": the lesion the treatment spares, no kind of disease admitted)
    # ("Patients with bone-only disease are eligible": no measurable lesion needed)
    r"(?<!\bthe )\b(?:non[- ]?measurable|evaluable|assessable|bone[- ]only)\b(?! for\b)[^.;]{0,80}"
    r"(?<!not )(?<!not be )"
    r"\b(?:eligible|allowed|permitted|acceptable|may (?:be )?(?:enrolled|included|participate))\b|"
    r"(?<!not )(?<!not be )\b(?:eligible|allowed|permitted|acceptable)\b[^.;]{0,40}"
    r"\b(?:non[- ]?measurable|evaluable|assessable|bone[- ]only)\b(?! for\b)|"
    # "Participants with prostate cancer may be enrolled with objective evidence of disease"
    r"\b(?:may|can) be (?:enrolled|included) with (?:objective |radiographic |radiological )?"
    r"evidence of disease\b"
)
# "Measurable or non-measurable extracranial disease" admits nothing about the brain lesions a
# brain-metastasis trial requires to be measurable.
_EXTRACRANIAL = re.compile(r"\bextra-?cranial\b|\boutside (?:of )?the (?:brain|cns)\b")
_INTRACRANIAL = re.compile(r"\b(?:intra-?cranial|brain|cns|cerebral)\b")


# A lead-in whose items are alternatives: "Meets 1 of the following criteria:", "tumour
# progression, as defined by any of the following:".
_ALTERNATIVES_LEAD = re.compile(
    r"\b(?:any|one|1|either|at least (?:one|1))\s+of\s+the\s+following(?:\s+\w+){0,2}\s*:?\s*$"
)


def _an_alternative(criterion: CriterionRecord, proposed: list[CriterionRecord]) -> bool:
    """Is this line an item under a lead-in that asks for any one of its items?"""
    if criterion.line is None:
        return False
    texts = {c.line: normalise(c.text) for c in proposed if c.kind == criterion.kind}
    for line in range(criterion.line - 1, max(criterion.line - 6, 0), -1):
        text = texts.get(line)
        if text is None:
            return False
        if text.rstrip().endswith(":"):
            return bool(_ALTERNATIVES_LEAD.search(text.rstrip()))
    return False


def _measurable_for_everyone(proposed: list[CriterionRecord]) -> list[CriterionRecord]:
    """A line elsewhere that admits evaluable or non-measurable disease (for everyone or for
    some part) makes measurable disease no requirement of everyone; so does measurable disease
    as one item of a list of alternatives ("Meets 1 of the following: ...")."""
    if not any(c.type == "measurable_disease" for c in proposed):
        return proposed
    proposed = [
        replace(c, type="text", params={})
        if c.type == "measurable_disease" and _an_alternative(c, proposed)
        else c
        for c in proposed
    ]
    intracranial = all(
        _INTRACRANIAL.search(normalise(c.text)) for c in proposed if c.type == "measurable_disease"
    )
    admits = any(
        c.kind == "inclusion"
        and (
            _measurable_optional(normalise(c.text)) or _EVALUABLE_ALLOWED.search(normalise(c.text))
        )
        and not (intracranial and _EXTRACRANIAL.search(normalise(c.text)))
        for c in proposed
    )
    if not admits:
        return proposed
    kept: list[CriterionRecord] = []
    for criterion in proposed:
        if criterion.type != "measurable_disease":
            kept.append(criterion)
        elif _alone_on_its_line(criterion, proposed):
            kept.append(replace(criterion, type="text", params={}))
    return kept


# Imaging criteria in a myeloma trial's measurable line ("plasmacytoma measurable by CT").
_IMAGING_MEASURE = re.compile(
    r"\b(?:recist|lugano|ct|mri|pet|plasmacytomas?|imaging|radiolog\w*)\b"
)


def _no_recist_measurable_in_myeloma(
    proposed: list[CriterionRecord], diagnosis: Diagnosis | None
) -> list[CriterionRecord]:
    """In a myeloma trial, "measurable disease (as defined by the protocol)" is M-protein or
    light chains, not RECIST-measurable disease (the corpus convention): no criterion."""
    if diagnosis is None or not diagnosis.codes or set(diagnosis.codes) != {"MM"}:
        return proposed
    return [
        replace(criterion, type="text", params={})
        if criterion.type == "measurable_disease"
        and not _IMAGING_MEASURE.search(normalise(criterion.text))
        else criterion
        for criterion in proposed
    ]


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


def _without_alternative_block_lines(proposed: list[CriterionRecord]) -> list[CriterionRecord]:
    """Inclusion lines in blocks parted by an "OR" on a line of its own ("previously untreated
    ALL; age >= 60 / OR / relapsed or refractory ALL; age >= 18"): each block is one population,
    so no inclusion line count is everyone's."""
    if not any(
        c.kind == "inclusion" and re.fullmatch(r"\W*or\W*", c.text, re.IGNORECASE) for c in proposed
    ):
        return proposed
    kept: list[CriterionRecord] = []
    for criterion in proposed:
        if criterion.type != "prior_lines" or criterion.kind != "inclusion":
            kept.append(criterion)
        elif _alone_on_its_line(criterion, proposed):
            kept.append(replace(criterion, type="text", params={}))
    return kept


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
        if _alone_on_its_line(criterion, proposed):
            kept.append(replace(criterion, type="text", params={}))
    return kept


def _smallest_minimum(
    alternatives: list[tuple[int, CriterionRecord, list[Proposal]]],
    proposed: list[CriterionRecord],
) -> None:
    """Alternatives joined by "or" that each require a minimum of prior lines ("progression on
    first-line therapy, OR progression on at least 2 lines of endocrine therapy") require the
    smallest: it is proposed on the first alternative's line. Then the group is closed."""
    group, alternatives[:] = list(alternatives), []
    minimums: list[int] = []
    for _, criterion, counts in group:
        if len(counts) != 1 or (counts[0].kind or criterion.kind) != "inclusion":
            return
        params = counts[0].params
        if set(params) != {"min"} or not isinstance(params["min"], int):
            return
        minimums.append(params["min"])
    if len(minimums) < 2:
        return
    index, first, _ = group[0]
    record = replace(
        first, kind="inclusion", type="prior_lines", params={"min": min(minimums)}, reviewed=False
    )
    if (
        index < len(proposed)
        and proposed[index].type == "text"
        and proposed[index].text == first.text
    ):
        proposed[index] = record
    else:
        proposed.insert(index, record)


_HEADING_ALONE = re.compile(r"^\W*([A-Za-z][\w ,/()&+-]{2,60}?)\s*[:\uff1a]\s*$")


def _tumour_sub_heading(text: str, diagnosis: Diagnosis | None, current: bool) -> bool:
    """Whether the lines after `text` are under a tumour's own sub-heading ("Breast Cancer:",
    "Lung Cancer (NSCLC):") in a trial for several tumour types; any other sub-heading ending
    with a colon ends it."""
    heading = _HEADING_ALONE.match(text.strip())
    if heading is None:
        return current
    if diagnosis is None or (len(diagnosis.codes) < 2 and "SOLID" not in diagnosis.codes):
        return False
    return bool([code for code in codes_in(heading[1]) if code != "SOLID"])


def _solid(code: str) -> bool:
    return code == "SOLID" or "SOLID" in ancestors(code)


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
    if re.match(r"(?:a\s+|any\s+)?(?:(?:known|prior|previous|past)\s+)?history\s+of\b", head, re.I):
        return None  # "Patients with history of brain tumour or brain metastases": a past disease
    if re.search(dict(_EXCLUSION_FLAGS)["cns_metastases_active"], head.lower()):
        return None  # "Brain tumors or brain or leptomeningeal metastases": an exclusion's list
    if re.search(r"\bsolid (?:tumou?rs?|cancers?|malignanc\w*|neoplasms?)\b", head, flags=re.I):
        return None  # "Participants with solid tumors or lymphomas, ...": any of the trial's
    codes = [code for code in codes_in(head) if code != "SOLID"]
    if not codes:
        return None
    if all(_solid(code) for code in diagnosis.codes) and not any(_solid(code) for code in codes):
        return None  # "Brain metastasis or hematologic malignancy" in a solid-tumour trial
    # A line that goes on to name every type of the trial ("Newly diagnosed gastric cancer,
    # pancreatic cancer or colorectal cancer", "... cervical cancer ... OR ... endometrial
    # cancer") is everyone's diagnosis line, not the first type's.
    trial = [code for code in diagnosis.codes if code != "SOLID"]
    named = codes_in(re.split(r"[.;](?:\s|$)", text, maxsplit=1)[0])
    if (
        trial
        and "SOLID" not in diagnosis.codes
        and all(
            any(
                code == other or code in ancestors(other) or other in ancestors(code)
                for other in named
            )
            for code in trial
        )
    ):
        return None
    return head.strip()


# A lead-in line ending in "meets 1 of the following criteria:" and the lines taken as its
# options below it (the registry text keeps no indentation to say where the list ends).
_OPTIONS_LEAD_IN = re.compile(
    r"\b(?:(?:meet\w*|fulfil\w*|satisf\w*)\s+(?:at least\s+)?|diagnosis of\s+)(?:one|either|"
    r"any one|1) of the (?:(?:two|three|four|\d) )?(?:following|below)(?: criteria| conditions)?"
    r"\W*$"
)
_OPTIONS_READ = 4
_HORMONE_DRIVEN_CODES = {"BREAST", "BRCA", "PROSTATE", "PRAD"}
_TRIPLE_NEGATIVE = re.compile(
    r"\btriple[- ](?:receptor[- ])?negative\b|\btnbc\b|\ber-/pr-|\b(?:hormone|oestrogen|estrogen) "
    r"receptor[- ]negative\b|\bhr[- ]negative\b"
)
_HORMONE_RECEPTOR_POSITIVE = re.compile(
    r"\b(?:hr|er|pr|pgr|hormone receptor|(?:o)?estrogen receptor|progesterone receptor)"
    r"(?:[- ]?\+|[- ]positive\b|[- ]pos\b)|\bluminal\b|\b(?:hr|er)\+"
)


def _triple_negative_only(criteria: Sequence[CriterionRecord]) -> bool:
    """A breast cancer trial whose inclusion asks for triple-negative (hormone receptor-negative)
    disease and names no receptor-positive group: no endocrine line is left for a chemotherapy
    count to leave open."""
    texts = [normalise(c.text) for c in criteria]
    return any(
        c.kind == "inclusion" and _TRIPLE_NEGATIVE.search(text)
        for c, text in zip(criteria, texts, strict=True)
    ) and not any(_HORMONE_RECEPTOR_POSITIVE.search(text) for text in texts)


# Where a line's clauses part: "<=4 prior therapies, patients may have had one prior chemotherapy"
_CLAUSE_BREAK = re.compile(r"[;,]\s*|\.\s+")


def _count_clauses(kind: str, text: str, bound: Any) -> str:
    """The clauses of a line that state its line count's bound on their own ("Up to 4 prior
    therapies" in "Up to 4 prior therapies, one of them chemotherapy"); the whole line when no
    clause does."""
    if bound is None:
        return text
    clauses = [
        clause
        for clause in _CLAUSE_BREAK.split(text)
        if (params := _read_prior_lines(kind, clause))
        and params.get("max" if kind == "inclusion" else "min") == bound
    ]
    return " ".join(clauses) if clauses else text


def _without_chemotherapy_maximum(criterion: CriterionRecord, proposal: Proposal) -> Proposal:
    """A breast or prostate cancer trial's "No prior chemotherapy for metastatic disease" or "No
    more than 3 prior chemotherapy regimens" limits one class, not all lines: the maximum such a
    line sets is dropped (a minimum of chemotherapy lines is still a minimum of lines). Only the
    clause stating the count is asked whether it names chemotherapy ("Up to 4 prior therapies,
    one of which may be chemotherapy" is a count of all lines)."""
    if proposal.type != "prior_lines":
        return proposal
    text = normalise(criterion.text)
    # "This restriction does not include endocrine therapies": a class left out of the count
    text = re.sub(
        r"\b(?:(?:does|do|will) not (?:include|count)|not including|not counting|excluding|"
        r"except(?: for)?|other than)\b[^.;]*",
        "",
        text,
    )
    kind = proposal.kind or criterion.kind
    bound = "max" if kind == "inclusion" else "min"
    if not re.search(
        r"\bchemo|\bcytotoxic", _count_clauses(kind, text, proposal.params.get(bound))
    ) or re.search(
        # all systemic classes, or local treatment too (an early trial's "no prior treatment")
        r"\b(?:systemic (?:[\w-]+ )?(?:therap|treatment)|endocrine|hormon\w*|surg\w*|"
        r"radiotherap\w*|radiation|any (?:anti-?cancer |anti-?tumou?r )?(?:therapy|treatment))",
        text,
    ):
        return proposal
    if kind == "inclusion":
        params = {k: v for k, v in proposal.params.items() if k != "max"}
    else:  # an exclusion's minimum is who is ruled out: the maximum allowed
        params = {k: v for k, v in proposal.params.items() if k != "min"}
    return replace(proposal, params=params)


_ONE_OF_THE_FOLLOWING = re.compile(
    r"\b(?:meet\w*|fulfil\w*|satisf\w*|fall\w* into|belong\w* to|in)\s+(?:only\s+)?(?:one|either|"
    r"any one|1) of the (?:(?:two|three|four|\d) )?(?:following|below)\b|"
    r"\b(?:one|either|1) of the (?:(?:two|three|four|\d) )?following (?:categories|criteria|"
    r"conditions|groups|situations|populations)\b"
)


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
