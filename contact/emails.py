"""The two emails of a contact request: the notification to the site's coordinators and the
copy to the person, each in its reader's language. They go through the outbox: `queue_emails`
stores them with the request, and the composers below build them when the worker sends them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from outbox import mail
from outbox.models import Message
from trials.models import Site

from . import summary
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


@dataclass(frozen=True)
class Route:
    """Who receives a request's notification, and how to tell the person so."""

    class Kind(enum.StrEnum):
        COORDINATORS = "coordinators"  # the site's coordinators, who work on it in the admin
        SITE_CONTACT = "site_contact"  # the site's contact as the trial registry lists it
        CENTRAL_CONTACT = "central_contact"  # the trial's central contact in the registry
        FALLBACK = "fallback"  # the site's own team (DJANGO_CONTACT_FALLBACK_EMAIL)

    kind: Kind
    recipients: list[str]
    site: Site

    @property
    def reaches_a_coordinator(self) -> bool:
        return self.kind == self.Kind.COORDINATORS

    @property
    def passes_on(self) -> bool:
        """Whether the recipients are not the study team itself and will pass the message on."""
        return self.kind in {self.Kind.SITE_CONTACT, self.Kind.CENTRAL_CONTACT, self.Kind.FALLBACK}

    def destination(self) -> str:
        """Who receives the message, as the end of "sent to ...", in the active language."""
        match self.kind:
            case self.Kind.COORDINATORS:
                return gettext("the study team at %(site)s") % {"site": self.site.facility}
            case self.Kind.SITE_CONTACT:
                return gettext("the contact the trial registry lists for %(site)s") % {
                    "site": self.site.facility
                }
            case self.Kind.CENTRAL_CONTACT:
                return gettext("this trial's central contact")
            case self.Kind.FALLBACK:
                return gettext("the %(site_name)s team") % {"site_name": settings.SITE_NAME}


def route(contact_request: ContactRequest) -> Route:
    """Who receives this request's notification (see `site_route`)."""
    return site_route(contact_request.site)


def site_route(site: Site) -> Route:
    """The site's coordinators; else the site's registry contact; else the trial's central
    contact from the registry; else the fallback inbox (DJANGO_CONTACT_FALLBACK_EMAIL)."""
    coordinators = sorted(
        {user.email for user in site.coordinators.filter(is_active=True).exclude(email="")}
    )
    if coordinators:
        return Route(Route.Kind.COORDINATORS, coordinators, site)
    if site.contact_email:
        kind = Route.Kind.CENTRAL_CONTACT if site.is_central_contact else Route.Kind.SITE_CONTACT
        return Route(kind, [site.contact_email], site)
    central = (
        Site.objects.filter(trial_id=site.trial_id, is_central_contact=True)
        .exclude(contact_email="")
        .order_by("pk")
        .first()
    )
    if central is not None:
        return Route(Route.Kind.CENTRAL_CONTACT, [central.contact_email], site)
    return Route(Route.Kind.FALLBACK, [settings.CONTACT_FALLBACK_EMAIL], site)


def coordinator_recipients(contact_request: ContactRequest) -> list[str]:
    """Who receives the request's notification (see `route`)."""
    return route(contact_request).recipients


def notification_status(contact_request: ContactRequest) -> str:
    """The outbox status of the notification (queued, sending, sent, failed or cancelled)."""
    key = f"{topic(contact_request)}:coordinators"
    status = Message.objects.filter(key=key).values_list("status", flat=True).first()
    return status or Message.Status.QUEUED


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
    routed = route(contact_request)
    context["route"] = routed.kind.value
    with translation.override(settings.LANGUAGE_CODE):
        context["person_language"] = _language_name(contact_request.language)
        context["person_name"] = contact_request.full_name
        if contact_request.prescreen_summary is not None:
            table = summary.readable_summary(contact_request.prescreen_summary)
            context["summary"] = table
            context["summary_text"] = summary.as_text(table)
    return mail.compose(
        "contact_coordinator",
        context,
        language=settings.LANGUAGE_CODE,
        to=routed.recipients,
        reply_to=[contact_request.email],
    )


def copy_to_person(contact_request: ContactRequest) -> EmailMultiAlternatives:
    """The person's copy of what they sent, in the language they used the site in."""
    site = contact_request.site
    context = _context(contact_request)
    routed = route(contact_request)
    context["passes_on"] = routed.passes_on
    with translation.override(contact_request.language):
        context["destination"] = routed.destination()
        context["person_name"] = contact_request.full_name
        # "Dear Mei," in English; Chinese greets a person by their full name ("陈美，您好").
        chinese = contact_request.language.startswith("zh")
        context["greeting_name"] = (
            contact_request.full_name if chinese else contact_request.first_name
        )
    return mail.compose(
        "contact_copy",
        context,
        language=contact_request.language,
        to=[contact_request.email],
        reply_to=[site.contact_email] if site.contact_email else None,
    )


def _language_name(code: str) -> str:
    for language_code, name in settings.LANGUAGES:
        if language_code == code:
            return str(name)
    return code
