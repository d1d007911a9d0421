"""The actuals from the managing organisation's cost-centre export (CSV or XLSX): its columns mapped
to ours (guessed from the header, changed in the preview so another layout works), every row checked,
and a report row by row. Nothing is written unless every row is right and the total reconciles.

The kind of an entry comes from a "soort" column when the file has one, else from its economic account
(the Flemish BBC scheme): 62… staff, any other 6… operating costs; 74… a fee when the row names a
member organisation, else a subsidy; any other 7… other income. Research and events are costs an
editor marks per entry, or the file's "soort" column names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.models import Organisation, OrganisationCode, ProgrammeLine
from stadskennis.core.tabular import TableFileError, read_table
from stadskennis.programmes.models import INCOME_KINDS, LedgerEntry, MoneyKind
from stadskennis.programmes.money import AmountError, format_euros, parse_amount

MAX_ROWS = 20_000
MAX_COLUMNS = 60  # an export has a dozen; a sheet that declares 16,384 is read no wider
HEADER_ROWS = 20  # blank or title rows above the header that an export may have

#: Our fields: (key, label, required, header words that name it in an export).
FIELDS = [
    ("date", gettext_lazy("Date"), True, ["datum", "boekdatum", "boekingsdatum", "date", "posting date"]),
    (
        "account",
        gettext_lazy("Economic account"),
        True,
        ["rekening", "economischerekening", "economischecode", "algemenerekening", "account", "ar"],
    ),
    (
        "description",
        gettext_lazy("Description"),
        True,
        ["omschrijving", "beschrijving", "description", "tekst"],
    ),
    ("amount", gettext_lazy("Amount"), True, ["bedrag", "bedrageur", "amount", "saldo"]),
    (
        "cost_centre",
        gettext_lazy("Cost centre"),
        True,
        ["kostenplaats", "kostencentrum", "costcentre", "costcenter"],
    ),
    (
        "reference",
        gettext_lazy("Document number"),
        False,
        ["boekstuk", "boekstuknummer", "stuk", "document", "referentie"],
    ),
    (
        "programme_line",
        gettext_lazy("Programme line"),
        False,
        ["programmalijn", "programma", "programmeline"],
    ),
    ("kind", gettext_lazy("Kind"), False, ["soort", "kind", "categorie"]),
    ("organisation", gettext_lazy("Member organisation"), False, ["organisatie", "lid", "betaler", "stad"]),
]
FIELD_KEYS = [key for key, *_rest in FIELDS]
REQUIRED = [key for key, _label, required, _words in FIELDS if required]

KIND_WORDS = {
    **{kind.value: kind.value for kind in MoneyKind},
    "lidgeld": MoneyKind.FEE,
    "lidgelden": MoneyKind.FEE,
    "bijdrage": MoneyKind.FEE,
    "subsidie": MoneyKind.SUBSIDY,
    "subsidies": MoneyKind.SUBSIDY,
    "andereinkomsten": MoneyKind.OTHER_INCOME,
    "andereontvangsten": MoneyKind.OTHER_INCOME,
    "personeel": MoneyKind.STAFF,
    "personeelskosten": MoneyKind.STAFF,
    "werking": MoneyKind.OPERATING,
    "werkingskosten": MoneyKind.OPERATING,
    "onderzoek": MoneyKind.RESEARCH,
    "studieopdracht": MoneyKind.RESEARCH,
    "evenementen": MoneyKind.EVENTS,
    "evenement": MoneyKind.EVENTS,
    "anderekosten": MoneyKind.OTHER_COSTS,
}
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")


def fold(text: object) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass
class Row:
    line: int
    booked_on: date
    account_code: str
    description: str
    reference: str
    amount_cents: int
    cost_centre: str
    kind: str
    programme_line: ProgrammeLine | None
    organisation: Organisation | None
    fingerprint: str

    @property
    def kind_label(self) -> str:
        return str(MoneyKind(self.kind).label)


@dataclass
class Report:
    header: list[str] = field(default_factory=list)
    mapping: dict[str, int | None] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    problems: list[tuple[int | None, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total_cents: int = 0
    control_cents: int | None = None
    cost_centre: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append((line, message))


def guess_mapping(header: list[str]) -> dict[str, int | None]:
    """Each of our fields to the first column whose header names it (None when none does)."""
    folded = [fold(cell) for cell in header]
    mapping: dict[str, int | None] = {}
    for key, _label, _required, words in FIELDS:
        mapping[key] = next((index for index, cell in enumerate(folded) if cell in words), None)
    return mapping


def fingerprint(
    *, booked_on: date, account_code: str, reference: str, description: str, cents: int, cost_centre: str
) -> str:
    """The same booking read twice has the same fingerprint, however its text was spaced or cased."""
    key = "|".join(
        [
            booked_on.isoformat(),
            fold(account_code),
            fold(reference),
            fold(description),
            str(cents),
            fold(cost_centre),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()


def check(
    *,
    name: str,
    data: bytes,
    year: int,
    mapping: dict[str, int | None] | None = None,
    decimal_separator: str = ",",
    cost_centre: str = "",
    control_total: int | None = None,
) -> Report:
    """Read and check the whole file; the report holds every row's problem, not only the first."""
    report = Report(cost_centre=cost_centre.strip())
    try:
        table = read_table(name, data, report.notes, max_rows=MAX_ROWS + HEADER_ROWS, max_columns=MAX_COLUMNS)
    except TableFileError as error:
        report.problem(None, str(error))
        return report
    first = next((index for index, row in enumerate(table) if any(str(cell).strip() for cell in row)), None)
    if first is None:
        report.problem(None, _("The file is empty."))
        return report
    report.header = [str(cell).strip() for cell in table[first]]
    report.mapping = dict(mapping) if mapping is not None else guess_mapping(report.header)
    for key in REQUIRED:
        column = report.mapping.get(key)
        if column is None or column >= len(report.header):
            label = next(str(label) for k, label, *_rest in FIELDS if k == key)
            report.problem(first + 1, _("Choose the column that holds “%(field)s”.") % {"field": label})
    if report.problems:
        return report
    body = table[first + 1 :]
    if len(body) > MAX_ROWS:
        report.problem(
            None, _("The file has more than %(max)s rows: split it per quarter.") % {"max": MAX_ROWS}
        )
        return report
    context = _Context(year)
    seen: dict[str, int] = {}
    control_line = None
    for offset, cells in enumerate(body):
        line = first + 2 + offset
        if not any(str(cell).strip() for cell in cells):
            continue
        value = _reader(cells, report.mapping)
        if _is_total_row(cells, value):
            control_line = line
            try:
                file_total = parse_amount(value("amount"), decimal_separator=decimal_separator)
            except AmountError as error:
                report.problem(line, _("Total row: %(error)s") % {"error": error})
                continue
            if report.control_cents is not None and report.control_cents != file_total:
                report.problem(line, _("The file has two different total rows."))
            report.control_cents = file_total
            continue
        row = _row(line, value, report, context, decimal_separator)
        if row is None:
            continue
        if row.fingerprint in seen:
            report.problem(
                line, _("The same entry as row %(line)s (duplicate).") % {"line": seen[row.fingerprint]}
            )
            continue
        seen[row.fingerprint] = line
        report.rows.append(row)
        report.total_cents += row.amount_cents
    check_duplicates_in_database(report)
    _check_total(report, control_total, control_line)
    if not report.rows and not report.problems:
        report.problem(None, _("The file holds no entries."))
    report.problems.sort(key=lambda problem: problem[0] or 0)  # in the order of the file
    return report


