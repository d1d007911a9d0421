"""Writes of the plans module: organisations' statuses, a plan's import, and its figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from stadskennis.core.models import AuditEntry, Organisation, Theme
from stadskennis.core.outbox import record_change, record_changes
from stadskennis.core.services import audit_record
from stadskennis.core.tabular import TableFileError, read_table
from stadskennis.plans import rollup
from stadskennis.plans.import_rules import BUDGETS, ElementRow, RowProblem, check_rows, columns, fold
from stadskennis.plans.models import Plan, PlanElement, PlanStatus

MAX_ROWS = 10_000  # a city's plan has some 1,500 elements

# Every organisation starts with these; its plan managers rename, add or remove them.
DEFAULT_STATUSES = [  # name, icon, default progress, left out of roll-up
    ("niet gestart", PlanStatus.Icon.NOT_STARTED, 0, False),
    ("lopend", PlanStatus.Icon.RUNNING, 50, False),
    ("vertraagd", PlanStatus.Icon.DELAYED, 25, False),
    ("gerealiseerd", PlanStatus.Icon.DONE, 100, False),
    ("geannuleerd", PlanStatus.Icon.CANCELLED, None, True),
]


def statuses_for(organisation: Organisation) -> list[PlanStatus]:
    """The organisation's status list, made from the defaults the first time it is asked for."""
    found = list(PlanStatus.objects.filter(organisation=organisation))
    if not found:  # two first imports at once: the second one's rows are ignored, not an error
        PlanStatus.objects.bulk_create(
            [PlanStatus(organisation=organisation, name=name, icon=icon, default_progress=progress,
                        excluded_from_rollup=excluded, position=n)
             for n, (name, icon, progress, excluded) in enumerate(DEFAULT_STATUSES)],
            ignore_conflicts=True,
        )  # fmt: skip
        found = list(PlanStatus.objects.filter(organisation=organisation))
    return found


@dataclass
class PlanImportReport:
    created: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    elements: list[ElementRow] = field(default_factory=list)  # the preview
    written: bool = False


def plan_import(*, plan: Plan, name: str, data: bytes, actor, dry_run: bool = False) -> PlanImportReport:
    """Elements from a CSV or XLSX file, upserted by code: all of them, or with any problem none."""
    report = PlanImportReport()
    try:
        table = read_table(name, data, report.notes)
    except TableFileError as error:
        report.problems.append(RowProblem(0, None, str(error)))
        return report
    numbered = [(n, row) for n, row in enumerate(table, start=1) if any(str(c).strip() for c in row)]
    if not numbered:
        report.problems.append(RowProblem(0, None, "het bestand is leeg"))
        return report
    if len(numbered) - 1 > MAX_ROWS:
        report.problems.append(RowProblem(0, None, f"hoogstens {MAX_ROWS} elementen per bestand"))
        return report
    header_line, header = numbered[0]
    fields, report.problems = columns([str(h) for h in header])
    if report.problems:
        return report
    headers = {key: str(header[index]).strip() for index, key in fields.items()}
    rows = [
        (line, {key: cells[index] for index, key in fields.items() if index < len(cells)})
        for line, cells in numbered[1:]
    ]
    return _checked_write(plan, rows, headers, actor, report, dry_run=dry_run)


def element_save(*, plan: Plan, cells: dict[str, str], actor) -> PlanImportReport:
    """One element made or changed in the interface: the same checks and the same write as a file of one
    row (import_rules.py), so a page and an import never disagree. `cells`: field → text, as a file
    would hold it. The report's problems name the field ("regel 1" is the form itself)."""
    return _checked_write(
        plan, [(1, cells)], None, actor, PlanImportReport(), action=AuditEntry.Action.UPDATE
    )


def _checked_write(plan, rows, headers, actor, report, *, dry_run=False, action=AuditEntry.Action.IMPORT):
    statuses = {fold(s.name): s for s in statuses_for(plan.owner)}
    stored = {e.code: e for e in plan.elements.select_related("parent")}
    elements, report.problems = check_rows(
        rows,
        statuses=set(statuses),
        existing={code: (e.parent.code if e.parent else "") for code, e in stored.items()},
        existing_levels={code: e.level for code, e in stored.items()},
        headers=headers,
    )
    owners, themes = _references(plan, elements, headers or {}, report.problems)
    report.elements = elements
    if report.problems or dry_run:
        report.problems.sort(key=lambda p: (p.line, p.column or ""))
        return report
    with transaction.atomic():
        _write(plan, elements, stored, statuses, owners, themes, actor, report, action=action)
    report.written = True
    return report


