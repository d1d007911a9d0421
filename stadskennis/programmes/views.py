"""The public Werking: the cooperation periods with their programme lines, and a line's own page with
everything done under it over the years. Both have CSV and JSON twins (`?formaat=`)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from stadskennis.core.models import Period, ProgrammeLine
from stadskennis.core.visibility import is_staff_user
from stadskennis.indicators.twins import csv_text
from stadskennis.programmes.activity import KINDS, LIST_LIMIT, activity_of, history
from stadskennis.programmes.twins import line_activity_json, line_json, per_year


def _csv(rows: list[dict], fields: list[str], name: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows, fields), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def overview(request):
    periods = Period.objects.prefetch_related(
        "programme_lines__themes", "programme_lines__lead_organisation", "programme_lines__period"
    ).order_by("-start_year")
    lines = [line for period in periods for line in period.programme_lines.all()]
    fmt = request.GET.get("formaat")
    if fmt == "json":
        return JsonResponse(
            {
                "periods": [
                    {"name": p.name, "start_year": p.start_year, "end_year": p.end_year} for p in periods
                ],
                "programme_lines": [line_json(line, request.build_absolute_uri) for line in lines],
            },
            json_dumps_params={"ensure_ascii": False},
        )
    if fmt == "csv":
        rows = [
            {
                **line_json(line, request.build_absolute_uri),
                "themes": " ".join(theme.slug for theme in line.themes.all()),
            }
            for line in lines
        ]
        fields = ["id", "period", "name", "part_of", "continues", "lead_city", "themes", "description", "url"]
        return _csv(rows, fields, "programmalijnen")
    tree = [
        (period, [line for line in period.programme_lines.all() if line.parent_id is None])
        for period in periods
    ]
    subs: dict[int, list] = {}
    for line in lines:
        if line.parent_id:
            subs.setdefault(line.parent_id, []).append(line)
    return render(
        request,
        "programmes/overview.html",
        {
            "tree": [(period, [(line, subs.get(line.pk, [])) for line in top]) for period, top in tree],
            "staff": is_staff_user(request.user),
        },
    )


def line_page(request, pk: int):
    line = get_object_or_404(
        ProgrammeLine.objects.select_related("period", "parent", "continues__period", "lead_organisation"),
        pk=pk,
    )
    fmt = request.GET.get("formaat") if request.GET.get("formaat") in ("csv", "json") else None
    if fmt == "json":
        data = line_activity_json(line, request.user, request.build_absolute_uri)
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    chain = history(line)
    activity = activity_of(request.user, chain, limit=0 if fmt else LIST_LIMIT)  # a twin holds counts only
    if fmt == "csv":
        return _csv(per_year(activity), ["year", *[key for key, _label in KINDS]], f"programmalijn-{line.pk}")
    return render(
        request,
        "programmes/line.html",
        {
            "line": line,
            "chain": chain,
            "sub_programmes": line.sub_programmes.select_related("lead_organisation"),
            "continued_by": line.continued_by.select_related("period"),
            "staff_members": line.staff.all(),
            "activity": activity,
            "kinds": KINDS,
            "title": _("%(line)s (%(period)s)") % {"line": line.name, "period": line.period.name},
        },
    )