class _Context:
    """What rows are checked against, read once per file."""

    def __init__(self, year: int):
        self.year = year
        self.lines: dict[str, ProgrammeLine] = {}
        for line in ProgrammeLine.objects.filter(period__start_year__lte=year, period__end_year__gte=year):
            self.lines[fold(line.name)] = line
            self.lines[str(line.pk)] = line
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.all():
            for key in (organisation.slug, organisation.name, organisation.short_name):
                if key:
                    self.organisations[fold(key)] = organisation
        for code in OrganisationCode.objects.select_related("organisation"):
            self.organisations[code.code] = code.organisation
        self.members = set(
            Organisation.objects.filter(
                kind__in=[Organisation.Kind.CENTRE_CITY, Organisation.Kind.VGC]
            ).values_list("pk", flat=True)
        )


def _reader(cells: list, mapping: dict[str, int | None]):
    def value(key: str) -> object:
        column = mapping.get(key)
        if column is None or column >= len(cells):
            return ""
        cell = cells[column]
        return cell.strip() if isinstance(cell, str) else cell

    return value


def _is_total_row(cells: list, value) -> bool:
    """A total at the foot of the export: no date, and a cell that says "totaal"."""
    if value("date") not in ("", None):
        return False
    return any(fold(cell).startswith(("totaal", "total")) for cell in cells if isinstance(cell, str))


