"""The coordinators' workspace: the contact requests of their own sites, their history, an
access log, a CSV export and a dashboard."""

from __future__ import annotations

import csv
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from outbox.models import Message, delivery_counts
from trials.models import Site

from . import dashboard, emails
from .emails import summary_rows
from .models import ContactRequest, ContactRequestAccess, ContactRequestQuerySet


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
        "emails",
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
            {"fields": ["emails"]},
        ),
    ]

    class Media:
        css = {"all": ["contact/contact_admin.css"]}

    # Scope: the queryset and every object-level check.

    def get_queryset(self, request: HttpRequest) -> ContactRequestQuerySet:
        queryset = super().get_queryset(request)
        assert isinstance(queryset, ContactRequestQuerySet)
        topic = Concat(Value("contact-request:"), Cast("pk", CharField()))
        return queryset.for_user(request.user).annotate(**delivery_counts(topic))

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
        total, sent = getattr(obj, "emails_total", 0), getattr(obj, "emails_sent", 0)
        if failed := getattr(obj, "emails_failed", 0):
            return format_html(
                '<strong class="contact-overdue">{}</strong>',
                ngettext("%(count)s failed", "%(count)s failed", failed) % {"count": failed},
            )
        if total and sent == total:
            return gettext("all sent")
        return ngettext("%(count)s queued", "%(count)s queued", total - sent) % {
            "count": total - sent
        }

    @admin.display(description=_("emails"))
    def emails(self, obj: ContactRequest) -> str:
        messages = Message.objects.filter(topic=emails.topic(obj)).order_by("created_at")
        return (
            format_html(
                "<ul>{}</ul>",
                format_html_join(
                    "",
                    "<li>{}: {}{}</li>",
                    (
                        (
                            message.subject or message.kind,
                            message.get_status_display(),
                            f" ({message.attempts}, {message.last_error})"
                            if message.last_error and message.status != Message.Status.SENT
                            else "",
                        )
                        for message in messages
                    ),
                ),
            )
            if messages
            else gettext("None queued")
        )

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
                name="contact_contactrequest_dashboard",
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
        return TemplateResponse(request, "admin/contact/contactrequest/dashboard.html", context)
