"""An element of a plan: what it is, how far it has come, and its indicators with their values against
the trajectory; for the plan's managers, adding, changing and removing those indicators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.visibility import access_content_or_404, can_manage_plan, indicators_for_plan
from stadskennis.indicators.models import Indicator
from stadskennis.plans import plan_indicators
from stadskennis.plans.forms import IndicatorForm
from stadskennis.plans.models import Plan, PlanElement, PlanIndicator


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
