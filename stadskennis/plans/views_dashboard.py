"""A plan's dashboards: the internal one for whoever reads the plan, and the public one the
organisation may publish (core.visibility decides both)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.visibility import access_content_or_404, public_dashboards
from stadskennis.plans import services
from stadskennis.plans.dashboard import BEHIND_MARGIN, FILTERS, GROUPINGS, plan_dashboard
from stadskennis.plans.models import Plan
from stadskennis.plans.views import _managed_plan


def _choices(request) -> tuple[str, dict[str, str]]:
    group_by = request.GET.get("groep", "domain")
    filters = {name: request.GET.get(name, "")[:200] for name in FILTERS}
    return (group_by if group_by in GROUPINGS else "domain"), filters


def dashboard(request, pk: int):
    plan = access_content_or_404(request.user, Plan.objects.select_related("owner"), pk=pk)
    group_by, filters = _choices(request)
    context = {
        "plan": plan, "dashboard": plan_dashboard(plan, group_by=group_by, filters=filters),
        "group_by": group_by, "groupings": GROUPINGS, "filters": filters, "public": False,
        "grouping_label": GROUPINGS[group_by], "margin": BEHIND_MARGIN,
    }  # fmt: skip
    return render(request, "plans/dashboard.html", context)


def public_dashboard(request, pk: int):
    plan = public_dashboards(Plan.objects.select_related("owner")).filter(pk=pk).first()
    if plan is None:
        raise Http404
    group_by, filters = _choices(request)
    context = {
        "plan": plan, "dashboard": plan_dashboard(plan, group_by=group_by, filters=filters, public_only=True),
        "group_by": group_by, "groupings": GROUPINGS, "filters": filters, "public": True,
        "grouping_label": GROUPINGS[group_by], "margin": BEHIND_MARGIN,
    }  # fmt: skip
    return render(request, "plans/dashboard.html", context)


@require_POST
@login_required
def publish_dashboard(request, pk: int):
    plan = _managed_plan(request, pk)
    publish = request.POST.get("publiceren") == "1"
    services.plan_publish_dashboard(plan=plan, publish=publish, actor=request.user)
    if publish:
        messages.success(
            request, _("The public dashboard is published: anyone can read the elements marked public.")
        )
    else:
        messages.success(request, _("The public dashboard is no longer published."))
    return redirect("plans:plan", pk=plan.pk)
