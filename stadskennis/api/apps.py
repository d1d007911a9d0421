from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "stadskennis.api"
    label = "api"
    verbose_name = "API"
