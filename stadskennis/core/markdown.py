"""Markdown as editors write it, in one place: safe HTML for pages and feeds, plain text for cards,
search snippets, mails and PDFs, where `**`, `#` and `[x](y)` would otherwise show as typed.

`markdown_to_text` does not run the Markdown parser: it feeds the search index, which must take a
thousand items a second, and the parser needs half a second for a long report. It reads the syntax
editors use (emphasis, links, images, headings, lists, quotes, code, tables, HTML) line by line.
"""

from __future__ import annotations

import re
from html import unescape

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "br", "hr",
}  # fmt: skip
EXTENSIONS = ["tables", "sane_lists"]


def render_markdown(text: str | None) -> SafeString:
    """Markdown to HTML, sanitised: an editor's text can never inject script or style. Headings start
    at level 2, since the page's own title is the h1."""
    html = markdown_lib.markdown(text or "", extensions=EXTENSIONS)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}))  # noqa: S308


# --- Plain text ---------------------------------------------------------------------------------

_SYNTAX = re.compile(r"[*_`#\[\]<>|&\\~]|^\s*(?:[-+]|\d+[.)])\s|^\s*(?:={3,}|-{3,})\s*$", re.MULTILINE)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")  # setext heading under a line of text
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(?:\[[ xX]\]\s+)?")
_NUMBER = re.compile(r"^(\s*)(\d{1,9})[.)]\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]+|[^>\s@]+@[^>\s@]+)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,1000}>|<!--.*?-->", re.DOTALL)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*")
_EM_UNDERSCORE = re.compile(r"(?<![\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_SPACES = re.compile(r"(?<=\S)[ \t]+")
_KEPT = re.compile("\x00(\\d+)\x00")
_BLOCK_START = re.compile(r"\s*(?:[-*+#>|=_\[]|\d+[.)])")


def markdown_to_text(text: str | None, *, list_markers: bool = True) -> str:
    """Markdown as readable plain text: links and images keep their words, emphasis, heading and
    quote signs go, list items keep a '- ' or their number (unless `list_markers` is off: search
    snippets run the lines together), paragraphs stay apart. Not HTML-safe: escape it where HTML
    is written (templates do)."""
    if not text:
        return ""
    if not _SYNTAX.search(text):
        return text.strip()
    kept: list[str] = []  # code and escaped signs, put back at the end as written

    def keep(value: str) -> str:
        kept.append(value)
        return f"\x00{len(kept) - 1}\x00"

    text = _SCRIPT.sub("", text.replace("\r\n", "\n").replace("\x00", ""))
    text = _ESCAPED.sub(lambda m: keep(m.group(1)), text)
    lines, fenced, code = [], None, []
    for line in text.split("\n"):
        fence = _FENCE.match(line)
        if fence and (fenced is None or fence.group(1)[0] == fenced):
            if fenced:
                lines.append(keep("\n".join(code)))
                code = []
            fenced = None if fenced else fence.group(1)[0]
        elif fenced:
            code.append(line)
        elif _BLOCK_START.match(line):
            block = _block(line, lines, list_markers=list_markers)
            if block is not None:
                lines.append(block)
        else:
            lines.append(line.strip())
    if code:  # a fence never closed
        lines.append(keep("\n".join(code)))
    text = _inline("\n".join(lines), keep)
    text = _KEPT.sub(lambda m: kept[int(m.group(1))], text)  # twice: code may hold an escaped sign
    text = _KEPT.sub(lambda m: kept[int(m.group(1))], text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _block(line: str, previous: list[str], *, list_markers: bool) -> str | None:
    """A line that starts with block syntax, as text; None when the line is only syntax."""
    if _TABLE_RULE.match(line) or _REFERENCE.match(line):
        return None
    if _RULE.match(line):
        return ""
    if _UNDERLINE.match(line) and previous and previous[-1].strip():
        return ""  # the text above it is the heading
    line = _QUOTE.sub("", line)
    heading = _HEADING.match(line)
    if heading:
        line = heading.group(1)
    prefix = ""
    bullet = _BULLET.match(line)
    number = _NUMBER.match(line) if not bullet else None
    if bullet:
        prefix, line = bullet.group(1) + "- ", line[bullet.end() :]
    elif number:
        prefix, line = f"{number.group(1)}{number.group(2)}. ", line[number.end() :]
    if line.strip().startswith("|"):  # a table row: its cells with a bar between
        line = " | ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return (prefix if list_markers else "") + line.strip()


def _inline(text: str, keep) -> str:
    text = _CODE.sub(lambda m: keep(m.group(2).strip()), text)  # nothing inside `code` is syntax
    text = _IMAGE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDERSCORE.sub(r"\1", text)
    return _SPACES.sub(" ", unescape(text))
