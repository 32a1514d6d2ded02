"""Contact requests people send to a trial's sites, and the coordinators' access log."""

from __future__ import annotations

import datetime
import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from trials.models import Site, Trial

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _is_han(text: str) -> bool:
    """Whether the text is written in Chinese characters only (spaces aside)."""
    letters = [char for char in text if not char.isspace()]
    return bool(letters) and all(unicodedata.name(char, "").startswith("CJK") for char in letters)


def person_name(given: str, family: str, language: str) -> str:
    """A name the way the language writes it, from the form's two fields.

    Chinese puts the family name first; English the given name. A name written in Chinese
    characters is written family name first, without a space, in any language ("陈美");
    a name in letters shown in Chinese keeps a space between its parts ("Chen Mei").
    """
    given, family = given.strip(), family.strip()
    if not given or not family:
        return given or family
    han = _is_han(given) and _is_han(family)
    if han:
        return f"{family}{given}"
    if language.startswith("zh"):
        return f"{family} {given}"
    return f"{given} {family}"


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
        if user.has_perm(f"contact.{ContactRequest.ROUTE_PERMISSION}"):
            # Their own sites' requests, and those no coordinator receives, to pass on.
            own = Site.coordinators.through.objects.filter(
                site_id=OuterRef("site_id"), user_id=user.pk
            )
            return self.filter(Q(Exists(own)) | Q(pk__in=self.unrouted().values("pk")))
        return self.filter(site__coordinators=user)

    def unrouted(self) -> ContactRequestQuerySet:
        """Requests whose site has no active coordinator with an email: no coordinator is told
        of them or sees them in the admin, so somebody has to pass them on."""
        coordinators = Site.coordinators.through.objects.filter(
            site_id=OuterRef("site_id"), user__is_active=True
        ).exclude(user__email="")
        return self.filter(~Exists(coordinators))

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
    # Staff with this permission see the requests no coordinator receives ("unrouted").
    ROUTE_PERMISSION = "route_contactrequest"

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
        permissions = [
            ("route_contactrequest", _("Can see and pass on requests that reach no coordinator"))
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.full_name}"

    @property
    def full_name(self) -> str:
        """The name in the active language's order (see `person_name`)."""
        return person_name(self.first_name, self.last_name, get_language() or "")

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

    def change_status(self, status: str) -> bool:
        """Move to `status` (forward in the workflow, or closed) and record when; save after.

        False when the request already has that status: nothing changes, not even the date.
        """
        if status == self.status:
            return False
        if status not in self.allowed_statuses(self.status):
            raise ValueError(f"a {self.status} request cannot go back to {status}")
        self.status = status
        self.status_changed_at = timezone.now()
        return True

    @classmethod
    def allowed_statuses(cls, current: str) -> list[str]:
        """Where a request may go from `current`: forward in the workflow, or closed."""
        if current in cls.CLOSED_STATUSES:
            return [current]
        open_statuses = [str(s) for s in cls.OPEN_STATUSES]
        later = open_statuses[open_statuses.index(current) :]
        return [*later, *(str(s) for s in cls.CLOSED_STATUSES)]


class ContactRequestAccess(models.Model):
    """Who opened a contact request in the admin, and when.

    One row per coordinator, request and login session: the first time they open the request
    in that session makes the row (`viewed_at`); opening it again in the same session only
    counts (`views`) and moves `last_viewed_at`. A new login, or another browser, makes a new
    row. So every reading is accounted for, and reloading a page does not bury the log.
    """

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
    viewed_at = models.DateTimeField(_("first viewed"), auto_now_add=True, db_index=True)
    last_viewed_at = models.DateTimeField(_("last viewed"), null=True, blank=True)
    views = models.PositiveIntegerField(_("times viewed"), default=1)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("access to a contact request")
        verbose_name_plural = _("accesses to contact requests")

    def __str__(self) -> str:
        return f"{self.user} {self.viewed_at:%Y-%m-%d %H:%M}"
