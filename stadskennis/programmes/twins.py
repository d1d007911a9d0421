"""The Werking's public data as the pages' JSON twins and the API give it, written once: a programme
line with its activity per year, and the approved accounts of a year with their rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from stadskennis.core.models import ProgrammeLine
from stadskennis.programmes import accounts
from stadskennis.programmes.activity import KINDS, activity_of, history
from stadskennis.programmes.models import YearAccounts
from stadskennis.programmes.money import euros

ACCOUNT_FIELDS = ["year", "direction", "kind", "kind_label", "programme_line", "budget", "actual", "currency"]
_FOUR = Decimal("0.0001")


def line_json(line: ProgrammeLine, absolute) -> dict:
    """`absolute(path)` makes the line's address absolute (`request.build_absolute_uri`)."""
    return {
        "id": line.pk,
        "name": line.name,
        "period": line.period.name,
        "description": line.description,
        "part_of": line.parent_id,
        "continues": line.continues_id,
        "lead_city": line.lead_organisation.name if line.lead_organisation else None,
        "themes": [theme.slug for theme in line.themes.all()],
        "url": absolute(line.get_absolute_url()),
    }


def per_year(activity) -> list[dict]:
    keys = [key for key, _label in KINDS]
    return [{"year": year, **dict(zip(keys, counts, strict=True))} for year, counts in activity.years]


def line_activity_json(line: ProgrammeLine, user, absolute) -> dict:
    chain = history(line)
    activity = activity_of(user, chain, limit=0)  # counts only
    return {
        "programme_line": line_json(line, absolute),
        "history": [line_json(earlier, absolute) for earlier in chain[1:]],
        "counts": activity.counts,
        "per_year": per_year(activity),
    }


def approved(year: int) -> YearAccounts | None:
    return YearAccounts.objects.filter(year=year, withdrawn_at__isnull=True).first()


def account_rows(figures: accounts.YearFigures) -> list[dict]:
    """The accounts as rows of plain decimals: one per kind, and the costs per programme line."""
    rows = [
        {
            "year": figures.year,
            "direction": "revenue" if kind.income else "expenditure",
            "kind": kind.kind,
            "kind_label": kind.label,
            "programme_line": "",
            "budget": str(euros(kind.budget)),
            "actual": str(euros(kind.actual)),
            "currency": "EUR",
        }
        for kind in figures.kinds
    ]
    rows += [
        {
            "year": figures.year,
            "direction": "expenditure",
            "kind": "",
            "kind_label": "",
            "programme_line": row["name"],
            "budget": str(euros(row["budget"])),
            "actual": str(euros(row["actual"])),
            "currency": "EUR",
        }
        for row in figures.lines
    ]
    return rows


def accounts_json(current: YearAccounts) -> dict:
    figures = accounts.year_figures(current.year, on=date(current.year, 12, 31))
    own = figures.own_means("actual")
    return {
        "year": current.year,
        "approved_on": current.approved_on.isoformat(),
        "approved_by": current.approved_by_body,
        "currency": "EUR",
        "income": {key: str(euros(value)) for key, value in figures.income.items() if key != "expected"},
        "costs": {key: str(euros(value)) for key, value in figures.costs.items() if key != "expected"},
        "own_means_share": str(own.ratio.quantize(_FOUR)) if own.ratio is not None else None,
        "own_means_target": "0.6667",
        "rows": account_rows(figures),
    }
