"""Until the plans have pages of their own for it: staff create plans, keep each organisation's
statuses and name its plan managers here; every change is audited (core.admin_audit)."""

from django.contrib import admin

from stadskennis.core.admin_audit import AuditedAdmin
from stadskennis.core.outbox import record_changes
from stadskennis.plans.models import Plan, PlanElement, PlanManager, PlanStatus, Release


def _elements_leave_search(plan_ids: list[int]) -> None:
    """A plan deleted for good takes its elements along: their documents must leave the index too (the
    outbox's entry for the plan finds no elements once they are gone)."""
    elements = PlanElement.objects.filter(plan_id__in=plan_ids).values_list("pk", flat=True)
    record_changes(PlanElement, list(elements))


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    indexed = True  # who finds its elements in search follows its visibility
    list_display = ["title", "owner", "start_year", "end_year", "visibility"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title", "owner__name"]
    exclude = ["created_by"]

    def delete_model(self, request, obj):
        _elements_leave_search([obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        _elements_leave_search(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)


@admin.register(PlanStatus)
class PlanStatusAdmin(AuditedAdmin):
    list_display = ["name", "organisation", "default_progress", "excluded_from_rollup", "position"]
    list_filter = ["organisation"]


@admin.register(PlanManager)
class PlanManagerAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "created_at"]
    autocomplete_fields = []
    exclude = ["granted_by"]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    """Read only: releases are opened, updated and frozen on their pages (plans.releases), and a frozen
    release changes by no path."""

    list_display = ["title", "plan", "phase", "deadline", "frozen_at"]
    list_filter = ["phase"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
