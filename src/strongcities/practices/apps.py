from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "strongcities.practices"
    verbose_name = _("Practice library")

    def ready(self) -> None:
        from strongcities.practices import signals
        from strongcities.practices.schedule import register_periodic

        # The search index follows every change to a practice (after commit).
        signals.connect()
        # Daily: review reminders, then archiving of practices nobody confirmed.
        register_periodic()
