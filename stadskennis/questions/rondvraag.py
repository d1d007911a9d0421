"""Survey rounds (rondvraag): compose, send, answer (drafts, versions, conflicts), submit, compare.

The organisation's answers stay with the organisation and the centre until the comparison is
published. Every save is a new version; a save based on an older version than the one stored is
a conflict that is shown, never a silent overwrite.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.services import audit_record
from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.core.tasks import send_email
from stadskennis.core.visibility import is_staff_user
from stadskennis.network.models import Person
from stadskennis.questions.models import Answer, AnswerVersion, Recipient, Rondvraag, SurveyQuestion

Kind = SurveyQuestion.Kind
DEFAULT_RECIPIENT_KINDS = ("centre_city", "vgc")  # the 13 centre cities and the VGC


class AnswerError(Exception):
    """A value that does not fit its question; the message says why, in the interface language."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_organisations():
    return Organisation.objects.filter(kind__in=DEFAULT_RECIPIENT_KINDS).order_by("name")


def contact_for(organisation: Organisation) -> Person | None:
    """Who receives the link: a person of the organisation with an account, else any with an email."""
    people = Person.objects.filter(organisation=organisation, erased_at__isnull=True).exclude(email="")
    return people.filter(user__isnull=False).first() or people.first()


def respond_url(recipient: Recipient, token: str = "") -> str:
    path = reverse("questions:respond", kwargs={"pk": recipient.rondvraag_id})
    return f"{settings.SITE_URL.rstrip('/')}{path}" + (f"?t={token}" if token else "")


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
    """The organisation a logged-in user answers for. The link identifies the round and must be
    current; the user must belong to the invited organisation, so a forwarded link opens nothing."""
    if not user.is_authenticated or not user.organisation_id:
        return None
    recipient = Recipient.objects.filter(rondvraag=rondvraag, organisation_id=user.organisation_id).first()
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
        values = [v for v in (raw or []) if v]
        unknown = [v for v in values if v not in question.choice_list]
        if unknown:
            raise AnswerError(_("“%(value)s” is not one of the choices.") % {"value": unknown[0]})
        return values or None
    raw = (raw or "").strip() if isinstance(raw, str) else raw
    if raw in ("", None):
        return None
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
    return str(raw)


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


# --- The comparison ------------------------------------------------------------------------------------


def display(question: SurveyQuestion, value) -> str:
    if value in (None, "", []):
        return ""
    if question.kind == Kind.YES_NO:
        return str(_("yes")) if value == "yes" else str(_("no"))
    if question.kind == Kind.MULTIPLE_CHOICE:
        return "; ".join(value)
    if question.kind == Kind.NUMBER:
        number = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
        return f"{number} {question.unit}".strip()
    return str(value)


class Cell(NamedTuple):
    """One organisation's answer in the comparison: its value and toelichting."""

    value: object
    explanation: str


@dataclass
class QuestionSummary:
    question: SurveyQuestion
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)  # choice/yes-no: (label, n)
    total: float | None = None  # numbers: the Flemish total of the organisations that answered
    mean: float | None = None

    @property
    def max_count(self) -> int:
        return max((n for _label, n in self.counts), default=0)

    @property
    def total_display(self) -> str:
        return display(self.question, self.total) if self.total is not None else ""

    @property
    def mean_display(self) -> str:
        return display(self.question, round(self.mean, 2)) if self.mean is not None else ""

    @property
    def bars(self) -> list[tuple[str, int, int, int]]:
        """(label, count, bar width in px of 200, y offset) for the inline SVG chart."""
        top = self.max_count or 1
        return [(label, n, round(200 * n / top), 12 * i) for i, (label, n) in enumerate(self.counts)]


@dataclass
class Comparison:
    rondvraag: Rondvraag
    questions: list[SurveyQuestion]
    organisations: list[Organisation]
    cells: dict[tuple[int, int], Cell]  # (organisation id, question id) → answer
    summaries: dict[int, QuestionSummary]
    status: dict[int, Recipient]

    def rows(self):
        for organisation in self.organisations:
            yield organisation, [(q, self.cells.get((organisation.pk, q.pk))) for q in self.questions]

    def display_rows(self):
        """For pages: (organisation, [(question, answer, text)])."""
        for organisation, answers in self.rows():
            yield organisation, [(q, a, display(q, a.value) if a else "") for q, a in answers]

    @property
    def summary_list(self) -> list[QuestionSummary]:
        return [self.summaries[q.pk] for q in self.questions]


def compare(
    rondvraag: Rondvraag, *, question_ids=None, organisation_ids=None, submitted_only: bool = True
) -> Comparison:
    questions = list(rondvraag.questions.all())
    if question_ids:
        questions = [q for q in questions if q.pk in question_ids]
    recipients = list(rondvraag.recipients.select_related("organisation"))
    if organisation_ids:
        recipients = [r for r in recipients if r.organisation_id in organisation_ids]
    counted = [r for r in recipients if r.submitted_at or not submitted_only]
    # Plain rows, not model instances: 300 organisations × 60 questions is 18,000 answers.
    answers = Answer.objects.filter(recipient__in=counted, question__in=questions).values_list(
        "recipient__organisation_id", "question_id", "value", "explanation"
    )
    cells = {(org, qid): Cell(value, explanation) for org, qid, value, explanation in answers}
    summaries = {}
    for question in questions:
        values = [
            cells[(r.organisation_id, question.pk)].value
            for r in counted
            if (r.organisation_id, question.pk) in cells
        ]
        values = [v for v in values if v not in (None, "", [])]
        summary = QuestionSummary(question=question, answered=len(values))
        if question.kind == Kind.YES_NO:
            tally = Counter(values)
            summary.counts = [(str(_("yes")), tally["yes"]), (str(_("no")), tally["no"])]
        elif question.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
            tally = Counter(v for value in values for v in (value if isinstance(value, list) else [value]))
            summary.counts = [(choice, tally[choice]) for choice in question.choice_list]
        elif question.kind == Kind.NUMBER and values:
            summary.total = sum(values)
            summary.mean = summary.total / len(values)
        summaries[question.pk] = summary
    return Comparison(
        rondvraag=rondvraag, questions=questions, organisations=[r.organisation for r in recipients],
        cells=cells, summaries=summaries, status={r.organisation_id: r for r in recipients},
    )  # fmt: skip


