"""A release as a spreadsheet: one row per element, in the plan's order, with its figure as rolled up, and
a sheet of its indicators."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.plans.models import Release, ReleaseIndicator
from stadskennis.plans.plan_indicators import state_label
from stadskennis.plans.releases import release_figures


def release_xlsx(release: Release) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    figures = release_figures(release)
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Release"))[:31]
    header = [_("Code"), _("Parent code"), _("Level"), _("Title"), _("Alderman"), _("Department"),
              _("Status"), _("Own progress (%)"), _("Progress (%)"), _("How it was reached"), _("Narrative"),
              _("Start"), _("End"), _("Updated")]  # fmt: skip
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for entry in release.entries.all():
        figure = figures[entry.code]
        sheet.append([
            spreadsheet_safe(entry.code), spreadsheet_safe(entry.parent_code), entry.get_level_display(),
            spreadsheet_safe(entry.title), spreadsheet_safe(entry.politician),
            spreadsheet_safe(entry.department), spreadsheet_safe(entry.status_name), entry.progress,
            figure.percent,
            spreadsheet_safe(figure.explanation()),
            spreadsheet_safe(entry.narrative), entry.start, entry.end,
            timezone.localtime(entry.updated_at).replace(tzinfo=None) if entry.updated_at else None,
        ])  # fmt: skip
    sheet.freeze_panes = "B2"
    _indicators_sheet(book, release)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _indicators_sheet(book, release: Release) -> None:
    """A second sheet: each indicator of the release with its value, target and evaluation."""
    from openpyxl.styles import Font

    sheet = book.create_sheet(str(_("Indicators"))[:31])
    header = [_("Code"), _("Indicator"), _("Unit"), _("Kind"), _("Baseline"), _("Baseline year"), _("Target"),
              _("Target year"), _("Year"), _("Value"), _("Expected by the trajectory"), _("Evaluation"),
              _("Stad in cijfers")]  # fmt: skip
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    copies = ReleaseIndicator.objects.filter(entry__release=release).select_related("entry")
    for copy in copies.order_by("entry__position", "entry__code", "position", "pk"):
        sheet.append([
            spreadsheet_safe(copy.entry.code), spreadsheet_safe(copy.name), spreadsheet_safe(copy.unit),
            copy.get_kind_display(), copy.baseline, copy.baseline_year, copy.target, copy.target_year,
            copy.year, copy.value, copy.expected, state_label(copy.evaluation) if copy.evaluation else "",
            _("yes") if copy.warehouse else _("no"),
        ])  # fmt: skip
    sheet.freeze_panes = "C2"
