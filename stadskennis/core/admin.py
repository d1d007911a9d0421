from django.contrib import admin
from django.db import models

from stadskennis.core.admin_audit import AuditedAdmin
from stadskennis.core.models import AuditEntry, Organisation, OrganisationCode, Period, ProgrammeLine, Theme
from stadskennis.core.services import reference_save


class OrganisationCodeInline(admin.TabularInline):
    model = OrganisationCode
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "nis_code", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "codes__code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationCodeInline]

    def save_model(self, request, obj, form, change):
        reference_save(obj=obj, actor=request.user, created=not change)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        reference_save(obj=obj, actor=request.user, created=not change)

    def has_delete_permission(self, request, obj=None):
        return False  # reference data: knowledge, people and plans link to it; rename instead


class ProgrammeLineInline(admin.StackedInline):
    model = ProgrammeLine
    extra = 0
    filter_horizontal = ["themes"]


@admin.register(Period)
class PeriodAdmin(AuditedAdmin):
    list_display = ["name", "start_year", "end_year"]
    inlines = [ProgrammeLineInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
