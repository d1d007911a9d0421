"""Survey rounds: the editor composes, sends and follows up; each organisation answers its own part."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.ids import parse_id, parse_ids
from stadskennis.core.messages import flash_form_errors
from stadskennis.core.visibility import can_see_comparison, is_staff_user, staff_required
from stadskennis.questions import comparison as side_by_side
from stadskennis.questions import rondvraag as service
from stadskennis.questions import selectors
from stadskennis.questions.forms_rondvraag import (
    ComparisonFilterForm,
    RondvraagForm,
    SendForm,
    SurveyQuestionForm,
)
from stadskennis.questions.models import Recipient, Rondvraag, SurveyQuestion
from stadskennis.questions.report_pdf import report_pdf

Phase = Rondvraag.Phase


@login_required
def rondvraag_list(request):
    """The centre manages every round here; a member finds the rounds sent to their organisation
    (and opens its answers without the emailed link) and the published comparisons."""
    if not is_staff_user(request.user):
        rounds = selectors.member_rounds(user=request.user)
        context = {
            "open_rounds": [r for r in rounds if r.rondvraag.phase == Phase.OPEN],
            "past_rounds": [r for r in rounds if r.rondvraag.phase != Phase.OPEN],
        }
        return render(request, "questions/rondvraag_mine.html", context)
    rounds = Rondvraag.objects.alive().annotate(
        invited=Count("recipients"),
        submitted=Count("recipients", filter=Q(recipients__submitted_at__isnull=False)),
    )
    return render(request, "questions/rondvraag_list.html", {"rounds": rounds})


@staff_required
def rondvraag_create(request):
    form = RondvraagForm(request.POST or None, initial={"question": request.GET.get("vraag")})
    if request.method == "POST" and form.is_valid():
        rondvraag = service.rondvraag_create(form=form, actor=request.user)
        return redirect(rondvraag)
    return render(request, "questions/rondvraag_form.html", {"form": form})


def _round(pk) -> Rondvraag:
    return get_object_or_404(Rondvraag.objects.alive(), pk=pk)


@staff_required
def rondvraag(request, pk: int):
    """Compose (while a draft) and track (once sent)."""
    rondvraag = _round(pk)
    form = RondvraagForm(request.POST or None, instance=rondvraag)
    if request.method == "POST" and form.is_valid():
        service.rondvraag_update(form=form, actor=request.user)
        messages.success(request, _("The survey round is saved."))
        return redirect(rondvraag)
    context = {
        "rondvraag": rondvraag,
        "form": form,
        "question_form": SurveyQuestionForm(initial={"position": rondvraag.questions.count() + 1}),
        "send_form": SendForm(initial={"organisations": service.default_organisations()}),
        "recipients": rondvraag.recipients.select_related("organisation", "contact"),
    }
    return render(request, "questions/rondvraag_detail.html", context)


@require_POST
@staff_required
def question_add(request, pk: int):
    rondvraag = _round(pk)
    form = SurveyQuestionForm(request.POST)
    if form.is_valid():
        service.question_add(rondvraag=rondvraag, form=form, actor=request.user)
        messages.success(request, _("The question is added."))
    else:
        flash_form_errors(request, form)
    return redirect(rondvraag)


@require_POST
@staff_required
def question_delete(request, pk: int, question_pk: int):
    rondvraag = _round(pk)
    question = get_object_or_404(SurveyQuestion, rondvraag=rondvraag, pk=question_pk)
    try:
        service.question_remove(question=question, actor=request.user)
    except service.CompositionError as error:
        messages.error(request, str(error))
    return redirect(rondvraag)


@require_POST
@staff_required
def send(request, pk: int):
    rondvraag = _round(pk)
    if not rondvraag.questions.exists():
        messages.error(request, _("Add at least one question first."))
        return redirect(rondvraag)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the organisations to send the round to."))
        return redirect(rondvraag)
    created = service.send(
        rondvraag=rondvraag, organisations=form.cleaned_data["organisations"], actor=request.user
    )
    messages.success(request, _("Sent to %(n)d organisations.") % {"n": len(created)})
    return redirect(rondvraag)


@require_POST
@staff_required
def remind(request, pk: int):
    n = service.remind(rondvraag=_round(pk), actor=request.user)
    messages.success(request, _("A reminder goes to %(n)d organisations.") % {"n": n})
    return redirect("questions:rondvraag", pk=pk)


@require_POST
@staff_required
def reopen(request, pk: int, recipient_pk: int):
    recipient = get_object_or_404(Recipient, rondvraag_id=pk, pk=recipient_pk)
    service.reopen(recipient=recipient, actor=request.user)
    messages.success(request, _("The answers of %(org)s are open again.") % {"org": recipient.organisation})
    return redirect("questions:rondvraag", pk=pk)


@require_POST
@staff_required
def close(request, pk: int):
    rondvraag = service.close(rondvraag=_round(pk), actor=request.user)
    return redirect(rondvraag)


# --- Answering ---------------------------------------------------------------------------------------


def _posted(request, question: SurveyQuestion) -> service.AnswerEntry:
    key = f"q{question.pk}"
    multiple = question.kind == SurveyQuestion.Kind.MULTIPLE_CHOICE
    return service.AnswerEntry(
        question=question,
        raw=request.POST.getlist(key) if multiple else request.POST.get(key),
        explanation=request.POST.get(f"{key}_explanation", ""),
        base_version=parse_id(request.POST.get(f"{key}_version", "")) or 0,
        upload=request.FILES.get(key) if question.kind == SurveyQuestion.Kind.FILE else None,
    )


def _as_typed(entry: service.AnswerEntry) -> SimpleNamespace:
    """What the person typed, shown again in the form when nothing was saved."""
    return SimpleNamespace(
        value=entry.raw, version=entry.base_version, explanation=entry.explanation, file=None, typed=True
    )


@login_required
def respond(request, pk: int):
    """An organisation's answers: saved at every change (and by the button), submitted once."""
    rondvraag = _round(pk)
    token = request.GET.get("t", "") or request.POST.get("t", "")
    recipient = service.recipient_for(rondvraag=rondvraag, user=request.user, token=token)
    if recipient is None:
        raise Http404  # an expired or forwarded link opens nothing
    service.mark_opened(recipient)
    questions = list(rondvraag.questions.all())
    answers = {a.question_id: a for a in recipient.answers.all()}
    errors, conflicts, missing = {}, [], []
    editable = service.is_open_for_answers(rondvraag) and recipient.submitted_at is None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        entries = [_posted(request, question) for question in questions]
        outcome = service.answers_save(recipient=recipient, entries=entries, user=request.user)
        errors, conflicts = outcome.errors, outcome.conflicts
        if errors:  # nothing was saved: show what was typed, with the fields at fault
            answers = {entry.question.pk: _as_typed(entry) for entry in entries}
        else:
            answers.update(outcome.answers)
        if "submit" in request.POST and not errors and not conflicts:
            missing = service.submit(recipient=recipient, user=request.user)
            if not missing:
                messages.success(request, _("Your organisation's answers are submitted. Thank you."))
                return redirect(f"{request.path}?t={token}" if token else request.path)
        if request.headers.get("HX-Request"):
            saved = [] if errors else answers.values()  # their new versions, for the next save
            status = {"errors": errors, "conflicts": conflicts, "answers": saved}
            return render(request, "questions/_save_status.html", {**status, "now": timezone.now()})
        if not errors and not conflicts and not missing:
            messages.success(request, _("Draft saved. Only your organisation and the centre see it."))
            return redirect(f"{request.path}?t={token}" if token else request.path)
        recipient.refresh_from_db()
    context = {
        "rondvraag": rondvraag, "recipient": recipient, "token": token, "editable": editable,
        "items": [(q, answers.get(q.pk), errors.get(q.pk)) for q in questions],
        "conflicts": conflicts, "missing": missing, "errors": errors,
    }  # fmt: skip
    return render(request, "questions/respond.html", context)


