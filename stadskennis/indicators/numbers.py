"""Numbers as people type them, in Dutch or English notation.

A lone separator is the decimal sign (`12,5` and `12.5` are twelve and a half); with both signs the last
one is the decimal sign (`1.234,5` and `1,234.5`); a sign that repeats separates thousands
(`1.234.567`, `1,234,567`), as do spaces. Thousands groups must have three digits, so a typo such as
`1.23.4` is refused instead of read as something else. A lone separator followed by three digits after
one to three digits (`1.000`, `12,500`) is a thousand in one notation and a decimal in the other: it is
refused with the two ways to write it, never guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f']")


class NumberError(ValueError):
    pass


def _ungroup(digits: str, sep: str, raw: str) -> str:
    if sep not in digits:
        return digits
    if not re.fullmatch(r"\d{1,3}(?:" + re.escape(sep) + r"\d{3})+", digits):
        raise NumberError(f"'{raw}' is geen getal (duizendtallen per drie cijfers)")
    return digits.replace(sep, "")


def parse_number(raw: str) -> Decimal:
    text = _SPACES.sub("", raw.strip())
    sign = ""
    if text[:1] in "+-":
        sign, text = text[:1].replace("+", ""), text[1:]
    if not text or not re.fullmatch(r"[\d.,]+", text) or not re.search(r"\d", text):
        raise NumberError(f"'{raw}' is geen getal")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sign = "." if text.rfind(".") > text.rfind(",") else ","
        whole, _, fraction = text.rpartition(decimal_sign)
        whole = _ungroup(whole, "," if decimal_sign == "." else ".", raw)
    elif dots == 1 or commas == 1:
        whole, _, fraction = text.replace(",", ".").partition(".")
        if len(fraction) == 3 and whole.lstrip("0") and len(whole) <= 3:
            raise NumberError(
                f"'{raw}' is dubbelzinnig (duizendtal of decimaal?): schrijf {whole}{fraction} "
                f"of {whole},{fraction.rstrip('0') or '0'}"
            )
    else:
        whole, fraction = _ungroup(_ungroup(text, ".", raw), ",", raw), ""
    if not re.fullmatch(r"\d*", fraction) or not re.fullmatch(r"\d+", whole or "0"):
        raise NumberError(f"'{raw}' is geen getal")
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
    except InvalidOperation as error:
        raise NumberError(f"'{raw}' is geen getal") from error
