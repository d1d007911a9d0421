"""What an organiser prints for the day: the attendee list with room to sign, and name badges (PDF),
and the list as a spreadsheet. Only people with a confirmed place appear. Every text is escaped:
reportlab reads `<` and `&` in a paragraph as markup, and a name is whatever a guest typed."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.events.models import Event

BADGE_COLUMNS, BADGE_ROWS = 2, 5  # ten badges of 9 × 5.4 cm on an A4 sheet


def _when(event: Event) -> str:
    return date_format(timezone.localtime(event.starts_at), "l j F Y, H:i")


def attendee_list_pdf(event: Event, people, columns=()) -> bytes:
    """A4, a row per person with an empty cell to sign, the header repeated on every page; with
    `columns` (selectors.choice_columns), what each chose in one more cell."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm, topMargin=1.8 * cm,
        bottomMargin=1.8 * cm, title=_("Attendee list: %(event)s") % {"event": event.title},
    )  # fmt: skip
    cell = styles["BodyText"]
    if columns:
        rows = [[_("Name"), _("Organisation"), _("Choices"), _("Signature")]]
        widths = [4.4 * cm, 4.2 * cm, 5 * cm, 3.8 * cm]
    else:
        rows = [[_("Name"), _("Organisation"), _("Signature")]]
        widths = [6 * cm, 6 * cm, 5.4 * cm]
    for p in people:
        chose = [escape(f"{label}: {value(p)}") for label, value in columns if value(p)]
        row = [Paragraph(escape(p.name), cell), Paragraph(escape(p.organisation_label), cell)]
        rows.append([*row, Paragraph("<br/>".join(chose), cell), ""] if columns else [*row, ""])
    table = Table(
        rows,
        colWidths=widths,
        repeatRows=1,
        rowHeights=[None] + [None if columns else 1.1 * cm] * (len(rows) - 1),
    )
    table.setStyle(
        TableStyle([
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 1), (-1, -1), 8 if columns else 3),  # room to sign however tall a row is
            ("BOTTOMPADDING", (0, 1), (-1, -1), 8 if columns else 3),
        ])
    )  # fmt: skip
    story = [
        Paragraph(escape(event.title), styles["Title"]),
        Paragraph(escape(" · ".join(filter(None, [_when(event), event.place]))), styles["Normal"]),
        Spacer(1, 0.5 * cm),
        table,
    ]
    document.build(story)
    return buffer.getvalue()


def badges_pdf(event: Event, people) -> bytes:
    """Name badges, ten to a sheet: the name large, the organisation, the event."""
    styles = getSampleStyleSheet()
    name_style = styles["Title"].clone("badge-name", fontSize=18, leading=22, spaceAfter=4)
    small = styles["Normal"].clone("badge-small", fontSize=9, leading=11, alignment=1)
    organisation_style = styles["Normal"].clone("badge-org", fontSize=12, leading=14, alignment=1)
    people = list(people)
    badges = [
        [
            Paragraph(escape(p.name), name_style),
            Paragraph(escape(p.organisation_label), organisation_style),
            Paragraph(escape(event.title), small),
        ]
        for p in people
    ] or [[Paragraph(_("No one with a place yet."), organisation_style)]]
    while len(badges) % BADGE_COLUMNS:
        badges.append("")
    grid = [badges[i : i + BADGE_COLUMNS] for i in range(0, len(badges), BADGE_COLUMNS)]
    table = Table(grid, colWidths=[9 * cm] * BADGE_COLUMNS, rowHeights=[5.4 * cm] * len(grid))
    table.setStyle(
        TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ])
    )  # fmt: skip
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.0 * cm,
        bottomMargin=1.0 * cm, title=_("Name badges: %(event)s") % {"event": event.title},
    )  # fmt: skip
    document.build([table])
    return buffer.getvalue()


def attendee_list_xlsx(event: Event, registrations, columns=()) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Registrations")[:31])
    sheet.append(
        [_("Name"), _("Email address"), _("Organisation"), _("Status"), _("Registered on"), _("Present")]
        + [spreadsheet_safe(label) for label, _value in columns]
    )
    for r in registrations:
        sheet.append(
            [
                spreadsheet_safe(v)
                for v in (r.name, r.email, r.organisation_label, str(r.get_status_display()))
            ]
            + [timezone.localtime(r.created_at).replace(tzinfo=None), _("yes") if r.attended_at else ""]
            + [spreadsheet_safe(value(r)) for _label, value in columns]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
