"""The coordinators' workspace: the contact requests of their own sites, their history, an
access log, a CSV export and a dashboard."""

from __future__ import annotations

import csv
import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelChangeValue
from simple_history.template_utils import HistoricalRecordContextHelper

from outbox.models import Message, delivery_counts
from trials.models import Site

from . import dashboard, emails
from .models import ContactRequest, ContactRequestAccess, ContactRequestQuerySet
from .summary import readable_summary


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
    fields = ["viewed_at", "last_viewed_at", "views", "user"]
    readonly_fields = ["viewed_at", "last_viewed_at", "views", "user"]
    verbose_name_plural = _("Who viewed this request")
    classes = ["collapse"]
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
                return queryset.filter(created_at__gte=now - datetime.timedelta(days=7))
            case "month":
                return queryset.filter(created_at__gte=now - datetime.timedelta(days=30))
            case "older":
                return queryset.filter(created_at__lt=now - datetime.timedelta(days=30))
        return queryset


class RoutingFilter(admin.SimpleListFilter):
    title = _("routing")
    parameter_name = "routing"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("unrouted", gettext("Not routed to a coordinator"))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[ContactRequest]
    ) -> QuerySet[ContactRequest]:
        if self.value() == "unrouted":
            assert isinstance(queryset, ContactRequestQuerySet)
            return queryset.unrouted()
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


class ReadableChanges(HistoricalRecordContextHelper):
    """The history's "changes" column in words: a status's label, not its stored value."""

    def prepare_delta_change_value(self, change: ModelChange, value: ModelChangeValue) -> Any:
        field = self.model._meta.get_field(change.field)
        if value in (None, ""):
            return gettext("(empty)")
        if getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        return super().prepare_delta_change_value(change, value)


