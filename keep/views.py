"""Keeping results: save them with a private note, share them behind a passcode, and subscribe
to hear about new trials. Every form is a plain post followed by a redirect.

Tokens that do not exist get the friendly 404 page; an expired, withdrawn or locked share
link, or an expired confirmation link, gets a page that says so and what to do.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from keep import notifications, saved
from keep.forms import (
    NoteForm,
    PasscodeForm,
    SaveResultForm,
    ShareLinkForm,
    SubscribeForm,
    save_consent_text,
    subscribe_consent_text,
)
from keep.models import SavedResult, ShareLink
from matcher import ratelimit, session
from matcher.clientip import client_ip
from matcher.results import page_request

# Rate limits ----------------------------------------------------------------------------------


def too_many(scope: str, *identities: str) -> bool:
    """Count one more request for each identity; True once any is over KEEP_RATE_LIMIT."""
    limit, window = settings.KEEP_RATE_LIMIT
    return ratelimit.over_limit(f"keep-rate:{scope}", identities, limit, window)


def _wrong_passcode_key(request: HttpRequest) -> str:
    return f"share-passcode:ip:{client_ip(request)}"


def too_many_wrong_passcodes(request: HttpRequest) -> bool:
    limit, _ = settings.SHARE_PASSCODE_RATE_LIMIT
    return (
        ratelimit.count(_wrong_passcode_key(request), settings.SHARE_PASSCODE_RATE_LIMIT[1])
        >= limit
    )


def count_wrong_passcode(request: HttpRequest) -> None:
    ratelimit.hit(_wrong_passcode_key(request), settings.SHARE_PASSCODE_RATE_LIMIT[1])


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# Saving ---------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def save_result(request: HttpRequest) -> HttpResponse:
    """Save the session's answers, with a note, once the person agrees."""
    questionnaire = session.load(request)
    if not questionnaire.answers:
        messages.info(request, gettext("Answer at least one question before saving results."))
        return redirect("matcher:start")
    form = SaveResultForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        if too_many("save", client_ip(request)):
            form.add_error(
                None,
                gettext("You have saved several times in a short time. Please try again later."),
            )
            status = 429
        else:
            _saved, token = saved.save_result(
                questionnaire,
                note=form.cleaned_data["note"],
                consent_text=save_consent_text(),
                language=_language(),
            )
            response = redirect("keep:saved_detail", token=token)
            saved.remember_owner_token(request, response, token)
            return response
    return render(
        request,
        "keep/saved_new.html",
        {
            "form": form,
            "questionnaire": questionnaire,
            "earlier": saved.remembered_results(request),
        },
        status=status,
    )


def _owned(token: str) -> SavedResult:
    return get_object_or_404(SavedResult.objects.for_token(token))


