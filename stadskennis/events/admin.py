"""Centre staff plan events in the admin for now; registrations change only through their services
(a place taken or freed must pass the lock in registrations.py), so the admin shows them read-only.
What living registrations chose (a part, a question's choice) cannot be deleted or turned into
something else under them, and places added to a part or a choice go to the waiting list."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q

from stadskennis.core.admin_audit import AuditedAdmin, IndexedAdmin
from stadskennis.core.services import content_soft_delete
from stadskennis.core.visibility import GROUP, Visibility
from stadskennis.events import registrations
from stadskennis.events.forms_planning import (
    PARTS_TOO_LATE,
    AnsweredKeepsItsKind,
    KeepsWhatIsChosen,
    OptionForm,
    OptionFormSet,
    living_registrations,
    parts_asked_too_late,
)
from stadskennis.events.models import (
    Event,
    EventSession,
    Registration,
    RegistrationOption,
    RegistrationQuestion,
)


class SessionInline(admin.StackedInline):
    model = EventSession
    formset = KeepsWhatIsChosen
    extra = 0
    filter_horizontal = ["speakers"]


class QuestionInline(admin.TabularInline):
    """The questions in short; their choices and places on each question's own page."""

    model = RegistrationQuestion
    form = AnsweredKeepsItsKind
    formset = KeepsWhatIsChosen
    fields = ["label", "kind", "required", "position"]
    extra = 0
    show_change_link = True


class PartsAskedOnlyOfNewRegistrations:
    """Mixed into the admin's own event form (EventAdmin.get_form), whose widgets the admin draws."""

    def clean_sessions_chosen(self):
        chosen = self.cleaned_data["sessions_chosen"]
        if parts_asked_too_late(self.instance, chosen):
            raise ValidationError(PARTS_TOO_LATE)
        return chosen


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
    inlines = [SessionInline, QuestionInline, RegistrationInline]
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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (PartsAskedOnlyOfNewRegistrations, form), {})

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "visibility":
            kwargs["choices"] = [(v, label) for v, label in Visibility.choices]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:  # places added to the event or a part: the waiting list is offered them
            registrations.offer_free_places(event=form.instance)  # as services.event_update does

    def has_delete_permission(self, request, obj=None):
        """An event people are registered for is cancelled on its page (they are mailed), not deleted."""
        living = obj is not None and obj.registrations.filter(status__in=Registration.ACTIVE).exists()
        return super().has_delete_permission(request, obj) and not living

    def delete_model(self, request, obj):
        content_soft_delete(obj=obj, actor=request.user)


class OptionInline(admin.TabularInline):
    model = RegistrationOption
    form = OptionForm
    formset = OptionFormSet
    fields = ["label", "capacity", "position"]
    extra = 3


@admin.register(RegistrationQuestion)
class RegistrationQuestionAdmin(AuditedAdmin):
    """A question and its choices, each with its places; reached from its event's page."""

    form = AnsweredKeepsItsKind
    fields = ["event", "label", "help_text", "kind", "required", "position"]
    list_display = ["label", "event", "kind", "required"]
    list_select_related = ["event"]
    search_fields = ["label", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [OptionInline]
    actions = None

    def get_queryset(self, request):
        """Only questions of events this editor may edit in the admin (EventAdmin's own rule)."""
        events = EventAdmin(Event, self.admin_site).get_queryset(request)
        return super().get_queryset(request).filter(event__in=events)

    def get_readonly_fields(self, request, obj=None):
        return ["event"] if obj is not None else []  # its answers belong to this event's registrations

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":  # only an event this editor may plan, never a closed one of others
            kwargs["queryset"] = EventAdmin(Event, self.admin_site).get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and living_registrations(obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        registrations.offer_free_places(event=form.instance.event)  # a choice with more places
