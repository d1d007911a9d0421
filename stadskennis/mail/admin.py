from django.contrib import admin

from stadskennis.core.admin_audit import AuditedAdmin
from stadskennis.mail.models import MailBounce


@admin.register(MailBounce)
class MailBounceAdmin(AuditedAdmin):
    """Administrators see which addresses we stopped mailing; deleting a row mails the address again."""

    list_display = ["address", "hard_at", "complaint_at", "soft_count", "last_at", "last_status"]
    search_fields = ["address"]
    readonly_fields = list_display
    actions = None

    def has_add_permission(self, request):
        return False