def _owner_page(
    request: HttpRequest,
    result: SavedResult,
    token: str,
    *,
    note_form: NoteForm | None = None,
    share_form: ShareLinkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    response = HttpResponse(status=status)
    new_share = saved.pop_new_share_token(request, response, result)
    context = {
        "saved": result,
        "token": token,
        "owner_url": request.build_absolute_uri(reverse("keep:saved_detail", args=[token])),
        "is_new": saved.pop_new_saved(request, result),
        "report": saved.build_report(result, pages=page_request(request.GET)),
        "paging_url": reverse("keep:saved_detail", args=[token]),
        "note_form": note_form or NoteForm(initial={"note": result.note}),
        "share_form": share_form or ShareLinkForm(),
        "share_links": list(result.share_links.all()),
        "new_share_id": new_share[0] if new_share else None,
        "new_share_url": (
            request.build_absolute_uri(reverse("keep:shared_result", args=[new_share[1]]))
            if new_share
            else ""
        ),
    }
    response.content = render_to_string("keep/saved_detail.html", context, request)
    return response


@never_cache
@require_safe
def saved_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's page: answers, results, the note, share links, delete."""
    return _owner_page(request, _owned(token), token)


@never_cache
@require_POST
def saved_note(request: HttpRequest, token: str) -> HttpResponse:
    """Change the private note."""
    result = _owned(token)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _owner_page(request, result, token, note_form=form)
    result.note = form.cleaned_data["note"]
    result.save(update_fields=["note", "updated_at"])
    messages.success(request, gettext("Your note has been saved."))
    return redirect(reverse("keep:saved_detail", args=[token]) + "#note")


@never_cache
@require_POST
def share_create(request: HttpRequest, token: str) -> HttpResponse:
    """Create a share link with the passcode the person chose."""
    result = _owned(token)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return _owner_page(request, result, token, share_form=form)
    if too_many("share", client_ip(request)):
        form.add_error(
            None, gettext("You have made several links in a short time. Please try again later.")
        )
        return _owner_page(request, result, token, share_form=form, status=429)
    link, link_token = saved.create_share_link(
        result, passcode=form.cleaned_data["passcode"], days=form.cleaned_data["days"]
    )
    response = redirect(reverse("keep:saved_detail", args=[token]) + "#share")
    saved.keep_new_share_token(response, link, link_token)
    return response


@never_cache
@require_POST
def share_revoke(request: HttpRequest, token: str, link_id: int) -> HttpResponse:
    """Withdraw a share link: it stops working at once."""
    result = _owned(token)
    saved.revoke_share_link(get_object_or_404(result.share_links, pk=link_id))
    messages.success(
        request, gettext("The link has been withdrawn. It no longer opens your results.")
    )
    return redirect(reverse("keep:saved_detail", args=[token]) + "#share")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def saved_delete(request: HttpRequest, token: str) -> HttpResponse:
    """Ask, then delete the saved result with its note and every share link."""
    result = _owned(token)
    if request.method == "POST":
        result.delete()
        messages.success(
            request,
            gettext("Your saved results, your note and every share link have been deleted."),
        )
        response = redirect("matcher:start")
        saved.forget_owner_token(request, response, token)
        return response
    return render(request, "keep/saved_delete.html", {"saved": result, "token": token})


@never_cache
@require_safe
def saved_print(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's result laid out for paper."""
    result = _owned(token)
    return render(
        request,
        "keep/saved_print.html",
        {
            "saved": result,
            "report": saved.build_report(result, pages=page_request(request.GET)),
            "paging_url": reverse("keep:saved_print", args=[token]),
            "back_url": reverse("keep:saved_detail", args=[token]),
        },
    )


# Shared pages ---------------------------------------------------------------------------------

UNAVAILABLE_STATUS = {
    ShareLink.State.EXPIRED: 410,
    ShareLink.State.REVOKED: 410,
    ShareLink.State.LOCKED: 403,
}


def _share_link(token: str) -> ShareLink:
    link = ShareLink.objects.for_token(token).select_related("saved_result").first()
    if link is None:
        raise Http404
    return link


def _unavailable(request: HttpRequest, link: ShareLink) -> HttpResponse:
    return render(
        request,
        "keep/share_unavailable.html",
        {"state": link.state},
        status=UNAVAILABLE_STATUS[link.state],
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def shared_result(request: HttpRequest, token: str) -> HttpResponse:
    """A shared result: the passcode form, then the answers, results and note."""
    link = _share_link(token)
    if link.state != ShareLink.State.ACTIVE:
        return _unavailable(request, link)
    if request.method != "POST" and saved.is_unlocked(request, link):
        return render(
            request,
            "keep/share_detail.html",
            {
                "link": link,
                "saved": link.saved_result,
                "report": saved.build_report(link.saved_result, pages=page_request(request.GET)),
                "paging_url": reverse("keep:shared_result", args=[token]),
                "token": token,
            },
        )
    form = PasscodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        if too_many_wrong_passcodes(request):
            form.add_error(
                None,
                gettext("Too many wrong passcodes from your connection. Please try again later."),
            )
            status = 429
        elif saved.try_passcode(link, form.cleaned_data["passcode"]):
            saved.unlock(request, link)
            return redirect("keep:shared_result", token=token)
        else:
            count_wrong_passcode(request)
            if link.state == ShareLink.State.LOCKED:
                return _unavailable(request, link)
            left = link.attempts_left
            form.add_error(
                "passcode",
                ngettext(
                    "That passcode is not right. You can try %(count)d more time.",
                    "That passcode is not right. You can try %(count)d more times.",
                    left,
                )
                % {"count": left},
            )
    return render(request, "keep/share_passcode.html", {"form": form, "link": link}, status=status)


@never_cache
@require_safe
def shared_print(request: HttpRequest, token: str) -> HttpResponse:
    """A shared result laid out for paper (after the passcode)."""
    link = _share_link(token)
    if link.state != ShareLink.State.ACTIVE:
        return _unavailable(request, link)
    if not saved.is_unlocked(request, link):
        return redirect("keep:shared_result", token=token)
    return render(
        request,
        "keep/saved_print.html",
        {
            "saved": link.saved_result,
            "report": saved.build_report(link.saved_result, pages=page_request(request.GET)),
            "paging_url": reverse("keep:shared_print", args=[token]),
            "back_url": reverse("keep:shared_result", args=[token]),
            "shared": True,
        },
    )


# Notifications --------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Sign up for emails about new trials that fit the session's answers."""
    questionnaire = session.load(request)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        email = form.cleaned_data["email"]
        if too_many("subscribe", client_ip(request), email.casefold()):
            form.add_error(
                None,
                gettext(
                    "You have signed up several times in a short time. Please try again later."
                ),
            )
            status = 429
        else:
            notifications.subscribe(
                email=email,
                questionnaire=questionnaire,
                consent_text=subscribe_consent_text(),
                language=_language(),
            )
            return redirect("keep:subscribe_sent")
    return render(
        request,
        "keep/notify_subscribe.html",
        {"form": form, "questionnaire": questionnaire},
        status=status,
    )


@require_safe
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    """Check your email."""
    return render(request, "keep/notify_sent.html", {"days": settings.SUBSCRIPTION_CONFIRM_DAYS})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation email: a button to confirm (mail scanners only GET)."""
    subscription = notifications.subscription_to_confirm(token)
    if subscription is None:
        raise Http404
    if notifications.confirmation_expired(subscription):
        notifications.unsubscribe(subscription)
        return render(request, "keep/notify_expired.html", status=410)
    if request.method == "POST":
        notifications.confirm(subscription)
        messages.success(
            request,
            gettext("Thank you. We will email you when a new trial may fit your answers."),
        )
        return redirect("keep:subscription_manage", token=notifications.manage_token(subscription))
    return render(request, "keep/notify_confirm.html", {"subscription": subscription})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every email: what is kept, and one button that deletes it all."""
    subscription = notifications.subscription_to_manage(token)
    if subscription is None:
        raise Http404
    if request.method == "POST":
        notifications.unsubscribe(subscription)
        return redirect("keep:subscription_deleted")
    return render(request, "keep/notify_manage.html", {"subscription": subscription})


@require_safe
def subscription_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "keep/notify_deleted.html")
