"""The annual report written from the year's activity. The background worker gathers, per programme
line of the year's period (its sub-programmes included), the workgroups and their meetings, the events
with their participants, the survey rounds and their comparisons, the knowledge items and newsletter
issues published, the plans followed and the figures updated, with the accounts and each member's
participation, into a snapshot that stays as it was drafted; the editor writes the connecting text;
publishing makes it a public page, a PDF and a knowledge item.

What the report names is public: titles only of public workgroups, events, rounds and items (the
report is read by anyone once published); everything else is counted, never named."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import date
from html import escape

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from stadskennis.core.models import AuditEntry, Organisation, Period, ProgrammeLine
from stadskennis.core.pdf_markdown import NumberedCanvas, markdown_flowables
from stadskennis.core.services import audit_record
from stadskennis.events.models import Event, Registration
from stadskennis.indicators.models import Observation
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import Meeting, Workgroup
from stadskennis.newsletter.models import Issue, IssueItem
from stadskennis.plans.models import Release
from stadskennis.programmes import accounts
from stadskennis.programmes.models import AnnualReport, YearAccounts
from stadskennis.programmes.money import format_euros, percent
from stadskennis.programmes.participation import participation
from stadskennis.questions.models import Question, Recipient, Rondvraag

NAMED_LIMIT = 40  # titles named per kind and line; the rest counted


def lines_of(year: int) -> list[ProgrammeLine]:
    period = Period.objects.filter(start_year__lte=year, end_year__gte=year).first()
    if period is None:
        return []
    return list(period.programme_lines.filter(parent__isnull=True).order_by("position", "name"))


def _line_activity(year: int, line_ids: list[int] | None) -> dict:
    """The year's activity under the lines `line_ids` (None: under no line at all)."""

    def on(queryset, field: str = "programme_line"):
        return (
            queryset.filter(**{f"{field}__in": line_ids})
            if line_ids is not None
            else queryset.filter(**{f"{field}__isnull": True})
        )

    meetings = on(Meeting.objects.filter(starts_at__year=year), "workgroup__programme_line")
    workgroups = Workgroup.objects.alive().filter(pk__in=meetings.values("workgroup"))
    public_workgroups = workgroups.filter(visibility="public")
    events = on(Event.objects.alive().filter(starts_at__year=year)).exclude(status=Event.Status.CANCELLED)
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
    events = events.annotate(
        participants=Count("registrations", filter=confirmed, distinct=True),
        present=Count(
            "registrations", filter=confirmed & Q(registrations__attended_at__isnull=False), distinct=True
        ),
    )
    rounds = on(Rondvraag.objects.alive().filter(created_at__year=year)).annotate(
        answers=Count("recipients", filter=Q(recipients__status=Recipient.Status.SUBMITTED))
    )
    items = on(KnowledgeItem.objects.alive().filter(created_at__year=year)).exclude(visibility="draft")
    newsletter = IssueItem.objects.filter(
        Q(knowledge_item__in=items.values("pk")) | Q(event__in=events.values("pk")),
        issue__status__in=[Issue.Status.SENT, Issue.Status.IMPORTED],
        issue__month__year=year,
    )
    return {
        "workgroups": [
            {"name": w.name, "meetings": w.meetings_in_year}
            for w in public_workgroups.annotate(
                meetings_in_year=Count("meetings", filter=Q(meetings__starts_at__year=year))
            ).order_by("name")[:NAMED_LIMIT]
        ],
        "workgroup_count": workgroups.count(),
        "meeting_count": meetings.count(),
        "events": [
            {
                "title": e.title,
                "date": e.starts_at.date().isoformat(),
                "participants": e.participants,
                "present": e.present,
            }
            for e in events.filter(visibility="public").order_by("starts_at")[:NAMED_LIMIT]
        ],
        "event_count": events.count(),
        "participants": sum(events.values_list("participants", flat=True)),
        "rounds": [
            {"title": r.title, "answers": r.answers, "published": r.phase == Rondvraag.Phase.PUBLISHED}
            for r in rounds.filter(phase=Rondvraag.Phase.PUBLISHED, visibility="public")[:NAMED_LIMIT]
        ],
        "round_count": rounds.count(),
        "items": [
            {"title": i.title, "kind": i.get_kind_display()}
            for i in items.filter(visibility="public").order_by("created_at")[:NAMED_LIMIT]
        ],
        "item_count": items.count(),
        "newsletter_count": newsletter.count(),
    }


