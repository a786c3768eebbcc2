from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "strongcities.api"
    label = "api"
    verbose_name = "API"
