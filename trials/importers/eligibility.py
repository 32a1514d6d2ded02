"""Split an eligibility text into one `text` criterion per protocol line, losing no word.

Sections. "Inclusion Criteria:" and "Exclusion Criteria:" headings (any case, optionally "Key",
"Main", "Additional", "Select", "Abbreviated", "Common" ..., a protocol section number such as
"4.1.2", a leading bullet ("-", "•") or Markdown emphasis, colon optional, ASCII or full-width;
"Non-inclusion criteria" is an exclusion heading) open a section. Words after the heading's
colon are the section's first line ("Exclusion Criteria: Patients with ..."), unless they name a
cohort ("Inclusion criteria for Part 2:"), which is then the section's scope. Words that name
everyone ("Exclusion Criteria All Parts", "... applicable across cohorts:") give no scope; a
tumour type's own heading ("Melanoma-specific exclusion criteria:") and "Additional Inclusion
Criteria for HNSCC Participants" give theirs. A heading whose line break was lost before a
sentence ("Exclusion Criteria A participant was not eligible if ...") is still a heading, kept
whole as its section's first line, and so is one that says what follows ("Exclusion Criteria
include:", "Inclusion criteria at Randomization for the Maintenance Phase:"). In an
inclusion section, a line that opens the exclusions as a sentence ("Patients will be excluded
if they meet any of the following criteria:", "Subjects meeting any of the following criteria
are not eligible") opens an exclusion section and is its first line. Lines before the first
heading are inclusion lines.

Lines. In a section with bullets (`*`, `-`, `•`, `+`, `1.` / `1)` numbers, `a.` letters) each
top-level bullet is a criterion; a bullet indented deeper than the first one is appended to its
parent ("Adequate organ function: ANC >= 1.5; platelets >= 100"), and a line without a bullet
continues the line before it. Un-bulleted lines before the first bullet, and un-bulleted
paragraphs after a blank line, are criteria of their own (they used to be dropped as a
preamble: a record lost its age and ECOG lines that way). A section whose only top-level bullet
wraps all the others ("* • The patient must ...", then indented bullets) is read as if the inner
bullets were top-level. In a section without bullets each non-blank line is a criterion.
A criterion written as one paragraph with inline numbering ("1\\. Age 18 or older. 2.
Histologically confirmed ... 3. ECOG 0-1", escaped or not) is one criterion per number: the
numbers must follow on from the item's own, each after the stop or semicolon that ends the
item before and outside brackets; a list starting again at 1 inside an item is its sub-list.
Decimals ("version 1.1", "Section 5.1"), "grade 2." and "ECOG 0, 1 or 2." never split. A
number without the stop ("... of chest 4. Active bleeding 5. ...") splits when it follows on
from the item's own and the word before it takes no number ("Phase 2.", "a maximum of 9.").

Scope. An unindented line after a blank line, ending with a colon, that names a cohort, part,
arm, group or dose phase ("Part 1 Dose Escalation cohort ONLY:", "Cohort B:", "For patients
in Arm 2:") is a sub-heading: the lines under it carry it as their `scope` until the next
sub-heading or section ("All cohorts:", or a sentence saying the lines are "common to both"
phases, goes back to everyone); the sub-heading itself is a line too (with that scope), so no
word is lost. A sub-heading without a colon is read only when it plainly names a cohort, part,
arm or module ("Phase II - CLL cohort", "Dose Expansion Cohort B", "Part 2", also with what
the cohort is after its label: "Cohort A NSCLC", "Part 1A monotherapy") and lines for
everyone come before it in its section; "group" alone never counts there (ECOG is the Eastern
Cooperative Oncology Group), nor does a group named inside a list's stem ("Any of the following
WHO Group 1 forms:"). A line that starts with a cohort label
("Cohort A: Have received ...", "For Part 2 only: ...", "(for Group II) ...", "(Phase 1) ...",
"Additional exclusion criteria for DDI cohort: ...", "[Biopsy Part] ...") carries that label as
its scope, and a label in square brackets alone on its line ("[Expansion Part]") is a
sub-heading ("[All Parts]" goes back to everyone). Any
other sub-heading ("Prior therapy:") is a line of its own and ends a cohort's lines. A section
heading that opens with a cohort label ("Cohort 2 (Recurrent GB) Inclusion Criteria") gives its
section that scope; when each of several cohorts has such a heading followed by a bare heading
of the other kind, the bare one belongs to that cohort too (and so it does when two or more
cohorts' labels stand on lines of their own above their headings), and a line that every cohort's
section of its kind repeats (case and final stop aside) is for everyone.
A nested bullet that opens or closes with a cohort's label ("  - Cohort 1 (Advanced): ...",
"  - ... (dose escalation only)") is a line of its own with that scope, not part of its parent
(a label closing a nested bullet never scopes the parent). A cohort label alone on a line
("Cohort 2 (NSCLC):") opens its lines even without a blank line before it; under a numbered
item, with nested bullets of its own, it ends at the next top-level item. A topic sub-heading
in a cohort's section returns to the section's scope. A bulleted sub-heading ("* Part 1:")
with nested bullets gives each nested bullet a line of its own with that scope. In a basket,
a text with two or more tumour-type sub-headings ("Lung Cancer (NSCLC):", "Breast Cancer:"),
each such sub-heading scopes its lines as a cohort's would; one alone titles its list. When
every line of a text sits under one label naming several groups ("Key Inclusion Criteria
(Part 1 and Part 2):"), the lines are everyone's. A later sentence that opens with another
group's label ("... . For Phase 2 Part 2 - ...", "... . For the Phase II portion of the study,
...") is a line of its own with that scope, and so is each label after a stem's colon ("Lesions:
Phase Ia (Part A): ...; Phase Ia (Part B)/Phase Ib: ..."). Named cohorts closing a line ("... (OLE
Cohort only).", "... (cohort 1 and 2 only)", "... of the following (Arms A, B and D):", "... (for
the phase II part)"), a sentence saying whom its rule holds for ("... is inadmissible to Cohort 2
and Cohort 4.", "... is required for Parts B and C"), a phase's patients as the subject ("Eligible
Phase 1 patients are ...", "Patients recruited to Phase I, cohort I must ...", "Only for phase I,
patients ...", "In the Phase II portion, subjects ...", "For Part 2 only - ...", a lead-in naming
an arm and closed by "only:" ("Drug X (Arm A) dose finding only: ...") and a bulleted heading for
one cohort's criteria, however long ("* Additional Exclusions for Cohort M6 (mCRPC) Only:") scope
their lines; "For phase I and II of the study:" is everyone's. A lettered item of a numbered list
("1a. ... (Arm C):") is an item of that list, however deep the wrapping put it.

Texts are kept as given except the bullet or "N. " number (also one written after the bullet,
"* 1\\. Age ..."), a doubled bullet, the surrounding whitespace, and Markdown backslash
escapes (`\\>=` -> `>=`). When every criterion of a section is numbered, `line` is its number;
otherwise `line` is the criterion's position in its section, from 1. A later section of the
same kind that numbers from 1 again (one per cohort or phase) follows on from the last number,
so two lines never share a kind and a number (the importer matches stored lines by them).
Every criterion is of type `text` and unreviewed: the extraction step (`extraction.py`)
proposes types, a curator reviews.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Set
from dataclasses import dataclass

from trials.importers.records import CriterionRecord

# What may come before a heading's words: a bullet of any kind, Markdown emphasis or a hash
# ("• Exclusion Criteria:", "**Inclusion criteria**", "## Exclusion criteria").
_HEADING_LEAD = r"[-*#_•·▪●+\s]*"
_HEADING_LEAD_AND_TAIL = re.compile(rf"^{_HEADING_LEAD}|[\s*_#]+$")


def _heading_words(line: str, *, colon: bool = False) -> str:
    """A heading line without its bullet and emphasis (and its final colon, if asked): the words
    kept as a line, or as a scope, of their own."""
    words = _HEADING_LEAD_AND_TAIL.sub("", line)
    return re.sub(r"[\s*_#:：]+$", "", words) if colon else words


_HEADING = re.compile(
    # a protocol section number ("4.1.2 Exclusion Criteria"), never a bullet's ("24. Additional");
    # a bullet before the heading ("• Exclusion Criteria:") is no more than a dash would be
    rf"^{_HEADING_LEAD}(?:\d+(?:\.\d+)+\.?\s+)?"
    r"(?:(?:key|main|major|principal|primary|general|additional|specific|other|study|common|"
    r"selected|select|abbreviated|summary|summarized|important|relevant|essential|core|"
    r"overall|global|most|of)\s+)*"
    r"(inclusion|exclusion|non-inclusion)\s+criteri(?:a|on)\b\s*(.*?)\s*$",
    re.IGNORECASE,
)
# "Exclusion:", "Exclusion -" or "Exclusion" alone on a line (some registries write the
# heading short).
_SHORT_HEADING = re.compile(
    rf"^{_HEADING_LEAD}(inclusions?|exclusions?)\s*(?:[:：]|[-–—]+)?[\s*_]*$", re.IGNORECASE
)
_BULLET = re.compile(
    r"^(\s*)(?:[*\-•+·▪]|(\d+)[.)]|(?P<sub>\d+[a-z][.)])|(?:[a-zA-Z]|[ivxIVX]{2,4})[.)])\s+(.*?)\s*$"
)
# A number written after the bullet ("* 1\. Voluntary ...") or a doubled bullet ("* • The").
_INNER_NUMBER = re.compile(r"^(\d+)[.)]\s+(.*)$")
_INNER_BULLET = re.compile(r"^[•·▪]\s*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>=~|^&])")

# A sentence that opens the exclusions instead of a heading.
_EXCLUSION_OPENER = re.compile(
    r"^(?:(?:in addition|additionally|also|furthermore),?\s+)?"
    r"(?:the following\s+)?(?:patients?|subjects?|participants?|individuals?|persons?|"
    r"candidates?|people|women|men)\b[^.]{0,80}?\b(?:will|shall|must|should|are|is|may)\s+"
    r"(?:not\s+be\s+(?:eligible|enrolled|included|allowed)|be\s+excluded|be\s+ineligible|"
    r"not\s+(?:be\s+)?eligible|excluded|ineligible|not\s+qualify|(?:be\s+)?disqualified)"
    r"|^(?:any|one or more) of the following (?:criteria |conditions )?(?:will |shall )?"
    r"(?:exclude|excludes|make)"
    r"|^(?:exclusion|excluded|ineligible) (?:if|when)\b",
    re.IGNORECASE,
)
_SCOPE_WORD = re.compile(
    r"\b(?:cohorts?|parts?|arms?|groups?|not applicable|sub-?stud(?:y|ies)|modules?|"
    r"dose[- ]escalation|dose[- ]expansion|dose[- ]optimi[sz]ation|expansion|escalation|"
    r"phase\s*(?:1|2|i|ii|1b|ib|2a|iia)b?|"
    # a later step for some patients only: "STEP 2 TO <drug> RE-REGISTRATION:", "Inclusion
    # Criteria for Crossover:", "... for Open-Label Extension:", "re-treatment registration"
    r"steps?\s*(?:[2-9]|ii|iii)|re-?registration|re-?treatment|retreatment|cross-?over|"
    r"(?:open-label\s+)?extension(?:\s+(?:phase|period|study))?|"
    # "Inclusion criteria at Randomization for the Maintenance Phase:"
    r"maintenance\s+(?:phase|period|part|stage))\b",
    re.IGNORECASE,
)
_ALL_SCOPE = re.compile(
    # "All - Cohorts A, B and C": a dash or colon after "all" changes nothing
    r"^(?:for\s+)?(?:all|every|each|both)\s*(?:[-\u2013:]\s*)?(?:(?:study|treatment)\s+)?"
    r"(?:cohorts?|parts?|arms?|"
    r"groups?|phases?|patients?|participants?|subjects?)\b",
    re.IGNORECASE,
)
# "Cohort A: ...", "Part 1A: ...", "Arm B (NSCLC): ...", "For Cohort 2 only: ...".
_INLINE_SCOPE = re.compile(
    # "For patients included in cohorts 1, 2 and 3: ..."
    r"^(?:for\s+(?:(?:patients?|participants?|subjects?)\s+(?:(?:included|enrolled|treated)\s+)?"
    r"in\s+)?(?:the\s+)?)?"
    # "Dose escalation cohort C: ...", "Expansion part 2: ..."
    r"((?:(?:dose[- ])?(?:escalation|expansion|confirmation)\s+)?"
    r"(?:cohorts?|parts?|arms?|groups?|sub-?study|module)\s+[A-Za-z0-9][\w.-]{0,5}"
    r"(?:\s*(?:,|and|or|&)\s*[A-Za-z0-9][\w.-]{0,5})*(?:\s*\([^()]{1,40}\))?)"
    r"(?:\s+only)?\s*[:：,]\s*\S",
    re.IGNORECASE,
)
# "Phase 1 ONLY: histologically confirmed ...", "Phase II: Mesothelioma ...": the lines of one
# phase of a phase I/II trial (a colon after the label; the phase label alone, never a list).
_PHASE_LABEL = re.compile(
    r"^(?:for\s+(?:the\s+)?)?(phase\s*(?:i{1,3}|[1-3])[ab]?)(?:\s+(?:only|portion|part))?\s*[:：]\s*\S"
    # "Only for phase I, patients must ...", "For the Phase II portion of the study, patients ..."
    r"|^(?:only\s+)?for\s+(?:the\s+)?(phase\s*(?:i{1,3}|[1-3])[ab]?)(?:\s+(?:portion|part)"
    r"(?:\s+of\s+the\s+study)?)?(?:\s+only)?\s*,\s*(?:the\s+)?(?:patients?|subjects?|participants?)\b",
    re.IGNORECASE,
)
# "(for Group II) Patients eligible for ...", "(Cohort B only) Prior ...".
_PAREN_SCOPE = re.compile(
    r"^\((?:for\s+|in\s+)?(?:the\s+)?((?:cohorts?|parts?|arms?|groups?|sub-?study|module)\s+"
    r"[A-Za-z0-9][\w.-]{0,5}(?:\s*(?:,|and|or|&)\s*[A-Za-z0-9][\w.-]{0,5})*"
    # "(Phase 1) Any solid tumour ...": one phase only, never a list of both
    r"|phase\s*(?:i{1,3}|[1-3])[ab]?(?:\s+(?:portion|part))?)(?:\s+only)?\)\s*\S",
    re.IGNORECASE,
)
# "Additional exclusion criteria for DDI cohort: Has ...": a cohort's criteria in one line.
_CRITERIA_FOR = re.compile(
    r"^(?:additional|specific|further|other)\s+(?:inclusion|exclusion)\s+criteri(?:a|on)\s+"
    r"(?:for|in)\s+(?:the\s+)?([^:：]{1,50}?\b(?:cohorts?|parts?|arms?|groups?|phases?\s*\w{1,3}))"
    r"(?:\s+only)?\s*[:：]",
    re.IGNORECASE,
)
# "Eligible Phase 2 patients in cohorts M1 to M3 are adults who ...", "Subjects enrolled in
# Arm D who ...", "Patients enrolled in Part 2 must ...": a line whose subject is one cohort's
# (not one that opens a list, "Patients in Part 2 must have one of the following:").
_SUBJECT_SCOPE = re.compile(
    r"^(?![^\n]*[:：]\s*$)(?:eligible\s+)?"
    r"(?:(?:phase|part)\s*\w{1,3}\s+(?:(?:and|&)\s+(?:phase|part)\s*\w{1,3}\s+)?)?"
    r"(?:patients?|participants?|subjects?)\s+"
    r"(?:(?:who are\s+)?(?:enrolled|treated|included|recruited)\s+)?(?:in|of|to|into)\s+(?:the\s+)?"
    r"((?:cohorts?|parts?|arms?|groups?|sub-?study|module)\s+[A-Za-z0-9][\w.-]{0,5}"
    r"(?:\s*(?:,|and|or|&|to)\s*[A-Za-z0-9][\w.-]{0,5})*"
    # "Patients recruited to Phase I, cohort I must ..."
    r"|phase\s*(?:i{1,3}|[1-3])[ab]?(?:\s*,\s*(?:cohorts?|parts?|arms?)\s+\w{1,3})?)"
    r"\s+(?:are|is|must|should|will|who|have|has|with|may)\b",
    re.IGNORECASE,
)
# "In the Phase II portion, subjects must ...", "For Part 2 only - advanced NSCLC ...", "In
# dose-escalation accrual, patients may ...", "For Cohort 1 of this study, eligible ...": a line
# that opens with the group it is for.
_OPENING_GROUP = re.compile(
    r"^(?:only\s+)?(?:for|in)\s+(?:the\s+)?(phase\s*(?:i{1,3}|[1-3])[ab]?|"
    r"(?:parts?|cohorts?|arms?)\s+(?-i:[A-Z0-9])[\w.-]{0,3}|"
    r"dose[- ](?:escalation|expansion|finding)|"
    r"(?:expansion|escalation)\s+cohort)"
    r"(?:\s+(?:portion|part|component|phase|accrual|cohort|period))?"
    r"(?:\s+of\s+(?:the|this)\s+(?:study|trial))?(?:\s+only)?"
    r"(?:\s*[:：,]|\s+[-–]\s|\s+(?=(?:patients?|subjects?|participants?)\b))\s*\S",
    re.IGNORECASE,
)
# "* Additional Exclusions for Cohort M6 (mCRPC) Only:", "4. Additional Exclusion Criteria for
# Cohort M8 (...) only:": a bulleted heading for one cohort's criteria, however long its name.
_CRITERIA_FOR_LABEL = re.compile(
    r"^(?:(?:additional|specific|further|other)\s+)?(?:inclusions?|exclusions?)(?:\s+criteri(?:a|on))?"
    r"\s+(?:for|in)\s+(?:the\s+)?((?:[\w-]+\s+){0,3}(?:cohorts?|parts?|arms?)\s+"
    r"(?-i:[A-Z0-9])[\w.-]{0,4}(?:\s*\([^()]{1,60}\))?)(?:\s+only)?\s*[:：]\s*$",
    re.IGNORECASE,
)
# "Eligible Phase 1 patients are adults who ...": the subject is one phase's or part's patients.
_ELIGIBLE_PHASE = re.compile(
    r"^eligible\s+((?:phase|part)\s*(?:i{1,3}|[1-3])[ab]?)\s+(?:patients?|participants?|subjects?)\s+"
    r"(?:are|is|must|should|will|who|have|has|with|may)\b",
    re.IGNORECASE,
)
# "Drug X (Arm A) dose finding only: Patients must ...": a short lead-in naming one arm, cohort,
# part or phase, closed by "only" and a colon, whatever words surround the label.
_ONLY_LEAD_IN = re.compile(
    r"^([^:：]{0,40}?(?:\b(?:cohorts?|parts?|arms?)\s+(?-i:[A-Z0-9])[\w.-]{0,4}|"
    r"\bphase\s*(?:i{1,3}|[1-3])[ab]?\b)[^:：]{0,40}?)\s+only\s*[:：]\s*\S",
    re.IGNORECASE,
)
_SOME_PARTS = re.compile(
    r"^(?:for|.{0,60}\b(?:excluded|exempt) from) (some|one|certain) "
    r"((?:parts?|cohorts?|arms?) of (?:the|this) study)\b",
    re.IGNORECASE,
)


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes: `\\>=` -> `>=`, `\\<` -> `<`, `\\*` -> `*`."""
    return _ESCAPE.sub(r"\1", text)