def _row(line: int, value, report: Report, context: _Context, separator: str) -> Row | None:
    problems_before = len(report.problems)

    def fault(message: str) -> None:
        report.problem(line, message)

    booked_on = _date(value("date"))
    if booked_on is None:
        fault(_("“%(value)s” is not a date (day/month/year).") % {"value": str(value("date"))[:40]})
    elif booked_on.year != context.year:
        fault(
            _("The date %(date)s is outside %(year)s.")
            % {"date": booked_on.strftime("%d/%m/%Y"), "year": context.year}
        )
    account = str(value("account")).removesuffix(".0")[:20]
    description = str(value("description"))[:300]
    if not account:
        fault(_("The economic account is empty."))
    if not description:
        fault(_("The description is empty."))
    try:
        cents = parse_amount(value("amount"), decimal_separator=separator)
    except AmountError as error:
        fault(_("Amount: %(error)s") % {"error": error})
        cents = 0
    cost_centre = str(value("cost_centre")).removesuffix(".0")[:40]
    if not cost_centre:
        fault(_("The cost centre is empty."))
    elif not report.cost_centre:
        report.cost_centre = cost_centre
    if cost_centre and cost_centre != report.cost_centre:
        fault(
            _("Cost centre “%(found)s” is not the centre's cost centre “%(expected)s”.")
            % {"found": cost_centre, "expected": report.cost_centre}
        )
    line_text = str(value("programme_line"))
    programme_line = None
    if line_text:
        programme_line = context.lines.get(fold(line_text)) or context.lines.get(line_text)
        if programme_line is None:
            fault(
                _("Unknown programme line “%(line)s” in %(year)s.")
                % {"line": line_text[:80], "year": context.year}
            )
    organisation_text = str(value("organisation")).removesuffix(".0")
    organisation = None
    if organisation_text:
        organisation = context.organisations.get(fold(organisation_text)) or context.organisations.get(
            organisation_text
        )
        if organisation is None:
            fault(_("Unknown organisation “%(name)s”.") % {"name": organisation_text[:80]})
    kind = _kind(value("kind"), account, organisation, context, fault)
    if len(report.problems) > problems_before:
        return None
    reference = str(value("reference")).removesuffix(".0")[:60]
    return Row(
        line=line,
        booked_on=booked_on,
        account_code=account,
        description=description,
        reference=reference,
        amount_cents=cents,
        cost_centre=cost_centre,
        kind=kind,
        programme_line=programme_line,
        organisation=organisation,
        fingerprint=fingerprint(
            booked_on=booked_on,
            account_code=account,
            reference=reference,  # as it is kept, so an edited entry is still recognised
            description=description,
            cents=cents,
            cost_centre=cost_centre,
        ),
    )


def _date(cell: object) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    match = _DATE_TEXT.match(str(cell).strip())
    if match is None:
        return None
    try:
        if match[3]:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date(int(match[4]), int(match[5]), int(match[6]))
    except ValueError:
        return None


def _kind(cell: object, account: str, organisation, context: _Context, fault) -> str:
    named = fold(cell)
    account_class = account[:1]
    if named:
        kind = KIND_WORDS.get(named)
        if kind is None:
            fault(_("Unknown kind “%(kind)s”.") % {"kind": str(cell)[:40]})
            return ""
        if account_class in "67" and (account_class == "7") != (kind in INCOME_KINDS):
            fault(
                _("Kind “%(kind)s” does not fit account %(account)s.")
                % {"kind": str(cell)[:40], "account": account}
            )
        if kind == MoneyKind.FEE and organisation is None:
            fault(_("A fee names the member organisation that paid it."))
        return kind
    if account.startswith("62"):
        return MoneyKind.STAFF
    if account_class == "6":
        return MoneyKind.OPERATING
    if account.startswith("74"):
        return (
            MoneyKind.FEE
            if organisation is not None and organisation.pk in context.members
            else MoneyKind.SUBSIDY
        )
    if account_class == "7":
        return MoneyKind.OTHER_INCOME
    fault(_("Account %(account)s is neither a cost (6…) nor an income (7…) account.") % {"account": account})
    return ""


def check_duplicates_in_database(report: Report) -> None:
    prints = {row.fingerprint: row.line for row in report.rows}
    if not prints:
        return
    already = LedgerEntry.objects.alive().filter(fingerprint__in=list(prints)).select_related("batch")
    for entry in already:
        report.problem(
            prints[entry.fingerprint],
            _("Already in the actuals: %(entry)s (entered on %(when)s).")
            % {"entry": entry.description[:80], "when": entry.created_at.strftime("%d/%m/%Y")},
        )


def _check_total(report: Report, control_total: int | None, control_line: int | None) -> None:
    if control_total is not None:
        if report.control_cents is not None and report.control_cents != control_total:
            report.problem(control_line, _("The total row does not match the total you entered."))
        report.control_cents = control_total
    if report.control_cents is None:
        report.notes.append(_("The file has no total row and you entered no total: the sum was not checked."))
        return
    if report.control_cents != report.total_cents and not report.problems:
        report.problem(
            control_line,
            _("The rows add up to %(sum)s, the total says %(total)s: the file does not reconcile.")
            % {"sum": format_euros(report.total_cents), "total": format_euros(report.control_cents)},
        )
