from django.contrib import admin

from stadskennis.core.services import content_soft_delete
from stadskennis.network.models import ActionPoint, Assignment, Meeting, Person, Workgroup
from stadskennis.search.index import index_object


class IndexedAdmin(admin.ModelAdmin):
    """Admin edits keep the search index in step, or search would show stale (or hidden) data."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        index_object(form.instance)


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


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "workgroup", "starts_at"]
    list_filter = ["workgroup"]
    filter_horizontal = ["attendees"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "workgroup", "deadline"]
    list_filter = ["workgroup"]


@admin.register(ActionPoint)
class ActionPointAdmin(admin.ModelAdmin):
    list_display = ["text", "workgroup", "kind", "owner_person", "due_date", "done_at"]
    list_filter = ["workgroup", "kind"]
