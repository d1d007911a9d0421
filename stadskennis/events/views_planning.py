"""Planning an event outside the admin: the staff's form with the programme and the registration
questions (forms_planning.py), saved in one step (services.event_plan_save)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stadskennis.core.visibility import can_edit_event, staff_required
from stadskennis.events import registrations, selectors, services
from stadskennis.events.forms_planning import EventForm, QuestionFormSet, SessionFormSet
from stadskennis.events.models import Event


@staff_required
def event_new(request):
    return _plan(request, Event())


@login_required
def event_edit(request, slug: str):
    found = selectors.event_get(user=request.user, slug=slug)
    if not can_edit_event(request.user, found):
        raise PermissionDenied
    return _plan(request, found)


def _forms(data, event: Event):
    return (
        EventForm(data, instance=event),
        SessionFormSet(data, instance=event, prefix="sessies"),
        QuestionFormSet(data, instance=event, prefix="vragen"),
    )


def _plan(request, event: Event):
    if request.method != "POST":
        return _page(request, event, *_forms(None, event))
    saved = None
    with transaction.atomic():
        if event.pk:  # read again under the lock: a cancel, a close or a registration meanwhile stays
            event = registrations.locked(event)
            if event.deleted_at is not None or not can_edit_event(request.user, event):
                raise Http404
        form, sessions, questions = _forms(request.POST, event)
        if any(part.picker_search for part in sessions.forms):
            _quiet(form, sessions, questions)  # a search for a speaker: nothing checked, nothing saved
            return _page(request, event, form, sessions, questions)
        if all([form.is_valid(), sessions.is_valid(), questions.is_valid()]):  # all three: every error
            try:
                saved = services.event_plan_save(
                    form=form, sessions=sessions, questions=questions, actor=request.user
                )
            except IntegrityError:  # the same web address, saved by someone else a moment ago
                form.add_error("slug", _("This web address is taken; choose another."))
    if saved is None:
        return _page(request, event, form, sessions, questions, status=400)
    messages.success(request, _("The event is saved."))
    return redirect(saved)


def _quiet(form, *formsets) -> None:
    """Show the forms as filled in, without the errors of a form nobody submitted yet."""
    for one in [form, *(f for formset in formsets for f in formset.forms)]:
        one._errors, one.cleaned_data = ErrorDict(), {}
    for formset in formsets:
        formset._errors, formset._non_form_errors = [], ErrorList()


def _page(request, event, form, sessions, questions, *, status: int = 200):
    context = {
        "form": form,
        "sessions": sessions,
        "questions": questions,
        "event": event if event.pk else None,
    }
    return render(request, "events/event_form.html", context, status=status)
