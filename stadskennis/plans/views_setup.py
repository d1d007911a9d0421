"""An organisation's plan set-up: its plan managers, its list of statuses, and starting a new plan
(core.visibility decides who may; plans.organisation makes every change, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.accounts.models import User
from stadskennis.core.models import Organisation
from stadskennis.core.visibility import can_grant_plan_managers, can_set_up_plans
from stadskennis.plans import organisation as setup
from stadskennis.plans.forms_building import ManagerForm, PlanForm, StatusForm
from stadskennis.plans.models import PlanManager, PlanStatus
from stadskennis.plans.services import statuses_for


def _organisation(request, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not (
        can_set_up_plans(request.user, organisation) or can_grant_plan_managers(request.user, organisation)
    ):
        raise PermissionDenied
    return organisation


def _members(organisation: Organisation):
    managing = PlanManager.objects.filter(organisation=organisation).values("user")
    return (
        User.objects.filter(organisation=organisation, is_active=True)
        .exclude(pk__in=managing)
        .order_by("full_name", "email")
    )


@login_required
def organisation_setup(request, slug: str):
    organisation = _organisation(request, slug)
    managers = PlanManager.objects.filter(organisation=organisation).select_related("user", "granted_by")
    return render(request, "plans/setup.html", {
        "organisation": organisation,
        "managers": managers.order_by("user__full_name"),
        "statuses": statuses_for(organisation),
        "may_grant": can_grant_plan_managers(request.user, organisation),
        "may_set_up": can_set_up_plans(request.user, organisation),
        "manager_form": ManagerForm(members=_members(organisation)),
    })  # fmt: skip


@require_POST
@login_required
def manager_grant(request, slug: str):
    organisation = _organisation(request, slug)
    if not can_grant_plan_managers(request.user, organisation):
        raise PermissionDenied
    form = ManagerForm(request.POST, members=_members(organisation))
    if form.is_valid():
        try:
            setup.plan_manager_grant(
                organisation=organisation, user=form.cleaned_data["user"], actor=request.user
            )
        except setup.SetupError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(name)s now manages the plans.") % {"name": form.cleaned_data["user"]}
            )
    else:
        messages.error(request, _("Choose a member of the organisation."))
    return redirect("plans:setup", slug=organisation.slug)


@require_POST
@login_required
def manager_revoke(request, slug: str, manager: int):
    organisation = _organisation(request, slug)
    if not can_grant_plan_managers(request.user, organisation):
        raise PermissionDenied
    role = get_object_or_404(PlanManager, pk=manager, organisation=organisation)
    try:
        setup.plan_manager_revoke(manager=role, actor=request.user)
    except setup.SetupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s no longer manages the plans.") % {"name": role.user})
    return redirect("plans:setup", slug=organisation.slug)


@login_required
def status_edit(request, slug: str, status: int | None = None):
    organisation = _organisation(request, slug)
    if not can_set_up_plans(request.user, organisation):
        raise PermissionDenied
    existing = get_object_or_404(PlanStatus, pk=status, organisation=organisation) if status else None
    initial = None
    if existing:
        fields = ("name", "icon", "default_progress", "excluded_from_rollup")
        initial = {field: getattr(existing, field) for field in fields}
    form = StatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            setup.status_save(
                organisation=organisation, data=form.cleaned_data, actor=request.user, status=existing
            )
        except setup.SetupError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("The status is saved."))
            return redirect("plans:setup", slug=organisation.slug)
    return render(
        request, "plans/status_form.html", {"organisation": organisation, "form": form, "status": existing}
    )


@require_POST
@login_required
def status_delete(request, slug: str, status: int):
    organisation = _organisation(request, slug)
    if not can_set_up_plans(request.user, organisation):
        raise PermissionDenied
    try:
        setup.status_delete(
            status=get_object_or_404(PlanStatus, pk=status, organisation=organisation), actor=request.user
        )
    except setup.SetupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The status is removed."))
    return redirect("plans:setup", slug=organisation.slug)


@login_required
def plan_new(request, slug: str):
    organisation = _organisation(request, slug)
    if not can_set_up_plans(request.user, organisation):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = setup.plan_create(organisation=organisation, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("The plan is made; import its elements or carry over an earlier plan."))
        return redirect("plans:plan", pk=plan.pk)
    return render(request, "plans/plan_new.html", {"organisation": organisation, "form": form})
