from django.contrib import admin
from django.db import models

from stadskennis.core.admin_audit import IndexedAdmin
from stadskennis.core.services import content_soft_delete
from stadskennis.knowledge.models import Attachment, KnowledgeItem


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "size", "content_type"]


@admin.register(KnowledgeItem)
class KnowledgeItemAdmin(IndexedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "kind", "owner", "visibility", "created_at"]
    list_filter = ["kind", "visibility", "themes"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["themes", "organisations", "contacts"]
    inlines = [AttachmentInline]

    actions = None  # no bulk hard delete: deleting goes through the trash

    def get_queryset(self, request):
        return super().get_queryset(request).alive()

    def delete_model(self, request, obj):
        content_soft_delete(obj=obj, actor=request.user)
