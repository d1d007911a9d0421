"""The side-by-side summary of a homework assignment that opens the next meeting."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.util import Pt

MAX_SLIDE_CHARS = 1800  # beyond this a slide overflows; the web summary has the full text


def summary_pptx(*, assignment, rows) -> bytes:
    """One title slide, then one slide per organisation with its answer (or 'not submitted')."""
    deck = Presentation()
    title_slide = deck.slides.add_slide(deck.slide_layouts[0])
    title_slide.shapes.title.text = assignment.title
    title_slide.placeholders[1].text = f"{assignment.workgroup.name} — {assignment.question[:300]}"
    for row in rows:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = row.organisation.display_name
        body = slide.placeholders[1].text_frame
        if row.submission is not None and row.submission.submitted_at:
            text = row.submission.text or _("(files only)")
            if len(text) > MAX_SLIDE_CHARS:
                text = text[:MAX_SLIDE_CHARS].rsplit(" ", 1)[0] + " …"
            paragraphs = [p for p in text.splitlines() if p.strip()] or [text]
            body.text = paragraphs[0]
            for paragraph in paragraphs[1:]:
                body.add_paragraph().text = paragraph
            if row.status == "late":
                body.add_paragraph().text = _("(submitted after the deadline)")
        else:
            body.text = _("Not submitted.")
        for paragraph in body.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(14)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
