"""The contact form: a message to a study site of a trial, and its confirmation."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from matcher import prescreen, session
from matcher.clientip import client_ip
from matcher.engine.places import nearest
from trials.models import Site, Trial
from trials.places import site_point

from . import emails, services
from .forms import ContactForm
from .models import ContactRequest


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


CONTACT_SESSION_KEY = "contact_tokens"


def _remember_sent(request: HttpRequest, contact_request: ContactRequest) -> None:
    """Let this browser, and only this one, see the confirmation (the last 20 sent)."""
    token = str(contact_request.form_token)
    tokens = [t for t in request.session.get(CONTACT_SESSION_KEY, []) if t != token]
    request.session[CONTACT_SESSION_KEY] = [*tokens, token][-20:]


@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def contact(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The form to send a message to a study site of this trial (POST, then redirect)."""
    trial = get_object_or_404(Trial.objects.published(), slug=slug)
    from_result = request.GET.get("from") == "result"
    summary = prescreen.prescreen_summary(request, trial)  # None without questionnaire answers
    location = str(request.POST.get("location", ""))[:120] if request.method == "POST" else ""
    sites = services.contact_sites(trial, location)
    context: dict[str, Any] = {
        "trial": trial,
        "sites": sites,
        "from_result": from_result,
        # With one site, the form says who will receive the message.
        "single_route": emails.site_route(sites[0]) if len(sites) == 1 else None,
    }
    if not sites:
        return render(request, "contact/contact.html", context)
    options: dict[str, Any] = {"sites": sites, "can_share_prescreen": summary is not None}

    if request.method == "GET":
        site_pk = request.GET.get("site", "") or nearest_site_pk(request, sites)
        initial = ContactForm.first_initial(sites, site_pk)
        form = ContactForm(initial=initial, **options)
        return render(request, "contact/contact.html", {**context, "form": form})
    if "locate" in request.POST:
        # "List the nearest sites first": show the form again, re-ordered, without judging it.
        form = ContactForm(initial=ContactForm.relisted_initial(request.POST, sites), **options)
        template = "contact/contact.html#site_field" if request.htmx else "contact/contact.html"
        return render(request, template, {**context, "form": form, "located": True})

    source = ContactRequest.Source.RESULT if from_result else ContactRequest.Source.TRIAL_PAGE
    form = ContactForm(request.POST, **options)
    if form.is_spam:
        return render(request, "contact/contact_sent.html", {"trial": trial})
    try:
        submission = services.send_contact_request(
            form,
            trial=trial,
            client_ip=client_ip(request),
            language=get_language() or settings.LANGUAGE_CODE,
            source=source,
            prescreen_summary=summary,
        )
    except services.RateLimited:
        return render(request, "contact/contact.html", {**context, "form": form}, status=429)
    if submission is None:
        return render(request, "contact/contact.html", {**context, "form": form})
    _remember_sent(request, submission.contact_request)
    sent = submission.contact_request  # a repeat answers with the request sent first
    return redirect("contact:contact_sent", slug=sent.trial.slug, token=sent.form_token)


@never_cache
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
    # Say where the message went and whether the worker has sent it yet, not what we hope.
    return render(
        request,
        "contact/contact_sent.html",
        {
            "trial": contact_request.trial,
            "site": contact_request.site,
            "route": emails.route(contact_request),
            "notification_status": emails.notification_status(contact_request),
        },
    )


def nearest_site_pk(request: HttpRequest, sites: list[Site]) -> str:
    """The nearest of these sites to where the questionnaire says the person is, or ""."""
    origin = session.load_place(request).origin
    if origin is None:
        return ""
    placed = [(site, point) for site in sites if (point := site_point(site)) is not None]
    found = nearest(origin, placed)
    return str(found[0].pk) if found else ""
