"""Geography with its history and the population on 1 January 2020, from reference/geography.json.

Run by `stadskennis load-reference` (and `load-demo`) after core's reference data, idempotently: the
regions, provinces, arrondissements and municipalities of Flanders and Brussels on the 2019–2024
boundaries, the 13 mergers of 1 January 2025 with their lineage, the groups (centre cities, centre
cities + VGC) and the indicator `bevolking` with its 319 figures. The file names its source and the one
correction made to it (Mesen).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from stadskennis.core.models import Organisation, Theme
from stadskennis.core.reference import upsert
from stadskennis.indicators.area_sums import area_sums_refresh
from stadskennis.indicators.caching import forget_kept
from stadskennis.indicators.models import Area, AreaGroup, AreaSuccession, Indicator
from stadskennis.indicators.observations import Figure, observations_merge
from stadskennis.indicators.services import indicator_save

GEOGRAPHY_FILE = Path(__file__).parent / "reference" / "geography.json"
MERGER_DAY = date(2025, 1, 1)
LAST_DAY_2019_BOUNDARIES = date(2024, 12, 31)
FLEMISH_REGION, BRUSSELS_REGION = "02000", "04000"
CENTRE_CITIES, CENTRE_CITIES_VGC = "centrumsteden", "centrumsteden-vgc"
POPULATION = "bevolking"
POPULATION_PERIOD = "2020-01-01"


def _areas(rows: list[dict], *, valid_from: date | None = None) -> dict[str, Area]:
    """The areas of `rows` that start on `valid_from`, created or brought up to date, by code."""
    found, _changed = upsert(
        Area, [{**row, "valid_from": valid_from} for row in rows], key=("code", "valid_from")
    )
    return {code: area for (code, starts), area in found.items() if starts == valid_from}


def _population_indicator(data: dict) -> Indicator:
    indicator, _outcome = indicator_save(
        code=POPULATION,
        fields={
            "name": "Bevolking op 1 januari",
            "description": "Aantal inwoners ingeschreven in het rijksregister op 1 januari.",
            "unit": "inwoners",
            "aggregation": Indicator.Aggregation.SUM,
            "periodicity": Indicator.Periodicity.DATE,
            "direction": Indicator.Direction.NEUTRAL,
            "decimals": 0,
            "source": "Statbel, bevolking op 1 januari 2020 (via bmesuere/belgium-topojson)",
            "licence": "CC0",
        },
        themes=list(Theme.objects.filter(slug="demografie-en-capaciteit")),
    )
    return indicator


@transaction.atomic
def geography_load(*, path: Path = GEOGRAPHY_FILE) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    level = Area.Level
    regions = _areas([{"code": r["nis"], "name": r["name"], "level": level.REGION} for r in data["regions"]])
    provinces = _areas(
        [
            {"code": p["nis"], "name": p["name"], "level": level.PROVINCE, "region": regions[p["region"]]}
            for p in data["provinces"]
        ]
    )
    arrondissements = _areas(
        [
            {
                "code": a["nis"],
                "name": a["name"],
                "level": level.ARRONDISSEMENT,
                "province": provinces.get(a["province"]),
                "region": regions[a["region"]],
            }
            for a in data["arrondissements"]
        ]
    )
    merged = {code for m in data["mergers_2025"] for code in m["from"]}
    municipalities = _areas(
        [
            {
                "code": m["nis"],
                "name": m["name"],
                "level": level.MUNICIPALITY,
                "valid_until": LAST_DAY_2019_BOUNDARIES if m["nis"] in merged else None,
                "arrondissement": arrondissements[m["arrondissement"]],
                "province": provinces.get(m["province"]),
                "region": regions[m["region"]],
            }
            for m in data["municipalities_2019"]
        ]
    )
    # A new municipality lies in the arrondissement its code names (46030: Sint-Niklaas, 46000), so
    # Zwijndrecht moves from the province of Antwerpen to Oost-Vlaanderen (Beveren-Kruibeke-Zwijndrecht).
    province_by_id = {province.pk: province for province in provinces.values()}
    successors = _areas(
        [
            {
                "code": m["nis"],
                "name": m["name"],
                "level": level.MUNICIPALITY,
                "arrondissement": (arrondissement := arrondissements[m["nis"][:2] + "000"]),
                "province": province_by_id.get(arrondissement.province_id),
                "region": regions[FLEMISH_REGION],
            }
            for m in data["mergers_2025"]
        ],
        valid_from=MERGER_DAY,
    )
    upsert(
        AreaSuccession,
        [
            {"predecessor": municipalities[code], "successor": successors[m["nis"]], "day": MERGER_DAY}
            for m in data["mergers_2025"]
            for code in m["from"]
        ],
        key=("predecessor", "successor"),
    )
    city_codes = set(
        Organisation.objects.filter(kind=Organisation.Kind.CENTRE_CITY).values_list("codes__code", flat=True)
    )
    cities = list(Area.objects.filter(level=level.MUNICIPALITY, code__in=city_codes))
    centre, _ = AreaGroup.objects.update_or_create(slug=CENTRE_CITIES, defaults={"name": "Centrumsteden"})
    centre.members.set(cities)
    with_vgc, _ = AreaGroup.objects.update_or_create(
        slug=CENTRE_CITIES_VGC, defaults={"name": "Centrumsteden + VGC"}
    )
    # The VGC's figures are those of the Brussels-Capital Region (issue 14, point 2).
    with_vgc.members.set([*cities, regions[BRUSSELS_REGION]])
    population = _population_indicator(data)
    start = date.fromisoformat(POPULATION_PERIOD)
    counts = observations_merge(
        batches=[
            [
                Figure(
                    population.pk,
                    municipalities[m["nis"]].pk,
                    POPULATION_PERIOD,
                    start,
                    Decimal(m["population_2020"]),
                )
                for m in data["municipalities_2019"]
            ]
        ],
        source_version="Statbel 2020",
    )
    forget_kept()  # every figure kept was computed on the geography before
    area_sums_refresh()  # and every region's sum
    return {
        "areas": Area.objects.count(),
        "mergers": len(data["mergers_2025"]),
        "population_figures": counts.created + counts.revised + counts.unchanged,
    }
