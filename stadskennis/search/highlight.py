"""Snippets: the part of a document's text where the query's words stand closest, with <mark>."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from stadskennis.search.analysis import IRREGULAR, compound_parts, fold, stem

_WORD = re.compile(r"\w+", re.UNICODE)
_DOUBLE = re.compile(r"(aa|ee|oo|uu)")
_LETTERS_AND_DIGITS = re.compile(r"[^\W_]*")  # what str.isalnum() accepts, as a run
WINDOW_WORDS = 30
SCAN_CHARS = 4_000  # look for the best window in the first pages only: snippets must be fast


@lru_cache(maxsize=500_000)
def _signature(word: str) -> tuple[str, ...]:
    """The stem of a word followed by its compound parts, cached across requests."""
    folded = fold(word)
    return (stem(folded), *compound_parts(folded))


def _loose(probe: str) -> str:
    """A probe as a pattern that also matches the long vowels the stems write single (won: woon)."""
    return "".join(f"{c}{{1,2}}" if c in "aeou" else re.escape(c) for c in probe)


def _is_hit(word: str, stems: set[str], probes: tuple[str, ...]) -> bool:
    """Does `word` stem to, or hold as a compound part, one of `stems`? Splitting a compound is the
    costly part, so it is tried only when a whole stem occurs inside the word."""
    plain = word if word.isascii() else fold(word)
    if stem(plain) in stems:
        return True
    plain = _DOUBLE.sub(lambda m: m.group(0)[0], plain)  # as the stems write them: woon → won
    if not any(s in plain for s in stems):
        return False
    return not stems.isdisjoint(
        compound_parts(plain) or compound_parts(word if word.isascii() else fold(word))
    )


def _probes(stems: set[str]) -> tuple[str, ...]:
    probes = {s[:3] for s in stems}
    probes |= {word[:3] for word, target in IRREGULAR.items() if target in stems}  # steden → stad
    return tuple(probes)


@lru_cache(maxsize=256)
def _finder(probes: tuple[str, ...], *, ignore_case: bool = False) -> re.Pattern:
    return re.compile("|".join(_loose(p) for p in probes), re.IGNORECASE if ignore_case else 0)


@lru_cache(maxsize=64)
def _verdict(stems: frozenset[str]) -> dict[str, bool]:
    """Words judged for one question: the snippets of a page share the question and most words."""
    return {}


def _hit_spans(text: str, stems: set[str]) -> list[tuple[int, int]]:
    """(start, end) of the words of `text` that match `stems`: a regular expression finds the words
    that hold a stem's first letters, and only those are analysed."""
    probes = _probes(stems)
    if not probes:
        return []
    # The probes are looked for in the lowercased text, more than twice as fast as ignoring case; a
    # text whose lowercase is longer (a Turkish dotted İ) keeps its positions by ignoring case instead.
    lower = text.lower()
    same_positions = len(lower) == len(text)
    finder = _finder(tuple(sorted(probes)), ignore_case=not same_positions)
    scanned = lower if same_positions else text
    verdict = _verdict(frozenset(stems))
    spans: list[tuple[int, int]] = []
    end = 0
    for found in finder.finditer(scanned):
        start = found.start()
        if start < end:  # inside the word just looked at
            continue
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        end = _LETTERS_AND_DIGITS.match(text, found.end()).end()
        word = text[start:end].lower()
        hit = verdict.get(word)
        if hit is None:  # each distinct word analysed once
            hit = verdict[word] = _is_hit(word, stems, probes)
        if hit:
            spans.append((start, end))
    return spans


def snippet(text: str, stems: set[str], *, window: int = WINDOW_WORDS) -> SafeString:
    """About `window` words around the place where the query's words stand closest, with <mark>."""
    text = text[:SCAN_CHARS]
    hits = _hit_spans(text, stems)
    start = 0
    if hits:  # the stretch of about `window` words (at some 7 characters a word) holding most hits
        reach, best, right = window * 7, 0, 0
        for left, (hit_start, _end) in enumerate(hits):
            while right < len(hits) and hits[right][0] < hit_start + reach:
                right += 1
            if right - left > best:
                best, start = right - left, hit_start
        before = [m.start() for m in _WORD.finditer(text, max(0, start - 40), start)]
        start = before[-3] if len(before) >= 3 else (before[0] if before else start)  # three words before
    words = []
    for match in _WORD.finditer(text, start):
        words.append(match.span())
        if len(words) == window:
            break
    if not words:
        return mark_safe("")
    start_char, end_char = words[0][0], words[-1][1]
    out, position = [], start_char
    for s, e in hits:  # the text between the marked words is escaped in one piece
        if start_char <= s and e <= end_char:
            out.append(escape(text[position:s]))
            out.append(f"<mark>{escape(text[s:e])}</mark>")
            position = e
    out.append(escape(text[position:end_char]))
    html = "".join(out)
    more = end_char < len(text) or len(text) == SCAN_CHARS
    return mark_safe(("… " if start_char > 0 else "") + html + (" …" if more else ""))  # noqa: S308