def _references(plan: Plan, elements: list[ElementRow], headers: dict[str, str], problems: list[RowProblem]):
    """Owners are people of the plan's own organisation, by email address (any case); themes by name or
    slug. A name not found is a problem, and the message does not say whether the address is in use
    elsewhere on the platform."""
    emails = {e.owner.lower() for e in elements if e.owner}
    people = {
        u.email.lower(): u
        for u in get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=emails, is_active=True, organisation=plan.owner)
    }
    wanted = {t for e in elements for t in e.themes}
    found = Theme.objects.filter(Q(slug__in=wanted) | Q(name__in=wanted))
    themes = {t.slug: t for t in found} | {t.name: t for t in found}
    for element in elements:
        if element.owner and element.owner.lower() not in people:
            message = f"niemand van {plan.owner.display_name} met e-mailadres {element.owner}"
            problems.append(RowProblem(element.line, headers.get("owner", "eigenaar"), message))
        for theme in element.themes:
            if theme not in themes:
                problems.append(
                    RowProblem(element.line, headers.get("themes", "thema's"), f"geen thema '{theme}'")
                )
    return people, themes


def _write(plan, elements, stored, statuses, owners, themes, actor, report, *, action) -> None:
    """Upsert by code. A known element changes only in what the file has a column for: a file of codes
    and progress updates progress, and leaves parents, owners and the rest as they were."""
    by_code = dict(stored)
    for position, row in enumerate(elements):
        known = by_code.get(row.code)
        element = known or PlanElement(
            plan=plan, code=row.code, position=position if len(elements) > 1 else len(by_code)
        )
        created = element.pk is None
        values = {
            "level": row.level,
            "title": row.title,
            "description": row.description,
            "priority": row.priority,
            "politician": row.politician,
            "department": row.department,
            "owner": owners.get(row.owner.lower()) if row.owner else None,
            "start": row.start,
            "end": row.end,
            "status": statuses.get(row.status) if row.status else None,
            "progress": row.progress,
            "weight": row.weight,
            "tags": row.tags,
            "public": row.public,
            **{key: row.budgets.get(key) for key in BUDGETS},
        }
        for name, value in values.items():
            if created or name in row.columns:
                setattr(element, name, value)
        element.save()
        if created or "themes" in row.columns:
            element.themes.set([themes[t] for t in row.themes])
        by_code[row.code] = element
        report.created += created
        report.updated += not created
        done = AuditEntry.Action.CREATE if created and action != AuditEntry.Action.IMPORT else action
        audit_record(actor=actor, action=done, obj=element, changes={"plan": plan.pk, "code": row.code})
    for row in elements:  # parents last: a row may name one further down the file
        element = by_code[row.code]
        parent = by_code.get(row.parent) if row.parent else None
        if element.parent_id != (parent.pk if parent else None):
            element.parent = parent
            element.save(update_fields=["parent", "updated_at"])
    record_changes(PlanElement, [by_code[row.code].pk for row in elements])  # search follows


def plan_figures(plan: Plan) -> dict[str, rollup.Figure]:
    """Every element's progress and how it was reached, by code (decision 0014)."""
    nodes = [
        rollup.Node(
            key=e.code,
            parent=e.parent.code if e.parent else None,
            progress=e.progress,
            status_progress=e.status.default_progress if e.status else None,
            excluded=bool(e.status and e.status.excluded_from_rollup),
            weight=e.weight,
        )
        for e in plan.elements.select_related("parent", "status")
    ]
    return rollup.roll_up(nodes, method=plan.rollup)


@dataclass
class TreeRow:
    element: PlanElement
    depth: int
    figure: rollup.Figure


