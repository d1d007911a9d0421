"""Subscribers in the admin, to look up, never to edit: a subscription changes only through its
services (subscriptions.py), with its consent logged; editors see whose mail does not arrive (the
mail app's bounces and complaints), and filter on it."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from stadskennis.core.admin_audit import AuditedAdmin
from stadskennis.mail.services import undeliverable_addresses
from stadskennis.newsletter.models import Consent, Subscriber


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = readonly_fields = ["at", "action", "source", "preferences"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MailArrives(admin.SimpleListFilter):
    title = _("mail arrives")
    parameter_name = "aankomst"

    def lookups(self, request, model_admin):
        return [("ja", _("Yes")), ("nee", _("No: bounced or complained"))]

    def queryset(self, request, queryset):
        if self.value() == "nee":
            return queryset.filter(email__in=undeliverable_addresses())
        if self.value() == "ja":
            return queryset.exclude(email__in=undeliverable_addresses())
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(AuditedAdmin):
    list_display = ["email", "status", "monthly", "weekly", "confirmed_at", "mail_arrives"]
    list_filter = ["status", MailArrives, "monthly", "weekly"]
    search_fields = ["email"]
    fields = readonly_fields = [
        "email",
        "status",
        "monthly",
        "weekly",
        "confirmed_at",
        "unsubscribed_at",
        "created_at",
    ]
    inlines = [ConsentInline]
    actions = None

    view_on_site = False  # a subscription's page is its owner's alone (models.Subscriber.manage_url)

    def get_queryset(self, request):
        """Whether our mail reaches each address, asked in the same query (mail.services' rule)."""
        bounced = Exists(undeliverable_addresses().filter(address=OuterRef("email")))
        return super().get_queryset(request).annotate(bounced=bounced)

    @admin.display(description=_("mail arrives"), boolean=True)
    def mail_arrives(self, subscriber) -> bool:
        return not subscriber.bounced

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # its owner erases it (the subscription's page, or their account's erasure)
