"""`stadskennis import-indicators FILE`: the catalogue from CSV or JSON Lines (DESIGN.md §5).

Every line is checked first; one bad line and nothing is written, and each problem is named with its
line and field in Dutch. Indicators are matched on `code`, so a second import updates in place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import BinaryIO

from django.db import transaction

from stadskennis.core.models import Theme
from stadskennis.core.visibility import Visibility
from stadskennis.indicators.catalogue_rules import (
    PARTS,
    aggregation_problems,
    code_problem,
    length_problems,
    part_audience_problems,
    part_in_use_problem,
    ratios_by_part,
    scale_parse,
)
from stadskennis.indicators.csvfile import FileProblem, read_rows
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.services import indicator_save

FIELDS = [
    "code", "name", "unit", "aggregation", "numerator", "denominator", "scale", "direction", "decimals",
    "periodicity", "themes", "source", "licence", "description",
]  # fmt: skip
REQUIRED = ["code", "name", "aggregation"]


@dataclass
class CatalogueReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[FileProblem] = field(default_factory=list)
    written: bool = False


def _choice(value: str, choices, label: str, problem) -> str | None:
    if value in choices:
        return value
    problem(f"onbekende {label} '{value}': kies {', '.join(choices)}")
    return None


def _json_lines(handle: BinaryIO):
    for number, raw in enumerate(handle, start=1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise FileProblem(number, None, "de tekst is geen UTF-8: bewaar het bestand als UTF-8") from None
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise FileProblem(number, None, f"geen geldige JSON ({error.msg}, kolom {error.colno})") from None
        if not isinstance(data, dict):
            raise FileProblem(number, None, "een regel moet één JSON-object zijn")
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise FileProblem(number, unknown[0], f"onbekend veld (toegelaten: {', '.join(FIELDS)})", "veld")
        row = {}
        for name, value in data.items():
            if isinstance(value, list) and name == "themes":
                row[name] = "|".join(str(v) for v in value)
            else:
                row[name] = "" if value is None else str(value).strip()
        yield number, row


def _rows(handle: BinaryIO, *, json_lines: bool):
    if json_lines:
        return _json_lines(handle)
    _header, rows = read_rows(handle, required=REQUIRED, optional=[f for f in FIELDS if f not in REQUIRED])
    return rows


class _Checker:
    def __init__(self):
        self.themes = {}
        for theme in Theme.objects.all():
            self.themes[theme.slug] = theme
            self.themes[theme.name.lower()] = theme
        stored = Indicator.objects.only("code", "aggregation", "visibility", "owner_id", "created_by_id")
        self.existing = {i.code: i.aggregation for i in stored}
        # Who sees each stored indicator: an import leaves that alone, and a new one is public.
        self.audiences = {i.code: i for i in stored}
        self.used_by = ratios_by_part()
        self.errors: list[FileProblem] = []

    def _audience(self, code: str):
        public = SimpleNamespace(code=code, visibility=Visibility.PUBLIC, owner_id=None, created_by_id=None)
        return self.audiences.get(code, public)

    def check(self, rows: list[tuple[int, dict]], *, noun: str) -> list[tuple[int, dict]]:
        seen: dict[str, int] = {}
        in_file = {row.get("code", ""): row.get("aggregation", "") for _n, row in rows}
        checked = []
        for number, row in rows:

            def problem(message, name=None, number=number):
                self.errors.append(FileProblem(number, name, message, noun))

            code = row.get("code", "")
            if message := code_problem(code):
                problem(message, "code")
            elif code in seen:
                problem(f"code '{code}' staat al op regel {seen[code]}", "code")
            else:
                seen[code] = number
            if not row.get("name"):
                problem("verplicht", "name")
            aggregation = _choice(
                row.get("aggregation", ""), Indicator.Aggregation.values, "aggregatie",
                lambda m: problem(m, "aggregation"),
            )  # fmt: skip
            # A ratio of the file is checked on its own line; one stored and left alone keeps its parts.
            ratios = [r for r in self.used_by.get(code, []) if r not in in_file]
            if message := part_in_use_problem(aggregation=aggregation, ratios=ratios):
                problem(message, "aggregation")
            fields = {
                "name": row.get("name", ""),
                "unit": row.get("unit", ""),
                "source": row.get("source", ""),
                "licence": row.get("licence", ""),
                "description": row.get("description", ""),
                "aggregation": aggregation,
            }
            for name, message in length_problems(fields):
                problem(message, name)
            fields["periodicity"] = _choice(
                row.get("periodicity") or "year", Indicator.Periodicity.values, "periodiciteit",
                lambda m: problem(m, "periodicity"),
            )  # fmt: skip
            fields["direction"] = _choice(
                row.get("direction") or "neutral", Indicator.Direction.values, "richting",
                lambda m: problem(m, "direction"),
            )  # fmt: skip
            decimals = row.get("decimals") or "0"
            if not re.fullmatch(r"[0-6]", decimals):
                problem(f"'{decimals}' is geen geheel getal van 0 tot 6", "decimals")
            fields["decimals"] = int(decimals) if decimals.isdigit() else 0
            fields["scale"] = Decimal(1)
            if row.get("scale"):
                scale, message = scale_parse(row["scale"])
                if message:
                    problem(message, "scale")
                else:
                    fields["scale"] = scale
            problems = aggregation_problems(
                code=code, aggregation=aggregation, parts={p: row.get(p, "") for p in PARTS},
                scale_given=bool(row.get("scale")),
                kind_of=lambda other: in_file.get(other) or self.existing.get(other),
            )  # fmt: skip
            if aggregation == Indicator.Aggregation.RATIO and not problems:
                parts = {p: self._audience(row[p]) for p in PARTS}
                problems = part_audience_problems(whole=self._audience(code), parts=parts)
            for name, message in problems:
                problem(message, name)
            themes = []
            for key in filter(None, (k.strip() for k in re.split(r"[|;,]", row.get("themes", "")))):
                theme = self.themes.get(key.lower())
                if theme is None:
                    problem(f"onbekend thema '{key}'", "themes")
                themes.append(theme)
            checked.append((number, {"code": code, "fields": fields, "themes": themes, "row": row}))
        return checked


def indicators_import(*, handle: BinaryIO, json_lines: bool, actor=None) -> CatalogueReport:
    report = CatalogueReport()
    try:
        rows = list(_rows(handle, json_lines=json_lines))
    except FileProblem as problem:
        report.errors.append(problem)
        return report
    checker = _Checker()
    checked = checker.check(rows, noun="veld" if json_lines else "kolom")
    report.errors = checker.errors
    if report.errors:
        return report
    # The parts of a ratio are written before the ratio that refers to them.
    checked.sort(key=lambda item: item[1]["fields"]["aggregation"] == Indicator.Aggregation.RATIO)
    with transaction.atomic():
        for _number, item in checked:
            fields = dict(item["fields"])
            for part in PARTS:
                code = item["row"].get(part)
                fields[part] = Indicator.objects.get(code=code) if code else None
            _indicator, outcome = indicator_save(
                code=item["code"], fields=fields, themes=item["themes"], actor=actor
            )
            setattr(report, outcome, getattr(report, outcome) + 1)
    report.written = True
    return report
