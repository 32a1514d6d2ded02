"""The contact form: a message to a study site of a trial, and its confirmation."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from matcher import prescreen
from trials.models import Trial

from . import services
from .forms import ContactForm
from .models import ContactRequest


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


CONTACT_SESSION_KEY = "contact_tokens"


def consent_text() -> str:
    """The consent sentence, in plain words, in the active language."""
    return gettext(
        "I agree that %(site_name)s sends my details and message to this trial's study team, "
        "and that the study team may contact me by email or phone about taking part. "
        "I can ask them to delete my details at any time."
    ) % {"site_name": settings.SITE_NAME}


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def contact(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The form to send a message to a study site of this trial (POST, then redirect)."""
    trial = get_object_or_404(Trial.objects.published(), slug=slug)
    from_result = request.GET.get("from") == "result"
    summary = prescreen.prescreen_summary(request, trial)  # None without questionnaire answers
    location = str(request.POST.get("location", ""))[:120] if request.method == "POST" else ""
    sites = services.contact_sites(trial, location)

    def make_form(data: Any = None, initial: dict[str, Any] | None = None) -> ContactForm:
        return ContactForm(
            data,
            initial=initial,
            sites=sites,
            consent_text=consent_text(),
            can_share_prescreen=summary is not None,
        )

    context: dict[str, Any] = {"trial": trial, "sites": sites, "from_result": from_result}
    if not sites:
        return render(request, "contact/contact.html", context)

    if request.method == "GET":
        site_pk = request.GET.get("site", "")
        initial_site = next((site for site in sites if str(site.pk) == site_pk), sites[0])
        form = make_form(initial={"form_token": uuid.uuid4(), "site": initial_site.pk})
        return render(request, "contact/contact.html", {**context, "form": form})

    if "locate" in request.POST:
        # "List the nearest sites first": show the form again, re-ordered, without judging it.
        initial: dict[str, Any] = {
            name: request.POST.get(name) for name in ContactForm.base_fields if name in request.POST
        }
        initial["site"] = sites[0].pk
        form = make_form(initial=initial)
        template = "contact/contact.html#site_field" if request.htmx else "contact/contact.html"
        return render(request, template, {**context, "form": form, "located": True})

    form = make_form(request.POST)
    if form.is_spam:
        return render(request, "contact/contact_sent.html", {"trial": trial})
    if (
        form.is_valid()
        # A repeat of a sent form is answered with its confirmation, not counted again.
        and services.find_duplicate(form.cleaned_data["form_token"], form.cleaned_data, trial)
        is None
        and services.is_rate_limited(client_ip(request), form.cleaned_data["email"])
    ):
        form.add_error(
            None,
            gettext("You have sent several messages in a short time. Please try again later."),
        )
        return render(request, "contact/contact.html", {**context, "form": form}, status=429)
    if not form.is_valid():
        if "form_token" in form.errors:
            # A tampered or missing token: give the form a fresh one and ask to send it again.
            data = request.POST.copy()
            data["form_token"] = str(uuid.uuid4())
            form = make_form(data)
            form.is_valid()
            form.add_error(None, gettext("Please check your details and send the form again."))
        return render(request, "contact/contact.html", {**context, "form": form})

    submission = services.submit_contact_request(
        trial=trial,
        data=form.cleaned_data,
        consent_text=consent_text(),
        language=get_language() or settings.LANGUAGE_CODE,
        source=(ContactRequest.Source.RESULT if from_result else ContactRequest.Source.TRIAL_PAGE),
        prescreen_summary=summary,
    )
    token = str(submission.contact_request.form_token)
    tokens = [t for t in request.session.get(CONTACT_SESSION_KEY, []) if t != token]
    request.session[CONTACT_SESSION_KEY] = [*tokens, token][-20:]
    return redirect("contact:contact_sent", slug=submission.contact_request.trial.slug, token=token)


@require_safe
def contact_sent(request: HttpRequest, slug: str, token: uuid.UUID) -> HttpResponse:
    """The confirmation, shown only in the browser that sent the message."""
    if str(token) not in request.session.get(CONTACT_SESSION_KEY, []):
        raise Http404
    contact_request = get_object_or_404(
        ContactRequest.objects.select_related("trial", "site"),
        form_token=token,
        trial__slug=slug,
    )
    return render(
        request,
        "contact/contact_sent.html",
        {"trial": contact_request.trial, "site": contact_request.site},
    )
