"""The questionnaire (patient mode: one question per screen; clinician mode: one page) and results.

Every step works as a plain form post followed by a redirect. With htmx the same requests
return the page's partial instead of the whole page, and responses vary on `HX-Request`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from matcher import engine, printout, session
from matcher.catalogue import PublishedCatalogue, published_catalogue
from matcher.forms import ClinicianForm, PlaceForm, step_form
from matcher.questions import step_wording
from matcher.results import Results, arrange, information_needed, page_request
from matcher.session import Mode, Questionnaire


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _plan(catalogue: PublishedCatalogue, questionnaire: Questionnaire) -> engine.Plan:
    return engine.plan_questions(
        catalogue.engine,
        questionnaire.engine_answers(),
        as_of=session.as_of(),
        asked=questionnaire.asked,
    )


def _results(
    catalogue: PublishedCatalogue,
    questionnaire: Questionnaire,
    request: HttpRequest,
    place: session.Place | None = None,
) -> Results:
    return arrange(
        catalogue,
        questionnaire.engine_answers(),
        as_of=session.as_of(),
        audience=questionnaire.audience,
        pages=page_request(request.GET),
        origin=place.origin if place is not None else None,
        max_km=place.max_km if place is not None else None,
    )


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Choose patient or clinician mode, with a word on privacy."""
    return render(request, "matcher/start.html", {"questionnaire": session.load(request)})


@require_POST
def begin(request: HttpRequest) -> HttpResponse:
    """Start afresh in the chosen mode."""
    questionnaire = session.start(request, request.POST.get("mode", Mode.PATIENT))
    if questionnaire.mode == Mode.CLINICIAN:
        return redirect("matcher:clinician")
    return redirect("matcher:questionnaire_step")


@require_POST
def start_over(request: HttpRequest) -> HttpResponse:
    """Forget every answer."""
    session.clear(request)
    messages.info(request, _("Your answers have been cleared."))
    return redirect("matcher:start")


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire_step(request: HttpRequest) -> HttpResponse:
    """One question per screen; the engine plans which question matters next.

    `?step=<id>` (Back) shows a step answered before, with its answer filled in. A post for a
    step that is neither the next one nor one answered before is stale (another tab, an old
    page) and is refused with a message rather than stored.
    """
    questionnaire = session.load(request)
    catalogue = published_catalogue()
    plan = _plan(catalogue, questionnaire)
    source = request.POST if request.method == "POST" else request.GET
    wanted = source.get("step")
    step = plan.next
    if wanted and (step is None or wanted != step.id):
        step = questionnaire.step(wanted)
        if step is None:
            if request.method == "POST":
                messages.warning(
                    request,
                    _(
                        "That answer was for a question that no longer applies, "
                        "so it was not saved."
                    ),
                )
            return redirect("matcher:questionnaire_step")
    if step is None:
        return redirect("matcher:results")

    if request.method == "POST":
        form = step_form(step, request.POST, questionnaire.answers)
        if form.is_valid():
            updates = form.to_updates()
            proposed = {**questionnaire.answers, **updates}
            try:
                engine.validate_answers({k: v for k, v in proposed.items() if v is not None})
            except engine.AnswerError:
                form.add_error(None, _("That answer could not be read; please check it."))
            else:
                questionnaire.record(step, updates)
                session.save(request, questionnaire)
                if not _is_htmx(request):
                    return redirect("matcher:questionnaire_step")
                # htmx: answer with the next screen itself (a redirect would lose HX-Request).
                plan = _plan(catalogue, questionnaire)
                if plan.next is None:
                    return HttpResponseClientRedirect(reverse("matcher:results"))
                step = plan.next
                form = step_form(step, answers=questionnaire.answers)
    else:
        form = step_form(step, answers=questionnaire.answers)

    progress = questionnaire.progress(step.id, plan.remaining)
    heading, help_text = step_wording(step)
    context = {
        "heading": heading,
        "help": help_text,
        "form": form,
        "step": step,
        "plan": plan,
        "number": progress.number,
        "total": progress.total,
        "left": progress.left,
        "previous": progress.previous,
        "mode": questionnaire.mode,
    }
    template = "matcher/question.html#question" if _is_htmx(request) else "matcher/question.html"
    return render(request, template, context)


