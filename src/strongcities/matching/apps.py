from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "strongcities.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from strongcities.matching import schedule, signals  # noqa: F401

        schedule.register_periodic()
