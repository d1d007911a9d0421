"""The indicators offered as choices in a form (the compare builder, similar municipalities): those the
person may see, current ones (a retired one only when the address already names it), grouped per theme
by name, without a theme under "Other". Read as plain rows, for the views to write their checkboxes
in Python: with a catalogue of 2,000 indicators a template loop over model instances was most of a
page's time (decision 0012, fourth step)."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext as _

from stadskennis.indicators.models import Indicator


class Choice(NamedTuple):
    code: str
    name: str
    is_demo: bool
    retired: bool


def indicator_choices(user, picked: set[str]) -> list[tuple[str, list[Choice]]]:
    """(theme name, its indicators by name) per theme by name, "Other" last; an indicator with two
    themes is under both."""
    rows = (
        Indicator.objects.visible_to(user)
        .offered(picked)
        .order_by("name", "code")
        .values_list("code", "name", "is_demo", "retired_on", "themes__slug", "themes__name")
    )
    themes: dict[str, tuple[str, list[Choice]]] = {}
    for code, name, is_demo, retired_on, slug, theme in rows:
        themes.setdefault(slug or "", (theme or _("Other"), []))[1].append(
            Choice(code, name, is_demo, retired_on is not None)
        )
    return [group for slug, group in sorted(themes.items(), key=lambda t: (t[0] == "", t[1][0]))]
