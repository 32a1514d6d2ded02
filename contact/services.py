"""Writing a contact request: one transaction stores it with the person's consent and queues
its two emails, so a failing or slow mail server never loses or delays the request itself.

Also here: which sites a person may write to, nearest first, and a small rate limit.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from matcher import ratelimit
from trials.models import Site, Trial

from . import emails
from .models import ContactRequest

# The same person sending the same message again soon is a double submission.
DUPLICATE_WINDOW = datetime.timedelta(minutes=30)


def contact_sites(trial: Trial, location: str = "") -> list[Site]:
    """The sites a person may contact for this trial, the ones matching where they live first.

    Same city first, then same country; no geocoding, just words compared case-insensitively.
    """
    sites = trial.contact_sites()
    place = location.casefold().strip()
    if not place:
        return sites

    def rank(site: Site) -> int:
        city, country = site.city.casefold().strip(), site.country.casefold().strip()
        if city and (city in place or place in city):
            return 0
        if country and (country in place or place in country):
            return 1
        return 2

    return sorted(sites, key=rank)  # sorted() is stable: the catalogue's order within a rank


def is_rate_limited(client_ip: str, email: str) -> bool:
    """True once this address or email has sent too many requests within the window."""
    limit, window = settings.CONTACT_RATE_LIMIT
    return ratelimit.over_limit(
        "contact-rate", (f"ip:{client_ip}", f"email:{email.casefold()}"), limit, window
    )


@dataclass(frozen=True)
class Submission:
    contact_request: ContactRequest
    created: bool


def find_duplicate(
    form_token: uuid.UUID, data: dict[str, Any], trial: Trial
) -> ContactRequest | None:
    """The request this submission repeats: the same form token, or the same person, site and
    message within the last half hour (back, reload and send again)."""
    return (
        ContactRequest.objects.filter(
            Q(form_token=form_token)
            | Q(
                trial=trial,
                site=data["site"],
                email__iexact=data["email"],
                message=data["message"],
                created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            )
        )
        .order_by("created_at")
        .first()
    )


def submit_contact_request(
    *,
    trial: Trial,
    data: dict[str, Any],
    consent_text: str,
    language: str,
    source: str,
    prescreen_summary: dict[str, Any] | None,
) -> Submission:
    """Store the request and queue its emails in one transaction; a repeat creates nothing."""
    form_token: uuid.UUID = data["form_token"]
    duplicate = find_duplicate(form_token, data, trial)
    if duplicate is not None:
        return Submission(duplicate, created=False)
    try:
        with transaction.atomic():
            contact_request = ContactRequest.objects.create(
                trial=trial,
                site=data["site"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                other_language=data["other_language"],
                location=data["location"],
                message=data["message"],
                consent_text=consent_text,
                consented_at=timezone.now(),
                prescreen_summary=prescreen_summary if data.get("share_prescreen") else None,
                language=language,
                source=source,
                form_token=form_token,
            )
            # The queue is a table in the same database: the request and its two emails are
            # stored together or not at all, and a worker sees them only after the commit.
            emails.queue_emails(contact_request)
    except IntegrityError:
        # Two posts of the same form raced; the other one stored the request.
        existing = ContactRequest.objects.filter(form_token=form_token).first()
        if existing is None:
            raise
        return Submission(existing, created=False)
    return Submission(contact_request, created=True)
