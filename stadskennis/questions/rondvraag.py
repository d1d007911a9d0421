"""Survey rounds (rondvraag): compose, send, answer (drafts, versions, conflicts), submit, publish.

The organisation's answers stay with the organisation and the centre until the comparison is
published. Every save is a new version; a save based on an older version than the one stored is
a conflict that is shown, never a silent overwrite.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.services import audit_record
from stadskennis.core.tasks import send_email
from stadskennis.core.visibility import answering_recipients, is_staff_user
from stadskennis.network import selectors as network_selectors
from stadskennis.questions.models import Answer, AnswerVersion, Recipient, Rondvraag, SurveyQuestion

Kind = SurveyQuestion.Kind
# The longest long answer and explanation: pages of text, yet short enough for everyone who reads
# the comparison, and for the check for names before it is published.
LONG_TEXT_MAX = 10_000
DEFAULT_RECIPIENT_KINDS = ("centre_city", "vgc")  # the 13 centre cities and the VGC


class AnswerError(Exception):
    """A value that does not fit its question; the message says why, in the interface language."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_organisations():
    return Organisation.objects.filter(kind__in=DEFAULT_RECIPIENT_KINDS).order_by("name")


def contact_for(organisation: Organisation):
    """Who receives the link: the Netwerk's contact of the organisation."""
    return network_selectors.contact_for(organisation)


def respond_url(recipient: Recipient, token: str = "") -> str:
    path = reverse("questions:respond", kwargs={"pk": recipient.rondvraag_id})
    return f"{settings.SITE_URL.rstrip('/')}{path}" + (f"?t={token}" if token else "")


# --- Composing ---------------------------------------------------------------------------------------


class CompositionError(Exception):
    """A change the round's state no longer allows; the message says why, in the interface language."""


@transaction.atomic
def rondvraag_create(*, form, actor) -> Rondvraag:
    """A new draft round, owned by the composer's organisation (the centre for staff without one)."""
    rondvraag = form.save(commit=False)
    rondvraag.owner = actor.organisation or Organisation.objects.get(kind="centre")
    rondvraag.visibility = "organisation"
    rondvraag.created_by = actor
    rondvraag.save()
    form.save_m2m()
    if rondvraag.question and not rondvraag.themes.exists():  # a round about a question: its themes
        rondvraag.themes.set(rondvraag.question.themes.all())
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=rondvraag)
    return rondvraag


@transaction.atomic
def rondvraag_update(*, form, actor) -> Rondvraag:
    rondvraag = form.save()
    if form.changed_data:
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=rondvraag, changes={"fields": form.changed_data}
        )
    return rondvraag


@transaction.atomic
def question_add(*, rondvraag: Rondvraag, form, actor) -> SurveyQuestion:
    question = form.save(commit=False)
    question.rondvraag = rondvraag
    question.save()
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=rondvraag, changes={"question_added": question.text}
    )
    return question


@transaction.atomic
def question_remove(*, question: SurveyQuestion, actor) -> None:
    """A question goes only while nobody answered it: answers are never lost."""
    if question.answers.exists():
        raise CompositionError(_("This question has answers; it cannot be removed any more."))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=question.rondvraag,
        changes={"question_removed": question.text},
    )
    question.delete()


@transaction.atomic
def close(*, rondvraag: Rondvraag, actor) -> Rondvraag:
    """No more answers; what was submitted stays, and the comparison can be published."""
    rondvraag.phase = Rondvraag.Phase.CLOSED
    rondvraag.save(update_fields=["phase", "updated_at"])
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=rondvraag, changes={"phase": rondvraag.phase}
    )
    return rondvraag


# --- Sending and answering -------------------------------------------------------------------------------


