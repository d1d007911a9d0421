from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "stadskennis.indicators"
    label = "indicators"
    verbose_name = _("City in figures")

    def ready(self):
        from stadskennis.core.reference import register_reference_loader
        from stadskennis.indicators.reference import geography_load

        register_reference_loader(geography_load)
        from stadskennis.indicators.search_provider import IndicatorProvider
        from stadskennis.search.registry import register

        register(IndicatorProvider())
        from stadskennis.indicators.embeds import embeds_register

        embeds_register()  # [[cijfer …]], [[grafiek …]], [[tabel …]], [[kaart …]] in editors' texts
