from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeepConfig(AppConfig):
    name = "keep"
    verbose_name = _("Saved results and notifications")

    def ready(self) -> None:
        from . import notifications  # noqa: F401  registers the notification emails