# --- The comparison -------------------------------------------------------------------------------------


def _comparison_round(request, pk):
    rondvraag = _round(pk)
    if not can_see_comparison(request.user, rondvraag):
        raise Http404  # never a 403 that reveals the round exists
    return rondvraag


def _ids(values) -> set[int]:
    return set(parse_ids(values))


def comparison(request, pk: int):
    rondvraag = _comparison_round(request, pk)
    result = side_by_side.compare(
        rondvraag,
        question_ids=_ids(request.GET.getlist("vraag")),
        organisation_ids=_ids(request.GET.getlist("org")),
    )
    fmt = request.GET.get("formaat")
    name = slugify(rondvraag.title) or "rondvraag"
    if fmt == "xlsx":
        response = HttpResponse(
            side_by_side.export_xlsx(result),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        response = HttpResponse(report_pdf(result), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if fmt == "csv":
        response = HttpResponse(side_by_side.export_csv(result), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    template = "questions/report.html" if fmt == "rapport" else "questions/comparison.html"
    return render(request, template, {
        "rondvraag": rondvraag, "comparison": result, "all_questions": rondvraag.questions.all(),
        "all_organisations": [r.organisation for r in rondvraag.recipients.select_related("organisation")],
        "selected_questions": _ids(request.GET.getlist("vraag")),
        "selected_orgs": _ids(request.GET.getlist("org")),
        "display": side_by_side.display,
        "filter_form": ComparisonFilterForm(request.GET, rondvraag=rondvraag),
    })  # fmt: skip


@require_POST
@staff_required
def copy(request, pk: int):
    rondvraag = _round(pk)
    title = (request.POST.get("title") or "").strip()[:300] or _("%(title)s (copy)") % {
        "title": rondvraag.title
    }
    new = service.copy(rondvraag=rondvraag, actor=request.user, title=title)
    messages.success(request, _("A copy is ready to send: adjust it where needed."))
    return redirect(new)


def over_time(request, pk: int, other_pk: int):
    """Two rounds of the same questionnaire, per organisation over time (published or for the centre)."""
    earlier, later = _comparison_round(request, pk), _comparison_round(request, other_pk)
    if earlier.created_at > later.created_at:
        earlier, later = later, earlier
    questions, rows = side_by_side.compare_over_time(earlier, later)
    return render(
        request,
        "questions/over_time.html",
        {"earlier": earlier, "later": later, "questions": questions, "rows": rows},
    )


@require_POST
@login_required
def invite_colleague(request, pk: int):
    """A respondent adds a colleague of the same organisation, who gets an account invitation and can
    then fill in parts of the same answers."""
    from django.core.validators import validate_email

    from stadskennis.accounts.services import InvitationError, invitation_create

    rondvraag = _round(pk)
    recipient = service.recipient_for(rondvraag=rondvraag, user=request.user)
    if recipient is None:
        raise Http404
    email = (request.POST.get("email") or "").strip()
    try:
        validate_email(email)
        invitation_create(
            email=email, organisation=recipient.organisation, role="member", invited_by=request.user
        )
    except ValidationError:
        messages.error(request, _("“%(email)s” is not a valid email address.") % {"email": email})
    except InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(email)s is invited and can help once the account is made.") % {"email": email}
        )
    return redirect("questions:respond", pk=pk)
