"""Curators' admin for the catalogue: trials with their parts inline, the condition tree, sites
(with their coordinators) and FAQ entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import review
from .models import (
    FAQ,
    Condition,
    EligibilityCriterion,
    Intervention,
    Outcome,
    Site,
    SyncRun,
    Trial,
    set_translation,
    translation_of,
)


class TranslationFields:
    """Form fields for the Chinese translation of some of the row's texts (a form mixin).

    `translated` maps a form field to the translation model's field. The translation is written
    to the row's translation table, never to the English fields that imports keep up to date;
    a field cleared here shows the English again on Chinese pages.
    """

    translated: dict[str, str] = {}
    instance: Any
    fields: dict[str, forms.Field]
    changed_data: list[str]
    cleaned_data: dict[str, Any]
    save_m2m: Callable[[], None]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and (translation := translation_of(self.instance)):
            for name, field in self.translated.items():
                self.fields[name].initial = getattr(translation, field)

    def save(self, commit: bool = True) -> Any:
        obj = super().save(commit)  # type: ignore[misc]
        if not set(self.translated) & set(self.changed_data):
            return obj
        if commit:
            self.save_translation()
        else:  # the admin saves the row afterwards: write the translation once it has an id
            save_m2m = self.save_m2m

            def save_both() -> None:
                save_m2m()
                self.save_translation()

            self.save_m2m = save_both
        return obj

    def save_translation(self) -> None:
        values = {field: self.cleaned_data[name] for name, field in self.translated.items()}
        set_translation(self.instance, **values)


def _translation_field(label: Any, *, rows: int = 0, max_length: int | None = None) -> Any:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


class CriterionForm(TranslationFields, forms.ModelForm[EligibilityCriterion]):
    translated = {"translation": "translated_text"}
    translation = _translation_field(
        _("Protocol text in Simplified Chinese (the site's translation)"), rows=2
    )


class SiteForm(TranslationFields, forms.ModelForm[Site]):
    translated = {"translation": "translated_facility"}
    translation = _translation_field(
        _("Facility in Simplified Chinese (the site's translation)"), max_length=300
    )


class TrialForm(TranslationFields, review.TrialAdminForm):
    """The trial form, with the site's Chinese translation of the trial's texts."""

    translated = {
        "translation_title": "translated_title",
        "translation_official_title": "translated_official_title",
        "translation_summary": "translated_summary",
        "translation_description": "translated_description",
    }
    translation_title = _translation_field(_("brief title, translated"), max_length=500)
    translation_official_title = _translation_field(_("official title, translated"), rows=2)
    translation_summary = _translation_field(_("brief summary, translated"), rows=4)
    translation_description = _translation_field(_("detailed description, translated"), rows=6)


class InterventionInline(admin.TabularInline[Intervention, Trial]):
    model = Intervention
    extra = 0


class OutcomeInline(admin.StackedInline[Outcome, Trial]):
    model = Outcome
    extra = 0


class SiteInline(admin.StackedInline[Site, Trial]):
    model = Site
    form = SiteForm
    extra = 0
    filter_horizontal = ["coordinators"]


class EligibilityCriterionInline(admin.StackedInline[EligibilityCriterion, Trial]):
    model = EligibilityCriterion
    form = CriterionForm
    extra = 0
    fields = [
        ("kind", "line", "order", "reviewed", "text_changed"),
        "type",
        "params",
        "scope",
        "text",
        "translation",
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
    list_filter = [
        "published",
        "held_back",
        "overall_status",
        "eligibility_coverage",
        "phase",
        "conditions",
    ]
    search_fields = ["brief_title", "official_title", "nct_id", "sponsor", "slug"]
    prepopulated_fields = {"slug": ["brief_title"]}
    filter_horizontal = ["conditions"]
    readonly_fields = [
        "source",
        "created_at",
        "updated_at",
        "unmapped_conditions",
        "registry_updated_on",
        "closed_on",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "brief_title",
                    "official_title",
                    "slug",
                    "nct_id",
                    "published",
                    "held_back",
                ]
            },
        ),
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
        (
            _("Simplified Chinese translation"),
            {
                "description": _(
                    "The site's own translation, shown on Chinese pages with a note that the "
                    "English protocol is authoritative. Imports and registry syncs never change it."
                ),
                "fields": [
                    "translation_title",
                    "translation_official_title",
                    "translation_summary",
                    "translation_description",
                ],
            },
        ),
        (
            _("Record"),
            {
                "fields": [
                    "source",
                    "created_at",
                    "updated_at",
                    "registry_updated_on",
                    "closed_on",
                ]
            },
        ),
    ]
    inlines = [EligibilityCriterionInline, InterventionInline, OutcomeInline, SiteInline, FAQInline]
    form = TrialForm  # refuses to publish while criteria await review

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

    def save_model(self, request: HttpRequest, obj: Trial, form: Any, change: bool) -> None:
        """A curator who unpublishes a trial that closed upstream closes it as a sync would:
        its page stays up and says so, and its subscribers are told (keep.notifications)."""
        if change and not obj.published and obj.is_closed and obj.closed_on is None:
            if Trial.objects.filter(pk=obj.pk, published=True).exists():
                obj.closed_on = timezone.localdate()
        elif obj.published:
            obj.closed_on = None
        super().save_model(request, obj, form, change)

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
    list_display = [
        "facility",
        "city",
        "state",
        "country",
        "status",
        "trial",
        "is_central_contact",
    ]
    list_filter = ["status", "country", "is_central_contact"]
    search_fields = ["facility", "city", "country", "trial__brief_title", "trial__nct_id"]
    filter_horizontal = ["coordinators"]
    autocomplete_fields = ["trial"]
    form = SiteForm


@admin.register(FAQ)
class FAQAdmin(admin.ModelAdmin[FAQ]):
    list_display = ["question", "trial", "order"]
    list_filter = ["trial"]
    search_fields = ["question", "answer", "question_zh_hans", "answer_zh_hans"]


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin[SyncRun]):
    """Registry sync runs, read-only; "sync now" queues a run for the worker."""

    list_display = [
        "started_at",
        "finished_at",
        "outcome",
        "full",
        "since",
        "pages",
        "created",
        "updated",
        "unchanged",
        "closed",
        "failed",
    ]
    list_filter = ["outcome", "full"]
    actions = ["sync_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SyncRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SyncRun | None = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # "Sync now" needs no selection: the admin asks for one, so give it any row when empty.
        if request.method == "POST" and request.POST.get("action") == "sync_now":
            post = request.POST.copy()
            post.setdefault(helpers.ACTION_CHECKBOX_NAME, "0")
            post["select_across"] = "1"
            request.POST = post  # type: ignore[assignment]
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Sync now with the registry"), permissions=["view"])
    def sync_now(self, request: HttpRequest, queryset: QuerySet[SyncRun]) -> None:
        from .tasks import sync_registry

        sync_registry.enqueue()
        self.message_user(
            request, gettext("A registry sync is queued; the worker runs it."), messages.SUCCESS
        )
