"""What an event's organisers see: the registrants, with their personal data, and the list as CSV."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.core.visibility import can_manage_event
from stadskennis.events import registrations, selectors


def _managed(request, slug: str):
    found = selectors.event_get(user=request.user, slug=slug)
    if not can_manage_event(request.user, found):
        raise PermissionDenied
    return found


@login_required
def registrants(request, slug: str):
    found = _managed(request, slug)
    query = request.GET.get("q", "")[:100].strip()
    rows = selectors.registrations_for_organiser(user=request.user, event=found)
    if query:
        rows = rows.filter(name__icontains=query) | rows.filter(organisation_name__icontains=query)
    context = {
        "event": found,
        "registrations": rows,
        "query": query,
        "places": registrations.places(found),
        "counts": selectors.status_counts(found),
    }
    return render(request, "events/registrants.html", context)


@login_required
def registrants_csv(request, slug: str):
    """UTF-8 with BOM and ';' between cells: how Excel in Belgium opens a CSV without asking."""
    found = _managed(request, slug)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Name"), _("Email address"), _("Organisation"), _("Status"), _("Registered on")])
    for row in selectors.registrations_for_organiser(user=request.user, event=found):
        writer.writerow(
            [
                spreadsheet_safe(v)
                for v in (row.name, row.email, row.organisation_label, row.get_status_display())
            ]
            + [row.created_at.date().isoformat()]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(found.title)[:60] or "inschrijvingen"}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
