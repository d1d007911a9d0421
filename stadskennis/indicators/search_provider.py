"""Indicators in the one search: "bevolking" finds the indicator, with its themes as facets.

A document holds what the catalogue shows (name, description, unit, source, themes), never a figure,
and who may see the indicator, so a city's unshared indicator is found by that city only. A ratio is
seen only by whoever may see its parts too (models.IndicatorQuerySet.visible_to): the engine keeps one
audience per document, so a ratio's is the narrowest of its own and its parts' (`audience`).
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.visibility import Visibility
from stadskennis.indicators.models import Indicator
from stadskennis.search.registry import Document


def page(indicator: Indicator) -> str:
    """The indicator's page, or the catalogue where there is none."""
    try:
        return reverse("indicators:indicator", kwargs={"code": indicator.code})
    except NoReverseMatch:
        return reverse("indicators:catalogue")


WIDTH = {Visibility.PUBLIC: 3, Visibility.NETWORK: 2, Visibility.ORGANISATION: 1, Visibility.DRAFT: 0}
STAFF_ONLY = (Visibility.DRAFT, None, None)  # the audience "nobody": only centre staff see it


def audience(indicator: Indicator) -> tuple[str, int | None, int | None]:
    """(visibility, owner, author) of the search document: the indicator's own, or for a ratio the
    narrowest of it and its parts; when no one rule covers them all (two cities' unshared parts),
    centre staff only. Never wider than visible_to, at worst narrower."""
    parts = [p for p in (indicator, indicator.numerator, indicator.denominator) if p is not None]
    narrowest = min(parts, key=lambda p: WIDTH[p.visibility])
    if narrowest.visibility in (Visibility.PUBLIC, Visibility.NETWORK):
        return narrowest.visibility, None, None
    if narrowest.visibility == Visibility.ORGANISATION:
        owners = {p.owner_id for p in parts if p.visibility == Visibility.ORGANISATION}
        return (narrowest.visibility, narrowest.owner_id, None) if len(owners) == 1 else STAFF_ONLY
    if all(p.visibility == Visibility.DRAFT and p.created_by_id == narrowest.created_by_id for p in parts):
        return Visibility.DRAFT, None, narrowest.created_by_id
    return STAFF_ONLY


def _retired(indicator: Indicator) -> str:
    """ "op 31-12-2024, vervangen door …": a retired indicator is still found (old series are looked
    up), and its document says it was retired, like its page; the documents are Dutch."""
    if not indicator.retired_on:
        return ""
    day = f"{indicator.retired_on:%d-%m-%Y}"
    note = indicator.retirement_note.rstrip(". ")  # the line ends with its own full stop
    return f"op {day}, {note}" if note else f"op {day}"


class IndicatorProvider:
    key = "indicator"
    model = Indicator
    label = gettext_lazy("City in figures")
    carries = {"core.theme": "themes", "core.organisation": "owner"}

    def indexable(self):
        return Indicator.objects.select_related("owner", "numerator", "denominator").prefetch_related(
            "themes"
        )

    def kind_label(self, kind: str) -> str:
        return _("Indicator")

    def document(self, indicator: Indicator) -> Document | None:
        themes = list(indicator.themes.all())
        visibility, owner_id, created_by_id = audience(indicator)
        facets = [("theme", t.slug, t.name) for t in themes]
        if indicator.owner is not None:
            facets.append(("organisation", indicator.owner.slug, indicator.owner.display_name))
        return Document(
            object_id=str(indicator.pk),
            title=indicator.name,
            summary=indicator.description,
            text="\n".join(
                f"{label}: {value}."
                for label, value in (
                    ("Eenheid", indicator.unit),
                    ("Bron", indicator.source),
                    ("Stopgezet", _retired(indicator)),
                )
                if value
            ),
            url=page(indicator),
            kind="indicator",
            date=indicator.updated_at,
            visibility=visibility,
            owner_id=owner_id,
            created_by_id=created_by_id,
            extra=" ".join([indicator.code, *(t.name for t in themes)]),
            facets=facets,
        )