@admin.register(ContactRequest)
class ContactRequestAdmin(SimpleHistoryAdmin):
    """Coordinators see and change only their own sites' requests; superusers see all."""

    form = ContactRequestAdminForm
    # Five narrow columns fit a 1280-pixel screen beside the filters: the trial over its site,
    # and a new request's wait under its status.
    list_display = [
        "received",
        "full_name",
        "trial_and_site",
        "status_and_wait",
        "email_state",
    ]
    save_on_top = True
    list_display_links = ["received", "full_name"]
    list_filter = [
        "status",
        WaitingFilter,
        RoutingFilter,
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
        "language_name",
        "source",
        "created_at",
        "status_changed_at",
        "waiting",
        "consent_text",
        "consented_at",
        "prescreen",
        "prescreen_result",
        "emails",
    ]
    fieldsets = [
        (
            _("Request"),
            {
                "fields": [
                    "trial",
                    "site",
                    "created_at",
                    "waiting",
                    "source",
                    "language_name",
                    "prescreen_result",
                ]
            },
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
        (_("Pre-screen summary"), {"fields": ["prescreen"], "classes": ["collapse"]}),
        (_("Consent"), {"fields": ["consent_text", "consented_at"], "classes": ["collapse"]}),
        (_("Emails"), {"fields": ["emails"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["contact/contact_admin.css"]}

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """The person's name fields in the order the language writes names (family first in
        Chinese)."""
        fieldsets = super().get_fieldsets(request, obj)
        if not (translation.get_language() or "").startswith("zh"):
            return fieldsets
        reordered = []
        for name, options in fieldsets:
            fields = list(options.get("fields", []))
            if "first_name" in fields and "last_name" in fields:
                first, last = fields.index("first_name"), fields.index("last_name")
                fields[first], fields[last] = fields[last], fields[first]
            reordered.append((name, {**options, "fields": fields}))
        return reordered

    # Scope: the queryset and every object-level check.

    def get_queryset(self, request: HttpRequest) -> ContactRequestQuerySet:
        queryset = super().get_queryset(request)
        assert isinstance(queryset, ContactRequestQuerySet)
        topic = Concat(Value("contact-request:"), Cast("pk", CharField()))
        return queryset.for_user(request.user).annotate(**delivery_counts(topic))

    def in_scope(self, request: HttpRequest, obj: ContactRequest | None) -> bool:
        """True for a superuser, when the request is for one of the user's sites, or when it
        reaches no coordinator and the user may pass such requests on."""
        if obj is None or request.user.is_superuser:
            return True
        if Site.objects.filter(pk=obj.site_id, coordinators=request.user.pk).exists():
            return True
        return (
            request.user.has_perm(f"contact.{ContactRequest.ROUTE_PERMISSION}")
            and ContactRequest.objects.filter(pk=obj.pk).unrouted().exists()
        )

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

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: Any
    ) -> ReadableChanges:
        return ReadableChanges(self.model, historical_record)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self.get_object_or_404(request, object_id)
        if request.method != "GET":
            raise PermissionDenied  # history is read-only: no reverting personal data
        response: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self.get_object_or_404(request, object_id)
        response: HttpResponse = super().history_view(request, object_id, extra_context)
        return response

    def get_object_or_404(self, request: HttpRequest, object_id: str) -> ContactRequest:
        """The request if the user may see it; another site's answers as if it did not exist.

        (Django would answer 403, or redirect, which tells a coordinator that it exists.)
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        return obj

    # The access log: who opened which request, when (one row per login session, see
    # ContactRequestAccess).

    ACCESS_SESSION_KEY = "contact_request_accesses"

    def log_access(self, request: HttpRequest, obj: ContactRequest, user: User) -> None:
        seen = request.session.get(self.ACCESS_SESSION_KEY)
        seen = seen if isinstance(seen, dict) else {}
        access_id = seen.get(str(obj.pk))
        if access_id is not None:
            counted = ContactRequestAccess.objects.filter(
                pk=access_id, contact_request=obj, user=user
            ).update(views=F("views") + 1, last_viewed_at=timezone.now())
            if counted:
                return
        access = ContactRequestAccess.objects.create(contact_request=obj, user=user)
        request.session[self.ACCESS_SESSION_KEY] = {**seen, str(obj.pk): access.pk}

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object_or_404(request, object_id)
        user = request.user
        if (
            request.method == "GET"
            and isinstance(user, User)
            and self.has_view_permission(request, obj)
        ):
            self.log_access(request, obj, user)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self.get_object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def save_model(
        self, request: HttpRequest, obj: ContactRequest, form: Any, change: bool
    ) -> None:
        if "status" in form.changed_data:
            # The form has already put the new status on the object: move it through the
            # model, which records when the status changed.
            new_status = obj.status
            obj.status = form.initial.get("status", ContactRequest.Status.NEW)
            obj.change_status(new_status)
        super().save_model(request, obj, form, change)

    # Columns.

    @admin.display(description=_("received"), ordering="created_at")
    def received(self, obj: ContactRequest) -> str:
        return formats.date_format(timezone.localtime(obj.created_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj: ContactRequest) -> str:
        return obj.full_name

    @admin.display(description=_("trial and site"), ordering="trial__nct_id")
    def trial_and_site(self, obj: ContactRequest) -> str:
        return format_html(
            '{}<br><span class="contact-site">{}</span>', obj.trial.key, obj.site.facility
        )

    @admin.display(description=_("status"), ordering="status")
    def status_and_wait(self, obj: ContactRequest) -> str:
        if obj.status != ContactRequest.Status.NEW:
            return obj.get_status_display()
        return format_html("{}<br>{}", obj.get_status_display(), self.waiting(obj))

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
        if not total:
            return gettext("none")
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
        if not isinstance(obj.prescreen_summary, dict):
            return str(_("Not shared"))
        return render_to_string(
            "admin/contact/contactrequest/_prescreen.html",
            {"table": readable_summary(obj.prescreen_summary)},
        )

    @admin.display(description=_("language of the site"))
    def language_name(self, obj: ContactRequest) -> str:
        """The language the person used the site in, by its name ("Simplified Chinese")."""
        names = {code: str(name) for code, name in settings.LANGUAGES}
        return names.get(obj.language, obj.language)

    @admin.display(description=_("pre-screen result"))
    def prescreen_result(self, obj: ContactRequest) -> str:
        """The summary's verdict in one line, above the folded table."""
        if not isinstance(obj.prescreen_summary, dict):
            return str(_("Not shared"))
        table = readable_summary(obj.prescreen_summary)
        return f"{table.verdict} ({table.counts})" if table.verdict else table.counts

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
            "unrouted_count": queryset.unrouted().filter(status=ContactRequest.Status.NEW).count(),
        }
        return TemplateResponse(request, "admin/contact/contactrequest/dashboard.html", context)
