"""Vraagbaak: ask (with answers shown while typing), follow up, and the centre's inbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.visibility import (
    access_content_or_404,
    can_read_answer,
    can_view,
    is_staff_user,
    staff_required,
    visible_related,
)
from stadskennis.network.expertise import find_experts
from stadskennis.questions import selectors, services
from stadskennis.questions.forms import AskForm, HandleForm, MessageForm, PublishForm
from stadskennis.questions.models import Question
from stadskennis.search.services import search

STATUS_FILTERS = [s for s, _label in Question.Status.choices]


def index(request):
    """Editors: the inbox. Others: their own questions and the answered questions they may see."""
    user = request.user
    questions = Question.objects.visible_to(user).select_related("owner", "handler")
    status = request.GET.get("status", "")
    if is_staff_user(user):
        if status in STATUS_FILTERS:
            questions = questions.filter(status=status)
        elif status != "alle":
            questions = questions.filter(status__in=["new", "in_progress", "survey"])
        if request.GET.get("mijn"):
            questions = questions.filter(handler=user)
        questions = questions.order_by("due_date", "created_at")
        template = "questions/inbox.html"
    else:
        questions = questions.filter(Q(created_by=user.pk) | Q(status__in=["answered", "closed"]))
        template = "questions/index.html"
    page = Paginator(questions, 30).get_page(request.GET.get("pagina"))
    context = {"page": page, "status": status, "statuses": Question.Status.choices}
    if user.is_authenticated and not is_staff_user(user):  # the rounds sent to their organisation
        context["rounds"] = selectors.member_rounds(user=user, limit=5)
    return render(request, template, context)


@login_required
def ask(request):
    if not request.user.organisation_id:
        messages.error(request, _("Your account has no organisation yet; ask the centre to add it."))
        return redirect("questions:index")
    form = AskForm(request.POST or None, initial={"title": request.GET.get("title", "")[:300]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        question = services.question_ask(
            actor=request.user, title=data["title"], context=data["context"], themes=data["themes"],
            wished_by=data["wished_by"], visibility=data["visibility"],
        )  # fmt: skip
        messages.success(request, _("Your question is sent to the centre. You get an email at every step."))
        return redirect(question)
    return render(
        request, "questions/ask.html", {"form": form, **_suggestions(request, form["title"].value())}
    )


def _suggestions(request, text: str | None) -> dict:
    text = (text or "").strip()[:300]
    if len(text) < 4:
        return {"suggested": False}
    # A question in plain words: documents with any of its words, the best (most words) first.
    found = search(user=request.user, query=text, per_page=8, with_facets=False, as_you_type=True)
    results = [r for r in found.results if r.kind not in ("person", "workgroup")]
    return {
        "suggested": True,
        "items": [r for r in results if r.kind != "question"][:5],
        "answered": [r for r in results if r.kind == "question"][:5],
        "experts": find_experts(user=request.user, query=text, limit=5),
    }


@login_required
def suggestions(request):
    """HTMX fragment: what already answers the question being typed."""
    return render(request, "questions/_suggestions.html", _suggestions(request, request.GET.get("title")))


def detail(request, pk: int):
    question = access_content_or_404(
        request.user, Question.objects.select_related("owner", "handler", "created_by"), pk=pk
    )
    return render(request, "questions/detail.html", _detail_context(request, question))


def _detail_context(request, question: Question, **forms) -> dict:
    """What the question page shows this user: every part and every related list through the
    access module."""
    user = request.user
    staff = is_staff_user(user)
    is_asker = user.is_authenticated and question.created_by_id == user.pk
    thread = question.messages.select_related("author")
    if not staff:
        thread = thread.filter(internal=False)
    context = {
        "question": question,
        "answer_readable": can_read_answer(user, question),
        "experts": question.experts.select_related("organisation").filter(erased_at__isnull=True),
        "related_items": visible_related(user, question.items),
        "published_item": question.published_item if can_view(user, question.published_item) else None,
        "thread": thread,
        "staff": staff,
        "is_asker": is_asker,
        "message_form": MessageForm(staff=staff) if (staff or is_asker) else None,
        "handle_form": HandleForm(instance=question) if staff else None,
        "publish_form": PublishForm() if staff else None,
    }
    context.update(forms)
    return context


def _question_for(request, pk):
    return access_content_or_404(request.user, Question.objects.all(), pk=pk)


@require_POST
@login_required
def message(request, pk: int):
    question = _question_for(request, pk)
    staff = is_staff_user(request.user)
    if not (staff or question.created_by_id == request.user.pk):
        raise PermissionDenied
    form = MessageForm(request.POST, staff=staff)
    if form.is_valid():
        internal = staff and form.cleaned_data.get("internal", False)
        services.message_add(
            question=question, actor=request.user, text=form.cleaned_data["text"], internal=internal
        )
        messages.success(request, _("Your message is added."))
    else:
        messages.error(request, _("Write a message first."))
    return redirect(question)


@require_POST
@staff_required
def handle(request, pk: int):
    question = _question_for(request, pk)
    form = HandleForm(request.POST, instance=Question.objects.get(pk=pk))
    if not form.is_valid():
        return render(request, "questions/detail.html", _detail_context(request, question, handle_form=form))
    data = form.cleaned_data
    services.question_handle(question=question, actor=request.user, **data)
    messages.success(request, _("The question is saved."))
    return redirect(question)


@require_POST
@login_required
def agree(request, pk: int):
    question = _question_for(request, pk)
    if question.created_by_id != request.user.pk or not can_read_answer(request.user, question):
        raise PermissionDenied
    services.publish_agree(question=question, actor=request.user)
    messages.success(request, _("Thank you: the centre may publish the answer in the knowledge base."))
    return redirect(question)


@require_POST
@staff_required
def publish(request, pk: int):
    question = _question_for(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who may see the published item."))
        return redirect(question)
    try:
        item = services.question_publish(question=question, actor=request.user,
                                         visibility=form.cleaned_data["visibility"])  # fmt: skip
    except services.PublishError as error:
        messages.error(request, str(error))
        return redirect(question)
    messages.success(request, _("The answer is published in the knowledge base."))
    return redirect(item)