def _plain(text: str) -> str:
    """A heading without Markdown emphasis and final colon: "**Part 1 ONLY:**" -> "Part 1 ONLY"."""
    return text.strip().strip("*_#").strip().rstrip(":：").strip().strip("*_").strip()


# "Unless otherwise specified, the exclusion criteria are common to both Phase 1 and Phase 2a":
# a sub-heading that names the cohorts only to say its lines are for all of them.
_FOR_ALL = re.compile(
    r"\b(?:common to|appl(?:y|ies|icable) to|for)\s+(?:both|all|every|each)\b", re.IGNORECASE
)


# "Phase I and Phase II portions of the study:", "Phase 1 and 2:": a phase I/II trial's two
# phases are all of it, so the lines under such a sub-heading are everyone's.
_BOTH_PHASES = re.compile(
    r"^(?:for\s+)?(?:the\s+)?(?:study\s+)?phases?\s*(?:i|1)[ab]?\s*(?:and|&|/|\+)\s*"
    r"(?:phase\s*)?(?:ii|2)[ab]?\b(?!.*\bonly\b)(?:\s+(?:portions?|parts?))?(?:\s+of\s+the\s+study)?$"
    # "Exclusion Criteria for Dose Escalation and Dose Expansion:": both parts are the study
    r"|^(?:for\s+)?(?:both\s+)?(?:the\s+)?dose[- ]escalation(?:\s+(?:parts?|phases?|cohorts?))?"
    r"\s+(?:and|&|/)\s+(?:the\s+)?(?:dose[- ])?expansion(?:\s+(?:parts?|phases?|cohorts?))?$",
    re.IGNORECASE,
)
# "All cohorts of Dose Expansion only": every cohort of one part is that part's.
_ALL_OF_ONE_PART = re.compile(
    r"^(?:for\s+)?(?:all|every|each)\s+(?:cohorts?|arms?|groups?)\s+(?:of|in)\s+(?:the\s+)?(.+?)$",
    re.IGNORECASE,
)


