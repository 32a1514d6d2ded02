"""The admin index's reminder of the contact requests no coordinator receives."""

from __future__ import annotations

from typing import Any

from django import template

from contact.models import ContactRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def unrouted_new_requests(context: dict[str, Any]) -> int:
    """New requests, within the user's scope, whose site has no coordinator."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("contact.view_contactrequest"):
        return 0
    return (
        ContactRequest.objects.for_user(user)
        .unrouted()
        .filter(status=ContactRequest.Status.NEW)
        .count()
    )
