"""Outgoing email in the admin: what was queued, sent or given up, and a way to try again."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import tasks
from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = ["created_at", "kind", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["key", "topic", "subject"]
    readonly_fields = [
        "key",
        "kind",
        "topic",
        "args",
        "status",
        "recipients",
        "subject",
        "attempts",
        "last_error",
        "last_attempt_at",
        "sent_at",
        "created_at",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Try the selected failed emails again"), permissions=["view"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        failed = list(queryset.filter(status=Message.Status.FAILED).values_list("pk", flat=True))
        Message.objects.filter(pk__in=failed).update(status=Message.Status.QUEUED, attempts=0)
        for pk in failed:
            tasks.send_message.enqueue(pk)
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", len(failed))
            % {"count": len(failed)},
            messages.SUCCESS,
        )
