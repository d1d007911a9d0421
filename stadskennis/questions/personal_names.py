"""Personal data typed into free-text survey answers: people's names, email addresses, phone numbers.

A published comparison shows what every organisation typed. Before it goes out the editor sees the
passages that look like someone's name or contact details, and confirms or leaves them out. Names
come from two sources: the people in the Netwerk (matched anywhere, also at a sentence's start) and,
for anyone else, a heuristic: two or more capitalised words in a row, not counting a sentence's first
word, that are not words of an organisation's name ("Stad Gent") or other common proper nouns. The
heuristic errs on the side of asking: a false alarm costs the editor one look.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Belgian numbers: 09 266 50 00, 0470/12.34.56, +32 9 266 50 00, 0032 470 12 34 56.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)32[\s.]?(?:\(0\))?|0)[1-9](?:[\s./-]?\d){7,8}(?!\d)")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Lower-case words inside a Dutch, French or German surname: "Els van den Broeck".
PARTICLES = frozenset("van de der den het ten ter te vanden vander le la du da di von d".split())
SENTENCE_END = ".!?•*-–—\n"  # after a colon Dutch goes on in lower case: "Contact: Jan Peeters"
# Capitalised words that are not people: places, bodies and tools an answer names in passing.
COMMON_PROPER_NOUNS = frozenset(
    """stad steden gemeente gemeenten provincie vlaamse vlaams vlaanderen brussel brusselse belgië
    belgische federale europese europa unie overheid regering minister dienst diensten departement
    agentschap kenniscentrum ocmw sociaal huis politie zone district excel word microsoft google
    teams sharepoint outlook januari februari maart april mei juni juli augustus september oktober
    november december maandag dinsdag woensdag donderdag vrijdag zaterdag zondag""".split()
)


class Reason:
    NETWORK = "network"  # the name of someone in the Netwerk
    NAME = "name"  # looks like a name
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    text: str
    reason: str


class Lexicon:
    """What the check knows: the Netwerk's full names and the words of organisations' names."""

    def __init__(self, *, people: Iterable[str] = (), organisations: Iterable[str] = ()):
        self.names: set[str] = set()  # lower-case full names, words separated by one space
        self.longest = 0  # the most words in one name
        for name in people:
            words = [w.lower() for w in WORD.findall(name)]
            if len(words) >= 2:
                self.names.add(" ".join(words))
                self.longest = max(self.longest, len(words))
        self.not_names = set(COMMON_PROPER_NOUNS)
        for name in organisations:
            self.not_names.update(w.lower() for w in WORD.findall(name))


def _words(text: str) -> list[re.Match]:
    return list(WORD.finditer(text))


def _joined(text: str, words: list[re.Match], i: int, j: int) -> bool:
    """Words i..j follow each other on one line, with only spaces between them."""
    return all(text[words[k].end() : words[k + 1].start()] in (" ", "\u00a0") for k in range(i, j))


def _capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\u00a0\"'“‘(")
    return not before or before[-1] in SENTENCE_END or "\n" in text[len(before) : start]


def _known_names(text: str, words: list[re.Match], lexicon: Lexicon) -> list[Passage]:
    found = []
    lowered = [w.group().lower() for w in words]
    for i in range(len(words)):
        for n in range(min(lexicon.longest, len(words) - i), 1, -1):
            if " ".join(lowered[i : i + n]) in lexicon.names and _joined(text, words, i, i + n - 1):
                start, end = words[i].start(), words[i + n - 1].end()
                found.append(Passage(start, end, text[start:end], Reason.NETWORK))
                break
    return found


def _name_like(text: str, words: list[re.Match], lexicon: Lexicon) -> list[Passage]:
    found, i = [], 0
    while i < len(words):
        if not _capitalised(words[i].group()):
            i += 1
            continue
        run = [i]  # capitalised words, with the particles between them
        j = i + 1
        while j < len(words) and _joined(text, words, j - 1, j):
            word = words[j].group()
            if _capitalised(word) or word.lower() in PARTICLES:
                run.append(j)
                j += 1
            else:
                break
        while run and not _capitalised(words[run[-1]].group()):
            run.pop()  # a run ends on a capitalised word
        if _starts_sentence(text, words[i].start()):
            run = run[1:]  # a sentence's first word is capitalised anyway
        names = [k for k in run if _capitalised(words[k].group())]
        names = [k for k in names if words[k].group().lower() not in lexicon.not_names]
        if len(names) >= 2:
            start, end = words[names[0]].start(), words[names[-1]].end()
            found.append(Passage(start, end, text[start:end], Reason.NAME))
        i = j
    return found


def find_personal_data(text: str, lexicon: Lexicon) -> list[Passage]:
    """The passages of `text` that may name a person or their contact details, in order, without
    overlaps (a Netwerk name wins over a look-alike on the same words)."""
    if not text:
        return []
    words = _words(text)
    candidates = [
        *(Passage(m.start(), m.end(), m.group(), Reason.EMAIL) for m in EMAIL.finditer(text)),
        *(Passage(m.start(), m.end(), m.group(), Reason.PHONE) for m in PHONE.finditer(text)),
        *_known_names(text, words, lexicon),
        *_name_like(text, words, lexicon),
    ]
    kept: list[Passage] = []
    for passage in candidates:  # in order of trust: contact details, Netwerk names, look-alikes
        if not any(passage.start < other.end and other.start < passage.end for other in kept):
            kept.append(passage)
    return sorted(kept, key=lambda p: p.start)


def redact(text: str, passages: Iterable[Passage], *, mark: str) -> str:
    """`text` with every passage replaced by `mark`."""
    for passage in sorted(passages, key=lambda p: p.start, reverse=True):
        text = text[: passage.start] + mark + text[passage.end :]
    return text
