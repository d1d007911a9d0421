"""What each member's membership brought in a year: a table for centre staff, one organisation's own
figures for its people, both with a CSV twin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from stadskennis.core.models import Organisation
from stadskennis.core.visibility import can_see_participation, is_staff_user
from stadskennis.indicators.twins import csv_text
from stadskennis.programmes.money import euros
from stadskennis.programmes.participation import FIGURES, participation
from stadskennis.programmes.views_money import known_year


def _csv(rows, year: int) -> HttpResponse:
    data = [{"organisation": row.organisation.name, "year": year, **row.figures} for row in rows]
    for record in data:  # cents as exact euros with a decimal point, as data
        for key in ("fee_budget", "fee_paid"):
            record[key] = str(euros(record[key]))
    response = HttpResponse(
        csv_text(data, ["organisation", "year", *FIGURES]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="deelname-{year}.csv"'
    return response


@login_required
def participation_year(request, year: int):
    known_year(year)
    if not is_staff_user(request.user):
        if request.user.organisation_id is None:
            raise PermissionDenied
        return redirect("programmes:participation_member", year=year, slug=request.user.organisation.slug)
    rows = participation(year)
    if request.GET.get("formaat") == "csv":
        return _csv(rows, year)
    return render(request, "programmes/participation.html", {"year": year, "rows": rows})


@login_required
def participation_member(request, year: int, slug: str):
    known_year(year)
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_see_participation(request.user, organisation):
        raise PermissionDenied
    rows = participation(year, [organisation])
    if request.GET.get("formaat") == "csv":
        return _csv(rows, year)
    return render(request, "programmes/participation_member.html", {"year": year, "row": rows[0]})
