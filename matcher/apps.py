from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatcherConfig(AppConfig):
    name = "matcher"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from matcher.trialpage import trial_fit
        from trials.extensions import register_trial_page_extra

        register_trial_page_extra(trial_fit)  # the person's result on a trial's page
