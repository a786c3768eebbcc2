from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "strongcities.exchanges"
    verbose_name = _("Exchanges")

    def ready(self) -> None:
        from strongcities.exchanges import schedule

        schedule.register_periodic()
