"""Patient notifications: hear by email about new trials that fit your answers.

- Sign-up stores the email, the language and a snapshot of the answers with the consent
  sentence, unconfirmed, and queues a confirmation email (double opt-in). Only confirmed
  subscriptions are matched; sign-ups left unconfirmed for SUBSCRIPTION_CONFIRM_DAYS are deleted.
- Signing up records the published trials that fit then (the person is looking at them on
  their results): they are not news. Confirming emails about any that came to fit since.
- Re-matching is a pull: `rematch()` (the `rematch_subscriptions` task and command, run from
  cron) compares the catalogue version it last matched against with the current one
  (`trials.models.CatalogueVersion`, bumped by every change matching reads). When it moved, it
  ranks the published trials, as of today, for every confirmed subscription and emails each
  subscriber about the trials that are now likely, possibly or later eligible and that they
  were not told about. No write path has to remember to ask for it. A unique
  (subscription, trial) row makes that once per trial per subscriber, however often the trial
  changes.
- When a trial a subscriber was told about (or had on their results at sign-up) closes upstream
  and is unpublished, by a registry sync or a curator (`Trial.closed_on` set), the same re-match
  emails them once about that closing (`tell_closings`): one message per email address, trial
  and closing date, in their language. Their subscription and answers stay as they are.
- Every email carries a link to the manage page, where one button deletes the subscription
  with its answers and its notification rows (unsubscribing is deleting).

The links carry the subscription's random key signed with the site's secret key (one salt for
confirming, another for managing), so neither a guessed key nor a copy of the database alone
makes a working link.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from keep.models import MatchState, Subscription, TrialNotification
from keep.saved import valid_answers
from matcher import engine
from matcher.catalogue import PublishedCatalogue, published_catalogue
from matcher.results import VERDICT_TITLES
from matcher.session import Questionnaire
from outbox import mail
from trials.models import CatalogueVersion, Trial

CONFIRMATION = "keep.confirmation"
TRIAL = "keep.trial"
CLOSED = "keep.trial_closed"

CONFIRM_SALT = "matcher.subscription.confirm"
MANAGE_SALT = "matcher.subscription.manage"

# The verdicts worth an email: everything but "not eligible".
FITTING = frozenset({engine.Verdict.LIKELY, engine.Verdict.POSSIBLY, engine.Verdict.LATER})


# Links ----------------------------------------------------------------------------------------


def confirm_token(subscription: Subscription) -> str:
    return signing.Signer(salt=CONFIRM_SALT).sign(subscription.key)


def manage_token(subscription: Subscription) -> str:
    return signing.Signer(salt=MANAGE_SALT).sign(subscription.key)


def _key(token: str, salt: str) -> str | None:
    try:
        return signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None


def subscription_to_confirm(token: str) -> Subscription | None:
    """The unconfirmed subscription a confirmation link names; None once it is confirmed."""
    key = _key(token, CONFIRM_SALT)
    if key is None:
        return None
    return Subscription.objects.filter(key=key, confirmed_at__isnull=True).first()


def subscription_to_manage(token: str) -> Subscription | None:
    key = _key(token, MANAGE_SALT)
    return None if key is None else Subscription.objects.filter(key=key).first()


def confirmation_deadline(subscription: Subscription) -> datetime.datetime:
    return subscription.created_at + datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)


def confirmation_expired(subscription: Subscription) -> bool:
    return confirmation_deadline(subscription) <= timezone.now()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# Signing up, confirming, leaving --------------------------------------------------------------


def purge_unconfirmed() -> int:
    """Delete sign-ups whose confirmation link has expired; return how many."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    deleted, _ = Subscription.objects.unconfirmed_before(cutoff).delete()
    return deleted