_PARTY_SUB_HEADING = re.compile(
    r"^(?:for\s+(?:the\s+)?)?(donors?|recipients?)(?:\s+(?:selection|eligibility|inclusion|"
    r"exclusion|criteria|requirements|only))*$",
    re.IGNORECASE,
)


# "Diagnosis of the following WHO Group 1 subtypes:": a stem naming "the following" opens a list
# to choose from, and a group it names mid-sentence is a class or grade, not a cohort.
_LIST_STEM = re.compile(r"\bthe\s+following\b", re.IGNORECASE)
_OPENS_WITH = re.compile(r"^(?:(?:for|in)\s+(?:the\s+)?)?$", re.IGNORECASE)


def scope_heading(text: str) -> str | None:
    """The scope a sub-heading names: the cohort as written, "" for everyone, None if none."""
    plain = _plain(unescape(text))
    if not plain or len(plain) > 200:
        return None
    if (part := _ALL_OF_ONE_PART.match(plain)) and _SCOPE_WORD.search(part.group(1)):
        return part.group(1)
    if party := _PARTY_SUB_HEADING.match(plain):
        # "Donor Selection:" opens the donor's lines; "Recipient eligibility:" is the patient's
        return plain if party.group(1).lower().startswith("donor") else ""
    if _ALL_SCOPE.match(plain) or _FOR_ALL.search(plain) or _BOTH_PHASES.match(plain):
        return ""
    if found := _SCOPE_WORD.search(plain):
        words = {word.lower() for word in _SCOPE_WORD.findall(plain)}
        if (
            _LIST_STEM.search(plain)
            and words <= {"group", "groups"}
            and not _OPENS_WITH.match(plain[: found.start()])
        ):
            return None
        return plain
    return None


_NOT_APPLICABLE = re.compile(
    r"^(not applicable (?:with|under|per|after|since|from) (?:the )?(?:protocol )?amendment"
    r"(?: \w+)?)\s*[:：]",
    re.IGNORECASE,
)


def inline_scope(text: str, own: str | None = None) -> str | None:
    """The cohort label a line opens with ("Cohort A: ..."), if any.

    A label closing the line ("... (Part 2 only)") counts only when it closes the item's `own`
    words: one closing a nested bullet appended to it ("Diagnosis of B-ALL; ...; relapse < 36
    months (part B only)") is that bullet's, not the whole line's.
    """
    if match := _NOT_APPLICABLE.match(text):
        return match.group(1)  # withdrawn by an amendment: for no one now
    if match := _INLINE_SCOPE.match(text):
        return match.group(1).strip()
    if match := _PHASE_LABEL.match(text):
        return (match.group(1) or match.group(2)).strip()
    if (match := _CRITERIA_FOR.match(text)) and not _EVERYONE.match(match.group(1)):
        return match.group(1).strip()
    if match := _PAREN_SCOPE.match(text):
        return match.group(1).strip()
    if label := _bracket_scope(text, alone=False):
        return label
    if match := _SUBJECT_SCOPE.match(text):
        return match.group(1).strip()
    if match := _ELIGIBLE_PHASE.match(text):
        return match.group(1).strip()
    if match := _SOME_PARTS.match(text):
        return f"{match.group(1)} {match.group(2)}"
    if match := _NAMED_COHORT.match(text):
        return (match.group(1) or match.group(2)).strip()
    if match := _OPENING_GROUP.match(text):
        return match.group(1).strip()
    if (match := _ONLY_LEAD_IN.match(text)) and not _VERB.search(match.group(1)):
        return match.group(1).strip()
    closing = text if own is None else own
    if (match := _TRAILING_SCOPE.search(closing)) and not _VALUE_PER_PART.search(closing):
        return match.group(1)
    first = re.split(r"(?<=[.;])\s+(?=[A-Z])", text if own is None else own, maxsplit=1)[0]
    if match := _FOR_PART.search(first):
        return match.group(1)
    if match := _HOLDS_FOR.search(first):
        return match.group(1)
    return None


def _leading_label(text: str) -> str | None:
    """The cohort a nested bullet names for itself: a label opening it ("Cohort 1 (Advanced
    Patients): ...", "Phase II: ...", "(Part B only) ...") or closing it ("... (phase II
    only)"); None for any other bullet."""
    words = unescape(text).strip()
    for pattern in (_INLINE_SCOPE, _PHASE_LABEL, _PAREN_SCOPE, _CRITERIA_FOR_LABEL):
        if match := pattern.match(words):
            return (match.group(1) or match.group(2)).strip()
    if match := _TRAILING_SCOPE.search(words):
        return match.group(1)
    return None


