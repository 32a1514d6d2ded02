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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url, replace_url, reswap, retarget

from matcher import answers, engine, printout, session
from matcher.answers import PLACE_STEP
from matcher.catalogue import PublishedCatalogue, published_catalogue
from matcher.engine.planning import CHECKLIST
from matcher.forms import ClinicianForm, PlaceForm, StepForm, step_form
from matcher.questions import step_wording
from matcher.results import Results, arrange, information_needed, page_request
from matcher.session import Mode, Questionnaire


def _is_htmx(request: HttpRequest) -> bool:
    """An htmx request for a partial (a history restore wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


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


# Every screen has its own address, /match/question/<step id>/, so the browser's Back and
# Forward move between questions. `?next=check` marks a change made from "Check your answers":
# saving it goes back there.
STEP_IDS = frozenset({*session.ANSWER_KEYS, CHECKLIST, PLACE_STEP})
CHECK = "check"


def _step_url(step_id: str, changing: bool = False) -> str:
    url = reverse("matcher:question", args=[step_id])
    return f"{url}?next={CHECK}" if changing else url


def _where_next(
    questionnaire: Questionnaire,
    plan: engine.Plan,
    place: session.Place,
    changing: bool = False,
) -> str:
    """The address of what comes next: a question, the place question, or the check page."""
    if plan.next is not None:
        return _step_url(plan.next.id, changing)
    if questionnaire.mode != Mode.CLINICIAN and not place.asked:
        return _step_url(PLACE_STEP, changing)
    return reverse("matcher:check")


@never_cache
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Choose patient or clinician mode, with a word on privacy; or carry on where one left off."""
    questionnaire = session.load(request)
    resume = reverse(
        "matcher:clinician" if questionnaire.mode == Mode.CLINICIAN else "matcher:resume"
    )
    return render(
        request, "matcher/start.html", {"questionnaire": questionnaire, "resume_url": resume}
    )


@require_POST
def begin(request: HttpRequest) -> HttpResponse:
    """Start in the chosen mode; answers already given are deleted only once confirmed."""
    mode = request.POST.get("mode", Mode.PATIENT)
    if session.load(request).started:
        mode = mode if mode in Mode.ALL else Mode.PATIENT
        return redirect(f"{reverse('matcher:start_over')}?mode={mode}&from=start")
    questionnaire = session.start(request, mode)
    if questionnaire.mode == Mode.CLINICIAN:
        return redirect("matcher:clinician")
    return redirect("matcher:resume")


# Where "No, keep my answers" goes back to, by the `from` given to the start-over page.
START_OVER_RETURNS = {
    "results": "matcher:results",
    "check": "matcher:check",
    "start": "matcher:start",
    "clinician": "matcher:clinician",
}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def start_over(request: HttpRequest) -> HttpResponse:
    """Delete every answer, once the person has confirmed it on this page.

    A post without `confirm=yes` (an old page's one-tap button) only shows the question.
    With `mode`, a new questionnaire starts in that mode straight away.
    """
    questionnaire = session.load(request)
    source = request.POST if request.method == "POST" else request.GET
    mode = source.get("mode", "")
    mode = mode if mode in Mode.ALL else ""
    came_from = source.get("from", "")
    back = reverse(START_OVER_RETURNS.get(came_from, "matcher:resume"))
    if request.method == "POST" and source.get("confirm") == "yes":
        session.clear(request)
        if mode:
            started = session.start(request, mode)
            messages.info(request, _("Your answers have been deleted. You are starting again."))
            if started.mode == Mode.CLINICIAN:
                return redirect("matcher:clinician")
            return redirect("matcher:resume")
        messages.info(request, _("Your answers have been deleted."))
        return redirect("matcher:start")
    if not questionnaire.started and not session.load_place(request).asked:
        # Nothing to delete.
        if mode:
            session.start(request, mode)
            return redirect("matcher:clinician" if mode == Mode.CLINICIAN else "matcher:resume")
        return redirect("matcher:start")
    if request.method == "POST":
        query = f"?from={came_from}" if came_from in START_OVER_RETURNS else ""
        if mode:
            query += f"{'&' if query else '?'}mode={mode}"
        return redirect(reverse("matcher:start_over") + query)
    context = {
        "count": len(questionnaire.answered_steps()),
        "mode": mode,
        "came_from": came_from if came_from in START_OVER_RETURNS else "",
        "back": back,
    }
    return render(request, "matcher/start_over.html", context)


