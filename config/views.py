"""Site-level endpoints that belong to no app: the health check and the server error pages."""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers with the site's tables, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            # A table every migrated database has: a reachable but empty database is not healthy.
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler; while the database cannot be reached, a 503 that says to retry.

    Django calls it inside the failed request's exception handling, so the exception is at
    hand. The pages are rendered without a request context: the session and anything else
    that would need the database stay out of it. Connections are health-checked
    (`CONN_HEALTH_CHECKS`), so the site recovers by itself once the database is back.
    """
    error = sys.exc_info()[1]
    context = standalone_context()
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponse(render_to_string("500.html", context), status=500)


def standalone_context() -> dict[str, str]:
    """What the standalone pages need: the site's name, and its stylesheet unless the static
    files manifest cannot give its address (collectstatic not run): a page without styles is
    better than no page."""
    try:
        stylesheet = static("css/site.css")
    except ValueError:
        stylesheet = ""
    return {"SITE_NAME": settings.SITE_NAME, "stylesheet": stylesheet}


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A rejected form (stale page, cookies off): say so kindly, in the person's language."""
    return render(request, "403_csrf.html", status=403)