@vary_on_headers("HX-Request")
@require_safe
def results(request: HttpRequest) -> HttpResponse:
    """Every published trial counted by verdict; a page of each group explained criterion by
    criterion (`?group=<verdict>&page=<n>` pages within one group)."""
    questionnaire = session.load(request)
    if not questionnaire.started:
        return redirect("matcher:start")
    catalogue = published_catalogue()
    place = session.load_place(request)
    context = {
        "results": _results(catalogue, questionnaire, request, place),
        "plan": _plan(catalogue, questionnaire),
        "questionnaire": questionnaire,
        "place": place,
        "place_form": PlaceForm(),
        "as_of": session.as_of(),
        "paging_url": reverse("matcher:results"),
    }
    return render(request, "matcher/results.html", context)


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def place(request: HttpRequest) -> HttpResponse:
    """Where the person is and how far they can travel: for distances to the study sites.

    Optional: "Skip" (or an empty form) shows results without distances. `next=clinician`
    returns to the clinician page.
    """
    current = session.load_place(request)
    back = "matcher:clinician" if request.GET.get("next") == "clinician" else "matcher:results"
    if request.method == "POST":
        form = PlaceForm(request.POST)
        if "skip" in request.POST:
            session.save_place(request, session.Place(asked=True))
            return redirect(back)
        if form.is_valid():
            session.save_place(request, form.to_place())
            return redirect(back)
    else:
        form = PlaceForm(
            initial={
                "country": current.country,
                "city": current.city,
                "max_distance": str(current.max_km or ""),
            }
        )
    return render(request, "matcher/place.html", {"form": form, "next": request.GET.get("next")})


@require_safe
def place_cities(request: HttpRequest) -> HttpResponse:
    """City suggestions for what was typed so far (typos forgiven), as <option>s."""
    from trials.places import country_code, gazetteer

    typed = request.GET.get("city", "")[:100]
    code = country_code(request.GET.get("country", "")[:60]) or None
    chinese = (request.LANGUAGE_CODE or "").startswith("zh")
    cities = gazetteer().search(typed, code, limit=8) if len(typed.strip()) >= 2 else []
    options = [
        {"value": city.name, "label": city.display_name(chinese) if chinese else ""}
        for city in cities
    ]
    return render(request, "matcher/place.html#suggestions", {"options": options})


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def clinician(request: HttpRequest) -> HttpResponse:
    """Clinician mode: every question on one page, with the results beside it.

    With htmx each change posts the form and swaps in the results; without JavaScript the
    form posts and redirects back here. While an answer is wrong (or was, on the last
    post), htmx gets the form too, so each wrong field is marked beside its label and listed
    in the error summary; focus moves to that summary only when the form was sent with the
    button, not while the clinician is still moving through the fields.
    """
    questionnaire = session.load(request)
    whole_page = False
    if request.method == "POST":
        form = ClinicianForm(request.POST)
        whole_page = bool(form.errors) or "errors_shown" in request.POST
        if form.is_valid():
            questionnaire.mode = Mode.CLINICIAN
            questionnaire.replace_answers(form.to_answers())
            session.save(request, questionnaire)
            if not _is_htmx(request):
                return redirect("matcher:clinician")
    else:
        form = ClinicianForm(initial=ClinicianForm.initial_from(questionnaire.answers))
    catalogue = published_catalogue()
    place = session.load_place(request)
    context = {
        "form": form,
        "results": (
            _results(catalogue, questionnaire, request, place) if questionnaire.answers else None
        ),
        "information_needed": (
            information_needed(catalogue, questionnaire.engine_answers(), session.as_of())
            if questionnaire.answers
            else []
        ),
        "questionnaire": questionnaire,
        "place": place,
        "place_form": PlaceForm(),
        "as_of": session.as_of(),
        "paging_url": reverse("matcher:clinician"),
        "paging_target": "#results",
        "quiet_errors": _is_htmx(request) and "update" not in request.POST,
    }
    if not _is_htmx(request):
        return render(request, "matcher/clinician.html", context)
    if whole_page:
        response = render(request, "matcher/clinician.html#page", context)
        return reswap(retarget(response, "#clinician-page"), "innerHTML")
    return render(request, "matcher/clinician.html#results", context)


def framed_by_this_site(
    view: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Let the site's own pages show the view in a frame (and no other site): the Print
    buttons print the page laid out for paper from a hidden frame."""

    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        policy: dict[str, Any] = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
        response: HttpResponse = csp_override(policy)(view)(request)
        return response

    return xframe_options_sameorigin(wrapped)


@framed_by_this_site
@require_safe
def results_print(request: HttpRequest) -> HttpResponse:
    """The session's results laid out for paper: the trials worth discussing, each with its
    study team's contact details and its criteria, a protocol sentence shown once however
    many criteria it gave."""
    questionnaire = session.load(request)
    if not questionnaire.started:
        return redirect("matcher:start")
    catalogue = published_catalogue()
    results = _results(catalogue, questionnaire, request, session.load_place(request))
    needed = (
        information_needed(catalogue, questionnaire.engine_answers(), session.as_of())
        if questionnaire.mode == Mode.CLINICIAN
        else results.questions_for_doctor
    )
    return render(
        request,
        "matcher/results_print.html",
        {
            "printout": printout.build(results),
            "needed": needed,
            "questionnaire": questionnaire,
            "as_of": session.as_of(),
        },
    )
