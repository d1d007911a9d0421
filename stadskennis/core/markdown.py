"""Markdown as editors write it, in one place: safe HTML for pages and feeds, plain text for cards,
search snippets, mails and PDFs, where `**`, `#` and `[x](y)` would otherwise show as typed.

`markdown_to_text` does not run the Markdown parser: it feeds the search index, which must take a
thousand items a second, and the parser needs half a second for a long report. It reads the syntax
editors use (emphasis, links, images, headings, lists, quotes, code, tables, HTML) line by line.
"""

from __future__ import annotations

import hashlib
import re
from html import escape, unescape

import markdown as markdown_lib
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "br", "hr",
}  # fmt: skip
EXTENSIONS = ["tables", "sane_lists"]


def render_markdown(text: str | None) -> SafeString:
    """Markdown to HTML, sanitised: an editor's text can never inject script or style. Headings start
    at level 2, since the page's own title is the h1. A long text is rendered once per version: the
    HTML is kept in the cache under a hash of the text."""
    text = text or ""
    if len(text) < CACHE_FROM:
        return _render(text)
    key = f"markdown:1:{hashlib.sha256(text.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = _render(text)
        cache.set(key, str(html), CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (sanitised by _render)


def _render(text: str) -> SafeString:
    text = _limit_nesting(text.replace(_LT, ""))
    try:
        html = markdown_lib.markdown(text, extensions=[*EXTENSIONS, BoundedLinks()])
    except RecursionError:  # nesting the line guard did not see: show the words, not a 500
        html = "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())
    html = html.replace(_LT, "&lt;").replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}))  # noqa: S308


# --- Bounds on the parser -----------------------------------------------------------------------
# python-markdown looks for the `]` and `)` that close a link up to the end of the paragraph, from
# every `[`: a paragraph of 20,000 `[` took 97 seconds. And it nests a list or quote per marker, so
# a line of 2,000 `- ` ran out of stack. Link words and addresses are short, and nobody nests eight
# deep: these bounds change nothing an editor writes.

CACHE_FROM = 5_000  # characters; shorter texts render in a few milliseconds
CACHE_SECONDS = 7 * 24 * 3600
_LT = "\ue000"  # stands in for a `<` that is text while the parser runs; an entity would cost a match
LINK_TEXT_MAX = 1000
LINK_TARGET_MAX = 2000
NESTING_MAX = 8
LINK_NESTING_MAX = 3
_MARKER = r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+|[ \t]*>[ \t]?"  # a list item's or a quote's
_NESTED = re.compile(rf"^((?:{_MARKER}){{{NESTING_MAX}}})(?=[ \t]*(?:[-*+>]|\d))", re.MULTILINE)


def _limit_nesting(text: str) -> str:
    """Past NESTING_MAX list or quote markers on one line, the rest of the line is text; a `<` that
    opens a tag never closed is text too (the HTML parser rescans the rest from each one)."""
    return _UNCLOSED_TAG.sub(_LT, _NESTED.sub(lambda m: m.group(1) + "\\", text))


