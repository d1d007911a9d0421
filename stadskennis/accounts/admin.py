from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from stadskennis.accounts.forms import AdminPasswordForm
from stadskennis.accounts.models import ApiToken, Invitation, User
from stadskennis.core.admin_audit import AuditedAdmin, AuditedAdminMixin


class UserCreationAdminForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "organisation", "role")


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    add_form = UserCreationAdminForm
    change_password_form = AdminPasswordForm
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "organisation", "role"]}),
        (_("Access"), {"fields": ["is_active", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "organisation", "role", "password1", "password2"]})
    ]
    filter_horizontal = ["groups", "user_permissions"]


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token_hash"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