def export_xlsx(comparison: Comparison) -> bytes:
    """One row per organisation; per question a column with the answer and one with its explanation."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Comparison"))[:31]
    header = [str(_("Organisation")), str(_("NIS code")), str(_("Submitted"))]
    for q in comparison.questions:
        header.append(q.text + (f" ({q.unit})" if q.unit else ""))
        if q.with_explanation:
            header.append(f"{q.text} – {_('explanation')}")
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for organisation, answers in comparison.rows():
        recipient = comparison.status.get(organisation.pk)
        submitted = recipient.submitted_at if recipient else None
        row = [organisation.name, organisation.nis_code or "",
               timezone.localtime(submitted).replace(tzinfo=None) if submitted else ""]  # fmt: skip
        for question, answer in answers:
            value = answer.value if answer else None
            if question.kind == Kind.NUMBER and value is not None:
                row.append(value)
            else:
                row.append(spreadsheet_safe(display(question, value)))
            if question.with_explanation:
                row.append(spreadsheet_safe(answer.explanation if answer else ""))
        sheet.append(row)
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_csv(comparison: Comparison) -> str:
    import csv

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = [str(_("Organisation"))]
    for q in comparison.questions:
        header.append(q.text)
        if q.with_explanation:
            header.append(f"{q.text} – {_('explanation')}")
    writer.writerow(header)
    for organisation, answers in comparison.rows():
        row = [organisation.name]
        for question, answer in answers:
            row.append(spreadsheet_safe(display(question, answer.value if answer else None)))
            if question.with_explanation:
                row.append(spreadsheet_safe(answer.explanation if answer else ""))
        writer.writerow(row)
    return out.getvalue()


def comparison_markdown(comparison: Comparison) -> str:
    lines = [comparison.rondvraag.introduction, ""] if comparison.rondvraag.introduction else []
    for question in comparison.questions:
        lines += [f"## {question.text}", "", f"| {_('Organisation')} | {_('Answer')} |", "|---|---|"]
        for organisation, answers in comparison.rows():
            answer = dict(answers).get(question)
            text = display(question, answer.value if answer else None) or "–"
            if answer and answer.explanation:
                text += f" ({answer.explanation})"
            lines.append(f"| {organisation.display_name} | {text.replace('|', '/').replace(chr(10), ' ')} |")
        lines.append("")
    if comparison.rondvraag.conclusion:
        lines += [comparison.rondvraag.conclusion]
    return "\n".join(lines)


@transaction.atomic
def publish(*, rondvraag: Rondvraag, actor, visibility: str):
    """The comparison becomes a knowledge item ("stand van zaken per stad") and readable as such."""
    from stadskennis.knowledge.models import KnowledgeItem
    from stadskennis.knowledge.services import item_create

    comparison = compare(rondvraag)
    title = _("State of affairs per city: %(title)s") % {"title": rondvraag.title}
    item = item_create(
        actor=actor, title=title[:300], kind=KnowledgeItem.Kind.STUDY, summary=rondvraag.introduction[:1000],
        body=comparison_markdown(comparison), owner=rondvraag.owner, visibility=visibility,
        organisations=comparison.organisations, year=timezone.now().year,
    )  # fmt: skip
    rondvraag.phase = Rondvraag.Phase.PUBLISHED
    rondvraag.visibility = visibility
    rondvraag.published_item = item
    rondvraag.save(update_fields=["phase", "visibility", "published_item", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=rondvraag, changes={"published": True})
    return item


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


@dataclass
class TrendRow:
    organisation: Organisation
    cells: list[tuple[str, str]]  # per question: (earlier, later)


def compare_over_time(earlier: Rondvraag, later: Rondvraag) -> tuple[list[SurveyQuestion], list[TrendRow]]:
    """The same questions (by text) in two rounds, per organisation side by side."""
    first, second = compare(earlier), compare(later)
    later_by_text = {q.text: q for q in second.questions}
    pairs = [(q, later_by_text[q.text]) for q in first.questions if q.text in later_by_text]
    organisations = {o.pk: o for o in first.organisations + second.organisations}
    rows = []
    for organisation in sorted(organisations.values(), key=lambda o: o.name):
        cells = []
        for q1, q2 in pairs:
            a1, a2 = first.cells.get((organisation.pk, q1.pk)), second.cells.get((organisation.pk, q2.pk))
            cells.append((display(q1, a1.value) if a1 else "", display(q2, a2.value) if a2 else ""))
        rows.append(TrendRow(organisation=organisation, cells=cells))
    return [q for q, _q2 in pairs], rows
