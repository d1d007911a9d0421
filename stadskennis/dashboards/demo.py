"""Demo dashboards for `load-demo`: one of the centre per field of urbanity with the demo catalogue's
indicators of that theme, and Gent's own dashboard (visible to its own organisation only). Run after
the demo catalogue; a dashboard that exists is left as it is, so a second load writes nothing."""

from __future__ import annotations

from django.utils.text import slugify

from stadskennis.core.models import Organisation
from stadskennis.core.visibility import Visibility
from stadskennis.dashboards.models import Dashboard, Tile
from stadskennis.dashboards.services import dashboard_create, tile_add
from stadskennis.indicators.models import Area, Indicator

GENT = [  # Gent's own dashboard: (indicator, kind)
    ("demo-werkzaamheidsgraad", Tile.Kind.FIGURE),
    ("demo-leefloners-per-1000", Tile.Kind.FIGURE),
    ("demo-sociale-huurwoningen-per-100", Tile.Kind.FIGURE),
    ("demo-werkzaamheidsgraad", Tile.Kind.LINE),
    ("demo-leefloners-per-1000", Tile.Kind.RANKING),
]


def _tiles(indicators: list[Indicator]) -> list[tuple[Indicator, str]]:
    """Each indicator's figure, then the first one's chart, ranking and map."""
    first = indicators[0]
    return [(i, Tile.Kind.FIGURE) for i in indicators] + [
        (first, Tile.Kind.LINE),
        (first, Tile.Kind.RANKING),
        (first, Tile.Kind.MAP),
    ]


def _dashboard(*, editor, title: str, tiles, **fields) -> int:
    if Dashboard.objects.filter(slug=slugify(title)).exists():
        return 0
    dashboard = dashboard_create(actor=editor, title=title, **fields)
    for indicator, kind in tiles:
        tile_add(dashboard=dashboard, actor=editor, indicator=indicator, kind=kind)
    return 1


def demo_dashboards_load(*, editor) -> dict[str, int]:
    shown = Indicator.objects.filter(code__startswith="demo-").exclude(aggregation=Indicator.Aggregation.SUM)
    by_theme: dict = {}
    for indicator in shown.prefetch_related("themes").order_by("code"):
        for theme in indicator.themes.all():
            by_theme.setdefault(theme, []).append(indicator)
    made = 0
    for theme, indicators in sorted(by_theme.items(), key=lambda t: t[0].name):
        made += _dashboard(
            editor=editor, title=f"Stad in cijfers: {theme.name}", themes=[theme], tiles=_tiles(indicators),
            visibility=Visibility.PUBLIC,
            description=f"De centrumsteden naast elkaar op {theme.name.lower()}: kies je stad bovenaan.",
        )  # fmt: skip
    gent = Organisation.objects.filter(slug="gent").first()
    codes = {i.code: i for i in shown}
    if gent is not None and all(code in codes for code, _kind in GENT):
        made += _dashboard(
            editor=editor, title="Gent in cijfers", owner=gent, visibility=Visibility.ORGANISATION,
            area=Area.objects.filter(code="44021", level=Area.Level.MUNICIPALITY).first(),
            themes=[t for code, _k in GENT[:3] for t in codes[code].themes.all()],
            tiles=[(codes[code], kind) for code, kind in GENT],
            description="Het eigen dashboard van Stad Gent: werk, armoede en wonen naast de centrumsteden.",
        )  # fmt: skip
    return {"dashboards": made}
