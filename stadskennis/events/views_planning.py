"""Planning an event outside the admin: the staff's form with the programme and the registration
questions (forms_planning.py), saved in one step (services.event_plan_save)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stadskennis.core.visibility import can_manage_event, staff_required
from stadskennis.events import selectors, services
from stadskennis.events.forms_planning import EventForm, QuestionFormSet, SessionFormSet
from stadskennis.events.models import Event


@staff_required
def event_new(request):
    return _plan(request, Event())


@login_required
def event_edit(request, slug: str):
    found = selectors.event_get(user=request.user, slug=slug)
    if not can_manage_event(request.user, found):
        raise PermissionDenied
    return _plan(request, found)


def _plan(request, event: Event):
    data = request.POST if request.method == "POST" else None
    form = EventForm(data, instance=event)
    sessions = SessionFormSet(data, instance=event, prefix="sessies")
    questions = QuestionFormSet(data, instance=event, prefix="vragen")
    valid = [form.is_valid(), sessions.is_valid(), questions.is_valid()]  # all three, for every error
    if data is not None and all(valid):
        saved = services.event_plan_save(
            form=form, sessions=sessions, questions=questions, actor=request.user
        )
        messages.success(request, _("The event is saved."))
        return redirect(saved)
    context = {
        "form": form,
        "sessions": sessions,
        "questions": questions,
        "event": event if event.pk else None,
    }
    return render(request, "events/event_form.html", context, status=400 if data is not None else 200)