# "No prior chemotherapy for metastatic disease (phase II)", "... (Part 2 only).", "... (for
# the phase II part)": a label closing the line, the way older records mark one phase's lines.
_TRAILING_SCOPE = re.compile(
    r"\((?:for\s+(?:the\s+)?)?("
    # "(cohort 1 and 2 only)", "... of the following (Arms A, B and D):" (not "(part A or B)")
    r"(?:parts?|cohorts?|arms?)\s+\w{1,3}(?:\s*(?:,|and|or|&)\s*\w{1,3}){1,3}"
    r"(?:\s+only(?=\s*[;)])|(?=\)\s*[:：]))|"
    r"(?:phase\s*(?:i{1,3}|[1-3])[ab]?|parts?\s+\w{1,3}|cohorts?\s+\w{1,3}|arms?\s+\w{1,3}|"
    # "(dose escalation only)", "(part A only [closed to accrual as of 10/30/06])"
    r"stratum\s+\w{1,3}|dose[- ](?:escalation|expansion)(?:\s+(?:part|phase|cohort))?)"
    r"(?:\s+only)?(?:\s+(?:portion|part|patients)(?:\s+only)?)?"
    # "(OLE cohort only)", "(Main Global and ME2 Cohorts only; ...)": named cohorts, only theirs
    r"|(?!(?:all|both|every|each|any)\b)(?:[\w-]+\s+(?:(?:and|&|,)\s*)?){1,4}cohorts?\s+only"
    r"(?=\s*[;)]))"
    r"(?:\s*\[[^\[\]]{1,60}\]|;[^()]{1,150})?\)\s*[.;:：]?\s*$",
    re.IGNORECASE,
)
# "ECOG 0-2 (Phase Ib) or 0-1 (Phase II)": a value for each part, the last label closing the
# line with the others; the line is everyone's.
_PART_LABEL = (
    r"(?:phase\s*(?:i{1,3}|[1-3])[ab]?|parts?\s+\w{1,3}|cohorts?\s+\w{1,3}|arms?\s+\w{1,3})"
)
_VALUE_PER_PART = re.compile(
    rf"\({_PART_LABEL}\)\s*(?:,|;|or|and)\s*[^()]{{1,30}}\({_PART_LABEL}(?:\s+only)?\)\s*[.;]?\s*$",
    re.IGNORECASE,
)
# "Subjects must have been treated with lenalidomide for the phase II part. ...", "Must have
# measurable disease for Part A, ... for Part B": a first sentence that closes on one part.
_FOR_PART = re.compile(
    r"\bfor\s+(?:the\s+)?((?:phase\s*(?:i{1,3}|[1-3])[ab]?\s+(?:part|portion)|"
    r"(?:parts?|cohorts?|arms?)\s+(?-i:[A-Z0-9])\w{0,2}\b))\s*(?:[.;]|$)",
    re.IGNORECASE,
)
# "Prior PD-1 inhibitors are inadmissible to Cohort 2 and Cohort 4.", "A fresh biopsy is
# required for Parts B and C": a first sentence that says which groups its rule holds for.
_HOLDS_FOR = re.compile(
    r"\b(?:(?:in)?admissible|(?:not\s+)?(?:allowed|permitted|eligible|applicable)|required|"
    r"mandatory|appl(?:y|ies))\s+(?:to|for|in)\s+(?:the\s+)?((?:parts?|cohorts?|arms?)\s+"
    r"(?-i:[A-Z0-9])\w{0,2}(?:\s*(?:,|and|or|&)\s*(?:(?:parts?|cohorts?|arms?)\s+)?"
    r"(?-i:[A-Z0-9])\w{0,2})*)(?:\s+only)?\s*(?:[.;]|$)",
    re.IGNORECASE,
)
# "Dose escalation cohort: histologically ...", "SCLC cohort: ...", "For the Dose Escalation
# period, subjects who ...": a cohort or phase named without a letter or number.
_NAMED_COHORT = re.compile(
    r"^(?:for\s+(?:the\s+)?)?((?:(?!(?:all|each|every|both|other|any|no|the)\b)[\w/+-]+\s+){1,3}"
    r"(?:cohorts?|arms?)|(?:dose[- ])?(?:escalation|expansion|confirmation)\s+"
    # "Dose Confirmation portion (Part 2): have ..."
    r"(?:phase|part|portion|period|stage)(?:\s*\([^()]{1,20}\))?)(?:\s+only)?\s*[:：]\s*\S"
    r"|^for\s+(?:the\s+)?((?:dose[- ])?(?:escalation|expansion)\s+(?:phase|part|portion|period|"
    r"cohorts?))(?:\s+only)?\s*,\s*\S",
    re.IGNORECASE,
)


@dataclass
class _Item:
    text: str
    number: int | None
    scope: str | None
    children: int = 0
    bullet: bool = False
    # the item's own words, before any nested bullet was appended to it
    own: str | None = None
    # a bulleted sub-heading ("* Part 1:") whose nested bullets are lines of their own
    heading: bool = False

    def append(self, text: str, *, nested: bool) -> None:
        """Add a continuation line (a space) or a nested bullet (a semicolon unless punctuated)."""
        if not self.text:
            self.text = text
            return
        if nested and self.own is None:
            self.own = self.text
        punctuated = self.text.endswith((":", ";", ",", "."))
        separator = "; " if nested and not punctuated else " "
        self.text = f"{self.text}{separator}{text}"


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


# What a sub-heading may say after its colon: "Phase 1: (dose escalation)".
_AFTER_THE_COLON = re.compile(r"\s*\([A-Za-z][A-Za-z -]{0,30}\)\s*$")


def _is_subheading(line: str, previous_blank: bool, top_indent: int | None) -> bool:
    """An unindented line after a blank line, ending with a colon: "Part 1 cohorts ONLY:"."""
    return (
        previous_blank
        and _plain(line) != ""
        and _heading(line) is None  # a section heading kept as a line keeps its scope
        and _AFTER_THE_COLON.sub("", line.rstrip().rstrip("*_ ")).endswith((":", "："))
        and (top_indent is None or _indent(line) <= top_indent)
    )


# A line that is only a cohort's label: "Cohort 2 (NSCLC):", "Dose expansion cohort only:",
# "Expansion cohort(s) only:"; no verb, short.
_LABEL_VERB = re.compile(
    r"\b(?:must|should|shall|will|may|can|have|has|had|are|is|be|were|was|meet|include[sd]?)\b",
    re.IGNORECASE,
)


def _is_cohort_label(line: str, top_indent: int | None) -> bool:
    """A cohort's label on a line of its own, even right under a bullet and without the blank
    line a sub-heading has ("* ECOG 0-1" then "Cohort 2 (NSCLC):"): its lines follow."""
    plain = _plain(unescape(line))
    return (
        line.rstrip().rstrip("*_ ").endswith((":", "："))
        and 0 < len(plain) <= 60
        and _heading(line) is None
        and (top_indent is None or _indent(line) <= top_indent + 4)
        and _LABEL_VERB.search(plain) is None
        and bool(scope_heading(line))
        and _BARE_COHORT.match(plain) is not None
    )


# A cohort sub-heading written without a colon: "Phase II - CLL cohort", "Dose Expansion Cohort
# B", "NUC-7738 + pembrolizumab cohort only", "Part 2". Only the words "cohort", "arm", "part" and
# "module" with a label count ("group" is also ECOG's name and Gleason's grade group).
_BARE_COHORT = re.compile(
    r"^(?:[^.;:<>=≤≥%]{0,60}\b(?:cohorts?|arms?)(?:\s+[A-Z0-9][\w.-]{0,4})?(?:\s+only)?"
    r"|(?:parts?|cohorts?|arms?|modules?|sub-?stud(?:y|ies))\s+[A-Z0-9][\w.-]{0,4}"
    r"(?:\s*(?:,|and|&)\s*[A-Z0-9][\w.-]{0,4})*(?:\s+only)?"
    # what the cohort is, after its label: "Cohort A NSCLC", "Part 1A monotherapy", "Cohort B
    # (prior cranial radiation)"; never a sentence ("Cohort A will enrol 20 patients")
    r"(?:\s+(?!(?:[\w()/+-]+\s+){0,3}(?:will|must|should|shall|may|can|is|are|was|were|has|have|"
    r"had|receives?|received|includes?|enrol\w*|consists?)\b)[\w()/+,-]+(?:\s+[\w()/+,-]+){0,3})?)$",
    re.IGNORECASE,
)


# "[Expansion Part]", "[Biopsy Parts] Patients with ...": a label in square brackets, alone on
# its line (a sub-heading) or opening it, names the part or cohort the line is for.
_BRACKET_LABEL = re.compile(r"^\[([^\[\]]{1,60})\](?=\s*(\S?))")


def _bracket_scope(text: str, *, alone: bool) -> str | None:
    """The cohort or part a square-bracketed label names, alone on its line or opening it ("" for
    everyone: "[All Parts]")."""
    match = _BRACKET_LABEL.match(_plain(unescape(text)) if alone else text.strip())
    if match is None or bool(match.group(2)) == alone:
        return None
    return scope_heading(match.group(1))


def _bare_scope(line: str, previous_blank: bool, top_indent: int | None, after: bool) -> str | None:
    """The cohort a colon-less sub-heading names, if the line is one.

    It is read so only after lines for everyone (`after`): a colon-less line that opens a
    section titles its whole list ("Phase I and Phase II - solid tumors cohorts") and stays a
    line, as a sentence-like line would.
    """
    if previous_blank and (label := _bracket_scope(line, alone=True)) is not None:
        return label
    plain = _plain(unescape(line))
    if (
        not after
        or not previous_blank
        or _heading(line) is not None
        or (top_indent is not None and _indent(line) > top_indent)
        or len(plain.split()) > 8
        or not (plain[:1].isupper() or plain[:1].isdigit())
        or _ALL_SCOPE.match(plain)
        or not _BARE_COHORT.match(plain)
    ):
        return None
    return plain


# A bullet that only names whose criteria follow: the stem-cell donor's or the recipient's.
_PARTY_HEADING = re.compile(
    r"^(donors?|recipients?|patients?)\s+(?:inclusion|exclusion|eligibility)?\s*criteria\s*:?$",
    re.IGNORECASE,
)


# A basket's tumour-type sub-heading: "Lung Cancer (NSCLC):", "Breast Cancer:", "Prostate cancer
# patients:". Read as a scope only in a text with two or more of them (one such heading in a
# single-disease trial titles its list).
_TUMOUR_HEADING = re.compile(
    r"^(?:[A-Za-z][\w/+-]*\s+){0,4}(?:cancers?|carcinomas?|tumou?rs?|melanomas?|lymphomas?|"
    r"leuka?emias?|myelomas?|sarcomas?|gliomas?|glioblastomas?|mesotheliomas?|neoplasms?|"
    r"malignanc(?:y|ies)|(?-i:NSCLC|SCLC|m?CRPC|HCC|RCC|TNBC|HNSCC|CRC|NHL|CLL|AML|MDS))"
    r"(?:\s*\([^()]{1,30}\))?(?:\s+(?:participants|patients|subjects|cohorts?|only))?$",
    re.IGNORECASE,
)


