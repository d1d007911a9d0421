"""An intervisie's own pages: accepting the statement, its cases and notes, and its participants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core import access_groups
from stadskennis.core.visibility import can_manage_event
from stadskennis.events import intervisie, selectors
from stadskennis.events.answers import asks_before_registering
from stadskennis.events.forms import CaseForm, InviteForm, NoteForm, StatementForm
from stadskennis.events.models import Event


def _closed_event(request, slug: str) -> Event:
    found = selectors.event_get(user=request.user, slug=slug)  # a 404 for whoever is not in the group
    if not found.is_closed_group:
        raise Http404
    return found


def _refused_or(request, action, success: str) -> None:
    try:
        action()
    except intervisie.IntervisieRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, success)


@require_POST
@login_required
def accept(request, slug: str):
    found = _closed_event(request, slug)
    try:
        registered = intervisie.statement_accept(event=found, user=request.user)
    except intervisie.IntervisieRefused as refused:
        messages.error(request, str(refused))
        return redirect(found)
    if registered or not found.registration_open or not asks_before_registering(found):
        messages.success(request, _("You accepted the confidentiality statement."))
    else:
        messages.success(
            request,
            _("You accepted the confidentiality statement. Now register below: this intervisie asks which "
              "parts you attend or a few questions."),
        )  # fmt: skip
    return redirect(f"{found.get_absolute_url()}#register-heading")


def _group_work(request, slug: str, form_class, write, success: str, anchor: str):
    """A case or a note posted to the group: the form checked, then the service's own rules."""
    found = _closed_event(request, slug)
    form = form_class(request.POST)
    if not form.is_valid():
        return _invalid(request, found, form)
    _refused_or(request, lambda: write(event=found, user=request.user, **form.cleaned_data), success)
    return redirect(f"{found.get_absolute_url()}#{anchor}")


@require_POST
@login_required
def case_add(request, slug: str):
    return _group_work(
        request, slug, CaseForm, intervisie.case_submit, _("Your case is submitted to the group."), "cases"
    )


@require_POST
@login_required
def note_add(request, slug: str):
    return _group_work(
        request, slug, NoteForm, intervisie.note_add, _("Your note is saved for the group."), "notes"
    )


def _invalid(request, found: Event, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(found)


@login_required
def participants(request, slug: str):
    """The organiser invites account holders, removes them, and words the statement."""
    found = _closed_event(request, slug)
    if not can_manage_event(request.user, found):
        raise PermissionDenied
    group = found.access_group
    invite_form, statement_form = InviteForm(), StatementForm(initial={"statement": group.statement})
    status = 200
    if request.method == "POST" and "email" in request.POST:
        invite_form = InviteForm(request.POST)
        if invite_form.is_valid():
            email = invite_form.user.email
            try:
                new = intervisie.participant_invite(event=found, user=invite_form.user, actor=request.user)
            except intervisie.IntervisieRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request,
                    _("%(email)s is invited; the invitation is mailed.") % {"email": email}
                    if new
                    else _("%(email)s is a participant already.") % {"email": email},
                )
            return redirect("events:participants", found.slug)
        status = 400
    elif request.method == "POST" and "statement" in request.POST:
        statement_form = StatementForm(request.POST)
        if statement_form.is_valid():
            access_groups.statement_change(
                group=group, statement=statement_form.cleaned_data["statement"], actor=request.user
            )
            messages.success(request, _("The statement is changed; every participant accepts it anew."))
            return redirect("events:participants", found.slug)
        status = 400
    context = {
        "event": found,
        "memberships": group.memberships.select_related("user__organisation"),
        "invite_form": invite_form,
        "statement_form": statement_form,
    }
    return render(request, "events/participants.html", context, status=status)


@require_POST
@login_required
def participant_remove(request, slug: str, user_id: int):
    found = _closed_event(request, slug)
    if not can_manage_event(request.user, found):
        raise PermissionDenied
    user = get_object_or_404(get_user_model(), pk=user_id)
    _refused_or(
        request,
        lambda: intervisie.participant_remove(event=found, user=user, actor=request.user),
        _("The participant is removed."),
    )
    return redirect("events:participants", found.slug)


@require_POST
@login_required
def close(request, slug: str):
    """Close an intervisie to its invited participants (from then on, for good)."""
    found = selectors.event_get(user=request.user, slug=slug)
    if not can_manage_event(request.user, found) or found.kind != Event.Kind.INTERVISIE:
        raise PermissionDenied
    try:
        intervisie.intervisie_close(event=found, actor=request.user)
    except intervisie.IntervisieRefused as refused:
        messages.error(request, str(refused))
        return redirect(found)
    messages.success(request, _("The intervisie is closed: only the participants you invite see it."))
    return redirect("events:participants", found.slug)
