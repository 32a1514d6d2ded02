"""Read-only admin of what people chose to keep, for staff handling questions and deletion
requests. Health answers and private notes are not shown: only counts, dates and states."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import SavedResult, ShareLink, Subscription, TrialNotification


class ReadOnlyAdmin[M: Any](admin.ModelAdmin[M]):
    """Staff may look and delete (on request), never add or change."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline[M: Any, P: Any](admin.TabularInline[M, P]):
    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ShareLinkInline(ReadOnlyInline[ShareLink, SavedResult]):
    model = ShareLink
    readonly_fields = ("created_at", "expires_at", "revoked_at", "failed_attempts", "locked_at")
    fields = readonly_fields


@admin.register(SavedResult)
class SavedResultAdmin(ReadOnlyAdmin[SavedResult]):
    list_display = ["id", "saved_on", "mode", "language", "answer_count", "has_note"]
    list_filter = ["mode", "language", "saved_on"]
    readonly_fields = ("saved_on", "mode", "language", "answer_count", "has_note", "created_at")
    fields = readonly_fields
    inlines = [ShareLinkInline]

    @admin.display(description=_("answers"))
    def answer_count(self, obj: SavedResult) -> int:
        return len(obj.answers) if isinstance(obj.answers, dict) else 0

    @admin.display(description=_("note"), boolean=True)
    def has_note(self, obj: SavedResult) -> bool:
        return bool(obj.note)


class TrialNotificationInline(ReadOnlyInline[TrialNotification, Subscription]):
    model = TrialNotification
    readonly_fields = ("trial", "kind", "verdict", "created_at", "closed_notice_on")
    fields = readonly_fields


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin[Subscription]):
    list_display = ["email", "language", "created_at", "confirmed_at", "answer_count"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = (
        "email",
        "language",
        "mode",
        "answer_count",
        "created_at",
        "confirmed_at",
    )
    fields = readonly_fields
    inlines = [TrialNotificationInline]

    @admin.display(description=_("answers"))
    def answer_count(self, obj: Subscription) -> int:
        return len(obj.answers) if isinstance(obj.answers, dict) else 0
