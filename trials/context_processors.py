"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The site's name and contact address, for titles, the header and the footer."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_CONTACT_EMAIL": settings.SITE_CONTACT_EMAIL}
