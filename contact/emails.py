"""The two emails of a contact request: the notification to the site's coordinators and the
copy to the person, each in its reader's language. They go through the outbox: `queue_emails`
stores them with the request, and the composers below build them when the worker sends them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from outbox import mail

from .models import ContactRequest

COORDINATORS = "contact.coordinators"
COPY = "contact.copy"


def topic(contact_request: ContactRequest) -> str:
    """What the outbox files the request's emails under."""
    return f"contact-request:{contact_request.pk}"


def queue_emails(contact_request: ContactRequest) -> None:
    """Queue both emails in the caller's transaction; queueing again adds nothing."""
    for kind, name in ((COORDINATORS, "coordinators"), (COPY, "copy")):
        mail.queue(
            kind,
            key=f"{topic(contact_request)}:{name}",
            args={"contact_request": contact_request.pk},
            topic=topic(contact_request),
        )


def coordinator_recipients(contact_request: ContactRequest) -> list[str]:
    """The site's coordinators; else the site's contact email; else the fallback inbox."""
    site = contact_request.site
    emails = sorted(
        {user.email for user in site.coordinators.filter(is_active=True).exclude(email="")}
    )
    if emails:
        return emails
    if site.contact_email:
        return [site.contact_email]
    return [settings.CONTACT_FALLBACK_EMAIL]


def summary_rows(summary: Any) -> dict[str, list[str]]:
    """A pre-screen summary as readable lines: the answers, then the per-criterion results.

    The questionnaire owns the summary's shape; anything unexpected is shown as plain text.
    """
    rows: dict[str, list[str]] = {"answers": [], "criteria": [], "other": []}
    if not isinstance(summary, dict):
        return rows
    answers = summary.get("answers")
    if isinstance(answers, dict):
        rows["answers"] = [f"{key}: {_plain(value)}" for key, value in answers.items()]
    result = summary.get("result", summary)
    criteria = result.get("criteria") if isinstance(result, dict) else None
    if isinstance(criteria, list):
        for criterion in criteria:
            if isinstance(criterion, dict):
                parts = [
                    str(criterion.get(key))
                    for key in ("kind", "status", "text", "reason")
                    if criterion.get(key)
                ]
                rows["criteria"].append(" | ".join(parts))
    for key in ("verdict", "score", "eligible_from", "as_of"):
        value = result.get(key) if isinstance(result, dict) else None
        if value is not None:
            rows["other"].append(f"{key}: {_plain(value)}")
    return rows


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_plain(item)}" for key, item in value.items())
    return str(value)


def _context(contact_request: ContactRequest) -> dict[str, Any]:
    return {
        "contact_request": contact_request,
        "trial": contact_request.trial,
        "site": contact_request.site,
    }


def _contact_request(args: dict[str, Any]) -> ContactRequest | None:
    return (
        ContactRequest.objects.select_related("trial", "site")
        .filter(pk=args["contact_request"])
        .first()
    )


@mail.composer(COORDINATORS)
def coordinator_email(args: dict[str, Any]) -> EmailMultiAlternatives | None:
    """The message to the site's coordinators, in the site's default language."""
    contact_request = _contact_request(args)
    if contact_request is None:
        return None
    return coordinator_notification(contact_request)


@mail.composer(COPY)
def copy_email(args: dict[str, Any]) -> EmailMultiAlternatives | None:
    """The person's copy of what they sent, in the language they used the site in."""
    contact_request = _contact_request(args)
    if contact_request is None:
        return None
    return copy_to_person(contact_request)


def coordinator_notification(contact_request: ContactRequest) -> EmailMultiAlternatives:
    """The message to the site's coordinators, in the site's default language."""
    context = _context(contact_request)
    context["admin_url"] = settings.SITE_URL + reverse(
        "admin:contact_contactrequest_change", args=[contact_request.pk]
    )
    if contact_request.prescreen_summary is not None:
        context["summary"] = summary_rows(contact_request.prescreen_summary)
    with translation.override(settings.LANGUAGE_CODE):
        context["person_language"] = _language_name(contact_request.language)
    return mail.compose(
        "contact_coordinator",
        context,
        language=settings.LANGUAGE_CODE,
        to=coordinator_recipients(contact_request),
        reply_to=[contact_request.email],
    )


def copy_to_person(contact_request: ContactRequest) -> EmailMultiAlternatives:
    """The person's copy of what they sent, in the language they used the site in."""
    site = contact_request.site
    return mail.compose(
        "contact_copy",
        _context(contact_request),
        language=contact_request.language,
        to=[contact_request.email],
        reply_to=[site.contact_email] if site.contact_email else None,
    )


def _language_name(code: str) -> str:
    for language_code, name in settings.LANGUAGES:
        if language_code == code:
            return str(name)
    return code
