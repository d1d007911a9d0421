"""Snippets: the part of a document's text where the query's words stand closest, with <mark>."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from stadskennis.search.analysis import compound_parts, fold, stem

_WORD = re.compile(r"\w+", re.UNICODE)
WINDOW_WORDS = 30


def _matches(word: str, stems: set[str]) -> bool:
    folded = fold(word)
    return stem(folded) in stems or bool(stems.intersection(compound_parts(folded)))


def snippet(text: str, stems: set[str], *, window: int = WINDOW_WORDS) -> SafeString:
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not spans:
        return mark_safe("")
    hits = [i for i, (start, end) in enumerate(spans) if _matches(text[start:end], stems)]
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
    return mark_safe(("… " if start_char > 0 else "") + html + (" …" if end_char < len(text) else ""))  # noqa: S308
