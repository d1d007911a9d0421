from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page and a member's start page: they gather what every module offers, so they live
    above all of them (core imports no module)."""

    name = "stadskennis.home"
    label = "home"
    verbose_name = _("Home")
