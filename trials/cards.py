"""The catalogue's trial cards (home page, trial list) written out in Python.

`trials/_trial_card.html` stays the reference: `card_html` gives the same markup character for
character (a test renders both ways, in both languages). Twenty cards through the template
engine, with a lazy translation per label, cost more than the rest of the list page; here the
labels are translated once per request and each card is a few string joins.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Trial


def _labels(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Each stored value's label in the active language."""
    return {value: str(label) for value, label in choices}


def trial_cards(trials: Iterable[Trial]) -> list[SafeString]:
    """The cards of these trials, in order (their conditions and translations prefetched)."""
    statuses = _labels(Trial.Status.choices)
    phases = _labels(Trial.Phase.choices)
    return [card_html(trial, statuses, phases) for trial in trials]


def card_html(trial: Trial, statuses: dict[str, str], phases: dict[str, str]) -> SafeString:
    """`trials/_trial_card.html` for one trial, given the status and phase labels."""
    title = trial.local_title
    status = trial.overall_status
    parts = [
        '\n<article class="card">\n  <h3 class="card-title"><a href="',
        escape(trial.get_absolute_url()),
        '" lang="',
        escape(title.lang),
        '">',
        escape(title),
        '</a></h3>\n  <p class="tags">\n    <span class="tag tag-status-',
        escape(status.lower()),
        '">',
        escape(statuses.get(status, status)),
        '</span>\n    <span class="tag">',
        escape(phases.get(trial.phase, trial.phase)),
        "</span>\n    ",
    ]
    for condition in trial.conditions.all():
        parts += ('<span class="tag tag-condition">', escape(condition.display_name), "</span>")
    parts.append("\n  </p>\n  ")
    nct_id, sponsor = trial.nct_id, trial.sponsor
    if nct_id or sponsor:
        parts += ('<p class="meta">', escape(nct_id or ""))
        if nct_id and sponsor:
            parts.append(" · ")
        if sponsor:
            parts += (
                '<span lang="',
                escape(trial.source_language),
                '" translate="no">',
                escape(sponsor),
                "</span>",
            )
        parts.append("</p>")
    parts.append("\n</article>\n")
    return mark_safe("".join(parts))  # every value escaped above
