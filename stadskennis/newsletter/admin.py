"""Subscribers in the admin, to look up, never to edit: a subscription changes only through its
services (subscriptions.py), with its consent logged; editors see who bounced (mail app)."""

from django.contrib import admin

from stadskennis.core.admin_audit import AuditedAdmin
from stadskennis.newsletter.models import Consent, Subscriber


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = readonly_fields = ["at", "action", "source", "preferences"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(AuditedAdmin):
    list_display = ["email", "status", "monthly", "weekly", "confirmed_at"]
    list_filter = ["status", "monthly", "weekly"]
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # its owner erases it (the subscription's page, or their account's erasure)