def _tumour_headings(lines: list[str]) -> set[str]:
    """The tumour-type sub-headings of a text: unbulleted lines, each alone, ending with a colon."""
    found = set()
    for line in lines:
        words = unescape(line).strip()
        if _BULLET.match(line) is None and words.rstrip("*_ ").endswith((":", "：")):
            plain = _plain(words)
            if _TUMOUR_HEADING.match(plain) and not _LABEL_VERB.search(plain):
                found.add(plain.casefold())
    return found


def _tumour_scope(line: str, baskets: bool) -> str | None:
    """The tumour type a basket's sub-heading names, if the line is one."""
    if not baskets:
        return None
    plain = _plain(unescape(line))
    return plain if len(_tumour_headings([line])) == 1 else None


def _bullet_items(
    lines: list[str],
    scope: str | None,
    *,
    flatten: bool,
    baskets: bool = False,
    split_headings: bool = True,
) -> list[_Item]:
    section_scope = scope
    items: list[_Item] = []
    top_indent: int | None = None
    previous_blank = True
    current: _Item | None = None
    parent: _Item | None = None  # the top-level item nested bullets belong to
    labelled: tuple[_Item, int] | None = None  # a nested bullet split out, and its indent
    # a cohort label written under a bullet ("3. ... NSCLC meeting all of:" then "   Cohort A
    # participants:"): its scope ends at the next top-level bullet, back to this one
    until_top: list[str | None] = []
    label_pending = False  # that label's first bullet not read yet
    previous_line = ""
    for line in lines:
        if not line.strip():
            previous_blank = True
            continue
        before, previous_line = previous_line, line
        bullet = _BULLET.match(line)
        if bullet is None:
            heading_scope = (
                scope_heading(line)
                if _is_subheading(line, previous_blank, top_indent)
                or (
                    # (not a bullet's wrapped last words: "... enrolling in Expansion" /
                    # "Cohort C:", after a line that ran to the wrapping column)
                    (
                        previous_blank
                        or top_indent is None
                        or _indent(line) <= top_indent
                        or len(before.rstrip()) < 60
                    )
                    and _is_cohort_label(line, top_indent)
                )
                else _bare_scope(line, previous_blank, top_indent, bool(items))
            )
            if heading_scope is None and _is_subheading(line, previous_blank, top_indent):
                heading_scope = _tumour_scope(line, baskets)
            if (
                heading_scope is None
                and label_pending
                and top_indent is not None
                and _indent(line) > top_indent
            ):
                label_pending = False  # the label's lines are nested under the item too
            if heading_scope is not None:
                if top_indent is not None and _indent(line) > top_indent and not until_top:
                    until_top.append(scope)
                    label_pending = True
                # the lines under it, until the next sub-heading
                scope = heading_scope or section_scope
                items.append(_Item(line.strip(), None, scope))
                current = parent = None
                labelled = None
            elif (
                current is not None
                and top_indent is not None
                and not (previous_blank and _indent(line) <= top_indent)
            ):
                current.append(line.strip(), nested=False)
            else:
                # A paragraph of its own: before the first bullet, or after a blank line.
                if _is_subheading(line, previous_blank, top_indent):
                    # a topic sub-heading ("Prior therapy:") ends a cohort's lines, back to
                    # the section's own scope
                    scope = section_scope
                current = _Item(line.strip(), None, scope)
                items.append(current)
                parent, labelled = None, None
            previous_blank = False
            continue
        previous_blank = False
        indent = len(bullet.group(1).expandtabs(4))
        if bullet.group("sub") and top_indent is not None and items and items[0].number:
            # "1a. ... (Arm C):" in a numbered list, however deep the wrapping put it: an item
            # of the numbered list, after "1." and before "2."
            indent = top_indent
        number = int(bullet.group(2)) if bullet.group(2) else None
        if label_pending and top_indent is not None and indent <= top_indent:
            until_top.clear()  # the label's lines are the top-level ones that follow it
        label_pending = False
        text = _INNER_BULLET.sub("", bullet.group(4))
        if bullet.group("sub"):
            text = f"{bullet.group('sub')} {text}"  # "1a." is kept: a number of its own
        if inner := _INNER_NUMBER.match(unescape(text)):
            number, text = number or int(inner.group(1)), inner.group(2)
        if items and top_indent is not None and indent > top_indent and not flatten:
            if labelled is not None and indent > labelled[1]:
                labelled[0].append(text, nested=True)  # under a labelled bullet: its own
                labelled[0].children += 1
                current = labelled[0]
                continue
            if (label := _leading_label(text)) is not None and parent is not None:
                # "- Diagnosis of ...:" then "  - Cohort 1: ...", "  - Cohort 2: ...": each
                # cohort's bullet is a line of its own with that cohort's scope
                current = _Item(text, None, label, bullet=True)
                items.append(current)
                labelled = (current, indent)
                parent.children += 1
                continue
            if (
                split_headings
                and parent is not None
                and parent.bullet
                and (parent.children == 0 or parent.heading)
                # (one label: not a heading run on with the next one, "Phases 2a and 2b Only:
                # SCNC - Cohort A of Phase 2a only:")
                and ":" not in parent.text.rstrip(" *_:：").replace("：", ":")
                and (bullet_scope := _bullet_heading(parent.text)) is not None
                # (a cohort's, or everyone's as "All cohorts:", not a topic's "Contraindication
                # for all comparators:")
                and (bullet_scope or _ALL_SCOPE.match(_plain(unescape(parent.text))))
                # (never a choice: "Cohort 2, one of the following:" stays one line)
                and not _ONE_OF.search(parent.text)
            ):
                # "* Part 1:" then "  * Evaluable disease.", "  * Age >= 18": a bulleted
                # sub-heading's nested bullets are its cohort's lines, each of its own
                parent.scope = (bullet_scope and _leading_label(parent.text)) or (
                    bullet_scope or parent.scope
                )
                parent.heading = True
                parent.children += 1
                current = _Item(text, None, _leading_label(text) or parent.scope, bullet=True)
                items.append(current)
                labelled = (current, indent)
                continue
            owner = parent if parent is not None else items[-1]
            owner.append(text, nested=True)
            owner.children += 1
            current = owner
            continue
        if top_indent is None or not flatten:
            top_indent = indent if top_indent is None else min(top_indent, indent)
        if until_top and indent <= top_indent:
            scope = until_top.pop()
        if (
            items
            and items[-1].bullet
            and items[-1].children == 0
            and (bullet_scope := _bullet_heading(items[-1].text)) is not None
        ):
            # "-  STEP 2 TO <drug> RE-REGISTRATION:" alone, then the lines for that step
            scope = items[-1].scope = bullet_scope or None
        current = _Item(text, number, scope, bullet=True)
        items.append(current)
        parent, labelled = current, None
    return items


# A sentence, not a heading: "Patients in Part 2 must have one of the following:".
_VERB = re.compile(r"\b(?:must|should|shall|will|may|can|have|has|are|is|be|meet)\b", re.IGNORECASE)


# A list to choose from: its items are one criterion, not several.
_ONE_OF = re.compile(r"\b(?:one|any|either|1)\s+(?:or\s+more\s+)?(?:of|among)\b|\beither\b", re.I)


def _bullet_heading(text: str) -> str | None:
    """The scope a bulleted sub-heading names ("- Part 2 only:"), "" for everyone, else None.

    "- Donor Inclusion Criteria" opens the donor's lines, until the recipient's ("- Recipient
    Exclusion Criteria") or the next section."""
    if party := _PARTY_HEADING.match(_plain(unescape(text))):
        return party.group(0) if party.group(1).lower().startswith("donor") else ""
    plain = text.strip()
    if match := _CRITERIA_FOR_LABEL.match(unescape(plain)):
        return match.group(1)
    if not plain.rstrip("*_ ").endswith((":", "：")) or len(plain) > 80 or _VERB.search(plain):
        return None
    return scope_heading(plain)


def _section_items(lines: list[str], scope: str | None, *, baskets: bool = False) -> list[_Item]:
    if not any(_BULLET.match(line) for line in lines):
        items: list[_Item] = []
        previous_blank = True
        for line in lines:
            if not line.strip():
                previous_blank = True
                continue
            if (_is_subheading(line, previous_blank, None) or _is_cohort_label(line, None)) and (
                (heading_scope := scope_heading(line)) is not None
                or (heading_scope := _tumour_scope(line, baskets)) is not None
            ):
                scope = heading_scope or None
            elif (bare := _bare_scope(line, previous_blank, None, bool(items))) is not None:
                scope = bare or None
            items.append(_Item(line.strip(), None, scope))
            previous_blank = False
        return items
    items = _bullet_items(lines, scope, flatten=False, baskets=baskets)
    # (a bulleted sub-heading's nested bullets read as its children here)
    whole = _bullet_items(lines, scope, flatten=False, baskets=baskets, split_headings=False)
    bulleted = [item for item in whole if item.bullet]
    if len(bulleted) == 1 and bulleted[0].children >= 2:
        # One wrapper bullet holding every criterion: the inner bullets are the criteria.
        flat = _bullet_items(lines, scope, flatten=True, baskets=baskets)
        if len(flat) > len(whole):
            return flat
    return items


_HEADING_WORDS = {"key", "main", "inclusion", "exclusion", "non", "criteria", "criterion"}


