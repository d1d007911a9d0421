"""Reading two releases together: what changed per element from one to the other (status, progress as
rolled up, narrative, indicators), and the council report's tree of a frozen release."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from stadskennis.plans import rollup
from stadskennis.plans.models import Release, ReleaseEntry
from stadskennis.plans.release_indicators import IndicatorChange, by_code, indicator_changes
from stadskennis.plans.releases import ReleaseError, release_figures


@dataclass
class EntryChange:
    """How one element differs between two releases (None on a side where it is absent)."""

    code: str
    title: str
    before: ReleaseEntry | None
    after: ReleaseEntry | None
    progress_before: int | None
    progress_after: int | None
    indicators: list[IndicatorChange] = field(default_factory=list)

    @property
    def status_changed(self) -> bool:
        return bool(self.before and self.after and self.before.status_name != self.after.status_name)

    @property
    def narrative_changed(self) -> bool:
        return bool(self.before and self.after and self.before.narrative != self.after.narrative)

    @property
    def progress_delta(self) -> int | None:
        if self.progress_before is None or self.progress_after is None:
            return None
        return self.progress_after - self.progress_before

    @property
    def changed(self) -> bool:
        return (
            self.before is None
            or self.after is None
            or self.status_changed
            or self.narrative_changed
            or self.progress_before != self.progress_after
            or self.before.title != self.after.title
            or bool(self.indicators)
        )


def release_compare(before: Release, after: Release) -> list[EntryChange]:
    """What changed per element from one release to the other: status, progress (as rolled up),
    narrative, and elements added or gone; in the order of the later release."""
    if before.plan_id != after.plan_id:
        raise ReleaseError(_("Only releases of the same plan can be compared."))
    old = {e.code: e for e in before.entries.all()}
    new = {e.code: e for e in after.entries.all()}
    old_figures, new_figures = release_figures(before), release_figures(after)
    old_indicators, new_indicators = by_code(before), by_code(after)
    codes = list(new) + [code for code in old if code not in new]
    changes = []
    for code in codes:
        a, b = old.get(code), new.get(code)
        changes.append(
            EntryChange(
                code=code,
                title=(b or a).title,
                before=a,
                after=b,
                progress_before=old_figures[code].percent if a else None,
                progress_after=new_figures[code].percent if b else None,
                indicators=indicator_changes(old_indicators.get(code, []), new_indicators.get(code, [])),
            )  # fmt: skip
        )
    return [change for change in changes if change.changed]


def previous_frozen(release: Release) -> Release | None:
    """The frozen release of the same plan before this one: what a council report compares with."""
    if release.frozen_at is None:
        return None
    return (
        release.plan.releases.filter(phase=Release.Phase.FROZEN, frozen_at__lt=release.frozen_at)
        .order_by("-frozen_at")
        .first()
    )


@dataclass
class ReportRow:
    entry: ReleaseEntry
    depth: int
    figure: rollup.Figure


def release_tree(release: Release) -> list[ReportRow]:
    """The release's entries in the plan's structure (each under its parent), with depth and figure."""
    entries = list(release.entries.all())
    figures = release_figures(release)
    codes = {e.code for e in entries}
    children: dict[str, list[ReleaseEntry]] = {}
    for entry in entries:
        children.setdefault(entry.parent_code if entry.parent_code in codes else "", []).append(entry)
    rows: list[ReportRow] = []
    stack = [(e, 0) for e in reversed(children.get("", []))]
    while stack:
        entry, depth = stack.pop()
        rows.append(ReportRow(entry, depth, figures[entry.code]))
        stack.extend((child, depth + 1) for child in reversed(children.get(entry.code, [])))
    return rows
