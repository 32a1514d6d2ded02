"""What a person chooses to keep: saved results with a private note and their passcode-protected
share links, and subscriptions to hear about new trials (with the trials already emailed).

Nothing here is written without the person's explicit consent, and all of it can be deleted by
the person: a saved result from its owner page, a subscription from the link in every email.
A saved result holds no contact details; a subscription's email address is kept only for it.
Secret tokens are stored as SHA-256 hashes (they are 256-bit random, so a fast hash is enough);
passcodes with Django's password hashers.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matcher import engine
from trials.models import Trial


def new_token() -> str:
    """A fresh 256-bit random token, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


AUDIENCE_LABELS = {
    engine.Audience.PATIENT: _("Patient or carer"),
    engine.Audience.CLINICIAN: _("Clinician"),
}
# The questionnaire's modes are the engine's audiences (a missing label fails at import).
MODE_CHOICES = [(audience.value, AUDIENCE_LABELS[audience]) for audience in engine.Audience]


class SavedResultQuerySet(models.QuerySet["SavedResult"]):
    def for_token(self, token: str) -> SavedResultQuerySet:
        """The saved result this owner token opens (none for an unknown token)."""
        return self.filter(owner_token_hash=hash_token(token))


class SavedResult(models.Model):
    """A person's answers as they were on the day they saved them, with their private note."""

    owner_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    mode = models.CharField(
        _("mode"), max_length=16, choices=MODE_CHOICES, default=engine.Audience.PATIENT.value
    )
    language = models.CharField(_("language"), max_length=16)
    answers = models.JSONField(_("answers"), default=dict)
    answered_on = models.JSONField(
        _("answered on"), default=dict, help_text=_("The date each answer was given.")
    )
    note = models.TextField(_("private note"), blank=True)
    consent_text = models.TextField(_("consent given"))
    saved_on = models.DateField(_("saved on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SavedResultQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved result")
        verbose_name_plural = _("saved results")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk} ({self.saved_on})"


class ShareLinkQuerySet(models.QuerySet["ShareLink"]):
    def for_token(self, token: str) -> ShareLinkQuerySet:
        return self.filter(token_hash=hash_token(token))


class ShareLink(models.Model):
    """A link to a saved result for a doctor or family, opened with a passcode."""

    MAX_ATTEMPTS = 5

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Withdrawn")
        LOCKED = "locked", _("Locked after too many wrong passcodes")

    saved_result = models.ForeignKey(
        SavedResult, on_delete=models.CASCADE, related_name="share_links"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    passcode_hash = models.CharField(max_length=256, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong passcodes"), default=0)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk} ({self.state})"

    @property
    def state(self) -> ShareLink.State:
        """Withdrawn and locked win over expired: they say what the owner can do about it."""
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.locked_at is not None:
            return self.State.LOCKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.ACTIVE

    @property
    def attempts_left(self) -> int:
        return max(self.MAX_ATTEMPTS - self.failed_attempts, 0)

    def set_passcode(self, passcode: str) -> None:
        self.passcode_hash = make_password(passcode)

    def check_passcode(self, passcode: str) -> bool:
        return bool(passcode) and check_password(passcode, self.passcode_hash)


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_before(self, moment: datetime.datetime) -> SubscriptionQuerySet:
        """Sign-ups never confirmed since `moment`: their confirmation link has expired."""
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class Subscription(models.Model):
    """Consent to hear, by email, about new trials that fit a snapshot of the person's answers.

    Matched only once confirmed (double opt-in). `key` identifies it in the links of its
    emails, which carry it signed with the site's secret (see keep/notifications.py).
    """

    key = models.CharField(max_length=64, unique=True, editable=False, default=new_token)
    email = models.EmailField(_("email"), max_length=254)
    language = models.CharField(_("language"), max_length=16)
    mode = models.CharField(
        _("mode"), max_length=16, choices=MODE_CHOICES, default=engine.Audience.PATIENT.value
    )
    answers = models.JSONField(_("answers"), default=dict)
    answered_on = models.JSONField(_("answered on"), default=dict)
    consent_text = models.TextField(_("consent given"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification subscription")
        verbose_name_plural = _("notification subscriptions")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class TrialNotification(models.Model):
    """One trial a subscription has been told about (or had on its results when it signed up).

    The unique (subscription, trial) row is what makes "once per trial per subscriber" hold,
    however often the trial is published or its criteria change. When the trial closes upstream,
    `closed_notice_on` records the closing the subscriber was told about (once per closing).
    """

    class Kind(models.TextChoices):
        SHOWN = "shown", _("Already on their results at sign-up")
        EMAIL = "email", _("Emailed")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="notifications"
    )
    trial = models.ForeignKey(
        Trial, on_delete=models.CASCADE, related_name="+", verbose_name=_("trial")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    verdict = models.CharField(_("verdict"), max_length=32)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_notice_on = models.DateField(
        _("told of the closing of"),
        null=True,
        blank=True,
        help_text=_(
            "The closing date (the trial's own) that the subscriber was emailed about, once the "
            "trial closed upstream and was unpublished."
        ),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("trial notification")
        verbose_name_plural = _("trial notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "trial"], name="one_notification_per_trial"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trial_id} -> {self.subscription_id} ({self.kind})"


class MatchState(models.Model):
    """The catalogue version subscribers were last matched against (one row)."""

    catalogue_version = models.PositiveBigIntegerField(default=0)
    matched_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("re-matching state")

    def __str__(self) -> str:
        return f"{self.catalogue_version} ({self.matched_at:%Y-%m-%d %H:%M})"