@never_cache
@require_safe
def resume(request: HttpRequest) -> HttpResponse:
    """Carry on where the person left off: the next question, the place, or the check page."""
    questionnaire = session.load(request)
    if questionnaire.mode == Mode.CLINICIAN and questionnaire.started:
        return redirect("matcher:clinician")
    plan = _plan(published_catalogue(), questionnaire)
    return redirect(_where_next(questionnaire, plan, session.load_place(request)))


@never_cache
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire_step(request: HttpRequest) -> HttpResponse:
    """The question to answer now, at the questionnaire's first address.

    Kept for old links and forms: `?step=<id>` redirects to that step's own address, and a
    post names its step in the `step` field. Pages link to the steps' own addresses.
    """
    wanted = request.GET.get("step", "")
    if request.method != "POST" and wanted:
        if wanted in STEP_IDS:
            return redirect(_step_url(wanted, request.GET.get("next") == CHECK))
        return redirect("matcher:questionnaire_step")
    if request.method == "POST":
        posted = request.POST.get("step", "")
        if posted and posted not in STEP_IDS:
            return _stale(request)
        return _question(request, posted, canonical=False)
    return _question(request, "", canonical=False)


@never_cache
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def question(request: HttpRequest, step_id: str) -> HttpResponse:
    """One question per screen, at its own address; the engine plans which question is next.

    A step answered before shows its answer filled in. A step that is neither the next one nor
    one answered before is stale (another tab, an old page): a post for it is refused with a
    message rather than stored, and the person is taken to the question to answer now.
    """
    if step_id not in STEP_IDS:
        raise Http404("No such question.")
    return _question(request, step_id, canonical=True)


