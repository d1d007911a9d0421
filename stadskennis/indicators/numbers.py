"""Numbers as people type them, in Dutch or English notation.

A lone separator is the decimal sign (`12,5` and `12.5` are twelve and a half); with both signs the last
one is the decimal sign (`1.234,5` and `1,234.5`); a sign that repeats separates thousands
(`1.234.567`, `1,234,567`), as do spaces. Thousands groups must have three digits, so a typo such as
`1.23.4` is refused instead of read as something else. A lone separator followed by three digits after
one to three digits (`1.000`, `12,500`) is a thousand in one notation and a decimal in the other: it is
refused with the two ways to write it, never guessed.

Every figure a file brings (CSV, Excel, SDMX-CSV) passes `bounded`: Observation.value holds 18 digits
before the decimal sign and 6 after, so a longer whole part is refused with its row, and more decimals
are rounded to 6 (as the export writes them), never stored as a number the database cannot read back.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f']")
# Digits with at most one dot and no group of three after it: the one reading both notations agree on,
# taken without the checks below (a file of millions of figures is mostly written so).
_PLAIN = re.compile(r"-?[0-9]+(?:\.(?:[0-9]{1,2}|[0-9]{4,}))?")


# ...and of those, one that `bounded` would return unchanged (at most 17 digits before the point, at
# most 6 after): a file's figure is nearly always one, and checking it against the bound cost more
# than reading it.
_PLAIN_WITHIN_BOUND = re.compile(r"-?[0-9]{1,17}(?:\.(?:[0-9]{1,2}|[0-9]{4,6}))?")

MAX_WHOLE_DIGITS = 18  # Observation.value: max_digits=24, decimal_places=6
MAX_DECIMALS = 6
_STEP = Decimal(1).scaleb(-MAX_DECIMALS)
SHOWN = 40  # characters of a bad value echoed in a message


class NumberError(ValueError):
    pass


def clip(text: object, most: int = SHOWN) -> str:
    """A value as a message echoes it: at most `most` characters, with "…" when cut."""
    text = str(text)
    return text if len(text) <= most else text[: most - 1] + "…"


def bounded(value: Decimal, raw: object = None) -> Decimal:
    """`value` rounded to 6 decimals, or NumberError when it is no finite number or has more than 18
    digits before the decimal sign (the one bound of every import)."""
    shown = clip(value if raw is None else raw)
    if not value.is_finite():
        raise NumberError(f"'{shown}' is geen getal")
    too_big = f"'{shown}' is te groot: hoogstens {MAX_WHOLE_DIGITS} cijfers voor de komma"
    if value and value.adjusted() >= MAX_WHOLE_DIGITS:
        raise NumberError(too_big)
    exponent = value.as_tuple().exponent
    plain = -MAX_DECIMALS <= exponent <= 0  # 1E+3 and 1.0000001 are written out: 1000, 1.000000
    rounded = value if plain else value.quantize(_STEP, rounding=ROUND_HALF_UP)
    # SQLite keeps a float: the few numbers just under 10^18 would be read back as 10^18, past the bound
    if rounded and (rounded.adjusted() >= MAX_WHOLE_DIGITS or abs(float(rounded)) >= 10**MAX_WHOLE_DIGITS):
        raise NumberError(too_big)
    return rounded


def _ungroup(digits: str, sep: str, raw: str) -> str:
    if sep not in digits:
        return digits
    if not re.fullmatch(r"\d{1,3}(?:" + re.escape(sep) + r"\d{3})+", digits):
        raise NumberError(f"'{clip(raw)}' is geen getal (duizendtallen per drie cijfers)")
    return digits.replace(sep, "")


def parse_number(raw: str) -> Decimal:
    """`raw` read as a number within the bound of `bounded`; NumberError with a Dutch message."""
    if _PLAIN_WITHIN_BOUND.fullmatch(raw):
        return Decimal(raw)
    return bounded(_parse(raw), raw)


def _parse(raw: str) -> Decimal:
    if _PLAIN.fullmatch(raw):
        return Decimal(raw)
    text = _SPACES.sub("", raw.strip())
    sign = ""
    if text[:1] in "+-":
        sign, text = text[:1].replace("+", ""), text[1:]
    if not text or not re.fullmatch(r"[\d.,]+", text) or not re.search(r"\d", text):
        raise NumberError(f"'{clip(raw)}' is geen getal")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sign = "." if text.rfind(".") > text.rfind(",") else ","
        whole, _, fraction = text.rpartition(decimal_sign)
        whole = _ungroup(whole, "," if decimal_sign == "." else ".", raw)
    elif dots == 1 or commas == 1:
        whole, _, fraction = text.replace(",", ".").partition(".")
        if len(fraction) == 3 and whole.lstrip("0") and len(whole) <= 3:
            raise NumberError(
                f"'{clip(raw)}' is dubbelzinnig (duizendtal of decimaal?): schrijf {whole}{fraction} "
                f"of {whole},{fraction.rstrip('0') or '0'}"
            )
    else:
        whole, fraction = _ungroup(_ungroup(text, ".", raw), ",", raw), ""
    if not re.fullmatch(r"\d*", fraction) or not re.fullmatch(r"\d+", whole or "0"):
        raise NumberError(f"'{clip(raw)}' is geen getal")
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
    except InvalidOperation as error:
        raise NumberError(f"'{clip(raw)}' is geen getal") from error