def subscribe(
    *, email: str, questionnaire: Questionnaire, consent_text: str, language: str
) -> Subscription:
    """Store an unconfirmed subscription and queue its confirmation email, together."""
    answers, answered_on = questionnaire.snapshot()
    with transaction.atomic():
        purge_unconfirmed()
        subscription = Subscription.objects.create(
            email=email,
            language=language,
            mode=questionnaire.mode,
            answers=answers,
            answered_on=answered_on,
            consent_text=consent_text,
        )
        # What fits now is on the results the person is looking at: not news.
        TrialNotification.objects.bulk_create(
            [
                TrialNotification(
                    subscription=subscription,
                    trial=trial,
                    kind=TrialNotification.Kind.SHOWN,
                    verdict=verdict.value,
                )
                for trial, verdict in _fitting_now(subscription)
            ]
        )
        mail.queue(
            CONFIRMATION,
            key=f"subscription:{subscription.key}:confirmation",
            args={"subscription": subscription.pk},
            topic=f"subscription:{subscription.pk}",
        )
    return subscription


def confirm(subscription: Subscription) -> bool:
    """Confirm once (False if it already was), and tell about trials that came to fit between
    signing up and confirming."""
    now = timezone.now()
    with transaction.atomic():
        if not Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        ):
            return False
        subscription.confirmed_at = now
        for trial, verdict in _fitting_now(subscription):
            _tell(subscription, trial, verdict)
    return True


def _fitting_now(
    subscription: Subscription, catalogue: PublishedCatalogue | None = None
) -> list[tuple[Trial, engine.Verdict]]:
    """The published trials the subscription's answers fit today."""
    catalogue = catalogue or published_catalogue()
    answers, _, _ = valid_answers(subscription.answers)
    fitting = [
        (catalogue.trials[result.trial.key].pk, result.verdict)
        for result in catalogue.engine.rank(answers, as_of=timezone.localdate(), explain=False)
        if result.verdict in FITTING
    ]
    rows = Trial.objects.published().in_bulk([pk for pk, _ in fitting])
    return [(rows[pk], verdict) for pk, verdict in fitting if pk in rows]


def _tell(subscription: Subscription, trial: Trial, verdict: engine.Verdict) -> bool:
    """Queue the email about `trial` unless the subscription already knows it; True if queued."""
    with transaction.atomic():
        notification, created = TrialNotification.objects.get_or_create(
            subscription=subscription,
            trial=trial,
            defaults={"kind": TrialNotification.Kind.EMAIL, "verdict": verdict.value},
        )
        if created:
            mail.queue(
                TRIAL,
                key=f"trial-notification:{notification.pk}",
                args={"notification": notification.pk},
                topic=f"subscription:{subscription.pk}",
            )
    return created


def unsubscribe(subscription: Subscription) -> None:
    """Delete the subscription, its answers and its notification rows."""
    subscription.delete()


# Re-matching ----------------------------------------------------------------------------------


def rematch() -> int:
    """Match every confirmed subscription again if the catalogue changed since the last time,
    and queue an email for each trial that now fits and was not told. Return how many."""
    purge_unconfirmed()
    with transaction.atomic():
        state, _ = MatchState.objects.select_for_update().get_or_create(pk=1)
        current = CatalogueVersion.current()
        if state.catalogue_version == current:
            return 0
        queued = 0
        # The catalogue as of now, not one a web worker would still serve while rebuilding.
        catalogue = published_catalogue(fresh=True)
        for subscription in Subscription.objects.confirmed().iterator(chunk_size=500):
            for trial, verdict in _fitting_now(subscription, catalogue):
                if _tell(subscription, trial, verdict):
                    queued += 1
        queued += tell_closings()
        state.catalogue_version = current
        state.save(update_fields=["catalogue_version", "matched_at"])
    return queued


