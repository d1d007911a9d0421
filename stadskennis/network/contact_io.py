"""Contact lists in and out: CSV (as Excel writes it) or XLSX in, with a preview; CSV and vCard out.

Nothing is written until an editor confirms a preview without errors, and then everything is written
in one transaction. Existing people are matched by email address, so a list can be imported again
to update it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from stadskennis.core.models import Organisation, OrganisationCode, Theme
from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.core.tabular import TableFileError, read_table
from stadskennis.network import services
from stadskennis.network.models import Person

# Column → the header names people use for it, in Dutch and English (folded: no case, accents, spaces).
COLUMNS = {
    "first_name": ["voornaam", "firstname", "first name", "given name"],
    "last_name": ["achternaam", "familienaam", "naam", "lastname", "last name", "surname", "family name"],
    "email": ["email", "e-mail", "emailadres", "e-mailadres", "mail"],
    "organisation": ["organisatie", "stad", "bestuur", "organisation", "organization"],
    "function": ["functie", "function", "job title", "titel"],
    "department": ["dienst", "afdeling", "department", "departement"],
    "phone": ["telefoon", "tel", "telefoonnummer", "phone", "telephone"],
    "themes": ["themas", "thema's", "thema", "themes", "theme"],
    "expertise": ["expertise", "deskundigheid"],
}
REQUIRED = ("first_name", "last_name", "email", "organisation")
LABELS = {
    "first_name": "voornaam", "last_name": "achternaam", "email": "e-mail", "organisation": "organisatie",
    "function": "functie", "department": "dienst", "phone": "telefoon", "themes": "thema's",
    "expertise": "expertise",
}  # fmt: skip
MAX_ROWS = 5000


class ContactFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the interface language."""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


HEADER_TO_COLUMN = {_fold(name): column for column, names in COLUMNS.items() for name in names}


@dataclass
class Row:
    line: int
    values: dict[str, str]
    errors: list[tuple[str, str]] = field(default_factory=list)
    action: str = ""  # new, update, unchanged, invalid
    person: Person | None = None
    changes: list[str] = field(default_factory=list)
    organisation: Organisation | None = None
    themes: list[Theme] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[Row]
    notes: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("new", "update", "unchanged", "invalid")}


# --- Reading --------------------------------------------------------------------------------------