def plan_tree(plan: Plan) -> list[TreeRow]:
    """The plan's elements in the order of its structure (each under its parent, in the file's
    order), each with its depth and its figure."""
    elements = list(plan.elements.select_related("parent", "status").order_by("position", "code"))
    figures = plan_figures(plan)
    children: dict[int | None, list[PlanElement]] = {}
    for element in elements:
        children.setdefault(element.parent_id, []).append(element)
    rows: list[TreeRow] = []
    stack = [(e, 0) for e in reversed(children.get(None, []))]
    while stack:
        element, depth = stack.pop()
        rows.append(TreeRow(element, depth, figures[element.code]))
        stack.extend((child, depth + 1) for child in reversed(children.get(element.pk, [])))
    return rows


CARRIED_FIELDS = (
    "code", "level", "title", "description", "priority", "politician", "department", "owner_id",
    "start", "end", "weight", "tags", "public", "position",
)  # fmt: skip


@transaction.atomic
def plan_carry_over(*, plan: Plan, start_year: int, end_year: int, actor, title: str = "") -> Plan:
    """The plan of the next period, with the same structure and codes; each element remembers the one
    it continues (`carried_from`), so its history stays readable. Status and progress start afresh:
    a new period is reported on from its own start."""
    successor = Plan.objects.create(
        owner=plan.owner, title=title or plan.title, kind=plan.kind, start_year=start_year, end_year=end_year,
        rollup=plan.rollup, visibility=plan.visibility, previous=plan, created_by=actor,
    )  # fmt: skip
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=successor, changes={"previous": plan.pk})
    old = list(plan.elements.prefetch_related("themes"))
    new = {}
    for element in old:
        copy = PlanElement(
            plan=successor, carried_from=element, **{f: getattr(element, f) for f in CARRIED_FIELDS}
        )
        copy.save()
        copy.themes.set(element.themes.all())
        new[element.pk] = copy
    for element in old:
        if element.parent_id:
            new[element.pk].parent = new[element.parent_id]
            new[element.pk].save(update_fields=["parent"])
    _carry_indicators(new)
    record_changes(PlanElement, [copy.pk for copy in new.values()])  # search follows
    return successor


def _carry_indicators(new: dict[int, PlanElement]) -> None:
    """The indicators go along with their elements, definition and all; their values stay with the
    plan that measured them, and the element's `carried_from` leads back to them."""
    from stadskennis.plans.models import PlanIndicator
    from stadskennis.plans.release_indicators import COPIED

    fields = [*COPIED, "warehouse_id"]
    PlanIndicator.objects.bulk_create(
        PlanIndicator(element=new[old.element_id], **{f: getattr(old, f) for f in fields})
        for old in PlanIndicator.objects.filter(element_id__in=list(new))
    )


def plan_publish_dashboard(*, plan: Plan, publish: bool, actor) -> Plan:
    """The organisation's choice to publish the plan's dashboard (only its elements marked public)."""
    if plan.public_dashboard != publish:
        plan.public_dashboard = publish
        plan.save(update_fields=["public_dashboard", "updated_at"])
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=plan, changes={"public_dashboard": publish}
        )
    return plan


def plan_share_for_comparison(*, plan: Plan, share: bool, actor) -> Plan:
    """The organisation's choice to let other cities compare the plan's elements with their own."""
    if plan.shared_for_comparison != share:
        plan.shared_for_comparison = share
        plan.save(update_fields=["shared_for_comparison", "updated_at"])
        record_change(plan)  # who finds its elements in search changes
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=plan, changes={"shared_for_comparison": share}
        )
    return plan


class ElementInUse(Exception):
    """An element that cannot be removed now; the message says why, in the interface language."""


@transaction.atomic
def element_delete(*, element: PlanElement, actor) -> None:
    """Remove an element without children that no open release reports on. Frozen releases keep it
    by code and title (decision 0015); its indicators go with it, their copies in releases stay."""
    from django.utils.translation import gettext as _

    if element.children.exists():
        raise ElementInUse(_("Move or remove the elements under it first."))
    if element.release_entries.filter(release__phase="open").exists():
        raise ElementInUse(_("An open release reports on it; remove it once that release is frozen."))
    audit_record(
        actor=actor, action=AuditEntry.Action.DELETE, obj=element,
        changes={"plan": element.plan_id, "code": element.code},
    )  # fmt: skip
    pk = element.pk
    element.delete()
    record_changes(PlanElement, [pk])  # search drops it
