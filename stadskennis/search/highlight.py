"""Snippets: the part of a document's text where the query's words stand closest, with <mark>."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from stadskennis.search.analysis import compound_parts, fold, stem

_WORD = re.compile(r"\w+", re.UNICODE)
WINDOW_WORDS = 30
SCAN_CHARS = 4_000  # look for the best window in the first pages only: snippets must be fast


@lru_cache(maxsize=500_000)
def _signature(word: str) -> tuple[str, ...]:
    """The stem of a word followed by its compound parts, cached across requests."""
    folded = fold(word)
    return (stem(folded), *compound_parts(folded))


def _is_hit(word: str, stems: set[str]) -> bool:
    return not stems.isdisjoint(_signature(word))


def snippet(text: str, stems: set[str], *, window: int = WINDOW_WORDS) -> SafeString:
    text = text[:SCAN_CHARS]
    spans, hits, verdict = [], [], {}
    for i, match in enumerate(_WORD.finditer(text)):
        if hits and i > hits[0] + 4 * window:  # the best window lies near the first hit: stop reading
            break
        spans.append(match.span())
        word = match.group().lower()
        hit = verdict.get(word)
        if hit is None:  # each distinct word analysed once
            hit = verdict[word] = _is_hit(word, stems)
        if hit:
            hits.append(i)
    if not spans:
        return mark_safe("")
    first = 0
    if hits:  # the window of `window` words holding the most hits
        best, right = 0, 0
        for left, hit in enumerate(hits):
            while right < len(hits) and hits[right] < hit + window:
                right += 1
            if right - left > best:
                best, first = right - left, max(0, hit - 3)
    last = min(len(spans), first + window)
    hit_set = set(hits)
    start_char, end_char = spans[first][0], spans[last - 1][1]
    out, position = [], start_char
    for i in range(first, last):
        s, e = spans[i]
        out.append(escape(text[position:s]))
        word = escape(text[s:e])
        out.append(f"<mark>{word}</mark>" if i in hit_set else word)
        position = e
    html = "".join(out)
    more = end_char < len(text) or len(text) == SCAN_CHARS
    return mark_safe(("… " if start_char > 0 else "") + html + (" …" if more else ""))  # noqa: S308
