from django.contrib import admin

from stadskennis.core.admin_audit import AuditedAdmin
from stadskennis.search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(AuditedAdmin):
    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]
