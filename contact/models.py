"""Contact requests people send to a trial's sites, and the coordinators' access log."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from trials.models import Site, Trial

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The weekdays after `start` up to and including `end` (Saturdays and Sundays don't count)."""
    if end <= start:
        return 0
    days = (end - start).days
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def overdue_cutoff(today: datetime.date, working_days: int) -> datetime.date:
    """The latest day from which more than `working_days` working days have passed by `today`."""
    day = today
    while working_days_between(day, today) <= working_days:
        day -= datetime.timedelta(days=1)
    return day


class ContactRequestQuerySet(models.QuerySet["ContactRequest"]):
    def for_user(self, user: User | AnonymousUser) -> ContactRequestQuerySet:
        """What this user may see: everything for a superuser, else their own sites' requests."""
        if not user.is_active or not user.is_staff:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(site__coordinators=user)

    def waiting_too_long(self) -> ContactRequestQuerySet:
        """New requests that have waited more than the allowed working days."""
        today = timezone.localdate()
        cutoff = overdue_cutoff(today, ContactRequest.WAITING_WORKING_DAYS)
        start_of_next_day = timezone.make_aware(
            datetime.datetime.combine(cutoff + datetime.timedelta(days=1), datetime.time.min)
        )
        return self.filter(status=ContactRequest.Status.NEW, created_at__lt=start_of_next_day)


class ContactRequest(models.Model):
    """A person's message to a study site, and the coordinators' work on it."""

    WAITING_WORKING_DAYS = 2

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        PRESCREENED = "prescreened", _("Pre-screened")
        REFERRED = "referred", _("Referred to investigator")
        ENROLLED = "enrolled", _("Enrolled")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.PRESCREENED, Status.REFERRED)
    CLOSED_STATUSES = (Status.ENROLLED, Status.NOT_ELIGIBLE, Status.WITHDRAWN)

    class Language(models.TextChoices):
        MANDARIN = "mandarin", _("Mandarin")
        CANTONESE = "cantonese", _("Cantonese")
        ENGLISH = "english", _("English")
        MALAY = "malay", _("Malay")
        VIETNAMESE = "vietnamese", _("Vietnamese")
        OTHER = "other", _("Another language")

    class Source(models.TextChoices):
        TRIAL_PAGE = "trial_page", _("Trial page")
        RESULT = "result", _("Questionnaire result")

    trial = models.ForeignKey(
        Trial, on_delete=models.PROTECT, related_name="contact_requests", verbose_name=_("trial")
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="contact_requests", verbose_name=_("site")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"))
    phone = PhoneNumberField(_("phone number"))
    other_language = models.CharField(
        _("other language"), max_length=16, choices=Language, blank=True
    )
    location = models.CharField(_("where they live"), max_length=120, blank=True)
    message = models.TextField(_("message"), blank=True)
    consent_text = models.TextField(
        _("consent given"), help_text=_("The consent sentence exactly as the person ticked it.")
    )
    consented_at = models.DateTimeField(_("consent given at"))
    prescreen_summary = models.JSONField(
        _("pre-screen summary"),
        null=True,
        blank=True,
        help_text=_("Questionnaire answers and results, stored only when the person chose to."),
    )
    language = models.CharField(
        _("language of the site"), max_length=16, help_text=_("Emails to the person use it.")
    )
    source = models.CharField(
        _("sent from"), max_length=16, choices=Source, default=Source.TRIAL_PAGE
    )
    form_token = models.UUIDField(_("form token"), unique=True, editable=False)

    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.NEW)
    closing_reason = models.TextField(
        _("reason for closing"),
        blank=True,
        help_text=_("Required when the request is enrolled, not eligible or withdrawn."),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Seen only by the site's coordinators.")
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    objects = ContactRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def working_days_waiting(self) -> int:
        return working_days_between(timezone.localdate(self.created_at), timezone.localdate())

    @property
    def is_waiting_too_long(self) -> bool:
        """A new request nobody has acted on for more than two working days."""
        return (
            self.status == self.Status.NEW and self.working_days_waiting > self.WAITING_WORKING_DAYS
        )

    @classmethod
    def allowed_statuses(cls, current: str) -> list[str]:
        """Where a request may go from `current`: forward in the workflow, or closed."""
        if current in cls.CLOSED_STATUSES:
            return [current]
        open_statuses = [str(s) for s in cls.OPEN_STATUSES]
        later = open_statuses[open_statuses.index(current) :]
        return [*later, *(str(s) for s in cls.CLOSED_STATUSES)]


class ContactRequestAccess(models.Model):
    """Who opened a contact request in the admin, and when."""

    contact_request = models.ForeignKey(
        ContactRequest,
        on_delete=models.CASCADE,
        related_name="accesses",
        verbose_name=_("contact request"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contact_request_accesses",
        verbose_name=_("user"),
    )
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("access to a contact request")
        verbose_name_plural = _("accesses to contact requests")

    def __str__(self) -> str:
        return f"{self.user} {self.viewed_at:%Y-%m-%d %H:%M}"
