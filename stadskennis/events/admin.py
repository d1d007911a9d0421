"""Centre staff plan events in the admin for now; registrations change only through their services
(a place taken or freed must pass the lock in registrations.py), so the admin shows them read-only."""

from django.contrib import admin
from django.db.models import Q

from stadskennis.core.admin_audit import IndexedAdmin
from stadskennis.core.services import content_soft_delete
from stadskennis.core.visibility import GROUP, Visibility
from stadskennis.events import registrations
from stadskennis.events.models import Event, EventSession, Registration


class SessionInline(admin.StackedInline):
    model = EventSession
    extra = 0
    filter_horizontal = ["speakers"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "organisation_label", "status", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(IndexedAdmin):
    list_display = ["title", "kind", "starts_at", "audience", "capacity", "status", "visibility"]
    list_filter = ["kind", "audience", "status", "visibility"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["themes"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SessionInline, RegistrationInline]
    actions = None

    def get_queryset(self, request):
        """An intervisie closed to its participants stays closed here too, and only its organisers
        (not every participant) edit it."""
        organised = Q(access_group__memberships__user=request.user, access_group__memberships__organises=True)
        return super().get_queryset(request).visible_to(request.user).filter(~Q(visibility=GROUP) | organised)

    def get_readonly_fields(self, request, obj=None):
        """Closing an event to a named group and cancelling it (with the mails to registrants) are the
        organiser's steps on the event's pages."""
        closed = ["visibility"] if obj is not None and obj.is_closed_group else []
        return [*closed, "status"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "visibility":
            kwargs["choices"] = [(v, label) for v, label in Visibility.choices]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "capacity" in form.changed_data:  # places added: the waiting list is offered them
            registrations.offer_free_places(event=form.instance)  # as services.event_update does

    def delete_model(self, request, obj):
        content_soft_delete(obj=obj, actor=request.user)
