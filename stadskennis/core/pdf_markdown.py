"""What every PDF of the platform shares (the survey round's report, a thematic report): an editor's
Markdown as the safe HTML the pages show (`core.markdown.render_markdown`) turned into ReportLab
paragraphs, so bold stays bold and `**` never shows as typed; and pages that say "pagina X van Y"."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Preformatted, Spacer

from stadskennis.core.markdown import render_markdown

INLINE = {"strong": ("<b>", "</b>"), "em": ("<i>", "</i>"), "code": ('<font face="Courier">', "</font>")}
BLOCKS = ("p", "h2", "h3", "h4", "li", "pre", "tr")
LINK_COLOUR = "#1f5f8b"


class _Blocks(HTMLParser):
    """Collects (kind, ReportLab mark-up, bullet) per block of the sanitised HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, str]] = []
        self._kind: str | None = None
        self._parts: list[str] = []
        self._lists: list[list] = []  # per open list: [tag, items so far]
        self._quoted = 0
        self._cells = 0
        self._links: list[bool] = []  # per open link: whether it was written

    def _open(self, kind: str) -> None:
        self._close()
        self._kind, self._parts = kind, []

    def _close(self) -> None:
        if self._kind and "".join(self._parts).strip():
            kind, bullet = self._kind, ""
            if kind == "li" and self._lists:
                tag, count = self._lists[-1]
                bullet = f"{count}." if tag == "ol" else "•"
            elif kind == "p" and self._quoted:
                kind = "quote"
            self.blocks.append((kind, "".join(self._parts).strip(), bullet))
        self._kind, self._parts = None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("ul", "ol"):
            self._close()
            self._lists.append([tag, 0])
        elif tag == "li":
            if self._lists:
                self._lists[-1][1] += 1
            self._open("li")
        elif tag == "p" and self._kind == "li":
            pass  # a loose list's paragraph belongs to its item
        elif tag in BLOCKS:
            self._open(tag)
            self._cells = 0
        elif tag == "blockquote":
            self._quoted += 1
        elif tag in ("td", "th") and self._kind == "tr":
            self._parts.append(" · " if self._cells else "")
            self._cells += 1
        elif tag == "br":
            self._parts.append("<br/>")
        elif tag == "hr":
            self._close()
            self.blocks.append(("hr", "", ""))
        elif tag in INLINE and self._kind != "pre":  # a code block is plain text
            self._parts.append(INLINE[tag][0])
        elif tag == "a":
            href = attrs.get("href") or ""
            self._links.append(bool(href) and self._kind != "pre")
            if self._links[-1]:
                self._parts.append(f'<a href="{escape(href)}" color="{LINK_COLOUR}">')

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self._close()
            if self._lists:
                self._lists.pop()
        elif tag == "blockquote":
            self._close()
            self._quoted -= 1
        elif tag in BLOCKS and not (tag == "p" and self._kind == "li"):
            self._close()
        elif tag in INLINE and self._kind != "pre":
            self._parts.append(INLINE[tag][1])
        elif tag == "a" and self._links and self._links.pop():
            self._parts.append("</a>")

    def handle_data(self, data):
        if self._kind is None:
            if not data.strip():
                return
            self._open("p")  # text outside any block
        self._parts.append(data if self._kind == "pre" else escape(data, quote=False))

    def close(self):
        super().close()
        self._close()


def markdown_flowables(text: str, *, body: ParagraphStyle, heading: ParagraphStyle) -> list[Flowable]:
    """The Markdown `text` as paragraphs, headings, list items, quotes and code for a PDF story."""
    parser = _Blocks()
    parser.feed(str(render_markdown(text)))
    parser.close()
    item = body.clone("markdown_item", leftIndent=14, bulletIndent=2)
    quote = body.clone("markdown_quote", leftIndent=14, textColor="#444444")
    code = body.clone("markdown_code", fontName="Courier", fontSize=8, leading=10)
    story: list[Flowable] = []
    for kind, markup, bullet in parser.blocks:
        if kind in ("h2", "h3", "h4"):
            story.append(Paragraph(markup, heading))
        elif kind == "li":
            story.append(Paragraph(markup, item, bulletText=bullet))
        elif kind == "quote":
            story.append(Paragraph(markup, quote))
        elif kind == "pre":
            story.append(Preformatted(markup.strip("\n"), code))
        elif kind == "hr":
            story.append(Spacer(1, 8))
        else:
            story.append(Paragraph(markup, body))
    return story


class NumberedCanvas(Canvas):
    """Holds every page until the last, so each can say "pagina X van Y"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont("Helvetica", 8)
            self.setFillColor(colors.HexColor("#444444"))
            label = _("page %(page)d of %(total)d") % {"page": number, "total": total}
            self.drawRightString(A4[0] - 2 * cm, cm, label)
            super().showPage()
        super().save()
