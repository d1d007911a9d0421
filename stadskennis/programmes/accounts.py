"""A year's money read back: budget against actuals per kind, per programme line and per member, what
was expected by a given day, the own-means share checked against two thirds, and the reconciliation
with the cost centre. Every sum is of integer cents (exact on both databases); shares are Decimals."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum

from stadskennis.core.models import ProgrammeLine
from stadskennis.programmes.models import INCOME_KINDS, BudgetLine, EntryImport, LedgerEntry, MoneyKind
from stadskennis.programmes.money import OWN_MEANS_TARGET, meets_own_means_target, share


@dataclass
class KindRow:
    kind: str
    label: str
    income: bool
    budget: int = 0
    expected: int = 0
    actual: int = 0

    @property
    def difference(self) -> int:
        return self.actual - self.budget


@dataclass
class OwnMeans:
    fees: int
    income: int

    @property
    def ratio(self) -> Decimal | None:
        return share(self.fees, self.income)

    @property
    def meets_target(self) -> bool | None:
        return meets_own_means_target(self.fees, self.income)


@dataclass
class YearFigures:
    year: int
    on: date
    kinds: list[KindRow]
    lines: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    cost_centres: list[dict] = field(default_factory=list)
    imports: list[EntryImport] = field(default_factory=list)

    def _total(self, attribute: str, income: bool) -> int:
        return sum(getattr(row, attribute) for row in self.kinds if row.income is income)

    @property
    def income(self) -> dict[str, int]:
        return {name: self._total(name, True) for name in ("budget", "expected", "actual")}

    @property
    def costs(self) -> dict[str, int]:
        return {name: self._total(name, False) for name in ("budget", "expected", "actual")}

    @property
    def result(self) -> dict[str, int]:
        return {name: self.income[name] - self.costs[name] for name in ("budget", "expected", "actual")}

    def own_means(self, which: str) -> OwnMeans:
        fees = next(getattr(row, which) for row in self.kinds if row.kind == MoneyKind.FEE)
        return OwnMeans(fees=fees, income=self.income[which])

    @property
    def target(self) -> Decimal:
        return OWN_MEANS_TARGET


def _elapsed(year: int, on: date) -> tuple[int, int]:
    """(days of `year` gone by `on`, days in the year)."""
    days = 366 if calendar.isleap(year) else 365
    if on.year < year:
        return 0, days
    if on.year > year:
        return days, days
    return on.timetuple().tm_yday, days


def expected_by(line: BudgetLine, on: date) -> int:
    """What a budget line should have brought or cost by `on`: income with a due date counts in full
    from that day; everything else spread evenly over the year (rounded down to the cent)."""
    if line.kind in INCOME_KINDS and line.due_on is not None:
        return line.amount_cents if line.due_on <= on else 0
    gone, days = _elapsed(line.year, on)
    return line.amount_cents * gone // days


def year_figures(year: int, *, on: date | None = None) -> YearFigures:
    on = on or date.today()
    rows = {
        kind.value: KindRow(kind=kind.value, label=str(kind.label), income=kind in INCOME_KINDS)
        for kind in MoneyKind
    }
    budget_lines = list(
        BudgetLine.objects.alive().filter(year=year).select_related("programme_line", "organisation")
    )
    lines: dict[int | None, dict] = {}
    members: dict[int, dict] = {}
    for budget_line in budget_lines:
        row = rows[budget_line.kind]
        row.budget += budget_line.amount_cents
        row.expected += expected_by(budget_line, on)
        if not row.income:
            _line_row(lines, budget_line.programme_line)["budget"] += budget_line.amount_cents
        if budget_line.kind == MoneyKind.FEE:
            _member_row(members, budget_line.organisation)["budget"] += budget_line.amount_cents
    entries = LedgerEntry.objects.alive().filter(year=year)
    for kind, total in (
        entries.filter(booked_on__lte=on).values_list("kind").annotate(total=Sum("amount_cents"))
    ):
        rows[kind].actual += total
    for line_id, total in (
        entries.filter(booked_on__lte=on)
        .exclude(kind__in=INCOME_KINDS)
        .values_list("programme_line")
        .annotate(total=Sum("amount_cents"))
    ):
        _line_row(lines, line_id)["actual"] += total
    for entry in entries.filter(kind=MoneyKind.FEE, booked_on__lte=on).select_related("organisation"):
        _member_row(members, entry.organisation)["actual"] += entry.amount_cents
    _name_lines(lines)
    centres = [
        {"cost_centre": centre, "entries": count, "total": total}
        for centre, count, total in entries.values_list("cost_centre")
        .annotate(count=Count("pk"), total=Sum("amount_cents"))
        .values_list("cost_centre", "count", "total")
        .order_by("cost_centre")
    ]
    return YearFigures(
        year=year,
        on=on,
        kinds=list(rows.values()),
        lines=sorted(lines.values(), key=lambda row: (row["position"], row["name"])),
        members=sorted(members.values(), key=lambda row: row["name"]),
        cost_centres=centres,
        imports=list(EntryImport.objects.filter(year=year)),
    )


def _line_row(lines: dict, line) -> dict:
    key = getattr(line, "pk", line)
    return lines.setdefault(key, {"id": key, "name": "", "position": 10_000, "budget": 0, "actual": 0})


def _name_lines(lines: dict) -> None:
    for line in ProgrammeLine.objects.filter(pk__in=[key for key in lines if key is not None]):
        lines[line.pk].update(name=line.name, position=line.position)


def _member_row(members: dict, organisation) -> dict:
    key = getattr(organisation, "pk", None)
    name = organisation.name if organisation is not None else ""
    return members.setdefault(key, {"id": key, "name": name, "budget": 0, "actual": 0})
