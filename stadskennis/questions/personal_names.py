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

# An address is found from its "@": the part before it is read backwards, the domain after it matched
# in place. A regex searched over the whole text would rescan to the end from every character of a
# long word without "@", and take minutes on an answer built to be slow.
LOCAL_PART = re.compile(r"[\w.+-]")
DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
# Belgian numbers: 09 266 50 00, 0470/12.34.56, +32 9 266 50 00, 0032 470 12 34 56.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)32[\s.]?(?:\(0\))?|0)[1-9](?:[\s./-]?\d){7,8}(?!\d)")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Lower-case words inside a Dutch, French or German surname: "Els van den Broeck".
PARTICLES = frozenset("van de der den het ten ter te vanden vander le la du da di von d".split())
SENTENCE_END = ".!?•*-–—\n"  # after a colon Dutch goes on in lower case: "Contact: Jan Peeters"
OPENING = " \t\u00a0\"'“‘("  # what may stand between a sentence's end and its first word
LOOK_BACK = 100  # characters looked at before a word to tell whether it starts a sentence
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
    """Only the last `LOOK_BACK` characters count: a word after a longer run of blanks does not start a
    sentence (unless that run starts the text), so the check errs on the side of asking."""
    window = max(0, start - LOOK_BACK)
    before = text[window:start].rstrip(OPENING)
    return before[-1] in SENTENCE_END if before else window == 0


def _emails(text: str) -> list[Passage]:
    """Every character is read at most twice: backwards from the next "@" (up to the one before it,
    which the local part cannot hold) and forwards in the domain (up to the next "@")."""
    found, taken, at = [], 0, text.find("@")
    while at != -1:
        start = at
        while start > taken and LOCAL_PART.match(text, start - 1):
            start -= 1
        domain = DOMAIN.match(text, at + 1)
        if domain and start < at:
            found.append(Passage(start, domain.end(), text[start : domain.end()], Reason.EMAIL))
            taken = domain.end()
        at = text.find("@", at + 1)
    return found


def _without_overlaps(tiers: Iterable[list[Passage]]) -> list[Passage]:
    """The passages of each tier, in order of trust, that overlap none kept before: one sweep per
    tier along the kept ones (they never overlap each other, so sorted by start they end in order)."""
    kept: list[Passage] = []
    for tier in tiers:
        merged, k, reach = [], 0, -1  # reach: where the last passage taken from this tier ends
        for passage in sorted(tier, key=lambda p: p.start):
            while k < len(kept) and kept[k].end <= passage.start:
                merged.append(kept[k])
                k += 1
            if passage.start < reach or (k < len(kept) and kept[k].start < passage.end):
                continue
            merged.append(passage)
            reach = passage.end
        kept = merged + kept[k:]
    return kept


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
    return _without_overlaps(  # in order of trust: contact details, Netwerk names, look-alikes
        [
            _emails(text),
            [Passage(m.start(), m.end(), m.group(), Reason.PHONE) for m in PHONE.finditer(text)],
            _known_names(text, words, lexicon),
            _name_like(text, words, lexicon),
        ]
    )


def redact(text: str, passages: Iterable[Passage], *, mark: str) -> str:
    """`text` with every passage replaced by `mark`."""
    for passage in sorted(passages, key=lambda p: p.start, reverse=True):
        text = text[: passage.start] + mark + text[passage.end :]
    return text
