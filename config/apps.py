from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site as a whole: its start-up checks."""

    name = "config"
    label = "site"

    def ready(self) -> None:
        from config import checks  # noqa: F401 - registers the checks
