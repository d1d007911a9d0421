"""A city's plans: the list a reader may see, a plan with its figures and how each was reached, and
the import with a preview for the plan's managers (core.visibility decides who is who)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stadskennis.core import upload_tickets
from stadskennis.core.tabular import check_table_name
from stadskennis.core.visibility import access_content_or_404, can_manage_plan
from stadskennis.knowledge.forms import check_size
from stadskennis.plans import services
from stadskennis.plans.models import Plan

SALT = "plans.import"
FOLDER = "imports/plans"


def plan_list(request):
    plans = (
        Plan.objects.visible_to(request.user).select_related("owner").order_by("owner__name", "-start_year")
    )
    organisations: dict[str, list[Plan]] = {}
    for plan in plans:
        organisations.setdefault(plan.owner.display_name, []).append(plan)
    return render(request, "plans/list.html", {"organisations": sorted(organisations.items())})


def plan_detail(request, pk: int):
    plan = access_content_or_404(request.user, Plan.objects.select_related("owner"), pk=pk)
    return render(
        request,
        "plans/plan.html",
        {"plan": plan, "rows": services.plan_tree(plan), "can_manage": can_manage_plan(request.user, plan)},
    )


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The plan as a file (CSV or XLSX)"),
        help_text=gettext_lazy(
            "One element per row. Columns: code and titel; optional: bovenliggende code, niveau, "
            "omschrijving, prioritair, schepen, dienst, eigenaar (e-mail), start, einde, status, voortgang, "
            "gewicht, exploitatie gepland, exploitatie gerealiseerd, investering gepland, investering "
            "gerealiseerd, thema's, tags, publiek. Elements are matched by code: a row with a known code "
            "updates it."
        ),
        validators=[check_size, check_table_name],
    )


def _managed_plan(request, pk: int) -> Plan:
    plan = access_content_or_404(request.user, Plan.objects.select_related("owner"), pk=pk)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    return plan


@login_required
def plan_import(request, pk: int):
    plan = _managed_plan(request, pk)
    form = PlanFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = services.plan_import(
            plan=plan, name=upload.name, data=data, actor=request.user, dry_run=True
        )
        token = ""
        if not report.problems:
            token = upload_tickets.keep(folder=FOLDER, salt=SALT, name=upload.name, data=data)
        return render(request, "plans/import_preview.html", {"plan": plan, "report": report, "token": token})
    return render(request, "plans/import.html", {"plan": plan, "form": form})


@require_POST
@login_required
def plan_import_confirm(request, pk: int):
    plan = _managed_plan(request, pk)
    try:
        path, name, data = upload_tickets.take(request.POST.get("token", ""), salt=SALT)
    except upload_tickets.TicketExpired:
        messages.error(request, _("This preview has expired. Upload the file again."))
        return redirect("plans:import", pk=plan.pk)
    report = services.plan_import(plan=plan, name=name, data=data, actor=request.user)  # checked again
    upload_tickets.forget(path)
    if not report.written:
        messages.error(request, _("The file has rows with errors; nothing was imported."))
        return render(request, "plans/import_preview.html", {"plan": plan, "report": report, "token": ""})
    messages.success(
        request,
        _("Imported: %(new)d added, %(update)d updated.") % {"new": report.created, "update": report.updated},
    )
    return redirect("plans:plan", pk=plan.pk)
