"""A year's annual accounts: for staff while they are drawn up (with their approval), public once
approved, with their data twins: CSV, JSON and a Fiscal Data Package (frictionless `datapackage.json`
with the fiscal model: budget and actual as measures, direction, kind and programme line as
dimensions). Money is staff-only until then: the same page answers 404 to anyone else."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stadskennis.core.visibility import is_staff_user, staff_required
from stadskennis.indicators.twins import csv_text
from stadskennis.programmes import accounts, services
from stadskennis.programmes.forms import AccountsApprovalForm
from stadskennis.programmes.models import YearAccounts
from stadskennis.programmes.twins import ACCOUNT_FIELDS, account_rows, accounts_json, approved
from stadskennis.programmes.views_money import known_year


@require_http_methods(["GET", "POST"])
@staff_required
def accounts_page(request, year: int):
    """The staff's view of the year's accounts, where they are approved (and published) or withdrawn."""
    known_year(year)
    current = approved(year)
    form = AccountsApprovalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record = YearAccounts.objects.filter(year=year).first() or YearAccounts(year=year)
        values = dict(form.cleaned_data)
        services.record_save(obj=record, values={"year": year, **values}, actor=request.user)
        services.accounts_publish(accounts=record, actor=request.user)
        messages.success(request, _("The accounts of %(year)s are approved and public.") % {"year": year})
        return redirect("programmes:accounts", year=year)
    return _render_accounts(request, year, current, form=form, staff_view=True)


@require_POST
@staff_required
def accounts_withdraw(request, year: int):
    current = approved(year)
    if current is not None:
        services.accounts_withdraw(accounts=current, actor=request.user)
        messages.success(request, _("The accounts of %(year)s are no longer public.") % {"year": year})
    return redirect("programmes:accounts", year=year)


def _render_accounts(request, year: int, current, *, form=None, staff_view=False):
    figures = accounts.year_figures(year, on=_year_end(year))
    context = {
        "year": year,
        "figures": figures,
        "own_budget": figures.own_means("budget"),
        "own_actual": figures.own_means("actual"),
        "approved": current,
        "form": form,
        "staff_view": staff_view,
    }
    return render(request, "programmes/accounts.html", context, status=400 if form and form.errors else 200)


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def public_list(request):
    years = YearAccounts.objects.filter(withdrawn_at__isnull=True).order_by("-year")
    return render(request, "programmes/accounts_list.html", {"years": years})


def accounts_public(request, year: int):
    """Approved accounts for everyone, with their twins; 404 before approval (staff work on them at
    the staff's page, which says whether they are public)."""
    current = approved(year)
    if current is None:
        if is_staff_user(request.user):
            return redirect("programmes:accounts", year=year)
        raise Http404(_("The accounts of %(year)s are not public yet.") % {"year": year})
    fmt = request.GET.get("formaat")
    if fmt == "csv":
        figures = accounts.year_figures(year, on=_year_end(year))
        response = HttpResponse(
            csv_text(account_rows(figures), ACCOUNT_FIELDS), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="rekening-{year}.csv"'
        return response
    if fmt == "json":
        return JsonResponse(accounts_json(current), json_dumps_params={"ensure_ascii": False})
    return _render_accounts(request, year, current)


def datapackage(request, year: int):
    """The approved accounts as a Fiscal Data Package."""
    current = approved(year)
    if current is None:
        raise Http404(_("The accounts of %(year)s are not public yet.") % {"year": year})
    csv_url = (
        request.build_absolute_uri(reverse("programmes:accounts_public", kwargs={"year": year}))
        + "?formaat=csv"
    )
    fields = [
        {"name": "year", "type": "year"},
        {"name": "direction", "type": "string", "constraints": {"enum": ["revenue", "expenditure"]}},
        {"name": "kind", "type": "string"},
        {"name": "kind_label", "type": "string"},
        {"name": "programme_line", "type": "string"},
        {"name": "budget", "type": "number", "decimalChar": "."},
        {"name": "actual", "type": "number", "decimalChar": "."},
        {"name": "currency", "type": "string"},
    ]
    package = {
        "profile": "fiscal-data-package",
        "name": f"kenniscentrum-vlaamse-steden-rekening-{year}",
        "title": _("Annual accounts %(year)s of the Kenniscentrum Vlaamse Steden") % {"year": year},
        "countryCode": "BE",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "fiscalPeriod": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "granularity": "aggregated",
        "resources": [
            {
                "name": f"rekening-{year}",
                "profile": "tabular-data-resource",
                "path": csv_url,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {"fields": fields},
            }
        ],
        "model": {
            "measures": {
                "budget": {"source": "budget", "currency": "EUR", "phase": "approved"},
                "actual": {"source": "actual", "currency": "EUR", "phase": "executed"},
            },
            "dimensions": {
                "date": {
                    "attributes": {"year": {"source": "year"}},
                    "primaryKey": ["year"],
                    "dimensionType": "datetime",
                },
                "direction": {
                    "attributes": {"direction": {"source": "direction"}},
                    "primaryKey": ["direction"],
                    "dimensionType": "other",
                },
                "kind": {
                    "attributes": {
                        "code": {"source": "kind"},
                        "label": {"source": "kind_label", "labelfor": "code"},
                    },
                    "primaryKey": ["code"],
                    "dimensionType": "classification",
                },
                "programme_line": {
                    "attributes": {"name": {"source": "programme_line"}},
                    "primaryKey": ["name"],
                    "dimensionType": "activity",
                },
            },
        },
    }
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False})