def tell_closings() -> int:
    """Queue an email for each confirmed subscriber who knows a trial that has since closed
    upstream and been unpublished, unless they were told of that closing; return how many.

    The outbox key names the email address (hashed), the trial and its closing date: two
    subscriptions of one person get one message, and a trial that reopens and closes again is
    news again.
    """
    pending = (
        TrialNotification.objects.filter(
            subscription__confirmed_at__isnull=False,
            trial__published=False,
            trial__closed_on__isnull=False,
        )
        .filter(Q(closed_notice_on__isnull=True) | ~Q(closed_notice_on=F("trial__closed_on")))
        .select_related("subscription", "trial")
        .order_by("pk")
    )
    queued = 0
    for notification in pending.iterator(chunk_size=500):
        closed_on = notification.trial.closed_on
        assert closed_on is not None  # filtered above
        person = hashlib.sha256(notification.subscription.email.strip().lower().encode())
        with transaction.atomic():
            message = mail.queue(
                CLOSED,
                key=f"trial-closed:{person.hexdigest()[:32]}:{notification.trial_id}:{closed_on}",
                args={"notification": notification.pk},
                topic=f"subscription:{notification.subscription_id}",
            )
            TrialNotification.objects.filter(pk=notification.pk).update(closed_notice_on=closed_on)
        queued += message.args.get("notification") == notification.pk
    return queued


# Emails ---------------------------------------------------------------------------------------


def _message(
    subscription: Subscription, name: str, context: dict[str, Any]
) -> EmailMultiAlternatives:
    manage_url = absolute(reverse("keep:subscription_manage", args=[manage_token(subscription)]))
    return mail.compose(
        name,
        {**context, "subscription": subscription, "manage_url": manage_url},
        language=subscription.language,
        to=[subscription.email],
        headers={"List-Unsubscribe": f"<{manage_url}>"},
    )


@mail.composer(CONFIRMATION)
def _confirmation_email(args: dict[str, Any]) -> EmailMultiAlternatives | None:
    subscription = Subscription.objects.filter(
        pk=args["subscription"], confirmed_at__isnull=True
    ).first()
    return None if subscription is None else confirmation_email(subscription)


@mail.composer(TRIAL)
def _trial_email(args: dict[str, Any]) -> EmailMultiAlternatives | None:
    notification = (
        TrialNotification.objects.filter(pk=args["notification"])
        .select_related("subscription", "trial")
        .first()
    )
    return None if notification is None else trial_email(notification)


@mail.composer(CLOSED)
def _closed_email(args: dict[str, Any]) -> EmailMultiAlternatives | None:
    notification = (
        TrialNotification.objects.filter(pk=args["notification"])
        .select_related("subscription", "trial")
        .first()
    )
    if notification is None or notification.trial.published or not notification.trial.closed_on:
        return None  # unsubscribed, or the trial is open again: nothing to tell
    return closed_email(notification)


def confirmation_email(subscription: Subscription) -> EmailMultiAlternatives:
    """The double opt-in email: a link to confirm, and one to delete the sign-up at once."""
    confirm_url = absolute(reverse("keep:subscription_confirm", args=[confirm_token(subscription)]))
    return _message(
        subscription,
        "notify_confirm",
        {"confirm_url": confirm_url, "days": settings.SUBSCRIPTION_CONFIRM_DAYS},
    )


def trial_email(notification: TrialNotification) -> EmailMultiAlternatives:
    """A new trial that may fit, in the subscriber's language."""
    trial = notification.trial
    verdict = engine.Verdict(notification.verdict)
    with translation.override(notification.subscription.language):
        verdict_title = str(VERDICT_TITLES[verdict])
    return _message(
        notification.subscription,
        "notify_trial",
        {
            "trial": trial,
            "trial_url": absolute(trial.get_absolute_url()),
            "verdict": verdict.value,
            "verdict_title": verdict_title,
            "questionnaire_url": absolute(reverse("matcher:start")),
        },
    )


def closed_email(notification: TrialNotification) -> EmailMultiAlternatives:
    """A trial the subscriber knows has closed upstream, in the subscriber's language."""
    trial = notification.trial
    return _message(
        notification.subscription,
        "notify_closed",
        {
            "trial": trial,
            "trial_url": absolute(trial.get_absolute_url()),
            "closed_on": trial.closed_on,
            "trials_url": absolute(reverse("trials:trial_list")),
        },
    )