def gather(report: AnnualReport, *, progress=None) -> dict:
    """The snapshot of `report.year`; `progress(done, total)` after each step."""
    year = report.year
    lines = lines_of(year)
    total = len(lines) + 4
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        if progress:
            progress(step, total)

    snapshot = {"year": year, "drafted_on": timezone.localdate().isoformat(), "lines": []}
    for line in lines:
        ids = [line.pk, *line.sub_programmes.values_list("pk", flat=True)]
        snapshot["lines"].append({"id": line.pk, "name": line.name, **_line_activity(year, ids)})
        tick()
    snapshot["other"] = _line_activity(year, None)
    tick()
    answered = Question.objects.alive().filter(answered_at__year=year)
    snapshot["questions"] = {
        "answered": answered.count(),
        "public": [
            q.title for q in answered.filter(visibility="public").order_by("answered_at")[:NAMED_LIMIT]
        ],
    }
    snapshot["newsletters"] = Issue.objects.filter(
        month__year=year, status__in=[Issue.Status.SENT, Issue.Status.IMPORTED], kind=Issue.Kind.MONTHLY
    ).count()
    frozen = Release.objects.filter(frozen_at__year=year)
    snapshot["plans"] = {"releases": frozen.count(), "plans": frozen.values("plan").distinct().count()}
    snapshot["figures"] = (
        Observation.objects.filter(updated_at__year=year).values("indicator").distinct().count()
    )
    tick()
    snapshot["accounts"] = _accounts(year)
    tick()
    snapshot["participation"] = [
        # What each member took part in, counted; the fees are in the accounts once approved, not here.
        {
            "organisation": row.organisation.name,
            **{k: v for k, v in row.figures.items() if not k.startswith("fee")},
        }
        for row in participation(year)
    ]
    tick()
    return snapshot


def _accounts(year: int) -> dict | None:
    """The accounts once approved (a draft report of an unapproved year says so instead)."""
    approved = YearAccounts.objects.filter(year=year, withdrawn_at__isnull=True).first()
    if approved is None:
        return None
    figures = accounts.year_figures(year, on=date(year, 12, 31))
    own = figures.own_means("actual")
    return {
        "approved_on": approved.approved_on.isoformat(),
        "kinds": [
            {"label": row.label, "income": row.income, "budget": row.budget, "actual": row.actual}
            for row in figures.kinds
            if row.budget or row.actual
        ],
        "income": figures.income["actual"],
        "costs": figures.costs["actual"],
        "own_means": percent(own.ratio),
        "own_means_met": own.meets_target,
    }


def draft_run(report_id: int) -> str:
    """The worker's part: gather, with progress written as it goes, and keep the snapshot."""
    report = AnnualReport.objects.get(pk=report_id)
    started = time.monotonic()
    AnnualReport.objects.filter(pk=report_id).update(drafting=AnnualReport.Drafting.RUNNING, draft_done=0)

    def progress(done: int, total: int) -> None:
        AnnualReport.objects.filter(pk=report_id).update(draft_done=done, draft_total=total)

    snapshot = gather(report, progress=progress)
    AnnualReport.objects.filter(pk=report_id).update(
        snapshot=snapshot,
        drafting=AnnualReport.Drafting.DONE,
        drafted_at=timezone.now(),
        draft_seconds=time.monotonic() - started,
    )
    return "done"


@transaction.atomic
def draft_request(*, year: int, actor) -> AnnualReport:
    """Queue a (new) draft of the year's report; its texts stay as the editor wrote them."""
    from stadskennis.programmes.tasks import annual_report_draft

    report, _created = AnnualReport.objects.select_for_update().get_or_create(year=year)
    if report.drafting in (AnnualReport.Drafting.QUEUED, AnnualReport.Drafting.RUNNING):
        return report
    report.drafting = AnnualReport.Drafting.QUEUED
    report.draft_done = 0
    report.updated_by = actor
    report.save(update_fields=["drafting", "draft_done", "updated_by", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=report, changes={"drafting": "queued"})
    transaction.on_commit(lambda: annual_report_draft.enqueue(report.pk))
    return report


@transaction.atomic
def texts_save(
    *, report: AnnualReport, introduction: str, line_texts: dict, closing: str, actor
) -> AnnualReport:
    before = {"introduction": report.introduction, "line_texts": report.line_texts, "closing": report.closing}
    report.introduction, report.line_texts, report.closing = introduction, line_texts, closing
    report.updated_by = actor
    report.full_clean()
    report.save()
    changed = [name for name, value in before.items() if getattr(report, name) != value]
    if changed:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=report, changes={"fields": changed})
    return report


@dataclass(frozen=True)
class Version:
    """One version of a report: the draft staff work on, or the copy the public reads."""

    year: int
    introduction: str
    line_texts: dict
    closing: str
    snapshot: dict

    @property
    def title(self) -> str:
        return _("Annual report %(year)s") % {"year": self.year}

    @property
    def sections(self) -> list[tuple[dict, str]]:
        return [(line, self.line_texts.get(str(line["id"]), "")) for line in self.snapshot.get("lines", [])]


def draft_version(report: AnnualReport) -> Version:
    return Version(
        report.year, report.introduction, report.line_texts or {}, report.closing, report.snapshot or {}
    )


def public_version(report: AnnualReport) -> Version | None:
    """What was published last (None before the first publishing)."""
    if report.status != AnnualReport.Status.PUBLISHED or not report.published:
        return None
    kept = report.published
    return Version(report.year, kept["introduction"], kept["line_texts"], kept["closing"], kept["snapshot"])


