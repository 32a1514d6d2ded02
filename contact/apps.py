from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "contact"
    verbose_name = _("Contact requests")

    def ready(self) -> None:
        from . import emails  # noqa: F401  registers the contact emails with the outbox
