"""A figure as one viewer sees it: formatted, its SDMX flags labelled in the viewer's language, and a
value its source marked confidential withheld unless core.visibility lets this viewer read it.

Every view of Stad in cijfers (the series table, the chart, the ranking, the map, the city profile and
their CSV and JSON twins) shows figures through `shown()`, so none of them shows what another hides.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stadskennis.indicators.aggregation import Result
from stadskennis.indicators.codes import confidentiality_label, status_label

NORMAL = "A"
EMPTY = "–"  # an en dash: no figure (the note says why)


@dataclass
class Flag:
    code: str
    label: str
    kind: str  # "status" (OBS_STATUS) or "confidentiality" (CONF_STATUS)


@dataclass
class Cell:
    """One figure on screen and in the data twins."""

    value: Decimal | None = None  # None when missing, not computable or withheld from this viewer
    display: str = EMPTY
    flags: list[Flag] = field(default_factory=list)
    note: str = ""  # why there is no figure, or what a computed one left out
    withheld: bool = False  # confidential and this viewer may not read it
    suppressed: bool = False  # computed over a confidential value: withheld for everyone
    computed: bool = False
    status: str = ""
    confidentiality: str = ""
    note_number: int = 0  # its footnote under the table, when it has one

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def with_note(self) -> SafeString:
        return self.html(inline_note=True)

    def html(self, *, inline_note: bool = False) -> SafeString:
        """The cell's content: the value, each flag as its code (read out as its label) and a link to
        its footnote, or with `inline_note` the note itself. Built here rather than in a template: a
        page has hundreds of these."""
        parts = [escape(self.display)]
        for flag in self.flags:
            parts.append(
                f' <span class="flag" aria-hidden="true">{escape(flag.code)}</span>'
                f'<span class="visually-hidden">({escape(flag.label)})</span>'
            )
        if inline_note and self.note and not self.withheld:
            parts.append(f'<span class="cell-note">{escape(self.note)}</span>')
        elif self.note_number:
            note = escape(_("note"))
            parts.append(
                f'<sup><a href="#noot-{self.note_number}" class="note-ref"><span class="visually-hidden">'
                f"{note} </span>{self.note_number}</a></sup>"
            )
        return mark_safe("".join(parts))  # noqa: S308 (every part escaped above)


def escape(text) -> str:
    """Django's `escape` (the same characters) without its lazy-text wrapper and SafeString: a page
    escapes thousands of these and marks the whole safe once."""
    return html.escape(str(text))


def format_value(value: Decimal, decimals: int, separators: dict[int, str] | None = None) -> str:
    """The language's notation with the indicator's decimals, rounded half up: 1.234,5 in Dutch;
    never "-0". Django's number_format gives the same, a page with hundreds of figures slower."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:,.{decimals}f}"
    return text.translate(separators or number_separators())


_SEPARATORS: dict[str | None, dict[int, str]] = {}


def number_separators() -> dict[int, str]:
    """The active language's separators, read once per language (get_format per figure was most of a
    compare page with thousands of figures). Asking for the active language costs too: a loop over
    thousands of figures asks once and passes the answer to `shown` and `format_value`."""
    language = get_language()
    if language not in _SEPARATORS:
        _SEPARATORS[language] = {
            ord(","): get_format("THOUSAND_SEPARATOR"), ord("."): get_format("DECIMAL_SEPARATOR")
        }  # fmt: skip
    return _SEPARATORS[language]


def shown(
    result: Result, *, decimals: int, confidential_visible: bool, separators: dict[int, str] | None = None
) -> Cell:
    """`result` for a viewer who may (`confidential_visible`) or may not read confidential figures."""
    cell = Cell(
        value=result.value,
        note=result.reason,
        computed=result.computed,
        status=result.status,
        confidentiality=result.confidentiality,
    )
    if result.status and result.status != NORMAL:
        cell.flags.append(Flag(result.status, status_label(result.status), "status"))
    if result.confidential and not result.computed:
        code = result.confidentiality or "C"
        cell.flags.append(Flag(code, confidentiality_label(code), "confidentiality"))
        if not confidential_visible:
            cell.value, cell.withheld, cell.display = None, True, _("confidential")
            cell.note = _("confidential: the source does not release this figure for publication")
            return cell
    if result.confidential and result.computed:
        cell.suppressed, cell.display = True, _("not shown")
    if cell.value is not None:
        cell.display = format_value(cell.value, decimals, separators)
        if result.computed and result.missing:
            cell.note = _("computed without %(areas)s (no figure)") % {"areas": ", ".join(result.missing)}
    return cell


def legend(cells) -> list[Flag]:
    """The flags that occur in `cells`, each once, status codes first: the legend under a table."""
    seen: dict[tuple[str, str], Flag] = {}
    for cell in cells:
        for flag in cell.flags:
            seen.setdefault((flag.kind, flag.code), flag)
    return sorted(seen.values(), key=lambda f: (f.kind != "status", f.code))


def number_notes(cells) -> list[tuple[int, str]]:
    """Footnotes for the cells that say something, the same text once: (number, text)."""
    numbers: dict[str, int] = {}
    for cell in cells:
        if cell.note and not cell.withheld:
            cell.note_number = numbers.setdefault(cell.note, len(numbers) + 1)
    return [(n, text) for text, n in numbers.items()]
