"""The council report of a frozen release as PDF (ReportLab), made by the background worker with its
progress on the job: the plan element by element with status, progress and how it was reached, the
narratives, every indicator with its evaluation, trajectory chart (vector, from the page's geometry)
and figures, and the changes since the previous frozen release. The same reads as the HTML report
(release_reports.py, release_indicators.py), so the two never differ. Made once per language: a frozen
release never changes."""

from __future__ import annotations

import io
import time
from datetime import timedelta
from html import escape

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from stadskennis.core.pdf_markdown import NumberedCanvas
from stadskennis.indicators.embeds_pdf import chart_drawing
from stadskennis.plans import release_indicators, release_reports
from stadskennis.plans.models import CouncilReportPdf, Release

MARGIN = 1.8 * cm
PROGRESS_WRITES = 50  # the progress is written about this many times while the parts are drawn
RETRY_AFTER = timedelta(minutes=5)  # a failed PDF is asked for again after this, not in a loop
STUCK_AFTER = timedelta(minutes=30)  # waiting or running this long: the worker lost it
GRID = colors.HexColor("#d5dce0")
HEAD = colors.HexColor("#eef2f4")


def council_pdf_request(*, release: Release, actor, language: str) -> CouncilReportPdf:
    """The release's PDF in `language`: the one made or being made, or a new job for the worker. A
    failed one (or one the worker lost) is made again, but not sooner than RETRY_AFTER after it
    failed. Only a frozen release has a council report."""
    from stadskennis.plans.tasks import council_pdf_make

    if not release.frozen:
        raise ValueError("only a frozen release has a council report")
    now = timezone.now()
    job = CouncilReportPdf.objects.filter(release=release, language=language).defer("pdf").first()
    if job is None:
        try:
            with transaction.atomic():
                job = CouncilReportPdf.objects.create(release=release, language=language, requested_by=actor)
        except IntegrityError:  # someone asked for it at the same moment: theirs is the one
            return CouncilReportPdf.objects.defer("pdf").get(release=release, language=language)
    else:
        Status = CouncilReportPdf.Status
        again = CouncilReportPdf.objects.filter(pk=job.pk).filter(
            Q(status=Status.FAILED, finished_at__lt=now - RETRY_AFTER)
            | Q(status__in=[Status.QUEUED, Status.RUNNING], requested_at__lt=now - STUCK_AFTER)
        )
        # one of two people asking at once changes the row, and only that one queues the work
        if not again.update(
            status=Status.QUEUED, done=0, requested_by=actor, requested_at=now, finished_at=None
        ):
            return job
    transaction.on_commit(lambda: council_pdf_make.enqueue(job.pk))
    return CouncilReportPdf.objects.defer("pdf").get(pk=job.pk)


def council_pdf_run(job_id: int) -> str:
    """Draw the job's PDF and store it (the worker's task calls this)."""
    job = CouncilReportPdf.objects.select_related("release__plan__owner").defer("pdf").get(pk=job_id)
    waiting = CouncilReportPdf.objects.filter(pk=job_id, status=CouncilReportPdf.Status.QUEUED)
    if not waiting.update(status=CouncilReportPdf.Status.RUNNING, done=0):
        return job.status  # made already, or being made by another run: never drawn twice
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        CouncilReportPdf.objects.filter(pk=job_id).update(done=done, total=total)

    with translation.override(job.language):
        pdf = council_pdf(job.release, progress=progress)
    CouncilReportPdf.objects.filter(pk=job_id).update(
        status=CouncilReportPdf.Status.DONE, pdf=pdf, finished_at=timezone.now(),
        seconds=time.perf_counter() - started,
    )  # fmt: skip
    return CouncilReportPdf.Status.DONE


