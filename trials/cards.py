"""The catalogue's trial cards (home page, trial list) written out in Python.

`trials/_trial_card.html` stays the reference: `card_html` gives the same markup character for
character (a test renders both ways, in both languages). Twenty cards through the template
engine, with a lazy translation per label, cost more than the rest of the list page; here the
labels are translated once per request and each card is a few string joins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Trial, translated_prefetches

# A slug the URL holds as it is: the card joins it into the link instead of reversing each time.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def card_prefetches() -> list[Prefetch | str]:
    """What a card reads besides the trial's row: its conditions (as a list, without a
    related manager per card) and, on a Chinese page, its translation."""
    return [
        Prefetch("conditions", to_attr="card_conditions"),
        *translated_prefetches("translations"),
    ]


def _labels(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Each stored value's label in the active language."""
    return {value: str(label) for value, label in choices}


def trial_cards(trials: Iterable[Trial]) -> list[SafeString]:
    """The cards of these trials, in order (their conditions and translations prefetched)."""
    statuses = _labels(Trial.Status.choices)
    phases = _labels(Trial.Phase.choices)
    link = reverse("trials:trial_detail", args=["slug"]).rpartition("slug/")[0]
    return [card_html(trial, statuses, phases, link) for trial in trials]


def card_html(
    trial: Trial, statuses: dict[str, str], phases: dict[str, str], link: str = ""
) -> SafeString:
    """`trials/_trial_card.html` for one trial, given the status and phase labels and what
    every trial's URL starts with (`link`; the URL is reversed when it is not given)."""
    title = trial.local_title
    status = trial.overall_status
    if link and _PLAIN_SLUG.fullmatch(trial.slug):
        url = f"{link}{trial.slug}/"
    else:
        url = trial.get_absolute_url()
    parts = [
        '\n<article class="card">\n  <h3 class="card-title"><a href="',
        escape(url),
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
    conditions = getattr(trial, "card_conditions", None)
    if conditions is None:  # not prefetched with `card_prefetches`
        conditions = trial.conditions.all()
    for condition in conditions:
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
