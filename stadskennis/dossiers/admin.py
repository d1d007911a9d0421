"""Dossier sites are made and filled by editors in the admin; every save is in the audit log."""

from django.contrib import admin

from stadskennis.core.admin_audit import AuditedAdmin
from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.dossiers.models import DossierEntry, DossierField, DossierSite


class FieldInline(admin.TabularInline):
    model = DossierField
    extra = 1


class EntryInline(admin.TabularInline):
    model = DossierEntry
    extra = 1
    autocomplete_fields = ["item"]
    fields = ["item", "municipality", "values"]


@admin.register(DossierSite)
class DossierSiteAdmin(AuditedAdmin):
    list_display = ["title", "slug", "host"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [FieldInline, EntryInline]

    def get_readonly_fields(self, request, obj=None):
        """A host name changes what a whole address answers: administrators only."""
        return () if request.user.is_administrator else ("host",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changes = {}
        for formset in formsets:
            name = {DossierEntry: "entries", DossierField: "fields"}[
                formset.model
            ]  # the log is not translated
            changed = [obj for obj, _fields in formset.changed_objects]
            for verb, objects in (("added", formset.new_objects), ("changed", changed),
                                  ("removed", formset.deleted_objects)):  # fmt: skip
                if objects:
                    changes[f"{name} {verb}"] = [str(obj) for obj in objects]
        if changes:
            audit_record(
                actor=request.user, action=AuditEntry.Action.UPDATE, obj=form.instance, changes=changes
            )