# "Cohort 2 (Recurrent GB) Inclusion Criteria": a cohort's own section, its label first.
_SCOPED_HEADING = re.compile(
    rf"^{_HEADING_LEAD}(?P<scope>[^:：]{{3,120}}?)\s*[-–:：]?\s+(?P<kind>inclusion|exclusion)\s+"
    r"criteri(?:a|on)(?:\s*[:：]?[\s*_]*$|\s+(?=(?-i:The|A|An)\s+[a-z]))",
    re.IGNORECASE,
)


# Whose criteria a heading names: "Patient Exclusion Criteria", "Donor Inclusion Criteria".
_PARTY_LABEL = re.compile(
    r"^(patients?|participants?|subjects?|recipients?|donors?)$", re.IGNORECASE
)


# What a heading's words name when they mean everyone: "All Parts", "applicable across cohorts",
# "Applicable to all 3 cohorts".
_EVERYONE = re.compile(
    r"^(?:(?:applicable|common|that\s+apply|which\s+apply|applying)\s+(?:to|across|for|in)\s+|"
    r"across\s+)?(?:the\s+)?(?:all|every|each|both|cohorts|parts|arms|groups|phases)\b",
    re.IGNORECASE,
)
# "Melanoma-specific exclusion criteria": a heading for one tumour type's cohort ("Disease-specific
# exclusion criteria" are the disease's, everyone's, and "Medication Specific Exclusion Criterion"
# or "Safety-specific" ones are a topic's).
_SPECIFIC = re.compile(
    r"^(?!(?:study|protocol|trial|general|disease|medications?|medical|safety)\b)"
    r"[\w/+&, -]{2,40}?[- ]specific$",
    re.IGNORECASE,
)


_CRITERIA_WORD = re.compile(r"criteri(?:a|on)", re.IGNORECASE)
# What a heading may say after "Exclusion Criteria" before its colon: "include:", "are as
# follows:", "at Randomization for the Maintenance Phase:", "Related to Medications:". Short,
# ending with the colon, and no sentence ("... concerning creatininemia ... are not required").
_HEADING_LEAD_IN = re.compile(
    r"^(?:(?:include[sd]?|are|were|is|will\s+include|comprise|consist\s+of)(?:\s+(?:as\s+)?"
    r"(?:follows|the\s+following))?"
    r"|(?:as\s+follows)"
    r"|(?:at|before|prior\s+to|during|related\s+to|regarding|concerning)\s+"
    r"(?!.*\b(?:must|should|shall|will|may|are|is|be|have|has)\b)[^.;:：]{1,60})"
    r"\s*[:：][\s*_]*$",
    re.IGNORECASE,
)


def _heading(line: str) -> tuple[str, str | None, str] | None:
    """A section heading: its kind, the scope it names, and the line it also is, if any.

    A bare heading ("Key Inclusion Criteria:") is no line; one with other words ("Exclusion
    Criteria: Patients with ...", "Additional Exclusion Criteria for Part B:", "Cohort 2 (GB)
    Inclusion Criteria") is kept whole as the section's first line, so no word is lost.
    """
    if not _CRITERIA_WORD.search(line):
        # (the two long patterns below are slow on long lines: read them only when they can match)
        if match := _SHORT_HEADING.match(line):
            kind = "inclusion" if match.group(1).lower().startswith("incl") else "exclusion"
            return kind, None, ""
        return None
    if (scoped := _SCOPED_HEADING.match(line)) and not _HEADING.match(line):
        label = _plain(unescape(scoped.group("scope")))
        if party := _PARTY_LABEL.match(label):
            # "Patient Exclusion Criteria:" is everyone's section; "Donor Inclusion Criteria"
            # the stem-cell donor's
            kind = "inclusion" if scoped.group("kind").lower() == "inclusion" else "exclusion"
            if party.group(1).lower().startswith("donor"):
                return kind, _heading_words(line, colon=True), ""
            return kind, None, ""
        if (_SCOPE_WORD.search(label) or _SPECIFIC.match(label)) and not _ALL_SCOPE.match(label):
            kind = "inclusion" if scoped.group("kind").lower() == "inclusion" else "exclusion"
            return kind, label, _heading_words(line)
    if match := _SHORT_HEADING.match(line):
        return ("inclusion" if match.group(1).lower().startswith("incl") else "exclusion"), None, ""
    match = _HEADING.match(line)
    if match is None:
        return None
    kind = "inclusion" if match.group(1).lower() == "inclusion" else "exclusion"
    rest = match.group(2).strip()
    # "Inclusion Criteria:" / "**Exclusion criteria**" / "Inclusion criteria -"
    rest = re.sub(r"^[\s*_:：\-–]+", "", rest)
    rest = re.sub(r"[\s*_]+$", "", rest)
    words = set(re.findall(r"\w+", line.lower()))
    whole = _heading_words(line)
    kept = whole if words - _HEADING_WORDS else ""
    if not rest:
        return kind, None, kept
    # "(Part 1)" unwrapped, but "Cohort 1 (NSCLC)" keeps its closing bracket
    plain_rest = _plain(rest)
    if bracketed := re.fullmatch(r"\((.*)\)", plain_rest):
        plain_rest = bracketed.group(1)
    named = re.sub(r"^(?:for|in|of|-)\s+", "", plain_rest.strip(), flags=re.IGNORECASE)
    if (part := _ALL_OF_ONE_PART.match(named)) and _SCOPE_WORD.search(part.group(1)):
        return kind, part.group(1), kept  # "... for all cohorts of Dose Expansion only:"
    if _EVERYONE.match(named) or _ALL_SCOPE.match(named) or _BOTH_PHASES.match(named):
        return kind, None, kept  # "Exclusion Criteria All Parts", "... applicable across cohorts:"
    if (
        (
            rest.endswith((":", "："))
            or re.fullmatch(r"\([^()]*\)", rest)
            or re.match(r"^[-–]\s", match.group(2))  # "Inclusion Criteria - Cohort 1 only"
        )
        and _SCOPE_WORD.search(named)
        and len(named) <= 80
    ):
        return kind, named, kept
    qualifier = line[: match.start(1)].lower()
    if (
        re.search(r"\b(?:additional|specific)\b", qualifier)
        and re.match(r"^for\s", rest, re.IGNORECASE)
        and (
            re.search(r"\b(?:patients|participants|subjects|cohorts?)$", named, re.IGNORECASE)
            # "Additional Exclusion Criteria for Arm A", no colon: that arm's section
            # or "... for Cohort 2 (TNBC)"
            or re.search(
                r"\b(?i:cohorts?|parts?|arms?)\s+[A-Z0-9][\w.-]{0,4}(?:\s*\([^()]{1,40}\))?$", named
            )
        )
        and len(named) <= 80
    ):
        return kind, named, kept  # "Additional Inclusion Criteria for HNSCC Participants"
    after = match.group(2)
    if _HEADING_LEAD_IN.match(rest):
        # "Exclusion Criteria include:", "Inclusion criteria at Randomization for the
        # Maintenance Phase:": a heading that says what follows, kept whole as a line (with
        # the later step it names as its scope)
        step = _plain(rest)
        return kind, (step if _SCOPE_WORD.search(step) else None), kept
    if (
        not re.match(r"^[\s:：]", after)
        and not after.startswith(("(", "-", "*", "_"))
        and not re.match(r"^(?:for|in)\b", rest, re.IGNORECASE)
        # "Exclusion Criteria A participant was not eligible if ...": a heading whose line
        # break was lost before a sentence of its own
        and not re.match(r"^(?:A|An|The|Patients?|Participants?|Subjects?)\s+[a-z]", after)
    ):
        return None  # "Inclusion criteria apply to ...": a sentence, not a heading
    return kind, None, kept


@dataclass
class _Section:
    kind: str
    scope: str | None
    lines: list[str]
    labelled: bool = False  # its scope is a cohort label written on the line above its heading


def _paired_cohort_sections(headings: list[tuple[str, str | None, str]]) -> bool:
    """Whether the text gives each of several cohorts its own pair of sections: "Cohort 1
    Inclusion Criteria", "Exclusion Criteria", "Cohort 2 Inclusion Criteria", "Exclusion
    Criteria"... Then a bare heading belongs to the cohort heading just before it."""
    scoped = [index for index, (_kind, scope, _rest) in enumerate(headings) if scope]
    if len(scoped) < 2:
        return False
    for index in scoped:
        following = headings[index + 1] if index + 1 < len(headings) else None
        if following is None or following[1] or following[0] == headings[index][0]:
            return False
    return True


