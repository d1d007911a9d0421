"""A plan's dashboards: what its last frozen release says (never work in progress), grouped by domain,
objective, alderman or department, filtered, with what needs attention: elements past their end and
elements behind schedule. The public dashboard shows only the elements the city marked public, and
its figures are rolled up from those alone, so it tells nothing of the elements it leaves out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.plans import rollup
from stadskennis.plans.evaluation import OFF_TRACK
from stadskennis.plans.models import Plan, PlanElement, PlanStatus, Release, ReleaseEntry, ReleaseIndicator
from stadskennis.plans.release_indicators import frozen_standing
from stadskennis.plans.releases import entry_figures, latest_frozen

GROUPINGS = {
    "domain": _("policy domain"),
    "objective": _("policy objective"),
    "politician": _("alderman"),
    "department": _("department"),
}
FILTERS = ("status", "politician", "department", "level", "priority")
FINISHED = (PlanStatus.Icon.DONE, PlanStatus.Icon.CANCELLED)
BEHIND_MARGIN = 25  # percentage points less progress than the share of its time that has passed


@dataclass
class Group:
    key: str
    label: str
    entries: list[ReleaseEntry] = field(default_factory=list)
    figure: int | None = None  # the rolled-up figure of the group's own element, or the mean of its elements
    statuses: Counter = field(default_factory=Counter)  # (name, icon) → count

    @property
    def status_counts(self) -> list[tuple[tuple[str, str], int]]:
        return self.statuses.most_common()


@dataclass
class Behind:
    entry: ReleaseEntry
    progress: int
    expected: int


@dataclass
class Dashboard:
    release: Release
    figures: dict[str, rollup.Figure]
    shown: list[ReleaseEntry]  # after the filters
    groups: list[Group]
    overdue: list[ReleaseEntry]
    behind: list[Behind]
    off_track: list  # the shown elements' indicators that froze off track (release_indicators.Standing)
    statuses: list[tuple[tuple[str, str], int]]  # ((name, icon), count), most common first
    options: dict[str, list[str]]  # the values each filter can take


def plan_dashboard(
    plan: Plan, *, group_by: str = "domain", filters: dict[str, str] | None = None, public_only: bool = False,
    today: date | None = None,
) -> Dashboard | None:  # fmt: skip
    """None while the plan has no frozen release."""
    release = latest_frozen(plan)
    if release is None:
        return None
    today = today or timezone.localdate()
    entries = list(release.entries.all())
    if public_only:
        entries = [e for e in entries if e.public]
    by_code = {e.code: e for e in entries}
    figures = entry_figures(entries, method=release.rollup)
    options = {
        "status": sorted({e.status_name for e in entries if e.status_name}),
        "politician": sorted({e.politician for e in entries if e.politician}),
        "department": sorted({e.department for e in entries if e.department}),
        "level": [level for level in PlanElement.Level.values if any(e.level == level for e in entries)],
    }
    shown = [e for e in entries if _passes(e, filters or {})]
    return Dashboard(
        release=release, figures=figures, shown=shown,
        groups=_groups(shown, by_code, figures, group_by if group_by in GROUPINGS else "domain"),
        overdue=[e for e in shown if e.end and e.end < today and e.status_icon not in FINISHED
                 and figures[e.code].percent != 100],
        behind=_behind(shown, figures, today),
        off_track=_off_track(release, shown),
        statuses=Counter((e.status_name, e.status_icon) for e in shown if e.status_name).most_common(),
        options=options,
    )  # fmt: skip


def _passes(entry: ReleaseEntry, filters: dict[str, str]) -> bool:
    for name in FILTERS:
        wanted = filters.get(name, "")
        if not wanted:
            continue
        if name == "priority":
            if not entry.priority:
                return False
        elif name == "status":
            if entry.status_name != wanted:
                return False
        elif getattr(entry, name) != wanted:
            return False
    return True


def _ancestor(
    entry: ReleaseEntry, by_code: dict[str, ReleaseEntry], level: str | None
) -> ReleaseEntry | None:
    """The entry itself or the nearest above it at `level`; with None, the topmost."""
    seen, current = set(), entry
    while current is not None and current.code not in seen:
        if level and current.level == level:
            return current
        seen.add(current.code)
        parent = by_code.get(current.parent_code)
        if parent is None:
            return None if level else current
        current = parent
    return None


def _groups(entries, by_code, figures, group_by: str) -> list[Group]:
    parents = {e.parent_code for e in by_code.values() if e.parent_code}
    groups: dict[str, Group] = {}
    for entry in entries:
        if group_by in ("domain", "objective"):
            head = _ancestor(entry, by_code, "objective" if group_by == "objective" else None)
            key, label = (head.code, f"{head.code} {head.title}") if head else ("", str(_("(none)")))
        else:
            key = getattr(entry, group_by)
            label = key or str(_("(none)"))
        group = groups.setdefault(key, Group(key=key, label=label))
        group.entries.append(entry)
        if entry.status_name:
            group.statuses[(entry.status_name, entry.status_icon)] += 1
    for group in groups.values():
        if group.key in figures and group_by in ("domain", "objective"):
            group.figure = figures[group.key].percent
        else:  # an alderman's or department's elements: the mean of its lowest elements with a figure
            known = [
                figures[e.code].percent for e in group.entries
                if e.code not in parents and not e.status_excluded and e.weight
                and figures[e.code].percent is not None
            ]  # fmt: skip
            group.figure = round(sum(known) / len(known)) if known else None
    return sorted(groups.values(), key=lambda g: (g.key == "", g.label))


def _behind(entries, figures, today: date) -> list[Behind]:
    """Running elements whose progress trails the share of their time that has passed by more than
    BEHIND_MARGIN points (a fifth of the time gone and nothing done is not yet behind)."""
    found = []
    for entry in entries:
        percent = figures[entry.code].percent
        if not (entry.start and entry.end and entry.start <= today <= entry.end) or percent is None:
            continue
        if entry.status_icon in FINISHED or entry.status_excluded:
            continue
        span = (entry.end - entry.start).days or 1
        expected = round(100 * (today - entry.start).days / span)
        if percent < expected - BEHIND_MARGIN:
            found.append(Behind(entry, percent, expected))
    return sorted(found, key=lambda b: b.progress - b.expected)


def _off_track(release: Release, shown: list[ReleaseEntry]) -> list:
    codes = {entry.code for entry in shown}
    copies = ReleaseIndicator.objects.filter(entry__release=release, evaluation=OFF_TRACK).select_related(
        "entry"
    )
    return [frozen_standing(copy) for copy in copies if copy.entry.code in codes]
