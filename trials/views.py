"""Public catalogue pages: home, the trial list, a trial's page, and the contact form."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from .cards import card_prefetches, trial_cards
from .extensions import trial_page_extras
from .forms import TrialFilterForm
from .models import Trial, published_summary
from .pages import public_trial_page


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


TRIALS_PER_PAGE = 20

# What a card shows of a trial: the list and the home page read no other column.
CARD_FIELDS = ("slug", "brief_title", "nct_id", "phase", "overall_status", "sponsor")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What the site does, with the way into the questionnaire and the catalogue."""
    trials = Trial.objects.published().filter(overall_status=Trial.Status.RECRUITING)
    shown = trials.only(*CARD_FIELDS).prefetch_related(*card_prefetches())[:3]
    # Counted once per catalogue version, like the trial list's searches.
    counts = published_summary().counts
    recruiting = counts.get(HOME_COUNT)
    if recruiting is None:
        recruiting = counts[HOME_COUNT] = trials.count()
    return render(
        request,
        "trials/home.html",
        {"recruiting_count": recruiting, "cards": trial_cards(shown)},
    )


_COUNTS_MAX = 2_000
HOME_COUNT = "home: recruiting"  # the home page's count among `PublishedSummary.counts`


class KeptCountPaginator(Paginator):
    """A paginator that remembers its count in `counts` under `counted` (None: not kept).

    Counting is a scan over every trial a search finds, the whole catalogue for the plain
    list. The counts belong to one catalogue version (`PublishedSummary.counts`): any change
    to the catalogue counts afresh.
    """

    def __init__(
        self, *args: Any, counts: dict[object, int], counted: object | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.counts, self.counted = counts, counted

    @cached_property
    def count(self) -> int:
        if self.counted is None:
            return super().count
        found = self.counts.get(self.counted)
        if found is None:
            if len(self.counts) >= _COUNTS_MAX:
                self.counts.clear()
            found = self.counts[self.counted] = super().count
        return found


@require_safe
def trial_list(request: HttpRequest) -> HttpResponse:
    """Published trials, searchable and filtered by condition, phase and status."""
    form = TrialFilterForm(request.GET or None)
    trials = Trial.objects.published().only(*CARD_FIELDS).prefetch_related(*card_prefetches())
    if form.is_bound and form.is_valid():
        trials = form.apply(trials)
    trials = trials.recruiting_first()
    query = request.GET.copy()
    query.pop("page", None)
    counted = None
    if not (form.is_bound and form.errors):
        # Which trials a search finds depends on the search and the catalogue alone.
        counted = tuple((name, tuple(query.getlist(name))) for name in form.fields)
    paginator = KeptCountPaginator(
        trials, TRIALS_PER_PAGE, counts=form.catalogue.counts, counted=counted
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "trials/trial_list.html",
        {
            "form": form,
            "page": page,
            "cards": trial_cards(page.object_list),
            "query": query.urlencode(),
        },
    )


@require_safe
def trial_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One trial: overview, eligibility line by line, study details, sites and FAQs.

    A trial the registry sync unpublished because it closed upstream stays reachable, for the
    people who saved it or were told about it, and says why it no longer recruits. The page is
    the same for everyone (`trials.pages` keeps it rendered) but for what the apps above the
    catalogue add, the person's own result for the trial, which comes from `trials.extensions`.
    """
    page = public_trial_page(slug)
    return render(
        request,
        "trials/trial_detail.html",
        {"page": page, **trial_page_extras(request, page.trial())},
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A friendly 404 page that offers a way back (a plain one without the static manifest)."""
    try:
        return render(request, "404.html", status=404)
    except ValueError:  # the static files manifest is missing: collectstatic was not run
        context = {"SITE_NAME": settings.SITE_NAME, "stylesheet": ""}
        return HttpResponse(render_to_string("404_plain.html", context), status=404)
