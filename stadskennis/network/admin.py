from pathlib import PurePath

from django.contrib import admin

from stadskennis.core.admin_audit import AuditedAdmin, IndexedAdmin
from stadskennis.core.services import content_soft_delete
from stadskennis.network.models import (
    ActionPoint,
    Assignment,
    Meeting,
    MeetingDocument,
    Person,
    Submission,
    SubmissionFile,
    Workgroup,
)


def _describe_uploads(forms) -> None:
    """Name and size of a file uploaded in the admin, as the network services record them."""
    for form in forms:
        if "file" in form.changed_data and form.instance.file:
            form.instance.original_name = PurePath(form.instance.file.name).name[:255]
            form.instance.size = form.instance.file.size


@admin.register(Person)
class PersonAdmin(IndexedAdmin):
    list_display = ["last_name", "first_name", "organisation", "function", "legal_basis"]
    list_filter = ["organisation", "legal_basis"]
    search_fields = ["first_name", "last_name", "email", "expertise"]
    filter_horizontal = ["themes"]
    readonly_fields = ["informed_at", "erasure_requested_at", "erased_at"]
    actions = None  # erasure goes through the GDPR review, never a bulk delete

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Workgroup)
class WorkgroupAdmin(IndexedAdmin):
    list_display = ["name", "kind", "status", "lead_organisation", "visibility"]
    list_filter = ["kind", "status", "visibility"]
    filter_horizontal = ["themes", "members"]
    prepopulated_fields = {"key": ["name"]}
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).alive()

    def delete_model(self, request, obj):
        content_soft_delete(obj=obj, actor=request.user)


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["title", "file", "original_name", "size", "published_item"]
    readonly_fields = ["original_name", "size", "published_item"]


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["title", "workgroup", "starts_at"]
    list_filter = ["workgroup"]
    filter_horizontal = ["attendees"]
    inlines = [MeetingDocumentInline]

    def save_formset(self, request, form, formset, change):
        _describe_uploads(formset.forms)
        super().save_formset(request, form, formset, change)


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(AuditedAdmin):
    list_display = ["title", "meeting", "original_name", "created_at"]
    list_filter = ["meeting__workgroup"]
    readonly_fields = ["original_name", "size", "created_at", "published_item"]

    def save_model(self, request, obj, form, change):
        _describe_uploads([form])
        super().save_model(request, obj, form, change)


@admin.register(Assignment)
class AssignmentAdmin(IndexedAdmin):
    list_display = ["title", "workgroup", "deadline"]
    list_filter = ["workgroup"]


class SubmissionFileInline(admin.TabularInline):
    model = SubmissionFile
    extra = 0
    readonly_fields = ["original_name", "size", "created_at"]


@admin.register(Submission)
class SubmissionAdmin(IndexedAdmin):
    """Homework answers are searchable content: edits reindex, deleting goes through the trash."""

    list_display = ["assignment", "owner", "visibility", "submitted_at"]
    list_filter = ["assignment__workgroup", "visibility"]
    inlines = [SubmissionFileInline]
    actions = None

    def save_formset(self, request, form, formset, change):
        _describe_uploads(formset.forms)
        super().save_formset(request, form, formset, change)

    def get_queryset(self, request):
        return super().get_queryset(request).alive()

    def delete_model(self, request, obj):
        content_soft_delete(obj=obj, actor=request.user)


@admin.register(ActionPoint)
class ActionPointAdmin(AuditedAdmin):
    list_display = ["text", "workgroup", "kind", "owner_person", "due_date", "done_at"]
    list_filter = ["workgroup", "kind"]
