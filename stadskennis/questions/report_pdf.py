"""The printable report of a survey round as PDF, written with ReportLab (no browser, no fonts from
elsewhere: the built-in Helvetica covers Dutch).

Every page says "pagina X van Y"; a question's heading, its counts and chart stay on the page where
its table starts (a table longer than a page then starts on a fresh one, its header row repeated)."""

from __future__ import annotations

import io
from html import escape

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from stadskennis.core.pdf_markdown import NumberedCanvas, markdown_flowables
from stadskennis.questions.comparison import summary_line

CHART_COLOUR = colors.HexColor("#1f5f8b")
MARGIN = 2 * cm


def _p(text: str, style) -> Paragraph:
    """Typed text (an answer, a name) as it was typed: never mark-up."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def _chart(counts: list[tuple[str, int]], width: float) -> Drawing:
    """A horizontal bar per answer, like the page's chart."""
    row, label_width = 14, 5 * cm
    top = max((n for _label, n in counts), default=0) or 1
    bar_room = width - label_width - 1 * cm
    drawing = Drawing(width, row * len(counts) + 4)
    for i, (label, n) in enumerate(counts):
        y = row * (len(counts) - 1 - i) + 4
        text = label if len(label) <= 40 else label[:39] + "…"
        drawing.add(String(label_width - 6, y + 2, text, fontName="Helvetica", fontSize=8, textAnchor="end"))
        bar = bar_room * n / top
        drawing.add(Rect(label_width, y, bar, 9, fillColor=CHART_COLOUR, strokeColor=None))
        drawing.add(String(label_width + bar + 4, y + 2, str(n), fontName="Helvetica", fontSize=8))
    return drawing


def report_pdf(comparison) -> bytes:
    rondvraag = comparison.rondvraag
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, title=rondvraag.title, author=_("Kenniscentrum Vlaamse Steden"),
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
    )  # fmt: skip
    story = [
        _p(rondvraag.title, styles["Title"]),
        _p(_("Kenniscentrum Vlaamse Steden") + f" · {timezone.localdate():%d-%m-%Y}", small),
        Spacer(1, 0.4 * cm),
    ]
    if rondvraag.introduction:
        story += markdown_flowables(rondvraag.introduction, body=body, heading=styles["Heading3"])
        story.append(Spacer(1, 0.3 * cm))
    rows_by_org = list(comparison.display_rows())
    for index, summary in enumerate(comparison.summary_list):
        group = [_p(summary.question.text, styles["Heading2"])]
        if line := summary_line(summary):
            group.append(_p(line, small))
        if summary.counts:
            group.append(_chart(summary.counts, doc.width))
        data = [[_p(_("Organisation"), small), _p(_("Answer"), small)]]
        for organisation, answers in rows_by_org:
            _q, answer, text = answers[index]
            if answer and answer.explanation:
                text = f"{text}\n({answer.explanation})" if text else answer.explanation
            data.append([_p(organisation.display_name, small), _p(text or "–", small)])
        table = Table(data, colWidths=[4.5 * cm, doc.width - 4.5 * cm], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))  # fmt: skip
        story += [KeepTogether([*group, table]), Spacer(1, 0.3 * cm)]
    if rondvraag.conclusion:
        conclusion = markdown_flowables(rondvraag.conclusion, body=body, heading=styles["Heading3"])
        story.append(KeepTogether([_p(_("Conclusion"), styles["Heading2"]), *conclusion[:1]]))
        story += conclusion[1:]
    address = settings.SITE_URL.rstrip("/") + reverse("questions:comparison", kwargs={"pk": rondvraag.pk})
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph(
            escape(_("The answers as a spreadsheet (Excel, CSV) and on the web:"))
            + f' <a href="{escape(address)}" color="#1f5f8b">{escape(address)}</a>',
            small,
        ),
    ]
    doc.build(story, canvasmaker=NumberedCanvas)
    return out.getvalue()
