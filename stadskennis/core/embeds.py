"""Live content embedded in an editor's Markdown by reference: `[[cijfer bevolking gent 2024]]`.

One syntax for every text that may hold them (a report, a knowledge item): two square brackets, a
kind, words separated by spaces, and options written `name=value`. The kinds are registered by the
modules that can draw them (`register_embed`, the indicators app registers `cijfer`, `grafiek`, `tabel`
and `kaart`), so core knows none of them.

Rendering keeps the editor's text as safe as any other Markdown: each embed is first replaced by a
marker (letters and digits around a key derived from the text with the site's secret key, so no typed
text, entity or not, can produce one), the text is rendered and sanitised by
`core.markdown.render_markdown`, and only then is each marker that stands as text replaced by the
renderer's HTML, which is ours (template-escaped), each at most once. A marker in a link's address or
title, in a link's words or in code is turned back into the embed as typed. An embed the viewer may
not see renders exactly like one that does not exist: the renderer answers None for both, and the same
Dutch placeholder is shown.

One render (a page's texts, a PDF) shares a scope (`embed_scope`): renderers keep their lookups there
(`embed_memo`), and the embeds of a page's second text are numbered on from its first, so ids stay
unique on the page.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Protocol

from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stadskennis.core.markdown import markdown_to_text, render_markdown

logger = logging.getLogger(__name__)

MAX_EMBEDS = 50  # per text: each is a computed figure, table or chart
MAX_DRAWINGS = 20  # of which charts, tables and maps (the kinds that are not inline): the costly ones
ERRORS_MAX = 20  # messages shown to the editor; the rest are counted
# `[[kind word word name=value]]`: a lowercase kind and at most eight short words, on one line.
EMBED = re.compile(r"\[\[([a-z]{1,20})((?:[ \t]+[^\s\[\]]{1,80}){0,8})[ \t]*\]\]")


@dataclass(frozen=True)
class Embed:
    kind: str
    words: tuple[str, ...]  # the words after the kind, without the options
    options: dict[str, str] = field(default_factory=dict, hash=False)
    line: int = 1  # in the text, from 1: for the editor's messages
    source: str = ""  # as typed
    block: bool = False  # alone on its line: drawn as a block (a chart, a table, a map)
    number: int = 0  # its place in the text, from 1
    anchor: str = ""  # the start of its ids, unique on the page: "ingevoegd-3"
    allowed: bool = True  # within the text's bounds (MAX_EMBEDS, MAX_DRAWINGS): drawn at all


class EmbedRenderer(Protocol):
    """What a module registers for one kind. `html` and `text` return None when there is nothing the
    viewer may see (unknown, or not visible to them: the two must not be told apart)."""

    missing: str  # the placeholder, in words: "cijfer niet beschikbaar"
    inline: bool  # whether it may stand within a sentence

    def check(self, embed: Embed) -> str: ...  # what is wrong with the words, in Dutch; "" if nothing

    def html(self, embed: Embed, *, user) -> str | None: ...

    def text(self, embed: Embed, *, user) -> str | None: ...


_REGISTRY: dict[str, EmbedRenderer] = {}


def register_embed(name: str, renderer: EmbedRenderer) -> None:
    _REGISTRY[name] = renderer


def registered_kinds() -> list[str]:
    return sorted(_REGISTRY)


def embed_renderer(kind: str) -> EmbedRenderer | None:
    return _REGISTRY.get(kind)


def find_embeds(text: str | None, *, first: int = 0) -> list[Embed]:
    """The embeds of registered kinds in `text`, in order; their ids number on from `first` (the
    page's earlier embeds), and those past the bounds are marked as not `allowed`."""
    found, drawings = [], 0
    for number, (line_number, line, match) in enumerate(_matches(text or ""), start=1):
        words, options = [], {}
        for word in match.group(2).split():
            name, sign, value = word.partition("=")
            if sign and name:
                options[name.lower()] = value
            else:
                words.append(word)
        drawing = not _REGISTRY[match.group(1)].inline
        drawings += drawing
        found.append(
            Embed(
                kind=match.group(1),
                words=tuple(words),
                options=options,
                line=line_number,
                source=match.group(0),
                block=line.strip() == match.group(0),
                number=number,
                anchor=f"ingevoegd-{first + number}",
                allowed=number <= MAX_EMBEDS and (not drawing or drawings <= MAX_DRAWINGS),
            )
        )
    return found


def _matches(text: str):
    for line_number, line in enumerate(text.split("\n"), start=1):
        if "[[" not in line:
            continue
        for match in EMBED.finditer(line):
            if match.group(1) in _REGISTRY:
                yield line_number, line, match


def embed_errors(text: str | None) -> list[str]:
    """What is wrong with the embeds in `text`, each message naming its line: for the editor's form.
    At most ERRORS_MAX messages, then how many more there are."""
    errors = []
    kinds = ", ".join(f"[[{kind} …]]" for kind in registered_kinds())
    for line_number, line in enumerate((text or "").split("\n"), start=1):
        for match in re.finditer(r"\[\[([^\[\]\n]{0,200})\]\]", line):
            kind = match.group(1).split()[0].lower() if match.group(1).split() else ""
            if kind not in _REGISTRY:
                errors.append(
                    _("Line %(line)d: %(embed)s is not something that can be inserted; use %(kinds)s.")
                    % {"line": line_number, "embed": match.group(0)[:60], "kinds": kinds}
                )
            elif not EMBED.fullmatch(match.group(0)):
                errors.append(
                    _("Line %(line)d: %(embed)s has too many or too long words.")
                    % {"line": line_number, "embed": match.group(0)[:60]}
                )
    embeds = find_embeds(text)
    for embed in embeds[:MAX_EMBEDS]:
        renderer = _REGISTRY[embed.kind]
        problem = renderer.check(embed)
        if not problem and not embed.block and not renderer.inline:
            problem = _("put it on a line of its own")
        if problem:
            errors.append(
                _("Line %(line)d: %(embed)s: %(problem)s")
                % {"line": embed.line, "embed": embed.source, "problem": problem}
            )
    if len(embeds) > MAX_EMBEDS:
        errors.append(_("At most %(n)d figures, tables, charts and maps per text.") % {"n": MAX_EMBEDS})
    if sum(not _REGISTRY[e.kind].inline for e in embeds) > MAX_DRAWINGS:
        errors.append(_("At most %(n)d charts, tables and maps per text.") % {"n": MAX_DRAWINGS})
    if len(errors) > ERRORS_MAX:
        more = len(errors) - ERRORS_MAX
        errors = errors[:ERRORS_MAX] + [
            ngettext("… and %(n)s more problem.", "… and %(n)s more problems.", more) % {"n": more}
        ]
    return errors


# --- One render ----------------------------------------------------------------------------------

_SCOPE: ContextVar[dict | None] = ContextVar("embed_scope", default=None)


@contextmanager
def embed_scope(page: dict | None = None):
    """The scope of one render: `page` (a dict kept for the page's texts) or, without one, the
    enclosing scope or a new one. Holds the number of embeds drawn so far and the renderers' memo."""
    outer = _SCOPE.get()
    if page is None and outer is not None:
        yield outer
        return
    token = _SCOPE.set(page if page is not None else {})
    try:
        yield _SCOPE.get()
    finally:
        _SCOPE.reset(token)


def embed_memo() -> dict:
    """A dict that lives as long as the current render (one viewer): for a renderer's lookups. Outside
    a render, a new dict each time (nothing is kept)."""
    scope = _SCOPE.get()
    return scope.setdefault("memo", {}) if scope is not None else {}


# --- HTML ----------------------------------------------------------------------------------------


def _drawn(embed: Embed, *, user, block: bool) -> str:
    """The embed's HTML for `user`, or the placeholder; a renderer's failure is logged, not a 500."""
    renderer = _REGISTRY[embed.kind]
    html = None
    if embed.allowed and not renderer.check(embed) and (block or renderer.inline):
        try:
            html = renderer.html(embed, user=user)
        except Exception:  # one broken figure must not take the page down
            logger.exception("embed %s failed", embed.source)
    if html is None:
        tag = "p" if block else "span"
        return f'<{tag} class="embed-missing">{escape(renderer.missing)}</{tag}>'
    return html


class _Swap(HTMLParser):
    """Copies sanitised HTML, drawing each embed whose marker stands as text: a paragraph that holds
    only a marker becomes the block, any other marker the inline HTML. A marker in an attribute, in a
    link's words or in code, or one seen before, becomes the embed as typed."""

    PLAIN = ("a", "code", "pre")

    def __init__(self, marker: re.Pattern, embeds: dict[int, Embed], *, user):
        super().__init__(convert_charrefs=False)
        self.marker, self.embeds, self.user = marker, embeds, user
        self.out: list[str] = []
        self.plain = dict.fromkeys(self.PLAIN, 0)
        self.drawn: set[int] = set()
        self.block: int | None = None  # the embed of a `<p>` that so far holds only its marker

    def _typed(self, match: re.Match) -> str:
        embed = self.embeds.get(int(match.group(1)))
        return escape(embed.source) if embed is not None else match.group(0)

    def _live(self, match: re.Match, *, block: bool = False) -> str:
        embed = self.embeds.get(int(match.group(1)))
        if embed is None or embed.number in self.drawn:
            return self._typed(match)
        self.drawn.add(embed.number)
        return _drawn(embed, user=self.user, block=block)

    def _settle(self) -> None:
        """A `<p>` that held a marker and then more: the marker was inline after all."""
        if self.block is not None:
            self.out[-1] = self.marker.sub(self._live, self.out[-1])
            self.block = None

    def handle_starttag(self, tag, attrs):
        self._settle()
        self.out.append(self.marker.sub(self._typed, self.get_starttag_text()))
        if tag in self.plain:
            self.plain[tag] += 1

    def handle_startendtag(self, tag, attrs):
        self._settle()
        self.out.append(self.marker.sub(self._typed, self.get_starttag_text()))

    def handle_endtag(self, tag):
        if tag == "p" and self.block is not None:
            del self.out[-2:]  # the `<p>` and the marker
            match = self.marker.fullmatch(self.block_marker)
            self.out.append(self._live(match, block=True))
            self.block = None
            return
        self._settle()
        if self.plain.get(tag):
            self.plain[tag] -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self._settle()
        if any(self.plain.values()):
            self.out.append(self.marker.sub(self._typed, data))
        elif self.out and self.out[-1] == "<p>" and self.marker.fullmatch(data):
            self.out.append(data)
            self.block, self.block_marker = int(self.marker.fullmatch(data).group(1)), data
        else:
            self.out.append(self.marker.sub(self._live, data))

    def handle_entityref(self, name):
        self._settle()
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self._settle()
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self._settle()
        self.out.append(f"<!--{self.marker.sub(self._typed, data)}-->")

    def handle_decl(self, decl):
        self._settle()
        self.out.append(f"<!{decl}>")


def _marker_key(text: str) -> str:
    """Letters and digits no typed text can hold: derived from the text itself with the secret key, so
    the same text gets the same markers (render_markdown keeps a long text's HTML by its hash)."""
    return "e" + salted_hmac("stadskennis.core.embeds", text).hexdigest()[:24]


def render_with_embeds(text: str | None, *, user, page: dict | None = None) -> SafeString:
    """Markdown with its embeds drawn as `user` may see them, as safe HTML. `page`: a dict shared by
    the texts of one page (the template tag keeps it), so their ids and shared drawings stay unique."""
    text = text or ""
    with embed_scope(page) as scope:
        first = scope.get("numbered", 0)
        embeds = find_embeds(text, first=first)
        if not embeds:
            return render_markdown(text)
        scope["numbered"] = first + len(embeds)
        key = _marker_key(text)
        lines = text.split("\n")
        for embed in reversed(embeds):  # from the end, so earlier positions on a line stay right
            line = lines[embed.line - 1]
            at = line.rfind(embed.source)
            lines[embed.line - 1] = line[:at] + f"{key}n{embed.number}x" + line[at + len(embed.source) :]
        swap = _Swap(re.compile(rf"{key}n(\d+)x"), {e.number: e for e in embeds}, user=user)
        swap.feed(str(render_markdown("\n".join(lines))))
        swap.close()
        swap._settle()
        return mark_safe("".join(swap.out))  # noqa: S308 (sanitised Markdown and our own escaped HTML)


# --- Words ---------------------------------------------------------------------------------------


def embed_text(embed: Embed, *, user) -> str:
    """The embed as words ("262.219 inwoners (Gent, 2024)"), or its placeholder."""
    renderer = _REGISTRY[embed.kind]
    words = None
    if embed.allowed and not renderer.check(embed):
        try:
            words = renderer.text(embed, user=user)
        except Exception:
            logger.exception("embed %s failed", embed.source)
    return words if words is not None else str(renderer.missing)


def _as_markdown(words: str) -> str:
    """Words that read as typed in Markdown: its signs escaped, a `<` as its entity (python-markdown
    has no escape for it)."""
    return re.sub(r"([\\`*_\[\]#|>])", r"\\\1", words).replace("<", "&lt;")


def _with_words(text: str, embeds: list[Embed], *, user) -> str:
    lines = text.split("\n")
    for embed in reversed(embeds):
        line = lines[embed.line - 1]
        at = line.rfind(embed.source)
        words = _as_markdown(embed_text(embed, user=user))
        lines[embed.line - 1] = line[:at] + words + line[at + len(embed.source) :]
    return "\n".join(lines)


def embeds_as_words(text: str | None, *, user) -> str:
    """The Markdown with each embed replaced by its words (Markdown signs in them escaped)."""
    text = text or ""
    with embed_scope():
        return _with_words(text, find_embeds(text), user=user)


def markdown_with_embeds_to_text(text: str | None, *, user, **options) -> str:
    """Plain text for feeds, snippets and mails, each embed as its words."""
    return markdown_to_text(embeds_as_words(text, user=user), **options)


def embeds_dropped(text: str | None) -> str:
    """The text without its embeds, for plain text that is the same for every viewer and drawn from
    many texts at once (cards, the search index): no figure is computed there, and no `[[…]]` shows."""
    text = text or ""
    if "[[" not in text:
        return text
    return EMBED.sub(lambda m: "" if m.group(1) in _REGISTRY else m.group(0), text)


def split_at_block_embeds(text: str | None, *, as_words: bool = False, user=None) -> list[str | Embed]:
    """The text cut at the embeds that stand on a line of their own: Markdown parts and embeds, in
    order, for a PDF that draws each embed as a drawing or a table between paragraphs. With
    `as_words`, the other embeds are their words for `user` (bounded over the whole text)."""
    text = text or ""
    embeds = find_embeds(text)
    blocks = {e.line: e for e in embeds if e.block}
    if as_words:
        text = _with_words(text, [e for e in embeds if not e.block], user=user)
    parts: list[str | Embed] = []
    current: list[str] = []
    for line_number, line in enumerate(text.split("\n"), start=1):
        if line_number in blocks:
            parts.append("\n".join(current))
            parts.append(blocks[line_number])
            current = []
        else:
            current.append(line)
    parts.append("\n".join(current))
    return [part for part in parts if not isinstance(part, str) or part.strip()]


def embeds_version(texts, *, user) -> str:
    """What the embeds of `texts` would show `user` depends on, as one string: each renderer's
    `version(embed, user=…)` if it has one (for a cache key of a whole rendered document)."""
    versions = []
    with embed_scope():
        for text in texts:
            for embed in find_embeds(text):
                renderer = _REGISTRY[embed.kind]
                if embed.allowed and hasattr(renderer, "version"):
                    versions.append(f"{embed.kind}:{renderer.version(embed, user=user)}")
    return ";".join(versions)
