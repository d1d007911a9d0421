"""Plans compared across cities: which cities have objectives and actions on a theme, an SDG goal or
target, or some words, side by side with their status, progress and the indicators they chose; where
two or more chose the same indicator of Stad in cijfers, their figures on one chart with their
baselines and targets. Only plans the asker may compare (core.visibility.comparable_plans): their own,
and the ones organisations shared for comparison."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from stadskennis.core.visibility import Visibility, can_view, comparable_plans, plans_comparable_by_all
from stadskennis.indicators.chart_svg import chart_svg
from stadskennis.indicators.charts import line_chart
from stadskennis.plans.models import Plan, PlanElement
from stadskennis.plans.plan_indicators import history, shown_value

COMPARED_LEVELS = (
    PlanElement.Level.OBJECTIVE, PlanElement.Level.ACTION_PLAN, PlanElement.Level.ACTION,
    PlanElement.Level.PROJECT,
)  # fmt: skip
MAX_WORDS = 8
SDG = re.compile(r"(?:sdg\s*)?(\d{1,2})(?:\.(\d{1,2}|[a-z]))?", re.IGNORECASE)


@dataclass
class CityPlan:
    plan: Plan
    readable: bool  # the asker may open the plan itself (else only its shared elements are shown)
    elements: list[PlanElement] = field(default_factory=list)


def sdg_tag(text: str) -> str:
    """'11', 'sdg 11.1', 'SDG11.1' → 'SDG 11' or 'SDG 11.1' (as imports store it); '' if none."""
    match = SDG.fullmatch(text.strip().replace(" ", ""))
    if not match or not 1 <= int(match.group(1)) <= 17:
        return ""
    return f"SDG {match.group(1)}" + (f".{match.group(2)}" if match.group(2) else "")


def _has_tag(element: PlanElement, tag: str) -> bool:
    """A goal ('SDG 11') matches its targets ('SDG 11.1') too."""
    return any(t == tag or (tag.count(".") == 0 and t.startswith(tag + ".")) for t in element.tags)


def compare_plans(
    *, user, theme: str = "", sdg: str = "", words: str = "", for_readers_of: str = ""
) -> list[CityPlan]:
    """Per plan with matching elements (city by city), the objectives, action plans, actions and
    projects on the theme, the SDG goal or target and all the words. Nothing asked, nothing found.
    With `for_readers_of` (a visibility), only plans that every reader of such content may compare."""
    tag = sdg_tag(sdg) if sdg else ""
    wanted = [w for w in re.findall(r"\w+", words.lower()) if len(w) > 1][:MAX_WORDS]
    code = words.strip()[:40]
    if not (theme or tag or wanted or code):
        return []
    if for_readers_of:
        plans = plans_comparable_by_all(for_readers_of, Plan.objects.select_related("owner"))
    else:
        plans = comparable_plans(user, Plan.objects.select_related("owner"))
    elements = (
        PlanElement.objects.filter(plan__in=plans, level__in=COMPARED_LEVELS)
        .select_related("status", "plan", "plan__owner")
        .prefetch_related("indicators__warehouse")
    )
    if theme:
        elements = elements.filter(themes__slug=theme)
    if code:  # every word in the title or description, or the whole as a code (search links by it)
        by_words = Q(pk__in=[]) if not wanted else Q()
        for word in wanted:
            by_words &= Q(title__icontains=word) | Q(description__icontains=word)
        elements = elements.filter(by_words | Q(code__iexact=code))
    if tag:  # JSON list membership is not portable between SQLite and PostgreSQL: narrowed here
        elements = elements.filter(tags__icontains=tag)
    found: dict[int, CityPlan] = {}
    for element in elements.order_by("plan__owner__name", "plan__start_year", "position", "code").distinct():
        if tag and not _has_tag(element, tag):
            continue
        city = found.get(element.plan_id)
        if city is None:
            city = found[element.plan_id] = CityPlan(element.plan, can_view(user, element.plan))
        city.elements.append(element)
    return list(found.values())


SHARED_SHOWN = 6  # charts of indicators several cities chose, at most
CITY_LINES = ("highlight", "group", "region", "vgc")  # told apart by dash and marker, not only colour


@dataclass
class CityIndicator:
    """One city's use of a warehouse indicator: on which element, from what baseline to what target."""

    plan: Plan
    element: PlanElement
    indicator: object  # PlanIndicator
    values: list[tuple[int, Decimal]]

    @property
    def latest(self) -> str:
        return shown_value(self.indicator, self.values[-1][1]) if self.values else "–"

    @property
    def baseline(self) -> str:
        return shown_value(self.indicator, self.indicator.baseline)

    @property
    def target(self) -> str:
        return shown_value(self.indicator, self.indicator.target)


