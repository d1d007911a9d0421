"""The Agenda's pages: the list, an event, registering, a registration's own page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stadskennis.core.models import Organisation, Theme
from stadskennis.core.rate_limit import too_many
from stadskennis.core.visibility import (
    can_edit_event,
    can_manage_event,
    can_publish_event_documents,
    can_register_as_guest,
    can_register_in_one_click,
    can_view,
    registration_reaches_event,
)
from stadskennis.events import attendance, registrations, selectors
from stadskennis.events.forms import (
    CaseForm,
    ChoicesForm,
    EventDocumentForm,
    GuestRegistrationForm,
    MemberRegistrationForm,
    NoteForm,
    PublishForm,
)
from stadskennis.events.models import Event, Registration


def agenda(request):
    when = request.GET.get("wanneer", "upcoming")
    when = when if when in selectors.WHEN else "upcoming"
    selected = {
        "kind": request.GET.get("soort", "")[:40],
        "theme": request.GET.get("thema", "")[:100],
        "audience": request.GET.get("publiek", "")[:40],
        "city": request.GET.get("stad", "")[:100],
    }
    events = selectors.event_list(user=request.user, when=when, **selected)
    context = {
        "page": Paginator(events, 25).get_page(request.GET.get("pagina")),
        "when": when,
        "selected": selected,
        "kinds": Event.Kind.choices,
        "audiences": Event.Audience.choices,
        "themes": Theme.objects.all(),
        "cities": Organisation.objects.filter(kind__in=["centre_city", "vgc"]).order_by("name"),
        "my_registrations": selectors.my_upcoming_registrations(user=request.user)[:10],
    }
    return render(request, "events/agenda.html", context)


def event(request, slug: str):
    found = selectors.event_get(user=request.user, slug=slug)
    return _event_page(request, found)


def _event_page(request, found: Event, *, member_form=None, guest_form=None, refused="", status=200):
    """The event's page; after a registration form with errors, that form again as it was filled in."""
    mine = selectors.my_registration(user=request.user, event=found)
    if guest_form is None and can_register_as_guest(request.user, found):
        guest_form = GuestRegistrationForm(event=found)
    context = {
        "event": found,
        "places": registrations.places(found),
        "mine": mine,
        "can_register": can_register_in_one_click(request.user, found),
        "guest_form": guest_form,
        "refused": refused,
        "member_form": member_form or MemberRegistrationForm(event=found, user=request.user),
        "can_manage": can_manage_event(request.user, found),
        "can_edit": can_edit_event(request.user, found),
        "language_next": found.get_absolute_url(),  # also after a refused post to /inschrijven/
        "show_online_link": selectors.gets_online_link(mine),
        "document_form": EventDocumentForm() if can_manage_event(request.user, found) else None,
        "publish_form": PublishForm() if can_publish_event_documents(request.user, found) else None,
    }
    if found.is_closed_group:
        context.update(
            intervisie=selectors.intervisie_for(user=request.user, event=found),
            case_form=CaseForm(),
            note_form=NoteForm(),
        )
    return render(request, "events/event_detail.html", context, status=status)


@require_POST
def register(request, slug: str):
    """One click for a logged-in member; the public form for a guest."""
    found = selectors.event_get(user=request.user, slug=slug)
    if request.user.is_authenticated:
        form = MemberRegistrationForm(request.POST, event=found, user=request.user)
        if not form.is_valid():
            return _event_page(request, found, member_form=form, status=400)
        try:
            registration = registrations.register_member(
                event=found, user=request.user, sessions=form.sessions, answers=form.answers
            )
        except registrations.RegistrationRefused as refused:
            return _event_page(request, found, member_form=form, refused=str(refused), status=409)
        messages.success(request, _registered_message(registration))
        return redirect(registration)
    return _register_guest(request, found)


def _register_guest(request, found: Event):
    form = GuestRegistrationForm(request.POST, event=found)
    refused = ""
    if form.is_valid() and form.filled_by_bot:
        raise Http404  # say nothing useful to a bot
    if form.is_valid() and _too_many_from(request, found):
        refused = _("Too many registrations from your network in the last hour. Try again later.")
    elif form.is_valid():
        try:
            registrations.register_guest(
                event=found, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                organisation_name=form.cleaned_data["organisation_name"],
                sessions=form.sessions, answers=form.answers,
            )  # fmt: skip
        except registrations.RegistrationRefused as error:
            refused = str(error)
        else:
            return render(
                request, "events/check_your_mail.html", {"event": found, "email": form.cleaned_data["email"]}
            )
    return _event_page(request, found, guest_form=form, refused=refused, status=400)


