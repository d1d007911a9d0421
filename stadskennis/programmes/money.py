"""Amounts as integer cents: read from what people type and files hold, shown as euros, and the
own-means share. No float ever holds an amount: a cell Excel keeps as a number is read through its
shortest decimal text, and a ratio is a Decimal of two integer sums."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

#: The share of the income the members' fees should bring (the Denkdag 2022: two thirds own means).
OWN_MEANS_TARGET = Decimal(2) / Decimal(3)
#: Ten billion euros: far above any amount the centre books, far below what a 64-bit integer holds.
LIMIT_CENTS = 10**12

# At most twelve digits before the decimals (LIMIT_CENTS): a longer number is no amount, and is never
# handed to int() (which refuses texts of thousands of digits with an error of its own).
_COMMA = re.compile(r"^(?P<int>\d{1,3}(?:[. \u00a0]\d{3}){1,3}|\d{1,12})(?:,(?P<dec>\d{1,2}))?$")
_POINT = re.compile(r"^(?P<int>\d{1,3}(?:[, \u00a0]\d{3}){1,3}|\d{1,12})(?:\.(?P<dec>\d{1,2}))?$")


class AmountError(ValueError):
    """The text is not an amount in the file's notation; the message says why, in Dutch."""


def parse_amount(value: object, *, decimal_separator: str = ",") -> int:
    """Cents of `value`: a number from a spreadsheet cell, or a text in the notation the file uses
    (`,`: 1.234,56 or `.`: 1,234.56; a minus or brackets for a negative, a euro sign allowed). A text
    that only reads in the other notation (1234.56 in a comma file) is refused, never guessed."""
    if isinstance(value, bool):
        raise AmountError(_("This is not an amount."))
    if isinstance(value, int):
        return _bounded(value * 100)
    if isinstance(value, float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            raise AmountError(_("This is not an amount."))
        cents = number * 100
        rounded = cents.to_integral_value(rounding=ROUND_HALF_UP)
        # A spreadsheet's sum of cents is a binary float a hair beside the cent (0.1 + 0.2).
        if abs(cents - rounded) > Decimal("0.0001"):
            raise AmountError(_("An amount has at most two decimals."))
        return _bounded(int(rounded))
    text = str(value).strip().replace("\u20ac", "").replace("EUR", "").strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.startswith(("-", "\u2212")):
        negative, text = True, text[1:].strip()
    elif text.endswith("-"):
        negative, text = True, text[:-1].strip()
    if not text:
        raise AmountError(_("The amount is empty."))
    own, other = (_COMMA, _POINT) if decimal_separator == "," else (_POINT, _COMMA)
    match = own.match(text)
    if match is None:
        if other.match(text):
            raise AmountError(
                _("“%(value)s” is written with the wrong decimal separator: this file uses “%(sep)s”.")
                % {"value": str(value)[:40], "sep": decimal_separator}
            )
        raise AmountError(_("“%(value)s” is not an amount.") % {"value": str(value)[:40]})
    whole = re.sub(r"\D", "", match["int"])
    decimals = (match["dec"] or "").ljust(2, "0")
    cents = int(whole) * 100 + int(decimals)
    return _bounded(-cents if negative else cents)


def _bounded(cents: int) -> int:
    if abs(cents) >= LIMIT_CENTS:
        raise AmountError(_("The amount is too large."))
    return cents


def euros(cents: int) -> Decimal:
    """The cents as an exact Decimal of euros."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def format_euros(cents: int | None) -> str:
    """ "1.234,56" with Dutch separators (the interface's notation; data twins carry plain decimals)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d}"


def share(part_cents: int, total_cents: int) -> Decimal | None:
    """`part` ÷ `total` as an exact Decimal (None when there is no total)."""
    if total_cents <= 0:
        return None
    return Decimal(part_cents) / Decimal(total_cents)


def percent(ratio: Decimal | None) -> str:
    if ratio is None:
        return "–"
    value = (ratio * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + " %"


def meets_own_means_target(fees_cents: int, income_cents: int) -> bool | None:
    """Do the fees bring two thirds of the income? Decided on the integers (3 × fees ≥ 2 × income), so
    no rounding of a share ever tips it; None when there is no income."""
    if income_cents <= 0:
        return None
    return 3 * fees_cents >= 2 * income_cents
