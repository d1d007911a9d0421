"""A thematic report as PDF (ReportLab): the title, the introduction and the text with each embed
drawn as the viewer may see it: a figure as words, a chart and a map as vector drawings followed by
their data table. Pages say "pagina X van Y". Made on request from the live figures (caching.py keeps
the computed ones until a figure changes), so it is never older than the page. An anonymous viewer's PDF
(everyone's the same) is kept whole, under a key of the report's last change and its figures'
versions (`report_pdf_for`): a public report with many maps costs seconds to draw."""

from __future__ import annotations

import hashlib
import io
from html import escape

from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from stadskennis.core.embeds import Embed, embed_renderer, embed_scope, embeds_version, split_at_block_embeds
from stadskennis.core.pdf_markdown import NumberedCanvas, markdown_flowables
from stadskennis.reports.models import Report

MARGIN = 2 * cm
CACHE_SECONDS = 15 * 60  # bounds how late a change the figures' versions do not show (the geography)


def _styles() -> dict:
    sheet = getSampleStyleSheet()
    body = sheet["BodyText"]
    return {
        "title": sheet["Title"],
        "heading": sheet["Heading2"],
        "body": body,
        "lead": body.clone("lead", fontSize=11, leading=15),
        "small": body.clone("small", fontSize=8, leading=10),
        "caption": body.clone("caption", fontName="Helvetica-Bold", spaceBefore=8),
        "missing": body.clone("missing", textColor=colors.HexColor("#444444"), fontName="Helvetica-Oblique"),
        "width": A4[0] - 2 * MARGIN,
    }


def _text(text: str, *, user, styles, style) -> list:
    """Markdown with embeds: a block embed as its drawing and table, an inline one as its words."""
    story = []
    for part in split_at_block_embeds(text, as_words=True, user=user):
        if isinstance(part, Embed):
            story += _embed(part, user=user, styles=styles)
        else:
            story += markdown_flowables(part, body=style, heading=styles["heading"])
    return story


def _embed(embed: Embed, *, user, styles) -> list:
    renderer = embed_renderer(embed.kind)
    drawn = None
    if embed.allowed and not renderer.check(embed) and hasattr(renderer, "pdf"):
        drawn = renderer.pdf(embed, user=user, styles=styles)
    return drawn or [Paragraph(escape(str(renderer.missing)), styles["missing"])]


def report_pdf_for(report: Report, *, user) -> bytes:
    """The PDF for `user`; an anonymous viewer's from the cache while the report and its figures are
    unchanged (a signed-in viewer's depends on their rights: drawn each time)."""
    if user is not None and user.is_authenticated:
        return report_pdf(report, user=user)
    with embed_scope():  # the versions' lookups serve the drawing too
        version = embeds_version([report.introduction, report.body], user=user)
        made_of = f"{report.pk}|{report.updated_at.isoformat()}|{get_language()}|{version}"
        key = f"rapport-pdf:{hashlib.sha256(made_of.encode()).hexdigest()}"
        pdf = cache.get(key)
        if pdf is None:
            pdf = report_pdf(report, user=user)
            cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def report_pdf(report: Report, *, user) -> bytes:
    with embed_scope():
        return _report_pdf(report, user=user)


def _report_pdf(report: Report, *, user) -> bytes:
    styles = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=report.title, author="Stadskennis",
    )  # fmt: skip
    made = formats.date_format(timezone.localtime(), "j F Y H:i")
    meta = _("Thematic report") + (
        f" · {formats.date_format(report.published_on, 'j F Y')}" if report.published_on else ""
    )
    story = [Paragraph(escape(meta), styles["small"]), Paragraph(escape(report.title), styles["title"])]
    story += _text(report.introduction, user=user, styles=styles, style=styles["lead"])
    story += _text(report.body, user=user, styles=styles, style=styles["body"])
    story += [
        Spacer(1, 12),
        Paragraph(
            escape(_("Figures as of %(when)s, from Stad in cijfers.") % {"when": made}), styles["small"]
        ),
    ]
    doc.build(story, canvasmaker=NumberedCanvas)
    return out.getvalue()
