"""A plan's dashboards (the internal one for whoever reads the plan, the public one the organisation
may publish) and plans compared across cities (core.visibility decides who sees what)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.models import Theme
from stadskennis.core.visibility import Visibility, access_content_or_404, is_staff_user, public_dashboards
from stadskennis.plans import comparison, services
from stadskennis.plans.comparison import compare_plans, sdg_tag
from stadskennis.plans.dashboard import BEHIND_MARGIN, FILTERS, GROUPINGS, plan_dashboard
from stadskennis.plans.models import Plan
from stadskennis.plans.views import _managed_plan


def _choices(request) -> tuple[str, dict[str, str]]:
    group_by = request.GET.get("groep", "domain")
    filters = {name: request.GET.get(name, "")[:200] for name in FILTERS}
    return (group_by if group_by in GROUPINGS else "domain"), filters


def dashboard(request, pk: int):
    plan = access_content_or_404(request.user, Plan.objects.select_related("owner"), pk=pk)
    return _dashboard_page(request, plan, public=False)


def public_dashboard(request, pk: int):
    plan = public_dashboards(Plan.objects.select_related("owner")).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return _dashboard_page(request, plan, public=True)


def _dashboard_page(request, plan: Plan, *, public: bool):
    """The internal and the public dashboard are one page: the public one shows only the elements
    marked public (plans.dashboard)."""
    group_by, filters = _choices(request)
    shown = plan_dashboard(plan, group_by=group_by, filters=filters, public_only=public)
    context = {
        "plan": plan, "dashboard": shown,
        "group_by": group_by, "groupings": GROUPINGS, "filters": filters, "public": public,
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


@require_POST
@login_required
def share_for_comparison(request, pk: int):
    plan = _managed_plan(request, pk)
    share = request.POST.get("delen") == "1"
    services.plan_share_for_comparison(plan=plan, share=share, actor=request.user)
    if share:
        messages.success(request, _("The plan is shared: members of other cities can compare its elements."))
    else:
        messages.success(request, _("The plan is no longer shared for comparison."))
    return redirect("plans:plan", pk=plan.pk)


def compare_cities(request):
    """Which cities have objectives and actions on a theme, an SDG goal or some words, side by side."""
    theme = request.GET.get("thema", "")[:100]
    sdg = request.GET.get("sdg", "")[:20]
    words = request.GET.get("woorden", "")[:200]
    cities = compare_plans(user=request.user, theme=theme, sdg=sdg, words=words)
    context = {
        "cities": cities, "theme": theme, "sdg": sdg, "words": words,
        "themes": Theme.objects.order_by("name"),
        "asked": bool(theme or sdg_tag(sdg) or words.strip()), "sdg_unknown": bool(sdg and not sdg_tag(sdg)),
        "organisations": sorted({city.plan.owner.display_name for city in cities}),
        "may_publish": is_staff_user(request.user),
        "shared": comparison.shared_indicators(cities),
    }  # fmt: skip
    return render(request, "plans/compare_cities.html", context)


@require_POST
@login_required
def comparison_to_item(request):
    """A centre editor turns a comparison into a knowledge item, for the network or for everyone."""
    if not is_staff_user(request.user):
        raise PermissionDenied
    visibility = request.POST.get("zichtbaarheid", "")
    if visibility not in (Visibility.PUBLIC, Visibility.NETWORK):
        raise PermissionDenied
    try:
        item = comparison.comparison_to_item(
            actor=request.user, theme=request.POST.get("thema", "")[:100],
            sdg=request.POST.get("sdg", "")[:20], words=request.POST.get("woorden", "")[:200],
            visibility=visibility,
        )  # fmt: skip
    except comparison.NothingToPublish as error:
        messages.error(request, str(error))
        asked = {key: request.POST.get(key, "") for key in ("thema", "sdg", "woorden")}
        return redirect(reverse("plans:compare_cities") + "?" + urlencode(asked))
    messages.success(request, _("The comparison is now a knowledge item; edit it further there."))
    return redirect(item.get_absolute_url())
