from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "strongcities.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from strongcities.events.schedule import register_periodic

        # Every few minutes: waiting-list offers that expired pass to the next person.
        register_periodic()
