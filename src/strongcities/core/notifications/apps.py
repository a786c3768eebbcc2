from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "strongcities.core.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from strongcities.core import periodic

        periodic.register(
            "notifications.daily_digest",
            "strongcities.core.notifications.tasks.send_digests",
            every=timedelta(days=1),
        )