# Inline numbering: "1\\. Age 18 or older. 2. Histologically confirmed ... 3. ECOG 0-1": a
# number, a stop and a capital after the stop or semicolon that ends the item before. Numbers
# without that stop ("grade 2. Patients", "ECOG 0, 1 or 2. Life"), decimals ("version 1.1",
# "Section 5.1", "CTCAE v5.0") and numbers inside brackets ("(1) ...; (2) ...") never split.
_INLINE_NUMBER = re.compile(r"(?<=[.;；。]\s)(\d{1,2})\\?\.\s+(?=[A-Z(\"“≥≤])")
_HEADING_THEN_LIST = re.compile(
    r"^(?:key\s+)?(?:inclusion|exclusion)\s+criteria\s*[:：]\s*(?=1\\?\.\s)", re.IGNORECASE
)
_LEADING_NUMBER = re.compile(r"^(\d{1,2})\\?\.\s+(?=\S)")
# The same numbers without the stop ("... Historical radiotherapy of chest 4. Active bleeding
# 5. ..."): read only when following on from the item's own number, and never after a word
# that takes a number ("phase 2.", "grade 2.", "0, 1 or 2.", "a maximum of 9.").
_BARE_INLINE_NUMBER = re.compile(r"(?<=[A-Za-z0-9)\]%])\s+(\d{1,2})\\?\.\s+(?=[A-Z(\"“≥≤])")
_NUMBER_WORD = re.compile(
    r"(?:^|\W)(?:phases?|grades?|stages?|steps?|parts?|arms?|cohorts?|groups?|types?|levels?|"
    r"class(?:es)?|tiers?|lines?|versions?|v|cycles?|days?|weeks?|months?|years?|hours?|doses?|"
    r"ecog|ps|score|status|of|to|or|and|than|least|most|maximum|minimum|from|at|by|in|on|"
    r"with|per|no|number|section|appendix|table|figure|criteria|criterion|item|[<>=≤≥~-])$",
    re.IGNORECASE,
)
_SUBLIST_START = re.compile(r"(?<=\s)1\\?\.\s+(?=[A-Z(\"“≥≤])")


def _inline_items(text: str, number: int | None) -> list[tuple[int | None, str]]:
    """An item whose text runs on through ". 2. ...", ". 3. ...": one item per number.

    The numbers must follow on from the item's own (or the text's leading "1."), each one
    outside brackets. A list that starts again at 1 inside the item is its own sub-list
    ("Adequate function: 1. ANC ...; 2. Platelets ...") and is left as it is.
    """
    if number is None and (heading := _HEADING_THEN_LIST.match(text)):
        # "Inclusion Criteria:1. Men or women ... 2. ...": one item per number
        # (the heading stays with the first item, "Inclusion Criteria:1. Men or women")
        rest = text[heading.end() :]
        items = _inline_items(rest, None)
        first = _LEADING_NUMBER.match(rest)
        if len(items) > 1 and first is not None:
            return [(items[0][0], text[: heading.end() + first.end()] + items[0][1]), *items[1:]]
        return [(number, text)]
    start, body = number, text
    if start is None and (leading := _LEADING_NUMBER.match(text)):
        start, body = int(leading.group(1)), text[leading.end() :]
    if start is None:
        return [(number, text)]
    if _SUBLIST_START.search(body):
        return [(number, text)]  # a sub-list of its own: "Adequate function: 1. ANC; 2. ..."
    chain: list[re.Match[str]] = []
    found = [*_INLINE_NUMBER.finditer(body)]
    stopped = {match.start(1) for match in found}
    found += [
        match
        for match in _BARE_INLINE_NUMBER.finditer(body)
        if match.start(1) not in stopped
        and not _NUMBER_WORD.search(body[max(0, match.start() - 20) : match.start()])
        and not body[: match.start()].rstrip().endswith((".", ";", "；", "。"))
    ]
    found.sort(key=lambda match: match.start(1))
    for match in found:
        before = body[: match.start()]
        if before.count("(") + before.count("[") > before.count(")") + before.count("]"):
            continue  # inside brackets
        if int(match.group(1)) == start + len(chain) + 1:
            chain.append(match)
    if not chain:
        return [(number, text)]
    pieces: list[tuple[int | None, str]] = []
    position, current = 0, start
    for match in chain:
        pieces.append((current, body[position : match.start()].strip()))
        position, current = match.end(), int(match.group(1))
    pieces.append((current, body[position:].strip()))
    return [(piece_number, piece) for piece_number, piece in pieces if piece]


# A list run into one paragraph with dashes: "- Age >= 18 years; - Written informed consent; -
# ECOG 0 or 1". Only when the paragraph itself opens with a dash, and at least two more follow.
_RUN_IN_DASH = re.compile(
    r"(?<=[;.,])\s+-\s*(?=[A-Z(≥≤])"
    # glued to the item before: "... blood levels- No radiation therapy in last 4 weeks- No ..."
    r"|(?<=[A-Za-z0-9)\]%])(?:-|\s+-\s)[ \t]*(?=[A-Z][a-z])"
)


def _dash_items(text: str, number: int | None) -> list[tuple[int | None, str]]:
    """An item that runs on through "; - ...": one unnumbered item per dash."""
    opening = re.match(
        r"^((?:key\s+)?(?:inclusion|exclusion)\s+criteria\s*[:：]\s*)?-\s*[A-Z(≥≤]", text, re.I
    )
    if not opening:
        return [(number, text)]
    cuts = [
        match.span()
        for match in _RUN_IN_DASH.finditer(text)
        if text[: match.start()].count("(") <= text[: match.start()].count(")")
    ]
    # (one more dash is enough after a heading run into its list: "Exclusion Criteria:- ...- ...")
    if len(cuts) < (1 if opening.group(1) else 2):
        return [(number, text)]
    starts = [0, *(end for _start, end in cuts)]
    ends = [*(start for start, _end in cuts), len(text)]
    spans = zip(starts, ends, strict=True)
    pieces = (re.sub(r"^-\s*", "", text[start:end]).strip() for start, end in spans)
    return [(None, piece) for piece in pieces if piece.strip(" -")]


# An exclusion heading run into the paragraph before it: "... pregnancy test. Exclusion
# Criteria: - ...". It opens its section on a line of its own.
_RUN_IN_EXCLUSIONS = re.compile(
    r"(?<=[.;:])[ \t]+(?=(?:key\s+)?exclusion\s+criteria\s*[:：])"
    # "... at screening visit Exclusion Criteria:- Having had ...": a list run in with dashes
    r"|(?<=\w)[ \t]+(?=(?:key\s+)?exclusion\s+criteria\s*[:：]-)"
    # "... at least 18 years of age Exclusion Criteria:1. History of ...", "... HER2 expression
    # - Exclusion Criteria:1. Have ...": a numbered list run in after its heading
    r"|(?<=[\w)])[ \t]+(?:-[ \t]+)?(?=(?:key\s+)?exclusion\s+criteria\s*[:：]\s*1\\?\.\s*[A-Za-z])",
    re.IGNORECASE,
)


# A sentence for one group inside a line: "Tumour tissue available. For Phase 2 Part 2 - CCND1
# amplification ...", "Phase I: No prior sorafenib. Phase II: No prior ...", also after the
# stem's colon: "Prior therapy: Phase Ia (Part A): ...; Phase Ia (Part B)/Phase Ib: ...".
_ONE_GROUP = (
    r"(?:(?:phase\s*(?:i{1,3}|[1-3])[ab]?\s+)?(?:cohorts?|parts?|arms?|phase)\s+"
    r"(?-i:[A-Z0-9])[\w.-]{0,4}(?:\s*(?:,|and|or|&)\s*(?-i:[A-Z0-9])[\w.-]{0,4})*"
    r"(?:\s*\((?:cohorts?|parts?|arms?)\s+(?-i:[A-Z0-9])[\w.-]{0,4}\))?"
    r"|(?:dose[- ])?(?:escalation|expansion)\s+(?:cohorts?|parts?|phase))"
)
_GROUP_LABEL = rf"(?:{_ONE_GROUP}(?:\s*/\s*{_ONE_GROUP})*)"
_GROUP_SENTENCE = re.compile(
    r"(?<=[.;])\s+(?=(?:(?:for|in)\s+(?:the\s+)?(?:(?:patients?|participants?|subjects?)\s+in\s+(?:the\s+)?)?"
    # "For the Phase II portion of the study, patients ...", "In the Phase I portion, ..."
    rf"(?P<for>{_GROUP_LABEL})(?:\s+(?:portion|part|stage)(?:\s+of\s+the\s+study)?)?(?:\s+only)?"
    rf"\s*[-–:,;]\s|(?P<label>{_GROUP_LABEL})(?:\s+only)?\s*:\s))"
    rf"|(?<=[:：])\s+(?=(?P<after_colon>{_GROUP_LABEL})(?:\s+only)?\s*:\s)",
    re.IGNORECASE,
)


_LABEL_ONLY = re.compile(rf"(?:^|[.;:：]\s)\s*{_GROUP_LABEL}(?:\s+only)?\s*[:：]$", re.IGNORECASE)


def _group_sentences(item: _Item) -> list[_Item]:
    """An item whose later sentences open with another group's label, split there: each such
    sentence is a line of its own, with that group's scope (the first stays the item's)."""
    if item.scope is not None:
        return [item]  # all of it under one group already
    cuts = [
        cut
        for cut in _GROUP_SENTENCE.finditer(item.text)
        # (a label after a colon is the stem's choice, not a label's own: "Cohort 1: Part A: ...")
        if not (cut.group("after_colon") and _LABEL_ONLY.search(item.text[: cut.start()]))
    ]
    if not cuts:
        return [item]
    pieces = [_Item(item.text[: cuts[0].start()].strip(), item.number, None, bullet=item.bullet)]
    for cut, after in zip(cuts, [*cuts[1:], None], strict=True):
        end = after.start() if after is not None else len(item.text)
        label = (cut.group("for") or cut.group("label") or cut.group("after_colon")).strip()
        pieces.append(_Item(item.text[cut.end() : end].strip(), None, label, bullet=item.bullet))
    if not pieces[0].text:
        return [item]
    return pieces


def _first_word(line: str) -> str:
    words = line.split(maxsplit=1)
    return words[0] if words else ""