def as_markdown(version: Version) -> str:
    """The report as one Markdown text: the knowledge item's body, and what the PDF is drawn from."""
    snapshot = version.snapshot
    parts = [version.introduction.strip()] if version.introduction.strip() else []
    for line in snapshot.get("lines", []):
        text = version.line_texts.get(str(line["id"]), "").strip()
        parts.append(f"## {line['name']}")
        if text:
            parts.append(text)
        parts.append(_line_summary(line))
    questions = snapshot.get("questions", {})
    parts.append("## " + _("Questions, newsletters, plans and figures"))
    parts.append(
        _(
            "%(questions)s questions answered, %(newsletters)s newsletters sent, "
            "%(releases)s reporting rounds of %(plans)s plans followed, "
            "figures of %(figures)s indicators updated."
        )
        % {
            "questions": questions.get("answered", 0),
            "newsletters": snapshot.get("newsletters", 0),
            "releases": snapshot.get("plans", {}).get("releases", 0),
            "plans": snapshot.get("plans", {}).get("plans", 0),
            "figures": snapshot.get("figures", 0),
        }
    )
    money = snapshot.get("accounts")
    parts.append("## " + _("Accounts"))
    if money:
        parts.append(
            _(
                "The centre worked with %(income)s euro income and %(costs)s euro costs; "
                "the members' fees brought %(share)s of the income."
            )
            % {
                "income": format_euros(money["income"]),
                "costs": format_euros(money["costs"]),
                "share": money["own_means"],
            }
        )
    else:
        parts.append(_("The accounts of this year are not approved yet."))
    if version.closing.strip():
        parts.append(version.closing.strip())
    return "\n\n".join(parts)


def _line_summary(line: dict) -> str:
    bullets = [
        _("%(n)s workgroups met %(m)s times") % {"n": line["workgroup_count"], "m": line["meeting_count"]},
        _("%(n)s events with %(p)s participants") % {"n": line["event_count"], "p": line["participants"]},
        _("%(n)s survey rounds") % {"n": line["round_count"]},
        _("%(n)s knowledge items published") % {"n": line["item_count"]},
        _("%(n)s times in the newsletter") % {"n": line["newsletter_count"]},
    ]
    named = [f"{w['name']}" for w in line["workgroups"]] + [f"{e['title']}" for e in line["events"]]
    named += [r["title"] for r in line["rounds"]] + [i["title"] for i in line["items"]]
    text = "\n".join(f"- {bullet}" for bullet in bullets)
    if named:
        text += "\n\n" + _("Among them:") + " " + "; ".join(named) + "."
    return text


def report_pdf(version: Version) -> bytes:
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    title = version.title
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=title,
        author="Kenniscentrum Vlaamse Steden",
    )
    story = [Paragraph(escape(title), styles["Title"])]
    story += markdown_flowables(as_markdown(version), body=styles["BodyText"], heading=styles["Heading2"])
    members = version.snapshot.get("participation", [])
    if members:
        story += [Spacer(1, 12), Paragraph(escape(_("Participation per member")), styles["Heading2"])]
        rows = [[_("Member"), _("Meetings"), _("Rounds"), _("Events"), _("Questions"), _("Items")]]
        rows += [
            [m["organisation"], m["meetings"], m["rounds_answered"], m["events"], m["questions"], m["items"]]
            for m in members
        ]
        table = Table(rows, repeatRows=1)
        table.setStyle(
            TableStyle([("FONTSIZE", (0, 0), (-1, -1), 8), ("LINEBELOW", (0, 0), (-1, 0), 0.5, "#333333")])
        )
        story.append(table)
    doc.build(story, canvasmaker=NumberedCanvas)
    return out.getvalue()


@transaction.atomic
def publish(*, report: AnnualReport, actor) -> AnnualReport:
    """The draft as it is now made public: kept as the published copy, shown as a page and a PDF, and
    a knowledge item of the centre (updated when published again)."""
    from stadskennis.knowledge.services import item_create, item_update

    if not report.snapshot:
        raise ValueError("draft first")
    version = draft_version(report)
    centre = Organisation.objects.filter(kind=Organisation.Kind.CENTRE).order_by("pk").first()
    fields = {
        "title": version.title,
        "body": as_markdown(version),
        "summary": version.introduction[:500],
        "kind": KnowledgeItem.Kind.STUDY,
        "year": report.year,
        "visibility": "public",
    }
    if report.published_item_id:
        item_update(item=report.published_item, actor=actor, **fields)
    else:
        report.published_item = item_create(actor=actor, owner=centre, **fields)
    report.published = {
        "introduction": version.introduction,
        "line_texts": version.line_texts,
        "closing": version.closing,
        "snapshot": version.snapshot,
    }
    report.status = AnnualReport.Status.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_at", "published", "published_item", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=report, changes={"published": True})
    return report
