"""Indicators in the one search: "bevolking" finds the indicator, with its themes as facets.

A document holds what the catalogue shows (name, description, unit, source, themes), never a figure,
and the indicator's own visibility, so a city's unshared indicator is found by that city only.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.indicators.models import Indicator
from stadskennis.search.registry import Document


def page(indicator: Indicator) -> str:
    """The indicator's page, or the catalogue where there is none."""
    try:
        return reverse("indicators:indicator", kwargs={"code": indicator.code})
    except NoReverseMatch:
        return reverse("indicators:catalogue")


class IndicatorProvider:
    key = "indicator"
    model = Indicator
    label = gettext_lazy("City in figures")
    carries = {"core.theme": "themes", "core.organisation": "owner"}

    def indexable(self):
        return Indicator.objects.select_related("owner").prefetch_related("themes")

    def kind_label(self, kind: str) -> str:
        return _("Indicator")

    def document(self, indicator: Indicator) -> Document | None:
        themes = list(indicator.themes.all())
        facets = [("theme", t.slug, t.name) for t in themes]
        if indicator.owner is not None:
            facets.append(("organisation", indicator.owner.slug, indicator.owner.display_name))
        return Document(
            object_id=str(indicator.pk),
            title=indicator.name,
            summary=indicator.description,
            text="\n".join(
                f"{label}: {value}."
                for label, value in (("Eenheid", indicator.unit), ("Bron", indicator.source))
                if value
            ),
            url=page(indicator),
            kind="indicator",
            date=indicator.updated_at,
            visibility=indicator.visibility,
            owner_id=indicator.owner_id,
            created_by_id=indicator.created_by_id,
            extra=" ".join([indicator.code, *(t.name for t in themes)]),
            facets=facets,
        )
