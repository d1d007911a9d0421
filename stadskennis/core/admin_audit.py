"""The admin is one more door for writes: what it saves or deletes goes into the audit log (and,
for searchable content, the search outbox), exactly as the services of the pages do."""

from __future__ import annotations

from django.contrib import admin

from stadskennis.core.services import admin_deleted, admin_saved


class AuditedAdminMixin:
    """Mix into any ModelAdmin (Django's UserAdmin included). `indexed` content also records a
    change in the search outbox, after its many-to-many fields and inlines are saved."""

    indexed = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        admin_saved(
            obj=form.instance,
            actor=request.user,
            created=not change,
            fields=form.changed_data,
            indexed=self.indexed,
        )

    def delete_model(self, request, obj):
        admin_deleted(obj=obj, actor=request.user, indexed=self.indexed)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            admin_deleted(obj=obj, actor=request.user, indexed=self.indexed)
        super().delete_queryset(request, queryset)


class AuditedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


class IndexedAdmin(AuditedAdmin):
    """For searchable content: its edits reach the search index, or search would show stale (or
    hidden) data."""

    indexed = True
