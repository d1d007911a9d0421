"""A demo catalogue for Stad in cijfers: a few indicators per field of urbanity with generated yearly
figures for 2015–2024 for every municipality of Flanders and Brussels. Not real figures: every
indicator is `is_demo` and the interface says so.

The numbers are plausible, not random noise: each municipality's level follows its size (the real
population of 1 January 2020 from the reference data), with a steady trend and a little variation,
drawn from a generator seeded by the NIS code, so every load gives the same figures. Ratios are
stored as their numerator and denominator, as a source would deliver them, so group and regional
figures are ratios of sums. Loaded by `load-demo` (stadskennis.demo calls `demo_indicators_load`),
idempotently: a second load writes nothing.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from stadskennis.core.models import Theme
from stadskennis.indicators.models import Area, Indicator
from stadskennis.indicators.observations import Figure, observations_merge
from stadskennis.indicators.reference import BRUSSELS_REGION, GEOGRAPHY_FILE
from stadskennis.indicators.services import indicator_save

YEARS = range(2015, 2025)
SOURCE = "Demogegevens van Stadskennis: gegenereerd, geen echte cijfers"
LICENCE = "CC0"
SMALL_NUMBERS = "73028"  # Herstappe: its count of leefloners is confidential (primary: small numbers)


@dataclass(frozen=True)
class Rate:
    """A share that grows with a municipality's size: `base` + `per_size` × log10(population / 10,000),
    changing by `trend` a year, in the unit of `scale` (per 100, per 1,000, per inhabitant)."""

    base: float
    per_size: float
    trend: float
    spread: float
    brussels: float = 0.0  # added in the Brussels-Capital Region


IDENTITY, DIVERSITY = "identiteit-van-steden", "diversiteit-en-sociaal-kapitaal"
ECONOMY = "dynamiseren-en-economische-hefbomen"
RENEWAL, CITIZENSHIP = "fysieke-en-sociale-vernieuwing", "stedelijk-burgerschap"
CAPACITY = "bestuurlijke-capaciteit-en-organiserend-vermogen"
COUNTS = {  # code: (name, unit, theme, rate of the denominator, denominator, scale)
    "demo-inwoners-20-64": (
        "Inwoners van 20 tot 64 jaar", "inwoners", ECONOMY, Rate(59, 0.5, -0.15, 1.5), "demo-inwoners", 100),
    "demo-werkenden-20-64": (
        "Werkenden van 20 tot 64 jaar", "personen", ECONOMY, Rate(78, -3.5, 0.3, 2.5, -12),
        "demo-inwoners-20-64", 100),
    "demo-buitenlandse-herkomst": (
        "Inwoners met buitenlandse herkomst", "inwoners", DIVERSITY, Rate(14, 9, 0.8, 4, 30),
        "demo-inwoners", 100),
    "demo-leefloners": (
        "Leefloners", "personen", DIVERSITY, Rate(3, 4, 0.25, 1.2, 14), "demo-inwoners", 1000),
    "demo-huishoudens": (
        "Private huishoudens", "huishoudens", RENEWAL, Rate(41, 2, 0.1, 1), "demo-inwoners", 100),
    "demo-sociale-huurwoningen": (
        "Sociale huurwoningen", "woningen", RENEWAL, Rate(5, 3, 0.05, 1.5, 3), "demo-huishoudens", 100),
    "demo-overnachtingen": (
        "Toeristische overnachtingen", "overnachtingen", IDENTITY, Rate(2, 1.5, 0.05, 1.5, 4),
        "demo-inwoners", 1),
    "demo-personeel-vte": (
        "Personeel van het lokaal bestuur", "voltijdse equivalenten", CAPACITY, Rate(9, 3, 0.05, 1.5),
        "demo-inwoners", 1000),
    "demo-meldingen": (
        "Meldingen bij het meldpunt van de stad", "meldingen", CITIZENSHIP, Rate(60, 25, 4, 12),
        "demo-inwoners", 1000),
}  # fmt: skip
RATIOS = {  # code: (name, unit, numerator, denominator, scale, direction, decimals, description)
    "demo-werkzaamheidsgraad": ("Werkzaamheidsgraad 20–64 jaar", "%", "demo-werkenden-20-64",
                                "demo-inwoners-20-64", 100, "higher", 1,
                                "Werkenden van 20 tot 64 jaar op 100 inwoners van die leeftijd."),
    "demo-aandeel-buitenlandse-herkomst": ("Aandeel inwoners met buitenlandse herkomst", "%",
                                           "demo-buitenlandse-herkomst", "demo-inwoners", 100, "neutral", 1,
                                           "Inwoners met een buitenlandse herkomst op 100 inwoners."),
    "demo-leefloners-per-1000": ("Leefloners per 1.000 inwoners", "per 1.000 inwoners", "demo-leefloners",
                                 "demo-inwoners", 1000, "lower", 1,
                                 "Personen met een leefloon op 1.000 inwoners."),
    "demo-sociale-huurwoningen-per-100": ("Sociale huurwoningen per 100 huishoudens", "per 100 huishoudens",
                                          "demo-sociale-huurwoningen", "demo-huishoudens", 100, "higher", 1,
                                          "Sociale huurwoningen op 100 private huishoudens."),
    "demo-overnachtingen-per-inwoner": ("Toeristische overnachtingen per inwoner", "per inwoner",
                                        "demo-overnachtingen", "demo-inwoners", 1, "higher", 1,
                                        "Overnachtingen in toeristische logies per inwoner."),
    "demo-personeel-per-1000": ("Personeel van het lokaal bestuur per 1.000 inwoners", "vte per 1.000",
                                "demo-personeel-vte", "demo-inwoners", 1000, "neutral", 1,
                                "Voltijdse equivalenten bij gemeente en OCMW op 1.000 inwoners."),
    "demo-meldingen-per-1000": ("Meldingen per 1.000 inwoners", "per 1.000 inwoners", "demo-meldingen",
                                "demo-inwoners", 1000, "neutral", 0,
                                "Meldingen van inwoners bij het meldpunt van de stad op 1.000 inwoners."),
}  # fmt: skip
SURVEYS = {  # code: (name, theme, base, per_size, direction); measured in the centre cities only
    "demo-tevredenheid-stad": ("Tevredenheid over de eigen stad", "identiteit-van-steden", 78, -2, "higher"),
    "demo-inspraak": (
        "Inwoners die deelnamen aan een inspraakmoment",
        "stedelijk-burgerschap",
        11,
        1,
        "higher",
    ),
}
SURVEY_YEARS = (2017, 2020, 2023)
# A definition that changed within the series, so the page shows how a crossing is marked.
CHANGED, CHANGE = "demo-werkzaamheidsgraad", " Vanaf 2019 telt ook wie in het buitenland werkt mee."


def _indicator(code: str, fields: dict, theme: str | None, themes: dict) -> Indicator:
    fields = {"source": SOURCE, "licence": LICENCE, "is_demo": True, "periodicity": "year", **fields}
    return indicator_save(
        code=code, fields=fields, themes=[themes[theme]] if theme in themes else [], on=date(2015, 1, 1)
    )[0]


def _catalogue() -> dict[str, Indicator]:
    themes = {t.slug: t for t in Theme.objects.all()}
    made = {
        "demo-inwoners": _indicator(
            "demo-inwoners",
            {"name": "Inwoners (demo)", "unit": "inwoners", "aggregation": "sum",
             "description": "Inwoners op 1 januari, gegenereerd rond de echte bevolking van 2020."},
            "demografie-en-capaciteit", themes,
        )
    }  # fmt: skip
    for code, (name, unit, theme, _rate, _den, _scale) in COUNTS.items():
        made[code] = _indicator(code, {"name": name, "unit": unit, "aggregation": "sum"}, theme, themes)
    for code, (name, unit, num, den, scale, direction, decimals, text) in RATIOS.items():
        fields = {"name": name, "unit": unit, "aggregation": "ratio", "numerator": made[num],
                  "denominator": made[den], "scale": Decimal(scale), "direction": direction,
                  "decimals": decimals, "description": text}  # fmt: skip
        if code == CHANGED and not Indicator.objects.filter(code=code).exists():
            _indicator(code, fields, COUNTS[num][2], themes)  # the first definition, from 2015
            indicator_save(code=code, fields={"description": text + CHANGE}, on=date(2019, 1, 1))
        made[code] = _indicator(code, {**fields, "description": text + CHANGE * (code == CHANGED)},
                                COUNTS[num][2], themes)  # fmt: skip
    for code, (name, theme, _base, _size, direction) in SURVEYS.items():
        fields = {
            "name": name,
            "unit": "%",
            "aggregation": "none",
            "direction": direction,
            "description": "Aandeel van de bevraagde inwoners (stadsmonitor), enkel waar gemeten.",
        }
        made[code] = _indicator(code, fields, theme, themes)  # fmt: skip
    return made


def _figures(made: dict[str, Indicator]) -> list[Figure]:
    reference = json.loads(GEOGRAPHY_FILE.read_text(encoding="utf-8"))["municipalities_2019"]
    areas = {a.code: a for a in Area.objects.filter(level=Area.Level.MUNICIPALITY, valid_from__isnull=True)}
    cities = set(_centre_city_codes())
    figures = []
    for municipality in reference:
        code, population = municipality["nis"], municipality["population_2020"]
        area, rng = areas[code], random.Random(int(code))
        size = math.log10(population / 10_000)
        brussels = municipality["region"] == BRUSSELS_REGION
        growth = rng.uniform(0.002, 0.008) + (0.004 if code in cities or brussels else 0)
        values = {"demo-inwoners": {y: round(population * (1 + growth) ** (y - 2020)) for y in YEARS}}
        for count, (_n, _u, _t, rate, denominator, scale) in COUNTS.items():
            level = rate.base + rate.per_size * size + rng.gauss(0, rate.spread) + rate.brussels * brussels
            values[count] = {
                y: max(0, round(values[denominator][y] * max(level + rate.trend * (y - 2020), 0.1) / scale
                                * (1 + rng.gauss(0, 0.01))))
                for y in YEARS
            }  # fmt: skip
        for indicator, by_year in values.items():
            for year, value in by_year.items():
                secret = indicator == "demo-leefloners" and code == SMALL_NUMBERS
                figures.append(
                    Figure(made[indicator].pk, area.pk, str(year), date(year, 1, 1), Decimal(value),
                           status="P" if year == 2024 else "A", confidentiality="A" if secret else "F")
                )  # fmt: skip
        if code in cities:
            for survey, (_n, _t, base, per_size, _d) in SURVEYS.items():
                for year in SURVEY_YEARS:
                    value = base + per_size * size + rng.gauss(0, 3) + (year - 2020) * 0.4
                    figures.append(
                        Figure(made[survey].pk, area.pk, str(year), date(year, 1, 1), Decimal(round(value)))
                    )
    return figures


def _centre_city_codes() -> list[str]:
    from stadskennis.indicators.models import AreaGroup
    from stadskennis.indicators.reference import CENTRE_CITIES

    return list(AreaGroup.objects.get(slug=CENTRE_CITIES).members.values_list("code", flat=True))


@transaction.atomic
def demo_indicators_load() -> dict[str, int]:
    """The demo catalogue and its figures; run after the reference data (geography, themes)."""
    made = _catalogue()
    figures = _figures(made)
    counts = observations_merge(
        batches=[figures[i : i + 5000] for i in range(0, len(figures), 5000)], source_version="demo"
    )
    return {"demo_indicators": len(made), "demo_figures": counts.created + counts.revised + counts.unchanged}
