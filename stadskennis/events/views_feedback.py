"""The feedback form a participant reaches from the mail after the event, and its summary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stadskennis.core.visibility import can_manage_event
from stadskennis.events import feedback, selectors
from stadskennis.events.forms import FeedbackForm
from stadskennis.events.models import Feedback, Registration


@require_http_methods(["GET", "POST"])
def give(request, token: str):
    """Reached by the registration's secret link (no login needed), as its other pages are."""
    registration = get_object_or_404(Registration.objects.select_related("event"), token=token)
    event = registration.event
    if event.deleted_at is not None:
        raise Http404
    if not feedback.may_give(registration):
        return render(request, "events/feedback_closed.html", {"event": event}, status=403)
    given = Feedback.objects.filter(registration=registration).exists()
    form = None if given else FeedbackForm(request.POST or None)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            feedback.feedback_give(registration=registration, **form.cleaned_data)
        except feedback.FeedbackRefused:
            pass  # sent twice at once: the first one counts
        messages.success(request, _("Thank you: your feedback is saved."))
        return redirect("events:feedback", token)
    context = {"event": event, "form": form, "given": given}
    return render(
        request, "events/feedback.html", context, status=400 if form is not None and form.errors else 200
    )


@login_required
def summary(request, slug: str):
    found = selectors.event_get(user=request.user, slug=slug)
    if not can_manage_event(request.user, found):
        raise PermissionDenied
    result = feedback.summary(found)
    rows = [
        (Feedback._meta.get_field(q).verbose_name, result.averages[q], result.spread[q])
        for q in feedback.QUESTIONS
        if result.shown
    ]
    context = {"event": found, "summary": result, "rows": rows, "minimum": feedback.MIN_FOR_SUMMARY}
    return render(request, "events/feedback_summary.html", context)
