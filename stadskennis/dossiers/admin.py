"""Dossier sites are made and filled by editors in the admin; every save is in the audit log."""

from django.contrib import admin

from stadskennis.core.admin_audit import AuditedAdmin
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
