from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "stadskennis.demo"
    label = "demo"
    verbose_name = "Demo"
