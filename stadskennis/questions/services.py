"""Writes to the Vraagbaak. Every step is audited; the asker hears of every step that matters."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stadskennis.accounts.models import Role, User
from stadskennis.core.models import AuditEntry
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.core.tasks import send_email
from stadskennis.knowledge.services import Kind as ItemKind
from stadskennis.questions.models import Question, QuestionMessage

# The changes of status the asker is told about by email.
NOTIFY_ASKER = {
    Question.Status.IN_PROGRESS,
    Question.Status.SURVEY,
    Question.Status.ANSWERED,
    Question.Status.CLOSED,
}


def _mail(recipients: list[str], subject: str, template: str, context: dict) -> None:
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, {**context, "site": site})
        subject = str(subject)
    send_email.enqueue(subject, body, recipients)  # the task row commits with the change, or not at all


def _staff_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True, role__in=[Role.EDITOR, Role.ADMINISTRATOR]).values_list(
            "email", flat=True
        )
    )


@transaction.atomic
def question_ask(*, actor, themes=(), **fields) -> Question:
    question = Question(created_by=actor, owner=actor.organisation, **fields)
    question.full_clean(exclude=["created_by"])
    question.save()
    question.themes.set(themes)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=question)
    record_change(question)
    with translation.override(settings.LANGUAGE_CODE):
        _mail([actor.email], _("Your question to the centre: %(title)s") % {"title": question.title},
              "questions/email/received.txt", {"question": question})  # fmt: skip
        _mail(_staff_emails(), _("New question: %(title)s") % {"title": question.title},
              "questions/email/new_for_staff.txt", {"question": question})  # fmt: skip
    return question


@transaction.atomic
def question_handle(*, question: Question, actor, **fields) -> Question:
    """Editors assign, set status and due date, link experts and items, and write the answer."""
    relations = {name: fields.pop(name) for name in ("experts", "items") if name in fields}
    before_status = question.status
    changes = {}
    for name, value in fields.items():
        if getattr(question, name) != value:
            changes[name] = value
            setattr(question, name, value)
    if question.answer and question.status == Question.Status.ANSWERED and question.answered_at is None:
        question.answered_at = timezone.now()
    question.full_clean(exclude=["created_by"])
    question.save()
    for name, values in relations.items():
        if {v.pk for v in values} != set(getattr(question, name).values_list("pk", flat=True)):
            changes[name] = list(values)
            getattr(question, name).set(values)
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=question, changes=changes)
        record_change(question)
    if question.status != before_status and question.status in NOTIFY_ASKER and question.created_by:
        with translation.override(settings.LANGUAGE_CODE):
            _mail([question.created_by.email],
                  _("Your question is now: %(status)s") % {"status": question.get_status_display()},
                  "questions/email/status.txt", {"question": question})  # fmt: skip
    return question


@transaction.atomic
def message_add(*, question: Question, actor, text: str, internal: bool) -> QuestionMessage:
    message = QuestionMessage.objects.create(question=question, author=actor, text=text, internal=internal)
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=question,
                 changes={"message": "internal" if internal else "thread"})  # fmt: skip
    if internal:
        return message
    with translation.override(settings.LANGUAGE_CODE):
        if actor.pk == question.created_by_id:  # the asker reacts: the centre hears of it
            recipients = [question.handler.email] if question.handler else _staff_emails()
        else:
            recipients = [question.created_by.email] if question.created_by else []
        _mail(recipients, _("New message on: %(title)s") % {"title": question.title},
              "questions/email/message.txt", {"question": question, "message": message})  # fmt: skip
    return message


@transaction.atomic
def publish_agree(*, question: Question, actor) -> Question:
    question.publish_agreed_at = timezone.now()
    question.save(update_fields=["publish_agreed_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=question, changes={"publish_agreed": True})
    return question


class PublishError(Exception):
    pass


@transaction.atomic
def question_publish(*, question: Question, actor, visibility: str):
    """An answered question becomes a knowledge item, only with the asker's agreement."""
    from stadskennis.knowledge.services import item_create

    if question.published_item_id:
        return question.published_item
    if not question.answer_is_given:
        raise PublishError(_("Only an answered question can be published."))
    if question.publish_agreed_at is None:
        raise PublishError(_("The asker has not agreed to publish yet."))
    item = item_create(
        actor=actor, title=question.title, kind=ItemKind.ANSWER, summary=question.context[:1000],
        body=question.answer, owner=question.owner, visibility=visibility, themes=list(question.themes.all()),
        organisations=[question.owner], contacts=list(question.experts.all()),
        year=(question.answered_at or timezone.now()).year,
    )  # fmt: skip
    question.published_item = item
    question.save(update_fields=["published_item", "updated_at"])
    return item