def _styles() -> dict:
    sheet = getSampleStyleSheet()
    body = sheet["BodyText"]
    return {
        "title": sheet["Title"],
        "h2": sheet["Heading2"],
        "h3": sheet["Heading3"],
        "h4": body.clone("h4", fontName="Helvetica-Bold", fontSize=10, spaceBefore=8, spaceAfter=2),
        "body": body,
        "cell": body.clone("cell", fontSize=8, leading=10),
        "small": body.clone("small", fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
        "width": A4[0] - 2 * MARGIN,
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(rows: list[list], widths: list[float], *, right: tuple[int, ...] = ()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)  # a long narrative runs over pages
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
    ]
    style += [("ALIGN", (column, 0), (column, -1), "RIGHT") for column in right]
    table.setStyle(TableStyle(style))
    return table


def council_pdf(release: Release, *, progress=None) -> bytes:
    """The PDF's bytes; `progress(done, total)` is called every PROGRESS_EVERY parts."""
    plan, styles = release.plan, _styles()
    rows = release_reports.release_tree(release)
    copies = release_indicators.by_code(release)
    previous = release_reports.previous_frozen(release)
    changes = release_reports.release_compare(previous, release) if previous else None
    total = len(rows) + sum(len(c) for c in copies.values()) + 1  # + the page layout
    done = 0

    every = max(1, total // PROGRESS_WRITES)

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and done % every == 0:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    title = f"{plan.owner.display_name}: {plan.title} {plan.start_year}–{plan.end_year}"
    frozen = formats.date_format(timezone.localtime(release.frozen_at), "j F Y")
    story = [
        _p(title, styles["title"]),
        _p(_("Report for the council on the release “%(release)s”, frozen on %(date)s.")
           % {"release": release.title, "date": frozen}, styles["body"]),
        _p(_("A parent's progress is the mean of its children's, each counting the same.")
           if release.rollup == "equal"
           else _("A parent's progress is the mean of its children's, weighted by each child's weight."),
           styles["small"]),
        _p(_("Cancelled elements and elements without data do not count; each parent names them."),
           styles["small"]),
        _p(_("The plan element by element"), styles["h2"]),
    ]  # fmt: skip
    width = styles["width"]
    cell = styles["cell"]
    table = [[_("Code"), _("Element"), _("Status"), _("Progress"), _("Narrative")]]
    for row in rows:
        entry, figure = row.entry, row.figure
        if entry.status_excluded:
            shown = _("does not count")
        elif figure.percent is None:
            shown = _("without data")
        else:
            shown = f"{figure.percent}%"
        how = figure.explanation() if figure.source == "children" else ""
        indent = "&nbsp;" * 3 * row.depth
        table.append([
            _p(entry.code, cell),
            Paragraph(f"{indent}<font size=7 color='#4f5b62'>{escape(entry.get_level_display())}</font><br/>"
                      f"{indent}{escape(entry.title)}", cell),
            _p(entry.status_name or _("no status"), cell),
            _p(f"{shown}\n{how}" if how else shown, cell),
            _p(entry.narrative, cell),
        ])  # fmt: skip
        step()
    story.append(_table(table, [2.2 * cm, 5.2 * cm, 2.2 * cm, 2.4 * cm, width - 12 * cm], right=(3,)))

    story.append(_p(_("Indicators"), styles["h2"]))
    if not copies:
        story.append(_p(_("No element of this release has indicators."), styles["body"]))
    for row in rows:
        for copy in copies.get(row.entry.code, []):
            story += _indicator(release_indicators.frozen_standing(copy), row.entry, styles)
            step()

    story.append(_p(_("Changes since the previous release"), styles["h2"]))
    if previous is None:
        story.append(_p(_("This is the plan's first frozen release."), styles["body"]))
    else:
        said = ngettext(
            "Since “%(before)s”, %(counter)s element changed.",
            "Since “%(before)s”, %(counter)s elements changed.",
            len(changes),
        ) % {"before": previous.title, "counter": len(changes)}
        story.append(_p(said, styles["body"]))
        if changes:
            table = [[_("Code"), _("Element"), _("Status"), _("Progress"), _("Indicators")]]
            for change in changes:
                status = ""
                if change.status_changed:
                    status = f"{change.before.status_name or '–'} → {change.after.status_name or '–'}"
                before = "–" if change.progress_before is None else change.progress_before
                after = "–" if change.progress_after is None else change.progress_after
                indicators = "\n".join(
                    f"{c.name}: {c.before_shown} → {c.after_shown}" for c in change.indicators
                )
                table.append([_p(change.code, cell), _p(change.title, cell), _p(status, cell),
                              _p(f"{before} → {after}", cell), _p(indicators, cell)])  # fmt: skip
            story.append(_table(table, [2.2 * cm, 5 * cm, 3.4 * cm, 2 * cm, width - 12.6 * cm]))
    made = formats.date_format(timezone.localtime(), "j F Y H:i")
    story += [Spacer(1, 12), _p(_("Made by Stadskennis on %(when)s.") % {"when": made}, styles["small"])]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=title, author="Stadskennis", lang=translation.get_language() or "nl",
    )  # fmt: skip
    doc.build(story, canvasmaker=NumberedCanvas)
    if progress is not None:
        progress(total, total)
    return out.getvalue()


def _indicator(standing, entry, styles) -> list:
    """One indicator: its evaluation in words, its definition, its chart and its figures as a table."""
    copy = standing.indicator
    said = standing.label
    if standing.value is not None:
        said += ": " + _("%(value)s in %(year)s") % {"value": standing.value_shown, "year": standing.year}
        if standing.expected_shown:
            said += ", " + _("the trajectory expects %(expected)s") % {"expected": standing.expected_shown}
    elif standing.reason:
        said += f" ({standing.reason})"
    source = " (" + _("Stad in cijfers") + ")" if copy.warehouse else ""
    head = [_p(f"{entry.code} {entry.title}: {copy.name}{source}", styles["h4"]), _p(said, styles["body"])]
    facts = []
    if copy.baseline is not None:
        facts.append(_("Baseline") + ": " + _("%(value)s in %(year)s")
                     % {"value": standing.baseline_shown, "year": copy.baseline_year})  # fmt: skip
    if copy.target is not None:
        facts.append(_("Target") + ": " + _("%(value)s in %(year)s")
                     % {"value": standing.target_shown, "year": copy.target_year})  # fmt: skip
    if facts:
        head.append(_p(" · ".join(facts), styles["small"]))
    story = [KeepTogether(head)]
    chart = standing.chart
    if chart is not None:
        story.append(chart_drawing(chart, width=min(styles["width"], 13 * cm)))
    if standing.rows:
        table = [[_("Year"), _("Trajectory"), _("Value")]] + [
            [str(year), expected, measured] for year, expected, measured in standing.rows
        ]
        story.append(_table(table, [2 * cm, 4 * cm, 4 * cm], right=(1, 2)))
    story.append(Spacer(1, 6))
    return story