def _stale(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        messages.warning(
            request,
            _("That answer was for a question that no longer applies, so it was not saved."),
        )
    return redirect("matcher:questionnaire_step")


def _question(request: HttpRequest, step_id: str, *, canonical: bool) -> HttpResponse:
    questionnaire = session.load(request)
    catalogue = published_catalogue()
    plan = _plan(catalogue, questionnaire)
    place = session.load_place(request)
    changing = (request.POST.get("next") or request.GET.get("next")) == CHECK

    if step_id == PLACE_STEP:
        return _place_step(request, questionnaire, plan, place, changing)
    if not step_id:
        if plan.next is None:
            return redirect(_where_next(questionnaire, plan, place))
        step: engine.Step | None = plan.next
    elif plan.next is not None and plan.next.id == step_id:
        step = plan.next
    else:
        step = questionnaire.editable_step(step_id)
    if step is None:
        return _stale(request)

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
                questionnaire.record(step, updates, keep_later=changing)
                session.save(request, questionnaire)
                plan = _plan(catalogue, questionnaire)
                destination = _where_next(questionnaire, plan, place, changing)
                if not _is_htmx(request):
                    return redirect(destination)
                # htmx: answer with the next screen itself (a redirect would lose HX-Request),
                # and put its address in the browser's history.
                if plan.next is not None:
                    response = _show_step(
                        request, questionnaire, plan, place, plan.next, None, changing
                    )
                elif destination == _step_url(PLACE_STEP, changing):
                    response = _show_place(request, questionnaire, PlaceForm(), changing)
                else:
                    return HttpResponseClientRedirect(destination)
                return push_url(response, destination)
    else:
        form = None
    response = _show_step(request, questionnaire, plan, place, step, form, changing)
    if _is_htmx(request) and not canonical:
        # The first address shows whichever question is next: give the page its own address.
        replace_url(response, _step_url(step.id, changing))
    return response


def _show_step(
    request: HttpRequest,
    questionnaire: Questionnaire,
    plan: engine.Plan,
    place: session.Place,
    step: engine.Step,
    form: StepForm | None,
    changing: bool,
) -> HttpResponse:
    if form is None:
        form = step_form(step, answers=questionnaire.answers)
    progress = questionnaire.progress(step.id, plan.remaining)
    # The place question comes last, while it has not been answered.
    extra = 0 if place.asked or questionnaire.mode == Mode.CLINICIAN else 1
    heading, help_text = step_wording(step)
    if changing:
        back = reverse("matcher:check")
    elif progress.previous:
        back = _step_url(progress.previous)
    else:
        back = ""
    context = {
        "heading": heading,
        "help": help_text,
        "form": form,
        "step": step,
        "step_id": step.id,
        "plan": plan,
        "number": progress.number,
        "total": progress.total + extra,
        "left": progress.left + extra,
        "previous": progress.previous,
        "back_url": back,
        "action": _step_url(step.id, changing),
        "changing": changing,
        "mode": questionnaire.mode,
    }
    return _render_question(request, context)


def _render_question(request: HttpRequest, context: dict[str, object]) -> HttpResponse:
    template = "matcher/question.html#question" if _is_htmx(request) else "matcher/question.html"
    return render(request, template, context)


def _place_step(
    request: HttpRequest,
    questionnaire: Questionnaire,
    plan: engine.Plan,
    place: session.Place,
    changing: bool,
) -> HttpResponse:
    """Where the person is and how far they can travel, as the questionnaire's last question."""
    if not questionnaire.started:
        return redirect("matcher:questionnaire_step")
    if request.method == "POST":
        form = PlaceForm(request.POST)
        if "skip" in request.POST:
            session.save_place(request, session.Place(asked=True))
        elif form.is_valid():
            session.save_place(request, form.to_place())
        else:
            return _show_place(request, questionnaire, form, changing)
        destination = _where_next(questionnaire, plan, session.load_place(request), changing)
        if _is_htmx(request):
            return HttpResponseClientRedirect(destination)
        return redirect(destination)
    form = PlaceForm(
        initial={
            "country": place.country,
            "city": place.city,
            "max_distance": str(place.max_km or ""),
        }
    )
    return _show_place(request, questionnaire, form, changing)


def _show_place(
    request: HttpRequest, questionnaire: Questionnaire, form: PlaceForm, changing: bool
) -> HttpResponse:
    number = len(questionnaire.asked) + 1
    last = questionnaire.asked[-1] if questionnaire.asked else ""
    back = _step_url(last) if last else ""
    if changing:
        back = reverse("matcher:check")
    context = {
        "heading": _("Where are you?"),
        "form": form,
        "step": None,
        "step_id": PLACE_STEP,
        "plan": _plan(published_catalogue(), questionnaire),
        "number": number,
        "total": number,
        "left": 1,
        "previous": last,
        "back_url": back,
        "action": _step_url(PLACE_STEP, changing),
        "changing": changing,
        "mode": questionnaire.mode,
    }
    return _render_question(request, context)


@never_cache
@require_safe
def check(request: HttpRequest) -> HttpResponse:
    """Check your answers: every answer in words, each with a link to change it."""
    questionnaire = session.load(request)
    if not questionnaire.started:
        return redirect("matcher:start")
    if questionnaire.mode == Mode.CLINICIAN:
        return redirect("matcher:clinician")
    from trials.places import countries

    place = session.load_place(request)
    plan = _plan(published_catalogue(), questionnaire)
    context = {
        "rows": answers.summary_rows(questionnaire.answered_steps(), questionnaire.answers),
        "place": place,
        "place_answer": answers.place_answer(place.country, place.city, place.max_km, countries()),
        "plan": plan,
        "questionnaire": questionnaire,
        "change_query": f"?next={CHECK}",
    }
    return render(request, "matcher/check.html", context)


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
    session.remember_results_page(request, "matcher:results", page_request(request.GET))
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
    catalogue = published_catalogue()
    whole_page = False
    if request.method == "POST":
        form = ClinicianForm(request.POST, catalogue=catalogue)
        whole_page = bool(form.errors) or "errors_shown" in request.POST
        if form.is_valid():
            questionnaire.mode = Mode.CLINICIAN
            questionnaire.replace_answers(form.to_answers())
            session.save(request, questionnaire)
            if not _is_htmx(request):
                return redirect("matcher:clinician")
    else:
        form = ClinicianForm(
            initial=ClinicianForm.initial_from(questionnaire.answers),
            catalogue=catalogue,
        )
    if questionnaire.answers:
        session.remember_results_page(request, "matcher:clinician", page_request(request.GET))
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
