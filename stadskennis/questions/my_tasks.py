"""What the Vraagbaak asks of a user, for "Mijn taken" (`core.task_registry`): survey rounds their
organisation must answer and their own questions the centre waits on; for the centre, the questions
to handle and the rounds to close. One query per source."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stadskennis.core.task_registry import Task, TaskSource
from stadskennis.core.visibility import answering_recipients, is_staff_user
from stadskennis.questions.models import Question, QuestionMessage, Recipient, Rondvraag

OPEN_STATUSES = [Question.Status.NEW, Question.Status.IN_PROGRESS, Question.Status.SURVEY]
SURVEY_ROUND = gettext_lazy("Survey round")
QUESTION = gettext_lazy("Question")


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F")


def draft_state(recipient: Recipient) -> str:
    """Where an organisation's answers stand; `answered` and `total` are annotated."""
    if recipient.submitted_at:
        return _("Submitted on %(day)s") % {"day": _day(recipient.submitted_at)}
    if not recipient.answered:
        return _("Opened, nothing answered yet") if recipient.opened_at else _("Not started")
    state = ngettext(
        "Draft: %(answered)d of %(total)d question answered",
        "Draft: %(answered)d of %(total)d questions answered",
        recipient.total,
    ) % {"answered": recipient.answered, "total": recipient.total}
    if recipient.last_saved_at:
        state += ", " + _("last saved on %(day)s") % {"day": _day(recipient.last_saved_at)}
    return state


def with_progress(recipients):
    """Recipients with how many questions their organisation answered, in the same query."""
    return recipients.annotate(
        answered=Count(
            "answers", distinct=True, filter=Q(answers__value__isnull=False) | ~Q(answers__file="")
        ),
        total=Count("rondvraag__questions", distinct=True),
    )


def rounds_to_answer(user) -> list[Task]:
    recipients = answering_recipients(user, Recipient.objects.all()).filter(
        rondvraag__phase=Rondvraag.Phase.OPEN, submitted_at__isnull=True
    )
    return [
        Task(
            kind="survey_round",
            kind_label=str(SURVEY_ROUND),
            title=r.rondvraag.title,
            url=reverse("questions:respond", kwargs={"pk": r.rondvraag_id}),
            state=draft_state(r),
            due=r.rondvraag.deadline,
        )
        for r in with_progress(recipients).select_related("rondvraag")
    ]


def _last_public_author():
    thread = QuestionMessage.objects.filter(question=OuterRef("pk"), internal=False)
    return Subquery(thread.order_by("-created_at", "-id").values("author_id")[:1])


def questions_awaiting_me(user) -> list[Task]:
    """My questions the centre waits on: it wrote to me last, or it answered and asks whether the
    answer may be published."""
    centre_wrote_last = Q(status__in=OPEN_STATUSES, last_author__isnull=False) & ~Q(last_author=user.pk)
    answered = Q(
        status=Question.Status.ANSWERED, publish_agreed_at__isnull=True, published_item__isnull=True
    ) & ~Q(answer="")
    questions = (
        Question.objects.visible_to(user)
        .filter(created_by=user)
        .annotate(last_author=_last_public_author())
        .filter(centre_wrote_last | answered)
        .order_by("-updated_at")
    )
    return [
        Task(
            kind="question_reaction",
            kind_label=str(QUESTION),
            title=q.title,
            url=q.get_absolute_url(),
            state=_("Answered: read it and say whether it may be published")
            if q.status == Question.Status.ANSWERED
            else _("The centre wrote to you: reply on the question's page"),
        )
        for q in questions
    ]


def questions_to_handle(user) -> list[Task]:
    """For the centre: open questions that are mine or nobody's yet."""
    if not is_staff_user(user):
        return []
    questions = (
        Question.objects.alive()
        .filter(status__in=OPEN_STATUSES)
        .filter(Q(handler=user) | Q(handler__isnull=True))
        .annotate(last_author=_last_public_author())
        .select_related("owner")
        .order_by("created_at")
    )
    tasks = []
    for q in questions:
        state = q.get_status_display().capitalize()
        if q.handler_id is None:
            state += ", " + _("nobody handles it yet")
        if q.last_author is not None and q.last_author == q.created_by_id:
            state += ", " + _("the asker replied")
        tasks.append(
            Task(
                kind="question_to_handle",
                kind_label=str(QUESTION),
                title=q.title,
                url=q.get_absolute_url(),
                state=state,
                due=q.due_date or q.wished_by,
                context=_("asked by %(organisation)s") % {"organisation": q.owner.display_name},
            )
        )
    return tasks


def rounds_to_close(user) -> list[Task]:
    """For the centre: open rounds past their deadline, or that every organisation answered."""
    if not is_staff_user(user):
        return []
    rounds = (
        Rondvraag.objects.alive()
        .filter(phase=Rondvraag.Phase.OPEN)
        .annotate(
            invited=Count("recipients"),
            submitted=Count("recipients", filter=Q(recipients__submitted_at__isnull=False)),
        )
        .filter(Q(deadline__lt=timezone.now()) | Q(invited__gt=0, submitted=F("invited")))
        .order_by("deadline")
    )
    return [
        Task(
            kind="round_to_close",
            kind_label=str(SURVEY_ROUND),
            title=r.title,
            url=r.get_absolute_url(),
            state=ngettext(
                "To close: %(submitted)d of %(invited)d organisation answered",
                "To close: %(submitted)d of %(invited)d organisations answered",
                r.invited,
            )
            % {"submitted": r.submitted, "invited": r.invited},
            due=r.deadline,
        )
        for r in rounds
    ]


SOURCES = [
    TaskSource(key="questions.rounds_to_answer", tasks=rounds_to_answer),
    TaskSource(key="questions.awaiting_me", tasks=questions_awaiting_me),
    TaskSource(key="questions.to_handle", tasks=questions_to_handle),
    TaskSource(key="questions.rounds_to_close", tasks=rounds_to_close),
]
