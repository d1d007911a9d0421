"""A workgroup's life: meetings with their documents and minutes, homework, action points."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.messages import flash_form_errors
from stadskennis.core.redirects import safe_next
from stadskennis.core.visibility import (
    can_answer_for,
    can_manage_workgroup,
    can_see_contact_details,
    can_view,
    is_public,
    is_staff_user,
    staff_required,
)
from stadskennis.network import selectors, services
from stadskennis.network.forms_workgroups import (
    ActionPointForm,
    AssignmentForm,
    MeetingDocumentForm,
    MeetingForm,
    PublishForm,
    SubmissionForm,
)
from stadskennis.network.ical import calendar_for
from stadskennis.network.models import ActionPoint, Submission, SubmissionFile
from stadskennis.network.summary import summary_pptx
from stadskennis.network.tasks import send_assignment_reminder


def _managed_workgroup(request, key: str):
    workgroup = selectors.workgroup_get(user=request.user, key=key)
    if not can_manage_workgroup(request.user, workgroup):
        raise PermissionDenied
    return workgroup


def _file_response(field_file, name: str, *, public: bool = False):
    try:
        handle = field_file.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Meetings -----------------------------------------------------------------------------------


@login_required
def meeting_create(request, key: str):
    workgroup = _managed_workgroup(request, key)
    form = MeetingForm(request.POST or None, workgroup=workgroup)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_save(form=form, actor=request.user)
        messages.success(request, _("The meeting is planned."))
        return redirect(meeting)
    return render(request, "network/meeting_form.html", {"form": form, "workgroup": workgroup})


@login_required
def meeting_edit(request, key: str, pk: int):
    workgroup = _managed_workgroup(request, key)
    meeting = selectors.meeting_get(user=request.user, key=key, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting, workgroup=workgroup)
    if request.method == "POST" and form.is_valid():
        services.meeting_save(form=form, actor=request.user)
        messages.success(request, _("The meeting is saved."))
        return redirect(meeting)
    return render(
        request, "network/meeting_form.html", {"form": form, "workgroup": workgroup, "meeting": meeting}
    )


def meeting(request, key: str, pk: int):
    meeting = selectors.meeting_get(user=request.user, key=key, pk=pk)
    workgroup = meeting.workgroup
    can_manage = can_manage_workgroup(request.user, workgroup)
    context = {
        "meeting": meeting,
        "workgroup": workgroup,
        "can_manage": can_manage,
        "carried_over": selectors.open_action_points(workgroup, before=meeting),
        "action_points": meeting.action_points.select_related("owner_person"),
        "assignments": meeting.assignments.all(),
        "document_form": MeetingDocumentForm() if can_manage else None,
        "action_form": ActionPointForm(workgroup=workgroup) if can_manage else None,
        "publish_form": PublishForm() if is_staff_user(request.user) else None,
        "show_contact": can_see_contact_details(request.user),
    }
    return render(request, "network/meeting_detail.html", context)


def meeting_ics(request, key: str, pk: int):
    meeting = selectors.meeting_get(user=request.user, key=key, pk=pk)
    response = HttpResponse(
        calendar_for([meeting], name=meeting.workgroup.name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(meeting.title) or "vergadering"}.ics"'
    return response


def workgroup_ics(request, key: str):
    workgroup = selectors.workgroup_get(user=request.user, key=key)
    response = HttpResponse(
        calendar_for(workgroup.meetings.all(), name=workgroup.name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{workgroup.key}.ics"'
    return response


@require_POST
@login_required
def meeting_document_add(request, key: str, pk: int):
    _managed_workgroup(request, key)
    meeting = selectors.meeting_get(user=request.user, key=key, pk=pk)
    form = MeetingDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.meeting_document_add(
            meeting=meeting, title=form.cleaned_data["title"], uploaded_file=form.cleaned_data["file"],
            actor=request.user,
        )  # fmt: skip
        messages.success(request, _("The document is added."))
    else:
        flash_form_errors(request, form)
    return redirect(meeting)


def meeting_document(request, pk: int):
    document = selectors.meeting_document_get(user=request.user, pk=pk)
    return _file_response(document.file, document.original_name, public=is_public(document.meeting.workgroup))


@require_POST
@staff_required
def meeting_document_publish(request, pk: int):
    document = selectors.meeting_document_get(user=request.user, pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who may see the published item."))
        return redirect(document.meeting)
    item = services.meeting_document_publish(
        document=document, actor=request.user, visibility=form.cleaned_data["visibility"]
    )
    messages.success(request, _("The document is now a knowledge item."))
    return redirect(item)


# --- Action points ------------------------------------------------------------------------------


@require_POST
@login_required
def action_point_add(request, key: str, pk: int):
    workgroup = _managed_workgroup(request, key)
    meeting = selectors.meeting_get(user=request.user, key=key, pk=pk)
    form = ActionPointForm(request.POST, workgroup=workgroup)
    if form.is_valid():
        services.action_point_add(form=form, workgroup=workgroup, meeting=meeting, actor=request.user)
        messages.success(request, _("The point is added."))
    else:
        flash_form_errors(request, form)
    return redirect(meeting)


@require_POST
@login_required
def action_point_done(request, pk: int):
    point = get_object_or_404(ActionPoint.objects.select_related("workgroup__lead_person"), pk=pk)
    if not can_view(request.user, point.workgroup):
        raise Http404
    if not can_manage_workgroup(request.user, point.workgroup):
        raise PermissionDenied
    services.action_point_set_done(point=point, done=request.POST.get("done") == "1", actor=request.user)
    return redirect(safe_next(request, point.workgroup.get_absolute_url()))


# --- Homework -----------------------------------------------------------------------------------


@login_required
def assignment_create(request, key: str):
    workgroup = _managed_workgroup(request, key)
    form = AssignmentForm(
        request.POST or None,
        workgroup=workgroup,
        user=request.user,
        initial={"for_meeting": request.GET.get("vergadering")},
    )
    if request.method == "POST" and form.is_valid():
        assignment = services.assignment_save(form=form, actor=request.user)
        messages.success(request, _("The homework assignment is published to the workgroup."))
        return redirect(assignment)
    return render(request, "network/assignment_form.html", {"form": form, "workgroup": workgroup})


@login_required
def assignment_edit(request, key: str, pk: int):
    workgroup = _managed_workgroup(request, key)
    assignment = selectors.assignment_get(user=request.user, key=key, pk=pk)
    form = AssignmentForm(request.POST or None, instance=assignment, workgroup=workgroup, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.assignment_save(form=form, actor=request.user)
        messages.success(request, _("The homework assignment is saved."))
        return redirect(assignment)
    return render(
        request,
        "network/assignment_form.html",
        {"form": form, "workgroup": workgroup, "assignment": assignment},
    )


def assignment(request, key: str, pk: int):
    assignment = selectors.assignment_get(user=request.user, key=key, pk=pk)
    workgroup = assignment.workgroup
    user = request.user
    may_answer = can_answer_for(user, workgroup)
    own = selectors.own_submission(user=user, assignment=assignment) if may_answer else None
    form = None
    if may_answer:
        submitting = "submit" in request.POST
        form = SubmissionForm(
            request.POST or None, request.FILES or None, submitting=submitting,
            initial={"text": own.text if own else ""},
        )  # fmt: skip
        if request.method == "POST" and form.is_valid():
            own = services.submission_save(
                assignment=assignment, organisation=user.organisation, actor=user,
                text=form.cleaned_data["text"], files=form.cleaned_data["files"], submit=submitting,
            )  # fmt: skip
            if submitting and own.is_late:
                messages.warning(request, _("Submitted after the deadline: your answer is marked late."))
            elif own.submitted_at:
                messages.success(request, _("Your organisation's answer is submitted."))
            else:
                messages.success(request, _("Draft saved. Only your organisation sees it until you submit."))
            return redirect(assignment)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "assignment": assignment,
        "workgroup": workgroup,
        "rows": selectors.assignment_overview(user=user, assignment=assignment),
        "own": own,
        "form": form,
        "can_manage": can_manage_workgroup(user, workgroup),
    }
    return render(request, "network/assignment_detail.html", context)


def assignment_summary(request, key: str, pk: int):
    """All submitted answers side by side, to open the next meeting (as a page or a presentation)."""
    assignment = selectors.assignment_get(user=request.user, key=key, pk=pk)
    rows = selectors.assignment_overview(user=request.user, assignment=assignment)
    if request.GET.get("formaat") == "pptx":
        response = HttpResponse(
            summary_pptx(assignment=assignment, rows=rows),
            content_type="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{slugify(assignment.title) or "opdracht"}.pptx"'
        )
        return response
    return render(request, "network/assignment_summary.html", {"assignment": assignment, "rows": rows})


@require_POST
@login_required
def assignment_remind(request, key: str, pk: int):
    _managed_workgroup(request, key)
    assignment = selectors.assignment_get(user=request.user, key=key, pk=pk)
    send_assignment_reminder.enqueue(assignment.pk)
    messages.success(request, _("A reminder goes to the organisations that have not submitted yet."))
    return redirect(assignment)


@require_POST
@staff_required
def submission_reopen(request, pk: int):
    submission = get_object_or_404(Submission.objects.alive(), pk=pk)
    services.submission_reopen(submission=submission, actor=request.user)
    messages.success(request, _("The answer is a draft of its organisation again."))
    return redirect(submission.assignment)


def submission_file(request, pk: int):
    attached = get_object_or_404(SubmissionFile.objects.select_related("submission"), pk=pk)
    if not can_view(request.user, attached.submission):
        raise Http404
    return _file_response(attached.file, attached.original_name)
