"""How django-axes names the account a login attempt was for."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

# axes stores the username in a 255-character column; longer names (no account has one: the
# username field holds 150) are cut, so the attempt is counted like any other failed login.
USERNAME_STORED_LENGTH = 255


def attempt_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The username a login attempt gave, as axes stores and looks it up."""
    if credentials:
        username = credentials.get("username")
    else:
        data = getattr(request, "data", None) or request.POST
        username = data.get("username")
    return str(username or "")[:USERNAME_STORED_LENGTH]