def read_rows(name: str, data: bytes) -> tuple[list[Row], list[str]]:
    notes: list[str] = []
    try:
        table = read_table(name, data, notes)
    except TableFileError as error:
        raise ContactFileError(str(error)) from error
    if name.lower().endswith(".xlsx"):  # cells as text, as a CSV file gives them
        table = [[str(cell).strip() for cell in row] for row in table]
    # Numbered before blank rows are dropped, so a line number is the row the editor sees in Excel.
    table = [(number, r) for number, r in enumerate(table, start=1) if any(str(c).strip() for c in r)]
    if not table:
        raise ContactFileError(_("The file is empty."))
    header = [HEADER_TO_COLUMN.get(_fold(h)) for h in table[0][1]]
    missing = [LABELS[c] for c in REQUIRED if c not in header]
    if missing:
        raise ContactFileError(
            _("Missing columns: %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(missing)}
        )
    twice = [LABELS[c] for c in COLUMNS if header.count(c) > 1]
    if twice:
        raise ContactFileError(
            _("More than one column holds %(columns)s: keep one.") % {"columns": ", ".join(twice)}
        )
    if len(table) == 1:
        raise ContactFileError(_("The file names the columns but holds no people."))
    if len(table) - 1 > MAX_ROWS:
        raise ContactFileError(_("At most %(n)d people per file.") % {"n": MAX_ROWS})
    rows = []
    for number, cells in table[1:]:
        values = {col: str(cells[i]).strip() for i, col in enumerate(header) if col and i < len(cells)}
        rows.append(Row(line=number, values=values))
    return rows, notes


# --- Validating -------------------------------------------------------------------------------------


def _organisation_index() -> dict[str, Organisation]:
    index = {}
    for organisation in Organisation.objects.all():
        for key in (organisation.slug, organisation.name, organisation.short_name):
            if key:
                index[_fold(key)] = organisation
    for code in OrganisationCode.objects.select_related("organisation"):
        index[code.code] = code.organisation
    return index


def _theme_index() -> dict[str, Theme]:
    return {_fold(key): t for t in Theme.objects.all() for key in (t.slug, t.name)}


def preview(name: str, data: bytes) -> Preview:
    rows, notes = read_rows(name, data)
    organisations, themes = _organisation_index(), _theme_index()
    emails = [r.values.get("email", "").lower() for r in rows]
    wanted = [e for e in emails if e]
    existing = {
        p.email.lower(): p
        for p in Person.objects.annotate(email_lower=Lower("email"))
        .filter(erased_at__isnull=True, email_lower__in=wanted)
        .prefetch_related("themes")
    }
    first_line: dict[str, int] = {}
    for row in rows:
        v = row.values
        for column in ("first_name", "last_name"):
            if not v.get(column):
                row.errors.append((LABELS[column], _("missing")))
        email = v.get("email", "").lower()
        if not email:
            row.errors.append((LABELS["email"], _("missing")))
        else:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(
                    (LABELS["email"], _("“%(value)s” is not a valid email address") % {"value": email})
                )
            if email in first_line:
                row.errors.append(
                    (LABELS["email"], _("the same address as line %(line)d") % {"line": first_line[email]})
                )
            else:
                first_line[email] = row.line
        organisation = organisations.get(v.get("organisation", "").strip()) or organisations.get(
            _fold(v.get("organisation", ""))
        )
        if not v.get("organisation"):
            row.errors.append((LABELS["organisation"], _("missing")))
        elif organisation is None:
            row.errors.append(
                (LABELS["organisation"], _("unknown organisation “%(value)s”") % {"value": v["organisation"]})
            )
        row.organisation = organisation
        for name_ in [t.strip() for t in re.split(r"[;,|]", v.get("themes", "")) if t.strip()]:
            theme = themes.get(_fold(name_))
            if theme is None:
                row.errors.append((LABELS["themes"], _("unknown theme “%(value)s”") % {"value": name_}))
            else:
                row.themes.append(theme)
        for column, limit in (("first_name", 100), ("last_name", 100), ("email", 254), ("function", 200),
                              ("department", 200), ("phone", 40)):  # fmt: skip
            if len(v.get(column, "")) > limit:
                row.errors.append((LABELS[column], _("longer than %(n)d characters") % {"n": limit}))
        if row.errors:
            row.action = "invalid"
            continue
        row.person = existing.get(email)
        if row.person is None:
            row.action = "new"
        else:
            row.changes = [LABELS[c] for c in _changes(row)]
            row.action = "update" if row.changes else "unchanged"
    return Preview(rows=rows, notes=notes)


def _fields(row: Row) -> dict:
    v = row.values
    fields = {
        "first_name": v["first_name"], "last_name": v["last_name"], "email": v["email"].lower(),
        "organisation": row.organisation,
    }  # fmt: skip
    for column in ("function", "department", "phone", "expertise"):
        if column in v and v[column] != "":
            fields[column] = v[column]
    if row.themes:
        fields["themes"] = row.themes
    return fields


def _changes(row: Row) -> list[str]:
    person, changed = row.person, []
    for column, value in _fields(row).items():
        if column == "themes":
            if {t.pk for t in value} != {t.pk for t in person.themes.all()}:
                changed.append(column)
        elif getattr(person, column) != value:
            changed.append(column)
    return changed


@transaction.atomic
def apply(result: Preview, *, actor) -> dict[str, int]:
    """Write a valid preview: all rows or none."""
    if not result.is_valid:
        raise ContactFileError(_("The file has rows with errors; nothing was imported."))
    done = {"new": 0, "update": 0, "unchanged": 0}
    for row in result.rows:
        try:
            if row.action == "new":
                services.person_create(actor=actor, **_fields(row))
            elif row.action == "update":
                services.person_update(person=row.person, actor=actor, **_fields(row))
        except (ValidationError, IntegrityError) as error:
            # Raising leaves the atomic block: the rows already written are rolled back with this one.
            if isinstance(error, ValidationError):
                detail = "; ".join(error.messages)
            else:  # someone saved the same address meanwhile
                detail = _("conflicts with a change made meanwhile")
            raise ContactFileError(
                _("Line %(line)d could not be saved (%(error)s); nothing was imported.")
                % {"line": row.line, "error": detail}
            ) from error
        done[row.action] += 1
    return done


# --- Writing ------------------------------------------------------------------------------------------

EXPORT_COLUMNS = ["first_name", "last_name", "email", "phone", "function", "organisation", "department",
                  "themes", "expertise"]  # fmt: skip


def export_csv(people) -> str:
    """UTF-8 with BOM and ';' between cells: how Excel in Belgium opens a CSV without asking."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([LABELS[c] for c in EXPORT_COLUMNS])
    for p in people:
        values = {
            "first_name": p.first_name, "last_name": p.last_name, "email": p.email, "phone": p.phone,
            "function": p.function, "organisation": p.organisation.name, "department": p.department,
            "themes": ", ".join(t.name for t in p.themes.all()), "expertise": p.expertise,
        }  # fmt: skip
        writer.writerow([spreadsheet_safe(values[c]) for c in EXPORT_COLUMNS])
    return out.getvalue()


def _vcard_escape(value: str) -> str:
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold_line(line: str) -> str:
    """RFC 6350 §3.2: lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def export_vcard(people) -> str:
    cards = []
    for p in people:
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"N:{_vcard_escape(p.last_name)};{_vcard_escape(p.first_name)};;;",
            f"FN:{_vcard_escape(p.full_name)}",
            f"ORG:{_vcard_escape(p.organisation.name)}"
            + (f";{_vcard_escape(p.department)}" if p.department else ""),
        ]
        if p.function:
            lines.append(f"TITLE:{_vcard_escape(p.function)}")
        if p.email:
            lines.append(f"EMAIL;TYPE=INTERNET,WORK:{_vcard_escape(p.email)}")
        if p.phone:
            lines.append(f"TEL;TYPE=WORK,VOICE:{_vcard_escape(p.phone)}")
        lines.append("END:VCARD")
        cards.extend(_fold_line(line) for line in lines)
    return "\r\n".join(cards) + ("\r\n" if cards else "")