def _unwrap(lines: list[str]) -> list[str]:
    """The lines with a hard-wrapped paragraph joined back into one line.

    Older registry records come wrapped at a fixed column, every line indented: an un-bulleted
    paragraph then spans several lines with no blank line between them. A line continues the one
    before it when its first word would not have fitted there, at the same indent, unless the line
    before ends a sentence. A criterion per line ("ECOG 0-1" then "Adequate organ function")
    leaves room for the next word and stays apart.
    Bulleted items are left to the bullet reader, which joins their continuation lines itself.
    """
    filled = [line.rstrip() for line in lines if line.strip()]
    # (the first line's indent may have been stripped with the text's)
    if len(filled) < 2 or any(_indent(line) < 4 for line in filled[1:]):
        return lines  # today's layout: no indent, one line per paragraph
    lengths = [len(line.expandtabs(4)) for line in filled]
    width = max(lengths)
    if width < 70 or sum(length >= width - 10 for length in lengths) < 2:
        return lines  # too few lines reach the column for it to be a wrapping one
    if _indent(filled[0]) == 0:
        # the first line stood at the indent of the next before the text was stripped
        at = next(index for index, line in enumerate(lines) if line.strip())
        lines = [*lines[:at], " " * _indent(filled[1]) + lines[at], *lines[at + 1 :]]
    joined: list[str] = []
    for line in lines:
        previous = joined[-1].rstrip() if joined else ""
        heading = _heading(previous) if previous.strip() else None
        length = len(previous.expandtabs(4))
        if (
            previous.strip()
            and line.strip()
            and _indent(line) == _indent(previous)
            and _BULLET.match(previous) is None
            and _BULLET.match(line) is None
            # a heading wrapped in two ("... to be eligible for" / "participation in the trial):")
            and (heading is None or _same_heading(heading, f"{previous} {line.strip()}"))
            and width - 20 <= length
            # a sentence that ends at the column may close its paragraph: kept apart
            and not (previous.endswith((".", ":", ";")) and not line.strip()[:1].islower())
            and length + 1 + len(_first_word(line)) > width
        ):
            joined[-1] = f"{previous} {line.strip()}"
            continue
        joined.append(line)
    return joined


def _same_heading(heading: tuple[str, str | None, str], line: str) -> bool:
    joined = _heading(line)
    return joined is not None and joined[:2] == heading[:2]


def _scope_just_named(lines: list[str]) -> str | None:
    """The cohort a section's last line names as a sub-heading of its own ("Substudy B Only:"):
    a bare heading right after it opens that cohort's section, not everyone's."""
    last = next((line for line in reversed(lines) if line.strip()), None)
    if last is None:
        return None
    bare = _BULLET.match(last)
    words = unescape(bare.group(4) if bare else last).strip()
    if not words.rstrip("*_ ").endswith((":", "：")):
        return None
    return scope_heading(words) or None


def split_eligibility(text: str) -> tuple[CriterionRecord, ...]:
    """One unreviewed `text` criterion per protocol line, inclusion and exclusion."""
    lines = [
        piece for line in _unwrap(text.splitlines()) for piece in _RUN_IN_EXCLUSIONS.split(line)
    ]
    headings = [heading for line in lines if (heading := _heading(line))]
    baskets = len(_tumour_headings(lines)) >= 2
    paired = _paired_cohort_sections(headings)
    sections: list[_Section] = [_Section("inclusion", None, [])]
    for line in lines:
        if heading := _heading(line):
            kind, scope, rest = heading
            if not any(item.strip() for item in sections[-1].lines) and len(sections) == 1:
                sections = []  # nothing before the first heading
            if paired and scope is None and sections and sections[-1].scope:
                scope = sections[-1].scope  # this cohort's other section
            labelled = False
            if scope is None and sections:
                scope = _scope_just_named(sections[-1].lines)
                labelled = scope is not None
            # Words after the heading are the section's first line (its scope's, if it names one).
            sections.append(_Section(kind, scope, [rest] if rest else [], labelled))
            continue
        bare = _BULLET.match(line)
        words = unescape(bare.group(4) if bare else line).strip()
        if (
            sections[-1].kind == "inclusion"
            and _EXCLUSION_OPENER.match(words)
            and (
                words.rstrip().endswith((":", "："))
                or re.search(r"\bfollowing\b", words, re.IGNORECASE)
            )
        ):
            sections.append(_Section("exclusion", None, [words]))
            continue
        sections[-1].lines.append(line)
    _carry_cohort_labels(sections)
    criteria: list[CriterionRecord] = []
    used: dict[str, set[int]] = {"inclusion": set(), "exclusion": set()}
    for section in sections:
        items = [
            _Item(
                piece,
                piece_number,
                item.scope,
                bullet=item.bullet,
                own=item.own if piece == item.text else None,
            )
            for item in _section_items(section.lines, section.scope, baskets=baskets)
            if item.text
            for inline_number, run_in in _inline_items(item.text, item.number)
            for piece_number, piece in _dash_items(run_in, inline_number)
        ]
        items = [piece for item in items for piece in _group_sentences(item)]
        numbered = bool(items) and all(item.number is not None for item in items)
        numbers = [
            item.number if numbered and item.number is not None else position
            for position, item in enumerate(items, start=1)
        ]
        taken = used[section.kind]
        if taken & set(numbers):
            # A later section of the same kind numbers from 1 again (one per cohort or phase):
            # its lines follow on, so that two lines never share a kind and number.
            numbers = [max(taken) + position for position in range(1, len(items) + 1)]
        taken.update(numbers)
        for number, item in zip(numbers, items, strict=True):
            words = unescape(item.text)
            scope = item.scope
            if scope is None:
                scope = inline_scope(words, unescape(item.own) if item.own is not None else None)
            criteria.append(
                CriterionRecord(kind=section.kind, text=words, line=number, scope=scope or "")
            )
    if paired:
        criteria = _everyones_lines(criteria, sections)
    else:
        criteria = _lines_every_part_repeats(criteria)
    return tuple(_one_label_for_all(criteria))


def _carry_cohort_labels(sections: list[_Section]) -> None:
    """A text laid out cohort by cohort, each under its label ("Cohort A:", then "Inclusion
    Criteria:" and "Exclusion Criteria:", then "Cohort B:" ...): a bare heading after a labelled
    one is still that cohort's. With a single label the text may return to everyone, so one
    label scopes only the section right under it."""
    if len({s.scope for s in sections if s.labelled and s.scope}) < 2:
        return
    cohort: str | None = None
    for section in sections:
        if section.labelled:
            cohort = section.scope or None
        elif section.scope is None and cohort:
            section.scope = cohort


# "Part 1 and Part 2", "Parts A and B", "Cohorts 1, 2 and 3": a label naming several groups.
_SEVERAL_GROUPS = re.compile(
    r"\b(?:parts?|cohorts?|arms?|phases?|groups?)\s+\w{1,3}\s*(?:,|and|&|\+)\s*"
    r"(?:(?:parts?|cohorts?|arms?|phases?|groups?)\s+)?\w{1,3}\b",
    re.IGNORECASE,
)


def _one_label_for_all(criteria: list[CriterionRecord]) -> list[CriterionRecord]:
    """A text whose every line sits under one label naming several groups ("Key Inclusion
    Criteria (Part 1 and Part 2):", "Key Exclusion Criteria (Part 1 and Part 2):") names no
    group apart from another: its lines are everyone's."""
    scopes = {criterion.scope for criterion in criteria}
    if len(scopes) != 1 or not _SEVERAL_GROUPS.search(next(iter(scopes))):
        return criteria
    return [dataclasses.replace(criterion, scope="") for criterion in criteria]


def _lines_every_part_repeats(criteria: list[CriterionRecord]) -> list[CriterionRecord]:
    """A section whose lines all sit under part sub-headings ("Phase I:", "Phase II:") and
    repeat a line word for word under every one of them states that line for everyone."""
    parts = {
        kind: {c.scope for c in criteria if c.kind == kind} for kind in ("inclusion", "exclusion")
    }
    return _repeated_everywhere(criteria, parts, everyone="")


def _everyones_lines(
    criteria: list[CriterionRecord], sections: list[_Section]
) -> list[CriterionRecord]:
    """A line every cohort's section of its kind repeats word for word is for everyone."""
    cohorts = {
        kind: {s.scope for s in sections if s.kind == kind} for kind in ("inclusion", "exclusion")
    }
    return _repeated_everywhere(criteria, cohorts, everyone=None)


def _repeated_everywhere(
    criteria: list[CriterionRecord],
    groups: Mapping[str, Set[str | None]],
    everyone: str | None,
) -> list[CriterionRecord]:
    """The criteria with a line found under every group of its kind unscoped; `groups` are the
    scopes of each kind, and a kind with a group for `everyone` already states its own."""
    found: dict[tuple[str, str], set[str]] = {}
    for criterion in criteria:
        found.setdefault((criterion.kind, _same(criterion.text)), set()).add(criterion.scope)
    shared = {
        key
        for key, scopes in found.items()
        if len(groups[key[0]]) >= 2 and everyone not in groups[key[0]] and scopes == groups[key[0]]
    }
    return [
        dataclasses.replace(criterion, scope="")
        if (criterion.kind, _same(criterion.text)) in shared
        else criterion
        for criterion in criteria
    ]


def _same(text: str) -> str:
    """A line as compared between cohorts: case and final punctuation aside."""
    return text.rstrip(" .;,").casefold()