@dataclass
class SharedIndicator:
    """A warehouse indicator that several cities chose for elements of the comparison: their figures on
    one chart, with each city's baseline and target beside it."""

    indicator: object  # indicators.Indicator
    cities: list[CityIndicator]
    svg: str = ""

    @property
    def years(self) -> list[int]:
        return sorted({year for row in self.cities for year, _value in row.values})

    @property
    def table(self) -> list[tuple[str, list[str]]]:
        """The chart's figures: per city, its figure in each year (the chart's text alternative)."""
        years = self.years
        return [
            (
                row.plan.owner.display_name,
                [shown_value(row.indicator, dict(row.values).get(y)) for y in years],
            )
            for row in self.cities
        ]


def shared_indicators(cities: list[CityPlan]) -> list[SharedIndicator]:
    """The Stad in cijfers indicators that two or more organisations of the comparison chose."""
    uses: dict[int, list[tuple[CityPlan, PlanElement, object]]] = {}
    for city in cities:
        for element in city.elements:
            for indicator in element.indicators.all():
                # only public ones: a city compares a shared plan, not what another keeps to itself
                if indicator.warehouse_id and indicator.warehouse.visibility == Visibility.PUBLIC:
                    uses.setdefault(indicator.warehouse_id, []).append((city, element, indicator))
    shared = []
    for found in uses.values():
        if len({city.plan.owner_id for city, _e, _i in found}) < 2:
            continue
        first = {}  # one line per organisation: its first element with the indicator
        for city, element, indicator in found:
            first.setdefault(city.plan.owner_id, (city, element, indicator))
        rows = [
            CityIndicator(city.plan, element, indicator, history(indicator))
            for city, element, indicator in first.values()
        ]
        shared.append(SharedIndicator(found[0][2].warehouse, rows, _chart(found[0][2].warehouse, rows)))
        if len(shared) == SHARED_SHOWN:
            break
    return shared


def _chart(warehouse, rows: list[CityIndicator]) -> str:
    years = sorted({year for row in rows for year, _value in row.values})
    if not years:
        return ""
    span = [str(year) for year in range(years[0], years[-1] + 1)]
    series = [
        (row.plan.owner.display_name, CITY_LINES[n] if n < len(CITY_LINES) else "city",
         [dict(row.values).get(int(year)) for year in span])
        for n, row in enumerate(rows)
    ]  # fmt: skip
    chart = line_chart(periods=span, series=series, decimals=warehouse.decimals)
    if chart is None:
        return ""
    return chart_svg(
        chart, chart_id=f"gedeeld-{warehouse.pk}", name=warehouse.name, others_line=len(rows) > 4
    )


class NothingToPublish(Exception):
    """The comparison holds nothing its readers may see; the message says so."""


def comparison_to_item(*, actor, theme: str = "", sdg: str = "", words: str = "", visibility: str):
    """A comparison as a knowledge item ("Plannen vergeleken: …"), quoting only plans that every reader
    of the item may compare, so publishing it reveals no plan a city kept to itself."""
    from django.conf import settings
    from django.utils import timezone, translation
    from django.utils.translation import gettext as _

    from stadskennis.core.models import Organisation, Theme
    from stadskennis.knowledge.services import Kind, item_create

    cities = compare_plans(user=actor, theme=theme, sdg=sdg, words=words, for_readers_of=visibility)
    if not cities:
        raise NothingToPublish(_("No plan that the readers of this item may see has elements on this."))
    chosen_theme = Theme.objects.filter(slug=theme).first() if theme else None
    with translation.override(settings.LANGUAGE_CODE):
        about = ", ".join(
            x for x in (chosen_theme.name if chosen_theme else "", sdg_tag(sdg), words.strip()) if x
        )
        count = len({c.plan.owner_id for c in cities})
        day = timezone.localdate().strftime("%d-%m-%Y")
        intro = _("Objectives and actions in the plans of %(count)d organisations, as they stood on %(day)s.")
        lines = [intro % {"count": count, "day": day}]
        for city in cities:
            lines += [
                "",
                f"## {city.plan.owner.display_name}: {city.plan}",
                "",
            ]
            for element in city.elements:
                status = element.status.name if element.status else _("no status")
                progress = f", {element.progress}%" if element.progress is not None else ""
                lines.append(
                    f"- `{element.code}` {element.title} ({element.get_level_display()}; {status}{progress})"
                )
        title = _("Plans compared: %(about)s") % {"about": about}
    return item_create(
        actor=actor, title=title[:300], kind=Kind.STUDY, body="\n".join(lines),
        owner=actor.organisation or Organisation.objects.filter(kind="centre").order_by("pk").first(),
        visibility=visibility,
        organisations=list(Organisation.objects.filter(pk__in={c.plan.owner_id for c in cities})),
        themes=[chosen_theme] if chosen_theme else [], year=timezone.now().year,
    )  # fmt: skip
