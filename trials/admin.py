"""Curators' admin for the catalogue (trials with their parts inline), and the coordinators'
workspace: the contact requests of their own sites, their history, an access log, a CSV export
and a dashboard."""

from __future__ import annotations

import csv
from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import dashboard, review
from .emails import summary_rows
from .models import (
    FAQ,
    Condition,
    ContactRequest,
    ContactRequestAccess,
    ContactRequestQuerySet,
    EligibilityCriterion,
    Intervention,
    Outcome,
    Site,
    Trial,
)


class InterventionInline(admin.TabularInline[Intervention, Trial]):
    model = Intervention
    extra = 0


class OutcomeInline(admin.StackedInline[Outcome, Trial]):
    model = Outcome
    extra = 0


class SiteInline(admin.StackedInline[Site, Trial]):
    model = Site
    extra = 0
    filter_horizontal = ["coordinators"]


class EligibilityCriterionInline(admin.StackedInline[EligibilityCriterion, Trial]):
    model = EligibilityCriterion
    extra = 0
    fields = [
        ("kind", "line", "order", "reviewed", "text_changed"),
        "type",
        "params",
        "scope",
        "text",
    ]


class FAQInline(admin.StackedInline[FAQ, Trial]):
    model = FAQ
    extra = 0


@admin.register(Trial)
class TrialAdmin(admin.ModelAdmin[Trial]):
    list_display = [
        "brief_title",
        "nct_id",
        "phase",
        "overall_status",
        "published",
        "criteria_count",
        "review_status",
        "updated_at",
    ]
    list_filter = ["published", "overall_status", "eligibility_coverage", "phase", "conditions"]
    search_fields = ["brief_title", "official_title", "nct_id", "sponsor", "slug"]
    prepopulated_fields = {"slug": ["brief_title"]}
    filter_horizontal = ["conditions"]
    readonly_fields = ["source", "created_at", "updated_at", "unmapped_conditions"]
    fieldsets = [
        (None, {"fields": ["brief_title", "official_title", "slug", "nct_id", "published"]}),
        (
            _("Study"),
            {"fields": ["phase", "overall_status", "sponsor", "start_date", "completion_date"]},
        ),
        (
            _("Who can take part"),
            {
                "fields": [
                    "conditions",
                    "condition_terms",
                    "unmapped_conditions",
                    "minimum_age_years",
                    "maximum_age_years",
                    "sex",
                    "eligibility_coverage",
                ]
            },
        ),
        (_("Texts"), {"fields": ["brief_summary", "detailed_description", "eligibility_text"]}),
        (_("Record"), {"fields": ["source", "created_at", "updated_at"]}),
    ]
    inlines = [EligibilityCriterionInline, InterventionInline, OutcomeInline, SiteInline, FAQInline]
    form = review.TrialAdminForm  # refuses to publish while criteria await review

    def get_queryset(self, request: HttpRequest) -> QuerySet[Trial]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                criteria_total=Count("criteria"),
                criteria_waiting=Count("criteria", filter=Q(criteria__reviewed=False)),
            )
        )

    def get_urls(self) -> list[URLPattern]:
        return [*review.review_urls(self), *super().get_urls()]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """After a trial is published or its criteria change, re-match the subscribers."""
        super().save_related(request, form, formsets, change)
        trial = form.instance
        criteria_changed = any(
            formset.has_changed() for formset in formsets if formset.model is EligibilityCriterion
        )
        if trial.published and (not change or "published" in form.changed_data or criteria_changed):
            from matcher import notifications

            transaction.on_commit(lambda: notifications.trial_changed(trial))

    @admin.display(description=_("criteria"), ordering="criteria_total")
    def criteria_count(self, obj: Trial) -> int:
        return getattr(obj, "criteria_total", 0)

    @admin.display(description=_("review"), ordering="criteria_waiting")
    def review_status(self, obj: Trial) -> str:
        waiting = getattr(obj, "criteria_waiting", 0)
        label = (
            ngettext("%(count)s to review", "%(count)s to review", waiting) % {"count": waiting}
            if waiting
            else gettext("all reviewed")
        )
        return format_html('<a href="{}">{}</a>', review.review_url(obj), label)

    @admin.display(description=_("conditions not in the synonym table"))
    def unmapped_conditions(self, obj: Trial) -> str:
        return ", ".join(obj.unmapped_condition_terms()) or "-"


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin[Condition]):
    list_display = ["code", "name", "name_zh_hans", "parent"]
    list_filter = ["parent"]
    search_fields = ["code", "name", "name_zh_hans"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ["facility", "city", "country", "status", "trial", "is_central_contact"]
    list_filter = ["status", "country", "is_central_contact"]
    search_fields = ["facility", "city", "country", "trial__brief_title", "trial__nct_id"]
    filter_horizontal = ["coordinators"]
    autocomplete_fields = ["trial"]


@admin.register(FAQ)
class FAQAdmin(admin.ModelAdmin[FAQ]):
    list_display = ["question", "trial", "order"]
    list_filter = ["trial"]
    search_fields = ["question", "answer", "question_zh_hans", "answer_zh_hans"]


class ContactRequestAdminForm(forms.ModelForm[ContactRequest]):
    """The coordinator's part: the status (forward only, or closed with a reason) and notes."""

    class Meta:
        model = ContactRequest
        fields = ["status", "closing_reason", "internal_notes"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        status = cleaned.get("status")
        previous = self.instance.status if self.instance.pk else ContactRequest.Status.NEW
        if status and status not in ContactRequest.allowed_statuses(previous):
            self.add_error(
                "status",
                _("A request that is %(current)s cannot go back to %(new)s.")
                % {
                    "current": ContactRequest.Status(previous).label,
                    "new": ContactRequest.Status(status).label,
                },
            )
        if (
            status in ContactRequest.CLOSED_STATUSES
            and not cleaned.get("closing_reason", "").strip()
        ):
            self.add_error("closing_reason", _("Give a reason when you close a request."))
        return cleaned


class ContactRequestAccessInline(admin.TabularInline[ContactRequestAccess, ContactRequest]):
    model = ContactRequestAccess
    extra = 0
    fields = ["viewed_at", "user"]
    readonly_fields = ["viewed_at", "user"]
    verbose_name_plural = _("Who viewed this request")
    max_num = 0
    ordering = ["-viewed_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WaitingFilter(admin.SimpleListFilter):
    title = _("age of request")
    parameter_name = "age"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [
            ("waiting", gettext("New, waiting more than 2 working days")),
            ("today", gettext("Received today")),
            ("week", gettext("Received in the last 7 days")),
            ("month", gettext("Received in the last 30 days")),
            ("older", gettext("Older than 30 days")),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[ContactRequest]
    ) -> QuerySet[ContactRequest]:
        now = timezone.now()
        match self.value():
            case "waiting":
                assert isinstance(queryset, ContactRequestQuerySet)
                return queryset.waiting_too_long()
            case "today":
                return queryset.filter(created_at__date=timezone.localdate())
            case "week":
                return queryset.filter(created_at__gte=now - timedelta(days=7))
            case "month":
                return queryset.filter(created_at__gte=now - timedelta(days=30))
            case "older":
                return queryset.filter(created_at__lt=now - timedelta(days=30))
        return queryset


def _csv_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("received", "created_at"),
    ("status", "status"),
    ("trial", "trial"),
    ("site", "site"),
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("email", "email"),
    ("phone", "phone"),
    ("other_language", "other_language"),
    ("location", "location"),
    ("message", "message"),
    ("closing_reason", "closing_reason"),
    ("coordinators_notified", "coordinator_notified_at"),
    ("copy_sent", "copy_sent_at"),
)


@admin.register(ContactRequest)
class ContactRequestAdmin(SimpleHistoryAdmin):
    """Coordinators see and change only their own sites' requests; superusers see all."""

    form = ContactRequestAdminForm
    list_display = [
        "received",
        "full_name",
        "trial_key",
        "site",
        "status",
        "waiting",
        "email_state",
    ]
    list_display_links = ["received", "full_name"]
    list_filter = [
        "status",
        WaitingFilter,
        ("trial", admin.RelatedOnlyFieldListFilter),
        ("site", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "trial__nct_id",
        "trial__brief_title",
        "site__facility",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["trial", "site"]
    list_per_page = 50
    actions = ["export_csv"]
    inlines = [ContactRequestAccessInline]
    readonly_fields = [
        "trial",
        "site",
        "first_name",
        "last_name",
        "email",
        "phone",
        "other_language",
        "location",
        "message",
        "language",
        "source",
        "created_at",
        "status_changed_at",
        "waiting",
        "consent_text",
        "consented_at",
        "prescreen",
        "coordinator_notified_at",
        "coordinator_email_attempts",
        "copy_sent_at",
        "copy_email_attempts",
        "email_last_attempt_at",
        "email_last_error",
    ]
    fieldsets = [
        (
            _("Request"),
            {"fields": ["trial", "site", "created_at", "waiting", "source", "language"]},
        ),
        (
            _("Person"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "email",
                    "phone",
                    "other_language",
                    "location",
                    "message",
                ]
            },
        ),
        (_("Follow-up"), {"fields": ["status", "closing_reason", "internal_notes"]}),
        (_("Pre-screen summary"), {"fields": ["prescreen"]}),
        (_("Consent"), {"fields": ["consent_text", "consented_at"]}),
        (
            _("Emails"),
            {
                "fields": [
                    "coordinator_notified_at",
                    "coordinator_email_attempts",
                    "copy_sent_at",
                    "copy_email_attempts",
                    "email_last_attempt_at",
                    "email_last_error",
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["trials/contact_admin.css"]}

    # Scope: the queryset and every object-level check.

    def get_queryset(self, request: HttpRequest) -> ContactRequestQuerySet:
        queryset = super().get_queryset(request)
        assert isinstance(queryset, ContactRequestQuerySet)
        return queryset.for_user(request.user)

    def in_scope(self, request: HttpRequest, obj: ContactRequest | None) -> bool:
        """True for a superuser, or when the request is for one of the user's sites."""
        if obj is None or request.user.is_superuser:
            return True
        return Site.objects.filter(pk=obj.site_id, coordinators=request.user.pk).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # requests come from the public form only

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied  # history is read-only: no reverting personal data
        response: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return response

    # The access log: who opened which request, when.

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            # Another site's request answers as if it did not exist (Django would redirect).
            raise Http404
        user = request.user
        if (
            request.method == "GET"
            and isinstance(user, User)
            and self.has_view_permission(request, obj)
        ):
            ContactRequestAccess.objects.create(contact_request=obj, user=user)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404
        return super().delete_view(request, object_id, extra_context)

    def save_model(
        self, request: HttpRequest, obj: ContactRequest, form: Any, change: bool
    ) -> None:
        if "status" in form.changed_data:
            obj.status_changed_at = timezone.now()
        super().save_model(request, obj, form, change)

    # Columns.

    @admin.display(description=_("received"), ordering="created_at")
    def received(self, obj: ContactRequest) -> str:
        return formats.date_format(timezone.localtime(obj.created_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj: ContactRequest) -> str:
        return obj.full_name

    @admin.display(description=_("trial"), ordering="trial__nct_id")
    def trial_key(self, obj: ContactRequest) -> str:
        return obj.trial.key

    @admin.display(description=_("waiting"))
    def waiting(self, obj: ContactRequest) -> str:
        if obj.pk is None or obj.status != ContactRequest.Status.NEW:
            return "-"
        days = obj.working_days_waiting
        label = ngettext("%(days)s working day", "%(days)s working days", days) % {"days": days}
        if obj.is_waiting_too_long:
            return format_html(
                '<strong class="contact-overdue">{}</strong>',
                _("Waiting %(label)s") % {"label": label},
            )
        return label

    @admin.display(description=_("emails"))
    def email_state(self, obj: ContactRequest) -> str:
        maximum = settings.CONTACT_EMAIL_MAX_ATTEMPTS
        states = []
        for sent, attempts, name in (
            (obj.coordinator_notified_at, obj.coordinator_email_attempts, _("team")),
            (obj.copy_sent_at, obj.copy_email_attempts, _("copy")),
        ):
            if sent:
                states.append(_("%(name)s sent") % {"name": name})
            elif attempts >= maximum:
                states.append(_("%(name)s FAILED") % {"name": name})
            elif attempts:
                states.append(
                    _("%(name)s retrying (%(attempts)s failed)")
                    % {"name": name, "attempts": attempts}
                )
            else:
                states.append(_("%(name)s queued") % {"name": name})
        return ", ".join(str(state) for state in states)

    @admin.display(description=_("pre-screen summary"))
    def prescreen(self, obj: ContactRequest) -> str:
        if obj.prescreen_summary is None:
            return str(_("Not shared"))
        rows = summary_rows(obj.prescreen_summary)
        return format_html(
            "{}{}{}",
            format_html_join("", "<p>{}</p>", ((line,) for line in rows["other"])),
            format_html(
                "<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((line,) for line in rows["answers"])),
            )
            if rows["answers"]
            else "",
            format_html(
                "<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((line,) for line in rows["criteria"])),
            )
            if rows["criteria"]
            else "",
        )

    # The CSV export, of the selected requests within the user's scope.

    @admin.action(description=_("Export the selected requests as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[ContactRequest]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="contact-requests-{stamp}.csv"'
        response.write("\ufeff")  # so spreadsheets read UTF-8 (Chinese names)
        writer = csv.writer(response)
        writer.writerow([name for name, _field in CSV_COLUMNS])
        scoped = self.get_queryset(request).filter(pk__in=queryset.values("pk"))
        for obj in scoped.select_related("trial", "site").order_by("created_at"):
            values = {field: getattr(obj, field) for _name, field in CSV_COLUMNS}
            values["phone"] = obj.phone.as_e164 if obj.phone else ""
            writer.writerow([_csv_cell(values[field]) for _name, field in CSV_COLUMNS])
        return response

    # The dashboard: requests per week and the status funnel, as SVG charts.

    def get_urls(self) -> list[URLPattern | URLResolver]:
        urls: list[URLPattern | URLResolver] = [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="trials_contactrequest_dashboard",
            )
        ]
        return urls + super().get_urls()

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = self.get_queryset(request)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Contact requests dashboard"),
            "opts": self.model._meta,
            "weekly": dashboard.weekly_chart(queryset, timezone.localdate()),
            "funnels": dashboard.funnel_charts(queryset),
            "waiting_count": queryset.waiting_too_long().count(),
        }
        return TemplateResponse(request, "admin/trials/contactrequest/dashboard.html", context)
