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
from stadskennis.core.visibility import (
    access_content_or_404,
    can_grant_plan_managers,
    can_manage_plan,
    can_set_up_plans,
    can_view,
    can_view_release,
)
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
    own = getattr(request.user, "organisation", None)
    setup_organisation = (
        own
        if own and (can_set_up_plans(request.user, own) or can_grant_plan_managers(request.user, own))
        else None
    )
    return render(
        request, "plans/list.html",
        {"organisations": sorted(organisations.items()), "setup_organisation": setup_organisation},
    )  # fmt: skip


def plan_detail(request, pk: int):
    plan = access_content_or_404(request.user, Plan.objects.select_related("owner"), pk=pk)
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "rows": services.plan_tree(plan),
            "can_manage": can_manage_plan(request.user, plan),
            "previous": plan.previous if can_view(request.user, plan.previous) else None,
            "releases": [r for r in plan.releases.all() if can_view_release(request.user, r, plan)],
        },
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


def _bound(request, plan: Plan) -> str:
    """A preview is confirmed by the person who made it, on the plan it was made for."""
    return f"plan:{plan.pk}:user:{request.user.pk}"


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
            token = upload_tickets.keep(
                folder=FOLDER, salt=SALT, name=upload.name, data=data, bound_to=_bound(request, plan)
            )
        return render(request, "plans/import_preview.html", {"plan": plan, "report": report, "token": token})
    return render(request, "plans/import.html", {"plan": plan, "form": form})


@require_POST
@login_required
def plan_import_confirm(request, pk: int):
    plan = _managed_plan(request, pk)
    try:
        path, name, data = upload_tickets.take(
            request.POST.get("token", ""), salt=SALT, bound_to=_bound(request, plan)
        )
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


class CarryOverForm(forms.Form):
    start_year = forms.IntegerField(label=gettext_lazy("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=gettext_lazy("Last year"), min_value=2000, max_value=2100)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year comes after the first."))
        if start and start <= self.plan.end_year:
            self.add_error(
                "start_year", _("The next period starts after %(year)s.") % {"year": self.plan.end_year}
            )
        return data


@login_required
def plan_carry_over(request, pk: int):
    """The plan of the next period, with the same structure and codes (each element keeps its history)."""
    plan = _managed_plan(request, pk)
    length = plan.end_year - plan.start_year
    initial = {"start_year": plan.end_year + 1, "end_year": plan.end_year + 1 + length}
    form = CarryOverForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        successor = services.plan_carry_over(
            plan=plan, start_year=form.cleaned_data["start_year"], end_year=form.cleaned_data["end_year"],
            actor=request.user,
        )  # fmt: skip
        messages.success(request, _("The plan was carried over to %(start)s–%(end)s.") % {
            "start": successor.start_year, "end": successor.end_year})  # fmt: skip
        return redirect("plans:plan", pk=successor.pk)
    return render(request, "plans/carry_over.html", {"plan": plan, "form": form})
