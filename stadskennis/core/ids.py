"""Row ids read from a request: ASCII digits that fit a database key, or nothing.

`str.isdigit()` is not enough: it accepts '²' and '٣' (which `int()` refuses or reads as another
number) and numbers past the largest key (which the database refuses), each a 500 from a tampered
form, query string or filter (issue 13 review)."""

from __future__ import annotations

from collections.abc import Iterable

LARGEST_KEY = 2**63 - 1  # PostgreSQL's bigint and SQLite's integer


def parse_id(value: object) -> int | None:
    text = str(value)
    if not text or len(text) > 19 or not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_KEY else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The valid ids among `values`, in their order, each once; the others are left out."""
    return list(dict.fromkeys(n for n in map(parse_id, values) if n is not None))
