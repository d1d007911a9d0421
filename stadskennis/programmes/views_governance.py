"""The governing bodies' pages. The roster (who sits for which organisation, in which function) is
for centre staff and the bodies' members; a body's meetings, agenda, minutes and documents for its
members only; its register of decisions for its members and centre staff (`core.visibility`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stadskennis.core.visibility import (
    can_manage_werking,
    can_read_body,
    can_read_decisions,
    can_run_body,
    is_group_member,
)
from stadskennis.programmes import governance, services
from stadskennis.programmes.forms import BodyDocumentForm, BodyForm, BodyMeetingForm, DecisionForm, SeatForm
from stadskennis.programmes.models import Body, BodyDocument, BodyMeeting, Decision


def _may_see_roster(user) -> bool:
    return can_manage_werking(user) or (
        user.is_authenticated and user.access_groups.filter(kind="body").exists()
    )


@require_http_methods(["GET", "POST"])
@login_required
def body_list(request):
    if not _may_see_roster(request.user):
        raise PermissionDenied
    staff = can_manage_werking(request.user)
    form = BodyForm(request.POST if request.method == "POST" else None) if staff else None
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            body = governance.body_create(
                slug=_free_slug(data["name"]),
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
                sees_draft_budget=data["sees_draft_budget"],
                actor=request.user,
            )
            messages.success(request, _("The body was made; you are its secretary."))
            return redirect(body)
    bodies = Body.objects.prefetch_related("seats")
    status = 400 if form is not None and form.errors else 200
    return render(
        request, "programmes/bodies.html", {"bodies": bodies, "staff": staff, "form": form}, status=status
    )


def _free_slug(name: str) -> str:
    base = slugify(name)[:40] or "orgaan"
    slug, n = base, 1
    while Body.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _body(request, slug: str) -> Body:
    body = get_object_or_404(Body.objects.select_related("access_group"), slug=slug)
    if not _may_see_roster(request.user):
        raise PermissionDenied
    return body


@require_http_methods(["GET", "POST"])
@login_required
def body_page(request, slug: str):
    body = _body(request, slug)
    user = request.user
    member, runs = can_read_body(user, body), can_run_body(user, body)
    seat_form = SeatForm(request.POST if request.method == "POST" and "seat" in request.POST else None)
    decision_form = DecisionForm(
        request.POST if request.method == "POST" and "decision" in request.POST else None, body=body
    )
    if request.method == "POST":
        if ("seat" in request.POST or "decision" in request.POST) and not runs:
            raise PermissionDenied  # the body's organisers seat people: no editor seats themselves
        if "seat" in request.POST and seat_form.is_valid():
            data = seat_form.cleaned_data
            governance.seat_add(
                body=body,
                user=data["user"],
                actor=user,
                organisation=data["organisation"],
                function=data["function"],
                chairs=data["chairs"],
            )
            messages.success(request, _("The seat was saved."))
            return redirect(body)
        if "decision" in request.POST and decision_form.is_valid():
            try:
                services.record_save(obj=Decision(), values=decision_form.values(), actor=user)
            except ValidationError as error:
                decision_form.add_error(None, error)
            else:
                messages.success(request, _("The decision is in the register."))
                return redirect(body)
    context = {
        "body": body,
        "seats": body.seats.select_related("user", "organisation"),
        "member": member,
        "runs": runs,
        "staff": can_manage_werking(user),
        "meetings": body.meetings.all() if member else [],
        "decisions": Decision.objects.alive()
        .filter(body=body)
        .select_related("meeting", "programme_line", "planned_activity", "budget_line")
        if can_read_decisions(user, body)
        else None,
        "seat_form": seat_form,
        "decision_form": decision_form,
    }
    return render(request, "programmes/body.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def seat_remove(request, slug: str, user_id: int):
    body = _body(request, slug)
    if not can_run_body(request.user, body):
        raise PermissionDenied
    seat = get_object_or_404(body.seats, user_id=user_id)
    governance.seat_remove(body=body, user=seat.user, actor=request.user)
    messages.success(request, _("The seat was removed."))
    return redirect(body)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request, slug: str, pk: int | None = None):
    body = _body(request, slug)
    if not can_run_body(request.user, body):
        raise PermissionDenied
    meeting = get_object_or_404(body.meetings, pk=pk) if pk else BodyMeeting(body=body)
    form = BodyMeetingForm(request.POST if request.method == "POST" else None, instance=meeting, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            governance.meeting_save(
                meeting=meeting,
                actor=request.user,
                attendees=list(form.cleaned_data["attendees"]),
                **form.values(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return render(
        request,
        "programmes/body_meeting_form.html",
        {"body": body, "form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_page(request, slug: str, pk: int):
    body = _body(request, slug)
    if not can_read_body(request.user, body):
        raise Http404  # a staff member outside the body: it does not say what it holds
    meeting = get_object_or_404(body.meetings.prefetch_related("attendees", "documents"), pk=pk)
    runs = can_run_body(request.user, body)
    form = BodyDocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST":
        if not runs:
            raise PermissionDenied
        if form.is_valid():
            try:
                governance.document_add(
                    meeting=meeting,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("The document was added."))
                return redirect(meeting)
    return render(
        request,
        "programmes/body_meeting.html",
        {"body": body, "meeting": meeting, "runs": runs, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def document_download(request, pk: int):
    document = get_object_or_404(BodyDocument.objects.select_related("meeting__body"), pk=pk)
    if not is_group_member(request.user, document.meeting.body.access_group_id):
        raise Http404
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)
    response["Cache-Control"] = "private, no-store"
    return response
