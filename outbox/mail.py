"""Queueing and composing email: the one way the other apps send a message.

- `queue(kind, key, args, topic)` stores a `Message` and its send task in the caller's
  transaction, so a message exists exactly when what it is about does.
- `composer(kind)` registers the function that turns a message's `args` into an email when it
  is sent (apps register theirs when they load, so the outbox imports none of them). A composer
  returns None when what the message was about is gone (an unsubscribed person, say).
- `compose(...)` renders `emails/<name>_subject.txt`, `.txt` and `.html` in the recipient's
  language into one email with a plain-text body and an HTML alternative.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Message

type Composer = Callable[[dict[str, Any]], EmailMultiAlternatives | None]

_composers: dict[str, Composer] = {}


def composer(kind: str) -> Callable[[Composer], Composer]:
    """Register the function that builds the email of messages of this kind."""

    def register(function: Composer) -> Composer:
        _composers[kind] = function
        return function

    return register


def composer_for(kind: str) -> Composer:
    try:
        return _composers[kind]
    except KeyError:
        raise LookupError(f"no composer registered for email kind {kind!r}") from None


def queue(kind: str, *, key: str, args: dict[str, Any], topic: str) -> Message:
    """Store the message and its send task together; the same key twice is one message."""
    from . import tasks

    composer_for(kind)  # an unknown kind fails here, in the caller's transaction
    with transaction.atomic():
        message, created = Message.objects.get_or_create(
            key=key, defaults={"kind": kind, "args": args, "topic": topic}
        )
        if created:
            tasks.send_message.enqueue(message.pk)
    return message


def compose(
    name: str,
    context: dict[str, Any],
    *,
    language: str,
    to: list[str],
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """The email `emails/<name>*` rendered in `language`, plain text with an HTML alternative."""
    context = {**context, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
        headers=headers,
    )
    email.attach_alternative(html, "text/html")
    return email
