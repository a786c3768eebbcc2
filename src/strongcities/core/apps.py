from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "strongcities.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from strongcities.core import checks  # noqa: F401  (registers system checks)
