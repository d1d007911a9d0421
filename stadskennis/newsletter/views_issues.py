"""The staff's newsletter desk: the issues, composing the next one on one page (every button saves
the texts first, so nothing typed is lost), the preview exactly as sent, a test mail, and the
sending with its progress, pause and resume."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from stadskennis.core.ids import parse_id
from stadskennis.core.visibility import staff_required
from stadskennis.newsletter import archive_import, issues, sending
from stadskennis.newsletter.forms import ArchiveImportForm
from stadskennis.newsletter.models import Issue, IssueItem
from stadskennis.newsletter.rendering import issue_message, issue_title, preview_subscriber
from stadskennis.newsletter.tasks import send_test_issue

# The HTML of a mail carries its styles inline; its preview may show them, and nothing else.
PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'self'"


class TextsForm(forms.Form):
    """The introduction and one text per item, named `text_<item id>`."""

    introduction = forms.CharField(
        label=gettext_lazy("Introduction"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Markdown. A few sentences that open the issue."),
    )  # fmt: skip

    def __init__(self, *args, items: list[IssueItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        limit = IssueItem._meta.get_field("text").max_length
        for item in items:
            self.fields[f"text_{item.pk}"] = forms.CharField(
                label=_("Text for “%(title)s”") % {"title": item.title}, required=False, max_length=limit,
                initial=item.text, widget=forms.Textarea(attrs={"rows": 3}),
            )  # fmt: skip

    def rows(self):
        return [(item, self[f"text_{item.pk}"], issues.item_url(item)) for item in self.items]

    @property
    def texts(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"text_{item.pk}"] for item in self.items}


@staff_required
def issue_list(request):
    shown = Issue.objects.exclude(status=Issue.Status.IMPORTED)
    rows = [(issue, issue_title(issue), sending.numbers(issue)) for issue in shown]
    draft = issues.monthly().filter(status=Issue.Status.DRAFT).first()
    context = {
        "rows": rows,
        "next_month": issues.next_month(),
        "draft": draft,
        "draft_title": draft and issue_title(draft),
    }
    return render(request, "newsletter/issue_list.html", context)


@require_POST
@staff_required
def issue_new(request):
    try:
        issue = issues.issue_create(actor=request.user)
    except issues.CompositionRefused as refused:
        messages.error(request, str(refused))
        return redirect("newsletter:issues")
    return redirect("newsletter:compose", pk=issue.pk)


def _issue(pk: int) -> Issue:
    return get_object_or_404(Issue.objects.exclude(status=Issue.Status.IMPORTED), pk=pk)


@require_http_methods(["GET", "POST"])
@staff_required
def compose(request, pk: int):
    issue = _issue(pk)
    items = list(issue.items.select_related("knowledge_item", "event", "dossier_site"))
    form = TextsForm(
        request.POST if request.method == "POST" else None,
        items=items, initial={"introduction": issue.introduction},
    )  # fmt: skip
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("pause", "resume", "send"):
            return _sending_action(request, issue, action)
        status = 400
        if issue.status != Issue.Status.DRAFT:
            messages.error(request, _("This issue is no longer being composed: it cannot be changed."))
            return redirect("newsletter:compose", pk=pk)
        if form.is_valid():
            try:
                issues.texts_save(issue=issue, introduction=form.cleaned_data["introduction"],
                                  texts=form.texts, actor=request.user)  # fmt: skip
                done = _compose_action(request, issue, action)
            except issues.CompositionRefused as refused:
                messages.error(request, str(refused))
                done = ""
            if done:
                messages.success(request, done)
            return redirect(
                f"{request.path}#{'kandidaten' if action.startswith('add:') else 'samenstelling'}"
            )
    context = {
        "issue": issue,
        "title": issue_title(issue),
        "form": form,
        "mix": issues.mix(issue),
        "places": issues.PLACES,
        "problems": issues.problems(issue) if issue.status == Issue.Status.DRAFT else [],
        "candidates": issues.candidates(issue) if issue.status == Issue.Status.DRAFT else [],
        "numbers": sending.numbers(issue),
        "recipients": sending.recipients().count() if issue.status == Issue.Status.DRAFT else 0,
    }
    return render(request, "newsletter/compose.html", context, status=status)


def _compose_action(request, issue: Issue, action: str) -> str:
    """One button of the compose page, after the texts were saved. Returns what to tell the editor."""
    verb, _colon, argument = action.partition(":")
    if verb == "add":
        item = issues.item_add(issue=issue, key=argument, actor=request.user)
        return _("“%(title)s” is placed.") % {"title": item.title}
    if verb in ("remove", "up", "down"):
        pk = parse_id(argument)
        if pk is None:
            return ""
        item = get_object_or_404(IssueItem, pk=pk, issue=issue)
        if verb == "remove":
            issues.item_remove(item=item, actor=request.user)
            return _("“%(title)s” is removed.") % {"title": item.title}
        issues.item_move(item=item, up=verb == "up", actor=request.user)
        return ""
    if verb == "test":
        send_test_issue.enqueue(issue.pk, request.user.email)
        return _("Saved. A test mail is on its way to %(email)s.") % {"email": request.user.email}
    return _("Saved.")


def _sending_action(request, issue: Issue, action: str):
    try:
        if action == "send":
            count = sending.send_start(issue=issue, actor=request.user)
            messages.success(request, _("Sending to %(count)d subscribers has started.") % {"count": count})
        elif action == "pause":
            sending.send_pause(issue=issue, actor=request.user)
            messages.success(request, _("The sending is paused. Nobody is mailed twice when you resume."))
        else:
            sending.send_resume(issue=issue, actor=request.user)
            messages.success(request, _("The sending goes on where it stopped."))
    except sending.SendingRefused as refused:
        messages.error(request, str(refused))
    return redirect("newsletter:compose", pk=issue.pk)


@staff_required
def preview(request, pk: int):
    issue = _issue(pk)
    message = issue_message(issue, preview_subscriber(request.user.email))
    return render(
        request,
        "newsletter/preview.html",
        {"issue": issue, "title": issue_title(issue), "text": message.body},
    )


@xframe_options_sameorigin
@staff_required
def preview_html(request, pk: int):
    """The HTML version of the mail, byte for byte as it is sent (with the preview's own links)."""
    message = issue_message(_issue(pk), preview_subscriber(request.user.email))
    html, _mime = message.alternatives[0]
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response


@staff_required
def preview_text(request, pk: int):
    message = issue_message(_issue(pk), preview_subscriber(request.user.email))
    return HttpResponse(message.body, content_type="text/plain; charset=utf-8")


@require_http_methods(["GET", "POST"])
@staff_required
def import_older(request):
    """An older issue into the archive; nothing is written unless every link is right."""
    form = ArchiveImportForm(request.POST if request.method == "POST" else None)
    problems, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                issue = archive_import.issue_import(actor=request.user, **form.cleaned_data)
            except archive_import.ImportRefused as refused:
                problems = refused.problems
            else:
                messages.success(request, _("Issue %(number)d is in the archive.") % {"number": issue.number})
                return redirect(issue.get_absolute_url())
    context = {"form": form, "problems": problems}
    return render(request, "newsletter/import_older.html", context, status=status)
