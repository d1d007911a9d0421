"""The catalogue's rules that `import-indicators` and the editors' form share, so a file and the
interface refuse the same indicators with the same words.

Each check returns problems as (field, message) pairs; the caller names the line (import) or shows
the message at the field (form). The model's check constraint is the last guard, not the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache

from django.db.models import Q
from django.urls import URLResolver, get_resolver
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stadskennis.core.visibility import Visibility
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.numbers import NumberError, parse_number

CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
PARTS = ("numerator", "denominator")
SCALE_LIMIT = Decimal(10) ** 8  # the model keeps 12 digits, 4 of them decimals
FIGURES = "cijfers/"  # an indicator's page is /cijfers/<code>/
TEXTS = ("name", "unit", "source", "licence", "description")  # the free texts with a length limit
MAX_DESCRIPTION = 5000  # a TextField has no limit of its own


def _words_under_figures(patterns, prefix: str):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(FIGURES) and len(route) > len(FIGURES):
            word = route[len(FIGURES) :].split("/", 1)[0]
            if "<" not in word:
                yield word
        elif isinstance(pattern, URLResolver) and FIGURES.startswith(route):
            yield from _words_under_figures(pattern.url_patterns, route)


@cache
def _reserved(resolver) -> frozenset[str]:
    return frozenset(_words_under_figures(resolver.url_patterns, ""))


def reserved_codes() -> frozenset[str]:
    """Every fixed word of the URL configuration directly under /cijfers/ (nieuw, vergelijken,
    dashboards, ...): an indicator with that code would take over the page, or lose its own. Read from
    the URL configuration, so a new route is refused as a code the day it is added."""
    return _reserved(get_resolver())


def code_problem(code: str) -> str | None:
    if not CODE.fullmatch(code):
        return _("required: lower-case letters, digits, '-' or '_' (at most 64 characters)")
    if code in reserved_codes():
        words = sorted(w for w in reserved_codes() if CODE.fullmatch(w))
        return _(
            "'%(code)s' is part of the web addresses under /cijfers/; choose another code (not %(words)s)"
        ) % {"code": code, "words": ", ".join(words)}
    return None


def text_limit(name: str) -> int:
    return Indicator._meta.get_field(name).max_length or MAX_DESCRIPTION


def length_problems(texts: dict[str, str]) -> list[tuple[str, str]]:
    """Texts longer than the model keeps (its fields' max_length), named rather than cut or failing."""
    problems = []
    for name in TEXTS:
        length, limit = len(texts.get(name) or ""), text_limit(name)
        if length > limit:
            problems.append(
                (name, _("at most %(limit)s characters (this one has %(length)s)")
                 % {"limit": limit, "length": length})
            )  # fmt: skip
    return problems


def scale_parse(text: str) -> tuple[Decimal | None, str | None]:
    """The scale as typed (Dutch or English notation) → (value, None) or (None, problem)."""
    try:
        scale = parse_number(text)
    except NumberError as error:
        return None, str(error)
    if scale <= 0:
        return None, _("the scale must be greater than 0 (100 for a percentage)")
    if scale >= SCALE_LIMIT or scale != scale.quantize(Decimal("0.0001")):
        return None, _("the scale must be below 100,000,000 with at most 4 decimals")
    return scale, None


def aggregation_problems(
    *,
    code: str,
    aggregation: str | None,
    parts: dict[str, str],
    scale_given: bool,
    kind_of: Callable[[str], str | None],
) -> list[tuple[str, str]]:
    """What is wrong with the numerator, denominator and scale of an indicator aggregated as
    `aggregation`. `parts` holds the codes named (empty when none); `kind_of(code)` is the aggregation
    of the indicator with that code, or None when there is none.

    A ratio needs both parts, each a `sum` indicator other than itself (a ratio of sums is computed
    from them); the parts and the scale belong to a ratio only.
    """
    problems = []
    for part in PARTS:
        other = parts.get(part, "")
        if aggregation != Indicator.Aggregation.RATIO:
            if other:
                problems.append((part, _("only with aggregation ratio")))
            continue
        if not other:
            problems.append((part, _("required with aggregation ratio")))
        elif other == code:
            problems.append((part, _("an indicator cannot be its own numerator or denominator")))
        elif (kind := kind_of(other)) is None:
            problems.append((part, _("unknown indicator '%(code)s'") % {"code": other}))
        elif kind != Indicator.Aggregation.SUM:
            problems.append(
                (part, _("'%(code)s' must be an indicator with aggregation sum") % {"code": other})
            )
    if scale_given and aggregation != Indicator.Aggregation.RATIO:
        problems.append(("scale", _("only with aggregation ratio")))
    return problems


def audience_covers(part, whole) -> bool:
    """Whether everyone outside the centre who may see `whole` may see `part` too, by the rule of
    core.visibility.visible_filter. Both carry visibility, owner_id and created_by_id."""
    if part.visibility == Visibility.PUBLIC:
        return True
    if part.visibility == Visibility.NETWORK:
        return whole.visibility != Visibility.PUBLIC
    if part.visibility == Visibility.ORGANISATION:
        narrow = whole.visibility in (Visibility.ORGANISATION, Visibility.DRAFT)
        return narrow and whole.owner_id == part.owner_id
    return whole.visibility == Visibility.DRAFT and whole.created_by_id == part.created_by_id


def part_audience_problems(*, whole, parts: dict[str, object]) -> list[tuple[str, str]]:
    """A ratio is seen only by whoever may see its numerator and denominator too (models.visible_to):
    a part seen by fewer people than the ratio would hide the ratio from the others, so it is refused."""
    problems = []
    for name, part in parts.items():
        if part is not None and not audience_covers(part, whole):
            seen_by = str(Visibility(part.visibility).label).lower()
            problems.append((name, _(
                "'%(code)s' is seen by fewer people (%(visibility)s) than this ratio, which would then "
                "be hidden from the others: choose a part seen at least as widely"
            ) % {"code": part.code, "visibility": seen_by}))  # fmt: skip
    return problems


def ratios_using(indicator: Indicator, user=None) -> tuple[list[str], int]:
    """The codes of the ratios that divide by `indicator` or count with it that `user` may see (all of
    them without a user: the centre's catalogue), and how many others there are, which are never named:
    another city's unshared ratio is counted, not revealed. They all keep the part a sum, as a ratio
    built on it would otherwise compute wrong figures for its owner."""
    if indicator.pk is None:
        return [], 0
    ratios = Indicator.objects.filter(Q(numerator=indicator) | Q(denominator=indicator))
    codes = set(ratios.values_list("code", flat=True))
    if user is None:
        return sorted(codes), 0
    seen = set(Indicator.objects.visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    return sorted(seen), len(codes - seen)


def ratios_by_part() -> dict[str, list[str]]:
    """Every indicator code a ratio uses → the codes of those ratios (for a whole file at once)."""
    using: dict[str, list[str]] = {}
    rows = Indicator.objects.filter(aggregation=Indicator.Aggregation.RATIO).order_by("code")
    for ratio, *parts in rows.values_list("code", "numerator__code", "denominator__code"):
        for part in dict.fromkeys(filter(None, parts)):
            using.setdefault(part, []).append(ratio)
    return using


def part_in_use_problem(*, aggregation: str | None, ratios: list[str], hidden: int = 0) -> str | None:
    """A ratio is a ratio of sums: the indicators it uses stay `sum` while it does. `hidden` ratios the
    person may not see are only counted."""
    if not (ratios or hidden) or aggregation in (None, Indicator.Aggregation.SUM):
        return None
    names = ", ".join(ratios)
    if hidden:
        unseen = ngettext(
            "%(count)d indicator you cannot see", "%(count)d indicators you cannot see", hidden
        ) % {"count": hidden}
        names = _("%(names)s and %(unseen)s") % {"names": names, "unseen": unseen} if ratios else unseen
    return _("%(ratios)s divide by this indicator or count with it: it must stay sum.") % {"ratios": names}
