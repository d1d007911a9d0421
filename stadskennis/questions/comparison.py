"""The comparison of a survey round: the answers side by side, their summaries and charts, the
spreadsheet exports and the Markdown that a published comparison becomes. Reads only; who may see a
comparison is decided by `core.visibility.can_see_comparison`."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stadskennis.core.models import Organisation
from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.questions.models import Answer, Recipient, Rondvraag, SurveyQuestion

Kind = SurveyQuestion.Kind


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
    total: float | None = None  # numbers: the sum over the organisations that answered, not Flanders
    mean: float | None = None

    @property
    def max_count(self) -> int:
        return max((n for _label, n in self.counts), default=0)

    @property
    def total_display(self) -> str:
        return display(self.question, self.total) if self.total is not None else ""

    @property
    def total_label(self) -> str:
        """What the total is a total of: the organisations that answered, never "Flanders"."""
        return ngettext(
            "total of the %(n)d responding organisation", "total of the %(n)d responding organisations",
            self.answered,
        ) % {"n": self.answered}  # fmt: skip

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
    rondvraag: Rondvraag,
    *,
    question_ids=None,
    organisation_ids=None,
    submitted_only: bool = True,
    respondents_only: bool = False,
) -> Comparison:
    """The answers side by side; `respondents_only` leaves out the rows of organisations that did not
    submit (a published comparison shows who answered)."""
    questions = list(rondvraag.questions.all())
    if question_ids:
        questions = [q for q in questions if q.pk in question_ids]
    recipients = list(rondvraag.recipients.select_related("organisation"))
    if organisation_ids:
        recipients = [r for r in recipients if r.organisation_id in organisation_ids]
    if respondents_only:
        recipients = [r for r in recipients if r.submitted_at]
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
            header.append(q.text + " – " + _("explanation"))
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
            header.append(q.text + " – " + _("explanation"))
    writer.writerow(header)
    for organisation, answers in comparison.rows():
        row = [organisation.name]
        for question, answer in answers:
            row.append(spreadsheet_safe(display(question, answer.value if answer else None)))
            if question.with_explanation:
                row.append(spreadsheet_safe(answer.explanation if answer else ""))
        writer.writerow(row)
    return out.getvalue()


def _md(text: str) -> str:
    """Typed text as literal Markdown on one line: no markup, links or table cells of its own."""
    text = escape(" ".join(str(text).split()), quote=False).replace("|", "/")
    return re.sub(r"([\\`*_\[\]!#])", r"\\\1", text)


def summary_line(summary: QuestionSummary) -> str:
    if summary.counts:
        return "; ".join(f"{label}: {n}" for label, n in summary.counts)
    if summary.total_display:
        return (
            f"{summary.total_label[:1].upper()}{summary.total_label[1:]}: {summary.total_display}"
            + " · "
            + _("average")
            + f": {summary.mean_display}"
        )
    return ""


# Characters of quoted answers in a published comparison: a knowledge item holds 100,000, and the
# comparison itself (linked from the item) gives every answer in full.
QUOTED_BUDGET = 60_000


def published_markdown(
    comparison: Comparison,
    *,
    invited: int,
    silent: list[Organisation],
    introduction: str,
    links: list[tuple[str, str]],
) -> str:
    """The body of the published comparison: who answered, the answers per question, the conclusion
    and the links back to the data and the question. Answers are quoted literally, never as Markdown."""
    answered = len(comparison.organisations)
    lines = [
        ngettext(
            "%(answered)d of the %(invited)d invited organisations answered.",
            "%(answered)d of the %(invited)d invited organisations answered.",
            answered,
        )
        % {"answered": answered, "invited": invited},
        "",
    ]
    if silent:
        names = ", ".join(_md(o.display_name) for o in silent)
        lines += [_("No answer from: %(names)s.") % {"names": names}, ""]
    if introduction:
        lines += [introduction, ""]
    limit = max(200, min(1_000, QUOTED_BUDGET // max(1, len(comparison.questions) * answered)))
    shortened = False
    for question in comparison.questions:
        lines += [f"## {_md(question.text)}", ""]
        if line := summary_line(comparison.summaries[question.pk]):
            lines += [_md(line), ""]
        lines += ["| " + _("Organisation") + " | " + _("Answer") + " |", "|---|---|"]
        for organisation, answers in comparison.rows():
            answer = dict(answers).get(question)
            text = display(question, answer.value if answer else None) or "–"
            if answer and answer.explanation:
                text += f" ({answer.explanation})"
            if len(text) > limit:
                text, shortened = text[:limit].rsplit(" ", 1)[0] + " …", True
            lines.append(f"| {_md(organisation.display_name)} | {_md(text)} |")
        lines.append("")
    if shortened:
        lines += [_("Long answers are shortened here; the comparison gives them in full."), ""]
    if comparison.rondvraag.conclusion:
        lines += ["## " + _("Conclusion"), "", comparison.rondvraag.conclusion, ""]
    if links:
        lines += ["## " + _("Data and sources"), ""]
        lines += [f"- [{_md(label)}]({url})" for label, url in links]
    return "\n".join(lines).strip() + "\n"


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