def _too_many_from(request, event: Event) -> bool:
    """At most EVENT_GUEST_REGISTRATIONS_PER_HOUR guest registrations an hour for one event from one
    network (core.rate_limit)."""
    return too_many(
        request, f"events:guest-registrations:{event.pk}", settings.EVENT_GUEST_REGISTRATIONS_PER_HOUR
    )


def _registered_message(registration: Registration) -> str:
    if registration.status == Registration.Status.WAITING:
        return _("The event is full: you are on the waiting list. We mail you when a place is free.")
    if registration.status == Registration.Status.CONFIRMED:
        return _("You are registered. A confirmation with the calendar file is on its way to your mailbox.")
    return _("Your registration: %(status)s.") % {"status": registration.get_status_display().lower()}


Status = Registration.Status
# What each button of a registration's page does, from which states.
ACTIONS = {
    "bevestigen": (Status.PENDING,),
    "aanvaarden": (Status.OFFERED,),
    "niet-meer": (Status.OFFERED,),
    "annuleren": (Status.PENDING, Status.CONFIRMED, Status.WAITING),
    "wijzigen": Registration.ACTIVE,
}


@require_http_methods(["GET", "POST"])
def registration(request, token: str):
    """A registration's own page, reached by the secret link in every mail (no login needed): confirm
    the address, take an offered place, say no longer interested, or cancel. A GET never changes
    anything (mail scanners follow links); the buttons post."""
    found = get_object_or_404(Registration.objects.select_related("event"), token=token)
    event = found.event
    if event.deleted_at is not None or not registration_reaches_event(found):
        raise Http404
    if request.method == "POST":
        action = request.POST.get("actie", "")
        if found.status not in ACTIONS.get(action, ()):  # a stale page, or a button pressed twice
            messages.error(
                request, _("This can no longer be done: the page shows where your registration stands now.")
            )
            return redirect(found)
        if action == "wijzigen":
            return _choices_change(request, found)
        try:
            if action == "bevestigen":
                found = registrations.confirm_email(registration=found)
                messages.success(request, _registered_message(found))
            elif action == "aanvaarden":
                found = registrations.accept_offer(registration=found)
                messages.success(request, _("The place is yours. A confirmation is on its way."))
            else:
                found = registrations.cancel(registration=found, actor=request.user)
                messages.success(request, _("Your registration is cancelled."))
        except registrations.RegistrationRefused as refused:
            messages.error(request, str(refused))
        return redirect(found)
    return _registration_page(request, found)


def _registration_page(request, found: Registration, *, choices_form=None, refused="", status=200):
    event = found.event
    if choices_form is None and _asks_choices(found):
        choices_form = ChoicesForm(registration=found)
    context = {
        "registration": found,
        "choices_form": choices_form,
        "refused": refused,
        "event": event,
        "event_visible": can_view(request.user, event) or event.visibility == "public",
        "show_online_link": selectors.gets_online_link(found),
        "check_in_qr": _check_in_qr(request, found),
    }
    return render(request, "events/registration.html", context, status=status)


def _asks_choices(found: Registration) -> bool:
    """Parts or answers can be changed while registration is open and the registration lives."""
    event = found.event
    return (
        found.status in Registration.ACTIVE
        and event.registration_open
        and (event.sessions_chosen or event.questions.exists())
    )


def _choices_change(request, found: Registration):
    form = ChoicesForm(request.POST, registration=found)
    if not form.is_valid():
        return _registration_page(request, found, choices_form=form, status=400)
    try:
        registrations.choices_change(
            registration=found, sessions=form.sessions, answers=form.answers, actor=request.user
        )
    except registrations.RegistrationRefused as refused:
        return _registration_page(request, found, choices_form=form, refused=str(refused), status=409)
    messages.success(request, _("Your choices are saved."))
    return redirect(found)


def _check_in_qr(request, found: Registration) -> str:
    """The QR code to show at the door (an organiser scans it and checks the holder in), as inline
    SVG: drawn here, nothing loaded from elsewhere, readable on a phone held up to another."""
    if found.status != Registration.Status.CONFIRMED or found.event.is_past or found.event.is_cancelled:
        return ""
    url = request.build_absolute_uri(
        reverse("events:check_in_by_code", args=[attendance.check_in_code(found)])
    )
    svg = segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=_("Check-in code"))
    return mark_safe(svg)  # noqa: S308 - segno's own SVG of our own URL
