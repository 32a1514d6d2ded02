"""The "Coordinators" group: staff who review the contact requests of the sites they belong to.

Membership of the group gives the model permissions; which requests a coordinator sees is
decided per row by `Site.coordinators` (see `ContactRequestAdmin`). `setup_coordinators_group`
is idempotent: a data migration calls it with the historical models, and tests call it after a
transactional test has flushed the database.
"""

from __future__ import annotations

from typing import Any

from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions

GROUP_NAME = "Coordinators"

# (app label, codename)
PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("contact", "view_contactrequest"),
    ("contact", "change_contactrequest"),
    ("contact", "view_historicalcontactrequest"),
    ("contact", "view_contactrequestaccess"),
)


def setup_coordinators_group(apps: Apps, using: str = "default") -> Any:
    """Create (or complete) the Coordinators group with its permissions; return it."""
    app_config = apps.get_app_config("contact")
    # Permissions are normally created after all migrations; a fresh database needs them now.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # type: ignore[assignment]
    try:
        create_permissions(app_config, verbosity=0, apps=apps, using=using)
    finally:
        app_config.models_module = models_module
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.using(using).get_or_create(name=GROUP_NAME)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            permission_model.objects.using(using).get(
                content_type__app_label=app_label, codename=codename
            )
        )
    return group
