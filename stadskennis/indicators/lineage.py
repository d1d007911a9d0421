"""The lineage of a municipality (issue 14, point 2): what a merged municipality of 2025 was made of,
and what a municipality of 2019–2024 became, with links to their profiles (AreaSuccession). Shown on
the city profile (`_lineage.html`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from stadskennis.indicators.models import Area, AreaSuccession


@dataclass
class Lineage:
    area: Area
    made_of: list[Area] = field(default_factory=list)  # its predecessors, by code
    made_on: date | None = None
    became: Area | None = None  # the municipality it became part of
    became_on: date | None = None

    def __bool__(self) -> bool:
        return bool(self.made_of or self.became)

    @property
    def parts(self) -> SafeString:
        return areas_linked(self.made_of)

    @property
    def successor_url(self) -> str:
        return reverse("indicators:city", args=[self.became.code]) if self.became else ""


def areas_linked(areas: list[Area]) -> SafeString:
    """'<a>Hasselt</a> (71022) en <a>Kortessem</a> (73040)': each to its city profile."""
    links = [
        format_html('<a href="{}">{}</a> ({})', reverse("indicators:city", args=[a.code]), a.name, a.code)
        for a in areas
    ]
    return mark_safe(get_text_list(links, _("and")))  # noqa: S308 - every part escaped by format_html


def lineage_of(area: Area) -> Lineage:
    """Two queries: the municipalities `area` was made of, and the one it became part of."""
    lineage = Lineage(area)
    made = list(AreaSuccession.objects.filter(successor=area).select_related("predecessor"))
    if made:
        lineage.made_of = sorted((s.predecessor for s in made), key=lambda a: a.code)
        lineage.made_on = made[0].day
    became = AreaSuccession.objects.filter(predecessor=area).select_related("successor").first()
    if became is not None:
        lineage.became, lineage.became_on = became.successor, became.day
    return lineage
