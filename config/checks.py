"""Start-up checks for the site as a whole."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.files.storage import storages


@checks.register(checks.Tags.security, deploy=True)
def check_static_manifest(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """With the manifest storage (production), the manifest must exist: without it every page
    that names a static file fails."""
    storage = storages.create_storage(settings.STORAGES["staticfiles"])
    if not isinstance(storage, ManifestFilesMixin) or storage.exists(storage.manifest_name):
        return []
    return [
        checks.Error(
            f"The static files manifest is missing from {settings.STATIC_ROOT}.",
            hint="Run `python manage.py collectstatic --no-input` before starting the site.",
            id="config.E001",
        )
    ]


def fail_without_static_manifest() -> None:
    """Refuse to serve (gunicorn loads config.wsgi) rather than answer every page with a 500."""
    errors = check_static_manifest(None)
    if errors:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