@transaction.atomic
def send(*, rondvraag: Rondvraag, organisations, actor) -> list[Recipient]:
    """Open the round for `organisations`: each gets a personal link by email (sent by the worker)."""
    created = []
    for organisation in organisations:
        if Recipient.objects.filter(rondvraag=rondvraag, organisation=organisation).exists():
            continue
        token = secrets.token_urlsafe(32)
        contact = contact_for(organisation)
        recipient = Recipient.objects.create(
            rondvraag=rondvraag, organisation=organisation, contact=contact, token_hash=_hash(token),
            invited_at=timezone.now(),
        )  # fmt: skip
        created.append(recipient)
        if contact is not None:
            _mail_link(recipient, token, template="questions/email/rondvraag_invite.txt")
    rondvraag.phase = Rondvraag.Phase.OPEN
    rondvraag.save(update_fields=["phase", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=rondvraag,
                 changes={"sent_to": [r.organisation for r in created]})  # fmt: skip
    return created


def open_as_homework(sender, *, assignment, organisations, actor, **kwargs) -> None:
    """A workgroup's homework got this round as its questionnaire: open it for the workgroup's member
    organisations, with the homework's deadline unless the round has its own."""
    questionnaire = assignment.questionnaire
    if questionnaire.deadline is None:
        questionnaire.deadline = assignment.deadline
        questionnaire.save(update_fields=["deadline", "updated_at"])
    send(rondvraag=questionnaire, organisations=organisations, actor=actor)


def _mail_link(recipient: Recipient, token: str = "", *, template: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "recipient": recipient,
            "rondvraag": recipient.rondvraag,
            "link": respond_url(recipient, token),
        }
        subject = _("Survey round: %(title)s") % {"title": recipient.rondvraag.title}
        send_email.enqueue(str(subject), render_to_string(template, context), [recipient.contact.email])


@transaction.atomic
def remind(*, rondvraag: Rondvraag, actor=None) -> int:
    """Remind every organisation that has not submitted; the personal link of the invitation stays valid."""
    count = 0
    for recipient in rondvraag.recipients.filter(submitted_at__isnull=True).select_related(
        "contact", "organisation"
    ):
        if recipient.contact is None or not recipient.contact.email:
            continue
        recipient.reminded_at = timezone.now()
        recipient.save(update_fields=["reminded_at"])
        _mail_link(recipient, template="questions/email/rondvraag_reminder.txt")
        count += 1
    return count


def due_reminders(*, now=None) -> int:
    """Rounds whose reminder day has come (`reminder_days` before the deadline), each reminded once."""
    now = now or timezone.now()
    count = 0
    for rondvraag in Rondvraag.objects.alive().filter(phase=Rondvraag.Phase.OPEN, deadline__gt=now):
        if rondvraag.deadline - timedelta(days=rondvraag.reminder_days) > now:
            continue
        if rondvraag.recipients.filter(reminded_at__isnull=False).exists():
            continue
        count += remind(rondvraag=rondvraag)
    return count


def recipient_for(*, rondvraag: Rondvraag, user, token: str = "") -> Recipient | None:
    """The organisation a logged-in user answers for (`visibility.answering_recipients`: any member of
    an invited organisation, with or without the link). A link, when given, must be this
    organisation's and current, so a forwarded or expired link opens nothing."""
    recipient = answering_recipients(user, rondvraag.recipients.all()).first()
    if recipient is None:
        return None
    if token and not is_staff_user(user):
        if _hash(token) != recipient.token_hash:
            return None  # a link of another organisation, or a made-up one
        if (
            rondvraag.phase in (Rondvraag.Phase.CLOSED, Rondvraag.Phase.PUBLISHED)
            and recipient.submitted_at is None
        ):
            return None  # the round is over: the link has expired
    return recipient


def is_open_for_answers(rondvraag: Rondvraag) -> bool:
    return rondvraag.phase == Rondvraag.Phase.OPEN


# --- Answers -----------------------------------------------------------------------------------------


def parse_value(question: SurveyQuestion, raw):
    """The posted value as stored, or AnswerError with a message that says what is expected."""
    if question.kind == Kind.MULTIPLE_CHOICE:
        # The API takes any JSON here: a number or a string is not a list of choices.
        if raw is not None and not isinstance(raw, list | tuple):
            raise AnswerError(_("Give the choices as a list."))
        values = [v for v in (raw or []) if v]
        unknown = [v for v in values if v not in question.choice_list]
        if unknown:
            raise AnswerError(_("“%(value)s” is not one of the choices.") % {"value": unknown[0]})
        return values or None
    raw = (raw or "").strip() if isinstance(raw, str) else raw
    if raw in ("", None):
        return None
    if isinstance(raw, list | tuple | dict):
        raise AnswerError(_("Give one value, not a list."))
    if question.kind == Kind.NUMBER:
        text = str(raw).replace(" ", "").replace("\u202f", "")
        if "," in text and "." in text:
            text = text.replace(".", "")
        text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise AnswerError(
                _("“%(value)s” is not a number. Give a number only, like 12 or 12,5.") % {"value": raw}
            ) from error
        if not number.is_finite():
            raise AnswerError(_("Give a number only, like 12 or 12,5."))
        if not math.isfinite(float(number)):  # 1e400: a Decimal, but no float (nor JSON) holds it
            raise AnswerError(_("“%(value)s” is too large a number.") % {"value": raw})
        return float(number)
    if question.kind == Kind.YES_NO:
        if raw not in ("yes", "no"):
            raise AnswerError(_("Choose yes or no."))
        return raw
    if question.kind == Kind.SINGLE_CHOICE:
        if raw not in question.choice_list:
            raise AnswerError(_("“%(value)s” is not one of the choices.") % {"value": raw})
        return raw
    if question.kind == Kind.DATE:
        try:
            return date.fromisoformat(str(raw)).isoformat()
        except ValueError as error:
            raise AnswerError(_("“%(value)s” is not a date.") % {"value": raw}) from error
    if question.kind == Kind.SHORT_TEXT and len(str(raw)) > 500:
        raise AnswerError(_("A short answer is at most 500 characters; use the explanation for more."))
    if question.kind == Kind.LONG_TEXT and _length(str(raw)) > LONG_TEXT_MAX:
        raise AnswerError(
            _("A long answer is at most %(max)s characters; this one has %(length)s.")
            % {"max": _count(LONG_TEXT_MAX), "length": _count(_length(str(raw)))}
        )
    return str(raw)


def _length(text: str) -> int:
    """Characters as the person typed them: a line break counts once, as the browser counts it."""
    return len(text.replace("\r\n", "\n"))


def _count(number: int) -> str:
    return number_format(number, force_grouping=True)


def check_explanation(explanation: str) -> None:
    if _length(explanation) > LONG_TEXT_MAX:
        raise AnswerError(
            _("The explanation is at most %(max)s characters; this one has %(length)s.")
            % {"max": _count(LONG_TEXT_MAX), "length": _count(_length(explanation))}
        )


@dataclass
class Conflict:
    question: SurveyQuestion
    theirs: Answer
    yours: object


@transaction.atomic
def answer_save(*, recipient: Recipient, question: SurveyQuestion, value, explanation: str, base_version: int,
                user, upload=None) -> tuple[Answer, Conflict | None]:  # fmt: skip
    """Save one answer as a new version, unless someone saved a newer one meanwhile (a conflict)."""
    answer, _created = Answer.objects.select_for_update().get_or_create(
        recipient=recipient, question=question
    )
    unchanged = answer.value == value and answer.explanation == explanation and upload is None
    if unchanged:
        return answer, None
    if answer.version != base_version:
        return answer, Conflict(question=question, theirs=answer, yours=value)
    answer.value, answer.explanation = value, explanation
    if upload is not None:
        answer.file.save(upload.name, upload, save=False)
    answer.version += 1
    answer.saved_at, answer.saved_by = timezone.now(), user
    answer.save()
    AnswerVersion.objects.create(answer=answer, version=answer.version, value=value, explanation=explanation,
                                 saved_by=user)  # fmt: skip
    Recipient.objects.filter(pk=recipient.pk).update(
        last_saved_at=answer.saved_at,
        status=Recipient.Status.SUBMITTED if recipient.submitted_at else Recipient.Status.DRAFTING,
    )
    return answer, None


@dataclass
class AnswerEntry:
    """One answer as it was sent: a string (a form field), a list (multiple choice) or any JSON value
    (the API); for a file question the upload, or None to keep the stored file."""

    question: SurveyQuestion
    raw: object
    explanation: str = ""
    base_version: int = 0
    upload: object = None


@dataclass
class AnswersOutcome:
    errors: dict[int, str]  # question id → what is wrong; when there is any, nothing was saved
    conflicts: list[Conflict]
    answers: dict[int, Answer]


@transaction.atomic
def answers_save(*, recipient: Recipient, entries: list[AnswerEntry], user) -> AnswersOutcome:
    """Save an organisation's answers, for the page and the API alike: every value is checked first,
    and either all are saved (each as a new version, or a conflict with a colleague's newer save) or,
    when one is wrong, none."""
    from stadskennis.knowledge.forms import check_upload

    errors, values = {}, []
    stored = {a.question_id: a for a in recipient.answers.all()}
    for entry in entries:
        question, problems, value = entry.question, [], None
        try:
            if question.kind == Kind.FILE:
                if entry.upload is not None:
                    check_upload(entry.upload)
                    value = entry.upload.name
                else:
                    value = stored[question.pk].value if question.pk in stored else None
            else:
                value = parse_value(question, entry.raw)
        except (AnswerError, ValidationError) as error:
            problems.extend(getattr(error, "messages", None) or [str(error)])
        try:
            check_explanation(entry.explanation)
        except AnswerError as error:
            problems.append(str(error))
        if problems:
            errors[question.pk] = " ".join(problems)
        else:
            values.append((entry, value))
    if errors:
        return AnswersOutcome(errors=errors, conflicts=[], answers={})
    conflicts, answers = [], {}
    for entry, value in values:
        answer, conflict = answer_save(
            recipient=recipient, question=entry.question, value=value, explanation=entry.explanation.strip(),
            base_version=entry.base_version, user=user, upload=entry.upload,
        )  # fmt: skip
        answers[entry.question.pk] = answer
        if conflict:
            conflicts.append(conflict)
    return AnswersOutcome(errors={}, conflicts=conflicts, answers=answers)


def missing_required(recipient: Recipient) -> list[SurveyQuestion]:
    answered = {a.question_id for a in recipient.answers.all() if a.value not in (None, "", []) or a.file}
    return [q for q in recipient.rondvraag.questions.filter(required=True) if q.pk not in answered]


@transaction.atomic
def submit(*, recipient: Recipient, user) -> list[SurveyQuestion]:
    """Submit for the organisation; returns the required questions still open (then nothing changes)."""
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    missing = missing_required(recipient)
    if missing:
        return missing
    recipient.submitted_at = timezone.now()
    recipient.status = Recipient.Status.SUBMITTED
    recipient.save(update_fields=["submitted_at", "status"])
    audit_record(actor=user, action=AuditEntry.Action.UPDATE, obj=recipient.rondvraag,
                 changes={"submitted": recipient.organisation})  # fmt: skip
    return []


@transaction.atomic
def reopen(*, recipient: Recipient, actor) -> None:
    recipient.submitted_at = None
    recipient.status = Recipient.Status.DRAFTING
    recipient.save(update_fields=["submitted_at", "status"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=recipient.rondvraag,
                 changes={"reopened": recipient.organisation})  # fmt: skip


def mark_opened(recipient: Recipient) -> None:
    if recipient.opened_at is None:
        Recipient.objects.filter(pk=recipient.pk).update(
            opened_at=timezone.now(), status=Recipient.Status.OPENED
        )


def publish(*, rondvraag: Rondvraag, actor, visibility: str, **review):
    """Publish the comparison as a knowledge item: see `questions.publish.rondvraag_publish`, which
    refuses what the editor has not reviewed (few answers, names typed into answers)."""
    from stadskennis.questions.publish import rondvraag_publish

    return rondvraag_publish(rondvraag=rondvraag, actor=actor, visibility=visibility, **review)


# --- Repeating ---------------------------------------------------------------------------------------


@transaction.atomic
def copy(*, rondvraag: Rondvraag, actor, title: str) -> Rondvraag:
    """A new draft round with the same questionnaire (next year, or for other organisations)."""
    new = Rondvraag.objects.create(
        title=title, introduction=rondvraag.introduction, owner=rondvraag.owner, visibility="organisation",
        created_by=actor, reminder_days=rondvraag.reminder_days, copied_from=rondvraag,
        question=rondvraag.question,
    )  # fmt: skip
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            rondvraag=new,
            section=q.section,
            position=q.position,
            text=q.text,
            help_text=q.help_text,
            kind=q.kind,
            choices=q.choices,
            unit=q.unit,
            required=q.required,
            with_explanation=q.with_explanation,
        )  # fmt: skip
        for q in rondvraag.questions.all()
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=new, changes={"copied_from": rondvraag})
    return new
