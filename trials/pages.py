"""A trial's page as everyone sees it, kept per language until something it shows changes.

The page is the same for everyone but for what the apps above the catalogue add (the person's
own result) and the language switch: `public_trial_page` renders the rest once, as two pieces of
HTML around the person's part, and keeps it in this process under the catalogue's two numbers
(`CatalogueVersion.page_stamp`): the version, which every change matching reads moves, and the
pages' own, which FAQs, treatments, outcomes and translations move. A visit then costs one query
for the stamp instead of nine for the trial and everything around it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .models import FAQ, CatalogueVersion, Local, Trial, translated_prefetches

# Pages kept per process, the most recently seen first out last: about 20 KB each.
PAGES_KEPT = 256


@dataclass(frozen=True)
class TrialPage:
    """One trial's page in one language, without the person's part."""

    stamp: tuple[int, int]
    pk: int
    slug: str
    nct_id: str | None
    published: bool
    title: Local
    translated: bool  # what `_translation_note.html` reads
    needs_translation: bool
    header: SafeString  # the tags, titles and the closed notice
    body: SafeString  # from the contact bar to the FAQs

    def trial(self) -> Trial:
        """A stand-in for the trial row with what the apps above the catalogue read of it
        (its identity and whether it is published), without loading it."""
        return Trial(pk=self.pk, slug=self.slug, nct_id=self.nct_id, published=self.published)


_pages: OrderedDict[tuple[str, str], TrialPage] = OrderedDict()
_lock = threading.Lock()


def public_trial_page(slug: str) -> TrialPage:
    """The page of the published (or closed upstream) trial with this slug; Http404 if none."""
    stamp = CatalogueVersion.page_stamp()
    key = (slug, get_language() or "")
    with _lock:
        page = _pages.get(key)
        if page is not None and page.stamp == stamp:
            _pages.move_to_end(key)
            return page
    page = _render(slug, stamp)
    with _lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > PAGES_KEPT:
            _pages.popitem(last=False)
    return page


def forget_trial_pages() -> None:
    """Drop every kept page (tests roll the version numbers back)."""
    with _lock:
        _pages.clear()


def _render(slug: str, stamp: tuple[int, int]) -> TrialPage:
    found = (
        Trial.objects.filter(Q(published=True) | Q(closed_on__isnull=False))
        .prefetch_related(
            "conditions",
            "interventions",
            "outcomes",
            "sites",
            "criteria",
            *translated_prefetches("translations", "sites__translations", "criteria__translations"),
        )
        .filter(slug=slug)
        .first()
    )
    if found is None:
        raise Http404("No published trial has this address.")
    trial = found
    # The trial's own questions, then the general ones, each in their order: one query.
    asked = list(FAQ.objects.filter(Q(trial=trial) | Q(trial__isnull=True)))
    closed = not trial.published
    context = {
        "trial": trial,
        "contact_sites": [] if closed else trial.contact_sites(),
        "closed": closed,
        "eligibility": trial.eligibility_lines(),
        "primary_outcomes": [o for o in trial.outcomes.all() if o.kind == "primary"],
        "secondary_outcomes": [o for o in trial.outcomes.all() if o.kind == "secondary"],
        "faqs": [f for f in asked if f.trial_id is not None]
        + [f for f in asked if f.trial_id is None],
        # The central study team stands in "until individual hospitals are listed": once some
        # are, it is listed beside them.
        "hospitals_listed": any(not site.is_central_contact for site in trial.sites.all()),
    }
    return TrialPage(
        stamp=stamp,
        pk=trial.pk,
        slug=trial.slug,
        nct_id=trial.nct_id,
        published=trial.published,
        title=trial.local_title,
        translated=trial.translated,
        needs_translation=trial.needs_translation,
        header=SafeString(render_to_string("trials/_trial_page_header.html", context)),
        body=SafeString(render_to_string("trials/_trial_page_body.html", context)),
    )
