"""The printable report of a survey round as PDF, written with ReportLab (no browser, no fonts from
elsewhere: the built-in Helvetica covers Dutch)."""

from __future__ import annotations

import io
from html import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def report_pdf(comparison) -> bytes:
    rondvraag = comparison.rondvraag
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)
    out = io.BytesIO()
    margins = {"leftMargin": 2 * cm, "rightMargin": 2 * cm, "topMargin": 2 * cm, "bottomMargin": 2 * cm}
    doc = SimpleDocTemplate(
        out, pagesize=A4, title=rondvraag.title, author=_("Kenniscentrum Vlaamse Steden"), **margins
    )
    story = [
        _p(rondvraag.title, styles["Title"]),
        _p(f"{_('Kenniscentrum Vlaamse Steden')} · {timezone.localdate():%d-%m-%Y}", small),
        Spacer(1, 0.4 * cm),
    ]
    if rondvraag.introduction:
        story += [_p(rondvraag.introduction, body), Spacer(1, 0.3 * cm)]
    rows_by_org = list(comparison.display_rows())
    for index, summary in enumerate(comparison.summary_list):
        question = summary.question
        story.append(_p(question.text, styles["Heading2"]))
        if summary.counts:
            story.append(_p("; ".join(f"{label}: {n}" for label, n in summary.counts), small))
        elif summary.total_display:
            story.append(
                _p(
                    f"{_('Flemish total')}: {summary.total_display} · {_('average')}: {summary.mean_display}",
                    small,
                )
            )
        data = [[_p(_("Organisation"), small), _p(_("Answer"), small)]]
        for organisation, answers in rows_by_org:
            _q, answer, text = answers[index]
            if answer and answer.explanation:
                text = f"{text}\n({answer.explanation})" if text else answer.explanation
            data.append([_p(organisation.display_name, small), _p(text or "–", small)])
        table = Table(data, colWidths=[4.5 * cm, 12.5 * cm], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))  # fmt: skip
        story += [table, Spacer(1, 0.3 * cm)]
    if rondvraag.conclusion:
        story += [_p(_("Conclusion"), styles["Heading2"]), _p(rondvraag.conclusion, body)]
    doc.build(story)
    return out.getvalue()
