"""Results laid out for paper: the trials worth taking to a doctor, each with the way to reach
its study team and its criteria, short enough to print.

One protocol sentence often gives several criteria (a single washout sentence names ten kinds
of treatment, each checked on its own): on paper the sentence is printed once, with the
distinct findings it gave under it. Lines the study team checks itself are listed by their
protocol wording alone, since their finding is the same for each. The ruled-out trials are only
counted.

A likely-eligible trial is printed criterion by criterion. For the others only what stands in
the way or is still unknown is printed (their share of criteria met is in their heading), so
that each trial worth discussing fits on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from matcher import engine
from matcher.results import CriterionLine, Results, TrialCard, VerdictGroup
from trials.models import Site, Trial

MAX_SITES = 3  # study sites printed per trial; the rest are counted


@dataclass
class Finding:
    status: engine.Status
    status_title: str
    reason: str


@dataclass
class Sentence:
    """One protocol sentence and what it gave, each distinct finding once."""

    kind: str
    text: str
    scope: str | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Contact:
    """A study site that takes messages, with the people the registry names for it."""

    facility: str
    place: str
    central: bool
    people: list[dict[str, str]]


@dataclass
class PrintedTrial:
    card: TrialCard
    sentences: list[Sentence]
    team_checks: list[Sentence]
    contacts: list[Contact]
    more_sites: int = 0

    @property
    def needed(self) -> list[Sentence]:
        return [s for s in self.sentences if s.kind == engine.Kind.INCLUSION.value]

    @property
    def excluding(self) -> list[Sentence]:
        return [s for s in self.sentences if s.kind != engine.Kind.INCLUSION.value]


@dataclass
class PrintedGroup:
    group: VerdictGroup
    trials: list[PrintedTrial]


@dataclass
class Printout:
    groups: list[PrintedGroup]
    not_eligible: int = 0


def sentences(lines: list[CriterionLine]) -> tuple[list[Sentence], list[Sentence]]:
    """The criteria by protocol sentence, in the protocol's order: those the answers decide,
    then those the study team checks."""
    decided: dict[tuple[str, str, str | None], Sentence] = {}
    checked: dict[tuple[str, str, str | None], Sentence] = {}
    for line in lines:
        key = (line.kind, line.text, line.scope)
        if not line.computable:
            if key not in decided:
                checked.setdefault(key, Sentence(line.kind, line.text, line.scope))
            continue
        checked.pop(key, None)  # the sentence is printed with its findings
        sentence = decided.setdefault(key, Sentence(line.kind, line.text, line.scope))
        finding = Finding(line.status, line.status_title, str(line.reason))
        if all((f.status, f.reason) != (finding.status, finding.reason) for f in sentence.findings):
            sentence.findings.append(finding)
    return list(decided.values()), list(checked.values())


def people(site: Site) -> list[dict[str, str]]:
    """The people to ask for at a site, as the registry lists them, without repeats."""
    found: list[dict[str, str]] = []
    listed: list[Any] = site.contacts if isinstance(site.contacts, list) else []
    for contact in listed:
        if not isinstance(contact, dict):
            continue
        phone = str(contact.get("phone", ""))
        if phone and contact.get("phoneExt"):
            phone = f"{phone} ext. {contact['phoneExt']}"
        person = {
            "name": str(contact.get("name", "")),
            "role": str(contact.get("role", "")),
            "email": str(contact.get("email", "")),
            "phone": phone,
        }
        if any(person.values()):
            found.append(person)
    own = {"name": site.contact_name, "role": "", "email": site.contact_email}
    own["phone"] = site.contact_phone
    if any(own.values()) and not any(
        (p["name"], p["email"]) == (own["name"], own["email"]) for p in found
    ):
        found.insert(0, own)
    return found


def contacts_for(cards: list[TrialCard]) -> dict[int, tuple[list[Contact], int]]:
    """Each trial's sites that take messages (its nearest first, when known), and how many
    more there are."""
    trials = Trial.objects.filter(pk__in=[card.trial.pk for card in cards]).prefetch_related(
        "sites"
    )
    by_pk = {trial.pk: trial for trial in trials}
    found: dict[int, tuple[list[Contact], int]] = {}
    for card in cards:
        trial = by_pk.get(card.trial.pk)
        if trial is None:
            continue
        sites = trial.contact_sites()
        if card.nearest is not None:
            nearest = card.nearest.site.pk
            sites.sort(key=lambda site: site.pk != nearest)
        shown = [
            Contact(
                facility=site.facility,
                place=", ".join(part for part in (site.city, site.country) if part),
                central=site.is_central_contact,
                people=people(site),
            )
            for site in sites[:MAX_SITES]
        ]
        found[card.trial.pk] = (shown, max(0, len(sites) - MAX_SITES))
    return found


def build(results: Results) -> Printout:
    """The printout of one page of results: every listed group but the ruled-out one."""
    groups = [
        group for group in results.groups if group.verdict != engine.Verdict.NOT and group.cards
    ]
    contacts = contacts_for([card for group in groups for card in group.cards])
    printed = []
    for group in groups:
        trials = []
        for card in group.cards:
            decided, checked = sentences(card.criteria)
            sites, more = contacts.get(card.trial.pk, ([], 0))
            printed_trial = PrintedTrial(card, decided, checked, sites, more)
            if card.verdict != engine.Verdict.LIKELY:
                open_ = [
                    s for s in decided if any(f.status != engine.Status.PASS for f in s.findings)
                ]
                printed_trial.sentences, printed_trial.team_checks = open_, []
            trials.append(printed_trial)
        printed.append(PrintedGroup(group, trials))
    return Printout(groups=printed, not_eligible=results.counts.get(engine.Verdict.NOT.value, 0))
