"""Similar municipalities (/cijfers/vergelijkbaar/?gemeente=<NIS>&indicator=a&indicator=b): a GET form,
so it works without JavaScript and every result is bookmarkable; `?formaat=json` as data. The method
and how missing values count: similar.py."""

from __future__ import annotations

import re

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from stadskennis.core.ids import parse_id
from stadskennis.core.visibility import can_create_group
from stadskennis.indicators.aggregation import municipalities_on
from stadskennis.indicators.choices import indicator_choices
from stadskennis.indicators.display import escape
from stadskennis.indicators.reference import LAST_DAY_2019_BOUNDARIES, MERGER_DAY, POPULATION
from stadskennis.indicators.selectors import indicators_visible
from stadskennis.indicators.similar import DEFAULT_NEIGHBOURS, MAX_INDICATORS, MAX_NEIGHBOURS, similar_build

_NIS = re.compile(r"[0-9]{5}")
_YEAR = re.compile(r"(19|20)[0-9]{2}")
COUNTS = (5, 10, 15, 20, 25)


def _indicator_choices(user, chosen: set[str]) -> SafeString:
    """The indicators to choose (choices.py), as checkboxes under a line per theme."""
    demo, retired = escape(_("demo data")), escape(_("retired"))
    return mark_safe(  # noqa: S308 (every text escaped here)
        "".join(
            f'<p class="choice-theme">{escape(theme)}</p>'
            + "".join(
                '<label class="inline-label"><input type="checkbox" name="indicator" '
                f'value="{escape(c.code)}"{" checked" if c.code in chosen else ""}> {escape(c.name)}'
                f'{f""" <span class="badge">{demo}</span>""" if c.is_demo else ""}'
                f'{f""" <span class="badge">{retired}</span>""" if c.retired else ""}</label>'
                for c in choices
            )
            for theme, choices in indicator_choices(user, chosen)
        )
    )


def _asked(request) -> dict:
    params = request.GET
    boundaries = "2019" if params.get("grenzen") == "2019" else "2025"
    wanted = list(dict.fromkeys(c for c in params.getlist("indicator") if len(c) <= 64))
    visible = indicators_visible(user=request.user).select_related("numerator", "denominator")
    found = {i.code: i for i in visible.filter(code__in=wanted)}
    chosen = [found[c] for c in wanted if c in found]
    messages = []
    if len(chosen) > MAX_INDICATORS:
        messages.append(
            _("You chose %(count)d indicators; at most %(most)d count: the first %(most)d.")
            % {"count": len(chosen), "most": MAX_INDICATORS}
        )
        chosen = chosen[:MAX_INDICATORS]
    year_text = params.get("jaar", "").strip()
    year = int(year_text) if _YEAR.fullmatch(year_text) else None
    if year_text and year is None:
        messages.append(
            _("Year: “%(text)s” is not a year; the latest figure of each indicator counts.")
            % {"text": year_text[:20]}
        )
    count = parse_id(params.get("aantal", "")) or DEFAULT_NEIGHBOURS  # ASCII digits only: '²' is no count
    code = params.get("gemeente", "")
    return {
        "code": code if _NIS.fullmatch(code) else "",
        "boundaries": boundaries,
        "indicators": chosen,
        "year": year,
        "year_text": year_text[:20],
        "count": min(max(count, 1), MAX_NEIGHBOURS),
        "messages": messages,
    }


def _json(result) -> dict:
    return {
        "municipality": {"geo": result.target.code, "name": result.target.name},
        "boundaries": result.boundaries,
        "indicators": [
            {"code": c.indicator.code, "period": c.period, "mean": c.mean, "standard_deviation": c.deviation}
            for c in result.columns
        ],
        "neighbours": [
            {
                "geo": n.area.code,
                "name": n.area.name,
                "distance": round(n.distance, 4),
                "indicators_present": n.shared,
            }
            for n in result.neighbours
        ],
        "left_out": result.left_out,
        "messages": result.messages,
    }


def similar(request):
    asked = _asked(request)
    day = MERGER_DAY if asked["boundaries"] == "2025" else LAST_DAY_2019_BOUNDARIES
    result = None
    if asked["code"] and asked["indicators"]:
        result = similar_build(
            target_code=asked["code"], indicators=asked["indicators"], user=request.user,
            boundaries=asked["boundaries"], year=asked["year"], count=asked["count"],
        )  # fmt: skip
        if result is None:
            asked["messages"].append(
                _("There is no municipality with NIS code %(code)s within the boundaries of %(boundaries)s.")
                % {"code": asked["code"], "boundaries": asked["boundaries"]}
            )
    elif asked["code"] or request.GET.get("indicator"):
        asked["messages"].append(_("Choose a municipality and at least one indicator."))
    if request.GET.get("formaat") == "json" and result is not None:
        return JsonResponse(_json(result), json_dumps_params={"ensure_ascii": False})
    save_url = ""
    if result is not None and result.neighbours and can_create_group(request.user):
        codes = [result.target.code] + [n.area.code for n in result.neighbours]
        name = _("Similar to %(name)s") % {"name": result.target.name}
        save_url = (
            reverse("indicators:group_new")
            + "?"
            + urlencode([("naam", name)] + [("gemeente", c) for c in codes])
        )
    query = request.GET.copy()
    query.pop("formaat", None)
    return render(
        request,
        "indicators/similar.html",
        {
            "asked": asked,
            "result": result,
            "municipalities": municipalities_on(day),
            "indicator_choices": _indicator_choices(request.user, {i.code for i in asked["indicators"]}),
            "counts": COUNTS,
            "max_indicators": MAX_INDICATORS,
            "save_url": save_url,
            "data_query": query.urlencode(),
            "population": POPULATION,
        },
    )