class _BoundedLink:
    """A link's words close within LINK_TEXT_MAX characters of the `[`, its address within
    LINK_TARGET_MAX of the `(`, neither nesting brackets more than LINK_NESTING_MAX deep; otherwise
    the `[` is text. Only the brackets are visited, with the regex engine, not each character."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 (python-markdown's name)
        end = _closing(data, index, "[]", LINK_TEXT_MAX)
        return (data[index:end], end + 1, True) if end is not None else ("", index, False)

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        if not data.startswith("(", index):
            return "", None, index, False
        end = _closing(data, index + 1, "()", LINK_TARGET_MAX)
        if end is None:
            return "", None, index, False
        href, title, stop, handled = super().getLink(data[index : end + 1], 0)
        return href, title, index + stop, handled


def _closing(data: str, index: int, pair: str, limit: int) -> int | None:
    """Where the bracket opened just before `index` closes, if it does so nearby and shallowly."""
    depth = 1
    for sign in _BRACKETS[pair].finditer(data, index, index + limit):
        depth += 1 if sign.group() == pair[0] else -1
        if depth == 0:
            return sign.start()
        if depth > LINK_NESTING_MAX:
            return None
    return None


_BRACKETS = {"[]": re.compile(r"[\[\]]"), "()": re.compile(r"[()]")}
_UNCLOSED_TAG = re.compile(r"<(?=[A-Za-z/!?])(?![^<>]{0,1000}>)")


# python-markdown's own names and priorities of the patterns that start at a `[`
_LINK_PATTERNS = {
    "reference": 170, "link": 160, "image_link": 150, "image_reference": 140, "short_reference": 130,
    "short_image_ref": 125,
}  # fmt: skip


class BoundedLinks(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (python-markdown's name)
        for name, priority in _LINK_PATTERNS.items():
            old = md.inlinePatterns[name]
            bounded = type(f"Bounded{type(old).__name__}", (_BoundedLink, type(old)), {})
            md.inlinePatterns.register(bounded(old.pattern, md), name, priority)


# --- Plain text ---------------------------------------------------------------------------------

# Is there any Markdown at all? Most texts have none and are returned as they are. Two searches, not one
# pattern with line anchors: a single character class lets the regex engine scan fast (5x on prose).
_SYNTAX_SIGN = re.compile(r"[*_`#\[\]<>|&\\~]")
_SYNTAX_LINE = re.compile(r"\n\s*(?:[-+]|\d+[.)])\s|\n\s*(?:={3,}|-{3,})[^\S\n]*(?:\n|$)")  # on "\n" + text


def _has_syntax(text: str) -> bool:
    return bool(_SYNTAX_SIGN.search(text) or _SYNTAX_LINE.search("\n" + text))


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")  # setext heading under a line of text
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(?:\[[ xX]\]\s+)?")
_NUMBER = re.compile(r"^(\s*)(\d{1,9})[.)]\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
# Inline syntax: no part may run past the sign that would open the next one of its kind, nor past a
# bound, so a sign that is never closed costs a short look ahead, not a scan of the rest of the text
# (20 kB of `[` took five seconds).
_WORDS = r"[^\[\]]{1,%d}" % 1000  # a link's words  # noqa: UP031
_TARGET = r"\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)"  # its address, with a title or (brackets)
_IMAGE = re.compile(rf"!\[([^\[\]]{{0,1000}})\](?:{_TARGET}|\[[^\[\]]{{0,1000}}\])")
_LINK = re.compile(rf"\[({_WORDS})\]{_TARGET}|\[({_WORDS})\]\[[^\[\]]{{0,1000}}\]")
_LINK_TARGET = re.compile(  # the words and the address, for mails
    rf"\[({_WORDS})\]\(\s*<?((?:[^()\s<>]|\([^()\s<>]{{0,200}}\)){{1,2000}})>?(?:\s+[^()\n]{{0,1000}})?\)"
)
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^<>\s]{1,2000}|[^<>\s@]{1,200}@[^<>\s@]{1,200})>")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,1000}>|<!--(?:(?!<!--|-->).)*-->", re.DOTALL)
_SCRIPT = re.compile(r"<(script|style)\b(?:(?!<(?:script|style)\b).)*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.{1,2000}?)(?<!`)\1(?!`)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)((?:(?!\1).){1,2000}?)(?<=\S)\1")
_EM_STAR = re.compile(r"\*(?=[^\s*])([^*\n]{1,2000}?)(?<=[^\s*])\*")
_EM_UNDERSCORE = re.compile(r"(?<![\w])_(?=[^\s_])([^_\n]{1,2000}?)(?<=[^\s_])_(?![\w])")
_STRIKE = re.compile(r"~~(?=\S)((?:[^~\n]|~(?!~)){1,2000}?)(?<=\S)~~")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_SPACES = re.compile(r"(?<=\S)[ \t]+")
_KEPT = re.compile("\x00(\\d+)\x00")
_BLOCK_START = re.compile(r"\s*(?:[-*+#>|=_\[]|\d+[.)])")


def markdown_to_text(text: str | None, *, list_markers: bool = True, link_targets: bool = False) -> str:
    """Markdown as readable plain text: links and images keep their words, emphasis, heading and
    quote signs go, list items keep a '- ' or their number (unless `list_markers` is off: search
    snippets run the lines together), paragraphs stay apart. With `link_targets` (plain-text mails,
    where the reader cannot click the words) a link keeps its address: "het reglement (https://…)".
    Not HTML-safe: escape it where HTML is written (templates do)."""
    if not text:
        return ""
    if not _has_syntax(text):
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
    text = _inline("\n".join(lines), keep, link_targets=link_targets)
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
    if heading:  # without its signs, and without the closing ones (`## Kop ##`)
        line = line[heading.end() :].rstrip()
        closed = line.rstrip("#")
        if closed != line and (not closed or closed[-1].isspace()):
            line = closed
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


def _inline(text: str, keep, *, link_targets: bool = False) -> str:
    text = _CODE.sub(lambda m: keep(m.group(2).strip()), text)  # nothing inside `code` is syntax
    text = _IMAGE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    if link_targets:
        text = _LINK_TARGET.sub(lambda m: _with_target(m.group(1), m.group(2)), text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDERSCORE.sub(r"\1", text)
    return _SPACES.sub(" ", unescape(text))


def _with_target(words: str, target: str) -> str:
    return target if words.strip() == target else f"{words} ({target})"
