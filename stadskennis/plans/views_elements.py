"""An element of a plan: what it is, how far it has come, and its indicators with their values against
the trajectory; for the plan's managers, building the plan in the interface (adding and changing
elements, through the import's own checks) and adding, changing and removing indicators."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.visibility import access_content_or_404, can_manage_plan, indicators_for_plan
from stadskennis.indicators.models import Indicator
from stadskennis.plans import plan_indicators, services
from stadskennis.plans.forms import IndicatorForm
from stadskennis.plans.forms_building import ElementForm
from stadskennis.plans.import_rules import COLUMN_NAMES, LEVEL_NAMES
from stadskennis.plans.models import Plan, PlanElement, PlanIndicator
from stadskennis.plans.views import _managed_plan


def _element(request, pk: int) -> tuple[PlanElement, Plan]:
    element = get_object_or_404(PlanElement.objects.select_related("parent", "status", "owner"), pk=pk)
    plan = access_content_or_404(request.user, Plan.objects.select_related("owner"), pk=element.plan_id)
    return element, plan


def element_detail(request, pk: int):
    element, plan = _element(request, pk)
    indicators = element.indicators.select_related("warehouse").prefetch_related("values")
    return render(
        request,
        "plans/element.html",
        {
            "element": element, "plan": plan, "can_manage": can_manage_plan(request.user, plan),
            "standings": [plan_indicators.standing(indicator) for indicator in indicators],
            "children": element.children.select_related("status"),
        },
    )  # fmt: skip


def _managed_element(request, pk: int) -> tuple[PlanElement, Plan]:
    element, plan = _element(request, pk)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    return element, plan


def _initial(indicator: PlanIndicator) -> dict:
    def shown(value):
        return "" if value is None else format(value.normalize(), "f")

    return {
        "warehouse": indicator.warehouse_id, "name": indicator.name, "unit": indicator.unit,
        "kind": indicator.kind, "steps": "\n".join(indicator.steps), "direction": indicator.direction,
        "baseline": shown(indicator.baseline), "baseline_year": indicator.baseline_year,
        "target": shown(indicator.target), "target_year": indicator.target_year,
        "trajectory": "\n".join(f"{year}: {value}" for year, value in indicator.trajectory),
        "on_track_from": indicator.on_track_from, "attention_from": indicator.attention_from,
    }  # fmt: skip


def _offered(existing: PlanIndicator | None):
    """The current warehouse indicators, and a retired one only where it is already chosen."""
    chosen = [existing.warehouse.code] if existing and existing.warehouse else []
    return Indicator.objects.offered(chosen)


@login_required
def indicator_edit(request, pk: int, indicator: int | None = None):
    """Add an indicator to the element `pk`, or change its indicator `indicator`."""
    element, plan = _managed_element(request, pk)
    existing = get_object_or_404(element.indicators, pk=indicator) if indicator else None
    form = IndicatorForm(
        request.POST or None,
        indicators=indicators_for_plan(request.user, plan, _offered(existing)).order_by("name"),
        initial=_initial(existing) if existing else None,
    )
    if request.method == "POST" and form.is_valid():
        plan_indicators.indicator_save(
            element=element, data=form.cleaned_data, actor=request.user, indicator=existing
        )
        messages.success(request, _("The indicator is saved."))
        return redirect("plans:element", pk=element.pk)
    return render(
        request,
        "plans/indicator_form.html",
        {"element": element, "plan": plan, "form": form, "indicator": existing},
    )


@require_POST
@login_required
def indicator_delete(request, pk: int, indicator: int):
    element, _plan = _managed_element(request, pk)
    plan_indicators.indicator_delete(
        indicator=get_object_or_404(element.indicators, pk=indicator), actor=request.user
    )
    messages.success(request, _("The indicator is removed; releases that reported on it keep their copy."))
    return redirect("plans:element", pk=element.pk)


FIELD_OF_COLUMN = {
    name: field for field, name in COLUMN_NAMES.items()
}  # a problem's column → the form's field


def _element_initial(element: PlanElement) -> dict:
    def euro(cents):
        return "" if cents is None else format(Decimal(cents) / 100, ".2f").replace(".", ",")

    return {
        "code": element.code, "parent": element.parent.code if element.parent else "",
        "level": LEVEL_NAMES[element.level], "title": element.title, "description": element.description,
        "priority": element.priority, "politician": element.politician, "department": element.department,
        "owner": element.owner.email if element.owner else "", "start": element.start, "end": element.end,
        "status": element.status.name if element.status else "",
        "progress": "" if element.progress is None else element.progress,
        "weight": format(element.weight.normalize(), "f"),
        **{key: euro(getattr(element, key)) for key in services.BUDGETS},
        "themes": [t.slug for t in element.themes.all()], "tags": ", ".join(element.tags),
        "public": element.public,
    }  # fmt: skip


@login_required
def element_edit(request, pk: int, element: int | None = None):
    """Add an element to the plan `pk` (under ?onder=<code>), or change its element `element`."""
    plan = _managed_plan(request, pk)
    existing = (
        get_object_or_404(plan.elements.select_related("parent", "owner", "status"), pk=element)
        if element
        else None
    )
    initial = (
        _element_initial(existing)
        if existing
        else {"parent": request.GET.get("onder", "")[:40], "level": "actie", "weight": "1"}
    )
    form = ElementForm(request.POST or None, plan=plan, element=existing, initial=initial)
    if request.method == "POST" and form.is_valid():
        cells = form.cells()
        if existing is not None:
            cells["code"] = existing.code  # the city's external id does not change
        elif plan.elements.filter(code=cells["code"]).exists():
            form.add_error("code", _("The plan has an element with this code already."))
        report = None
        if not form.errors:
            try:
                report = services.element_save(plan=plan, cells=cells, actor=request.user)
            except IntegrityError:  # the same code added by someone else at the same moment
                form.add_error("code", _("The plan has an element with this code already."))
        if report is not None:
            for problem in report.problems:
                field = FIELD_OF_COLUMN.get(problem.column or "", None)
                form.add_error(field if field in form.fields else None, problem.message)
            if report.written:
                saved = plan.elements.get(code=cells["code"])
                messages.success(request, _("Saved: %(code)s.") % {"code": saved.code})
                return redirect("plans:element", pk=saved.pk)
    return render(request, "plans/element_form.html", {"plan": plan, "form": form, "element": existing})


@require_POST
@login_required
def element_delete(request, pk: int, element: int):
    plan = _managed_plan(request, pk)
    doomed = get_object_or_404(plan.elements, pk=element)
    try:
        services.element_delete(element=doomed, actor=request.user)
    except services.ElementInUse as error:
        messages.error(request, str(error))
        return redirect("plans:element", pk=doomed.pk)
    messages.success(request, _("Removed: %(code)s.") % {"code": doomed.code})
    return redirect("plans:plan", pk=plan.pk)
